/**
 * The engine's health as the console shows it: the latest round of checks and a timeline of
 * rounds. The snapshot brings the latest round, the history fills the timeline on every
 * (re)connect, and each 'health:report' event appends a round.
 */
import { create } from 'zustand'
import type { Result } from '../../../shared/result'
import type { HealthReport, Snapshot } from '../../../shared/types'
import { invoke } from '../lib/desk'

/** Rounds kept in the timeline: a day at one round every 30 seconds. */
export const HEALTH_TIMELINE_CAP = 2_880

/** State and actions of the health store. */
export interface HealthState {
  /** The newest round, or null before the engine has run one. */
  readonly latest: HealthReport | null
  /** Rounds oldest first, at most HEALTH_TIMELINE_CAP. */
  readonly timeline: readonly HealthReport[]
  /** True while a round asked for with checkNow is running. */
  readonly checking: boolean
  /** Why the last checkNow failed, or null. */
  readonly checkError: string | null
  /** Why the history could not be loaded, or null. */
  readonly historyError: string | null
  resetFromSnapshot(snapshot: Snapshot): void
  applyReport(report: HealthReport): void
  /** Loads past rounds from the engine and merges them into the timeline. */
  loadHistory(): Promise<Result<readonly HealthReport[]>>
  /** Runs a round now; the answer becomes the latest report. */
  checkNow(): Promise<Result<HealthReport>>
}

// Rounds are identified by their time: a round seen both in the history and as an event is one.
function merge(a: readonly HealthReport[], b: readonly HealthReport[]): HealthReport[] {
  const byTs = new Map<number, HealthReport>()
  for (const report of a) byTs.set(report.ts, report)
  for (const report of b) byTs.set(report.ts, report)
  const merged = [...byTs.values()].sort((x, y) => x.ts - y.ts)
  return merged.length > HEALTH_TIMELINE_CAP ? merged.slice(-HEALTH_TIMELINE_CAP) : merged
}

function newest(a: HealthReport | null, b: HealthReport | null | undefined): HealthReport | null {
  if (!b) return a
  return !a || b.ts >= a.ts ? b : a
}

/** The health store. */
export const useHealthStore = create<HealthState>()((set, get) => ({
  latest: null,
  timeline: [],
  checking: false,
  checkError: null,
  historyError: null,

  resetFromSnapshot(snapshot) {
    // An engine older than the health checks sends no report; the screen then says so.
    const latest = snapshot.health ?? null
    set({ latest, timeline: latest ? [latest] : [], historyError: null, checkError: null })
  },

  applyReport(report) {
    const { latest, timeline } = get()
    const last = timeline[timeline.length - 1]
    const appended =
      !last || report.ts > last.ts
        ? timeline.length >= HEALTH_TIMELINE_CAP
          ? [...timeline.slice(timeline.length - HEALTH_TIMELINE_CAP + 1), report]
          : [...timeline, report]
        : merge(timeline, [report])
    set({ latest: newest(latest, report), timeline: appended })
  },

  async loadHistory() {
    const result = await invoke('health:history', { limit: HEALTH_TIMELINE_CAP })
    if (!result.ok) {
      set({ historyError: result.error.message })
      return result
    }
    const history = result.value
    set((s) => ({
      timeline: merge(history, s.timeline),
      latest: newest(s.latest, history[history.length - 1]),
      historyError: null,
    }))
    return result
  },

  async checkNow() {
    set({ checking: true, checkError: null })
    const result = await invoke('health:check', {})
    if (result.ok) {
      get().applyReport(result.value)
      set({ checking: false })
    } else {
      set({ checking: false, checkError: result.error.message })
    }
    return result
  },
}))
