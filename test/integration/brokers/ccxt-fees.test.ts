/**
 * An exchange's own fee figures read through ccxt's unified calls, on a mocked exchange object:
 * rates from fetchTradingFees where there is no profile, a fee in another asset passed on as
 * the exchange gives it, and an exchange that reports no rates said so.
 */
import type { Exchange } from 'ccxt'
import { describe, expect, it } from 'vitest'
import { readExchangeFees } from '../../../electron/engine/brokers/ccxt-fees'

const retry = <T>(call: () => Promise<T>): Promise<T> => call()

function mocked(has: Record<string, boolean>, extra: Record<string, unknown> = {}): Exchange {
  return {
    has,
    fetchMyTrades: async (market: string, since: number) =>
      market === 'BTC/USDT' && since === 1_000
        ? [
            { id: 't-1', fee: { cost: 0.00075, currency: 'BNB' }, takerOrMaker: 'maker' },
            { id: 't-2', fee: undefined, takerOrMaker: undefined },
          ]
        : [],
    ...extra,
  } as unknown as Exchange
}

describe('reading fee figures through ccxt', () => {
  it("asks fetchTradingFees for the account's rates and passes each trade's fee on as given", async () => {
    const exchange = mocked(
      { fetchTradingFees: true },
      { fetchTradingFees: async () => ({ 'BTC/USDT': { maker: 0.00075, taker: 0.001 } }) },
    )
    const report = await readExchangeFees({
      exchange,
      venue: 'Binance',
      markets: ['BTC/USDT'],
      since: 1_000,
      now: 5_000,
      rates: null,
      retry,
    })
    expect(report).toEqual({
      kind: 'exchange',
      venue: 'Binance',
      readAt: 5_000,
      makerRate: '0.00075',
      takerRate: '0.001',
      tier: null,
      trades: [
        { fillId: 't-1', fee: '0.00075', feeAsset: 'BNB', liquidity: 'maker' },
        { fillId: 't-2', fee: null, feeAsset: null, liquidity: null },
      ],
      notes: [],
    })
  })

  it('falls back to fetchTradingFee, and says when the exchange reports no rates at all', async () => {
    const single = mocked(
      { fetchTradingFee: true },
      { fetchTradingFee: async () => ({ maker: 0.0016, taker: 0.0026 }) },
    )
    const base = { venue: 'X', markets: ['BTC/USDT'], since: 1_000, now: 1, rates: null, retry }
    expect(await readExchangeFees({ ...base, exchange: single })).toMatchObject({
      makerRate: '0.0016',
      takerRate: '0.0026',
    })
    const none = await readExchangeFees({ ...base, exchange: mocked({}) })
    expect(none).toMatchObject({ makerRate: null, takerRate: null })
    if (none.kind !== 'exchange') throw new Error('not an exchange report')
    expect(none.notes).toEqual([
      "X does not report an account's fee rates through ccxt (no fetchTradingFees or fetchTradingFee): only its trades' fees are compared.",
    ])
    expect(none.trades).toHaveLength(2)
  })
})
