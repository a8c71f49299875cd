import { describe, expect, it } from 'vitest'
import { impactFraction } from '../../../../electron/engine/brokers/book-walk'
import { BrokerError } from '../../../../electron/engine/brokers/broker'
import { KEEP_FINISHED_IN_MEMORY } from '../../../../electron/engine/brokers/paper'
import { ACCOUNT, order, paperExchange, settle, track } from './paper-setup'

const fillsOf = (fills: readonly { quantity: string; price: string; fee: string }[]) =>
  fills.map((f) => [f.quantity, f.price, f.fee])

async function failure(promise: Promise<unknown>): Promise<BrokerError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  if (!(error instanceof BrokerError))
    throw new Error(`expected a BrokerError, got ${String(error)}`)
  return error
}

describe('paper exchange: market orders walk the book', () => {
  it('fills a buy level by level from the best ask, with a taker fee per fill', async () => {
    const { broker } = paperExchange()
    const ack = await broker.placeOrder(order('buy', '2.5'))
    expect(ack.status).toBe('filled')
    expect(fillsOf(ack.fills)).toEqual([
      ['1', '100', '0.6'],
      ['1.5', '101', '0.91'], // 151.50 × 0.60 % = 0.909
    ])
    expect(ack.fills.every((f) => f.liquidity === 'taker' && f.feeAsset === 'USD')).toBe(true)
    expect(await broker.positionOf(ACCOUNT, 'BTC-USD')).toBe('2.5')
    expect(await broker.balances(ACCOUNT)).toEqual({ USD: '99746.99', BTC: '2.5' })
  })

  it('fills a sell against the bids', async () => {
    const { broker } = paperExchange({}, { USD: '0', BTC: '5' })
    const ack = await broker.placeOrder(order('sell', '2'))
    expect(fillsOf(ack.fills)).toEqual([
      ['1', '99', '0.59'],
      ['1', '98', '0.59'],
    ])
    expect(await broker.balances(ACCOUNT)).toEqual({ USD: '195.82', BTC: '3' })
  })

  it('fills what the visible book holds and cancels the rest of a larger order', async () => {
    const { broker } = paperExchange()
    const ack = await broker.placeOrder(order('buy', '10'))
    expect(ack.status).toBe('canceled')
    expect(fillsOf(ack.fills).map(([q, p]) => [q, p])).toEqual([
      ['1', '100'],
      ['2', '101'],
      ['3', '102'],
    ])
    expect(ack.reason).toBe('Only 6 of 10 BTC was on the book; the rest was canceled.')
    expect(await broker.positionOf(ACCOUNT, 'BTC-USD')).toBe('6')
  })

  it('sees only bookDepth levels a side', async () => {
    const { broker } = paperExchange({ bookDepth: 2 })
    const ack = await broker.placeOrder(order('buy', '10'))
    expect(ack.status).toBe('canceled')
    expect(ack.fills.map((f) => f.price)).toEqual(['100', '101'])
  })

  it('cancels a market order outright when the side is empty', async () => {
    const { broker, feed } = paperExchange({}, { USD: '0', BTC: '1' })
    feed.setBook('BTC-USD', [], [[100, 1]])
    const ack = await broker.placeOrder(order('sell', '1'))
    expect(ack).toMatchObject({ status: 'canceled', fills: [] })
    expect(ack.reason).toMatch(/No BTC-USD liquidity/)
  })
})

