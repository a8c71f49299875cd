/**
 * The reading side of the journal's on-disk index (see journal-index.ts): a record by seq with
 * one pread, an order's records by either of its ids, sealed segments' sidecars loaded on
 * demand (a few at a time) and segment files kept open for reading.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { DecisionTable } from './index-decisions'
import {
  SealedSegment,
  holdsHash,
  idHash,
  readIdHashes,
  readSidecarHeader,
  type ActiveSegment,
  type SegmentIndex,
} from './index-segment'
import type { JournalRecord } from './records'
import { expandRecord, type StoredRecord } from './stored'

/** Sealed segments' indexes kept loaded at once (each is read whole, a day's records). */
const LOADED_SEGMENTS = 8
/** Where a sealed segment's records are. */
export interface Sealed {
  readonly segment: string
  readonly firstSeq: number
  readonly count: number
}

/** Reads records and orders through the index; the index itself keeps it up to date. */
export class IndexReader {
  protected readonly sealed: Sealed[] = []
  protected active: ActiveSegment | null = null
  protected readonly loaded = new Map<string, SealedSegment>()
  protected readonly fds = new Map<string, number>()
  /** Every sealed segment's distinct id hashes, once asked for (4 bytes per order id). */
  private readonly idHashes = new Map<string, Uint32Array>()
  /**
   * Every sealed segment's id hashes in one sorted list (for `sealedCount` segments), so that
   * a new id is told apart from all of history in one search rather than one per day.
   */
  private sealedHashes: { sealedCount: number; hashes: Uint32Array } | null = null
  /** The last record indexed. */
  protected seq = 0

  protected constructor(
    protected readonly journalDir: string,
    protected readonly indexDir: string,
    /** The decision table (trade decisions, in journal order). */
    readonly decisions: DecisionTable,
  ) {}

  /** The last record indexed (every record up to it can be read). */
  get head(): number {
    return this.seq
  }

  /** Where record `seq` is, or null when it is not indexed. */
  locate(seq: number): { segment: string; offset: number; length: number } | null {
    const index = this.segmentOf(seq)
    const at = index?.locate(seq)
    return index && at ? { segment: index.segment, ...at } : null
  }

  /** Reads record `seq` as stored (one pread), or null when it is not indexed. */
  read(seq: number): StoredRecord | null {
    const at = this.locate(seq)
    if (!at) return null
    const buf = Buffer.alloc(at.length)
    const read = fs.readSync(this.fd(at.segment), buf, 0, at.length, at.offset)
    if (read !== at.length) throw new Error(`Record ${seq} of the journal could not be read whole`)
    const record = JSON.parse(buf.toString('utf8', 0, at.length - 1)) as StoredRecord
    if (record.seq !== seq)
      throw new Error(`The journal index points record ${seq} at ${record.seq}`)
    return record
  }

  /** The records stored at `seq`, as their readers fold them (a merged record expanded). */
  records(seq: number): JournalRecord[] {
    const record = this.read(seq)
    return record ? expandRecord(record) : []
  }

  /** The intent of the order whose first record is at `seq`, or null. */
  intentAt(seq: number): Extract<JournalRecord, { type: 'order.intent' }> | null {
    const first = this.records(seq)[0]
    return first?.type === 'order.intent' ? first : null
  }

  /**
   * The records of an order, by Vigil's order id or the client order id, oldest first, within
   * seqs `from`..`to` when given (an order's records lie between its intent and its last), as
   * their readers fold them.
   */
  orderRecords(id: string, from = 1, to = this.seq): JournalRecord[] {
    const out: JournalRecord[] = []
    for (const index of this.segmentsNaming(idHash(id), from, to))
      for (const seq of index.candidates(id)) {
        if (seq < from || seq > to) continue
        for (const record of this.records(seq)) if (names(record, id)) out.push(record)
      }
    return out
  }

  /** The seqs of an order's records, by Vigil's order id or the client order id. */
  orderSeqs(id: string): number[] {
    return this.orderHistory(id).map((r) => r.seq)
  }

  /**
   * An order's records from its intent on, oldest first, by either id: found through its
   * intent and the decision table's last seq, so only the segments in between are searched.
   */
  orderHistory(id: string): JournalRecord[] {
    const intent = this.intentOf(id)
    if (!intent) return this.orderRecords(id)
    const no = this.decisions.find(intent.seq)
    const last = no === -1 ? this.seq : this.decisions.get(no).lastSeq
    return this.orderRecords(intent.payload.orderId, intent.seq, last)
  }

