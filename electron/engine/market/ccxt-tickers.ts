/**
 * Public prices from any exchange ccxt supports, for paper trading on live prices. Only the
 * public ticker endpoint is used: no keys, nothing that can trade.
 */
import type { Exchange } from 'ccxt'
import type { MarketSymbol } from '../../../shared/types'
import type { Ticker, TickerSource } from './live-feed'

/** Options of a ccxt ticker source. */
export interface CcxtTickerOptions {
  readonly exchangeId: string
  /** Sends every API call to this base address instead (tests point it at a local mock). */
  readonly apiBase?: string
  /** ccxt's own request throttle; tests against a mock switch it off. Default on. */
  readonly enableRateLimit?: boolean
  readonly timeoutMs?: number
}

/** The ccxt symbol of one of ours: BTC-USD → BTC/USD. */
export const ccxtSymbol = (symbol: MarketSymbol): string => symbol.replace('-', '/')

/**
 * A TickerSource on ccxt's public API. ccxt is loaded on the first poll (it takes about a
 * second), so a console without live prices never pays for it.
 */
export function ccxtTickers(options: CcxtTickerOptions): TickerSource {
  let client: Promise<Exchange> | null = null
  const connect = async (): Promise<Exchange> => {
    const ccxt = (await import('ccxt')).default
    const Ctor = (ccxt as unknown as Record<string, new (config: object) => Exchange>)[
      options.exchangeId
    ]
    if (typeof Ctor !== 'function' || !ccxt.exchanges.includes(options.exchangeId))
      throw new Error(
        `"${options.exchangeId}" is not an exchange ccxt knows; see ccxt.exchanges for the ids (e.g. coinbase, kraken)`,
      )
    const exchange = new Ctor({
      enableRateLimit: options.enableRateLimit ?? true,
      timeout: options.timeoutMs ?? 10_000,
    })
    const base = options.apiBase
    if (base) {
      const api = exchange.urls.api as Record<string, unknown>
      exchange.urls.api = Object.fromEntries(Object.keys(api).map((k) => [k, base])) as never
    }
    return exchange
  }
  return {
    exchangeId: options.exchangeId,
    async fetchTickers(symbols) {
      client ??= connect()
      const exchange = await client.catch((error: unknown) => {
        client = null
        throw error
      })
      const out: Partial<Record<MarketSymbol, Ticker>> = {}
      await Promise.all(
        symbols.map(async (symbol) => {
          const t = await exchange.fetchTicker(ccxtSymbol(symbol))
          if (t.bid === undefined || t.ask === undefined || t.last === undefined) return
          out[symbol] = {
            bid: Number(t.bid),
            ask: Number(t.ask),
            last: Number(t.last),
            ...(t.baseVolume === undefined ? {} : { baseVolume: Number(t.baseVolume) }),
            ...(t.bidVolume === undefined ? {} : { bidSize: Number(t.bidVolume) }),
            ...(t.askVolume === undefined ? {} : { askSize: Number(t.askVolume) }),
          }
        }),
      )
      return out
    },
  }
}