describe('paper exchange: square-root market impact', () => {
  function deepBook() {
    const exchange = paperExchange({}, { USD: '10000000', BTC: '100' })
    exchange.feed.setBook('BTC-USD', [[9999, 1000]], [[10000, 1000]])
    exchange.feed.setStats('BTC-USD', 0.02, 10_000) // σ = 2 % a day, V = 10,000 BTC a day
    return exchange
  }

  it('moves fill prices against the taker by Y·σ·sqrt(Q/V), Y = 0.5 by default', async () => {
    const { broker } = deepBook()
    const one = await broker.placeOrder(order('buy', '1'))
    const four = await broker.placeOrder(order('buy', '4'))
    const sixteen = await broker.placeOrder(order('buy', '16'))
    // 0.5 × 0.02 × sqrt(1 / 10,000) = 0.01 % of 10,000 = $1.00
    const term = (ack: typeof one) => Number(ack.fills[0]!.price) - 10_000
    expect(term(one)).toBeCloseTo(1, 9)
    expect(term(four) / term(one)).toBeCloseTo(2, 9)
    expect(term(sixteen) / term(four)).toBeCloseTo(2, 9)
    const sell = await broker.placeOrder(order('sell', '4'))
    expect(9999 - Number(sell.fills[0]!.price)).toBeCloseTo(2, 0)
  })

  it('grows like the square root in the formula itself', () => {
    const small = impactFraction(0.5, 0.03, 2, 5_000)
    expect(small).toBeCloseTo(0.5 * 0.03 * Math.sqrt(2 / 5_000), 15)
    expect(impactFraction(0.5, 0.03, 8, 5_000) / small).toBeCloseTo(2, 12)
    expect(impactFraction(0.5, 0.03, 8, 0)).toBe(0)
  })

  it('takes Y from the settings, and no impact when Y is 0', async () => {
    const doubled = deepBook()
    const off = paperExchange({ impactPrefactor: 0 })
    off.feed.setBook('BTC-USD', [[9999, 1000]], [[10000, 1000]])
    off.feed.setStats('BTC-USD', 0.02, 10_000)
    const tuned = paperExchange({ impactPrefactor: 1 })
    tuned.feed.setBook('BTC-USD', [[9999, 1000]], [[10000, 1000]])
    tuned.feed.setStats('BTC-USD', 0.02, 10_000)
    expect((await doubled.broker.placeOrder(order('buy', '4'))).fills[0]!.price).toBe('10002')
    expect((await tuned.broker.placeOrder(order('buy', '4'))).fills[0]!.price).toBe('10004')
    expect((await off.broker.placeOrder(order('buy', '4'))).fills[0]!.price).toBe('10000')
  })

  it('never fills a limit order worse than its limit, impact or not', async () => {
    const { broker } = deepBook()
    const ack = await broker.placeOrder(order('buy', '4', { limitPrice: '10001' }))
    expect(ack.status).toBe('filled')
    expect(ack.fills.map((f) => f.price)).toEqual(['10001'])
  })
})

