/**
 * The audit trail as the console shows it: the filtered list of trade decisions (rows fetched
 * page by page as the table scrolls, see audit-pages.ts), the selected decision and its full
 * record, and journal verification. Nothing is fetched until the Audit screen opens.
 */
import { create } from 'zustand'
import type { AuditFilter, AuditRecord, AuditRow, VerifyReport } from '../../../shared/types'
import { invoke } from '../lib/desk'
import { AuditPages, type PageRequest } from './audit-pages'

// Two requests in flight keep a fast scroll fed without queueing work the trader has already
// scrolled past: each answer asks again for whatever is on screen by then.
const MAX_IN_FLIGHT = 2
// A view that moved more than this many rows since the last frame is being flung: a page asked
// for now would be off screen when it arrives, so fetching waits until the motion settles.
const FLING_ROWS = 100
const SETTLE_MS = 40

/** The full record of the selected decision. */
export type AuditDetail =
  | { readonly seq: number; readonly kind: 'loading' }
  | { readonly seq: number; readonly kind: 'ready'; readonly record: AuditRecord }
  | { readonly seq: number; readonly kind: 'error'; readonly message: string }

/** Where a journal verification is. */
export type VerifyState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'running'; readonly checked: number; readonly total: number }
  | { readonly kind: 'done'; readonly report: VerifyReport }
  | { readonly kind: 'error'; readonly message: string }

/** The selected row: its seq once loaded, and its index for moving on from a placeholder. */
export interface AuditSelection {
  readonly index: number
  readonly seq: number | null
}

/** State and actions of the audit store. */
export interface AuditState {
  readonly filter: AuditFilter
  /** Rows in the filtered list, or null until the engine answered. */
  readonly total: number | null
  /** Bumped whenever loaded rows change, so the table redraws. */
  readonly revision: number
  readonly loadError: string | null
  readonly selection: AuditSelection | null
  readonly detail: AuditDetail | null
  readonly verify: VerifyState
  /** The Audit screen opened: start loading. */
  activate(): void
  /** The Audit screen closed: drop the cached rows. */
  deactivate(): void
  /** A new filter: the list starts again from the top. */
  setFilter(filter: AuditFilter): void
  /** The table shows these indexes now; missing pages are fetched. */
  setViewport(startIndex: number, endIndex: number): void
  select(selection: AuditSelection | null): void
  openDetail(seq: number): Promise<void>
  closeDetail(): void
  verifyJournal(): Promise<void>
  applyRow(row: AuditRow): void
  applyVerifyProgress(progress: { readonly checked: number; readonly total: number }): void
  /** After a reconnect events may have been missed: reload what is on screen. */
  refresh(): void
}

interface Session {
  readonly pages: AuditPages
  readonly inFlight: Set<number>
  /** The top must be read again once the request in flight for it returns. */
  topWanted: boolean
  /** A failed request stops the automatic fetching until the view moves or a reload. */
  failed: boolean
  viewport: { start: number; end: number }
  settleTimer: ReturnType<typeof setTimeout> | null
  /** The last view change was a long move. */
  flinging: boolean
}

let session: Session | null = null

function newSession(filter: AuditFilter): Session {
  return {
    pages: new AuditPages(filter),
    inFlight: new Set(),
    topWanted: false,
    failed: false,
    viewport: { start: 0, end: 0 },
    settleTimer: null,
    flinging: false,
  }
}

function endSession(s: Session | null): void {
  if (s?.settleTimer) clearTimeout(s.settleTimer)
}

/** The row at an index of the filtered list (0 = newest), if it is loaded. */
export function auditRowAt(index: number): AuditRow | undefined {
  return session?.pages.rowAt(index)
}

/** The index of a loaded row in the filtered list now. */
export function auditIndexOfSeq(seq: number): number | undefined {
  return session?.pages.indexOfSeq(seq)
}

