/** The expected-slippage model: coefficients, the model, and the seed's naive baseline. */
export {
  DEFAULT_SLIPPAGE_COEFFICIENTS,
  coefficientsProblem,
  type SlippageCoefficients,
} from './coefficients'
export { naiveSlippageBps, type NaiveSlippageInput } from './naive'
export {
  estimateSlippage,
  walkCostBps,
  type CostBookLevel,
  type SlippageFeatures,
  type SlippageOrder,
} from './slippage-model'
