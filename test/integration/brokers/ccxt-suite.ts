/**
 * The CcxtBroker's behaviour, run against one mock exchange: orders placed, found, canceled and
 * filled; balances; fills published by polling; a create that times out; a rate-limit storm;
 * insufficient funds; refused keys; the fee tier. Each ccxt-<exchange>.test.ts runs it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  BrokerError,
  type BrokerOrderRequest,
  type BrokerUpdate,
} from '../../../electron/engine/brokers/broker'
import { CcxtBroker, type CcxtBrokerOptions } from '../../../electron/engine/brokers/ccxt-broker'
import type { ExchangeCredentials } from '../../../electron/engine/brokers/credentials'
import { dec } from '../../../electron/engine/core'
import { compareExchangeFees } from '../../../electron/engine/costs'
import { NetworkError } from 'ccxt'
import type { MockExchange } from '../../kit/mock-exchanges'
import { SteppedClock, drive, rejectionOf } from './ccxt-harness'

/** What differs between the mocks. */
export interface MockSpec {
  readonly exchangeId: string
  readonly start: (now: () => number) => Promise<MockExchange>
  readonly credentials: ExchangeCredentials
  /** A secret the mock does not accept, in the exchange's format. */
  readonly wrongSecret: string
  /** The route that places orders. */
  readonly create: readonly ['GET' | 'POST', string]
  /** Our client order id as the exchange should receive it. */
  readonly wireId: (clientOrderId: string) => string
  readonly takerRate: string
  readonly makerRate: string
  readonly tier: { schedule: RegExp; tierFrom: string; volume30d: string }
}

const ACCOUNT = 'acct-live'

function order(
  clientOrderId: string,
  fields: Partial<BrokerOrderRequest> = {},
): BrokerOrderRequest {
  return {
    accountId: ACCOUNT,
    clientOrderId,
    symbol: 'BTC-USD',
    side: 'buy',
    type: 'limit',
    quantity: '0.01',
    limitPrice: '60000',
    ...fields,
  }
}

const marketBuy = (id: string, quantity: string): BrokerOrderRequest =>
  order(id, { type: 'market', quantity, limitPrice: undefined })

