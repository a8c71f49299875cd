import { describe, expect, it } from 'vitest'
import { BrokerError } from '../../../../electron/engine/brokers/broker'
import { ACCOUNT, order, paperExchange, settle, track } from './paper-setup'

async function failure(promise: Promise<unknown>): Promise<BrokerError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  if (!(error instanceof BrokerError))
    throw new Error(`expected a BrokerError, got ${String(error)}`)
  return error
}

describe('paper exchange faults: the connection', () => {
  it('disconnect: every call fails with network, nothing is placed, and updates are lost', async () => {
    const { broker, feed, updates } = paperExchange()
    const resting = order('buy', '1', { limitPrice: '99.5' })
    await broker.placeOrder(resting)
    broker.injectFault({ kind: 'disconnect' })
    const lost = order('buy', '1')
    const error = await failure(broker.placeOrder(lost))
    expect(error).toMatchObject({ code: 'network', kind: 'transient' })
    expect((await failure(broker.balances(ACCOUNT))).code).toBe('network')
    feed.setBook('BTC-USD', [[99, 1]], [[99.5, 1]]) // the resting order fills, unreported
    broker.clearFaults()
    expect(updates).toEqual([])
    expect(await broker.fetchOrder(ACCOUNT, lost.clientOrderId, 'BTC-USD')).toBeNull()
    expect(await broker.fetchOrder(ACCOUNT, resting.clientOrderId, 'BTC-USD')).toMatchObject({
      status: 'filled',
    })
  })

  it('timeout: no answer until cleared, yet the order was placed and fetchOrder finds it', async () => {
    const { broker, clock } = paperExchange({ latencyMs: 50 })
    broker.injectFault({ kind: 'timeout', on: ['placeOrder'] })
    const request = order('buy', '1')
    const placing = broker.placeOrder(request)
    const state = track(placing)
    clock.advance(60_000)
    await settle()
    expect(state.settled()).toBe(false)

    const lookup = broker.fetchOrder(ACCOUNT, request.clientOrderId, 'BTC-USD')
    clock.advance(50)
    expect(await lookup).toMatchObject({
      status: 'filled',
      fills: [{ quantity: '1', price: '100' }],
    })

    broker.clearFaults()
    expect((await failure(placing)).code).toBe('timeout')
    const resend = broker.placeOrder(request)
    clock.advance(50)
    expect((await resend).status).toBe('filled')
    const position = broker.positionOf(ACCOUNT, 'BTC-USD')
    clock.advance(50)
    expect(await position).toBe('1')
  })

  it('timeout, error variant: fails with timeout after afterMs; unless reached, nothing was placed', async () => {
    const { broker, clock } = paperExchange()
    broker.injectFault({ kind: 'timeout', mode: 'error', afterMs: 5_000, calls: 1 })
    const reached = order('buy', '1')
    const notReached = order('buy', '1')
    const a = broker.placeOrder(reached)
    const state = track(a)
    clock.advance(4_999)
    await settle()
    expect(state.settled()).toBe(false)
    clock.advance(1)
    expect(await failure(a)).toMatchObject({ code: 'timeout', kind: 'transient' })
    broker.clearFaults()
    broker.injectFault({ kind: 'timeout', mode: 'error', afterMs: 5_000, reached: false })
    const b = broker.placeOrder(notReached)
    clock.advance(5_000)
    expect((await failure(b)).code).toBe('timeout')
    broker.clearFaults()
    expect(await broker.fetchOrder(ACCOUNT, reached.clientOrderId, 'BTC-USD')).toMatchObject({
      status: 'filled',
    })
    expect(await broker.fetchOrder(ACCOUNT, notReached.clientOrderId, 'BTC-USD')).toBeNull()
  })

  it('rate limiting: 429 with a retry-after for the next N calls, then normal', async () => {
    const { broker } = paperExchange()
    broker.injectFault({ kind: 'rate_limited', calls: 2, retryAfterMs: 2_000 })
    for (let i = 0; i < 2; i++) {
      const error = await failure(broker.placeOrder(order('buy', '1')))
      expect(error).toMatchObject({ code: 'rate_limited', kind: 'transient', retryAfterMs: 2_000 })
      expect(error.message).toMatch(/429/)
    }
    expect((await broker.placeOrder(order('buy', '1'))).status).toBe('filled')
    expect(await broker.positionOf(ACCOUNT, 'BTC-USD')).toBe('1')
  })

  it('rate limiting for a period: ends on the clock', async () => {
    const { broker, clock } = paperExchange()
    broker.injectFault({ kind: 'rate_limited', forMs: 10_000 })
    expect(broker.activeFaults()).toEqual([{ kind: 'rate_limited', forMs: 10_000 }])
    clock.advance(9_999)
    expect((await failure(broker.placeOrder(order('buy', '1')))).retryAfterMs).toBe(1_000)
    clock.advance(1)
    expect(broker.activeFaults()).toEqual([])
    expect((await broker.placeOrder(order('buy', '1'))).status).toBe('filled')
  })

  it('server errors: unavailable, and nothing placed', async () => {
    const { broker } = paperExchange()
    broker.injectFault({ kind: 'server_error', calls: 1 })
    const request = order('buy', '1')
    expect(await failure(broker.placeOrder(request))).toMatchObject({
      code: 'unavailable',
      kind: 'transient',
    })
    expect(await broker.fetchOrder(ACCOUNT, request.clientOrderId, 'BTC-USD')).toBeNull()
  })
})

