/**
 * A MarketFeed for broker tests: the test sets each symbol's book and statistics by hand, and
 * every new book is published as a quote (best bid, best ask) to the feed's listeners.
 */
import type { Candle, MarketSymbol, Quote } from '../../shared/types'
import type { BookLevel, MarketFeed, MarketListener, OrderBook } from '../../electron/engine/market'

/** A price and a size, as decimal strings or numbers. */
export type StubLevel = readonly [price: string | number, size: string | number]

/** A hand-set market feed. */
export class StubFeed implements MarketFeed {
  private readonly books = new Map<MarketSymbol, OrderBook>()
  private readonly latest = new Map<MarketSymbol, Quote>()
  private readonly statistics = new Map<
    MarketSymbol,
    { dailyVolatility: number; dailyVolume: number }
  >()
  private readonly listeners = new Set<MarketListener>()

  constructor(private readonly now: () => number = () => 0) {}

  /** Sets a symbol's book, best level first on each side, and publishes its quote. */
  setBook(symbol: MarketSymbol, bids: readonly StubLevel[], asks: readonly StubLevel[]): Quote {
    const level = ([price, size]: StubLevel): BookLevel => ({
      price: String(price),
      size: String(size),
    })
    const ts = this.now()
    this.books.set(symbol, { symbol, ts, bids: bids.map(level), asks: asks.map(level) })
    const bid = bids[0] ? String(bids[0][0]) : '0'
    const ask = asks[0] ? String(asks[0][0]) : '0'
    const quote: Quote = { symbol, ts, bid, ask, last: ask }
    this.latest.set(symbol, quote)
    for (const listener of [...this.listeners]) listener.quote?.(quote)
    return quote
  }

  /** Sets the σ (daily volatility) and V (daily volume) the impact law reads. Default: 0 and 1. */
  setStats(symbol: MarketSymbol, dailyVolatility: number, dailyVolume: number): void {
    this.statistics.set(symbol, { dailyVolatility, dailyVolume })
  }

  quote(symbol: MarketSymbol): Quote {
    const quote = this.latest.get(symbol)
    if (!quote) throw new Error(`StubFeed: no book set for ${symbol}`)
    return quote
  }

  quotes(): Quote[] {
    return [...this.latest.values()]
  }

  book(symbol: MarketSymbol, depth = 10): OrderBook {
    const book = this.books.get(symbol)
    if (!book) throw new Error(`StubFeed: no book set for ${symbol}`)
    return { ...book, bids: book.bids.slice(0, depth), asks: book.asks.slice(0, depth) }
  }

  candles(): Candle[] {
    return []
  }

  stats(symbol: MarketSymbol): { dailyVolatility: number; dailyVolume: number } {
    return this.statistics.get(symbol) ?? { dailyVolatility: 0, dailyVolume: 1 }
  }

  subscribe(listener: MarketListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
