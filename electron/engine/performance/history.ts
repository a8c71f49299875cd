/**
 * The history live performance keeps of every round trip and every order outcome, compactly:
 * numbers in typed columns, the exact money of each trade as its decimal strings, and the whole
 * round trip on disk (the trade-history file), read back only for the trades a view lists.
 */
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

/** Outcomes by their number in the columns and the file. */
export const OUTCOMES: readonly OrderOutcome[] = ['executed', 'rejected', 'failed']

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

  push(
    account: number,
    trip: Pick<RoundTrip, 'openedAt' | 'closedAt' | 'pnl' | 'fees'>,
    source: TripSource,
  ): void {
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
