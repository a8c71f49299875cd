/** The audit journal: append-only, hash-chained, group-committed; verification. */
export { HASH_FIELD, checkLink, sha256, type ChainLink } from './chain'
export {
  Journal,
  JournalCorruptError,
  JournalWriteError,
  listSegments,
  segmentName,
  syncDir,
  type JournalFile,
  type JournalFiles,
  type JournalHead,
  type JournalObserver,
  type JournalPosition,
} from './journal'
export {
  GENESIS,
  type AccountView,
  type JournalRecord,
  type RecordPayloads,
  type RecordType,
} from './records'
export { verifyJournal, type VerifyOptions } from './verify'
export {
  AUDIT_CSV_HEADER,
  auditCsvLine,
  decisionOf,
  slippageBps,
  toRecord,
  type Decision,
} from './audit'
export { AuditTrail } from './audit-trail'
export { JournalIndex } from './journal-index'
export { exportAuditCsv, exportJournal, journalLines, type ExportManifest } from './export'
