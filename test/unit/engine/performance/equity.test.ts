/**
 * The equity curve: minute and local-day closes, quiet periods carried forward (so a day without
 * trades is a 0 return), daylight-saving days, and cash plus marked holdings.
 */
import { describe, expect, it } from 'vitest'
import { EquityCurve, returnsFromEquity } from '../../../../electron/engine/performance'

const T0 = Date.UTC(2026, 0, 5) // a Monday, 00:00 UTC
const S = 1_000
const M = 60_000
const H = 3_600_000
const D = 86_400_000

describe('equity curve', () => {
  it('samples the close of every minute, repeating the last value through quiet minutes', () => {
    const curve = new EquityCurve({ timeZone: 'UTC' })
    curve.record(T0 + 30 * S, 10_000)
    curve.record(T0 + 45 * S, 10_010)
    curve.record(T0 + M + 10 * S, 10_020)
    curve.record(T0 + 4 * M + 5 * S, 10_005)
    expect(curve.minutes()).toEqual([
      { ts: T0, equity: 10_010 },
      { ts: T0 + M, equity: 10_020 },
      { ts: T0 + 2 * M, equity: 10_020 },
      { ts: T0 + 3 * M, equity: 10_020 },
      { ts: T0 + 4 * M, equity: 10_005 }, // the current minute, so far
    ])
  })

  it('closes each local day once it is over and returns it', () => {
    const curve = new EquityCurve({ timeZone: 'UTC' })
    expect(curve.record(T0 + H, 10_000)).toEqual([])
    curve.record(T0 + 20 * H, 10_100)
    expect(curve.record(T0 + D + H, 10_050)).toEqual([{ ts: T0, equity: 10_100 }])
    expect(curve.days()).toEqual([
      { ts: T0, equity: 10_100 },
      { ts: T0 + D, equity: 10_050 },
    ])
  })

  it('a quiet stretch still closes every calendar day, so quiet days are 0 returns', () => {
    const curve = new EquityCurve({ timeZone: 'UTC' })
    curve.record(T0 + H, 1_000)
    curve.record(T0 + 2 * H, 1_100)
    const closed = curve.advanceTo(T0 + 3 * D + H)
    expect(closed.map((d) => d.ts)).toEqual([T0, T0 + D, T0 + 2 * D])
    const returns = returnsFromEquity(
      curve.opening?.equity as number,
      curve.completedDays().map((d) => d.equity),
    )
    // 1100 / 1000 − 1 on the first day, then nothing moved.
    expect(returns).toEqual([1_100 / 1_000 - 1, 0, 0])
  })

  it('days start at local midnight in the trader’s time zone, across a daylight-saving change', () => {
    const curve = new EquityCurve({ timeZone: 'America/New_York' })
    // 2026-03-07 12:00 in New York (EST, UTC−5), then past the 23-hour day of 2026-03-08.
    curve.record(Date.UTC(2026, 2, 7, 17), 100)
    const closed = curve.record(Date.UTC(2026, 2, 9, 12), 101)
    expect(closed.map((d) => new Date(d.ts).toISOString())).toEqual([
      '2026-03-07T05:00:00.000Z', // midnight EST
      '2026-03-08T05:00:00.000Z', // midnight EST; the clocks go forward at 2:00
    ])
    expect(curve.days().at(-1)?.ts).toBe(Date.UTC(2026, 2, 9, 4)) // midnight EDT (UTC−4)
  })

  it('keeps only the newest minutes it was told to keep', () => {
    const curve = new EquityCurve({ timeZone: 'UTC', keepMinutes: 10 })
    curve.record(T0, 1)
    curve.record(T0 + 2 * D, 2)
    const minutes = curve.minutes()
    expect(minutes).toHaveLength(11)
    expect(minutes[0]?.ts).toBe(T0 + 2 * D - 10 * M)
  })

  it('keeps the last day of minutes, what the minute chart shows, and every day close', () => {
    const curve = new EquityCurve({ timeZone: 'UTC' })
    for (let t = T0; t <= T0 + 3 * D; t += 5 * M) curve.record(t, 100 + t / M)
    const minutes = curve.minutes()
    expect(minutes).toHaveLength(1_441)
    expect(minutes[0]?.ts).toBe(T0 + 2 * D)
    expect(curve.days()).toHaveLength(4)
  })

  it('refuses a value from the past and one that is not finite', () => {
    const curve = new EquityCurve({ timeZone: 'UTC' })
    curve.record(T0 + M, 1)
    expect(() => curve.record(T0, 1)).toThrow(/arrived after/)
    expect(() => curve.record(T0 + 2 * M, Number.NaN)).toThrow(/finite/)
  })
})
