/**
 * The Performance screen's state: which account (one, or all) and which time range the trader
 * chose, the engine's answer for them, and the candles of the symbol whose trades are charted.
 * The view is fetched with 'performance:get'; the screen asks again on new fills and every
 * minute. An answer to an older question is dropped, so a slow reply never overwrites a newer one.
 */
import { create } from 'zustand'
import type { PerformanceView } from '../../../shared/performance'
import type { Result } from '../../../shared/result'
import type { Candle, MarketSymbol } from '../../../shared/types'
import { invoke } from '../lib/desk'

/** The choice in the account selector that means every account together. */
export const ALL_ACCOUNTS = '*'

/** The time ranges offered. */
export type RangeKind = 'today' | '7d' | '30d' | '90d' | 'all' | 'custom'

/** The chosen range; a custom one is two local days, both included. */
export interface RangeChoice {
  readonly kind: RangeKind
  /** YYYY-MM-DD, for 'custom'. */
  readonly from: string
  readonly to: string
}

/** What 'performance:get' is asked. */
export interface PerformanceQuery {
  readonly accountId?: string
  readonly from?: number
  readonly to?: number
}

/** Candles loaded for the trades chart: a day of one-minute candles. */
export const TRADE_CHART_CANDLES = 1_440

/** State and actions of the performance store. */
export interface PerformanceState {
  /** An account id, ALL_ACCOUNTS, or null to follow the account in view in the header. */
  readonly accountChoice: string | null
  readonly range: RangeChoice
  /** The symbol whose candles and trades are charted, or null for the most recently traded. */
  readonly chartSymbol: MarketSymbol | null
  readonly view: PerformanceView | null
  /** The question the view answers, so the screen knows when it is out of date. */
  readonly viewQuery: PerformanceQuery | null
  readonly loading: boolean
  /** When the view on screen was received, epoch ms. */
  readonly loadedAt: number | null
  /** Why the last fetch failed, or null. */
  readonly error: string | null
  readonly candles: readonly Candle[]
  readonly candlesSymbol: MarketSymbol | null
  readonly candleError: string | null
  chooseAccount(choice: string | null): void
  chooseRange(range: RangeChoice): void
  chooseChartSymbol(symbol: MarketSymbol): void
  /** Fetches the view; the answer is dropped if another fetch started meanwhile. */
  load(query: PerformanceQuery): Promise<Result<PerformanceView> | null>
  loadCandles(symbol: MarketSymbol): Promise<void>
}

let latestRequest = 0
let latestCandles = 0

/** The performance store. */
export const usePerformanceStore = create<PerformanceState>()((set) => ({
  accountChoice: null,
  range: { kind: '30d', from: '', to: '' },
  chartSymbol: null,
  view: null,
  viewQuery: null,
  loading: false,
  loadedAt: null,
  error: null,
  candles: [],
  candlesSymbol: null,
  candleError: null,

  chooseAccount(choice) {
    set({ accountChoice: choice })
  },

  chooseRange(range) {
    set({ range })
  },

  chooseChartSymbol(symbol) {
    set({ chartSymbol: symbol })
  },

  async load(query) {
    const request = ++latestRequest
    set({ loading: true })
    const result = await invoke('performance:get', query)
    if (request !== latestRequest) return null
    if (result.ok)
      set({
        view: result.value,
        viewQuery: query,
        loading: false,
        loadedAt: Date.now(),
        error: null,
      })
    else set({ loading: false, error: result.error.message })
    return result
  },

  async loadCandles(symbol) {
    const request = ++latestCandles
    const result = await invoke('market:get-candles', { symbol, limit: TRADE_CHART_CANDLES })
    if (request !== latestCandles) return
    if (result.ok) set({ candles: result.value, candlesSymbol: symbol, candleError: null })
    else set({ candles: [], candlesSymbol: symbol, candleError: result.error.message })
  },
}))
