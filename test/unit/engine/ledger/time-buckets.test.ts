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
})
