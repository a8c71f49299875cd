/**
 * Daily reports as the console shows them: the list (newest first), how they are made, and the
 * report open in the viewer. The snapshot brings the list and the settings, 'reports:created'
 * adds or replaces a report (and reloads it when it is the one open).
 */
import { create } from 'zustand'
import type { CommandPayload } from '../../../shared/contract'
import {
  DEFAULT_REPORT_SETTINGS,
  type ReportInfo,
  type ReportSettings,
} from '../../../shared/performance'
import type { Result } from '../../../shared/result'
import type { Snapshot } from '../../../shared/types'
import { invoke } from '../lib/desk'

/** The changes report settings can take. */
export type ReportSettingsPatch = CommandPayload<'reports:update-settings'>

/** A report open in the viewer. */
export interface OpenReport {
  readonly info: ReportInfo
  readonly html: string
}

/** State and actions of the reports store. */
export interface ReportsState {
  /** Newest day first. */
  readonly list: readonly ReportInfo[]
  readonly settings: ReportSettings
  /** The day chosen in the list, or null. */
  readonly selected: string | null
  readonly open: OpenReport | null
  readonly opening: boolean
  /** Why the chosen report could not be opened, or null. */
  readonly openError: string | null
  /** Why the list could not be loaded, or null. */
  readonly listError: string | null
  resetFromSnapshot(snapshot: Snapshot): void
  applyCreated(info: ReportInfo): void
  refresh(): Promise<Result<readonly ReportInfo[]>>
  /** Opens a day's report in the viewer. */
  select(date: string): Promise<void>
  /** Makes (or remakes) a day's report, then opens it. */
  generate(date: string): Promise<Result<ReportInfo>>
  updateSettings(patch: ReportSettingsPatch): Promise<Result<ReportSettings>>
}

function upsert(list: readonly ReportInfo[], info: ReportInfo): ReportInfo[] {
  return [...list.filter((r) => r.date !== info.date), info].sort((a, b) =>
    b.date.localeCompare(a.date),
  )
}

let latestOpen = 0

/** The reports store. */
export const useReportsStore = create<ReportsState>()((set, get) => ({
  list: [],
  settings: DEFAULT_REPORT_SETTINGS,
  selected: null,
  open: null,
  opening: false,
  openError: null,
  listError: null,

  resetFromSnapshot(snapshot) {
    // An engine older than the reports sends none; the list is then empty.
    const reports = snapshot.reports
    set({
      list: [...(reports?.list ?? [])].sort((a, b) => b.date.localeCompare(a.date)),
      settings: reports?.settings ?? DEFAULT_REPORT_SETTINGS,
      listError: null,
    })
  },

  applyCreated(info) {
    set((s) => ({ list: upsert(s.list, info) }))
    // A report remade while it is open: show the new one.
    if (get().selected === info.date) void get().select(info.date)
  },

  async refresh() {
    const result = await invoke('reports:list', {})
    if (result.ok)
      set({
        list: [...result.value].sort((a, b) => b.date.localeCompare(a.date)),
        listError: null,
      })
    else set({ listError: result.error.message })
    return result
  },

  async select(date) {
    const request = ++latestOpen
    set({ selected: date, opening: true, openError: null })
    const result = await invoke('reports:get', { date })
    if (request !== latestOpen) return
    if (result.ok) set({ open: result.value, opening: false })
    else set({ open: null, opening: false, openError: result.error.message })
  },

  async generate(date) {
    const result = await invoke('reports:generate', { date })
    if (result.ok) {
      set((s) => ({ list: upsert(s.list, result.value) }))
      await get().select(date)
    }
    return result
  },

  async updateSettings(patch) {
    const result = await invoke('reports:update-settings', patch)
    if (result.ok) set({ settings: result.value })
    return result
  },
}))
