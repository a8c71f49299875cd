/**
 * Fill rate (executed against rejected or failed) and slippage statistics (mean, median, 95th
 * percentile, by symbol), hand-checked.
 */
import { describe, expect, it } from 'vitest'
import { ExecutionStats, orderOutcome, slippageBps } from '../../../../electron/engine/performance'
import { expectClose } from './close-to'

describe('order outcomes', () => {
  it('an order that filled anything executed; rejected and failed count against', () => {
    expect(orderOutcome({ status: 'filled', filledQuantity: '1' })).toBe('executed')
    expect(orderOutcome({ status: 'canceled', filledQuantity: '0.4' })).toBe('executed')
    expect(orderOutcome({ status: 'rejected', filledQuantity: '0' })).toBe('rejected')
    expect(orderOutcome({ status: 'failed', filledQuantity: '0' })).toBe('failed')
    expect(orderOutcome({ status: 'canceled', filledQuantity: '0' })).toBeNull()
    expect(orderOutcome({ status: 'open', filledQuantity: '0' })).toBeNull()
  })

  it('slippage in basis points, a cost positive on either side', () => {
    const order = { filledQuantity: '1', expectedPrice: '100' }
    // buy: (100.5 − 100) / 100 · 10,000 = 50; sell: (100 − 99.8) / 100 · 10,000 = 20
    expectClose(slippageBps({ ...order, side: 'buy', averagePrice: '100.5' }), 50)
    expectClose(slippageBps({ ...order, side: 'sell', averagePrice: '99.8' }), 20)
    expectClose(slippageBps({ ...order, side: 'sell', averagePrice: '100.1' }), -10)
    expect(slippageBps({ ...order, side: 'buy', averagePrice: null })).toBeNull()
    expect(
      slippageBps({ ...order, side: 'buy', expectedPrice: null, averagePrice: '1' }),
    ).toBeNull()
  })
})

describe('execution statistics', () => {
  it('fill rate = executed / (executed + rejected + failed)', () => {
    const stats = new ExecutionStats()
    for (let i = 0; i < 6; i++) stats.addOutcome('executed')
    for (let i = 0; i < 3; i++) stats.addOutcome('rejected')
    stats.addOutcome('failed')
    const m = stats.metrics()
    expect([m.executed, m.rejected, m.failed]).toEqual([6, 3, 1])
    expect(m.fillRate).toBe(0.6) // 6 / 10
  })

  it('no decided order: fill rate and slippage undefined, not 0', () => {
    const m = new ExecutionStats().metrics()
    expect(m.fillRate).toBeNull()
    expect(m.reasons.fillRate).toMatch(/no order/)
    expect(m.slippage).toEqual({ orders: 0, meanBps: null, medianBps: null, p95Bps: null })
  })

  it('mean, median and 95th percentile (linear between ranks), overall and by symbol', () => {
    const stats = new ExecutionStats()
    // BTC: 1, 2, ..., 20 bps in a shuffled order; ETH: 4 and 8.
    for (const bps of [7, 20, 1, 13, 2, 19, 3, 18, 4, 17, 5, 16, 6, 15, 8, 14, 9, 12, 10, 11])
      stats.addSlippage('BTC-USD', bps)
    stats.addSlippage('ETH-USD', 8)
    stats.addSlippage('ETH-USD', 4)
    const m = stats.metrics()
    // BTC: mean 210 / 20 = 10.5; median (10 + 11) / 2 = 10.5;
    // p95 at rank h = 19·0.95 = 18.05 (0-based) → 19 + 0.05·(20 − 19) = 19.05
    expect(m.slippageBySymbol['BTC-USD']).toEqual({
      orders: 20,
      meanBps: 10.5,
      medianBps: 10.5,
      p95Bps: expect.closeTo(19.05, 12),
    })
    // ETH: mean 6, median 6, p95 4 + 0.95·4 = 7.8
    expect(m.slippageBySymbol['ETH-USD']?.p95Bps).toBeCloseTo(7.8, 12)
    // All 22: Σ = 210 + 12 = 222 → mean 222 / 22; sorted ranks 10 and 11 (0-based) are 9 and 10
    // after inserting 4 and 8 → median 9.5
    expectClose(m.slippage.meanBps, 222 / 22)
    expect(m.slippage.medianBps).toBe(9.5)
  })
})
