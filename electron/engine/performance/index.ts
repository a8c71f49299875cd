/**
 * Performance: round-trip trades from fills (FIFO), trade and daily-return statistics exactly as
 * the quantitative reference (quant.md) defines them, execution and slippage statistics, the
 * equity curve, metrics over a time range, the live tracker per account and for all accounts,
 * the minute equity log on disk, and the fold of the journaled daily closes.
 */
export {
  DuplicateFillError,
  FifoMatcher,
  fillKey,
  roundTripsFromFills,
  type FillInput,
  type MarkedPosition,
  type OpenPosition,
  type RoundTrip,
  type TradeSide,
} from './trades'
export {
  TradeStats,
  tradeMetrics,
  type ExposureWindow,
  type TradeInput,
  type TradeMetrics,
  type TradeStatsOptions,
  type Value,
} from './stats'
export {
  MIN_ANNUALIZED_DAYS,
  PERIODS_PER_YEAR,
  ROLLING_WINDOW,
  ReturnStats,
  returnMetrics,
  returnsFromEquity,
  rollingSharpe,
  type ReturnMetrics,
  type ReturnStatsOptions,
} from './returns'
export { EquityCurve, nextLocalDay, type EquityCurveOptions, type EquityPoint } from './equity'
export {
  ExecutionStats,
  orderOutcome,
  slippageBps,
  type ExecutionMetrics,
  type OrderOutcome,
  type SlippageMetrics,
} from './execution'
export {
  dailyReturnsFromTrades,
  inRange,
  returnMetricsInRange,
  tradeMetricsInRange,
  type DailyReturn,
  type TimeRange,
} from './range'
export { tradeInput } from './trade-book'
export {
  PerformanceTracker,
  type PerformanceMetrics,
  type PerformanceTrackerOptions,
} from './tracker'
export { EquityLog, type EquitySample } from './equity-log'
export { dayClosesFold, type DayClose } from './day-closes'
export { TradeBook, type TradeBookState } from './trade-book'
export { LiveTrades, tradesFold, type LiveTradesState } from './trades-fold'
export { LivePerformance } from './live'
