/**
 * ATR against an independent TA-Lib-convention implementation (the `technicalindicators`
 * package, a test-only dependency) on data it did not make: the 30-bar vector of its own
 * published tests, candles from Vigil's market simulator, and a seeded random walk with gaps
 * (so every branch of the true range is taken). The streaming form gives the same numbers.
 */
import { ATR } from 'technicalindicators'
import { describe, expect, it } from 'vitest'
import { AtrStream, atrSeries, type AtrCandle } from '../../../../electron/engine/costs'
import { createRandom } from '../../../../electron/engine/core'
import { simulateMinuteCandles } from '../../../../electron/engine/market'

/**
 * Relative tolerance against the reference: both are double-precision, but the reference
 * smooths as prev + (TR − prev)/n where TA-Lib (and Vigil) multiply, add and divide, so the
 * last bits differ (at most 3e-15 seen over 20,000 simulator bars: the smoothing is
 * contractive, so the difference does not grow).
 */
const REL = 1e-12

function reference(candles: readonly AtrCandle[], period: number): number[] {
  return ATR.calculate({
    period,
    high: candles.map((c) => c.high),
    low: candles.map((c) => c.low),
    close: candles.map((c) => c.close),
  })
}

function expectMatches(candles: readonly AtrCandle[], period: number) {
  const ours = atrSeries(candles, period)
  const theirs = reference(candles, period)
  expect(theirs.length).toBeGreaterThan(0)
  expect(ours.points.map((p) => p.index)).toEqual(theirs.map((_, i) => i + period))
  let worst = 0
  for (const [i, p] of ours.points.entries()) {
    const want = theirs[i] as number
    worst = Math.max(worst, Math.abs(p.atr - want) / want)
    expect(p.atrPercent).toBe((100 * p.atr) / (candles[p.index] as AtrCandle).close)
  }
  expect(worst).toBeLessThan(REL)
  return ours
}

// The 30 bars of technicalindicators' test/directionalmovement/ATR.js, with its 16 expected
// values for period 14 (published to 5 decimals).
const HIGH = [
  48.7, 48.72, 48.9, 48.87, 48.82, 49.05, 49.2, 49.35, 49.92, 50.19, 50.12, 49.66, 49.88, 50.19,
  50.36, 50.57, 50.65, 50.43, 49.63, 50.33, 50.29, 50.17, 49.32, 48.5, 48.32, 46.8, 47.8, 48.39,
  48.66, 48.79,
]
const LOW = [
  47.79, 48.14, 48.39, 48.37, 48.24, 48.64, 48.94, 48.86, 49.5, 49.87, 49.2, 48.9, 49.43, 49.73,
  49.26, 50.09, 50.3, 49.21, 48.98, 49.61, 49.2, 49.43, 48.08, 47.64, 41.55, 44.28, 47.31, 47.2,
  47.9, 47.73,
]
const CLOSE = [
  48.16, 48.61, 48.75, 48.63, 48.74, 49.03, 49.07, 49.32, 49.91, 50.13, 49.53, 49.5, 49.75, 50.03,
  50.31, 50.52, 50.41, 49.34, 49.37, 50.23, 49.24, 49.93, 48.43, 48.18, 46.57, 45.41, 47.77, 47.72,
  48.62, 47.85,
]
const PUBLISHED = [
  0.56786, 0.56158, 0.54647, 0.59458, 0.59854, 0.62436, 0.65762, 0.67707, 0.76085, 0.76794, 1.19665,
  1.29118, 1.36967, 1.35683, 1.32706, 1.30798,
]
const VECTOR: AtrCandle[] = CLOSE.map((close, i) => ({
  time: i * 60_000,
  high: HIGH[i] as number,
  low: LOW[i] as number,
  close,
}))

/** A seeded random walk whose bars often open away from the last close (gaps both ways). */
function walk(seed: number, count: number): AtrCandle[] {
  const random = createRandom(seed)
  const candles: AtrCandle[] = []
  let close = 100
  for (let i = 0; i < count; i++) {
    const gap = random.next() < 0.2 ? random.normal() * 2 : 0
    const open = Math.max(1, close + gap)
    const next = Math.max(1, open * Math.exp(random.normal() * 0.004))
    const high = Math.max(open, next) * (1 + random.next() * 0.003)
    const low = Math.min(open, next) * (1 - random.next() * 0.003)
    candles.push({ time: i * 60_000, high, low, close: next })
    close = next
  }
  return candles
}

