/**
 * Execution costs: the statistics that test a cost model against the trader's fills.
 */
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
