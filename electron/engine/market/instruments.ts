/**
 * The instruments of the simulated market and their trading rules.
 */
import type { Instrument, MarketSymbol } from '../../../shared/types'

/** Static facts and simulator parameters of each symbol. */
export interface SimulatedInstrument extends Instrument {
  /** Where the simulated price starts. */
  readonly startPrice: number
  /** Annualized volatility of the simulated price. */
  readonly annualVolatility: number
  /** Quoted spread, in basis points of the mid. */
  readonly spreadBps: number
  /** Typical traded base quantity per second. */
  readonly volumePerSecond: number
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
  },
]

/** The instrument of a symbol. */
export function instrument(symbol: MarketSymbol): SimulatedInstrument {
  const found = INSTRUMENTS.find((i) => i.symbol === symbol)
  if (!found) throw new Error(`Unknown symbol ${symbol}`)
  return found
}
