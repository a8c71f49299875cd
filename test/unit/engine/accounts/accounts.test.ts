/**
 * Several accounts at once, limit orders that rest and fill later, broker faults ridden out
 * without a second order, and live prices with their offline fallback: through the engine.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../../../electron/engine'
import { BrokerError, type Broker } from '../../../../electron/engine/brokers'
import type { TickerSource } from '../../../../electron/engine/market'
import type { EngineEvent } from '../../../../shared/contract'
import type { AccountStatus } from '../../../../shared/types'
import { delegate } from '../../../kit/broker'
import { call, cleanup, tempDir, testEngine, value } from '../../../kit/engine'

const dirs: string[] = []
const engines: Engine[] = []
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()))
  dirs.splice(0).forEach(cleanup)
})
async function start(overrides = {}) {
  const dir = tempDir()
  dirs.push(dir)
  const made = await testEngine(dir, overrides)
  engines.push(made.engine)
  return { ...made, dir }
}
const market = (quantity: string, accountId?: string, clientOrderId?: string) => ({
  accountId,
  clientOrderId,
  symbol: 'BTC-USD',
  side: 'buy',
  type: 'market',
  quantity,
})

describe('several accounts at once', () => {
  it('keeps each account its own cash, positions and limits, and shows them together', async () => {
    const { engine } = await start()
    const second = value(
      await call(engine, 'accounts:add', {
        name: 'Paper B',
        kind: 'paper',
        initialBalance: '2500',
      }),
    )
    const exchange = value(
      await call(engine, 'accounts:add', {
        name: 'Coinbase',
        kind: 'exchange',
        exchangeId: 'coinbase',
      }),
    )
    value(await call(engine, 'orders:submit', market('0.01', second.id)))
    value(
      await call(engine, 'limits:update', {
        accountId: second.id,
        limits: { maxOpenPositions: 1 },
      }),
    )

    const snap = value(await call(engine, 'app:get-snapshot', {}))
    expect(snap.accounts.map((a) => [a.id, a.kind])).toEqual([
      ['paper-1', 'paper'],
      [second.id, 'paper'],
      [exchange.id, 'exchange'],
    ])
    const cash = Object.fromEntries(snap.balances.map((b) => [b.accountId, b.total]))
    expect(cash['paper-1']).toBe('10000')
    expect(Number(cash[second.id])).toBeLessThan(2500)
    expect(snap.positions.map((p) => p.accountId)).toEqual([second.id])
    expect(snap.limits['paper-1']?.maxOpenPositions).not.toBe(1)
    expect(snap.limits[second.id]?.maxOpenPositions).toBe(1)
    // The exchange account has no keys on a host without a key store: it says so, and the
    // gate refuses its orders rather than sending them anywhere.
    const status = snap.accountStatuses.find((s) => s.accountId === exchange.id)
    expect(status).toMatchObject({ connection: 'disconnected', credentials: { stored: false } })
    const refused = await call(engine, 'orders:submit', market('0.01', exchange.id))
    expect(refused.ok).toBe(false)
    if (!refused.ok)
      expect(refused.error.message).toMatch(
        /Position tracker unavailable: the account is disconnected/,
      )
  })

  it('keeps strategies off exchange accounts until the trader allows them', async () => {
    const { engine } = await start()
    const exchange = value(
      await call(engine, 'accounts:add', {
        name: 'Kraken',
        kind: 'exchange',
        exchangeId: 'kraken',
      }),
    )
    const start1 = await call(engine, 'strategies:start', {
      accountId: exchange.id,
      strategyId: 'sma-cross',
      symbol: 'BTC-USD',
      quantity: '0.001',
    })
    expect(start1.ok).toBe(false)
    if (!start1.ok) expect(start1.error.message).toMatch(/strategies run on paper accounts only/)
    const allowed = value(
      await call(engine, 'accounts:update', { accountId: exchange.id, strategiesAllowed: true }),
    )
    expect(allowed.strategiesAllowed).toBe(true)
    // The change is journaled with old and new values and survives a restart.
    const audit = value(await call(engine, 'app:get-snapshot', {}))
    expect(audit.accounts.find((a) => a.id === exchange.id)?.strategiesAllowed).toBe(true)
  })
})

describe('limit orders', () => {
  it('rests a limit buy below the market, fills it as maker when the price comes down, and verifies it', async () => {
    const { engine, clock } = await start({ startMarket: true })
    const events: EngineEvent[] = []
    engine.subscribe((e) => events.push(e))
    const ask = Number(value(await call(engine, 'app:get-snapshot', {})).quotes[0]!.ask)
    // 0.2 % below the ask: within the price band, and the random walk gets there soon.
    const limitPrice = (Math.round(ask * 0.998 * 100) / 100).toFixed(2)
    const placed = value(
      await call(engine, 'orders:submit', {
        symbol: 'BTC-USD',
        side: 'buy',
        type: 'limit',
        quantity: '0.01',
        limitPrice,
      }),
    )
    expect(placed).toMatchObject({ status: 'open', limitPrice, filledQuantity: '0' })
    for (let i = 0; i < 24 * 3600; i++) {
      clock.advance(1_000)
      if (value(await call(engine, 'orders:get', { id: placed.id })).status !== 'open') break
    }
    const done = value(await call(engine, 'orders:get', { id: placed.id }))
    expect(done).toMatchObject({ status: 'filled', averagePrice: limitPrice })
    const fill = events.find((e) => e.type === 'fills:created')
    expect(fill?.payload).toMatchObject({ liquidity: 'maker', price: limitPrice })
    const row = value(await call(engine, 'audit:query', {})).rows[0]
    expect(row).toMatchObject({ orderId: placed.id, outcome: 'passed' })
  })

  it('cancels a resting limit order and releases what it reserved', async () => {
    const { engine } = await start()
    const ask = Number(value(await call(engine, 'app:get-snapshot', {})).quotes[0]!.ask)
    const limitPrice = (Math.floor(ask * 0.97 * 100) / 100).toFixed(2)
    const placed = value(
      await call(engine, 'orders:submit', {
        symbol: 'BTC-USD',
        side: 'buy',
        type: 'limit',
        quantity: '0.01',
        limitPrice,
      }),
    )
    const reserved = value(await call(engine, 'app:get-snapshot', {})).balances[0]!
    expect(Number(reserved.available)).toBeLessThan(Number(reserved.total))
    const canceled = value(await call(engine, 'orders:cancel', { id: placed.id }))
    expect(canceled).toMatchObject({ status: 'canceled', filledQuantity: '0' })
    const after = value(await call(engine, 'app:get-snapshot', {})).balances[0]!
    expect(after.available).toBe(after.total)
    const again = await call(engine, 'orders:cancel', { id: placed.id })
    expect(again.ok).toBe(false)
    if (!again.ok) expect(again.error.message).toMatch(/already canceled/)
  })
})

describe('broker faults through the order path', () => {
  it('after a transient error it looks the order up before sending again, and never sends it twice', async () => {
    let sends = 0
    let lookups = 0
    let dropped!: () => void
    const connectionDropped = new Promise<void>((resolve) => (dropped = resolve))
    const flaky = (paper: Broker): Broker =>
      delegate(paper, {
        async placeOrder(request) {
          sends += 1
          // The exchange takes the order, then the connection drops before the answer.
          const ack = await paper.placeOrder(request)
          if (sends === 1) {
            dropped()
            throw new BrokerError('network', 'connection reset')
          }
          return ack
        },
        async fetchOrder(a, c, s) {
          lookups += 1
          return paper.fetchOrder(a, c, s)
        },
      })
    const { engine, clock } = await start({ wrapBroker: flaky })
    const placing = call(engine, 'orders:submit', market('0.01', undefined, 'once'))
    // The retry waits on the clock before looking the order up.
    await connectionDropped
    await new Promise((r) => setImmediate(r))
    clock.advance(250)
    const order = value(await placing)
    expect(order.status).toBe('filled')
    expect({ sends, lookups }).toEqual({ sends: 1, lookups: 1 })
    expect(value(await call(engine, 'app:get-snapshot', {})).positions[0]?.quantity).toBe('0.01')
  })

  it('fails an order the broker refuses for good, with its reason, and does not retry', async () => {
    let sends = 0
    const broke = (paper: Broker): Broker =>
      delegate(paper, {
        async placeOrder() {
          sends += 1
          throw new BrokerError(
            'insufficient_funds',
            'Insufficient funds: need $651.00, have $12.00',
          )
        },
      })
    const { engine } = await start({ wrapBroker: broke })
    const result = await call(engine, 'orders:submit', market('0.01'))
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.code).toBe('BROKER_ERROR')
      expect(result.error.message).toMatch(/Insufficient funds: need \$651.00, have \$12.00/)
    }
    expect(sends).toBe(1)
  })
})

describe('live public prices', () => {
  const ticker =
    (online: boolean): ((id: string) => TickerSource) =>
    (exchangeId) => ({
      exchangeId,
      async fetchTickers(symbols) {
        if (!online) throw new Error('getaddrinfo ENOTFOUND api.exchange.coinbase.com')
        return Object.fromEntries(
          symbols.map((s) => [s, { bid: 100.0, ask: 100.1, last: 100.05, baseVolume: 5_000_000 }]),
        )
      },
    })

  it('trades a paper account on live prices when they come in', async () => {
    const { engine } = await start({ tickerSource: ticker(true) })
    const live = value(
      await call(engine, 'accounts:add', {
        name: 'Paper on Coinbase prices',
        kind: 'paper',
        priceSource: 'live',
        exchangeId: 'coinbase',
      }),
    )
    const snap = value(await call(engine, 'app:get-snapshot', {}))
    expect(snap.accountStatuses.find((s) => s.accountId === live.id)?.prices).toEqual({
      source: 'live',
      online: true,
      message: null,
    })
    const order = value(
      await call(engine, 'orders:submit', { ...market('1', live.id), symbol: 'SOL-USD' }),
    )
    expect(order).toMatchObject({ status: 'filled', averagePrice: '100.1' })
  })

  it('says so when offline and stays on the simulator', async () => {
    const { engine } = await start({ tickerSource: ticker(false) })
    const statuses: AccountStatus[] = []
    engine.subscribe((e) => e.type === 'accounts:status' && statuses.push(e.payload))
    const live = value(
      await call(engine, 'accounts:add', {
        name: 'Paper on Kraken prices',
        kind: 'paper',
        priceSource: 'live',
        exchangeId: 'kraken',
      }),
    )
    const status = statuses.filter((s) => s.accountId === live.id).at(-1)
    expect(status?.connection).toBe('connected')
    expect(status?.prices.source).toBe('simulator')
    expect(status?.prices.online).toBe(false)
    expect(status?.prices.message).toMatch(
      /Live prices from kraken are not coming in: getaddrinfo ENOTFOUND.*Trading on the simulated market instead/,
    )
    const order = value(await call(engine, 'orders:submit', market('0.01', live.id)))
    expect(Number(order.averagePrice)).toBeGreaterThan(1_000)
  })
})
