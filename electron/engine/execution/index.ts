/**
 * Execution: the pre-execution gate, the order service (intent, gate, broker, fills,
 * verification), post-execution verification, and the risk limits' defaults and fold.
 */
export {
  evaluateGate,
  type GateDecision,
  type GateInput,
  type ReconciliationBlock,
  type SizeBandRule,
} from './gate'
export { OrderService, type AccountContext } from './order-service'
export { verifyExecution, type VerificationInput, type VerificationResult } from './verifier'
export { DEFAULT_LIMITS, limitsFold } from './limits'
export { RiskLimitsBook } from './risk-limits'
export { orderHandlers } from './order-handlers'
