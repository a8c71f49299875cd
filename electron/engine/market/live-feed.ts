/**
 * Live public prices: a MarketFeed polling an exchange's public tickers (through ccxt in the
 * hosts; any `TickerSource` in tests). It never invents a price: when polls fail the last
 * quote simply ages, and the gate's market-data check refuses orders on stale prices.
 */
import type { Candle, MarketSymbol, Quote } from '../../../shared/types'
import type { Clock, TimerHandle } from '../core'
import type { MarketFeed, MarketListener, OrderBook } from './feed'
import { instrument } from './instruments'

/** One exchange ticker, as a TickerSource reports it. */
export interface Ticker {
  readonly bid: number
  readonly ask: number
  readonly last: number
  /** Base volume over the last 24 h, when the exchange says. */
  readonly baseVolume?: number
  /** When the exchange saw these prices; the time of the poll when it does not say. */
  readonly ts?: number
  /** Sizes at the best bid and ask, when the exchange says. */
  readonly bidSize?: number
  readonly askSize?: number
}

/** Where live prices come from: the public ticker endpoint of one exchange. */
export interface TickerSource {
  readonly exchangeId: string
  fetchTickers(symbols: readonly MarketSymbol[]): Promise<Partial<Record<MarketSymbol, Ticker>>>
}

/** Options of a live feed. */
export interface LiveFeedOptions {
  readonly clock: Clock
  readonly source: TickerSource
  readonly symbols: readonly MarketSymbol[]
  /** How often to poll, ms. Default 2,000. */
  readonly pollMs?: number
}

const MINUTE = 60_000
const MAX_CANDLES = 24 * 60
/** Used until a day of candles gives a better estimate (a typical crypto daily volatility). */
const DEFAULT_DAILY_VOLATILITY = 0.03

interface SymbolState {
  quote: Quote | null
  candles: Candle[]
  dailyVolume: number
  bidSize: number | null
  askSize: number | null
}

/** A market feed on live public prices. */
export class LiveFeed implements MarketFeed {
  private readonly states = new Map<MarketSymbol, SymbolState>()
  private readonly listeners = new Set<MarketListener>()
  private timer: TimerHandle | null = null
  private polling = false
  /** The last poll's failure, in words; null after a good poll. */
  private failure: string | null = 'no prices received yet'

  constructor(private readonly options: LiveFeedOptions) {
    for (const symbol of options.symbols)
      this.states.set(symbol, {
        quote: null,
        candles: [],
        dailyVolume: 0,
        bidSize: null,
        askSize: null,
      })
  }

  /** The exchange whose prices these are. */
  get exchangeId(): string {
    return this.options.source.exchangeId
  }

  /** Whether the last poll brought prices, and if not, why. */
  get online(): { readonly online: boolean; readonly message: string | null } {
    return this.failure === null
      ? { online: true, message: null }
      : {
          online: false,
          message: `Live prices from ${this.exchangeId} are not coming in: ${this.failure}.`,
        }
  }

  /** Polls once now; resolves true when every symbol got a price. */
  async poll(): Promise<boolean> {
    if (this.polling) return this.failure === null
    this.polling = true
    try {
      const tickers = await this.options.source.fetchTickers(this.options.symbols)
      const now = this.options.clock.now()
      const missing: string[] = []
      for (const [symbol, state] of this.states) {
        const t = tickers[symbol]
        if (!t || !(t.bid > 0 && t.ask >= t.bid && t.last > 0)) {
          missing.push(symbol)
          continue
        }
        this.update(symbol, state, t, now)
      }
      this.failure = missing.length === 0 ? null : `no usable price for ${missing.join(', ')}`
    } catch (error) {
      this.failure = (error as Error).message || 'the exchange did not answer'
    } finally {
      this.polling = false
    }
    return this.failure === null
  }

  /** Starts polling on the clock. */
  start(): void {
    this.timer ??= this.options.clock.setInterval(
      () => void this.poll(),
      this.options.pollMs ?? 2_000,
    )
  }

  /** Stops polling. */
  stop(): void {
    this.timer?.cancel()
    this.timer = null
  }

