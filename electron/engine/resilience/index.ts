/**
 * What keeps the engine whole across failures: recovery at start (the snapshot the journal
 * vouches for, then the journal tail), the snapshot store, the data folder's lock, the
 * settings file, the trading states (with their fold), and the folds of the reconciliation and
 * drill logs.
 */
export { AtomicJsonFile, SnapshotStore, removeLeftoverTemps, type SnapshotData } from './snapshot'
export { DataDirLockedError, lockDataDir } from './lock'
export { SettingsStore, type SettingsData } from './settings'
export { drillsFold, Drills, type DrillTimings } from './drills'
export { reconcileFold, Reconciler } from './reconcile'
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
export { CircuitBreaker, DEFAULT_BREAKER, type BreakerSettings } from './breaker'
export { HealthMonitor } from './health-monitor'
export { JournalCheck } from './journal-check'
export { Reconciliation } from './reconciliation'
export { SnapshotWriter } from './snapshot-writer'
export { TrackerAudit } from './tracker-audit'
export { crashCopy, type CopyEngine } from './crash-copy'
