/**
 * Market data as the console shows it: the latest quote of each symbol, one-minute candles per
 * symbol (history loaded on demand, then live), the instruments and the symbol in focus.
 */
import { create } from 'zustand'
import {
  SYMBOLS,
  type Candle,
  type Instrument,
  type MarketSymbol,
  type Quote,
  type Snapshot,
} from '../../../shared/types'
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
  readonly quotes: Partial<Record<MarketSymbol, Quote>>
  readonly candles: Partial<Record<MarketSymbol, CandleSeries>>
  readonly instruments: readonly Instrument[]
  readonly selectedSymbol: MarketSymbol
  /** Why the last history load failed, if it did. */
  readonly candleError: string | null
  resetFromSnapshot(snapshot: Snapshot): void
  applyQuote(quote: Quote): void
  applyCandle(candle: Candle): void
  selectSymbol(symbol: MarketSymbol): void
  loadCandles(symbol: MarketSymbol): Promise<void>
}

let revisionCounter = 0

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
  candles: {},
  instruments: [],
  selectedSymbol: SYMBOLS[0],
  candleError: null,

  resetFromSnapshot(snapshot) {
    const quotes: Partial<Record<MarketSymbol, Quote>> = {}
    for (const quote of snapshot.quotes) quotes[quote.symbol] = quote
    const symbols = snapshot.instruments.map((i) => i.symbol)
    const selected = get().selectedSymbol
    set({
      quotes,
      instruments: snapshot.instruments,
      selectedSymbol:
        symbols.length === 0 || symbols.includes(selected) ? selected : (symbols[0] ?? selected),
    })
  },

  applyQuote(quote) {
    set((state) => ({ quotes: { ...state.quotes, [quote.symbol]: quote } }))
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
