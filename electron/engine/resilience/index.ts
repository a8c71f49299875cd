/**
 * What keeps the engine whole across failures: recovery at start (the snapshot the journal
 * vouches for, then the journal tail), the snapshot store, the data folder's lock and private
 * modes, the settings file, the trading states (with their fold), and the folds of the
 * reconciliation and drill logs.
 */
export { AtomicJsonFile, SnapshotStore, type SnapshotData } from './snapshot'
export { DataDirLockedError, lockDataDir } from './lock'
export {
  PRIVATE_DIR_MODE,
  PRIVATE_FILE_MODE,
  makePrivateDir,
  privatizeDataDir,
} from './private-files'
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
