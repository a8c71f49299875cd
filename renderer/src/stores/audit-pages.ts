/**
 * The window of the audit list the console holds: pages of rows fetched on demand, cached with a
 * bound, addressed so that new decisions arriving at the top never invalidate what is loaded.
 *
 * The list is newest first, so a row's index changes every time a decision is added. Rows are
 * therefore stored by their position counted from the oldest row (`pos = total − 1 − index`),
 * which a new decision never changes; page k holds positions [k·size, (k+1)·size).
 */
import type { AuditFilter, AuditPage, AuditRow } from '../../../shared/types'

/** Rows per audit:query request. */
export const AUDIT_PAGE_SIZE = 200
/** Pages kept in memory; beyond this the least recently used ones are dropped. */
export const AUDIT_MAX_PAGES = 60

/** What an 'audit:row' event means for the loaded window. */
export type RowEffect =
  /** A loaded row changed in place. */
  | 'updated'
  /** A decision newer than anything listed that belongs in the list: reload the top. */
  | 'new'
  /** The row may have entered or left the filtered list: reload what is on screen. */
  | 'invalidate'
  /** Nothing on screen changes. */
  | 'ignored'

/** One request for rows, in the list's own terms. */
export interface PageRequest {
  /** A stable key: the page number, or -1 for a reload of the top. */
  readonly key: number
  readonly offset: number
  readonly limit: number
}

/** Whether a row belongs in the list a filter describes. */
export function matchesFilter(filter: AuditFilter, row: AuditRow): boolean {
  return (
    (filter.accountId === undefined || row.accountId === filter.accountId) &&
    (filter.symbol === undefined || row.symbol === filter.symbol) &&
    (filter.action === undefined || row.action === filter.action) &&
    (filter.outcome === undefined || row.outcome === filter.outcome) &&
    (filter.from === undefined || row.ts >= filter.from) &&
    (filter.to === undefined || row.ts < filter.to)
  )
}

/** The cached window of one filtered audit list. */
export class AuditPages {
  /** Rows in the list, or null before the first answer. */
  total: number | null = null
  /** Bumped by `invalidate`; answers to older requests only fill gaps. */
  generation = 0
  private totalGeneration = -1
  private readonly rows = new Map<number, AuditRow>()
  private readonly posOfSeq = new Map<number, number>()
  /** Page → the generation it was loaded in and the highest position it was loaded through. */
  private readonly loaded = new Map<number, { readonly generation: number; readonly hi: number }>()
  /** Pages in least-recently-used order (a Map keeps insertion order). */
  private readonly recent = new Map<number, true>()
  /** Newest seq seen in any answer or event: anything above it is a new decision. */
  private newestSeq = 0

  constructor(
    readonly filter: AuditFilter,
    readonly pageSize = AUDIT_PAGE_SIZE,
    readonly maxPages = AUDIT_MAX_PAGES,
  ) {}

  /** The row at an index of the list (0 = newest), if loaded. */
  rowAt(index: number): AuditRow | undefined {
    if (this.total === null || index < 0 || index >= this.total) return undefined
    return this.rows.get(this.total - 1 - index)
  }

  /** Where a loaded row is in the list now, if it is loaded. */
  indexOfSeq(seq: number): number | undefined {
    const pos = this.posOfSeq.get(seq)
    if (pos === undefined || this.total === null || pos >= this.total) return undefined
    return this.total - 1 - pos
  }

  /** The page holding an index of the list. */
  pageOfIndex(index: number): number {
    return Math.floor(((this.total ?? 0) - 1 - index) / this.pageSize)
  }

  /** Whether a page is loaded, in this generation, through its last row. */
  isLoaded(page: number): boolean {
    const entry = this.loaded.get(page)
    if (!entry || entry.generation !== this.generation || this.total === null) return false
    return entry.hi >= Math.min((page + 1) * this.pageSize, this.total) - 1
  }

  /**
   * The pages an index range needs that are not loaded, those on screen first (top to bottom),
   * then one page of lead either side so a steady scroll rarely shows a placeholder.
   */
  missingPages(startIndex: number, endIndex: number): number[] {
    if (this.total === null) return []
    if (this.total === 0) return []
    const last = this.total - 1
    const from = Math.max(0, Math.min(startIndex, last))
    const to = Math.max(from, Math.min(endIndex, last))
    const top = this.pageOfIndex(from)
    const bottom = this.pageOfIndex(to)
    const maxPage = this.pageOfIndex(0)
    const wanted: number[] = []
    for (let page = top; page >= bottom; page--) wanted.push(page)
    if (top + 1 <= maxPage) wanted.push(top + 1)
    if (bottom - 1 >= 0) wanted.push(bottom - 1)
    return wanted.filter((page) => !this.isLoaded(page))
  }

