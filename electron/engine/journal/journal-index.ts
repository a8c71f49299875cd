/**
 * The on-disk index of the journal, kept in the data folder's `journal-index` folder: a record by
 * seq (its segment, byte offset and length: one pread reads it), an order's records by order
 * id (Vigil's or the client's), and the decision table the Audit screen filters. It is derived
 * from the journal and never trusted over it: missing, damaged or behind, it is rebuilt from
 * the segments when it opens. It follows the journal's appends through the JournalObserver.
 */
import fs from 'node:fs'
import path from 'node:path'
import { makePrivateDir } from '../core'
import { DecisionTable, type DecisionEntry } from './index-decisions'
import { IndexReader } from './index-reader'
import { ActiveSegment, readSidecarHeader, scanLines, sidecarPath } from './index-segment'
import { listSegments, type JournalObserver } from './journal'
import type { JournalRecord } from './records'
import { expandRecord, type StoredRecord } from './stored'

/** Decision entries remembered by order id while their outcome may still change. */
const LIVE_ORDERS = 100_000

/** The index of one journal folder. */
export class JournalIndex extends IndexReader implements JournalObserver {
  /** Records appended and not yet written, in seq order. */
  private pending: StoredRecord[] = []
  private pendingHead = 0
  /** Decision entries (and their numbers) of orders whose outcome may still change. */
  private readonly live = new Map<string, { no: number; entry: DecisionEntry }>()
  private flushTimer: ReturnType<typeof setTimeout> | null = null
  /** Why the index stopped following the journal, if it did (it is rebuilt when next opened). */
  private broken: Error | null = null

  private constructor(journalDir: string, indexDir: string, decisions: DecisionTable) {
    super(journalDir, indexDir, decisions)
  }

  /**
   * Opens the index of `journalDir` kept in `indexDir`, bringing it up to the segments' last
   * whole line. Open it before the journal, so nothing is appended meanwhile, and give it to
   * the journal as its observer. The journal folder is only read.
   */
  static async open(journalDir: string, indexDir: string): Promise<JournalIndex> {
    await makePrivateDir(indexDir)
    const index = new JournalIndex(journalDir, indexDir, DecisionTable.open(indexDir))
    try {
      await index.catchUp()
    } catch (error) {
      // Neither a disk that takes no more writes nor a journal the index cannot read keeps
      // the engine from starting (the journal's own open judges its lines): the audit history
      // says it is unavailable until the index can be rebuilt.
      index.broken = error as Error
    }
    return index
  }

  appended(record: StoredRecord): void {
    if (!this.broken) this.pending.push(record)
  }

  written(segment: string, at: number, bytes: Uint8Array): void {
    // The journal must never stop for its index: a failure here only stops the index.
    if (this.broken) return
    try {
      this.place(segment, at, bytes)
    } catch (error) {
      this.broken = error as Error
      this.pending = []
      if (this.flushTimer) clearTimeout(this.flushTimer)
    }
  }

  /** Whether the index follows the journal (else it is rebuilt when next opened). */
  get following(): boolean {
    return this.broken === null
  }

  /** Throws when the index no longer follows the journal: what it says may be out of date. */
  check(): void {
    if (this.broken)
      throw new Error(
        `The audit history index stopped following the journal (${this.broken.message}); restart Vigil to rebuild it from the journal`,
      )
  }

  private place(segment: string, at: number, bytes: Uint8Array): void {
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    let start = 0
    for (;;) {
      const nl = buf.indexOf(0x0a, start)
      if (nl === -1) break
      const record = this.pending[this.pendingHead++]
      if (!record) throw new Error('The journal index was told of a line it did not see appended')
      this.add(segment, record.seq, at + nl + 1, record)
      start = nl + 1
    }
    if (this.pendingHead === this.pending.length) {
      this.pending = []
      this.pendingHead = 0
    }
    this.decisions.coveredSeq = this.seq
    this.scheduleFlush()
  }

