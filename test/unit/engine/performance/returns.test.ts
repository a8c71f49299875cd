/**
 * Daily-return statistics against hand-worked cases from quant.md 1.1–1.4, the edge cases of
 * 1.6 and the rolling 30-day Sharpe of section 2; the running version against a from-scratch
 * computation on seeded random returns.
 */
import { describe, expect, it } from 'vitest'
import { createRandom } from '../../../../electron/engine/core'
import {
  ReturnStats,
  returnMetrics,
  returnsFromEquity,
  rollingSharpe,
} from '../../../../electron/engine/performance'
import { expectClose } from './close-to'

const ROOT_365 = Math.sqrt(365)

describe('Sharpe, Sortino, drawdown, CAGR and Calmar, hand-checked', () => {
  // r = +2 %, −1 %, +3 %, −2 % (annualized from any length here, like the reference libraries)
  const m = returnMetrics([0.02, -0.01, 0.03, -0.02], { minAnnualizedDays: 1 })

  it('Sharpe = mean / std₁ · √365 (sample deviation, divisor N − 1)', () => {
    // mean = 0.02 / 4 = 0.005; deviations ±0.015, ±0.025;
    // Σ squares = 2·0.000225 + 2·0.000625 = 0.0017; std₁ = √(0.0017 / 3)
    expectClose(m.meanReturn, 0.005)
    expectClose(m.stdev, Math.sqrt(0.0017 / 3))
    expectClose(m.sharpe, (0.005 / Math.sqrt(0.0017 / 3)) * ROOT_365)
    // (the population deviation √(0.0017 / 4) would give a different number)
  })

  it('Sortino divides by the downside deviation over all N periods', () => {
    // DD = √((0.01² + 0.02²) / 4) = √0.000125, not the deviation of the two negatives
    expectClose(m.downsideDeviation, Math.sqrt(0.000125))
    expectClose(m.sortino, (0.005 / Math.sqrt(0.000125)) * ROOT_365)
  })

  it('maximum drawdown of the compounded equity', () => {
    // E = 1, 1.02, 1.0098, 1.040094, 1.01929212: −1 % from 1.02, then −2 % from 1.040094
    expectClose(m.maxDrawdown, -0.02)
    expectClose(m.totalReturn, 0.01929212)
  })

  it('CAGR over N/P years and Calmar = CAGR / |MDD|', () => {
    // E_N^(365/4) − 1
    expectClose(m.cagr, 1.01929212 ** (365 / 4) - 1, 1e-10)
    expectClose(m.calmar, (1.01929212 ** (365 / 4) - 1) / 0.02, 1e-10)
  })

  it('counts years by periods, not calendar days: 400 returns are 400/365 years', () => {
    // E_N = 1.001^400, CAGR = (1.001^400)^(365/400) − 1 = 1.001^365 − 1
    const c = returnMetrics(Array.from({ length: 400 }, () => 0.001))
    expectClose(c.cagr, 1.001 ** 365 - 1, 1e-10)
  })

  it('takes another number of periods per year', () => {
    const weekly = returnMetrics([0.02, -0.01, 0.03, -0.02], { periodsPerYear: 52 })
    expectClose(weekly.sharpe, (0.005 / Math.sqrt(0.0017 / 3)) * Math.sqrt(52))
  })

  it('the starting equity is the first peak: a first return of −10 % then +8 % is −10 %', () => {
    expectClose(returnMetrics([-0.1, 0.08]).maxDrawdown, -0.1)
  })
})

