/** Live cost features per feed and symbol, and estimates from them. */
export { CostService, type CostRequest } from './cost-service'
export {
  FEED_MINUTES,
  LONG_ATR_MIN_MINUTES,
  LONG_ATR_PERIOD,
  SymbolFeatures,
  type FeatureCandle,
  type SymbolFeaturesNow,
} from './symbol-features'
