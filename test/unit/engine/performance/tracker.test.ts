/**
 * The live tracker: fills become trades per account and for all accounts, terminal orders feed
 * the fill rate and slippage once, equity samples become daily returns, and a time range folds
 * only what falls in it.
 */
import { describe, expect, it } from 'vitest'
import { PerformanceTracker, type FillInput } from '../../../../electron/engine/performance'
import type { Order } from '../../../../shared/types'
import { expectClose } from './close-to'

const T0 = Date.UTC(2026, 0, 5)
const D = 86_400_000
const H = 3_600_000

let ids = 0
function fill(accountId: string, side: 'buy' | 'sell', price: string, ts: number): FillInput {
  ids++
  return {
    id: `f${ids}`,
    orderId: `o${ids}`,
    accountId,
    symbol: 'BTC-USD',
    side,
    quantity: '1',
    price,
    fee: '1',
    ts,
  }
}

function order(id: string, accountId: string, over: Partial<Order>): Order {
  return {
    id,
    clientOrderId: id,
    accountId,
    symbol: 'BTC-USD',
    side: 'buy',
    type: 'market',
    quantity: '1',
    limitPrice: null,
    source: 'ticket',
    status: 'filled',
    filledQuantity: '1',
    averagePrice: '100',
    fee: '0',
    expectedPrice: '100',
    createdAt: T0,
    updatedAt: T0,
    checks: [],
    reason: null,
    seq: 1,
    ...over,
  }
}

describe('performance tracker', () => {
  it('keeps trades per account and for all accounts', () => {
    const tracker = new PerformanceTracker({ timeZone: 'UTC', capital: { a: 1_000, b: 500 } })
    tracker.addFill(fill('a', 'buy', '100', T0 + H))
    tracker.addFill(fill('b', 'buy', '200', T0 + 2 * H))
    // a: (120 − 100) − 2 fees = 18; b: (190 − 200) − 2 = −12
    expect(tracker.addFill(fill('a', 'sell', '120', T0 + 3 * H))?.pnl).toBe('18')
    tracker.addFill(fill('b', 'sell', '190', T0 + D + H))

    expect(tracker.metrics('a').trades).toMatchObject({ trades: 1, netProfit: '18', fees: '2' })
    expect(tracker.metrics('b').trades).toMatchObject({ trades: 1, netProfit: '-12' })
    const all = tracker.metrics().trades
    expect([all.trades, all.wins, all.losses, all.netProfit]).toEqual([2, 1, 1, '6'])
    // All accounts start from 1500: 1518, then 1506 → 12 below the peak.
    expect(all.maxDrawdownAmount).toBe('12')
    expectClose(all.maxDrawdown, 1_506 / 1_518 - 1)
    expect(tracker.trades('b').map((t) => t.pnl)).toEqual(['-12'])
    expect(tracker.metrics('nobody').trades.trades).toBe(0)
  })

  it('counts a terminal order once, with its slippage', () => {
    const tracker = new PerformanceTracker({ timeZone: 'UTC' })
    const filled = order('1', 'a', { averagePrice: '100.2' })
    tracker.addOrder(filled)
    tracker.addOrder(filled)
    tracker.addOrder(
      order('2', 'a', { status: 'rejected', filledQuantity: '0', averagePrice: null }),
    )
    tracker.addOrder(order('3', 'b', { status: 'open', filledQuantity: '0', averagePrice: null }))
    const m = tracker.metrics('a').execution
    expect([m.executed, m.rejected, m.failed]).toEqual([1, 1, 0])
    expect(m.fillRate).toBe(0.5)
    expectClose(m.slippage.meanBps, 20) // (100.2 − 100) / 100 · 10,000
    expect(tracker.metrics().execution.executed).toBe(1)
  })

  it('turns equity samples into daily returns, per account and summed for all accounts', () => {
    const tracker = new PerformanceTracker({ timeZone: 'UTC' })
    tracker.recordEquity('a', T0 + H, 1_000)
    tracker.recordEquity('b', T0 + H, 1_000)
    tracker.recordEquity('a', T0 + 20 * H, 1_100)
    tracker.recordEquity('a', T0 + D + H, 1_100)
    tracker.recordEquity('b', T0 + D + 2 * H, 900)
    tracker.recordEquity('a', T0 + 2 * D + H, 1_100)
    // a: day 0 closes at 1100 from 1000 (+10 %), day 1 at 1100 (0 %).
    const a = tracker.metrics('a').daily
    expect(a.days).toBe(2)
    expectClose(a.meanReturn, 0.05)
    // All: 2000 at the start (b joins as money brought in, not a gain), 2100 at the end of
    // day 0 (+5 %), 2000 at the end of day 1 (2000 / 2100 − 1).
    const all = tracker.metrics().daily
    expect(all.days).toBe(2)
    expectClose(all.meanReturn, (0.05 + (2_000 / 2_100 - 1)) / 2)
    expectClose(all.maxDrawdown, 2_000 / 2_100 - 1)
    expect(all.totalReturn).toBeCloseTo(0, 12) // back where it started
    expect(tracker.equity('a').days.map((d) => d.equity)).toEqual([1_100, 1_100, 1_100])
  })

  it('answers for a time range from what it kept', () => {
    const tracker = new PerformanceTracker({ timeZone: 'UTC', capital: { a: 1_000 } })
    const prices = ['100', '110', '100', '95', '100', '120']
    prices.forEach((price, i) =>
      tracker.addFill(fill('a', i % 2 ? 'sell' : 'buy', price, T0 + i * D + H)),
    )
    tracker.addOrder(order('x', 'a', { status: 'failed', filledQuantity: '0', updatedAt: T0 }))
    // Trades close on days 1 (+8), 3 (−7) and 5 (+18); day 2 onwards holds two of them.
    const range = tracker.metrics('a', { from: T0 + 2 * D })
    expect(range.trades.trades).toBe(2)
    expect(range.trades.netProfit).toBe('11')
    expect(range.execution.failed).toBe(0)
    expect(tracker.metrics('a').execution.failed).toBe(1)
  })

  it('takes an account without starting capital (not synced yet): relative drawdown undefined', () => {
    const tracker = new PerformanceTracker({ timeZone: 'UTC', capital: { kraken: 0 } })
    tracker.recordEquity('kraken', T0, 0)
    tracker.addFill(fill('kraken', 'buy', '100', T0 + H))
    tracker.addFill(fill('kraken', 'sell', '90', T0 + 2 * H))
    const m = tracker.metrics('kraken').trades
    expect(m.trades).toBe(1)
    expect(m.maxDrawdown).toBeNull()
  })

  it('marks open positions', () => {
    const tracker = new PerformanceTracker({ timeZone: 'UTC' })
    tracker.addFill(fill('a', 'buy', '100', T0))
    // (104 − 100)·1 − the 1 entry fee
    expect(tracker.positions({ 'BTC-USD': '104' })[0]?.unrealizedPnl).toBe('3')
  })
})
