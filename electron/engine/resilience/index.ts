/** Durable state: the snapshot store and the data-folder lock. */
export { AtomicJsonFile, SnapshotStore, type SnapshotData } from './snapshot'
export { DataDirLockedError, lockDataDir } from './lock'
export {
  PRIVATE_DIR_MODE,
  PRIVATE_FILE_MODE,
  makePrivateDir,
  privatizeDataDir,
} from './private-files'
export { SettingsStore, type SettingsData } from './settings'