  /** The intent record of an order, by either id. */
  protected intentOf(id: string): Extract<JournalRecord, { type: 'order.intent' }> | null {
    // Vigil's order ids name the seq their intent was given: try it first.
    const hinted = /^ord-(\d+)$/.exec(id)
    if (hinted) {
      const seq = Number(hinted[1])
      const record = seq <= this.seq ? this.intentAt(seq) : null
      if (record && names(record, id)) return record
    }
    const hash = idHash(id)
    const found = (segment: string) => {
      for (const seq of this.segmentIndex(segment).candidates(id)) {
        const record = this.intentAt(seq)
        if (record && names(record, id)) return record
      }
      return null
    }
    const active = this.active?.segment
    if (active !== undefined) {
      const record = found(active)
      if (record) return record
    }
    // A new id (each order's client id is looked up before it is placed) is told apart from
    // every sealed segment's ids in memory, without loading their sidecars.
    if (!holdsHash(this.allSealedHashes(), hash)) return null
    for (let i = this.sealed.length - 1; i >= 0; i--) {
      const segment = this.sealed[i]!.segment
      if (segment === active || !holdsHash(this.idHashesOf(segment), hash)) continue
      const record = found(segment)
      if (record) return record
    }
    return null
  }

  /** The id hashes of every sealed segment, sorted; merged again once a segment is sealed. */
  private allSealedHashes(): Uint32Array {
    // Segments are only ever added to the sealed list, so its length tells whether it changed.
    if (this.sealedHashes?.sealedCount !== this.sealed.length) {
      const parts = this.sealed.map((s) => this.idHashesOf(s.segment))
      const hashes = new Uint32Array(parts.reduce((n, p) => n + p.length, 0))
      let at = 0
      for (const part of parts) {
        hashes.set(part, at)
        at += part.length
      }
      this.sealedHashes = { sealedCount: this.sealed.length, hashes: hashes.sort() }
    }
    return this.sealedHashes.hashes
  }

  /** The distinct id hashes of a sealed segment, loaded once and kept. */
  private idHashesOf(segment: string): Uint32Array {
    let hashes = this.idHashes.get(segment)
    if (!hashes) {
      const header = readSidecarHeader(this.indexDir, segment)
      if (!header) throw new Error(`The index of journal segment ${segment} is missing`)
      hashes = readIdHashes(this.indexDir, segment, header)
      this.idHashes.set(segment, hashes)
    }
    return hashes
  }

  protected segmentOf(seq: number): SegmentIndex | null {
    const active = this.active
    if (active && seq >= active.firstSeq)
      return seq < active.firstSeq + active.count ? active : null
    let lo = 0
    let hi = this.sealed.length - 1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      const s = this.sealed[mid] as Sealed
      if (seq < s.firstSeq) hi = mid - 1
      else if (seq >= s.firstSeq + s.count) lo = mid + 1
      else return this.segmentIndex(s.segment)
    }
    return null
  }

  /** The segments holding seqs `from`..`to` that may name an id of `hash`. */
  private *segmentsNaming(hash: number, from: number, to: number): Generator<SegmentIndex> {
    if (holdsHash(this.allSealedHashes(), hash))
      for (const s of this.sealed)
        if (s.firstSeq + s.count > from && s.firstSeq <= to)
          if (holdsHash(this.idHashesOf(s.segment), hash)) yield this.segmentIndex(s.segment)
    if (this.active && this.active.firstSeq <= to) yield this.active
  }

  /**
   * Loads the sidecars of the sealed segments holding seqs `from`..`to` ahead of reading them,
   * without holding the event loop (a sidecar is a day of records).
   */
  async warm(from: number, to: number): Promise<void> {
    const active = this.active
    // Nothing to load for the segment being written (the most asked for).
    if (active && from >= active.firstSeq) return
    for (const s of this.sealed)
      if (s.firstSeq + s.count > from && s.firstSeq <= to && !this.loaded.has(s.segment))
        this.keepLoaded(s.segment, await SealedSegment.loadAsync(this.indexDir, s.segment))
  }

  protected segmentIndex(segment: string): SegmentIndex {
    if (this.active?.segment === segment) return this.active
    const index = this.loaded.get(segment) ?? SealedSegment.load(this.indexDir, segment)
    this.keepLoaded(segment, index)
    return index
  }

  protected keepLoaded(segment: string, index: SealedSegment): void {
    this.loaded.delete(segment)
    if (this.loaded.size >= LOADED_SEGMENTS)
      this.loaded.delete(this.loaded.keys().next().value as string)
    this.loaded.set(segment, index)
  }

  protected fd(segment: string): number {
    let fd = this.fds.get(segment)
    if (fd === undefined) {
      if (this.fds.size >= LOADED_SEGMENTS) {
        const [oldest, old] = this.fds.entries().next().value as [string, number]
        fs.closeSync(old)
        this.fds.delete(oldest)
      }
      fd = fs.openSync(path.join(this.journalDir, segment), 'r')
      this.fds.set(segment, fd)
    }
    return fd
  }

  /** Closes the segment files. */
  protected closeFiles(): void {
    for (const fd of this.fds.values()) fs.closeSync(fd)
    this.fds.clear()
  }
}

/** Whether an order record names `id` (its order id, or an intent's client order id). */
export function names(record: JournalRecord, id: string): boolean {
  const p = record.payload as { orderId?: string; clientOrderId?: string }
  return p.orderId === id || (record.type === 'order.intent' && p.clientOrderId === id)
}
