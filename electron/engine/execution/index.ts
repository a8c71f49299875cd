/** Execution: the pre-execution gate and the order service. */
export { evaluateGate, type GateDecision, type GateInput } from './gate'
export { OrderService, type Commit } from './order-service'
