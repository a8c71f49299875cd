/**
 * The append-only, hash-chained audit journal: JSON Lines in daily segment files.
 *
 * Each line is `{"seq","ts","type","payload","prev","hash"}`, where hash is the SHA-256 of the
 * very bytes of the line without its hash field. Hashing the stored bytes (rather than a
 * re-serialization) makes verification exact and cheap.
 *
 * Appends are group-committed: every append in the same turn of the event loop is written and
 * fsynced together, and an append's promise resolves only once its record is durable.
 */
import { promises as fsp } from 'node:fs'
import fs from 'node:fs'
import path from 'node:path'
import type { Clock } from '../core/clock'
import { HASH_FIELD, checkLink, sha256 } from './chain'
import { GENESIS, type JournalRecord, type RecordPayloads, type RecordType } from './records'

/** The journal's head: the last record's seq and hash. */
export interface JournalHead {
  readonly seq: number
  readonly hash: string
}

/** A record in the middle of the journal fails its checks: the engine must not start. */
export class JournalCorruptError extends Error {
  constructor(
    readonly file: string,
    readonly seq: number,
    detail: string,
  ) {
    super(
      `The audit journal is corrupt in ${file} at seq ${seq}: ${detail}. Vigil will not start on a journal it cannot trust; restore the data folder from a backup or contact support.`,
    )
    this.name = 'JournalCorruptError'
  }
}

const SEGMENT_PATTERN = /^\d{4}-\d{2}-\d{2}\.jsonl$/

let lastDay = Number.NaN
let lastName = ''

/** The segment file name (UTC day) for a timestamp. */
export function segmentName(ts: number): string {
  const day = Math.floor(ts / 86_400_000)
  if (day !== lastDay) {
    lastName = `${new Date(day * 86_400_000).toISOString().slice(0, 10)}.jsonl`
    lastDay = day
  }
  return lastName
}

/** The segment files of a journal folder, oldest first. */
export function listSegments(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => SEGMENT_PATTERN.test(f))
    .sort()
}

/**
 * The stored lines of a group: each body with its closing brace replaced by the hash field,
 * as `sealLine` builds it, written straight into one buffer.
 */
function sealLines(bodies: readonly string[], hashes: readonly string[]): Buffer {
  let chars = 0
  for (const body of bodies) chars += body.length
  // UTF-8 takes at most 3 bytes per UTF-16 unit; the hash field adds 76 bytes and a newline.
  const buf = Buffer.allocUnsafe(chars * 3 + bodies.length * (HASH_FIELD.length + 64 + 3))
  let offset = 0
  for (let i = 0; i < bodies.length; i++) {
    // Every body ends with "}", one byte: step back over it.
    offset += buf.write(bodies[i] as string, offset) - 1
    offset += buf.write(HASH_FIELD, offset, 'latin1')
    offset += buf.write(hashes[i] as string, offset, 'latin1')
    offset += buf.write('"}\n', offset, 'latin1')
  }
  return buf.subarray(0, offset)
}

/** Records appended in one turn of the event loop: written and fsynced together. */
interface Group {
  /**
   * Record bodies and their hashes by segment, in order (a group spans two segments only at
   * midnight). Lines are assembled straight into one buffer when written, never as strings.
   */
  readonly parts: { segment: string; bodies: string[]; hashes: string[] }[]
  readonly durable: Promise<void>
  resolve(): void
  reject(error: Error): void
}

function newGroup(): Group {
  let resolve!: () => void
  let reject!: (error: Error) => void
  const durable = new Promise<void>((res, rej) => {
    resolve = res
    reject = rej
  })
  // The engine attaches its own handler; this one only keeps an unobserved failure quiet.
  durable.catch(() => undefined)
  return { parts: [], durable, resolve, reject }
}

/** Options for opening a journal. */
export interface JournalOptions {
  readonly dir: string
  readonly clock: Clock
  /** Called for every verified record found on open after `replayAfter`, in order. */
  readonly onRecord?: (record: JournalRecord) => void
  /** Records up to this seq are only verified, not parsed (the snapshot covers them). */
  readonly replayAfter?: number
  /** Called with the hash of every verified record, to compare with the snapshot's head. */
  readonly onLink?: (seq: number, hash: string) => void
  /**
   * False only for scratch journals (a rehearsal on simulated data): records are written and
   * chained but not fsynced. Default true: nothing is acknowledged before it is on disk.
   */
  readonly sync?: boolean
}

/** The append-only journal of one data folder. */
export class Journal {
  private seq = 0
  private hash = GENESIS
  private group: Group | null = null
  private flushing: Promise<void> | null = null
  private readonly handles = new Map<string, fsp.FileHandle>()
  private closed = false
  /** The newest segment: records never go into an older one, even if the clock steps back. */
  private newestSegment = ''
  /** Lines moved aside on open because they were torn by a crash. */
  tornLines = 0

  private constructor(
    private readonly dir: string,
    private readonly clock: Clock,
    private readonly sync: boolean,
  ) {}

  /** Opens (creating if needed) the journal in `dir`, verifying every record on the way. */
  static async open(options: JournalOptions): Promise<Journal> {
    const journal = new Journal(options.dir, options.clock, options.sync ?? true)
    await fsp.mkdir(options.dir, { recursive: true })
    await journal.load(options)
    return journal
  }

  /** The last durable-or-pending record's seq and hash. */
  get head(): JournalHead {
    return { seq: this.seq, hash: this.hash }
  }

