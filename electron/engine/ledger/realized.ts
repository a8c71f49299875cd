/**
 * An account's realized PnL by quarter hour of fill time, for the last few days: what the daily
 * loss limit asks ("realized since the start of today") without keeping every fill. Every time
 * zone's midnight falls on a quarter hour, so a day's start is a bucket's start.
 */
import { type Decimal, ZERO, dec, str } from '../core'

const BUCKET_MS = 15 * 60_000
/** Buckets are kept this long after the newest fill: more than a local day plus DST. */
const KEEP_MS = 3 * 86_400_000

/** Realized PnL by quarter hour. */
export class RealizedDays {
  /** Bucket start → realized PnL in it, in the order buckets were first used. */
  private readonly buckets = new Map<number, Decimal>()
  private newest = Number.NEGATIVE_INFINITY

  /** Adds the realized PnL of a fill made at `ts`. */
  add(ts: number, pnl: Decimal): void {
    const start = Math.floor(ts / BUCKET_MS) * BUCKET_MS
    this.buckets.set(start, (this.buckets.get(start) ?? ZERO).plus(pnl))
    if (start <= this.newest) return
    this.newest = start
    for (const key of this.buckets.keys()) if (key < start - KEEP_MS) this.buckets.delete(key)
  }

  /**
   * Realized PnL of fills at or after `since`. A `since` inside a quarter hour counts that whole
   * quarter hour (more of the day's loss, never less), and one older than the buckets kept
   * counts only what is kept.
   */
  since(since: number): Decimal {
    const from = Math.floor(since / BUCKET_MS) * BUCKET_MS
    let total = ZERO
    for (const [start, pnl] of this.buckets) if (start >= from) total = total.plus(pnl)
    return total
  }

  /** The buckets, as plain data for the snapshot. */
  toState(): [number, string][] {
    return [...this.buckets].map(([start, pnl]) => [start, str(pnl)])
  }

  /** Buckets from a snapshot. */
  static fromState(state: readonly (readonly [number, string])[]): RealizedDays {
    const days = new RealizedDays()
    for (const [start, pnl] of state) days.add(start, dec(pnl))
    return days
  }
}
