/**
 * The simulated market: per symbol a GARCH(1,1) price with an intraday pattern (process.ts),
 * quoted with a spread that widens with volatility, an order book around the mid, one-minute
 * candles, ticking every second on the injected clock. A seed and a start time reproduce it.
 *
 * Simulated time runs `speed` times faster than the clock: each real second carries `speed`
 * one-second steps of price (candles and the time of day follow simulated time), while quotes
 * carry the clock's time so that freshness checks keep working.
 */
import type { Candle, MarketFault, MarketSymbol, Quote } from '../../../shared/types'
import type { Clock, TimerHandle } from '../core'
import type { BookLevel, MarketListener, OrderBook, SimulatedMarket } from './feed'
import { INSTRUMENTS, instrumentStats, type SimulatedInstrument } from './instruments'
import {
  decimalsOf,
  mix32,
  SECOND,
  MINUTE,
  spreadFactor,
  SymbolProcess,
  symbolSeed,
  type ProcessCheckpoint,
} from './process'

export type { MarketListener } from './feed'
export type { MarketFault } from '../../../shared/types'

/** Minutes of candles made up before the start, so a chart has history at once. */
export const HISTORY_MINUTES = 240
/** Candles kept per symbol. */
const MAX_CANDLES = 24 * 60
/**
 * Depth of the book: the best level holds this many seconds of the hour's average volume, the
 * n-th level n times that (give or take 40 %), so the book is thinner in quiet hours.
 */
const BOOK_SECONDS = 2
/** The fastest clock speed: one simulated day per real second. */
export const MAX_SPEED = 86_400
/**
 * The most steps one advance makes (ten real seconds at the fastest speed, ten days at real
 * time): after the host slept, the market resumes rather than computing the missed days in one
 * go, and simulated time falls behind by the rest.
 */
const MAX_CATCH_UP = 10 * MAX_SPEED

/** Options of the simulator. */
export interface SimulatorOptions {
  readonly clock: Clock
  readonly seed: number
  /** The simulated instruments; INSTRUMENTS by default. */
  readonly instruments?: readonly SimulatedInstrument[]
  /**
   * Where the market's path begins (epoch ms, on a minute). The path is a function of the seed
   * and this origin: a market made again later with both (after a restart) has the very same
   * prices and candles up to now and goes on from there. Default: HISTORY_MINUTES before now.
   */
  readonly origin?: number
  /** The simulated time an earlier run reached (ahead of the clock after a higher speed). */
  readonly resumeAt?: number
  /**
   * A checkpoint on the path from `origin` to start from instead of the origin (quicker for an
   * old origin); candles are made from it on, so take one older than the history wanted.
   */
  readonly resumeFrom?: MarketCheckpoint
}

/** Where the simulated market is on its path: each symbol's process (see checkpoint()). */
export interface MarketCheckpoint {
  /** The simulated time of the checkpoint. */
  readonly time: number
  readonly symbols: Readonly<Record<string, ProcessCheckpoint>>
}

interface SymbolState {
  readonly inst: SimulatedInstrument
  readonly process: SymbolProcess
  readonly lot: number
  readonly lotDecimals: number
  readonly seed: number
  fault: MarketFault | null
  quote: Quote
  bidTicks: number
  askTicks: number
  publishedCompleted: number
  lastPublished: Candle | null
}

/** A seeded simulated market for the symbols of INSTRUMENTS. */
export class MarketSimulator implements SimulatedMarket {
  private readonly states = new Map<MarketSymbol, SymbolState>()
  /** The last book made of each symbol, and what it was made from. */
  private readonly books = new Map<
    MarketSymbol,
    {
      readonly book: OrderBook
      readonly depth: number
      readonly second: number
      readonly bidTicks: number
      readonly askTicks: number
      readonly volumeRatio: number
    }
  >()
  private readonly listeners = new Set<MarketListener>()
  private timer: TimerHandle | null = null
  private lastStep: number
  private simTime: number
  private multiplier = 1

  constructor(private readonly options: SimulatorOptions) {
    const now = options.clock.now()
    const historyStart =
      options.origin ?? Math.floor(now / MINUTE) * MINUTE - HISTORY_MINUTES * MINUTE
    const instruments = options.instruments ?? INSTRUMENTS
    // A checkpoint that misses a symbol (one added since) cannot be gone on from.
    const resume = instruments.every((i) => options.resumeFrom?.symbols[i.symbol])
      ? options.resumeFrom
      : undefined
    for (const inst of instruments) {
      const from = resume?.symbols[inst.symbol]
      const process = new SymbolProcess(inst, options.seed, historyStart, from)
      const state: SymbolState = {
        inst,
        process,
        lot: Number(inst.lotSize),
        lotDecimals: decimalsOf(inst.lotSize),
        seed: symbolSeed(options.seed, inst.symbol),
        fault: null,
        quote: { symbol: inst.symbol, ts: historyStart, bid: '0', ask: '0', last: '0' },
        bidTicks: 0,
        askTicks: 0,
        publishedCompleted: 0,
        lastPublished: null,
      }
      this.states.set(inst.symbol, state)
      this.requote(state, historyStart)
    }
    this.lastStep = historyStart
    this.simTime = resume?.time ?? historyStart
    if (options.origin === undefined) this.advanceTo(now, false)
    else this.replay(now, options.resumeAt ?? now)
  }

