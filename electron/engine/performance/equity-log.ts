/**
 * The minute equity samples on disk: one line a minute with every account's equity, appended
 * and fsynced as it is taken. The snapshot keeps the last day of samples too, but it is written
 * only when the journal moves; without this file a crash would lose the minutes since then,
 * and the curve after a restart would differ from the one the trader saw. The file holds about
 * two days at most: past that it is rewritten with the last day and the sample each account's
 * curve opens that day with (atomically).
 */
import fs, { promises as fsp } from 'node:fs'
import { writeFileAtomicSync, equityMinutesFile } from '../core'

/** One minute's equity of every account, as decimal strings. */
export interface EquitySample {
  readonly ts: number
  readonly equity: Readonly<Record<string, string>>
}

/**
 * The samples a curve of the last `keepMs` before `now` needs: those inside it, and for each
 * account the newest one before it (the curve's value where the window opens, which after a
 * gap, a night the machine slept, can be hours older).
 */
function needed(samples: readonly EquitySample[], now: number, keepMs: number): EquitySample[] {
  const cutoff = now - keepMs
  const opening = new Set<EquitySample>()
  const newestBefore = new Map<string, EquitySample>()
  for (const sample of samples) {
    if (sample.ts >= cutoff) continue
    for (const id of Object.keys(sample.equity)) {
      const seen = newestBefore.get(id)
      if (!seen || sample.ts >= seen.ts) newestBefore.set(id, sample)
    }
  }
  for (const sample of newestBefore.values()) opening.add(sample)
  return samples.filter((s) => s.ts >= cutoff || opening.has(s))
}

function parseAll(text: string): EquitySample[] {
  return text
    .split('\n')
    .map(parse)
    .filter((s): s is EquitySample => s !== null)
}

function parse(line: string): EquitySample | null {
  try {
    const value = JSON.parse(line) as Partial<EquitySample>
    if (typeof value.ts !== 'number' || !Number.isFinite(value.ts)) return null
    if (typeof value.equity !== 'object' || value.equity === null) return null
    return { ts: value.ts, equity: value.equity }
  } catch {
    // A line a crash cut short: the samples before it are whole.
    return null
  }
}

/** Appends minute samples durably; reads back those a restart needs. */
export class EquityLog {
  private writing: Promise<void> = Promise.resolve()
  private lines: number
  /** Kept open between appends (a sample a minute); closed to compact and at close. */
  private handle: fsp.FileHandle | null = null

  private constructor(
    private readonly file: string,
    private readonly keepMs: number,
    private readonly durable: boolean,
    lines: number,
  ) {
    this.lines = lines
  }

  /**
   * Opens the file of `dataDir` (created 0600 when missing) and returns the samples it holds
   * from the last `keepMs` before `now`, oldest first.
   */
  static async open(
    dataDir: string,
    keepMs: number,
    now: number,
    durable: boolean,
  ): Promise<{ log: EquityLog; samples: EquitySample[] }> {
    const file = equityMinutesFile(dataDir)
    let text = ''
    try {
      text = await fsp.readFile(file, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
    const samples = needed(parseAll(text), now, keepMs)
    const log = new EquityLog(file, keepMs, durable, samples.length)
    // Rewritten whole at start: a torn last line goes, and the file starts at the last day.
    writeFileAtomicSync(file, samples.map((s) => `${JSON.stringify(s)}\n`).join(''), durable)
    return { log, samples }
  }

  /** Appends one minute's sample; it is on disk when the promise resolves. */
  append(sample: EquitySample): Promise<void> {
    const line = `${JSON.stringify(sample)}\n`
    // A scratch folder (a rehearsal: a sample every simulated minute) is written an hour at a
    // time, with no round trip through the thread pool per line: nothing is synced there anyway,
    // and nothing outlives it.
    if (!this.durable) return this.appendNow(line, sample.ts)
    this.writing = this.writing
      .catch(() => undefined)
      .then(async () => {
        if (this.lines >= (2 * this.keepMs) / 60_000) {
          await this.release()
          await this.compact(sample.ts)
        }
        this.handle ??= await fsp.open(this.file, 'a', 0o600)
        try {
          await this.handle.appendFile(line)
          if (this.durable) await this.handle.datasync()
        } catch (error) {
          // A handle that failed once is not trusted again: the next append opens the file anew.
          await this.release()
          throw error
        }
        this.lines += 1
      })
    return this.writing
  }

  private fd: number | null = null
  /** A scratch folder's lines not yet written: an hour of them goes in one write. */
  private unwritten: string[] = []

  private appendNow(line: string, now: number): Promise<void> {
    try {
      if (this.lines >= (2 * this.keepMs) / 60_000) {
        this.closeNow()
        const kept = needed(parseAll(fs.readFileSync(this.file, 'utf8')), now, this.keepMs)
        writeFileAtomicSync(this.file, kept.map((s) => `${JSON.stringify(s)}\n`).join(''), false)
        this.lines = kept.length
      }
      this.unwritten.push(line)
      this.lines += 1
      if (this.unwritten.length >= 60) this.writeNow()
      return Promise.resolve()
    } catch (error) {
      this.closeNow()
      return Promise.reject(error as Error)
    }
  }

  private writeNow(): void {
    if (this.unwritten.length === 0) return
    this.fd ??= fs.openSync(this.file, 'a', 0o600)
    const text = this.unwritten.join('')
    this.unwritten = []
    fs.writeSync(this.fd, text)
  }

  private closeNow(): void {
    try {
      this.writeNow()
    } finally {
      if (this.fd !== null) fs.closeSync(this.fd)
      this.fd = null
    }
  }

  /** Resolves once every append asked for so far has finished (or failed). */
  idle(): Promise<void> {
    return this.writing.catch(() => undefined)
  }

  /** Waits for the appends asked for, then closes the file. */
  async close(): Promise<void> {
    await this.idle()
    await this.release()
    this.closeNow()
  }

  private async release(): Promise<void> {
    const handle = this.handle
    this.handle = null
    await handle?.close().catch(() => undefined)
  }

  private async compact(now: number): Promise<void> {
    const kept = needed(parseAll(await fsp.readFile(this.file, 'utf8')), now, this.keepMs)
    writeFileAtomicSync(this.file, kept.map((s) => `${JSON.stringify(s)}\n`).join(''), this.durable)
    this.lines = kept.length
  }
}
