/**
 * The CUSUM alarm on a sequence worked by hand, and the bootstrap interval: reproducible from
 * its seed, around the true median of a large sample, and covering it about as often as it
 * claims.
 */
import { describe, expect, it } from 'vitest'
import { createRandom } from '../../../../electron/engine/core'
import {
  bootstrapMedian,
  costRatios,
  cusum,
  medianInterval,
} from '../../../../electron/engine/costs'

describe('one-sided CUSUM (k = 0.5, h = 5)', () => {
  // S_t = max(0, S_{t−1} + z_t − 0.5), by hand:
  //   z  0   1    −2  0.5  2    2  1.5  1    2
  //   S  0   0.5  0   0    1.5  3  4    4.5  6 > 5 → alarm at 8; S was last 0 at 3.
  const z = [0, 1, -2, 0.5, 2, 2, 1.5, 1, 2]

  it('alarms where S first exceeds h and dates the change after the last zero', () => {
    const run = cusum(z)
    expect(run.statistic).toEqual([0, 0.5, 0, 0, 1.5, 3, 4, 4.5, 6])
    expect(run.firstAlarm).toEqual({ index: 8, changePointIndex: 3, changeStartIndex: 4 })
  })

  it('keeps one alarm while S stays up, and starts again from 0 with reset', () => {
    //   z  …  3    3    1
    //   S  …  8.5  11   11.5      without reset: still the first alarm only
    //   S  …  2.5  5    5.5       with reset after fill 8: 5 is not above h; 5.5 is
    const more = [...z, 3, 3, 1]
    const plain = cusum(more)
    expect(plain.statistic.slice(9)).toEqual([8.5, 11, 11.5])
    expect(plain.alarms).toHaveLength(1)
    const reset = cusum(more, { resetAfterAlarm: true })
    expect(reset.statistic.slice(9)).toEqual([2.5, 5, 5.5])
    expect(reset.alarms).toEqual([
      { index: 8, changePointIndex: 3, changeStartIndex: 4 },
      { index: 11, changePointIndex: 8, changeStartIndex: 9 },
    ])
  })

  it('counts a new episode only after S came back to 0, and says whether the latest is on', () => {
    //   z  …  −9   2    2    2    2
    //   S  …  0    1.5  3    4.5  6 > 5 → a second alarm, the rise began at 10
    const twice = cusum([...z, -9, 2, 2, 2, 2])
    expect(twice.alarms.map((a) => [a.index, a.changeStartIndex])).toEqual([
      [8, 4],
      [13, 10],
    ])
    expect(twice.active).toBe(true)
    expect(cusum([...z, -9]).active).toBe(false)
  })

  it('starts the change at the first fill when S never returned to 0', () => {
    const run = cusum([2, 2, 2, 2], { k: 0.5, h: 4 })
    expect(run.firstAlarm).toEqual({ index: 2, changePointIndex: -1, changeStartIndex: 0 })
  })

  it('refuses a residual that is not a number and a bad k or h', () => {
    expect(() => cusum([0, Number.NaN])).toThrow(/residual 1/)
    expect(() => cusum([0], { h: 0 })).toThrow(/h must be > 0/)
    expect(() => cusum([0], { k: -1 })).toThrow(/k must be ≥ 0/)
  })
})

/** n lognormal draws with median 1 (σ_log 0.8, the dispersion the reference assumes). */
function lognormal(n: number, seed: number): number[] {
  const random = createRandom(seed)
  return Array.from({ length: n }, () => Math.exp(0.8 * random.normal()))
}

describe('bootstrap interval of the median', () => {
  it('is the same for the same seed and moves with another seed', () => {
    const values = lognormal(60, 7)
    const a = bootstrapMedian(values, { seed: 42 })
    expect(bootstrapMedian(values, { seed: 42 })).toEqual(a)
    // With few resamples the percentile ends depend visibly on the draws, hence on the seed.
    const few = (seed: number) => bootstrapMedian(values, { seed, resamples: 40 })
    expect([few(1).lower, few(1).upper]).toEqual([few(1).lower, few(1).upper])
    expect([few(2).lower, few(2).upper]).not.toEqual([few(1).lower, few(1).upper])
    expect(a.resamples).toBe(4999)
    expect(a.lower).toBeLessThanOrEqual(a.median)
    expect(a.upper).toBeGreaterThanOrEqual(a.median)
  })

  it('holds the true median of a large sample in a narrow interval', () => {
    const ci = bootstrapMedian(lognormal(4001, 11), { resamples: 999 })
    expect(ci.lower).toBeLessThan(1)
    expect(ci.upper).toBeGreaterThan(1)
    expect(ci.upper - ci.lower).toBeLessThan(0.1)
  })

  it('covers the true median in roughly 95 % of samples of 40', () => {
    let covered = 0
    const samples = 300
    for (let s = 0; s < samples; s++) {
      const ci = bootstrapMedian(lognormal(40, 1000 + s), { resamples: 499, seed: s })
      if (ci.lower <= 1 && 1 <= ci.upper) covered++
    }
    // Fixed seeds make this deterministic; the band allows for 300 samples and a percentile
    // interval's slight under-coverage at n = 40.
    expect(covered / samples).toBeGreaterThan(0.88)
    expect(covered / samples).toBeLessThan(0.99)
  })

  it('agrees with the order-statistic interval it switches to above 2000 values', () => {
    const values = lognormal(20_001, 12)
    const ranked = medianInterval(values)
    expect(ranked).toMatchObject({ method: 'order-statistic', resamples: 0 })
    expect(ranked.lower).toBeLessThan(1)
    expect(ranked.upper).toBeGreaterThan(1)
    const resampled = bootstrapMedian(values, { resamples: 400 })
    expect(ranked.lower).toBeCloseTo(resampled.lower, 2)
    expect(ranked.upper).toBeCloseTo(resampled.upper, 2)
    expect(medianInterval(values.slice(0, 2000)).method).toBe('bootstrap')
  })

  it('takes ratios only where the expectation is at least 0.5 bps', () => {
    const { ratios, excluded } = costRatios([
      { expectedBps: 4, actualBps: 6 },
      { expectedBps: 0.2, actualBps: 3 },
      { expectedBps: -1, actualBps: 2 },
      { expectedBps: 0.5, actualBps: 0.5 },
    ])
    expect(ratios).toEqual([1.5, 1])
    expect(excluded).toBe(2)
  })
})
