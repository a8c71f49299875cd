/**
 * A fee paid in another asset, converted to the quote asset with the price the engine had at the
 * fill's time, or the reason it cannot be.
 */
import { SYMBOLS, type MarketSymbol } from '../../../../shared/types'
import { dec } from '../../core'
import type { FeeConversion, FeeFill } from './analyze'

/** Minutes of candles searched for a fee asset's price at a fill's time. */
const CANDLES_SEARCHED = 1_440

/**
 * A fee asset's price in the quote asset at a fill's time: the fill's own price when the fee
 * is in its base asset, else the close of that asset's one-minute candle of the fill's minute.
 */
export function convertAt(
  asset: string,
  fill: FeeFill,
  quoteAsset: string,
  candles: (symbol: MarketSymbol, limit: number) => readonly { time: number; close: number }[],
): FeeConversion {
  const [base] = fill.symbol.split('-')
  if (asset === base)
    return { price: dec(fill.price), source: `the fill's own price (${fill.symbol})` }
  const symbol = `${asset}-${quoteAsset}`
  if (!(SYMBOLS as readonly string[]).includes(symbol))
    return {
      price: null,
      reason: `The fee is in ${asset}, and Vigil has no ${asset} price in ${quoteAsset} to convert it.`,
    }
  const minute = Math.floor(fill.ts / 60_000) * 60_000
  const candle = candles(symbol as MarketSymbol, CANDLES_SEARCHED).find((c) => c.time === minute)
  if (!candle)
    return {
      price: null,
      reason: `The fee is in ${asset}; Vigil no longer has the ${symbol} price of ${new Date(minute).toISOString()} to convert it.`,
    }
  return {
    price: dec(candle.close),
    source: `${symbol} one-minute close at ${new Date(minute).toISOString()}`,
  }
}