/** Runs the suite against one mock exchange. */
export function ccxtBrokerSuite(spec: MockSpec): void {
  describe(`the ccxt broker against a ${spec.exchangeId} mock`, () => {
    let clock: SteppedClock
    let mock: MockExchange
    let brokers: CcxtBroker[]

    function connectBroker(overrides: Partial<CcxtBrokerOptions> = {}): CcxtBroker {
      const broker = new CcxtBroker({
        accountId: ACCOUNT,
        exchangeId: spec.exchangeId,
        credentials: spec.credentials,
        clock,
        urls: { api: mock.url },
        enableRateLimit: false,
        timeoutMs: 2000,
        pollMs: 5000,
        backoffMs: 500,
        maxAttempts: 4,
        ...overrides,
      })
      brokers.push(broker)
      return broker
    }

    const creates = (): number => mock.requestsTo(...spec.create).length

    beforeEach(async () => {
      clock = new SteppedClock()
      mock = await spec.start(() => clock.now())
      brokers = []
    })

    afterEach(async () => {
      for (const broker of brokers) broker.stop()
      // Every call ccxt made was one the mock knows.
      expect(mock.unanswered.map((r) => `${r.method} ${r.path}`)).toEqual([])
      await mock.close()
    })

    it('places a resting limit order with our client order id, finds it, lists it and cancels it', async () => {
      const broker = connectBroker()
      const ack = await drive(clock, broker.placeOrder(order('vigil-ord-1')))

      expect(ack).toMatchObject({ status: 'open', fills: [] })
      expect(mock.state.orders).toHaveLength(1)
      expect(mock.state.orders[0]).toMatchObject({
        id: ack.brokerOrderId,
        clientOrderId: spec.wireId('vigil-ord-1'),
        status: 'open',
      })
      expect(
        await drive(clock, broker.fetchOrder(ACCOUNT, 'vigil-ord-1', 'BTC-USD')),
      ).toMatchObject({ brokerOrderId: ack.brokerOrderId, status: 'open' })
      expect(await drive(clock, broker.openOrders(ACCOUNT))).toEqual([
        {
          brokerOrderId: ack.brokerOrderId,
          status: 'open',
          fills: [],
          clientOrderId: 'vigil-ord-1',
          symbol: 'BTC-USD',
        },
      ])

      const canceled = await drive(clock, broker.cancelOrder(ACCOUNT, 'vigil-ord-1', 'BTC-USD'))
      expect(canceled).toMatchObject({ brokerOrderId: ack.brokerOrderId, status: 'canceled' })
      expect(mock.state.orders[0]!.status).toBe('canceled')
      expect(await drive(clock, broker.openOrders(ACCOUNT))).toEqual([])
      // The dollars the order held are free again.
      expect(await drive(clock, broker.balances(ACCOUNT))).toMatchObject({ USD: '10000' })
    })

    it('fills a market buy at the ask and reports the fill with its fee from my trades', async () => {
      const broker = connectBroker()
      const ack = await drive(clock, broker.placeOrder(marketBuy('vigil-ord-2', '0.01')))

      const trade = mock.state.trades[0]!
      expect(ack.status).toBe('filled')
      expect(ack.fills).toEqual([
        {
          fillId: trade.id,
          quantity: expect.any(String),
          price: '65000.5',
          fee: expect.any(String),
          feeAsset: 'USD',
          liquidity: 'taker',
          ts: trade.ts,
        },
      ])
      const [fill] = ack.fills
      expect(dec(fill!.quantity).eq(trade.quantity)).toBe(true)
      expect(dec(fill!.fee).eq(trade.fee)).toBe(true)
      // The taker fee on the notional (Kraken rounds fees to 5 decimals).
      expect(
        dec(fill!.fee)
          .minus(dec(fill!.quantity).times('65000.5').times(spec.takerRate))
          .abs()
          .lt('0.00001'),
      ).toBe(true)
      expect(dec(fill!.quantity).minus('0.01').abs().lte('0.0001')).toBe(true)
      expect(
        dec(await drive(clock, broker.positionOf(ACCOUNT, 'BTC-USD'))).eq(
          dec('0.5').plus(trade.quantity),
        ),
      ).toBe(true)
    })

    it('reads every balance the exchange reports', async () => {
      const broker = connectBroker()
      expect(await drive(clock, broker.balances(ACCOUNT))).toMatchObject({
        USD: '10000',
        BTC: '0.5',
      })
      expect(await drive(clock, broker.positionOf(ACCOUNT, 'BTC-USD'))).toBe('0.5')
      expect(await drive(clock, broker.positionOf(ACCOUNT, 'ETH-USD'))).toBe('0')
    })

    it('finds an order by its client order id after a restart, with its fills', async () => {
      const first = connectBroker()
      const ack = await drive(clock, first.placeOrder(marketBuy('vigil-ord-3', '0.01')))
      const second = connectBroker()

      const found = await drive(clock, second.fetchOrder(ACCOUNT, 'vigil-ord-3', 'BTC-USD'))
      expect(found).toEqual(ack)
      expect(await drive(clock, second.fetchOrder(ACCOUNT, 'never-sent', 'BTC-USD'))).toBeNull()
    })

    it('lists orders left open by an earlier session under our client order ids, with their fills', async () => {
      const first = connectBroker()
      const ack = await drive(clock, first.placeOrder(order('vigil-ord-10')))
      mock.state.fill(ack.brokerOrderId, '0.004')
      const second = connectBroker()
      second.learnClientOrderIds(['vigil-ord-10'])

      const open = await drive(clock, second.openOrders(ACCOUNT))
      expect(open).toEqual([
        {
          clientOrderId: 'vigil-ord-10',
          symbol: 'BTC-USD',
          brokerOrderId: ack.brokerOrderId,
          status: 'open',
          fills: [expect.objectContaining({ quantity: '0.004', price: '60000' })],
        },
      ])
    })

    it('publishes the fills of a resting order as they happen, found by polling on the clock', async () => {
      const broker = connectBroker()
      const updates: BrokerUpdate[] = []
      broker.subscribe((u) => updates.push(u))
      const ack = await drive(clock, broker.placeOrder(order('vigil-ord-4')))
      broker.start()

      const tick = async (): Promise<void> => {
        clock.advance(5000)
        await drive(clock, broker.poll())
      }
      mock.state.fill(ack.brokerOrderId, '0.004')
      await tick()
      expect(updates).toHaveLength(1)
      expect(updates[0]).toMatchObject({
        accountId: ACCOUNT,
        clientOrderId: 'vigil-ord-4',
        brokerOrderId: ack.brokerOrderId,
        status: 'open',
        fills: [{ quantity: '0.004', price: '60000', liquidity: 'maker', feeAsset: 'USD' }],
      })

      await tick()
      expect(updates).toHaveLength(1)

      mock.state.fill(ack.brokerOrderId)
      await tick()
      expect(updates).toHaveLength(2)
      expect(updates[1]).toMatchObject({ status: 'filled' })
      expect(updates[1]!.fills.map((f) => f.quantity)).toEqual(
        expect.arrayContaining(['0.004', '0.006']),
      )
      expect(broker.quote('BTC-USD')).toMatchObject({ bid: '64999.5', ask: '65000.5' })
      expect(broker.status()).toMatchObject({ lastError: null, lastPollAt: clock.now() })
    })

    it('after a create times out, finds the order by client order id and never sends it twice', async () => {
      const broker = connectBroker({ timeoutMs: 300 })
      await drive(clock, broker.balances(ACCOUNT))
      mock.hangNextCreate()

      const ack = await drive(clock, broker.placeOrder(order('vigil-ord-5')))

      expect(creates()).toBe(1)
      expect(mock.state.orders).toHaveLength(1)
      expect(ack).toMatchObject({ brokerOrderId: mock.state.orders[0]!.id, status: 'open' })
    })

    it('sends an order again when the exchange says it never got it', async () => {
      const broker = connectBroker()
      await drive(clock, broker.balances(ACCOUNT))
      mock.fault('unavailable', 1, (r) => r.method === spec.create[0] && r.path === spec.create[1])

      const ack = await drive(clock, broker.placeOrder(order('vigil-ord-6')))

      expect(creates()).toBe(2)
      expect(mock.state.orders).toHaveLength(1)
      expect(ack.brokerOrderId).toBe(mock.state.orders[0]!.id)
    })

    it('rides out a rate-limit storm: backs off, retries, and places the order once', async () => {
      const broker = connectBroker()
      await drive(clock, broker.balances(ACCOUNT))
      mock.rateLimitStorm(3)
      const before = clock.now()

      const ack = await drive(clock, broker.placeOrder(order('vigil-ord-7')))

      expect(ack.status).toBe('open')
      expect(mock.state.orders).toHaveLength(1)
      expect(creates()).toBe(4)
      // It waited between tries rather than hammering the exchange.
      expect(clock.now() - before).toBeGreaterThanOrEqual(1500)
    })

    it('gives up on a storm longer than its retries with a transient error, nothing placed', async () => {
      const broker = connectBroker()
      await drive(clock, broker.balances(ACCOUNT))
      mock.rateLimitStorm(50)

      const error = await rejectionOf(drive(clock, broker.placeOrder(order('vigil-ord-8'))))

      expect(error).toBeInstanceOf(BrokerError)
      expect(error).toMatchObject({ code: 'rate_limited', kind: 'transient' })
      expect(mock.state.orders).toHaveLength(0)
      expect(creates()).toBe(4)
    })

    it('rejects an order the account cannot pay for at once, as permanent, without retrying', async () => {
      const broker = connectBroker()
      const error = await rejectionOf(
        drive(clock, broker.placeOrder(marketBuy('vigil-ord-9', '1'))),
      )

      expect(error).toBeInstanceOf(BrokerError)
      expect(error).toMatchObject({ code: 'insufficient_funds', kind: 'permanent' })
      expect((error as Error).message).toMatch(/insufficient funds/)
      expect(creates()).toBe(1)
      expect(mock.state.orders).toHaveLength(0)
    })

    it('says the key was refused when the secret is wrong (permanent)', async () => {
      const broker = connectBroker({
        credentials: { ...spec.credentials, secret: spec.wrongSecret },
      })
      const error = await rejectionOf(drive(clock, broker.balances(ACCOUNT)))
      expect(error).toMatchObject({ code: 'authentication', kind: 'permanent' })
      expect((error as Error).message).toMatch(/refused the API key/)
    })

    it('reports an exchange that stays unavailable as transient, after its retries', async () => {
      const broker = connectBroker()
      mock.fault('unavailable', 50)
      const error = await rejectionOf(drive(clock, broker.balances(ACCOUNT)))
      expect(error).toMatchObject({ code: 'unavailable', kind: 'transient' })
      // Four tries of the first call (loading the markets), then it gave up.
      expect(mock.requestsTo('GET', mock.requests[0]!.path)).toHaveLength(4)
    })

    it("reports the exchange's own fee figures: its rates, its tier and each trade's fee, held against the recorded fees", async () => {
      const broker = connectBroker()
      await drive(clock, broker.connect())
      const ack = await drive(clock, broker.placeOrder(marketBuy('vigil-ord-fees', '0.01')))
      const fill = ack.fills[0]!
      const report = await drive(clock, broker.exchangeFees(ACCOUNT, 0))
      expect(report).toMatchObject({
        kind: 'exchange',
        makerRate: spec.makerRate,
        takerRate: spec.takerRate,
        tier: { from: spec.tier.tierFrom, volume30d: spec.tier.volume30d },
        notes: [],
      })
      if (report.kind !== 'exchange') throw new Error('not an exchange report')
      expect(report.trades).toEqual([
        { fillId: fill.fillId, fee: expect.any(String), feeAsset: 'USD', liquidity: 'taker' },
      ])
      expect(dec(report.trades![0]!.fee!).eq(mock.state.trades[0]!.fee)).toBe(true)

      const recorded = { fillId: fill.fillId, fee: fill.fee, feeAsset: fill.feeAsset }
      expect(compareExchangeFees(report, [recorded])).toMatchObject({
        trades: { checked: 1, matching: 1, differing: [], missing: [] },
      })
      // A fee recorded a cent off, and a fill the exchange does not list, are both named.
      const off = { ...recorded, fee: dec(fill.fee).plus('0.01').toString() }
      const ghost = { fillId: 'not-at-the-exchange', fee: '1', feeAsset: 'USD' }
      expect(compareExchangeFees(report, [off, ghost])).toMatchObject({
        trades: {
          checked: 1,
          matching: 0,
          differing: [{ fillId: fill.fillId, recorded: off.fee, exchange: report.trades![0]!.fee }],
          missing: ['not-at-the-exchange'],
        },
      })
    })

    it("says so when the exchange's trades cannot be read, and still gives its rates", async () => {
      const broker = connectBroker({ maxAttempts: 1 })
      await drive(clock, broker.connect())
      broker.exchange.fetchMyTrades = async () => {
        throw new NetworkError('connection reset')
      }
      const report = await drive(clock, broker.exchangeFees(ACCOUNT, 0))
      expect(report).toMatchObject({ kind: 'exchange', takerRate: spec.takerRate, trades: null })
      if (report.kind !== 'exchange') throw new Error('not an exchange report')
      expect(report.notes.join(' ')).toMatch(/trades could not be read/)
    })

    it('reads the taker fee and the fee tier the exchange reports', async () => {
      const broker = connectBroker()
      await drive(clock, broker.connect())

      expect(broker.takerFeeRate(ACCOUNT)).toBe(spec.takerRate)
      expect(broker.feeTier(ACCOUNT)).toEqual({
        schedule: expect.stringMatching(spec.tier.schedule),
        tierFrom: spec.tier.tierFrom,
        makerRate: spec.makerRate,
        takerRate: spec.takerRate,
        volume30d: spec.tier.volume30d,
      })
      expect(broker.status()).toMatchObject({ connected: true, lastError: null, sandbox: false })
    })
  })
}
