/** Durable state: the snapshot store and the data-folder lock. */
export { AtomicJsonFile, SnapshotStore, type SnapshotData } from './snapshot'
export { DataDirLockedError, lockDataDir } from './lock'
export { SettingsStore, type SettingsData } from './settings'