  /** The request that loads a page (or, before the first answer, the top of the list). */
  requestFor(page: number): PageRequest {
    if (this.total === null || page < 0) return { key: -1, offset: 0, limit: this.pageSize }
    const offset = this.total - (page + 1) * this.pageSize
    return offset >= 0
      ? { key: page, offset, limit: this.pageSize }
      : { key: page, offset: 0, limit: this.pageSize + offset }
  }

  /** A reload of the newest rows, which also brings the total up to date. */
  topRequest(): PageRequest {
    return { key: -1, offset: 0, limit: this.pageSize }
  }

  /**
   * Takes an answer in. `generation` is the one the request was sent in: an older answer still
   * fills rows (they are the engine's truth at that moment) but cannot mark a page loaded.
   */
  apply(answer: AuditPage, generation: number, keep: ReadonlySet<number> = new Set()): void {
    const current = generation === this.generation
    if (current) {
      // The journal only grows within a generation; an answer sent before a decision was
      // added must not shrink the count an event already raised.
      this.total =
        this.totalGeneration !== this.generation || this.total === null
          ? answer.total
          : Math.max(this.total, answer.total)
      this.totalGeneration = this.generation
    } else if (this.total === null) {
      return
    }
    const hi = answer.total - 1 - answer.offset
    const lo = hi - answer.rows.length + 1
    answer.rows.forEach((row, i) => {
      this.place(hi - i, row)
      if (row.seq > this.newestSeq) this.newestSeq = row.seq
    })
    if (answer.rows.length === 0) return
    const firstPage = Math.floor(lo / this.pageSize)
    const lastPage = Math.floor(hi / this.pageSize)
    for (let page = firstPage; page <= lastPage; page++) {
      this.touch(page)
      const pageLo = page * this.pageSize
      // A page counts as loaded only if this answer covered it from its first row.
      if (current && lo <= pageLo) {
        const previous = this.loaded.get(page)
        const through = Math.min(hi, pageLo + this.pageSize - 1)
        const reach =
          previous && previous.generation === this.generation
            ? Math.max(previous.hi, through)
            : through
        this.loaded.set(page, { generation: this.generation, hi: reach })
      }
    }
    this.evict(keep)
  }

  /** What a live row means for this window; loaded rows are updated in place. */
  upsert(row: AuditRow): RowEffect {
    const matches = matchesFilter(this.filter, row)
    const pos = this.posOfSeq.get(row.seq)
    if (pos !== undefined && this.rows.get(pos)?.seq === row.seq) {
      this.rows.set(pos, row)
      // Only the outcome of a decision changes after it is made, so only that filter can
      // move a row out of the list.
      return matches ? 'updated' : 'invalidate'
    }
    // The first answer is on its way and may predate this row: have the top read again.
    if (this.total === null) return matches ? 'new' : 'ignored'
    const isNew = row.seq > this.newestSeq
    if (isNew) this.newestSeq = row.seq
    if (!matches) return 'ignored'
    if (isNew) return 'new'
    return this.filter.outcome !== undefined ? 'invalidate' : 'ignored'
  }

  /** Marks every page stale (rows stay on screen until their reload arrives). */
  invalidate(): void {
    this.generation += 1
    this.loaded.clear()
  }

  private place(pos: number, row: AuditRow): void {
    const previousPos = this.posOfSeq.get(row.seq)
    if (previousPos !== undefined && previousPos !== pos) {
      if (this.rows.get(previousPos)?.seq === row.seq) this.rows.delete(previousPos)
    }
    const occupant = this.rows.get(pos)
    if (occupant && occupant.seq !== row.seq && this.posOfSeq.get(occupant.seq) === pos) {
      this.posOfSeq.delete(occupant.seq)
    }
    this.rows.set(pos, row)
    this.posOfSeq.set(row.seq, pos)
  }

  private touch(page: number): void {
    this.recent.delete(page)
    this.recent.set(page, true)
  }

  private evict(keep: ReadonlySet<number>): void {
    if (this.recent.size <= this.maxPages) return
    for (const page of this.recent.keys()) {
      if (this.recent.size <= this.maxPages) break
      if (keep.has(page)) continue
      this.recent.delete(page)
      this.loaded.delete(page)
      const end = (page + 1) * this.pageSize
      for (let pos = page * this.pageSize; pos < end; pos++) {
        const row = this.rows.get(pos)
        if (!row) continue
        this.rows.delete(pos)
        if (this.posOfSeq.get(row.seq) === pos) this.posOfSeq.delete(row.seq)
      }
    }
  }

  /** Rows held in memory (for tests and the bound). */
  get size(): number {
    return this.rows.size
  }
}
