/**
 * What both hosts (the Electron app and the server) need alike: the dispatch of commands to
 * the engine, the real clock, audit exports as files, and private files. Neither host imports
 * the other; what they share lives here.
 */
export { createDispatch, type DispatchOptions, type HostDispatch } from './dispatch'
export { systemClock } from './system-clock'
export {
  exportFileName,
  isAuditExportFormat,
  readSnapshotHead,
  streamJournalExport,
  writeAuditExport,
  type AuditExportFormat,
  type SnapshotHead,
  type WrittenExport,
  type WrittenManifest,
} from './audit-export'
export { writePrivateFile } from './private-file'
export { contentTypeOf } from './content-type'
export {
  isReportDay,
  isReportName,
  readReportPage,
  REPORT_PAGE_PREFIX,
  reportContentSecurityPolicy,
  reportDayOfPath,
  reportPageHeaders,
} from './report-page'
