/**
 * An exchange account end to end through the engine, with a local Coinbase mock as the
 * exchange: keys stored (never shown back), connected, the exchange's fee tier shown, an order
 * sent with our client order id and filled there, and its fee held against the exchange's.
 */
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../../electron/engine'
import { CcxtBroker } from '../../../electron/engine/brokers/ccxt-broker'
import { asExchangeBroker } from '../../../electron/engine/brokers/exchange'
import { systemClock } from '../../../electron/host'
import { ServerCredentialStore } from '../../../electron/server/credentials'
import { call, cleanup, tempDir, testEngine, value } from '../../kit/engine'
import { FakeClock } from '../../kit/fake-clock'
import { COINBASE_CREDENTIALS, CoinbaseMock, type MockExchange } from '../../kit/mock-exchanges'

let mock: MockExchange | null = null
const dirs: string[] = []
const engines: Engine[] = []
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()))
  dirs.splice(0).forEach(cleanup)
  await mock?.close()
  mock = null
})

describe('an exchange account through the engine', () => {
  it('stores keys, connects, adopts the opening balances, shows the fee tier, and trades with our client order id', async () => {
    // The mock's prices carry the engine's (fake) time, so they are fresh to the gate.
    const clock = new FakeClock()
    mock = await CoinbaseMock.start({ now: () => clock.now() })
    const dir = tempDir()
    dirs.push(dir)
    const url = mock.url
    const { engine } = await testEngine(dir, {
      clock,
      credentials: new ServerCredentialStore({ env: {}, file: path.join(dir, 'keys.json') }),
      exchangeBroker: async (account, credentials) => {
        const broker = new CcxtBroker({
          accountId: account.id,
          exchangeId: account.exchangeId ?? '',
          credentials,
          clock: systemClock,
          urls: { api: url },
          enableRateLimit: false,
          timeoutMs: 2_000,
        })
        await broker.connect()
        return asExchangeBroker(broker, 'coinbase')
      },
    })
    engines.push(engine)
    const account = value(
      await call(engine, 'accounts:add', {
        name: 'Coinbase',
        kind: 'exchange',
        exchangeId: 'coinbase',
      }),
    )
    const stored = value(
      await call(engine, 'accounts:set-credentials', {
        accountId: account.id,
        apiKey: COINBASE_CREDENTIALS.apiKey,
        secret: COINBASE_CREDENTIALS.secret,
        canTrade: true,
      }),
    )
    expect(stored.credentials).toMatchObject({ stored: true, apiKeyHint: '…-key', canTrade: true })
    expect(JSON.stringify(stored)).not.toContain(COINBASE_CREDENTIALS.secret)

    const connected = value(await call(engine, 'accounts:connect', { accountId: account.id }))
    expect(connected.connection).toBe('connected')
    expect(connected.feeTier?.takerRate).toBe('0.012')

    // The first connection adopts the exchange's balances as the account's opening balances.
    expect(connected.message).toMatch(
      /^Opening balances adopted from coinbase: \$[\d,]+\.\d\d of USD/,
    )
    const funded = value(await call(engine, 'app:get-snapshot', {}))
    const cash = funded.balances.find((b) => b.accountId === account.id)?.total
    expect(cash).toBe(mock.state.total('USD').toFixed())
    expect(funded.positions.find((p) => p.accountId === account.id)).toMatchObject({
      symbol: 'BTC-USD',
      quantity: mock.state.total('BTC').toFixed(),
    })

    // It holds 0.5 BTC at the exchange: room for it under this account's own limits.
    value(
      await call(engine, 'limits:update', {
        accountId: account.id,
        limits: {
          maxPositionNotional: '100000',
          maxTotalExposure: '100000',
          maxOrderNotional: '1000',
        },
      }),
    )
    const order = value(
      await call(engine, 'orders:submit', {
        accountId: account.id,
        clientOrderId: 'cb-1',
        symbol: 'BTC-USD',
        side: 'buy',
        type: 'market',
        quantity: '0.001',
      }),
    )
    expect(order.status).toBe('filled')
    // Verified against the exchange: its holding moved exactly as the ledger's.
    const row = value(await call(engine, 'audit:query', { filter: { accountId: account.id } }))
      .rows[0]
    expect(row).toMatchObject({ orderId: order.id, outcome: 'passed' })
    const creates = mock.requestsTo('POST', '/api/v3/brokerage/orders')
    expect(creates).toHaveLength(1)
    expect(creates[0]?.body).toContain('"client_order_id":"cb-1"')

    // The fee analyzer: judged by Coinbase Advanced's published schedule, with the exchange's
    // own rates and its trade's fee, which matches the one recorded.
    const fees = value(await call(engine, 'costs:fees', { accountId: account.id })).accounts[0]!
    expect(fees.schedule).toMatchObject({ venue: 'Coinbase Advanced', effective: '2022-09-20' })
    expect(fees.analysis.fills).toHaveLength(1)
    expect(fees.exchange).toMatchObject({
      kind: 'exchange',
      takerRate: '0.012',
      trades: { checked: 1, matching: 1, differing: [], missing: [] },
    })
    // Asked again within the minute, the figures are not read from the exchange again.
    const reads = (): number =>
      mock!.requestsTo('GET', '/api/v3/brokerage/orders/historical/fills').length
    const read = reads()
    expect(read).toBeGreaterThan(0)
    value(await call(engine, 'costs:fees', { accountId: account.id }))
    expect(reads()).toBe(read)

    const gone = value(await call(engine, 'accounts:disconnect', { accountId: account.id }))
    expect(gone).toMatchObject({
      connection: 'disconnected',
      message: 'Disconnected by the trader.',
    })
  })
})
