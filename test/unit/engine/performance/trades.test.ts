/**
 * Round trips from fills, first in, first out: partial lots, fee shares, a sell larger than the
 * holding, several accounts and symbols, replays, and unrealized PnL at a mark.
 */
import { describe, expect, it } from 'vitest'
import { dec } from '../../../../electron/engine/core'
import {
  DuplicateFillError,
  FifoMatcher,
  TradeStats,
  roundTripsFromFills,
  tradeInput,
  type FillInput,
} from '../../../../electron/engine/performance'

let ids = 0
function fill(
  side: 'buy' | 'sell',
  quantity: string,
  price: string,
  fee: string,
  ts: number,
  more: Partial<FillInput> = {},
): FillInput {
  ids++
  return {
    id: `f${ids}`,
    orderId: `o${ids}`,
    accountId: 'paper-1',
    symbol: 'BTC-USD',
    side,
    quantity,
    price,
    fee,
    ts,
    ...more,
  }
}

/** Decimal equality, so "34.4350" and "34.435" are the same amount. */
function same(actual: string | undefined, expected: string) {
  expect(actual !== undefined && dec(actual).equals(expected), `${actual} = ${expected}`).toBe(true)
}

describe('FIFO round trips', () => {
  it('a buy then a sell is one long trade, net of both fees', () => {
    const [trip, ...rest] = roundTripsFromFills([
      fill('buy', '1', '100', '0.1', 1_000),
      fill('sell', '1', '110', '0.11', 5_000),
    ])
    expect(rest).toHaveLength(0)
    expect(trip).toMatchObject({ side: 'long', openedAt: 1_000, closedAt: 5_000 })
    same(trip?.quantity, '1')
    same(trip?.entryPrice, '100')
    same(trip?.exitPrice, '110')
    // gross (110 − 100) · 1 = 10; fees 0.1 + 0.11 = 0.21; net 9.79
    same(trip?.grossPnl, '10')
    same(trip?.fees, '0.21')
    same(trip?.pnl, '9.79')
  })

  it('closes the oldest lot first and charges entry fees pro rata to what it closes', () => {
    const matcher = new FifoMatcher()
    expect(matcher.add(fill('buy', '2', '100', '0.2', 1))).toBeNull()
    expect(matcher.add(fill('buy', '1', '130', '0.13', 2))).toBeNull()
    const first = matcher.add(fill('sell', '2.5', '120', '0.30', 3))
    // Lot 1 (2 @ 100) in full, then 0.5 of lot 2 (1 @ 130):
    //   entry cost 2·100 + 0.5·130 = 265, entry price 265 / 2.5 = 106
    //   gross 2.5·120 − 265 = 35 (an average cost of 110 would have said 25)
    //   fees: lot 1's 0.2 + half of lot 2's 0.13 = 0.065 + the sell's 0.30 → 0.565
    //   net 35 − 0.565 = 34.435; opened when lot 1 was bought
    same(first?.entryPrice, '106')
    same(first?.grossPnl, '35')
    same(first?.fees, '0.565')
    same(first?.pnl, '34.435')
    expect(first?.openedAt).toBe(1)

    const [left] = matcher.positions()
    same(left?.quantity, '0.5')
    same(left?.entryPrice, '130')
    same(left?.entryFees, '0.065')
    expect(left?.openedAt).toBe(2)

    const second = matcher.add(fill('sell', '0.5', '125', '0.0625', 4))
    // (125 − 130)·0.5 = −2.5; fees 0.065 + 0.0625 = 0.1275; net −2.6275
    same(second?.grossPnl, '-2.5')
    same(second?.fees, '0.1275')
    same(second?.pnl, '-2.6275')
    expect(second?.openedAt).toBe(2)
    expect(matcher.positions()).toEqual([])
  })

  it('a sell larger than the holding closes it and opens a short with the rest', () => {
    const matcher = new FifoMatcher()
    matcher.add(fill('buy', '1', '100', '1', 1))
    const closing = matcher.add(fill('sell', '3', '90', '3', 2))
    // Closes 1 long: gross (90 − 100)·1 = −10; fees 1 (entry) + 3·1/3 = 1 (exit share) → −12
    expect(closing?.side).toBe('long')
    same(closing?.quantity, '1')
    same(closing?.fees, '2')
    same(closing?.pnl, '-12')
    const [short] = matcher.positions()
    expect(short?.side).toBe('short')
    same(short?.quantity, '2')
    same(short?.entryFees, '2')

    const covering = matcher.add(fill('buy', '2', '80', '1.6', 3))
    // Short 2 @ 90 bought back @ 80: gross (90 − 80)·2 = 20; fees 2 + 1.6 = 3.6 → 16.4
    expect(covering?.side).toBe('short')
    same(covering?.grossPnl, '20')
    same(covering?.pnl, '16.4')
    expect(matcher.positions()).toEqual([])
  })

  it('fee shares of a lot closed in thirds add up to its fee exactly', () => {
    const trips = roundTripsFromFills([
      fill('buy', '3', '10', '0.1', 1),
      fill('sell', '1', '10', '0', 2),
      fill('sell', '1', '10', '0', 3),
      fill('sell', '1', '10', '0', 4),
    ])
    expect(trips).toHaveLength(3)
    const total = trips.reduce((sum, t) => sum.plus(t.fees), dec(0))
    expect(total.equals('0.1')).toBe(true)
  })

  it('keeps accounts and symbols apart', () => {
    const trips = roundTripsFromFills([
      fill('buy', '1', '100', '0', 1),
      fill('buy', '1', '50', '0', 2, { accountId: 'paper-2' }),
      fill('buy', '10', '3', '0', 3, { symbol: 'ETH-USD' }),
      fill('sell', '1', '60', '0', 4, { accountId: 'paper-2' }),
      fill('sell', '10', '4', '0', 5, { symbol: 'ETH-USD' }),
    ])
    expect(trips.map((t) => [t.accountId, t.symbol, t.pnl])).toEqual([
      ['paper-2', 'BTC-USD', '10'],
      ['paper-1', 'ETH-USD', '10'],
    ])
  })

  it('refuses a fill met twice, naming it, instead of skipping it quietly', () => {
    const matcher = new FifoMatcher()
    const buy = fill('buy', '1', '100', '0', 1)
    matcher.add(buy)
    // The same record again (a replay fed twice) and another execution under the same id.
    expect(() => matcher.add(buy)).toThrow(DuplicateFillError)
    expect(() => matcher.add({ ...buy, price: '101', ts: 5 })).toThrow(
      /Fill f\d+ of order o\d+ in account paper-1 was met twice/,
    )
    // Nothing was booked by the refused fills: one lot of 1 is open.
    expect(matcher.positions().map((p) => p.quantity)).toEqual(['1'])
  })

  it('counts fills whose broker ids repeat on different orders (older data folders)', () => {
    // Before the paper exchange kept its counter, `paper-1-1` named fills of several orders.
    const trips = roundTripsFromFills([
      fill('buy', '1', '100', '0', 1, { id: 'paper-1-1', orderId: 'ord-1' }),
      fill('sell', '1', '110', '0', 2, { id: 'paper-2-1', orderId: 'ord-2' }),
      fill('buy', '1', '100', '0', 3, { id: 'paper-1-1', orderId: 'ord-3' }),
      fill('sell', '1', '90', '0', 4, { id: 'paper-2-1', orderId: 'ord-4' }),
    ])
    expect(trips.map((t) => t.pnl)).toEqual(['10', '-10'])
  })

  it('a closing fill recorded late with an earlier broker time makes a trade of no duration', () => {
    // Journal order: the buy, then a sell a crash kept out of the journal until its lookup,
    // stamped by the broker 35 ms before the buy's time.
    const [trip] = roundTripsFromFills([
      fill('buy', '1', '100', '0', 2_214),
      fill('sell', '1', '101', '0', 2_179),
    ])
    expect(trip).toMatchObject({ openedAt: 2_214, closedAt: 2_214 })
    const stats = new TradeStats()
    stats.add(tradeInput(trip as NonNullable<typeof trip>))
    expect(stats.metrics().trades).toBe(1)
  })

  it('refuses a fill with no quantity or price', () => {
    const matcher = new FifoMatcher()
    expect(() => matcher.add(fill('buy', '0', '100', '0', 1))).toThrow(
      /quantity must be above zero/,
    )
    expect(() => matcher.add(fill('buy', '1', '-1', '0', 1))).toThrow(/price must be above zero/)
  })

  it('marks open lots to market so realized + unrealized = the change in equity', () => {
    const matcher = new FifoMatcher()
    // Cash 1000 → buy 2 @ 100 fee 0.2 → 799.8 → sell 1 @ 110 fee 0.11 → 909.69.
    matcher.add(fill('buy', '2', '100', '0.2', 1))
    const realized = matcher.add(fill('sell', '1', '110', '0.11', 2))
    const [marked] = matcher.markToMarket({ 'BTC-USD': '105' })
    // Equity at a mark of 105: 909.69 + 1·105 = 1014.69, so the PnL is 14.69:
    // realized (110 − 100) − 0.1 − 0.11 = 9.79, unrealized (105 − 100)·1 − 0.1 = 4.9.
    same(realized?.pnl, '9.79')
    same(marked?.unrealizedPnl, '4.9')
    expect(
      dec(realized?.pnl ?? '0')
        .plus(marked?.unrealizedPnl ?? '0')
        .equals('14.69'),
    ).toBe(true)
    expect(matcher.markToMarket({ 'ETH-USD': '3' })).toEqual([])
    expect(matcher.markToMarket({ 'BTC-USD': '105' }, 'paper-2')).toEqual([])
  })
})
