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
export { walkChainInBackground, type BackgroundWalk } from './background-walk'
export {
  AUDIT_CSV_HEADER,
  AuditTrail,
  auditCsvLine,
  slippageBps,
  toRecord,
  type Decision,
} from './audit'
export { exportAuditCsv, exportJournal, journalLines, type ExportManifest } from './export'
