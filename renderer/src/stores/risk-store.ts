/**
 * Risk settings as the console shows them: each account's risk limits and trading state.
 * Limits come with the snapshot and follow 'limits:updated'; saving goes through the engine,
 * which validates every field, so what this store holds is always what the engine enforces.
 */
import { create } from 'zustand'
import type { Result } from '../../../shared/result'
import type { RiskLimits, Snapshot, TradingState } from '../../../shared/types'
import { invoke } from '../lib/desk'

/** State and actions of the risk store. */
export interface RiskState {
  /** Keyed by account id. */
  readonly limits: Readonly<Record<string, RiskLimits>>
  /** Keyed by account id. */
  readonly tradingStates: Readonly<Record<string, TradingState>>
  resetFromSnapshot(snapshot: Snapshot): void
  applyLimits(accountId: string, limits: RiskLimits): void
  applyTradingState(accountId: string, state: TradingState): void
  /** Reads the limits afresh from the engine. */
  loadLimits(accountId: string): Promise<Result<RiskLimits>>
  /** Saves changed fields; on success the store holds what the engine answered. */
  saveLimits(accountId: string, changes: Partial<RiskLimits>): Promise<Result<RiskLimits>>
}

/** The risk store. */
export const useRiskStore = create<RiskState>()((set, get) => ({
  limits: {},
  tradingStates: {},

  resetFromSnapshot(snapshot) {
    // An engine older than the audit trail sends neither; the screens then say so.
    set({ limits: snapshot.limits ?? {}, tradingStates: snapshot.tradingStates ?? {} })
  },

  applyLimits(accountId, limits) {
    set((state) => ({ limits: { ...state.limits, [accountId]: limits } }))
  },

  applyTradingState(accountId, state) {
    set((s) => ({ tradingStates: { ...s.tradingStates, [accountId]: state } }))
  },

  async loadLimits(accountId) {
    const result = await invoke('limits:get', { accountId })
    if (result.ok) get().applyLimits(accountId, result.value)
    return result
  },

  async saveLimits(accountId, changes) {
    const result = await invoke('limits:update', { accountId, limits: changes })
    if (result.ok) get().applyLimits(accountId, result.value)
    return result
  },
}))
