/**
 * The Costs screen's state: the engine's actual-against-expected summary ('costs:summary') and
 * the fee analyzer's view ('costs:fees') for the account in view, asked together; the latest
 * 'costs:alarm' event (the screen asks again when one arrives). An answer to an older question
 * is dropped, so a slow reply never overwrites a newer one.
 */
import { create } from 'zustand'
import type { EventMap } from '../../../shared/contract'
import type { CostSummary } from '../../../shared/costs'
import type { FeesView } from '../../../shared/fees'
import { invoke } from '../lib/desk'

/** A 'costs:alarm' event as it arrived. */
export type CostAlarmEvent = EventMap['costs:alarm']

/** State and actions of the costs store. */
export interface CostsState {
  readonly summary: CostSummary | null
  /** The account the summary and fees answer for. */
  readonly accountId: string | null
  readonly fees: FeesView | null
  /** Why the fees could not be read (the summary may still be shown). */
  readonly feesError: string | null
  readonly loading: boolean
  /** When the figures on screen were received, epoch ms. */
  readonly loadedAt: number | null
  /** Why the last summary fetch failed, or null. */
  readonly error: string | null
  /** The latest alarm change the engine announced. */
  readonly lastAlarm: CostAlarmEvent | null
  /** Asks for one account's summary and fees; an answer to an older ask is dropped. */
  load(accountId: string): Promise<void>
  applyAlarm(alarm: CostAlarmEvent): void
}

let latestRequest = 0

/** The costs store. */
export const useCostsStore = create<CostsState>()((set) => ({
  summary: null,
  accountId: null,
  fees: null,
  feesError: null,
  loading: false,
  loadedAt: null,
  error: null,
  lastAlarm: null,

  async load(accountId) {
    const request = ++latestRequest
    set({ loading: true })
    const [summary, fees] = await Promise.all([
      invoke('costs:summary', { accountId }),
      invoke('costs:fees', { accountId }),
    ])
    if (request !== latestRequest) return
    const feesPart = fees.ok
      ? { fees: fees.value, feesError: null }
      : { fees: null, feesError: fees.error.message }
    if (summary.ok)
      set({
        summary: summary.value,
        accountId,
        ...feesPart,
        loading: false,
        loadedAt: Date.now(),
        error: null,
      })
    else set({ ...feesPart, loading: false, error: summary.error.message })
  },

  applyAlarm(alarm) {
    set({ lastAlarm: alarm })
  },
}))
