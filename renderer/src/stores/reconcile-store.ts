/**
 * Reconciliation as the console shows it: the open findings (each blocks trading on its
 * account), the latest settled ones and each account's last run. The snapshot brings the
 * status, 'reconcile:status' events replace it, and every command answers with the newest one.
 */
import { create } from 'zustand'
import type { Result } from '../../../shared/result'
import type { ReconcileAction, ReconcileStatus, Snapshot } from '../../../shared/types'
import { invoke } from '../lib/desk'

const EMPTY: ReconcileStatus = { open: [], resolved: [], runs: {} }

/** State and actions of the reconcile store. */
export interface ReconcileState {
  readonly status: ReconcileStatus
  /** True while a run asked for with runNow is going. */
  readonly running: boolean
  /** Why the last runNow failed, or null. */
  readonly runError: string | null
  resetFromSnapshot(snapshot: Snapshot): void
  applyStatus(status: ReconcileStatus): void
  /** Reconciles every account now. */
  runNow(): Promise<Result<ReconcileStatus>>
  /** Settles one finding with its action; the reason goes into the journal. */
  resolve(
    findingId: string,
    action: ReconcileAction,
    reason: string,
  ): Promise<Result<ReconcileStatus>>
}

/** The reconcile store. */
export const useReconcileStore = create<ReconcileState>()((set, get) => ({
  status: EMPTY,
  running: false,
  runError: null,

  resetFromSnapshot(snapshot) {
    // An engine older than reconciliation sends none; the screen then shows no run yet.
    set({ status: snapshot.reconciliation ?? EMPTY, runError: null })
  },

  applyStatus(status) {
    set({ status })
  },

  async runNow() {
    set({ running: true, runError: null })
    const result = await invoke('reconcile:run', {})
    if (result.ok) get().applyStatus(result.value)
    set({ running: false, runError: result.ok ? null : result.error.message })
    return result
  },

  async resolve(findingId, action, reason) {
    const result = await invoke('reconcile:resolve', { findingId, action, reason: reason.trim() })
    if (result.ok) get().applyStatus(result.value)
    return result
  },
}))

/** How many findings are open: each one blocks trading on its account. */
export function selectOpenCount(state: ReconcileState): number {
  return state.status.open.length
}
