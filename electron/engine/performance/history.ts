/**
 * The history live performance keeps of every round trip and every order outcome, compactly:
 * numbers in typed columns, the exact money of each trade as its decimal strings, and the whole
 * round trip on disk (the trade-history file), read back only for the trades a view lists.
 * About 100 bytes a trade and 30 an order, where an object each took several hundred.
 */
import fs from 'node:fs'
import type { OrderOutcome } from '../../../shared/performance'
import type { RoundTrip } from './trades'

/** A growable column of float64 values. */
export class Column {
  private values = new Float64Array(64)
  length = 0

  push(value: number): void {
    if (this.length === this.values.length) {
      const grown = new Float64Array(this.values.length * 2)
      grown.set(this.values)
      this.values = grown
    }
    this.values[this.length++] = value
  }

  at(i: number): number {
    return this.values[i] as number
  }

  /** Bytes held (the capacity, not only the length). */
  get bytes(): number {
    return this.values.byteLength
  }
}

/** Small names (accounts, symbols) as numbers, for the columns. */
export class Names {
  readonly list: string[] = []
  private readonly numbers = new Map<string, number>()

  number(name: string): number {
    let n = this.numbers.get(name)
    if (n === undefined) {
      n = this.list.length
      this.list.push(name)
      this.numbers.set(name, n)
    }
    return n
  }

  /** The number of a name, or -1 when it was never seen. */
  find(name: string): number {
    return this.numbers.get(name) ?? -1
  }
}

const OUTCOMES: readonly OrderOutcome[] = ['executed', 'rejected', 'failed']

/** Where a round trip's whole record is: in memory (no file) or a line of the file. */
export type TripSource = { readonly at: number; readonly length: number } | RoundTrip

/** Every round trip, in closing order. */
export class TripColumns {
  readonly account = new Column()
  readonly openedAt = new Column()
  readonly closedAt = new Column()
  /** Exact decimal strings, as the statistics sum them. */
  readonly pnl: string[] = []
  readonly fee: string[] = []
  /** The whole round trip: kept here without a file, else its line's place in the file. */
  readonly kept: RoundTrip[] = []
  readonly at = new Column()
  readonly lineLength = new Column()

  get length(): number {
    return this.pnl.length
  }

  push(account: number, trip: RoundTrip, source: TripSource): void {
    this.account.push(account)
    this.openedAt.push(trip.openedAt)
    this.closedAt.push(trip.closedAt)
    this.pnl.push(trip.pnl)
    this.fee.push(trip.fees)
    if ('at' in source) {
      this.at.push(source.at)
      this.lineLength.push(source.length)
    } else this.kept.push(source)
  }
}

/** Every counted order outcome, in the order the orders ended. */
export class OrderColumns {
  readonly account = new Column()
  readonly ts = new Column()
  readonly symbol = new Column()
  readonly outcome = new Column()
  /** Basis points; NaN for an order without slippage. */
  readonly slippage = new Column()

  get length(): number {
    return this.ts.length
  }

  push(
    account: number,
    ts: number,
    symbol: number,
    outcome: OrderOutcome,
    slippage: number | null,
  ): void {
    this.account.push(account)
    this.ts.push(ts)
    this.symbol.push(symbol)
    this.outcome.push(OUTCOMES.indexOf(outcome))
    this.slippage.push(slippage ?? NaN)
  }

  outcomeAt(i: number): OrderOutcome {
    return OUTCOMES[this.outcome.at(i)] as OrderOutcome
  }

  slippageAt(i: number): number | null {
    const bps = this.slippage.at(i)
    return Number.isNaN(bps) ? null : bps
  }
}

/** One line of the trade-history file: the journal seq that made it, and what it made. */
export type HistoryLine =
  | { readonly s: number; readonly t: RoundTrip }
  | {
      readonly s: number
      /** account, ts, symbol, outcome, slippage (bps or null) */
      readonly o: readonly [string, number, string, OrderOutcome, number | null]
    }

