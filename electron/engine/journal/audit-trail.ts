/**
 * The audit trail the engine keeps: the decisions still open, folded as their records are
 * committed, and every decision of the past read from the journal through its on-disk index,
 * so memory and the snapshot stay flat as history grows.
 */
import type { AuditFilter, AuditPage, AuditRecord, AuditRow } from '../../../shared/types'
import {
  auditRow,
  decisionOf,
  foldDecision,
  settled,
  startDecision,
  toRecord,
  type Decision,
} from './audit'
import type { DecisionEntry, EntryFilter } from './index-decisions'
import type { JournalIndex } from './journal-index'
import type { JournalRecord } from './records'

/** Decisions whose outcome is settled, kept at hand after their last change. */
const RECENT = 1024
/** Decisions still open beyond which the oldest are left to the disk (they stay correct). */
const OPEN = 50_000
/** Rows assembled between two turns of the event loop, so a page never blocks it long. */
const ROWS_PER_TURN = 10
/** Decision entries filtered per turn of the event loop. */
const ENTRIES_PER_TURN = 32_768

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/**
 * The trail of every trade decision, in journal order. The engine keeps only the decisions
 * still open (and the last few settled, to answer at once); the past is read from the journal
 * through its on-disk index, so memory does not grow with history.
 */
export class AuditTrail {
  private readonly open = new Map<string, Decision>()
  private readonly recent = new Map<string, Decision>()

  /** `history`: the journal's index, where past decisions are read (none: a scratch trail). */
  constructor(private readonly history: JournalIndex | null = null) {}

  /** Folds one record; returns the row it changed, if any. */
  apply(record: JournalRecord): AuditRow | null {
    if (record.type === 'order.intent') {
      const d = startDecision(record)
      this.keep(d)
      return this.row(d)
    }
    const orderId = (record.payload as { orderId?: unknown }).orderId
    if (!record.type.startsWith('order.') || typeof orderId !== 'string') return null
    const d = this.open.get(orderId) ?? this.recent.get(orderId) ?? this.load(orderId, record.seq)
    if (!d || !foldDecision(d, record)) return null
    this.keep(d)
    return this.row(d)
  }

  /** An order's decision as the journal had it before `seq`, read through the index. */
  private load(orderId: string, seq: number): Decision | null {
    if (!this.history?.following) return null
    try {
      return decisionOf(this.history.orderHistory(orderId).filter((r) => r.seq < seq))
    } catch {
      // A fold never fails for its history: the row is not sent, the record stays journaled.
      return null
    }
  }

  private keep(d: Decision): void {
    if (!settled(d)) {
      this.open.set(d.orderId, d)
      if (this.open.size > OPEN) this.open.delete(this.open.keys().next().value as string)
      return
    }
    this.open.delete(d.orderId)
    this.recent.delete(d.orderId)
    this.recent.set(d.orderId, d)
    if (this.recent.size > RECENT) this.recent.delete(this.recent.keys().next().value as string)
  }

  /** The list row of a decision. */
  row(d: Decision): AuditRow {
    return auditRow(d)
  }

  /** Number of decisions on disk. */
  get size(): number {
    return this.history?.decisions.count ?? 0
  }

  /** A window of the rows matching `filter`, newest first, and how many match in all. */
  async query(filter: AuditFilter = {}, offset = 0, limit = 200): Promise<AuditPage> {
    this.history?.check()
    const table = this.history?.decisions
    if (!table) return { total: 0, offset, rows: [] }
    const wanted: EntryFilter = {
      ...(filter.accountId === undefined ? {} : { accountId: filter.accountId }),
      ...(filter.symbol === undefined ? {} : { symbol: filter.symbol }),
      ...(filter.action === undefined ? {} : { side: filter.action === 'BUY' ? 'buy' : 'sell' }),
      ...(filter.outcome === undefined ? {} : { outcome: filter.outcome }),
      ...(filter.from === undefined ? {} : { from: filter.from }),
      ...(filter.to === undefined ? {} : { to: filter.to }),
    }
    const count = table.count
    let total = 0
    const window: number[] = []
    if (Object.keys(wanted).length === 0) {
      total = count
      for (let no = count - 1 - offset; no >= 0 && window.length < limit; no--) window.push(no)
    } else {
      // Newest first: the table is read backwards, a slice per turn.
      for (let end = count; end > 0; end -= ENTRIES_PER_TURN) {
        const matched = table.match(Math.max(0, end - ENTRIES_PER_TURN), end, wanted)
        for (let i = matched.length - 1; i >= 0; i--) {
          if (total >= offset && window.length < limit) window.push(matched[i] as number)
          total += 1
        }
        if (end > ENTRIES_PER_TURN) await nextTurn()
      }
    }
    // The window's entries in one read when they lie close together (always, unfiltered).
    const low = Math.min(...window)
    const high = Math.max(...window)
    const near = window.length > 0 && high - low < 4 * window.length
    const span = near ? table.read(low, high + 1) : []
    const entries = window.map((no) => (near ? (span[no - low] as DecisionEntry) : table.get(no)))
    const rows: AuditRow[] = []
    for (const entry of entries) {
      await this.history?.warm(entry.seq, entry.lastSeq)
      const d = this.decisionAt(entry)
      if (d) rows.push(this.row(d))
      if (rows.length % ROWS_PER_TURN === 0) await nextTurn()
    }
    return { total, offset, rows }
  }

  /** Decisions from `fromSeq` on, oldest first (for the REST API and exports). */
  async since(fromSeq: number, limit: number): Promise<AuditRecord[]> {
    this.history?.check()
    const table = this.history?.decisions
    if (!table) return []
    const out: AuditRecord[] = []
    const first = table.find(fromSeq, true)
    for (const entry of table.read(first, Math.min(table.count, first + limit))) {
      await this.history?.warm(entry.seq, entry.lastSeq)
      const d = this.decisionAt(entry)
      if (d) out.push(toRecord(d))
      if (out.length % ROWS_PER_TURN === 0) await nextTurn()
    }
    return out
  }

  /** The composite record of the decision whose intent has `seq`. */
  async record(seq: number): Promise<AuditRecord | undefined> {
    this.history?.check()
    const table = this.history?.decisions
    const no = table ? table.find(seq) : -1
    const d = table && no !== -1 ? this.decisionAt(table.get(no)) : null
    return d ? toRecord(d) : undefined
  }

  /** A decision of the table: as kept, or folded from its records on disk. */
  private decisionAt(entry: DecisionEntry): Decision | null {
    const history = this.history as JournalIndex
    const intent = history.intentAt(entry.seq)
    if (!intent) return null
    const { orderId } = intent.payload
    const kept = this.open.get(orderId) ?? this.recent.get(orderId)
    if (kept) return kept
    // From the intent's own seq: a newer journal keeps the gate decision in the same record.
    return decisionOf(history.orderRecords(orderId, entry.seq, entry.lastSeq))
  }
}
