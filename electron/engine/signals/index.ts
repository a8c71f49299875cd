/**
 * Signals: where order intents come from besides the ticket and the REST API: the strategies,
 * their runners per account, and the handler map of the strategy commands.
 */
export { STRATEGIES, smaCross, type SmaCrossOptions } from './sma-cross'
export { StrategyRunners, type RunnerDeps } from './runner'
export type { Strategy, StrategyIntent, StrategyView } from './strategy'
export { strategyHandlers } from './handlers'