describe('paper exchange faults: what happens to orders', () => {
  it('rejected orders: ack rejected with the reason, no balance change, same answer on resend', async () => {
    const { broker } = paperExchange()
    broker.injectFault({ kind: 'reject', reason: 'Post-only mode', calls: 1 })
    const request = order('buy', '1')
    const ack = await broker.placeOrder(request)
    expect(ack).toMatchObject({ status: 'rejected', reason: 'Post-only mode', fills: [] })
    expect(await broker.placeOrder(request)).toEqual(ack)
    expect(await broker.balances(ACCOUNT)).toEqual({ USD: '100000' })
  })

  it('delayed fills: acknowledged open, filled later and reported by update', async () => {
    const { broker, clock, updates } = paperExchange()
    broker.injectFault({ kind: 'delayed_fill', delayMs: 3_000 })
    const request = order('buy', '1')
    const ack = await broker.placeOrder(request)
    expect(ack).toMatchObject({ status: 'open', fills: [] })
    expect(await broker.openOrders(ACCOUNT)).toHaveLength(1)
    clock.advance(2_999)
    expect(updates).toEqual([])
    clock.advance(1)
    expect(updates).toEqual([
      expect.objectContaining({
        clientOrderId: request.clientOrderId,
        status: 'filled',
        fills: [expect.objectContaining({ quantity: '1', price: '100' })],
      }),
    ])
    expect(await broker.positionOf(ACCOUNT, 'BTC-USD')).toBe('1')
  })

  it('delayed fills hold the money meanwhile, and a cancel stops the fill', async () => {
    const { broker, clock, updates } = paperExchange({}, { USD: '150' })
    broker.injectFault({ kind: 'delayed_fill', delayMs: 3_000, calls: 1 })
    const request = order('buy', '1')
    await broker.placeOrder(request)
    expect((await failure(broker.placeOrder(order('buy', '1')))).code).toBe('insufficient_funds')
    await broker.cancelOrder(ACCOUNT, request.clientOrderId, 'BTC-USD')
    clock.advance(3_000)
    expect(updates.map((u) => u.status)).toEqual(['canceled'])
    expect(await broker.positionOf(ACCOUNT, 'BTC-USD')).toBe('0')
  })

  it('acknowledged but never reported: ack open, no update ever, but fetchOrder shows it filled', async () => {
    const { broker, clock, feed, updates } = paperExchange()
    broker.injectFault({ kind: 'unreported', calls: 1 })
    const request = order('buy', '1')
    const ack = await broker.placeOrder(request)
    expect(ack).toMatchObject({ status: 'open', fills: [] })
    clock.advance(60_000)
    feed.setBook('BTC-USD', [[99, 1]], [[100, 1]])
    expect(updates).toEqual([])
    expect(await broker.openOrders(ACCOUNT)).toEqual([])
    expect(await broker.fetchOrder(ACCOUNT, request.clientOrderId, 'BTC-USD')).toMatchObject({
      brokerOrderId: ack.brokerOrderId,
      status: 'filled',
      fills: [{ quantity: '1', price: '100' }],
    })
    expect(await broker.positionOf(ACCOUNT, 'BTC-USD')).toBe('1')
  })

  it('clears one kind of fault and leaves the others', async () => {
    const { broker } = paperExchange()
    broker.injectFault({ kind: 'server_error' })
    broker.injectFault({ kind: 'reject' })
    broker.clearFaults('server_error')
    expect(broker.activeFaults().map((f) => f.kind)).toEqual(['reject'])
    expect((await broker.placeOrder(order('buy', '1'))).status).toBe('rejected')
  })
})
