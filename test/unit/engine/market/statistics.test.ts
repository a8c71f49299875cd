/**
 * The simulated market's statistics are what its settings say: volatility clustering as the
 * GARCH parameters imply, the intraday pattern of volatility and volume, the daily volatility
 * and volume of stats(). Measured on 90 simulated days of one-minute candles.
 */
import { describe, expect, it } from 'vitest'
import { FakeClock } from '../../../kit/fake-clock'
import {
  DEFAULT_INTRADAY,
  HISTORY_MINUTES,
  instrument,
  MarketSimulator,
  normalizeIntraday,
  simulateMinuteCandles,
  type SimulatedInstrument,
} from '../../../../electron/engine/market'
import type { Candle } from '../../../../shared/types'

const DAY_MINUTES = 1_440
const START = Date.UTC(2026, 0, 1)
const SECONDS_PER_YEAR = 365 * 86_400
const profile = normalizeIntraday(DEFAULT_INTRADAY)
const hourOf = (ts: number): number => new Date(ts).getUTCHours()

function run(inst: SimulatedInstrument, days: number, seed = 1): Candle[] {
  const candles = simulateMinuteCandles({
    seed,
    start: START,
    minutes: days * DAY_MINUTES,
    instruments: [inst],
  }).get(inst.symbol)
  if (!candles) throw new Error('no candles')
  return candles
}

/** Minute log returns over the hour's expected minute σ: unit variance if the settings hold. */
function standardized(inst: SimulatedInstrument, candles: Candle[]): number[] {
  const sigmaMinute = (inst.annualVolatility / Math.sqrt(SECONDS_PER_YEAR)) * Math.sqrt(60)
  const out: number[] = []
  for (let i = 1; i < candles.length; i++) {
    const c = candles[i]!
    const r = Math.log(c.close / candles[i - 1]!.close)
    out.push(r / (sigmaMinute * profile.volatility[hourOf(c.time)]!))
  }
  return out
}

function autocorrelation(xs: number[], lag: number): number {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length
  let num = 0
  let den = 0
  for (let i = 0; i < xs.length; i++) {
    const d = xs[i]! - mean
    den += d * d
    if (i >= lag) num += d * (xs[i - lag]! - mean)
  }
  return num / den
}

/**
 * What GARCH(1,1) with normal shocks implies for the autocorrelation of squared n-second
 * returns at a lag of `lag` periods: from the squared one-second returns' kurtosis κ and their
 * autocorrelation ρ(d) = ρ1·(α+β)^(d−1) (Bollerslev 1986; He & Teräsvirta 1999).
 */
function garchSquaredAcf(alpha: number, beta: number, n: number, lag: number): number {
  const phi = alpha + beta
  const kappa = (3 * (1 - phi * phi)) / (1 - phi * phi - 2 * alpha * alpha)
  const rho1 = (alpha * (1 - alpha * beta - beta * beta)) / (1 - 2 * alpha * beta - beta * beta)
  const rho = (d: number): number => rho1 * phi ** (d - 1)
  // E[R⁴] of a sum of n one-second returns: odd cross terms vanish for symmetric shocks.
  let fourth = n * kappa + 3 * n * (n - 1)
  for (let d = 1; d < n; d++) fourth += 6 * (kappa - 1) * (n - d) * rho(d)
  let cov = 0
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) cov += rho(lag * n + j - i)
  return ((kappa - 1) * cov) / (fourth - n * n)
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length

describe('volatility clustering', () => {
  const btc = instrument('BTC-USD')
  const squares = standardized(btc, run(btc, 90)).map((z) => z * z)

  it('makes big moves follow big moves, as much as the GARCH parameters imply', () => {
    const { alpha, beta } = btc.garch
    for (const lag of [1, 5, 15]) {
      const expected = garchSquaredAcf(alpha, beta, 60, lag)
      const measured = autocorrelation(squares, lag)
      // ±35 %: about three standard errors of a 90-day estimate (measured over many seeds).
      expect(expected).toBeGreaterThan(0.08)
      expect(measured).toBeGreaterThan(expected * 0.65)
      expect(measured).toBeLessThan(expected * 1.35)
    }
    // Bursts fade: after a few half-lives the memory is mostly gone.
    const late = garchSquaredAcf(alpha, beta, 60, 180)
    expect(late).toBeLessThan(0.01)
    expect(autocorrelation(squares, 180)).toBeLessThan(0.03)
  })

  it('is absent when the parameters switch it off', () => {
    const flat = { ...btc, garch: { alpha: 0, beta: 0 } }
    const z2 = standardized(flat, run(flat, 30)).map((z) => z * z)
    for (const lag of [1, 5, 15]) expect(Math.abs(autocorrelation(z2, lag))).toBeLessThan(0.02)
  })

  it('keeps the average volatility the instrument says', () => {
    expect(mean(squares)).toBeGreaterThan(0.95)
    expect(mean(squares)).toBeLessThan(1.05)
  })
})

