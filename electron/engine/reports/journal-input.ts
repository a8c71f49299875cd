/**
 * A report's input read from a journal folder: the records up to the end of the day folded into
 * a ledger (accounts, orders, fills), the accounts' openings, and every daily equity close up to
 * the day. Reads the segment files only, so it works beside a running engine; a torn last line
 * (a write in progress) is skipped.
 */
import {
  DEFAULT_REPORT_SETTINGS,
  type EquityClose,
  type ReportSettings,
} from '../../../shared/performance'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import {
  dataEnd,
  expandRecord,
  listSegments,
  type JournalRecord,
  type StoredRecord,
} from '../journal'
import { Ledger } from '../ledger'
import { nextLocalDay } from '../performance'
import { startOfDate } from './calendar'
import type { AccountOpening, ReportInput } from './input'

/** How to read the journal into a report's input. */
export interface JournalReportOptions {
  readonly timeZone: string
  readonly generatedAt: number
  /** Baseline and targets; the defaults when absent. */
  readonly settings?: ReportSettings
}

/** Folds the journal in `journalDir` into the input of the report of `date`. */
export async function reportInputFromJournal(
  journalDir: string,
  date: string,
  options: JournalReportOptions,
): Promise<ReportInput> {
  const dayEnd = nextLocalDay(startOfDate(date, options.timeZone), options.timeZone)
  // Every order and fill of the journal, for this report only.
  const ledger = new Ledger({ keep: Number.POSITIVE_INFINITY })
  const openings: Record<string, AccountOpening> = {}
  const equityCloses: EquityClose[] = []
  const fold = (line: string) => {
    const head = HEAD.exec(line)
    if (head) {
      const type = head[2] as string
      // Past the day only its daily closes matter (written just after midnight, or later).
      if (Number(head[1]) >= dayEnd && type !== 'equity.closed') return
      if (UNREAD.has(type)) return
    }
    let stored: StoredRecord
    try {
      stored = JSON.parse(line) as StoredRecord
    } catch {
      return
    }
    for (const record of expandRecord(stored)) {
      if (record.type === 'equity.closed') {
        if (record.payload.day <= date) equityCloses.push(record.payload)
        continue
      }
      ledger.apply(record.type === 'order.gate' ? failedChecksOnly(record) : record)
      if (record.type === 'account.opened')
        openings[record.payload.accountId] = { cash: record.payload.initialBalance, positions: [] }
      else if (record.type === 'account.synced')
        openings[record.payload.accountId] = {
          cash: record.payload.cash,
          positions: record.payload.positions,
        }
    }
  }
  // A segment holds one UTC day: read whole, it is much faster than a stream.
  for (const segment of listSegments(journalDir)) {
    const bytes = await readFile(path.join(journalDir, segment))
    // The zeros written ahead of the data end it.
    const text = bytes.toString('utf8', 0, dataEnd(bytes))
    for (const line of text.split('\n')) if (line.length > 0) fold(line)
  }
  return {
    date,
    timeZone: options.timeZone,
    generatedAt: options.generatedAt,
    accounts: ledger.listAccounts(),
    openings,
    // Journal order across accounts: same-time fills (a book walk) keep the order they had.
    fills: ledger.fillsInJournalOrder(),
    orders: ledger.orders().reverse(),
    equityCloses,
    settings: options.settings ?? DEFAULT_REPORT_SETTINGS,
  }
}

/**
 * A gate decision with only the checks that failed: a report reads why orders were refused and
 * nothing of the checks they passed (nine in ten), whose words would be most of its fold's work.
 */
function failedChecksOnly(record: GateRecord): GateRecord {
  const checks = record.payload.checks.filter((c) => ('passed' in c ? !c.passed : c[1] !== 'OK'))
  return { ...record, payload: { ...record.payload, checks } }
}

type GateRecord = Extract<JournalRecord, { type: 'order.gate' }>

/** A stored line's `ts` and `type`, read without parsing it all: {"seq":N,"ts":N,"type":"T",... */
const HEAD = /^\{"seq":\d+,"ts":(\d+),"type":"([^"]+)"/

/**
 * Records that say nothing a report shows, not parsed: the engine's heartbeats and snapshot
 * records (two in three lines of a quiet journal), and an order's verification and alerts (a
 * third of a busy one's), which the ledger does not fold.
 */
const UNREAD: ReadonlySet<string> = new Set([
  'engine.heartbeat',
  'snapshot.written',
  'order.verified',
  'alert.raised',
  'alert.updated',
])
