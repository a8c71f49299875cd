/**
 * Traded notional by hour: the 30-day sum the fee tier reads on every fill is kept up to date
 * as fills arrive, and always equals a fresh sum of the hours in the window.
 */
import { describe, expect, it } from 'vitest'
import { dec } from '../../../../electron/engine/core'
import { TimeBuckets } from '../../../../electron/engine/ledger/time-buckets'

describe('the sum from an instant, kept as amounts arrive', () => {
  it('equals a fresh sum of the whole buckets from then, as hours pass and buckets expire', () => {
    const kept = TimeBuckets.volume()
    const fresh = (b: TimeBuckets, since: number) =>
      b.entries().reduce((sum, [start, v]) => (start >= since ? sum.plus(v) : sum), dec(0))
    const t0 = Date.UTC(2026, 0, 1)
    for (let minute = 0; minute < 40 * 24 * 60; minute += 17) {
      const ts = t0 + minute * 60_000
      kept.add(ts, dec((minute % 97) + 0.25))
      const since = ts - 30 * 86_400_000
      const whole = Math.ceil(since / 3_600_000) * 3_600_000
      expect(kept.sumFrom(since).toString()).toBe(fresh(kept, whole).toString())
    }
  })

  it('gives the realized PnL since any instant, as the day and the hour move and buckets expire', () => {
    const kept = TimeBuckets.realized()
    const fresh = (since: number) => {
      const from = Math.floor(since / 900_000) * 900_000
      return kept.entries().reduce((sum, [start, v]) => (start >= from ? sum.plus(v) : sum), dec(0))
    }
    const t0 = Date.UTC(2026, 0, 1)
    for (let minute = 0; minute < 5 * 24 * 60; minute += 7) {
      const ts = t0 + minute * 60_000
      kept.add(ts, dec(((minute * 37) % 101) - 50.5))
      // The start of the day (asked by the daily loss limit), then an hour ago, in turn: the
      // instant asked moves forward and back.
      const dayStart = Math.floor(ts / 86_400_000) * 86_400_000
      for (const since of [dayStart, ts - 3_600_000, dayStart + 450_000])
        expect(kept.since(since).toString(), `${minute} ${since}`).toBe(fresh(since).toString())
    }
  })
})