  private update(symbol: MarketSymbol, state: SymbolState, t: Ticker, now: number): void {
    const decimals = instrument(symbol).tickSize.split('.')[1]?.length ?? 0
    const quote: Quote = {
      symbol,
      source: this.exchangeId,
      ts: t.ts ?? now,
      bid: t.bid.toFixed(decimals),
      ask: t.ask.toFixed(decimals),
      last: t.last.toFixed(decimals),
    }
    state.quote = quote
    if (t.baseVolume !== undefined && t.baseVolume > 0) state.dailyVolume = t.baseVolume
    state.bidSize = t.bidSize !== undefined && t.bidSize > 0 ? t.bidSize : null
    state.askSize = t.askSize !== undefined && t.askSize > 0 ? t.askSize : null
    const minute = Math.floor(now / MINUTE) * MINUTE
    const current = state.candles.at(-1)
    let candle: Candle
    if (current?.time === minute) {
      candle = {
        ...current,
        high: Math.max(current.high, t.last),
        low: Math.min(current.low, t.last),
        close: t.last,
      }
      state.candles[state.candles.length - 1] = candle
    } else {
      candle = {
        symbol,
        time: minute,
        open: t.last,
        high: t.last,
        low: t.last,
        close: t.last,
        volume: 0,
      }
      state.candles.push(candle)
      if (state.candles.length > MAX_CANDLES) state.candles.shift()
    }
    for (const l of this.listeners) {
      l.quote?.(quote)
      l.candle?.(candle)
    }
  }

  private state(symbol: MarketSymbol): SymbolState {
    const state = this.states.get(symbol)
    if (!state) throw new Error(`Live prices are not followed for ${symbol}`)
    return state
  }

  quote(symbol: MarketSymbol): Quote {
    // Before the first price there is none: an empty quote the gate refuses as invalid.
    return (
      this.state(symbol).quote ?? {
        symbol,
        source: this.exchangeId,
        ts: 0,
        bid: '0',
        ask: '0',
        last: '0',
      }
    )
  }

  quotes(): Quote[] {
    return this.options.symbols.map((s) => this.quote(s))
  }

  book(symbol: MarketSymbol): OrderBook {
    // A ticker shows the top of the book only: one level a side, as deep as the exchange says,
    // else a minute of its daily volume, else a minute of the simulated instrument's typical
    // volume (an assumption, stated here). The paper exchange's impact model prices size.
    const q = this.quote(symbol)
    const state = this.state(symbol)
    const inst = instrument(symbol)
    const decimals = inst.lotSize.split('.')[1]?.length ?? 0
    const minute = state.dailyVolume > 0 ? state.dailyVolume / 1_440 : inst.volumePerSecond * 60
    const size = (n: number | null): string =>
      Math.max(Number(inst.lotSize), n ?? minute).toFixed(decimals)
    return {
      symbol,
      ts: q.ts,
      bids: Number(q.bid) > 0 ? [{ price: q.bid, size: size(state.bidSize) }] : [],
      asks: Number(q.ask) > 0 ? [{ price: q.ask, size: size(state.askSize) }] : [],
    }
  }

  candles(symbol: MarketSymbol, limit: number): Candle[] {
    return this.state(symbol).candles.slice(-limit)
  }

  stats(symbol: MarketSymbol): { dailyVolatility: number; dailyVolume: number } {
    const candles = this.state(symbol).candles
    let dailyVolatility = DEFAULT_DAILY_VOLATILITY
    if (candles.length >= 60) {
      // Minute log returns scaled to a day.
      const r: number[] = []
      for (let i = 1; i < candles.length; i++)
        r.push(Math.log(candles[i]!.close / candles[i - 1]!.close))
      const m = r.reduce((a, b) => a + b, 0) / r.length
      const v = r.reduce((a, b) => a + (b - m) ** 2, 0) / (r.length - 1)
      dailyVolatility = Math.sqrt(v * 1_440)
    }
    return { dailyVolatility, dailyVolume: this.state(symbol).dailyVolume }
  }

  subscribe(listener: MarketListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
