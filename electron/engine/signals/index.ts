/** Signals: where order intents come from besides the ticket and the REST API: strategies. */
export { STRATEGIES, smaCross, type SmaCrossOptions } from './sma-cross'
export { StrategyRunners, type RunnerDeps } from './runner'
export type { Strategy, StrategyIntent, StrategyView } from './strategy'
export { strategyHandlers } from './handlers'