describe('edge cases (quant.md 1.6)', () => {
  it('no returns: everything undefined, the total return and drawdown too (not 0)', () => {
    const m = returnMetrics([])
    for (const key of [
      'meanReturn',
      'stdev',
      'sharpe',
      'downsideDeviation',
      'sortino',
      'cagr',
      'calmar',
      'rollingSharpe',
      'totalReturn',
      'maxDrawdown',
    ] as const) {
      expect(m[key], key).toBeNull()
    }
    expect(m.days).toBe(0)
    // No daily close yet: "0.00 %" would sit beside a chart already showing the day's fall.
    expect(m.reasons.maxDrawdown).toBe('no completed day yet (a day closes at local midnight)')
  })

  it('CAGR and Calmar need 30 days of history: one day’s −0.27 % is not −62 % a year', () => {
    const one = returnMetrics([-0.0027, 0])
    expect(one.cagr).toBeNull()
    expect(one.calmar).toBeNull()
    expect(one.reasons.cagr).toBe('needs at least 30 days of history; have 2')
    expect(one.reasons.calmar).toBe('needs at least 30 days of history; have 2')
    expectClose(one.maxDrawdown, -0.0027)
    // 29 days: still not; 30 days: E_N^(365/30) − 1 and CAGR / |MDD|.
    const r29 = [-0.0027, ...Array.from({ length: 28 }, () => 0.001)]
    expect(returnMetrics(r29).cagr).toBeNull()
    const r30 = [...r29, 0.001]
    const e30 = 0.9973 * 1.001 ** 29
    const m30 = returnMetrics(r30)
    expectClose(m30.cagr, e30 ** (365 / 30) - 1, 1e-10)
    expectClose(m30.calmar, (e30 ** (365 / 30) - 1) / 0.0027, 1e-9)
    // The threshold is an option (the metrics command's --min-days).
    expect(returnMetrics(r29, { minAnnualizedDays: 29 }).cagr).not.toBeNull()
    expect(() => returnMetrics([], { minAnnualizedDays: 0 })).toThrow(/whole number/)
  })

  it('N < 2: Sharpe and Sortino undefined; CAGR defined when annualizing is allowed', () => {
    const m = returnMetrics([-0.01], { minAnnualizedDays: 1 })
    expect(m.sharpe).toBeNull()
    expect(m.sortino).toBeNull()
    expect(m.stdev).toBeNull()
    expect(m.reasons.sharpe).toBe('needs at least 2 returns')
    expectClose(m.cagr, 0.99 ** 365 - 1)
  })

  it('std₁ = 0: Sharpe undefined, even when rounding leaves a trace in the arithmetic', () => {
    // 0.1 + 0.1 + 0.1 is not 0.3 in binary, so a naive variance is not exactly 0.
    const m = returnMetrics([0.1, 0.1, 0.1])
    expect(m.stdev).toBe(0)
    expect(m.sharpe).toBeNull()
    expect(m.reasons.sharpe).toMatch(/do not vary/)
  })

  it('no negative returns: Sortino undefined, Sharpe defined', () => {
    const m = returnMetrics([0.01, 0.02, 0])
    expect(m.sortino).toBeNull()
    expect(m.reasons.sortino).toMatch(/no negative returns/)
    expect(m.downsideDeviation).toBe(0)
    expect(m.sharpe).not.toBeNull()
  })

  it('no drawdown: Calmar undefined', () => {
    const m = returnMetrics([0.01, 0.02], { minAnnualizedDays: 1 })
    expect(m.maxDrawdown).toBe(0)
    expect(m.calmar).toBeNull()
    expect(m.reasons.calmar).toMatch(/no drawdown/)
  })

  it('equity below zero: CAGR and Calmar undefined', () => {
    const m = returnMetrics([0.1, -1.5])
    expect(m.cagr).toBeNull()
    expect(m.calmar).toBeNull()
  })

  it('refuses a return that is not finite', () => {
    expect(() => new ReturnStats().add(Number.POSITIVE_INFINITY)).toThrow(/finite/)
  })
})

