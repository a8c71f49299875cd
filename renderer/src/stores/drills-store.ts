/**
 * Resilience drills as the console shows them: the drill running now, the results kept (newest
 * first) and the recoveries per kind. The snapshot brings the status, 'drills:status' events
 * replace it as a drill moves on, and a drill started here is followed until it answers.
 */
import { create } from 'zustand'
import type { Result } from '../../../shared/result'
import type { DrillKind, DrillResult, DrillsStatus, Snapshot } from '../../../shared/types'
import { invoke } from '../lib/desk'

const EMPTY: DrillsStatus = { running: null, results: [], recoveries: {} }

/** A drill this console asked for and the engine has not answered yet. */
export interface DrillRequest {
  readonly accountId: string
  readonly kind: DrillKind
  /** When it was asked for (epoch ms), for the elapsed time before the first event. */
  readonly at: number
}

/** State and actions of the drills store. */
export interface DrillsState {
  readonly status: DrillsStatus
  readonly request: DrillRequest | null
  /** Why the last drill asked for here could not run, or null. */
  readonly runError: string | null
  resetFromSnapshot(snapshot: Snapshot): void
  applyStatus(status: DrillsStatus): void
  /** Runs a drill; answers when it is over. */
  run(accountId: string, kind: DrillKind): Promise<Result<DrillResult>>
}

/** The drills store. */
export const useDrillsStore = create<DrillsState>()((set) => ({
  status: EMPTY,
  request: null,
  runError: null,

  resetFromSnapshot(snapshot) {
    // An engine older than drills sends none; the screen then shows no results.
    set({ status: snapshot.drills ?? EMPTY })
  },

  applyStatus(status) {
    set({ status })
  },

  async run(accountId, kind) {
    set({ request: { accountId, kind, at: Date.now() }, runError: null })
    const result = await invoke('drills:run', { accountId, kind })
    if (result.ok) {
      // The answer can overtake the last event: read the status the result is part of.
      const status = await invoke('drills:status', {})
      const drill = result.value
      set((s) => ({
        status: status.ok
          ? status.value
          : s.status.results.some((r) => r.id === drill.id)
            ? s.status
            : { ...s.status, running: null, results: [drill, ...s.status.results] },
      }))
    }
    set({ request: null, runError: result.ok ? null : result.error.message })
    return result
  },
}))