describe('ATR (TA-Lib definition)', () => {
  it('reproduces the published 30-bar vector and the reference on it', () => {
    const series = expectMatches(VECTOR, 14)
    expect(series.points).toHaveLength(16)
    expect(series.points[0]).toMatchObject({ index: 14, time: 14 * 60_000 })
    // The seed is the mean of TR_1..TR_14 (bar 0 has no true range). The vector is published
    // to 5 decimals and not always rounded to nearest (0.7679344 is given as 0.76794): within
    // one unit of its last digit.
    series.points.forEach((p, i) =>
      expect(Math.abs(p.atr - (PUBLISHED[i] as number))).toBeLessThanOrEqual(1e-5),
    )
  })

  it("matches the reference on the market simulator's minute candles", () => {
    const run = simulateMinuteCandles({
      seed: 20261202,
      start: Date.UTC(2026, 0, 5),
      minutes: 3000,
    })
    expect(run.size).toBeGreaterThan(0)
    for (const candles of run.values()) {
      for (const period of [1, 2, 14, 60]) expectMatches(candles, period)
    }
  })

  it('matches the reference on a seeded random walk with gaps, where |H − C₋₁| or |L − C₋₁| wins', () => {
    const candles = walk(7, 5000)
    const gapsDecide = candles.slice(1).filter((c, i) => {
      const prev = (candles[i] as AtrCandle).close
      return Math.max(Math.abs(c.high - prev), Math.abs(c.low - prev)) > c.high - c.low
    })
    expect(gapsDecide.length).toBeGreaterThan(500)
    for (const period of [3, 14, 200]) expectMatches(candles, period)
  })

  it('streams candle by candle to exactly the batch values, also across a save and restore', () => {
    const candles = walk(11, 600)
    const batch = atrSeries(candles, 14).points
    let stream = new AtrStream(14)
    const streamed: number[] = []
    for (const [i, c] of candles.entries()) {
      if (i === 300) stream = AtrStream.fromJSON(JSON.parse(JSON.stringify(stream)))
      const value = stream.push(c)
      expect(value === null).toBe(i < 14)
      if (value !== null) streamed.push(value)
    }
    expect(streamed).toEqual(batch.map((p) => p.atr))
  })

  it('gives an empty series with its reason for fewer than period + 1 candles', () => {
    const series = atrSeries(VECTOR.slice(0, 14), 14)
    expect(series.points).toEqual([])
    expect(series.reason).toBe(
      'ATR(14) needs at least 15 candles (the first has no true range); got 14.',
    )
    expect(atrSeries([], 14).reason).toMatch(/got 0/)
    expect(atrSeries(VECTOR.slice(0, 15), 14).points).toHaveLength(1)
  })

  it('refuses a bad period or an impossible candle, naming it, and the stream keeps its state', () => {
    expect(() => atrSeries(VECTOR, 0)).toThrow('whole number from 1 to 1000; got 0')
    expect(() => atrSeries(VECTOR, 2.5)).toThrow(RangeError)
    expect(() => new AtrStream(1001)).toThrow(RangeError)
    const bad = [...VECTOR.slice(0, 3), { time: 3, high: 1, low: 2, close: 1.5 }]
    expect(() => atrSeries(bad, 2)).toThrow('Candle 3: high 1 is below low 2.')
    const nan = [...VECTOR.slice(0, 3), { time: 3, high: NaN, low: 2, close: 1.5 }]
    expect(() => atrSeries(nan, 2)).toThrow('Candle 3: high is not a finite number.')

    const stream = new AtrStream(2)
    VECTOR.slice(0, 5).forEach((c) => stream.push(c))
    const before = JSON.stringify(stream)
    expect(() => stream.push({ time: 9, high: 50, low: 49, close: 51 })).toThrow(/outside/)
    expect(JSON.stringify(stream)).toBe(before)
    expect(() => AtrStream.fromJSON({ ...stream.toJSON(), count: -1 })).toThrow(/count/)
  })
})
