/**
 * What every domain uses: the injected Clock, exact decimals, seeded randomness, the event bus,
 * the trader's local day, the command handler types (and the check that the domains' maps
 * answer every command once), and the data folder's layout.
 */
export type { Clock, TimerHandle } from './clock'
export { Decimal, ZERO, dec, str, toCents, usd } from './decimal'
export {
  EXACT_ZERO,
  abs,
  cmp,
  exactCents,
  exactText,
  exactToDecimal,
  exactToNumber,
  exactUsd,
  isMultiple,
  minus,
  parseExact,
  percentText,
  plus,
  times,
  toExact,
  usdText,
  type Exact,
} from './exact'
export { createRandom, type Random } from './random'
export { EventBus } from './event-bus'
export { extend } from './extend'
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
  channelSecretsFile,
  drillCopyPrefix,
  rehearsalsDir,
  equityMinutesFile,
  tradeHistoryFile,
  isDataFolderEntry,
  isLeftoverStateTemp,
  journalDir,
  journalIndexDir,
  lockFile,
  marketFile,
  paperExchangeFile,
  previousOf,
  reportsDir,
  serverFile,
  apiTokenFile,
  consoleAccessFile,
  settingsFile,
  snapshotFile,
  snapshotFiles,
  type DataFolderEntry,
} from './data-folder'
export { writeFileAtomicSync } from './atomic-file'