/**
 * The trade-history file: one JSON line per round trip or order outcome, appended as the
 * journal is folded and written out once per turn of the event loop (and before a snapshot).
 * It is derived from the journal and never trusted over it: a line a crash tore, or a file
 * behind what the snapshot covers, makes the owner rebuild it from the journal.
 */
export class HistoryFile {
  private pending: string[] = []
  private pendingBytes = 0
  /** Bytes on disk. */
  private written: number
  private scheduled = false

  private constructor(
    readonly file: string,
    size: number,
  ) {
    this.written = size
  }

  /**
   * Opens the file and reads its whole lines, with each line's place; a line that does not
   * parse ends what is read (the rest is cut off by `cut`).
   */
  static open(file: string): {
    history: HistoryFile
    lines: { line: HistoryLine; at: number; length: number }[]
  } {
    let text = ''
    try {
      text = fs.readFileSync(file, 'latin1')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
    const lines: { line: HistoryLine; at: number; length: number }[] = []
    let at = 0
    while (at < text.length) {
      const nl = text.indexOf('\n', at)
      if (nl === -1) break
      const line = parseLine(text.slice(at, nl))
      if (!line) break
      lines.push({ line, at, length: nl + 1 - at })
      at = nl + 1
    }
    const history = new HistoryFile(file, text.length)
    return { history, lines }
  }

  /** The byte where the next line goes. */
  get end(): number {
    return this.written + this.pendingBytes
  }

  /** Cuts the file to its first `bytes` (lines after what the state covers, or torn ones). */
  cut(bytes: number): void {
    this.pending = []
    this.pendingBytes = 0
    const fd = fs.openSync(this.file, 'a', 0o600)
    try {
      fs.ftruncateSync(fd, bytes)
    } finally {
      fs.closeSync(fd)
    }
    this.written = bytes
  }

  /** Appends a line; returns its place. Written at the end of this turn of the event loop. */
  append(line: HistoryLine): { at: number; length: number } {
    // ASCII only (non-ASCII escaped), so a character is a byte and places are byte offsets.
    const text = `${JSON.stringify(line).replace(/[\u0080-\uffff]/g, escape)}\n`
    // Decimal strings and ids are ASCII: one byte a character.
    const place = { at: this.end, length: text.length }
    this.pending.push(text)
    this.pendingBytes += text.length
    if (!this.scheduled) {
      this.scheduled = true
      setImmediate(() => {
        this.scheduled = false
        this.flush()
      })
    }
    return place
  }

  /** Writes what is pending (before a snapshot that counts it, and before a read). */
  flush(): void {
    if (this.pending.length === 0) return
    const text = this.pending.join('')
    this.pending = []
    this.pendingBytes = 0
    // Opened for each write (once a turn at most): the file stays closed between turns.
    const fd = fs.openSync(this.file, 'a', 0o600)
    try {
      fs.writeSync(fd, text, null, 'latin1')
    } finally {
      fs.closeSync(fd)
    }
    this.written += text.length
  }

  /** Reads the round trips whose lines are at the places given, in that order. */
  readTrips(places: readonly { readonly at: number; readonly length: number }[]): RoundTrip[] {
    if (places.length === 0) return []
    if (places.some((p) => p.at + p.length > this.written)) this.flush()
    const fd = fs.openSync(this.file, 'r')
    try {
      return places.map(({ at, length }) => {
        const buf = Buffer.alloc(length)
        fs.readSync(fd, buf, 0, length, at)
        const line = parseLine(buf.toString('latin1', 0, length - 1))
        if (!line || !('t' in line))
          throw new Error(`The trade history file has no round trip at byte ${at}; restart Vigil`)
        return line.t
      })
    } finally {
      fs.closeSync(fd)
    }
  }
}

function escape(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
}

function parseLine(text: string): HistoryLine | null {
  try {
    const value = JSON.parse(text) as Partial<{ s: unknown; t: unknown; o: unknown }>
    if (typeof value.s !== 'number') return null
    if (typeof value.t === 'object' && value.t !== null) return value as HistoryLine
    if (Array.isArray(value.o) && value.o.length === 5) return value as HistoryLine
    return null
  } catch {
    return null
  }
}
