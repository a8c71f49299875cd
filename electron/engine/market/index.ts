/**
 * Market data: the feed interface (quotes, candles, order books), the simulated market, its
 * instruments and intraday profile, and minute candles generated for rehearsals.
 */
export type { BookLevel, MarketFeed, MarketListener, OrderBook, SimulatedMarket } from './feed'
export {
  INSTRUMENTS,
  instrument,
  instrumentStats,
  type GarchParameters,
  type SimulatedInstrument,
} from './instruments'
export { DEFAULT_INTRADAY, normalizeIntraday, type IntradayProfile } from './intraday'
export { simulateMinuteCandles, type MinuteCandleRun } from './minute-candles'
export {
  HISTORY_MINUTES,
  MAX_SPEED,
  MarketSimulator,
  type MarketFault,
  type SimulatorOptions,
} from './simulator'
export { LiveFeed, type TickerSource } from './live-feed'
export { MarketService } from './market-service'
export { ReplayMarket } from './replay'
export { ccxtTickers } from './ccxt-tickers'
