/** Market data: the simulated market and its instruments. */
export type { BookLevel, MarketFeed, MarketListener, OrderBook } from './feed'
export {
  INSTRUMENTS,
  instrument,
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