  /**
   * The same one-second steps from the origin (or a checkpoint on its path) up to where the
   * market was, however far: the clock's time, or the simulated time reached if ahead of it.
   */
  private replay(now: number, resumeAt: number): void {
    const seconds = Math.max(0, Math.floor((now - this.lastStep) / SECOND))
    let left = Math.max(
      Math.floor((now - this.simTime) / SECOND),
      Math.floor((resumeAt - this.simTime) / SECOND),
    )
    // A symbol a stale fault held back at the checkpoint rejoins the market's time (a gap).
    for (const state of this.states.values()) state.process.skipTo(this.simTime)
    while (left > 0) {
      const steps = Math.min(left, MAX_CATCH_UP)
      for (const state of this.states.values()) {
        state.process.advance(steps)
        const excess = state.process.completed.length - (MAX_CANDLES - 1)
        if (excess > 0) state.process.completed.splice(0, excess)
      }
      this.simTime += steps * SECOND
      left -= steps
    }
    this.lastStep += seconds * SECOND
    for (const state of this.states.values()) {
      this.requote(state, this.lastStep)
      state.publishedCompleted = state.process.completedTotal
    }
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

  /** Simulated seconds per real second: 1 is real time. */
  get speed(): number {
    return this.multiplier
  }

  /** Sets the clock speed: each real second then carries `multiplier` one-second steps. */
  setSpeed(multiplier: number): void {
    if (!Number.isInteger(multiplier) || multiplier < 1 || multiplier > MAX_SPEED)
      throw new RangeError(
        `Market speed must be a whole number from 1 (real time) to ${MAX_SPEED} (a day a second), got ${multiplier}`,
      )
    this.multiplier = multiplier
  }

  /** Where the market is on its path now, to go on from later (see SimulatorOptions). */
  checkpoint(): MarketCheckpoint {
    const symbols: Record<string, ProcessCheckpoint> = {}
    for (const [symbol, state] of this.states) symbols[symbol] = state.process.checkpoint()
    return { time: this.simTime, symbols }
  }

  /** The simulated time of the last step (ahead of the clock when the speed is above 1). */
  get simulatedTime(): number {
    return this.simTime
  }

  /**
   * A symbol's current volatility over its average (1 = the instrument's annualVolatility):
   * the hour of the day times the GARCH clustering of the moment. The spread follows it.
   */
  volatilityRatio(symbol: MarketSymbol): number {
    return this.state(symbol).process.volatilityRatio
  }

  /** The fault injected into a symbol's feed, or null. */
  fault(symbol: MarketSymbol): MarketFault | null {
    return this.state(symbol).fault
  }

  /**
   * Injects or clears a fault. Stale: the symbol stops (no quotes, candles or events; its quote
   * keeps its old time). Frozen: quotes keep coming with fresh times, but its price and spread
   * stand still, its candles go on flat and nothing trades. Either way it resumes where it
   * stopped.
   */
  setFault(symbol: MarketSymbol, fault: MarketFault | null): void {
    this.state(symbol).fault = fault
  }

  /** Moves the market forward to `now`: `speed` one-second steps per elapsed real second. */
  advanceTo(now: number, publish: boolean): void {
    const seconds = Math.floor((now - this.lastStep) / SECOND)
    if (seconds <= 0) return
    const steps = Math.min(seconds * this.multiplier, MAX_CATCH_UP)
    for (const state of this.states.values()) {
      if (state.fault === 'stale') continue
      // Back from an outage: the symbol rejoins the market's time, leaving a gap.
      state.process.skipTo(this.simTime)
      state.process.advance(steps, state.fault === 'frozen')
    }
    this.simTime += steps * SECOND
    this.lastStep += seconds * SECOND
    for (const state of this.states.values()) {
      if (state.fault === 'stale') continue
      this.requote(state, this.lastStep)
      if (publish) this.publish(state)
      state.publishedCompleted = state.process.completedTotal
      const excess = state.process.completed.length - (MAX_CANDLES - 1)
      if (excess > HISTORY_MINUTES) state.process.completed.splice(0, excess)
    }
  }

  private requote(state: SymbolState, ts: number): void {
    if (state.fault === 'frozen') {
      state.quote = { ...state.quote, ts }
      return
    }
    const { process, inst } = state
    const { grid } = process
    const mid = process.mid
    const half = (mid * inst.spreadBps * spreadFactor(process.volatilityRatio)) / 20_000
    const bidTicks = Math.floor((mid - half) / grid.tick)
    const askTicks = Math.max(Math.ceil((mid + half) / grid.tick), bidTicks + 1)
    state.bidTicks = bidTicks
    state.askTicks = askTicks
    state.quote = {
      symbol: inst.symbol,
      ts,
      bid: grid.text(bidTicks),
      ask: grid.text(askTicks),
      last: grid.text(Math.round(mid / grid.tick)),
    }
  }

  // Every candle that changed since the last publication (several at high speed), then quotes.
  private publish(state: SymbolState): void {
    const { process } = state
    const fresh = Math.min(
      process.completedTotal - state.publishedCompleted,
      process.completed.length,
    )
    const candles = process.completed.slice(process.completed.length - fresh)
    candles.push(process.currentCandle())
    const changed = candles.filter((c) => c !== state.lastPublished)
    state.lastPublished = process.currentCandle()
    for (const l of this.listeners) {
      l.quote?.(state.quote)
      if (l.candle) for (const c of changed) l.candle(c)
    }
  }

  private state(symbol: MarketSymbol): SymbolState {
    const state = this.states.get(symbol)
    if (!state) throw new Error(`Unknown symbol ${symbol}`)
    return state
  }

  /** Listens to quotes and candles; returns the remover. */
  subscribe(listener: MarketListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** The latest quote of a symbol. */
  quote(symbol: MarketSymbol): Quote {
    return this.state(symbol).quote
  }

  /** Every latest quote. */
  quotes(): Quote[] {
    return [...this.states.values()].map((s) => s.quote)
  }

  /** The last `limit` one-minute candles of a symbol, oldest first, the current one last. */
  candles(symbol: MarketSymbol, limit: number): Candle[] {
    const { process } = this.state(symbol)
    const n = Math.min(Math.floor(limit) - 1, MAX_CANDLES - 1, process.completed.length)
    if (n < 0) return []
    return [...process.completed.slice(process.completed.length - n), process.currentCandle()]
  }

  /**
   * The book around the quote, `depth` levels a side: the best levels are the quote's bid and
   * ask, the next ones half a spread apart (at least a tick), each holding more than the one
   * before, all scaled by the volume of the hour. The same moment gives the same book.
   */
  book(symbol: MarketSymbol, depth = 10): OrderBook {
    const state = this.state(symbol)
    const { process, inst } = state
    const { grid } = process
    // Keyed by the simulated second, so reading the book never moves the market.
    const second = Math.floor(process.time / SECOND) >>> 0
    // The same book until the quote or the second moves: the paper exchange reads it per order.
    const made = this.books.get(symbol)
    if (
      made?.depth === depth &&
      made.second === second &&
      made.bidTicks === state.bidTicks &&
      made.askTicks === state.askTicks &&
      made.volumeRatio === process.volumeRatio &&
      made.book.ts === state.quote.ts
    )
      return made.book
    const step = Math.max(1, Math.round((state.askTicks - state.bidTicks) / 2))
    const base = inst.volumePerSecond * process.volumeRatio * BOOK_SECONDS
    const level = (ticks: number, i: number, side: number): BookLevel => {
      const u = mix32(state.seed ^ mix32(second ^ mix32(i * 2 + side))) / 4294967296
      const size = base * (i + 1 + 0.8 * (u - 0.5))
      const lots = Math.max(1, Math.floor(size / state.lot))
      return { price: grid.text(ticks), size: (lots * state.lot).toFixed(state.lotDecimals) }
    }
    const bids: BookLevel[] = []
    const asks: BookLevel[] = []
    for (let i = 0; i < depth; i++) {
      const bidTicks = state.bidTicks - i * step
      if (bidTicks > 0) bids.push(level(bidTicks, i, 0))
      asks.push(level(state.askTicks + i * step, i, 1))
    }
    const book = { symbol, ts: state.quote.ts, bids, asks }
    this.books.set(symbol, {
      book,
      depth,
      second,
      bidTicks: state.bidTicks,
      askTicks: state.askTicks,
      volumeRatio: process.volumeRatio,
    })
    return book
  }

  /** Daily volatility and average daily volume, as the instrument's settings make them. */
  stats(symbol: MarketSymbol): { readonly dailyVolatility: number; readonly dailyVolume: number } {
    return instrumentStats(this.state(symbol).inst)
  }
}