describe('paper exchange: limit orders', () => {
  it('fills the marketable part as taker, rests the rest, and fills it as maker on a crossing quote', async () => {
    const { broker, feed, updates } = paperExchange()
    const request = order('buy', '3', { limitPrice: '100.5' })
    const ack = await broker.placeOrder(request)
    expect(ack.status).toBe('open')
    expect(fillsOf(ack.fills)).toEqual([['1', '100', '0.6']])
    expect(await broker.openOrders(ACCOUNT)).toEqual([
      expect.objectContaining({ clientOrderId: request.clientOrderId, status: 'open' }),
    ])

    feed.setBook('BTC-USD', [[99, 1]], [[100.6, 5]])
    expect(updates).toEqual([])

    feed.setBook('BTC-USD', [[99, 1]], [[100.5, 5]])
    expect(updates).toHaveLength(1)
    expect(updates[0]).toMatchObject({
      accountId: ACCOUNT,
      clientOrderId: request.clientOrderId,
      brokerOrderId: ack.brokerOrderId,
      status: 'filled',
    })
    // 2 × 100.50 × 0.40 % maker = 0.804
    expect(updates[0]!.fills[1]).toMatchObject({
      quantity: '2',
      price: '100.5',
      fee: '0.8',
      liquidity: 'maker',
    })
    expect(await broker.openOrders(ACCOUNT)).toEqual([])
    expect(await broker.balances(ACCOUNT)).toEqual({ USD: '99697.6', BTC: '3' })
  })

  it('rests a sell below the bid side and fills it when the bid rises to it', async () => {
    const { broker, feed, updates } = paperExchange({}, { USD: '0', BTC: '1' })
    const ack = await broker.placeOrder(order('sell', '1', { limitPrice: '99.5' }))
    expect(ack).toMatchObject({ status: 'open', fills: [] })
    feed.setBook('BTC-USD', [[99.5, 3]], [[99.6, 3]])
    expect(updates.map((u) => u.status)).toEqual(['filled'])
    expect(updates[0]!.fills[0]).toMatchObject({ price: '99.5', liquidity: 'maker' })
  })

  it('cancels a resting order: no fill after, its hold released, the cancel reported', async () => {
    const { broker, feed, updates } = paperExchange({}, { USD: '1000' })
    const resting = order('buy', '9.5', { limitPrice: '99' })
    await broker.placeOrder(resting)
    const blocked = await failure(broker.placeOrder(order('buy', '1')))
    expect(blocked.code).toBe('insufficient_funds')

    const canceled = await broker.cancelOrder(ACCOUNT, resting.clientOrderId, 'BTC-USD')
    expect(canceled).toMatchObject({ status: 'canceled', fills: [] })
    expect(updates.map((u) => [u.clientOrderId, u.status])).toEqual([
      [resting.clientOrderId, 'canceled'],
    ])
    feed.setBook('BTC-USD', [[98, 1]], [[98.5, 50]])
    expect(updates).toHaveLength(1)
    expect(await broker.openOrders(ACCOUNT)).toEqual([])
    expect((await broker.placeOrder(order('buy', '1'))).status).toBe('filled')
  })

  it('cancels the rest of a partly filled order, keeping its fills', async () => {
    const { broker } = paperExchange()
    const request = order('buy', '3', { limitPrice: '100.5' })
    await broker.placeOrder(request)
    const canceled = await broker.cancelOrder(ACCOUNT, request.clientOrderId, 'BTC-USD')
    expect(canceled.status).toBe('canceled')
    expect(fillsOf(canceled.fills)).toEqual([['1', '100', '0.6']])
    expect(await broker.positionOf(ACCOUNT, 'BTC-USD')).toBe('1')
  })

  it('answers a cancel of a filled order with its final state, and of an unknown one with not_found', async () => {
    const { broker } = paperExchange()
    const request = order('buy', '1')
    await broker.placeOrder(request)
    expect((await broker.cancelOrder(ACCOUNT, request.clientOrderId, 'BTC-USD')).status).toBe(
      'filled',
    )
    expect((await failure(broker.cancelOrder(ACCOUNT, 'never', 'BTC-USD'))).code).toBe('not_found')
  })
})

describe('paper exchange: latency on the injected clock', () => {
  it('answers after latencyMs, executing against the book as it is on arrival', async () => {
    const { broker, clock, feed } = paperExchange({ latencyMs: 50 })
    const placing = broker.placeOrder(order('buy', '1'))
    const state = track(placing)
    clock.advance(49)
    await settle()
    expect(state.settled()).toBe(false)
    feed.setBook('BTC-USD', [[199, 1]], [[200, 1]])
    clock.advance(1)
    const ack = await placing
    expect(ack.fills.map((f) => f.price)).toEqual(['200'])
  })

  it('delivers order updates after the same delay', async () => {
    const { broker, clock, feed, updates } = paperExchange({ latencyMs: 50 })
    const placing = broker.placeOrder(order('buy', '1', { limitPrice: '99.5' }))
    clock.advance(50)
    expect((await placing).status).toBe('open')
    feed.setBook('BTC-USD', [[99, 1]], [[99.5, 1]])
    expect(updates).toEqual([])
    clock.advance(50)
    expect(updates.map((u) => u.status)).toEqual(['filled'])
  })
})