  /** Writes pending changes and closes the files. */
  close(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer)
    this.flushTimer = null
    // A broken index keeps what it last wrote: the next open catches up from there.
    try {
      if (this.broken) this.decisions.abandon()
      else this.decisions.close()
    } catch {
      // What was not written is caught up from the journal when the index next opens.
      this.decisions.abandon()
    }
    this.closeFiles()
  }

  /** Writes the decision table's pending changes now. */
  flush(): void {
    this.decisions.flush()
  }

  private scheduleFlush(): void {
    if (this.flushTimer) return
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null
      try {
        this.decisions.flush()
      } catch {
        // Kept in memory and written with the next changes (the disk may be full for now).
      }
    }, 200)
    this.flushTimer.unref?.()
  }

  /** Indexes one record whose line ends at byte `end` of `segment`. */
  private add(segment: string, seq: number, end: number, record: StoredRecord | null): void {
    if (seq !== this.seq + 1)
      throw new Error(`The journal index expected record ${this.seq + 1}, not ${seq}`)
    if (this.active?.segment !== segment) this.startSegment(segment, seq)
    const active = this.active as ActiveSegment
    active.push(end)
    this.seq = seq
    if (record) this.note(record, active)
  }

  private startSegment(segment: string, seq: number): void {
    const done = this.active
    if (done) {
      done.seal(this.indexDir, fs.statSync(path.join(this.journalDir, done.segment)).size)
      this.sealed.push({ segment: done.segment, firstSeq: done.firstSeq, count: done.count })
    }
    this.active = new ActiveSegment(segment, seq)
  }

  /**
   * Names the order ids of a stored order record (once, whatever it stands for), and folds
   * the records it stands for into the decision table.
   */
  private note(stored: StoredRecord, active: ActiveSegment | null): void {
    const orderId = (stored.payload as { orderId?: unknown }).orderId
    if (!stored.type.startsWith('order.') || typeof orderId !== 'string') return
    if (active) {
      active.name(orderId, stored.seq)
      if (
        (stored.type === 'order.intent' || stored.type === 'order.placed') &&
        stored.payload.clientOrderId !== orderId
      )
        active.name(stored.payload.clientOrderId, stored.seq)
    }
    if (stored.seq <= this.decisions.coveredSeq) return
    for (const record of expandRecord(stored)) this.decide(orderId, record)
  }

  /** Folds one of an order's records into its decision entry. */
  private decide(orderId: string, record: JournalRecord): void {
    if (record.type === 'order.intent') {
      const p = record.payload
      const no = this.decisions.add({
        seq: record.seq,
        ts: record.ts,
        lastSeq: record.seq,
        accountId: p.accountId,
        symbol: p.symbol,
        side: p.side,
        outcome: 'pending',
      })
      this.remember(orderId, no, this.decisions.get(no))
      return
    }
    const live = this.live.get(orderId)
    const no = live?.no ?? this.lookup(orderId)
    if (no === -1) return
    const entry = live?.entry ?? this.decisions.get(no)
    let outcome = entry.outcome
    if (record.type === 'order.gate' && !record.payload.passed) outcome = 'rejected'
    // A canceled order passed the gate, but what became of it is the cancel (audit.ts agrees).
    if (
      record.type === 'order.closed' &&
      record.payload.status === 'canceled' &&
      outcome !== 'rejected'
    )
      outcome = 'canceled'
    if (record.type === 'order.verified' && outcome !== 'rejected')
      outcome = !record.payload.passed
        ? 'verification_failed'
        : outcome === 'canceled'
          ? 'canceled'
          : 'passed'
    const changed = { ...entry, lastSeq: record.seq, outcome }
    this.decisions.set(no, changed)
    if (outcome === 'pending') this.remember(orderId, no, changed)
    else this.live.delete(orderId)
  }

  private remember(orderId: string, no: number, entry: DecisionEntry): void {
    this.live.delete(orderId)
    this.live.set(orderId, { no, entry })
    if (this.live.size > LIVE_ORDERS) this.live.delete(this.live.keys().next().value as string)
  }

  /** The decision entry of an order no longer remembered: found through its intent on disk. */
  private lookup(orderId: string): number {
    const intent = this.intentOf(orderId)
    return intent ? this.decisions.find(intent.seq) : -1
  }

  /**
   * Brings the index up to the segments' last whole line: sealed segments whose sidecar is
   * whole and matches the segment's size are trusted; from the first that is not, and for the
   * segment still being written, the lines are read again. The decision table catches up from
   * the last record it covers, or is rebuilt when it does not match the journal.
   */
  private async catchUp(): Promise<void> {
    const segments = fs.existsSync(this.journalDir) ? listSegments(this.journalDir) : []
    let next = 1
    let first = 0
    for (; first < segments.length - 1; first++) {
      const segment = segments[first] as string
      const header = readSidecarHeader(this.indexDir, segment)
      const size = fs.statSync(path.join(this.journalDir, segment)).size
      if (!header || header.firstSeq !== next || header.segmentBytes !== size) break
      this.sealed.push({ segment, firstSeq: next, count: header.count })
      next += header.count
    }
    for (const stale of segments.slice(first))
      fs.rmSync(sidecarPath(this.indexDir, stale), { force: true })
    this.seq = next - 1
    const table = this.decisions
    const covered = table.coveredSeq
    let from = this.sealed.findIndex((s) => s.firstSeq + s.count - 1 > covered)
    if (from === -1 || from > first) from = first
    let trusted = this.dropUncovered()
    for (let i = from; i < segments.length; i++) await this.scan(segments[i] as string, i >= first)
    // A table ahead of the journal, or whose newest entry is not the journal's, is rebuilt.
    trusted &&= covered <= this.seq && this.newestEntryMatches()
    if (!trusted) {
      table.reset()
      this.live.clear()
      for (const segment of segments) await this.scan(segment, false)
    }
    table.coveredSeq = this.seq
    table.flush()
  }

  /** Drops entries written past the covered seq (a crash between the two writes). */
  private dropUncovered(): boolean {
    const table = this.decisions
    try {
      let keep = table.count
      while (keep > 0 && table.get(keep - 1).seq > table.coveredSeq) keep--
      table.truncate(keep)
      return true
    } catch {
      table.reset()
      return false
    }
  }

  private newestEntryMatches(): boolean {
    const table = this.decisions
    if (table.count === 0) return true
    try {
      const last = table.get(table.count - 1)
      return this.intentAt(last.seq)?.ts === last.ts
    } catch {
      return false
    }
  }

  /**
   * Reads a segment's whole lines: indexes them when `indexing`, and folds its order records
   * the decision table does not cover yet.
   */
  private async scan(segment: string, indexing: boolean): Promise<void> {
    const table = this.decisions
    await scanLines(path.join(this.journalDir, segment), (seq, end, isOrder, text) => {
      if (indexing) this.add(segment, seq, end, null)
      if (isOrder && (indexing || seq > table.coveredSeq))
        this.note(JSON.parse(text()) as StoredRecord, indexing ? this.active : null)
    })
  }
}

export type { DecisionEntry }
