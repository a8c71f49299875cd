/**
 * Paper trading on live public prices, with a local mock of Coinbase's public API standing in
 * for the exchange: the prices come from its ticker endpoint through ccxt.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../../electron/engine'
import { ccxtTickers } from '../../../electron/engine/market/ccxt-tickers'
import { call, cleanup, tempDir, testEngine, value } from '../../kit/engine'
import { CoinbaseMock, type MockExchange } from '../../kit/mock-exchanges'

let mock: MockExchange | null = null
const dirs: string[] = []
const engines: Engine[] = []
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()))
  dirs.splice(0).forEach(cleanup)
  await mock?.close()
  mock = null
})

describe('live public prices through ccxt', () => {
  it('quotes a paper account from the exchange ticker and fills its orders there', async () => {
    mock = await CoinbaseMock.start({ now: () => Date.now() })
    const dir = tempDir()
    dirs.push(dir)
    const { engine } = await testEngine(dir, {
      tickerSource: (exchangeId: string) =>
        ccxtTickers({ exchangeId, apiBase: mock!.url, enableRateLimit: false }),
    })
    engines.push(engine)
    const account = value(
      await call(engine, 'accounts:add', {
        name: 'Paper on Coinbase prices',
        kind: 'paper',
        priceSource: 'live',
        exchangeId: 'coinbase',
      }),
    )
    const snap = value(await call(engine, 'app:get-snapshot', {}))
    const status = snap.accountStatuses.find((s) => s.accountId === account.id)
    expect(status?.prices).toEqual({ source: 'live', online: true, message: null })
    const quote = snap.quotes.find((q) => q.source === 'coinbase' && q.symbol === 'BTC-USD')
    const mockQuote = mock.state.quotes.get('BTC-USD')!
    expect(quote).toMatchObject({
      bid: Number(mockQuote.bid).toFixed(2),
      ask: Number(mockQuote.ask).toFixed(2),
    })
    const order = value(
      await call(engine, 'orders:submit', {
        accountId: account.id,
        symbol: 'BTC-USD',
        side: 'buy',
        type: 'market',
        quantity: '0.001',
      }),
    )
    expect(order.status).toBe('filled')
    expect(Number(order.averagePrice)).toBe(Number(quote!.ask))
    expect(mock.requests.some((r) => r.path.includes('/ticker'))).toBe(true)
  })
})
