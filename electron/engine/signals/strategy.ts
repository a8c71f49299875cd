/**
 * Strategies as an order source: a strategy sees closed one-minute candles and the position,
 * and answers with an order intent or nothing. Its intents go through the same gate as the
 * trader's own orders; a strategy never talks to a broker.
 */
import type { Candle, MarketSymbol, Side } from '../../../shared/types'

/** What a strategy sees when a candle closes. */
export interface StrategyView {
  readonly symbol: MarketSymbol
  /** Closed one-minute candles, oldest first, the newest just closed. */
  readonly candles: readonly Candle[]
  /** Base quantity held now (decimal string). */
  readonly position: string
  /** The quantity per order the trader set when starting it (decimal string). */
  readonly quantity: string
}

/** An order a strategy wants, with why in words. */
export interface StrategyIntent {
  readonly side: Side
  readonly quantity: string
  readonly reason: string
}

/** A source of order intents. */
export interface Strategy {
  readonly id: string
  readonly name: string
  readonly description: string
  /** True for a strategy shipped to show how the machinery works, not to make money. */
  readonly demonstration: boolean
  /** Candles it needs before it can decide anything. */
  readonly warmUp: number
  /** Decides on a just-closed candle; null when there is nothing to do. */
  decide(view: StrategyView): StrategyIntent | null
}
