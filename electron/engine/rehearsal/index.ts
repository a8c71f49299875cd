/** Rehearsals: a strategy run on simulated minute candles in a scratch data folder, fast. */
export {
  rehearseOn,
  type RehearsalAccount,
  type RehearsalOptions,
  type RehearsalReport,
  type RehearsalReports,
} from './rehearsal'
export type { EngineFactory, RehearsalEngine, RehearsalEngineOptions } from './engine-port'
export { DEFAULT_DRILLS, type RehearsalDrill, type RehearsalDrillOutcome } from './drills'
export type { RehearsalSignOff } from './plan'
export {
  REHEARSAL_FILES,
  writeRehearsalFiles,
  type RehearsalFiles,
  type RehearsalSetup,
} from './output'
export { bandTarget, quantityFor } from './sizing'
export { RehearsalRunner, type RehearsalRunnerDeps } from './runner'
