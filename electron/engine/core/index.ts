/** What every domain uses: time, decimals, randomness, the event bus, the data folder's layout. */
export type { Clock, TimerHandle } from './clock'
export { Decimal, ZERO, dec, str, toCents, usd } from './decimal'
export { createRandom, type Random } from './random'
export { EventBus } from './event-bus'
export { isTimeZone, localDate, startOfLocalDay } from './time'
export {
  PRIVATE_DIR_MODE,
  PRIVATE_FILE_MODE,
  makePrivateDir,
  privatizeDataDir,
} from './private-files'
export { combineHandlers, type CallContext, type Handler, type Handlers } from './handlers'
export {
  DATA_FOLDER_LAYOUT,
  credentialsFile,
  drillCopyPrefix,
  equityMinutesFile,
  isDataFolderEntry,
  isLeftoverStateTemp,
  journalDir,
  lockFile,
  marketFile,
  paperExchangeFile,
  previousOf,
  reportsDir,
  serverFile,
  settingsFile,
  snapshotFile,
  snapshotFiles,
  type DataFolderEntry,
} from './data-folder'
export { writeFileAtomicSync } from './atomic-file'
