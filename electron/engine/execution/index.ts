/** Execution: the pre-execution gate, the order service and post-execution verification. */
export { evaluateGate, type GateDecision, type GateInput, type ReconciliationBlock } from './gate'
export { DEFAULT_LIMITS } from './limits'
export { OrderService, type AccountContext, type Commit } from './order-service'
export { verifyExecution, type VerificationInput, type VerificationResult } from './verifier'