describe('rolling 30-day Sharpe (quant.md 2)', () => {
  const a = 0.03
  const b = -0.01
  // 30 returns alternating a, b; then a, then 0.01.
  const returns = [...Array.from({ length: 30 }, (_, i) => (i % 2 ? b : a)), a, 0.01]
  const series = rollingSharpe(returns)

  it('is undefined for the first 29 days', () => {
    expect(series).toHaveLength(32)
    expect(series.slice(0, 29).every((v) => v === null)).toBe(true)
  })

  it('uses the last 30 returns, std₁ with divisor 29, · √365', () => {
    // 15 of a and 15 of b: mean (a + b)/2 = 0.01, every deviation ±0.02,
    // std₁ = √(30 · 0.0004 / 29); RS = 0.01 / std₁ · √365
    const expected = (0.01 / Math.sqrt((30 * 0.0004) / 29)) * ROOT_365
    expectClose(series[29], expected)
    expectClose(series[30], expected) // the window moved by one: still 15 a and 15 b
    // Days 2..31: 15 a, 14 b and 0.01: mean 0.32 / 30
    const mean = 0.32 / 30
    const squares = 15 * (a - mean) ** 2 + 14 * (b - mean) ** 2 + (0.01 - mean) ** 2
    expectClose(series[31], (mean / Math.sqrt(squares / 29)) * ROOT_365)
  })

  it('the running statistics show the latest value', () => {
    const stats = new ReturnStats()
    returns.forEach((r) => stats.add(r))
    expectClose(stats.metrics().rollingSharpe, series[31] as number)
    expect(returnMetrics(returns.slice(0, 29)).reasons.rollingSharpe).toBe('needs 30 returns')
  })

  it('a window whose returns do not vary is undefined', () => {
    const flat = rollingSharpe(Array.from({ length: 31 }, () => 0.002))
    expect(flat[29]).toBeNull()
    expect(flat[30]).toBeNull()
  })
})

describe('returns from equity', () => {
  it('r_i = E_i / E_(i−1) − 1 from the opening equity', () => {
    expect(returnsFromEquity(100, [110, 99, 99])).toEqual([110 / 100 - 1, 99 / 110 - 1, 0])
  })

  it('stops at an equity of zero', () => {
    expect(() => returnsFromEquity(100, [0, 10])).toThrow(/later returns are undefined/)
  })
})

describe('running statistics equal a fold from scratch (seeded random returns)', () => {
  it('at every checkpoint of 1,000 days', () => {
    const random = createRandom(7)
    const stats = new ReturnStats()
    const list: number[] = []
    for (let i = 1; i <= 1_000; i++) {
      const r = random.normal() * 0.03 + 0.001
      list.push(r)
      stats.add(r)
      if (i % 100 !== 0 && i !== 2 && i !== 30) continue
      const n = list.length
      const mean = list.reduce((s, x) => s + x, 0) / n
      const std = Math.sqrt(list.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1))
      const dd = Math.sqrt(list.reduce((s, x) => s + Math.min(x, 0) ** 2, 0) / n)
      let equity = 1
      let peak = 1
      let mdd = 0
      for (const x of list) {
        equity *= 1 + x
        peak = Math.max(peak, equity)
        mdd = Math.min(mdd, equity / peak - 1)
      }
      const got = stats.metrics()
      expectClose(got.sharpe, (mean / std) * ROOT_365, 1e-9)
      if (dd === 0) expect(got.sortino).toBeNull()
      else expectClose(got.sortino, (mean / dd) * ROOT_365, 1e-9)
      expectClose(got.maxDrawdown, mdd, 1e-9)
      if (n < 30) expect(got.cagr).toBeNull()
      else expectClose(got.cagr, equity ** (365 / n) - 1, 1e-9)
      if (mdd === 0 || n < 30) expect(got.calmar).toBeNull()
      else expectClose(got.calmar, (equity ** (365 / n) - 1) / Math.abs(mdd), 1e-9)
      if (n >= 30) expectClose(got.rollingSharpe, rollingSharpe(list)[n - 1] as number, 1e-9)
    }
  })
})
