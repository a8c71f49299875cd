/**
 * The audit journal and the commit pipeline: the append-only, hash-chained, group-committed
 * journal and its record types; the pipeline every change goes through (durable write, every
 * fold, publish) and the fold registry it folds into; verification of the chain; the audit
 * trail of decisions (its fold, its commands, its CSV) and the exports.
 */
export { HASH_FIELD, checkLink, sha256, type ChainLink } from './chain'
export {
  ASYNC_GROUP_BYTES,
  Journal,
  JournalCorruptError,
  JournalWriteError,
  listSegments,
  syncDir,
  type JournalHead,
  type JournalObserver,
  type JournalPosition,
} from './journal'
export { type JournalFile, type JournalFiles } from './journal-file'
export { dataEnd, segmentDataSize } from './segment-data'
export {
  GENESIS,
  type AccountSettings,
  type AccountView,
  type CheckRecord,
  type CheckValues,
  type GateCheckRecord,
  type StoredGateCheck,
  type StoredVerificationCheck,
  type JournalRecord,
  type ReceivedField,
  type ReceivedKind,
  type ReceivedOutline,
  type RecordPayloads,
  type RecordType,
} from './records'
export {
  expandRecord,
  isMerged,
  type AnsweredFill,
  type MergedPayloads,
  type StoredPayloads,
  type StoredRecord,
  type StoredType,
} from './stored'
export { checkMessage, describeCheck, describeChecks, type CheckedOrder } from './gate-words'
export {
  describeVerification,
  describeVerificationCheck,
  verificationMessage,
} from './verification-words'
export { verifyJournal, type VerifyOptions } from './verify'
export { walkChainInBackground, type BackgroundWalk } from './background-walk'
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
export { CommitPipeline, type Commit, type CommitTargets, type Recorder } from './commit'
export { FoldSet, type Fold, type FoldRegistry, type FoldStates, type FoldsOf } from './folds'
export { auditFold } from './audit-fold'
export { auditHandlers } from './audit-handlers'