describe('paper exchange: accounts, checks and lookups', () => {
  it('refuses a buy the account cannot pay, a sell of what it does not hold, and sells held back by a resting order', async () => {
    const { broker } = paperExchange({}, { USD: '100', BTC: '1' })
    const buy = await failure(broker.placeOrder(order('buy', '1')))
    expect(buy).toMatchObject({ code: 'insufficient_funds', kind: 'permanent' })
    expect(buy.message).toBe('Insufficient balance: need $100.60, have $100.00.')
    expect((await failure(broker.placeOrder(order('sell', '2')))).message).toBe(
      'Insufficient BTC: selling 2 BTC, have 1 BTC.',
    )
    await broker.placeOrder(order('sell', '1', { limitPrice: '105' }))
    expect((await failure(broker.placeOrder(order('sell', '0.5')))).message).toBe(
      'Insufficient BTC: selling 0.5 BTC, have 0 BTC.',
    )
  })

  it('refuses invalid quantities and prices with invalid_order', async () => {
    const { broker } = paperExchange()
    const cases = [
      order('buy', '0'),
      order('buy', '-1'),
      order('buy', 'lots'),
      order('buy', '0.000001'), // below the 0.00001 lot
      order('buy', '1', { type: 'limit' }),
      order('buy', '1', { limitPrice: '0' }),
      order('buy', '1', { limitPrice: '100.001' }), // off the 0.01 tick
      order('buy', '0.001', { limitPrice: '100' }), // $0.10, below the $1 minimum
      order('buy', '1', { type: 'market', limitPrice: '100' }),
    ]
    for (const request of cases) {
      const error = await failure(broker.placeOrder(request))
      expect(error.code, request.quantity).toBe('invalid_order')
    }
    expect(await broker.balances(ACCOUNT)).toEqual({ USD: '100000' })
  })

  it('answers a client order id seen before with the first answer, never a second order', async () => {
    const { broker } = paperExchange()
    const first = await broker.placeOrder(order('buy', '1', { clientOrderId: 'same' }))
    const again = await broker.placeOrder(order('buy', '2', { clientOrderId: 'same' }))
    expect(again).toEqual(first)
    expect(await broker.positionOf(ACCOUNT, 'BTC-USD')).toBe('1')
  })

  it('places once when the same client order id arrives twice within the latency', async () => {
    const { broker, clock } = paperExchange({ latencyMs: 50 })
    const a = broker.placeOrder(order('buy', '1', { clientOrderId: 'twice' }))
    const b = broker.placeOrder(order('buy', '1', { clientOrderId: 'twice' }))
    clock.advance(50)
    expect(await b).toEqual(await a)
    const position = broker.positionOf(ACCOUNT, 'BTC-USD')
    clock.advance(50)
    expect(await position).toBe('1')
  })

  it('looks an order up by client order id: null when never seen', async () => {
    const { broker } = paperExchange()
    expect(await broker.fetchOrder(ACCOUNT, 'unknown', 'BTC-USD')).toBeNull()
    const request = order('buy', '1')
    const ack = await broker.placeOrder(request)
    expect(await broker.fetchOrder(ACCOUNT, request.clientOrderId, 'BTC-USD')).toEqual(ack)
    expect(await broker.fetchOrder('other-account', request.clientOrderId, 'BTC-USD')).toBeNull()
  })

  it('restores holdings, balances and recent volume at start-up', async () => {
    const { broker, clock } = paperExchange()
    broker.restore([{ accountId: ACCOUNT, symbol: 'BTC-USD', quantity: '2' }], {
      balances: [{ accountId: ACCOUNT, asset: 'USD', amount: '500' }],
      trades: [{ accountId: ACCOUNT, ts: clock.now() - 86_400_000, notional: '20000' }],
    })
    expect(await broker.balances(ACCOUNT)).toEqual({ BTC: '2', USD: '500' })
    expect(broker.feeTier(ACCOUNT)).toMatchObject({ volume30d: '20000', takerRate: '0.004' })
  })
})

describe('paper exchange: memory does not grow with every order placed', () => {
  it('lets the oldest finished orders go past the bound, as a restart does, and keeps open ones', async () => {
    const { broker } = paperExchange({}, { USD: '100000000' })
    const resting = order('buy', '0.1', { limitPrice: '50' })
    expect((await broker.placeOrder(resting)).status).toBe('open')
    const first = order('buy', '0.01')
    await broker.placeOrder(first)
    let last = first
    for (let i = 0; i < KEEP_FINISHED_IN_MEMORY; i++) {
      last = order('buy', '0.01')
      await broker.placeOrder(last)
    }
    // The oldest finished order is gone from memory, like after a restart; the newest is found.
    expect(await broker.fetchOrder(ACCOUNT, first.clientOrderId)).toBeNull()
    expect(await broker.fetchOrder(ACCOUNT, last.clientOrderId)).toMatchObject({
      status: 'filled',
    })
    // A resting order is never let go while it rests, however many orders came after it.
    expect(await broker.fetchOrder(ACCOUNT, resting.clientOrderId)).toMatchObject({
      status: 'open',
    })
  })
})
