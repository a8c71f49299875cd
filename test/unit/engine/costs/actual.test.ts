import { describe, expect, it } from 'vitest'
import {
  costBreakdown,
  orderCost,
  orderCostProblem,
  sizeBucket,
  type CostedOrder,
  type CostRow,
} from '../../../../electron/engine/costs'

const buy: CostedOrder = {
  side: 'buy',
  quantity: 2,
  arrivalMid: 100,
  expectedBps: 40,
  fills: [
    { quantity: 1, price: 100.5, fee: 0.6, ts: 1 },
    { quantity: 1, price: 101, fee: 0.61, ts: 2 },
  ],
  closeMid: null,
}

describe('what an order cost against arrival and against the model', () => {
  it('a buy filled above the mid: cost in bps and dollars, the miss against the model, fees, shortfall', () => {
    const cost = orderCost(buy)
    // Average 100.75 against a mid of 100: 75 bps, $1.50 on 2 BTC.
    expect(cost.averagePrice).toBeCloseTo(100.75, 10)
    expect(cost.arrivalBps).toBeCloseTo(75, 10)
    expect(cost.arrivalUsd).toBeCloseTo(1.5, 10)
    // The model said 40 bps: 35 bps dearer than expected.
    expect(cost.vsExpectedBps).toBeCloseTo(35, 10)
    // $1.21 of fees on $200 filled: 60.5 bps. Shortfall $2.71 of a $200 order: 135.5 bps.
    expect(cost.feesBps).toBeCloseTo(60.5, 10)
    expect(cost.shortfallUsd).toBeCloseTo(2.71, 10)
    expect(cost.shortfallBps).toBeCloseTo(135.5, 10)
    expect(cost.fills.map((f) => f.arrivalBps)).toEqual([
      expect.closeTo(50, 10),
      expect.closeTo(100, 10),
    ])
    expect(cost.notes).toEqual([])
  })

  it('a sell below the mid is a cost too; what did not fill costs the move to the mid at its end', () => {
    const sell: CostedOrder = {
      side: 'sell',
      quantity: 1,
      arrivalMid: 100,
      expectedBps: null,
      fills: [{ quantity: 0.5, price: 99, fee: 0.3, ts: 1 }],
      closeMid: 98,
    }
    const cost = orderCost(sell)
    expect(cost.arrivalBps).toBeCloseTo(100, 10)
    expect(cost.arrivalUsd).toBeCloseTo(0.5, 10)
    expect(cost.vsExpectedBps).toBeNull()
    // The unfilled 0.5 would have sold at 100 and the market fell to 98: $1.00 missed.
    expect(cost.opportunityUsd).toBeCloseTo(1, 10)
    expect(cost.shortfallUsd).toBeCloseTo(1.8, 10)
    expect(cost.shortfallBps).toBeCloseTo(180, 10)
    // Without the mid at its end, the missed part is not counted, and the figures say so.
    const unknown = orderCost({ ...sell, closeMid: null })
    expect(unknown.opportunityUsd).toBeNull()
    expect(unknown.shortfallBps).toBeCloseTo(80, 10)
    expect(unknown.notes[0]).toMatch(/0\.5 of 1 did not fill/)
  })

  it('a price improvement is negative, and an order without fills has no slippage but its shortfall', () => {
    const better = orderCost({ ...buy, fills: [{ quantity: 2, price: 99.9, fee: 0, ts: 1 }] })
    expect(better.arrivalBps).toBeCloseTo(-10, 10)
    const none = orderCost({ ...buy, fills: [], closeMid: 101 })
    expect(none.arrivalBps).toBeNull()
    expect(none.feesBps).toBeNull()
    expect(none.shortfallUsd).toBeCloseTo(2, 10)
  })

  it('answers bad input with what was wrong, never a NaN', () => {
    expect(orderCostProblem({ ...buy, arrivalMid: 0 })).toMatch(/arrival mid must be a positive/)
    expect(orderCostProblem({ ...buy, quantity: Number.NaN })).toMatch(/quantity must be positive/)
    expect(
      orderCostProblem({ ...buy, fills: [{ quantity: 1, price: -1, fee: 0, ts: 1 }] }),
    ).toMatch(/positive quantity and price/)
    expect(orderCostProblem(buy)).toBeNull()
    expect(() => orderCost({ ...buy, arrivalMid: -5 })).toThrow(RangeError)
  })
})

describe('actual against expected, by symbol, size, hour and regime', () => {
  const row = (
    symbol: string,
    notionalUsd: number,
    hour: number,
    regime: string | null,
    arrival: number,
    expected: number | null,
  ): CostRow => {
    const mid = 100
    const price = mid * (1 + arrival / 1e4)
    const cost = orderCost({
      side: 'buy',
      quantity: notionalUsd / mid,
      arrivalMid: mid,
      expectedBps: expected,
      fills: [{ quantity: notionalUsd / mid, price, fee: 0, ts: 0 }],
      closeMid: null,
    })
    return { symbol, notionalUsd, hour, regime, cost }
  }

  it('names size buckets by notional', () => {
    expect([50, 100, 999, 5_000, 20_000, 1e6].map(sizeBucket)).toEqual([
      '< $100',
      '$100–$1k',
      '$100–$1k',
      '$1k–$10k',
      '$10k–$100k',
      '≥ $100k',
    ])
  })

  it('groups with medians, means and the shortfall of each group', () => {
    const rows = [
      row('BTC-USD', 500, 9, 'calm', 2, 3),
      row('BTC-USD', 500, 9, 'calm', 4, 3),
      row('BTC-USD', 5_000, 14, 'volatile', 30, 10),
      row('ETH-USD', 50, 9, null, 6, null),
    ]
    const b = costBreakdown(rows)
    expect(b.bySymbol.map((g) => [g.key, g.orders])).toEqual([
      ['BTC-USD', 3],
      ['ETH-USD', 1],
    ])
    const btc = b.bySymbol[0]!
    expect(btc.medianArrivalBps).toBeCloseTo(4, 8)
    expect(btc.meanArrivalBps).toBeCloseTo(12, 8)
    expect(btc.meanExpectedBps).toBeCloseTo(16 / 3, 8)
    // Misses -1, +1, +20: median +1.
    expect(btc.medianVsExpectedBps).toBeCloseTo(1, 8)
    // $0.10 + $0.20 + $15.00 on $6,000: 25.5 bps.
    expect(btc.shortfallUsd).toBeCloseTo(15.3, 8)
    expect(btc.shortfallBps).toBeCloseTo(25.5, 8)
    expect(b.bySize.map((g) => g.key)).toEqual(['< $100', '$100–$1k', '$1k–$10k'])
    expect(b.byHour.map((g) => [g.key, g.orders])).toEqual([
      ['09', 3],
      ['14', 1],
    ])
    expect(b.byRegime.map((g) => g.key)).toEqual(['calm', 'no estimate', 'volatile'])
    expect(b.byRegime[1]!.meanExpectedBps).toBeNull()
  })
})