  /** The segment files, oldest first. */
  segments(): string[] {
    return listSegments(this.dir)
  }

  private async load({ onRecord, onLink, replayAfter = 0 }: JournalOptions): Promise<void> {
    const segments = this.segments()
    this.newestSegment = segments.at(-1) ?? ''
    for (let i = 0; i < segments.length; i++) {
      const name = segments[i] as string
      const file = path.join(this.dir, name)
      const text = await fsp.readFile(file, 'utf8')
      const isLast = i === segments.length - 1
      let start = 0
      while (start < text.length) {
        const end = text.indexOf('\n', start)
        const complete = end !== -1
        const line = text.slice(start, complete ? end : text.length)
        const checked = checkLink(line, this.seq + 1, this.hash)
        if (typeof checked === 'string') {
          if (isLast && !complete) {
            await this.moveTornTail(file, name, text, start)
            break
          }
          throw new JournalCorruptError(name, this.seq + 1, checked)
        }
        if (!complete && isLast) {
          // A whole record without its newline was never acknowledged: cut it like a torn line.
          await this.moveTornTail(file, name, text, start)
          break
        }
        if (!complete)
          throw new JournalCorruptError(
            name,
            this.seq + 1,
            'the segment does not end with a newline',
          )
        this.seq = checked.seq
        this.hash = checked.hash
        onLink?.(checked.seq, checked.hash)
        if (onRecord && checked.seq > replayAfter) onRecord(JSON.parse(line) as JournalRecord)
        start = end + 1
      }
    }
  }

  private async moveTornTail(
    file: string,
    name: string,
    text: string,
    start: number,
  ): Promise<void> {
    const torn = text.slice(start)
    const aside = path.join(this.dir, `torn-${name}-${this.seq + 1}-${this.clock.now()}.txt`)
    await fsp.writeFile(aside, torn)
    await fsp.truncate(file, Buffer.byteLength(text.slice(0, start)))
    const fh = await fsp.open(file, 'r+')
    await fh.sync()
    await fh.close()
    this.tornLines += 1
  }

  /**
   * Appends a record and resolves once it is on disk (fsynced). Seq and hash are assigned
   * synchronously, so the order of calls is the order in the journal.
   */
  async append<T extends RecordType>(type: T, payload: RecordPayloads[T]): Promise<JournalRecord> {
    const { record, durable } = this.write(type, payload)
    await durable
    return record
  }

  /**
   * Appends a record and returns it at once, with a promise that resolves when it is durable.
   * Every record before it is durable by then too: groups are written in order.
   */
  write<T extends RecordType>(
    type: T,
    payload: RecordPayloads[T],
  ): { record: JournalRecord; durable: Promise<void> } {
    if (this.closed)
      throw new Error('The audit journal is closed or failed; nothing more can be recorded.')
    const seq = this.seq + 1
    const ts = this.clock.now()
    if (!Number.isFinite(ts)) throw new Error(`The clock returned ${ts}`)
    const body = JSON.stringify({ seq, ts, type, payload, prev: this.hash })
    const hash = sha256(body)
    const record = { seq, ts, type, payload, prev: this.hash, hash } as JournalRecord
    this.seq = seq
    this.hash = hash
    const named = segmentName(ts)
    if (named > this.newestSegment) this.newestSegment = named
    const segment = this.newestSegment
    let group = this.group
    if (!group) {
      group = this.group = newGroup()
      // Collect every append of this turn, then write them as one group.
      setImmediate(() => void this.flush().catch(() => undefined))
    }
    const last = group.parts.at(-1)
    if (last?.segment === segment) {
      last.bodies.push(body)
      last.hashes.push(hash)
    } else {
      group.parts.push({ segment, bodies: [body], hashes: [hash] })
    }
    return { record, durable: group.durable }
  }

  /** Writes and fsyncs everything appended so far; resolves when it is durable. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing
    const group = this.group
    if (!group) return
    this.group = null
    this.flushing = this.writeGroup(group).finally(() => {
      this.flushing = null
    })
    await this.flushing
    await group.durable
  }

  private async writeGroup(group: Group): Promise<void> {
    try {
      for (const { segment, bodies, hashes } of group.parts) {
        const fh = await this.handle(segment)
        const bytes = sealLines(bodies, hashes)
        await fh.write(bytes, 0, bytes.length)
        if (this.sync) await fh.datasync()
      }
      group.resolve()
    } catch (error) {
      // Nothing in this group is acknowledged; the engine treats the journal as failed.
      this.closed = true
      group.reject(new Error(`Writing the audit journal failed: ${(error as Error).message}`))
    }
  }

  private async handle(segment: string): Promise<fsp.FileHandle> {
    const existing = this.handles.get(segment)
    if (existing) return existing
    // Only the newest segment is written to; close older ones.
    for (const [name, fh] of this.handles) {
      await fh.close()
      this.handles.delete(name)
    }
    const fh = await fsp.open(path.join(this.dir, segment), 'a')
    this.handles.set(segment, fh)
    await syncDir(this.dir)
    return fh
  }

  /** Flushes what is pending and closes the files. */
  async close(): Promise<void> {
    while (this.group || this.flushing) await this.flush()
    this.closed = true
    for (const fh of this.handles.values()) await fh.close()
    this.handles.clear()
  }
}

/** fsyncs a folder so a new or renamed file in it survives a crash. */
export async function syncDir(dir: string): Promise<void> {
  const fh = await fsp.open(dir, 'r')
  try {
    await fh.sync()
  } finally {
    await fh.close()
  }
}
