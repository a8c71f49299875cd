/**
 * The simulated market: a seeded random walk per symbol, quoted with a spread, ticking every
 * second on the injected clock, with one-minute candles. A seed and a start time reproduce it.
 */
import type { Candle, MarketSymbol, Quote } from '../../../shared/types'
import type { Clock, TimerHandle } from '../core/clock'
import { createRandom, type Random } from '../core/random'
import { INSTRUMENTS, type SimulatedInstrument } from './instruments'

const SECOND = 1_000
const MINUTE = 60 * SECOND
const SECONDS_PER_YEAR = 365 * 24 * 3600
/** Minutes of candles made up before the start, so a chart has history at once. */
export const HISTORY_MINUTES = 240
/** Candles kept per symbol. */
const MAX_CANDLES = 24 * 60

interface SymbolState {
  readonly inst: SimulatedInstrument
  readonly sigma: number
  readonly decimals: number
  mid: number
  candles: Candle[]
  quote: Quote
}

/** Listens to the market. */
export interface MarketListener {
  quote?(quote: Quote): void
  candle?(candle: Candle): void
}

/** Options of the simulator. */
export interface SimulatorOptions {
  readonly clock: Clock
  readonly seed: number
}

/** A seeded simulated market for the symbols of INSTRUMENTS. */
export class MarketSimulator {
  private readonly random: Random
  private readonly states = new Map<MarketSymbol, SymbolState>()
  private readonly listeners = new Set<MarketListener>()
  private timer: TimerHandle | null = null
  private lastStep: number

  constructor(private readonly options: SimulatorOptions) {
    this.random = createRandom(options.seed)
    const now = options.clock.now()
    const historyStart = Math.floor(now / MINUTE) * MINUTE - HISTORY_MINUTES * MINUTE
    for (const inst of INSTRUMENTS) {
      const decimals = inst.tickSize.split('.')[1]?.length ?? 0
      const state: SymbolState = {
        inst,
        sigma: inst.annualVolatility / Math.sqrt(SECONDS_PER_YEAR),
        decimals,
        mid: inst.startPrice,
        candles: [],
        quote: { symbol: inst.symbol, ts: historyStart, bid: '0', ask: '0', last: '0' },
      }
      this.states.set(inst.symbol, state)
    }
    this.lastStep = historyStart
    this.advanceTo(now, false)
  }

  /** Starts ticking once a second on the clock. */
  start(): void {
    if (this.timer) return
    this.timer = this.options.clock.setInterval(
      () => this.advanceTo(this.options.clock.now(), true),
      SECOND,
    )
  }

  /** Stops ticking. */
  stop(): void {
    this.timer?.cancel()
    this.timer = null
  }

  /** Moves the market forward to `now`, one step per elapsed second. */
  advanceTo(now: number, publish: boolean): void {
    const steps = Math.floor((now - this.lastStep) / SECOND)
    if (steps <= 0) return
    for (let i = 1; i <= steps; i++) {
      const ts = this.lastStep + i * SECOND
      for (const state of this.states.values()) this.step(state, ts)
    }
    this.lastStep += steps * SECOND
    if (!publish) return
    for (const state of this.states.values()) {
      const candle = state.candles[state.candles.length - 1]
      for (const l of this.listeners) {
        l.quote?.(state.quote)
        if (candle) l.candle?.(candle)
      }
    }
  }

  private step(state: SymbolState, ts: number): void {
    state.mid *= Math.exp(state.sigma * this.random.normal() - (state.sigma * state.sigma) / 2)
    const half = (state.mid * state.inst.spreadBps) / 20_000
    const scale = 10 ** state.decimals
    const bid = Math.floor((state.mid - half) * scale) / scale
    const ask = Math.max(Math.ceil((state.mid + half) * scale) / scale, bid + 1 / scale)
    const last = Math.round(state.mid * scale) / scale
    state.quote = {
      symbol: state.inst.symbol,
      ts,
      bid: bid.toFixed(state.decimals),
      ask: ask.toFixed(state.decimals),
      last: last.toFixed(state.decimals),
    }
    const volume = state.inst.volumePerSecond * 2 * this.random.next()
    const minute = Math.floor(ts / MINUTE) * MINUTE
    const current = state.candles[state.candles.length - 1]
    if (current && current.time === minute) {
      state.candles[state.candles.length - 1] = {
        ...current,
        high: Math.max(current.high, last),
        low: Math.min(current.low, last),
        close: last,
        volume: current.volume + volume,
      }
    } else {
      state.candles.push({
        symbol: state.inst.symbol,
        time: minute,
        open: last,
        high: last,
        low: last,
        close: last,
        volume,
      })
      if (state.candles.length > MAX_CANDLES)
        state.candles.splice(0, state.candles.length - MAX_CANDLES)
    }
  }

  /** Listens to quotes and candles; returns the remover. */
  subscribe(listener: MarketListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** The latest quote of a symbol. */
  quote(symbol: MarketSymbol): Quote {
    const state = this.states.get(symbol)
    if (!state) throw new Error(`Unknown symbol ${symbol}`)
    return state.quote
  }

  /** Every latest quote. */
  quotes(): Quote[] {
    return [...this.states.values()].map((s) => s.quote)
  }

  /** The last `limit` one-minute candles of a symbol, oldest first. */
  candles(symbol: MarketSymbol, limit: number): Candle[] {
    const state = this.states.get(symbol)
    if (!state) throw new Error(`Unknown symbol ${symbol}`)
    return state.candles.slice(-limit)
  }
}
