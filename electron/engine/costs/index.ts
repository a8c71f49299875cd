/**
 * Execution costs: the market features an expected-slippage model reads (ATR, realized
 * volatility, 24-hour volume, spread, visible depth, the hour-of-week activity profile).
 */
export {
  AtrStream,
  DEFAULT_ATR_PERIOD,
  MAX_ATR_PERIOD,
  MIN_ATR_PERIOD,
  atrSeries,
  candleProblem,
  trueRange,
  type AtrCandle,
  type AtrPoint,
  type AtrSeries,
  type AtrStreamState,
} from './features/atr'
export {
  MINUTES_PER_DAY,
  MINUTES_PER_YEAR,
  dayVolume,
  realizedVolatility,
  type DayVolume,
  type MinuteCandle,
  type RealizedVolatility,
} from './features/candle-stats'
export { bookDepth, spreadBps, type BookDepth, type SideDepth, type Spread } from './features/book'
export {
  ActivityProfile,
  DEFAULT_HALF_LIFE_MINUTES,
  HOURS_PER_WEEK,
  SHRINK_MINUTES,
  hourOfWeek,
  type ActivityProfileState,
} from './features/activity-profile'
