/**
 * Metrics for a time range (the trades closed in it, the days that start in it), and daily
 * returns made from a trade list.
 */
import { describe, expect, it } from 'vitest'
import {
  dailyReturnsFromTrades,
  returnMetricsInRange,
  tradeMetricsInRange,
} from '../../../../electron/engine/performance'
import { expectClose } from './close-to'

const D = 86_400_000
const T0 = Date.UTC(2026, 0, 5)
const day = (n: number, hour = 12) => T0 + n * D + hour * 3_600_000

describe('trade metrics for a range', () => {
  // One trade a day: +40, −20, +10, −30, +5
  const trades = [40, -20, 10, -30, 5].map((pnl, i) => ({ pnl, closedAt: day(i) }))

  it('takes the trades closed in [from, to)', () => {
    const m = tradeMetricsInRange(trades, { from: T0 + D, to: T0 + 4 * D })
    // days 1..3: −20, +10, −30
    expect([m.trades, m.wins, m.losses, m.netProfit]).toEqual([3, 1, 2, '-40'])
  })

  it('starts its drawdown from the equity at the start of the range', () => {
    const m = tradeMetricsInRange(trades, { from: T0 + D }, { capital: 1_000 })
    // Equity at the start: 1000 + 40 = 1040; then 1020, 1030, 1000, 1005.
    // Peak 1040 (the start), trough 1000: 40, and 1000 / 1040 − 1.
    expect(m.maxDrawdownAmount).toBe('40')
    expectClose(m.maxDrawdown, 1_000 / 1_040 - 1)
  })

  it('leaves the relative drawdown undefined when the equity was gone by the range start', () => {
    const ruined = [
      { pnl: -20, closedAt: day(0) },
      { pnl: 5, closedAt: day(1) },
    ]
    const m = tradeMetricsInRange(ruined, { from: T0 + D }, { capital: 20 })
    // Equity at the start of the range is 20 − 20 = 0: nothing to measure a fall against.
    expect(m.trades).toBe(1)
    expect(m.maxDrawdown).toBeNull()
  })

  it('an open bound is open; no bound takes every trade, timed or not', () => {
    expect(tradeMetricsInRange(trades, { to: T0 + 2 * D }).trades).toBe(2)
    expect(tradeMetricsInRange([...trades, { pnl: 1 }], {}).trades).toBe(6)
    expect(tradeMetricsInRange([...trades, { pnl: 1 }], { from: 0 }).trades).toBe(5)
  })
})

describe('return metrics for a range', () => {
  it('takes the days that start in the range', () => {
    const daily = [0.01, -0.02, 0.03, 0.04].map((r, i) => ({ day: T0 + i * D, r }))
    const m = returnMetricsInRange(daily, { from: T0 + D, to: T0 + 3 * D })
    // −2 % then +3 %: mean 0.005
    expect(m.days).toBe(2)
    expectClose(m.meanReturn, 0.005)
    expectClose(m.maxDrawdown, -0.02)
  })
})

describe('daily returns from trades', () => {
  it('equity = capital + PnL closed by each day’s end, every day from the first to the last', () => {
    const days = dailyReturnsFromTrades(
      [
        { pnl: -20.4, closedAt: day(2, 9) },
        { pnl: 10, closedAt: day(0, 1) },
        { pnl: 10, closedAt: day(0, 23) },
      ],
      1_000,
      'UTC',
    )
    // E: 1020 (day 0), 1020 (day 1, nothing closed), 999.6 (day 2) = 0.98 · 1020
    expect(days.map((d) => d.day)).toEqual([T0, T0 + D, T0 + 2 * D])
    expectClose(days[0]?.r, 0.02)
    expect(days[1]?.r).toBe(0)
    expectClose(days[2]?.r, -0.02)
  })

  it('puts a trade on the trader’s local day', () => {
    // 2026-01-06 03:00 UTC is still 2026-01-05 in New York.
    const days = dailyReturnsFromTrades(
      [
        { pnl: 10, closedAt: day(0, 20) },
        { pnl: 10, closedAt: day(1, 3) },
      ],
      1_000,
      'America/New_York',
    )
    expect(days).toHaveLength(1)
    expectClose(days[0]?.r, 0.02)
  })

  it('no trades, no days; an equity wiped out makes later days undefined', () => {
    expect(dailyReturnsFromTrades([], 1_000, 'UTC')).toEqual([])
    expect(() =>
      dailyReturnsFromTrades(
        [
          { pnl: -1_000, closedAt: day(0) },
          { pnl: 5, closedAt: day(1) },
        ],
        1_000,
        'UTC',
      ),
    ).toThrow(/fell to 0 before 2026-01-06/)
  })
})
