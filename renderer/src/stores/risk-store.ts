/**
 * Risk settings as the console shows them: each account's risk limits and trading state.
 * Limits come with the snapshot and follow 'limits:updated'; saving goes through the engine,
 * which validates every field, so what this store holds is always what the engine enforces.
 * Trading states are the effective ones (the stricter of the account's own and the global);
 * the global one comes with the snapshot and with every answer to an override or the kill switch.
 */
import { create } from 'zustand'
import type { Result } from '../../../shared/result'
import type {
  KillSwitchReport,
  RiskLimits,
  Snapshot,
  TradingCause,
  TradingState,
  TradingStatus,
} from '../../../shared/types'
import { invoke } from '../lib/desk'

/** State and actions of the risk store. */
export interface RiskState {
  /** Keyed by account id. */
  readonly limits: Readonly<Record<string, RiskLimits>>
  /** Keyed by account id. */
  readonly tradingStates: Readonly<Record<string, TradingState>>
  /** The state set for every account at once; null until the engine said. */
  readonly globalTradingState: TradingState | null
  /** Who set each scope's own state and why: account ids, and '*' for every account. */
  readonly tradingCauses: Readonly<Record<string, TradingCause>>
  /**
   * The engine's clock minus this one's, measured at the snapshot: countdowns run to the
   * engine's own moments, not to a guess of this window's clock.
   */
  readonly clockOffsetMs: number
  resetFromSnapshot(snapshot: Snapshot): void
  applyLimits(accountId: string, limits: RiskLimits): void
  /** An account's effective state and the global one, as a 'trading:state' event says. */
  applyTradingState(
    accountId: string,
    state: TradingState,
    global: TradingState,
    causes?: { readonly cause?: TradingCause; readonly globalCause?: TradingCause },
  ): void
  applyTradingStatus(status: TradingStatus): void
  /** The operator's override of one account or of every account, with the reason journaled. */
  setTradingState(
    scope: { readonly accountId: string } | { readonly global: true },
    state: TradingState,
    reason: string,
  ): Promise<Result<TradingStatus>>
  /** Cancels every open order, closes every position if asked, and halts every account. */
  killSwitch(closePositions: boolean, reason: string): Promise<Result<KillSwitchReport>>
  /** Reads the limits afresh from the engine. */
  loadLimits(accountId: string): Promise<Result<RiskLimits>>
  /** Saves changed fields; on success the store holds what the engine answered. */
  saveLimits(accountId: string, changes: Partial<RiskLimits>): Promise<Result<RiskLimits>>
}

/** The risk store. */
export const useRiskStore = create<RiskState>()((set, get) => ({
  limits: {},
  tradingStates: {},
  globalTradingState: null,
  tradingCauses: {},
  clockOffsetMs: 0,

  resetFromSnapshot(snapshot) {
    // An engine older than the audit trail sends neither; the screens then say so.
    set({
      limits: snapshot.limits ?? {},
      tradingStates: snapshot.tradingStates ?? {},
      globalTradingState: snapshot.globalTradingState ?? null,
      tradingCauses: snapshot.tradingCauses ?? {},
      clockOffsetMs: Number.isFinite(snapshot.serverTime) ? snapshot.serverTime - Date.now() : 0,
    })
  },

  applyLimits(accountId, limits) {
    set((state) => ({ limits: { ...state.limits, [accountId]: limits } }))
  },

  applyTradingState(accountId, state, global, causes) {
    set((s) => ({
      tradingStates: { ...s.tradingStates, [accountId]: state },
      globalTradingState: global,
      tradingCauses: {
        ...s.tradingCauses,
        ...(causes?.cause ? { [accountId]: causes.cause } : {}),
        ...(causes?.globalCause ? { '*': causes.globalCause } : {}),
      },
    }))
  },

  applyTradingStatus(status) {
    set((s) => ({
      globalTradingState: status.global,
      tradingStates: { ...s.tradingStates, ...status.accounts },
    }))
  },

  async setTradingState(scope, state, reason) {
    const result = await invoke('trading:set-state', { ...scope, state, reason: reason.trim() })
    if (result.ok) get().applyTradingStatus(result.value)
    return result
  },

  async killSwitch(closePositions, reason) {
    const result = await invoke('trading:kill-switch', { closePositions, reason: reason.trim() })
    if (result.ok) get().applyTradingStatus(result.value.status)
    return result
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
