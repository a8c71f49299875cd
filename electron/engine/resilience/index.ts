/**
 * What keeps the engine whole across failures: recovery at start (the snapshot the journal
 * vouches for, then the journal tail), the snapshot store, the data folder's lock, the
 * settings file, the trading states (with their fold), the folds of the reconciliation and
 * drill logs, and uptime (the engine's runs, halts, restarts and health failures).
 */
export { AtomicJsonFile, SnapshotStore, removeLeftoverTemps, type SnapshotData } from './snapshot'
export { DataDirLockedError, lockDataDir } from './lock'
export { SettingsStore, type SettingsData } from './settings'
export { drillsFold, Drills, type DrillTimings } from './drills'
export { uptimeFold, Uptime, type UptimeState } from './uptime'
export { uptimeOver, healthFailuresOver, restartsOver, type UptimeOver } from './uptime-over'
export { EngineLife } from './engine-life'
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
