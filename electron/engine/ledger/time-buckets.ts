/**
 * Sums of decimals by bucket of time, for a span of recent time: what the ledger keeps instead
 * of every fill to answer "since when" questions (today's realized PnL for the daily loss
 * limit, the 30-day volume behind a fee tier).
 */
import { type Decimal, ZERO, dec, str } from '../core'

/** Quarter hours: every time zone's midnight falls on one, so a day's start is a bucket's. */
export const QUARTER_HOUR = 15 * 60_000
/** An hour. */
export const HOUR = 60 * 60_000
const DAY = 86_400_000

/** Sums by bucket of `bucketMs`, kept for `keepMs` after the newest. */
export class TimeBuckets {
  /** Bucket start → sum, in the order buckets were first used. */
  private readonly buckets = new Map<number, Decimal>()
  private newest = Number.NEGATIVE_INFINITY
  /** The last sum asked for, kept up to date as amounts are added. */
  private cached: { from: number; total: Decimal } | null = null

  constructor(
    private readonly bucketMs: number,
    private readonly keepMs: number,
  ) {}

  /** Realized PnL by quarter hour for three days: more than a local day plus DST. */
  static realized(): TimeBuckets {
    return new TimeBuckets(QUARTER_HOUR, 3 * DAY)
  }

  /** Traded notional by hour for 31 days: a 30-day volume. */
  static volume(): TimeBuckets {
    return new TimeBuckets(HOUR, 31 * DAY)
  }

  /** Adds `amount` at time `ts`. */
  add(ts: number, amount: Decimal): void {
    const start = Math.floor(ts / this.bucketMs) * this.bucketMs
    this.buckets.set(start, (this.buckets.get(start) ?? ZERO).plus(amount))
    if (this.cached && start >= this.cached.from)
      this.cached = { from: this.cached.from, total: this.cached.total.plus(amount) }
    if (start <= this.newest) return
    this.newest = start
    for (const key of this.buckets.keys()) {
      if (key >= start - this.keepMs) continue
      this.buckets.delete(key)
      if (this.cached && key >= this.cached.from) this.cached = null
    }
  }

  /** The sum of the whole buckets that start at or after `since`. */
  sumFrom(since: number): Decimal {
    return this.sumFromBucket(Math.ceil(since / this.bucketMs) * this.bucketMs)
  }

  /**
   * The sum at or after `since`. A `since` inside a bucket counts that whole bucket, and one
   * older than the buckets kept counts only what is kept.
   */
  since(since: number): Decimal {
    return this.sumFromBucket(Math.floor(since / this.bucketMs) * this.bucketMs)
  }

  /** The sum of the buckets from the one starting at `from`; asked on every order or fill. */
  private sumFromBucket(from: number): Decimal {
    const cached = this.cached
    if (cached?.from === from) return cached.total
    // The window moved on by a few buckets (an hour passed): take out the ones it left behind
    // rather than summing the month again.
    if (cached && from > cached.from && (from - cached.from) / this.bucketMs <= this.buckets.size) {
      let total = cached.total
      for (let start = cached.from; start < from; start += this.bucketMs) {
        const left = this.buckets.get(start)
        if (left) total = total.minus(left)
      }
      this.cached = { from, total }
      return total
    }
    let total = ZERO
    for (const [start, sum] of this.buckets) if (start >= from) total = total.plus(sum)
    this.cached = { from, total }
    return total
  }

  /** Each bucket's start and sum, oldest first. */
  entries(): [number, Decimal][] {
    return [...this.buckets].sort((a, b) => a[0] - b[0])
  }

  /** The buckets, as plain data for the snapshot. */
  toState(): [number, string][] {
    return this.entries().map(([start, sum]) => [start, str(sum)])
  }

  /** Adds buckets from a snapshot. */
  load(state: readonly (readonly [number, string])[]): this {
    for (const [start, sum] of state) this.add(start, dec(sum))
    return this
  }
}
