/**
 * Account equity: cash plus holdings at the prices the account trades on, and its peak, which
 * the drawdown limit measures from. The peaks are kept in the snapshot (they are not journaled:
 * a crash may lose the last seconds of one, which the minute equity log gives back).
 */
import { Decimal, ZERO, dec, str } from '../core'
import type { Fold } from '../journal'
import type { Ledger } from '../ledger'
import type { Accounts } from './accounts'

/** Each account's peak equity, as the snapshot keeps it. */
export const peakEquityFold: Fold<Map<string, Decimal>, Readonly<Record<string, string>>> = {
  fromState: (state) => new Map(Object.entries(state ?? {}).map(([k, v]) => [k, dec(v)])),
  toState: (peaks) => Object.fromEntries([...peaks].map(([k, v]) => [k, str(v)])),
  apply: () => undefined,
}

/** Equity and peak equity of each account. */
export class Equity {
  constructor(
    private readonly ledger: Ledger,
    private readonly accounts: Pick<Accounts, 'feed'>,
    private readonly peaks: Map<string, Decimal>,
  ) {}

  /** Cash plus every holding at its last price. */
  of(accountId: string): Decimal {
    const feed = this.accounts.feed(accountId)
    return this.ledger
      .holdings(accountId)
      .reduce(
        (sum, h) => sum.plus(h.quantity.times(feed.quote(h.symbol).last)),
        this.ledger.cash(accountId),
      )
  }

  /** The equity now, and the peak it raises (kept). */
  markPeak(accountId: string): { equity: Decimal; peak: Decimal } {
    const equity = this.of(accountId)
    return { equity, peak: this.raisePeak(accountId, equity) }
  }

  /** Raises an account's peak to `equity` if that is higher; the peak. */
  raisePeak(accountId: string, equity: Decimal): Decimal {
    const peak = Decimal.max(this.peaks.get(accountId) ?? ZERO, equity)
    this.peaks.set(accountId, peak)
    return peak
  }
}
