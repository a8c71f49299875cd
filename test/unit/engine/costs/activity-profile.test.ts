/**
 * The learned hour-of-week activity profile: which hours are busy, against the week's average,
 * learned from minute volumes; bounded, serializable, and following a change of pattern.
 */
import { describe, expect, it } from 'vitest'
import { ActivityProfile, HOURS_PER_WEEK, hourOfWeek } from '../../../../electron/engine/costs'

const MONDAY = Date.UTC(2026, 0, 5)
const HOUR = 3_600_000
const MINUTE = 60_000

/** Feeds `weeks` weeks of minutes from `from`, each minute's volume given by its hour of week. */
function feed(
  profile: ActivityProfile,
  from: number,
  weeks: number,
  volume: (h: number) => number,
) {
  const minutes = weeks * HOURS_PER_WEEK * 60
  for (let i = 0; i < minutes; i++) {
    const time = from + i * MINUTE
    profile.observe(time, volume(hourOfWeek(time)))
  }
  return from + minutes * MINUTE
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length

describe('hour-of-week activity profile', () => {
  it('numbers the hours of the week from Monday 00:00 UTC', () => {
    expect(hourOfWeek(MONDAY)).toBe(0)
    expect(hourOfWeek(MONDAY + 16 * HOUR + 59 * MINUTE)).toBe(16)
    expect(hourOfWeek(MONDAY - MINUTE)).toBe(167)
    expect(hourOfWeek(Date.UTC(1969, 11, 29, 1))).toBe(1) // a Monday before the epoch
  })

  it('learns that the busy hour is three times the quiet ones, as factors averaging 1', () => {
    const profile = new ActivityProfile()
    expect(profile.factors()).toEqual(new Array(168).fill(1))
    // Weekdays 16:00 UTC trade 30 a minute, every other hour 10.
    const busy = (h: number) => h % 24 === 16 && h < 120
    feed(profile, MONDAY, 8, (h) => (busy(h) ? 30 : 10))
    const factors = profile.factors()
    expect(mean(factors)).toBeCloseTo(1, 12)
    const busyFactors = factors.filter((_, h) => busy(h))
    const quietFactors = factors.filter((_, h) => !busy(h))
    // The shrink toward 1 costs the busy hours a few percent after eight weeks.
    expect(mean(busyFactors) / mean(quietFactors)).toBeGreaterThan(2.85)
    expect(mean(busyFactors) / mean(quietFactors)).toBeLessThanOrEqual(3)
    expect(Math.max(...quietFactors) - Math.min(...quietFactors)).toBeLessThan(1e-12)
    expect(profile.factorAt(MONDAY + 16 * HOUR)).toBe(factors[16])
  })

  it('follows a change of pattern within a few half-lives and forgets the old one', () => {
    const profile = new ActivityProfile()
    const t = feed(profile, MONDAY, 4, (h) => (h === 16 ? 50 : 10))
    expect(profile.factors()[16]).toBeGreaterThan(4)
    feed(profile, t, 16, (h) => (h === 40 ? 50 : 10))
    const f = profile.factors()
    expect(f[40]).toBeGreaterThan(4)
    expect(f[16]).toBeLessThan(1.5)
  })

  it('says little about an hour seen for a minute', () => {
    const profile = new ActivityProfile()
    feed(profile, MONDAY, 1, () => 10)
    const thin = new ActivityProfile()
    thin.observe(MONDAY, 10)
    thin.observe(MONDAY + HOUR, 1000)
    // Raw, hour 1 is 100 times hour 0; one minute each moves their factors only part way.
    const [f0, f1] = thin.factors()
    expect((f1 as number) / (f0 as number)).toBeLessThan(1.2)
    expect(profile.weight(0)).toBeCloseTo(
      (1 - Math.pow(2, -60 / 240)) / (1 - Math.pow(2, -1 / 240)),
      9,
    )
  })

  it('keeps a bounded state that restores to the same factors, and ignores a replayed minute', () => {
    const profile = new ActivityProfile()
    const t = feed(profile, MONDAY, 2, (h) => 5 + (h % 7))
    const size = JSON.stringify(profile).length
    feed(profile, t, 3, (h) => 5 + (h % 7))
    expect(JSON.stringify(profile).length).toBeLessThan(size * 1.2)
    const restored = ActivityProfile.fromJSON(JSON.parse(JSON.stringify(profile)))
    expect(restored.factors()).toEqual(profile.factors())
    const before = JSON.stringify(profile)
    expect(profile.observe(MONDAY, 1e9)).toBe(false)
    expect(JSON.stringify(profile)).toBe(before)
  })

  it('refuses bad input with the reason and learns nothing from it', () => {
    const profile = new ActivityProfile()
    expect(() => profile.observe(MONDAY, -1)).toThrow('must be a number ≥ 0; got -1')
    expect(() => profile.observe(NaN, 1)).toThrow(/not a number/)
    expect(profile.toJSON().lastTime).toBeNull()
    expect(() => new ActivityProfile(0)).toThrow(/half-life/)
    expect(() => ActivityProfile.fromJSON({ version: 2 })).toThrow(/version 1/)
    const state = profile.toJSON()
    expect(() => ActivityProfile.fromJSON({ ...state, sums: [1, 2] })).toThrow(/168 numbers/)
    expect(() => ActivityProfile.fromJSON({ ...state, weights: state.sums.map(() => -1) })).toThrow(
      /≥ 0/,
    )
  })
})
