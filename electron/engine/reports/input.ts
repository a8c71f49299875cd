/**
 * What a daily report is made from: plain data, independent of a running engine (the journal,
 * a live ledger or a test can supply it).
 */
import type { EquityClose, ReportSettings } from '../../../shared/performance'
import type { Account, DecimalString, Fill, Order } from '../../../shared/types'
import { type Decimal, dec } from '../core'

/** What an account started with: its initial balance, or what it adopted from its exchange. */
export interface AccountOpening {
  readonly cash: DecimalString
  /** Holdings adopted at opening, valued at the price of that moment. */
  readonly positions: readonly {
    readonly symbol: string
    readonly quantity: DecimalString
    readonly price: DecimalString
  }[]
}

/** Everything a daily report reads. Data after the day are ignored, so a report can be remade. */
export interface ReportInput {
  /** The local day, YYYY-MM-DD, in `timeZone`. */
  readonly date: string
  readonly timeZone: string
  readonly generatedAt: number
  readonly accounts: readonly Account[]
  /** By account id; an account missing here started with nothing. */
  readonly openings: Readonly<Record<string, AccountOpening>>
  /** In journal order, the order they happened (fills of one book walk share a time). */
  readonly fills: readonly Fill[]
  readonly orders: readonly Order[]
  /** Journaled daily closes ('equity.closed'); may be empty. */
  readonly equityCloses: readonly EquityClose[]
  readonly settings: ReportSettings
}

/** An account's starting capital: its cash plus the holdings it adopted, at their prices. */
export function openingCapital(opening: AccountOpening | undefined): Decimal {
  if (!opening) return dec(0)
  return opening.positions.reduce(
    (sum, p) => sum.plus(dec(p.quantity).times(p.price)),
    dec(opening.cash),
  )
}
