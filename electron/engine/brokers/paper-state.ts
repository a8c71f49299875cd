/**
 * The paper exchange's own state on disk: the id counter and the book (open orders, and the
 * latest finished ones, which the engine may still ask about after a crash, with their fills).
 * A real exchange keeps these whatever happens to its clients; so does this one. The fills
 * behind the 30-day fee tier are the journal's, and the book's for the few the journal missed.
 *
 * It is written before any answer or update leaves the exchange (write-ahead), so after a
 * crash the exchange never knows less than the journal: an id it handed out is never handed
 * out again, and an order it accepted is still there.
 *
 * Two files: the state file (`<name>.json`, written whole and atomically, core/atomic-file.ts)
 * and a log of the changes since (`<name>.json.log`, JSON Lines, one line per group of changes,
 * appended and fdatasynced). A group costs one small append instead of a rewrite of the whole
 * book; once the log has grown past a size the state is written whole again and the log
 * emptied. The state file records the last group it holds, so a crash between the two writes
 * replays nothing twice. A state file without a log (an older version's) loads as it is.
 */
import {
  closeSync,
  fdatasyncSync,
  ftruncateSync,
  openSync,
  readFileSync,
  statSync,
  writeSync,
} from 'node:fs'
import path from 'node:path'
import type { MarketSymbol, OrderType, Side } from '../../../shared/types'
import type { BrokerAck, BrokerFill } from './broker'
import type { FeeTier } from './fee-schedules'
import { writeFileAtomicSync } from '../core'

/** One order as the paper exchange keeps it on disk (decimals as strings). */
export interface StoredPaperOrder {
  readonly accountId: string
  readonly clientOrderId: string
  readonly brokerOrderId: string
  readonly symbol: MarketSymbol
  readonly side: Side
  readonly type: OrderType
  readonly quantity: string
  readonly limitPrice: string | null
  readonly tier: FeeTier
  readonly status: BrokerAck['status']
  readonly reason?: string
  readonly fills: readonly BrokerFill[]
  readonly matched: boolean
  readonly hold: string
  /** When it stopped being open (clock time); null while open. */
  readonly finishedAt: number | null
}

/** The paper exchange's state file. */
export interface PaperState {
  readonly version: 1
  /**
   * The book's id, fixed when the file is first made (base 36 of the clock then): part of
   * every order id, so the ids of a new book never meet an earlier book's.
   */
  readonly book: string
  /** The last order number handed out. */
  readonly sequence: number
  /** Open orders, and the latest finished ones (a crash may have cut their news short). */
  readonly orders: readonly StoredPaperOrder[]
  /** The last group of the log this file holds (absent in files from before the log: 0). */
  readonly logged?: number
}

/** A group of changes: the id counter, orders new or changed, and orders the book let go. */
export interface PaperChange {
  readonly sequence: number
  readonly orders: readonly StoredPaperOrder[]
  /** Orders no longer kept, as [accountId, clientOrderId]. */
  readonly dropped: readonly (readonly [string, string])[]
}

/** A line of the log: a group of changes, its number and the book it belongs to. */
interface LogLine extends PaperChange {
  readonly group: number
  readonly book: string
}

/** Past this many bytes of log, the state is written whole again and the log emptied. */
export const COMPACT_LOG_BYTES = 1 << 20

const orderKey = (accountId: string, clientOrderId: string): string =>
  `${accountId}/${clientOrderId}`

/** The state file and its log, for one exchange. */
export class PaperStateFile {
  private readonly log: string
  /** The number of the last group written, in the log or the state file. */
  private group = 0
  private logBytes = 0

  constructor(
    readonly file: string,
    private readonly durable: boolean,
  ) {
    this.log = `${file}.log`
  }

  /**
   * Reads the state file and the log's groups after it; null when there is no state file.
   * Throws when either exists but cannot be read. A last line cut short by a crash is left
   * out: its group was never acknowledged.
   */
  load(): PaperState | null {
    const state = readState(this.file)
    if (state === null) return null
    this.group = state.logged ?? 0
    const text = readText(this.log) ?? ''
    this.logBytes = Buffer.byteLength(text)
    const lines = text.split('\n')
    // The piece after the last newline: empty, or a line the crash cut short.
    lines.pop()
    let sequence = state.sequence
    const orders = new Map(state.orders.map((o) => [orderKey(o.accountId, o.clientOrderId), o]))
    for (const [i, raw] of lines.entries()) {
      let line: LogLine
      try {
        line = JSON.parse(raw) as LogLine
      } catch {
        throw new Error(`${path.basename(this.log)} line ${i + 1} is not a group of changes`)
      }
      // Groups the state file already holds (a crash came between its write and the log's
      // emptying), or a log left by an earlier book.
      if (line.book !== state.book || !(line.group > this.group)) continue
      this.group = line.group
      sequence = Math.max(sequence, line.sequence)
      for (const o of line.orders) orders.set(orderKey(o.accountId, o.clientOrderId), o)
      for (const [accountId, clientOrderId] of line.dropped)
        orders.delete(orderKey(accountId, clientOrderId))
    }
    return { ...state, sequence, orders: [...orders.values()] }
  }

  /** Whether the log holds groups the state file does not. */
  get logged(): boolean {
    return this.logBytes > 0
  }

  /**
   * Records a group of changes, on disk (fdatasync) before it returns when durable: appended to
   * the log, or, once the log is big, with the whole state (`whole` gives it) and the log emptied.
   */
  save(book: string, change: PaperChange, whole: () => PaperState): void {
    if (this.logBytes >= COMPACT_LOG_BYTES) {
      this.rewrite(whole())
      return
    }
    this.group += 1
    const line: LogLine = { group: this.group, book, ...change }
    const bytes = Buffer.from(`${JSON.stringify(line)}\n`)
    const fd = openSync(this.log, 'a', 0o600)
    try {
      let done = 0
      while (done < bytes.length) {
        const n = writeSync(fd, bytes, done)
        if (!(n > 0)) throw new Error('the disk took none of the bytes')
        done += n
      }
      if (this.durable) fdatasyncSync(fd)
    } catch (error) {
      // Cut the partial group off again: the log must end with whole lines.
      try {
        ftruncateSync(fd, this.logBytes)
      } catch {
        // The next start leaves a cut last line out.
      }
      this.group -= 1
      throw error
    } finally {
      closeSync(fd)
    }
    this.logBytes += bytes.length
  }

  /** Writes the whole state (atomically) and empties the log. */
  rewrite(state: Omit<PaperState, 'logged'>): void {
    writeFileAtomicSync(this.file, JSON.stringify({ ...state, logged: this.group }), this.durable)
    if (this.logBytes === 0 && !existsQuietly(this.log)) return
    const fd = openSync(this.log, 'w', 0o600)
    try {
      if (this.durable) fdatasyncSync(fd)
    } finally {
      closeSync(fd)
    }
    this.logBytes = 0
  }
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
}

function existsQuietly(file: string): boolean {
  try {
    statSync(file)
    return true
  } catch {
    return false
  }
}

/** Reads the state file; null when there is none. Throws when it exists but cannot be read. */
function readState(file: string): PaperState | null {
  const text = readText(file)
  if (text === null) return null
  const state = JSON.parse(text) as PaperState
  if (
    state?.version !== 1 ||
    typeof state.book !== 'string' ||
    !Number.isInteger(state.sequence) ||
    !Array.isArray(state.orders)
  )
    throw new Error(`${path.basename(file)} is not a paper exchange state file`)
  return state
}
