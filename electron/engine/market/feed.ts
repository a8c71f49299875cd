/**
 * What the rest of the engine reads from a market, simulated or live: quotes, an order book,
 * one-minute candles, and the statistics the paper exchange's impact model needs.
 */
import type { Candle, MarketFault, MarketSymbol, Quote } from '../../../shared/types'

/** One price level of a book: decimal strings on the instrument's tick and lot grid. */
export interface BookLevel {
  readonly price: string
  readonly size: string
}

/** An order book snapshot, best level first on each side. */
export interface OrderBook {
  readonly symbol: MarketSymbol
  readonly ts: number
  readonly bids: readonly BookLevel[]
  readonly asks: readonly BookLevel[]
}

/** Listens to the market. */
export interface MarketListener {
  quote?(quote: Quote): void
  candle?(candle: Candle): void
}

/** A source of market data. */
export interface MarketFeed {
  /** The latest quote of a symbol. */
  quote(symbol: MarketSymbol): Quote
  /** Every latest quote. */
  quotes(): Quote[]
  /** The book around the mid now, `depth` levels a side (default 10). */
  book(symbol: MarketSymbol, depth?: number): OrderBook
  /** The last `limit` one-minute candles, oldest first. */
  candles(symbol: MarketSymbol, limit: number): Candle[]
  /**
   * Daily volatility (standard deviation of daily log returns, a fraction) and average daily
   * volume (base units) of a symbol: the σ and V of the square-root impact law.
   */
  stats(symbol: MarketSymbol): { readonly dailyVolatility: number; readonly dailyVolume: number }
  /** Listens to quotes and candles; returns the remover. */
  subscribe(listener: MarketListener): () => void
}

/** A market the engine drives: the simulator, or a rehearsal's replay of generated candles. */
export interface SimulatedMarket extends MarketFeed {
  start(): void
  stop(): void
  /** Simulated seconds per real second. */
  readonly speed: number
  setSpeed(multiplier: number): void
  /** The fault injected into a symbol's prices, if any. */
  fault(symbol: MarketSymbol): MarketFault | null
  setFault(symbol: MarketSymbol, fault: MarketFault | null): void
}
