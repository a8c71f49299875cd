/**
 * Market data as the console shows it: the latest quote of each symbol on the simulated market
 * and on each exchange whose live prices paper accounts use, one-minute candles per symbol
 * (history loaded on demand, then live), the instruments, the symbol in focus, and the
 * simulator's speed and injected faults.
 */
import { create } from 'zustand'
import {
  SYMBOLS,
  type Candle,
  type Instrument,
  type MarketFault,
  type MarketStatus,
  type MarketSymbol,
  type Quote,
  type Snapshot,
} from '../../../shared/types'
import type { Result } from '../../../shared/result'
import { invoke } from '../lib/desk'

/** How many candles the chart asks for when a symbol comes into view. */
export const CANDLE_HISTORY_LIMIT = 240
// Keeps a console left open for days from growing without bound.
const MAX_CANDLES = 2_000

/** The candles of one symbol; `revision` changes whenever history replaces the whole list. */
export interface CandleSeries {
  readonly items: readonly Candle[]
  readonly revision: number
}

/** State and actions of the market store. */
export interface MarketState {
  /** The simulated market's quotes. */
  readonly quotes: Partial<Record<MarketSymbol, Quote>>
  /** Live public prices, keyed by the ccxt exchange id they come from. */
  readonly liveQuotes: Readonly<Record<string, Partial<Record<MarketSymbol, Quote>>>>
  /** The simulator's speed and faults. */
  readonly status: MarketStatus
  readonly candles: Partial<Record<MarketSymbol, CandleSeries>>
  readonly instruments: readonly Instrument[]
  readonly selectedSymbol: MarketSymbol
  /** Why the last history load failed, if it did. */
  readonly candleError: string | null
  resetFromSnapshot(snapshot: Snapshot): void
  applyQuote(quote: Quote): void
  applyCandle(candle: Candle): void
  applyStatus(status: MarketStatus): void
  /** Sets the simulator's speed: simulated seconds per real second. */
  setSpeed(speed: number): Promise<Result<MarketStatus>>
  /** Injects a fault into a symbol of the simulator, or clears it ('none'). */
  setFault(symbol: MarketSymbol, fault: MarketFault | 'none'): Promise<Result<MarketStatus>>
  selectSymbol(symbol: MarketSymbol): void
  loadCandles(symbol: MarketSymbol): Promise<void>
}

let revisionCounter = 0

/** Whether a quote is the simulated market's (older engines name no source). */
export function isSimulatorQuote(quote: Quote): boolean {
  return quote.source === undefined || quote.source === 'simulator'
}

const REAL_TIME: MarketStatus = { speed: 1, faults: {} }

function mergeCandle(items: readonly Candle[], candle: Candle): readonly Candle[] {
  const last = items[items.length - 1]
  if (!last || candle.time > last.time) {
    const next = [...items, candle]
    return next.length > MAX_CANDLES ? next.slice(next.length - MAX_CANDLES) : next
  }
  if (candle.time === last.time) return [...items.slice(0, -1), candle]
  // An older minute: correct it in place if we have it, otherwise it is too old to matter.
  const index = items.findIndex((c) => c.time === candle.time)
  if (index < 0) return items
  const next = [...items]
  next[index] = candle
  return next
}

/** The market store. */
export const useMarketStore = create<MarketState>()((set, get) => ({
  quotes: {},
  liveQuotes: {},
  status: REAL_TIME,
  candles: {},
  instruments: [],
  selectedSymbol: SYMBOLS[0],
  candleError: null,

  resetFromSnapshot(snapshot) {
    const quotes: Partial<Record<MarketSymbol, Quote>> = {}
    const liveQuotes: Record<string, Partial<Record<MarketSymbol, Quote>>> = {}
    for (const quote of snapshot.quotes) {
      if (isSimulatorQuote(quote)) quotes[quote.symbol] = quote
      else (liveQuotes[quote.source as string] ??= {})[quote.symbol] = quote
    }
    const symbols = snapshot.instruments.map((i) => i.symbol)
    const selected = get().selectedSymbol
    set({
      quotes,
      liveQuotes,
      status: snapshot.market ?? REAL_TIME,
      instruments: snapshot.instruments,
      selectedSymbol:
        symbols.length === 0 || symbols.includes(selected) ? selected : (symbols[0] ?? selected),
    })
  },

  applyQuote(quote) {
    if (isSimulatorQuote(quote)) {
      set((state) => ({ quotes: { ...state.quotes, [quote.symbol]: quote } }))
      return
    }
    const source = quote.source as string
    set((state) => ({
      liveQuotes: {
        ...state.liveQuotes,
        [source]: { ...state.liveQuotes[source], [quote.symbol]: quote },
      },
    }))
  },

  applyStatus(status) {
    set({ status })
  },

  async setSpeed(speed) {
    const result = await invoke('market:set-speed', { speed })
    if (result.ok) set({ status: result.value })
    return result
  },

  async setFault(symbol, fault) {
    const result = await invoke('market:set-fault', { symbol, fault })
    if (result.ok) set({ status: result.value })
    return result
  },

  applyCandle(candle) {
    set((state) => {
      // Kept even before history loads, so the minute in progress is not lost meanwhile.
      const series = state.candles[candle.symbol] ?? { items: [], revision: 0 }
      const items = mergeCandle(series.items, candle)
      if (items === series.items) return state
      return {
        candles: { ...state.candles, [candle.symbol]: { items, revision: series.revision } },
      }
    })
  },

  selectSymbol(symbol) {
    set({ selectedSymbol: symbol })
  },

  async loadCandles(symbol) {
    const result = await invoke('market:get-candles', { symbol, limit: CANDLE_HISTORY_LIMIT })
    if (!result.ok) {
      set({ candleError: `Could not load ${symbol} candles: ${result.error.message}` })
      return
    }
    set((state) => {
      // Live candles that arrived while history was loading are newer than it: keep them.
      let items: readonly Candle[] = [...result.value].sort((a, b) => a.time - b.time)
      for (const live of state.candles[symbol]?.items ?? []) {
        const last = items[items.length - 1]
        if (!last || live.time >= last.time) items = mergeCandle(items, live)
      }
      revisionCounter += 1
      return {
        candleError: null,
        candles: { ...state.candles, [symbol]: { items, revision: revisionCounter } },
      }
    })
  },
}))

/** The instrument of a symbol, if the snapshot listed it. */
export function findInstrument(
  instruments: readonly Instrument[],
  symbol: MarketSymbol,
): Instrument | undefined {
  return instruments.find((i) => i.symbol === symbol)
}