describe('intraday pattern', () => {
  const eth = instrument('ETH-USD')
  const candles = run(eth, 90)
  const sigmaMinute = (eth.annualVolatility / Math.sqrt(SECONDS_PER_YEAR)) * Math.sqrt(60)
  const byHour = (value: (c: Candle, i: number) => number): number[] => {
    const sums = Array<number>(24).fill(0)
    const counts = Array<number>(24).fill(0)
    candles.forEach((c, i) => {
      if (i === 0) return
      sums[hourOf(c.time)]! += value(c, i)
      counts[hourOf(c.time)]!++
    })
    return sums.map((s, h) => s / counts[h]!)
  }

  it('gives each UTC hour the volatility its multiplier says', () => {
    const variance = byHour((c, i) => Math.log(c.close / candles[i - 1]!.close) ** 2)
    for (let h = 0; h < 24; h++) {
      const ratio = variance[h]! / (sigmaMinute * profile.volatility[h]!) ** 2
      expect(ratio, `hour ${h}`).toBeGreaterThan(0.8)
      expect(ratio, `hour ${h}`).toBeLessThan(1.25)
    }
    // The US–EU overlap is clearly busier than the late Asian night.
    expect(variance[15]! / variance[4]!).toBeGreaterThan(1.6)
  })

  it('gives each UTC hour the volume its multiplier says', () => {
    const volume = byHour((c) => c.volume)
    for (let h = 0; h < 24; h++) {
      const ratio = volume[h]! / (60 * eth.volumePerSecond * profile.volume[h]!)
      expect(ratio, `hour ${h}`).toBeGreaterThan(0.9)
      expect(ratio, `hour ${h}`).toBeLessThan(1.1)
    }
  })
})

describe('daily statistics', () => {
  it('match stats(): daily volatility and average daily volume', () => {
    const clock = new FakeClock()
    const stats = new MarketSimulator({ clock, seed: 1 }).stats('SOL-USD')
    const sol = instrument('SOL-USD')
    const candles = run(sol, 90)
    const closes = candles.filter((_, i) => i % DAY_MINUTES === DAY_MINUTES - 1)
    const daily = closes.slice(1).map((c, i) => Math.log(c.close / closes[i]!.close))
    const m = mean(daily)
    const sd = Math.sqrt(daily.reduce((a, r) => a + (r - m) ** 2, 0) / (daily.length - 1))
    expect(sd / stats.dailyVolatility).toBeGreaterThan(0.8)
    expect(sd / stats.dailyVolatility).toBeLessThan(1.2)
    const volume = candles.reduce((a, c) => a + c.volume, 0) / 90
    expect(volume / stats.dailyVolume).toBeGreaterThan(0.95)
    expect(volume / stats.dailyVolume).toBeLessThan(1.05)
  })
})

describe('minute-candle fast path', () => {
  it('makes the very candles the live simulator makes from the same seed', () => {
    const clock = new FakeClock()
    const live = new MarketSimulator({ clock, seed: 5 })
    live.start()
    clock.advance(10 * 60_000)
    const start = Math.floor(clock.now() / 60_000) * 60_000 - (HISTORY_MINUTES + 10) * 60_000
    const fast = simulateMinuteCandles({ seed: 5, start, minutes: HISTORY_MINUTES + 10 })
    for (const symbol of ['BTC-USD', 'ETH-USD', 'SOL-USD'] as const) {
      const done = live.candles(symbol, 10_000).slice(0, -1)
      expect(done).toHaveLength(HISTORY_MINUTES + 10)
      expect(fast.get(symbol)).toEqual(done)
    }
  })
})
