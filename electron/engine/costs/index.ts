/**
 * Execution costs: the market features an expected-slippage model reads (ATR, realized
 * volatility, 24-hour volume, spread, visible depth, the hour-of-week activity profile), and
 * the statistics that test a cost model against the trader's fills, the expected-slippage model
 * and its calibration, what each order cost against its arrival price and the model (by
 * symbol, size, hour and regime), and the fee analyzer (fills against the venue's published
 * schedule, the tier and its changes, the exchange's own figures).
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
export {
  ALPHA,
  MIN_FILLS,
  RECENT_FILLS,
  degradationReport,
  type CostFill,
  type DegradationOptions,
  type DegradationReport,
} from './stats/report'
export {
  CUSUM_DEFAULTS,
  cusum,
  type CusumAlarm,
  type CusumOptions,
  type CusumResult,
} from './stats/cusum'
export {
  WILCOXON_EXACT_MAX,
  signedRankTest,
  type Alternative,
  type SignedRankResult,
} from './stats/wilcoxon'
export { MANN_WHITNEY_EXACT_BELOW, rankSumTest, type RankSumResult } from './stats/mann-whitney'
export { median } from './stats/ranks'
export {
  BOOTSTRAP_DEFAULTS,
  BOOTSTRAP_MAX_VALUES,
  MIN_EXPECTED_BPS,
  bootstrapMedian,
  costRatios,
  medianInterval,
  type BootstrapOptions,
  type MedianInterval,
} from './stats/bootstrap'
export {
  orderCost,
  orderCostProblem,
  type CostedFill,
  type CostedOrder,
  type FillCost,
  type OrderCost,
} from './actual/order-cost'
export {
  SIZE_BUCKETS,
  costBreakdown,
  sizeBucket,
  type CostBreakdown,
  type CostGroup,
  type CostRow,
} from './actual/breakdown'

// Calibration of the slippage model's coefficients from the trader's own fills.
export {
  MAX_BUCKET_LABEL,
  calibrationRow,
  costBps,
  type CalibrationFill,
  type CalibrationRow,
} from './calibration/fill'
export { HUBER_C, huberRegression, type HuberFit } from './calibration/huber'
export {
  BUCKET_MIN_FILLS,
  MAX_BUCKETS,
  MIN_CALIBRATION_FILLS,
  fitCalibration,
  fitRows,
  type BucketFactor,
  type Calibration,
  type Estimate,
  type Rejected,
} from './calibration/fit'
export {
  CalibrationWindow,
  DEFAULT_CALIBRATION_WINDOW,
  MAX_CALIBRATION_WINDOW,
  windowSizeProblem,
  type CalibrationWindowState,
} from './calibration/window'

// The expected-slippage model, and the live features it reads at intent.
export {
  DEFAULT_SLIPPAGE_COEFFICIENTS,
  coefficientsProblem,
  estimateSlippage,
  naiveSlippageBps,
  walkCostBps,
  type CostBookLevel,
  type NaiveSlippageInput,
  type SlippageCoefficients,
  type SlippageFeatures,
  type SlippageOrder,
} from './model'
export {
  CostService,
  FEED_MINUTES,
  LONG_ATR_MIN_MINUTES,
  LONG_ATR_PERIOD,
  SymbolFeatures,
  type CostRequest,
  type FeatureCandle,
  type SymbolFeaturesNow,
} from './live'

// The fee analyzer.
export {
  analyzeFees,
  judge,
  type FeeConversion,
  type FeeFill,
  type FeeInputs,
} from './fees/analyze'
export {
  FeeTierBook,
  KEPT_TIER_CHANGES,
  feeTiersFold,
  positionFrom,
  tierPosition,
  tierStanding,
  type AccountTiers,
  type FeeTierState,
  type TierChange,
  type TierStanding,
} from './fees/tiers'
export { compareExchangeFees, type RecordedFee } from './fees/exchange'
export { convertAt } from './fees/convert'
export {
  EXCHANGE_READ_MS,
  FEE_CHECK_MS,
  FEE_WINDOW_MS,
  FeeWatch,
  type FeeWatchDeps,
} from './fees/watch'

// The cost book: every order with an estimate followed to its end; the alarm; costs:summary.
export {
  BAND_Z,
  CALIBRATION_HISTORY_EVERY,
  bandScaleBps,
  COST_WINDOW,
  CostBook,
  costBookFold,
  type CostBookState,
} from './book/cost-book'
export { BAND_COVERAGE, costSummary } from './book/summary'
export {
  PLAUSIBLE,
  TRUST_RELATIVE_SE,
  calibratedCoefficients,
  type CoefficientsInUse,
} from './book/coefficients'
export { CostWatch, type CostWatchDeps } from './book/watch'
