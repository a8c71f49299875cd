/** The audit journal: append-only, hash-chained, group-committed. */
export {
  Journal,
  JournalCorruptError,
  checkLine,
  segmentName,
  syncDir,
  type JournalHead,
} from './journal'
export { GENESIS, type JournalRecord, type RecordPayloads, type RecordType } from './records'
