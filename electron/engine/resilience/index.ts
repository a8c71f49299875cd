/** Durable state: the snapshot store and the data-folder lock. */
export { AtomicJsonFile, SnapshotStore, type SnapshotData } from './snapshot'
export { DataDirLockedError, lockDataDir } from './lock'
export { SettingsStore, type SettingsData } from './settings'
export { drillsFold } from './drills'
export { reconcileFold } from './reconcile'
export {
  TradingStates,
  tradingFold,
  type StateSetter,
  type TradingFolds,
  type TradingMeta,
} from './trading-state'
export {
  JournalMismatchError,
  changedSnapshotAlerts,
  recover,
  type NotVouched,
  type Recovered,
} from './recovery'
