/**
 * The instruments of the simulated market and their trading rules.
 */
import type { Instrument, MarketSymbol } from '../../../shared/types'
import type { IntradayProfile } from './intraday'

/**
 * GARCH(1,1) on one-second returns: the variance of the next second, relative to the
 * instrument's average, is `(1 − alpha − beta) + alpha · shock² + beta · variance`, where shock
 * is the last second's return over the average one-second volatility. The long-run mean is 1,
 * so annualVolatility is kept; alpha + beta (< 1) is how long a burst of volatility lasts
 * (half-life ln 2 / (1 − alpha − beta) seconds), alpha how much one second's surprise moves it.
 */
export interface GarchParameters {
  readonly alpha: number
  readonly beta: number
}

/** Static facts and simulator parameters of each symbol. */
export interface SimulatedInstrument extends Instrument {
  /** Where the simulated price starts. */
  readonly startPrice: number
  /** Annualized volatility of the simulated price. */
  readonly annualVolatility: number
  /**
   * Quoted spread at average volatility, in basis points of the mid; it widens and narrows with
   * the current volatility (see spreadFactor in process.ts), never below one tick.
   */
  readonly spreadBps: number
  /** Typical traded base quantity per second, on average over the day. */
  readonly volumePerSecond: number
  /** Volatility clustering, per one-second step. */
  readonly garch: GarchParameters
  /** Volume and volatility by UTC hour; DEFAULT_INTRADAY when absent. */
  readonly intraday?: IntradayProfile
}

/** The instruments of the simulated market. */
export const INSTRUMENTS: readonly SimulatedInstrument[] = [
  {
    symbol: 'BTC-USD',
    baseAsset: 'BTC',
    quoteAsset: 'USD',
    lotSize: '0.00001',
    tickSize: '0.01',
    minNotional: '1',
    startPrice: 65_000,
    annualVolatility: 0.6,
    spreadBps: 1,
    volumePerSecond: 0.5,
    garch: { alpha: 0.009, beta: 0.9907 },
  },
  {
    symbol: 'ETH-USD',
    baseAsset: 'ETH',
    quoteAsset: 'USD',
    lotSize: '0.0001',
    tickSize: '0.01',
    minNotional: '1',
    startPrice: 3_200,
    annualVolatility: 0.75,
    spreadBps: 2,
    volumePerSecond: 6,
    garch: { alpha: 0.01, beta: 0.9896 },
  },
  {
    symbol: 'SOL-USD',
    baseAsset: 'SOL',
    quoteAsset: 'USD',
    lotSize: '0.001',
    tickSize: '0.01',
    minNotional: '1',
    startPrice: 150,
    annualVolatility: 0.9,
    spreadBps: 4,
    volumePerSecond: 120,
    garch: { alpha: 0.011, beta: 0.9884 },
  },
]

/** The instrument of a symbol. */
export function instrument(symbol: MarketSymbol): SimulatedInstrument {
  const found = INSTRUMENTS.find((i) => i.symbol === symbol)
  if (!found) throw new Error(`Unknown symbol ${symbol}`)
  return found
}

/**
 * Daily volatility and average daily volume an instrument's settings imply: the sigma and V of
 * the square-root impact law.
 */
export function instrumentStats(inst: SimulatedInstrument): {
  dailyVolatility: number
  dailyVolume: number
} {
  return {
    dailyVolatility: inst.annualVolatility / Math.sqrt(365),
    dailyVolume: inst.volumePerSecond * 86_400,
  }
}
