/** Execution: the pre-execution gate, the order service and post-execution verification. */
export { evaluateGate, type GateDecision, type GateInput } from './gate'
export { OrderService, type AccountContext } from './order-service'
export { verifyExecution, type VerificationInput, type VerificationResult } from './verifier'
export { DEFAULT_LIMITS, limitsFold } from './limits'
export { RiskLimitsBook } from './risk-limits'
export { orderHandlers } from './order-handlers'
