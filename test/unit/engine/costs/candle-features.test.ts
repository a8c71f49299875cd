/**
 * Realized volatility and 24-hour volume from one-minute candles, checked on series whose
 * answers are known in closed form.
 */
import { describe, expect, it } from 'vitest'
import { dayVolume, realizedVolatility, type MinuteCandle } from '../../../../electron/engine/costs'
import { expectClose } from '../performance/close-to'

const START = Date.UTC(2026, 0, 5)
const minute = (i: number, close: number, volume = 1): MinuteCandle => ({
  time: START + i * 60_000,
  close,
  volume,
})

describe('realized volatility', () => {
  it('is the root mean square of the one-minute log returns, scaled by √t', () => {
    // Closes alternate 100, 101, 100, ...: every return is ±ln(1.01), so σ per minute is ln(1.01).
    const candles = Array.from({ length: 61 }, (_, i) => minute(i, i % 2 === 0 ? 100 : 101))
    const vol = realizedVolatility(candles, 60)
    expect(vol).toMatchObject({ returns: 60, gaps: 0 })
    expectClose(vol?.perMinute, Math.log(1.01))
    expectClose(vol?.daily, Math.log(1.01) * Math.sqrt(1440))
    expectClose(vol?.annualized, Math.log(1.01) * Math.sqrt(525_600))
  })

  it('takes only the last window of returns, with no mean subtracted', () => {
    // 30 quiet minutes, then 10 minutes rising 2 % each: the window of 10 sees only the rise.
    const closes = [100]
    for (let i = 0; i < 30; i++) closes.push(100)
    for (let i = 0; i < 10; i++) closes.push((closes.at(-1) as number) * 1.02)
    const candles = closes.map((c, i) => minute(i, c))
    expectClose(realizedVolatility(candles, 10)?.perMinute, Math.log(1.02))
    expectClose(realizedVolatility(candles, 40)?.perMinute, Math.log(1.02) / 2)
  })

  it('leaves out a return across a missing minute and says so', () => {
    const candles = [minute(0, 100), minute(1, 110), minute(5, 50), minute(6, 55)]
    const vol = realizedVolatility(candles, 60)
    expect(vol).toMatchObject({ returns: 2, gaps: 1 })
    expectClose(vol?.perMinute, Math.log(1.1))
  })

  it('has no value without a return or with a price that is not positive', () => {
    expect(realizedVolatility([minute(0, 100)])).toBeNull()
    expect(realizedVolatility([minute(0, 100), minute(1, 0)])).toBeNull()
    expect(() => realizedVolatility([], 0)).toThrow(/whole number of minutes/)
  })
})

describe('24-hour volume', () => {
  it('sums the 1,440 minutes ending with the last candle', () => {
    // Volumes 1, 2, ..., 1500: the last 1,440 are 61 … 1500.
    const candles = Array.from({ length: 1500 }, (_, i) => minute(i, 100, i + 1))
    expect(dayVolume(candles)).toEqual({
      volume: ((61 + 1500) * 1440) / 2,
      minutes: 1440,
      complete: true,
    })
  })

  it('counts by time: a missing minute makes the day short, not longer', () => {
    const candles = Array.from({ length: 1500 }, (_, i) => minute(i, 100, 1)).filter(
      (c) => c.time !== START + 1000 * 60_000,
    )
    expect(dayVolume(candles)).toEqual({ volume: 1439, minutes: 1439, complete: false })
    expect(dayVolume([])).toEqual({ volume: 0, minutes: 0, complete: false })
    expect(() => dayVolume([minute(0, 100, -1)])).toThrow(/volume -1/)
  })
})