/** The audit store. */
export const useAuditStore = create<AuditState>()((set, get) => {
  const visiblePages = (s: Session): Set<number> => {
    const keep = new Set<number>()
    if (s.pages.total === null || s.pages.total === 0) return keep
    const top = s.pages.pageOfIndex(Math.min(s.viewport.start, s.pages.total - 1))
    const bottom = s.pages.pageOfIndex(Math.min(s.viewport.end, s.pages.total - 1))
    for (let page = bottom - 1; page <= top + 1; page++) keep.add(page)
    return keep
  }

  const request = async (s: Session, req: PageRequest): Promise<void> => {
    s.inFlight.add(req.key)
    const generation = s.pages.generation
    const result = await invoke('audit:query', {
      filter: s.pages.filter,
      offset: req.offset,
      limit: req.limit,
    })
    if (session !== s) return
    s.inFlight.delete(req.key)
    if (!result.ok) {
      s.failed = true
      set({ loadError: `Could not load the audit trail: ${result.error.message}` })
      return
    }
    s.pages.apply(result.value, generation, visiblePages(s))
    set((state) => ({
      total: s.pages.total,
      revision: state.revision + 1,
      loadError: null,
    }))
    pump(s)
  }

  const pump = (s: Session): void => {
    if (session !== s || s.failed) return
    const { pages, inFlight } = s
    if (pages.total === null) {
      if (!inFlight.has(-1)) void request(s, pages.topRequest())
      return
    }
    if (s.topWanted && !inFlight.has(-1)) {
      s.topWanted = false
      void request(s, pages.topRequest())
    }
    for (const page of pages.missingPages(s.viewport.start, s.viewport.end)) {
      if (inFlight.size >= MAX_IN_FLIGHT) break
      if (!inFlight.has(page)) void request(s, pages.requestFor(page))
    }
  }

  const reloadDetail = async (seq: number): Promise<void> => {
    const result = await invoke('audit:get', { seq })
    const current = get().detail
    if (!current || current.seq !== seq) return
    set({
      detail: result.ok
        ? { seq, kind: 'ready', record: result.value }
        : // Keep a record already on screen rather than replace it with a transient error.
          current.kind === 'ready'
          ? current
          : { seq, kind: 'error', message: result.error.message },
    })
  }

  return {
    filter: {},
    total: null,
    revision: 0,
    loadError: null,
    selection: null,
    detail: null,
    verify: { kind: 'idle' },

    activate() {
      endSession(session)
      session = newSession(get().filter)
      set({ total: null, loadError: null, selection: null, detail: null })
      pump(session)
    },

    deactivate() {
      endSession(session)
      session = null
      set({ total: null, loadError: null })
    },

    setFilter(filter) {
      set({ filter, total: null, loadError: null, selection: null, detail: null })
      if (!session) return
      endSession(session)
      session = newSession(filter)
      set((state) => ({ revision: state.revision + 1 }))
      pump(session)
    },

    setViewport(startIndex, endIndex) {
      const s = session
      if (!s) return
      const distance = Math.abs(startIndex - s.viewport.start)
      s.viewport = { start: startIndex, end: endIndex }
      if (distance > 0) s.failed = false
      if (s.settleTimer) clearTimeout(s.settleTimer)
      s.settleTimer = null
      const flinging = distance > FLING_ROWS
      // One long move (a jump) loads at once; a run of them waits until the run ends.
      const wasFlinging = s.flinging
      s.flinging = flinging
      if (flinging) {
        s.settleTimer = setTimeout(() => {
          s.settleTimer = null
          s.flinging = false
          pump(s)
        }, SETTLE_MS)
        if (wasFlinging) return
      }
      pump(s)
    },

    select(selection) {
      set({ selection })
    },

    async openDetail(seq) {
      set({ detail: { seq, kind: 'loading' } })
      await reloadDetail(seq)
    },

    closeDetail() {
      set({ detail: null })
    },

    async verifyJournal() {
      if (get().verify.kind === 'running') return
      set({ verify: { kind: 'running', checked: 0, total: 0 } })
      const result = await invoke('audit:verify', {})
      set({
        verify: result.ok
          ? { kind: 'done', report: result.value }
          : { kind: 'error', message: result.error.message },
      })
    },

    applyRow(row) {
      const detail = get().detail
      if (detail && detail.seq === row.seq) void reloadDetail(row.seq)
      const s = session
      if (!s) return
      switch (s.pages.upsert(row)) {
        case 'updated':
          set((state) => ({ revision: state.revision + 1 }))
          break
        case 'new':
          s.topWanted = true
          pump(s)
          break
        case 'invalidate':
          s.pages.invalidate()
          s.topWanted = true
          set((state) => ({ revision: state.revision + 1 }))
          pump(s)
          break
        case 'ignored':
          break
      }
    },

    applyVerifyProgress(progress) {
      if (get().verify.kind !== 'running') return
      set({ verify: { kind: 'running', checked: progress.checked, total: progress.total } })
    },

    refresh() {
      const s = session
      if (!s) return
      s.failed = false
      s.pages.invalidate()
      s.topWanted = true
      pump(s)
      const detail = get().detail
      if (detail) void reloadDetail(detail.seq)
    },
  }
})

/** Drops the cached rows; for tests that reset every store. */
export function resetAuditSession(): void {
  endSession(session)
  session = null
}
