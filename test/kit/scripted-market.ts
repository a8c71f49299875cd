/**
 * A market whose prices are a pure function of the seed, the symbol and the time: an engine
 * started at any moment (after a restart or a crash) sees exactly the quotes, books and candles
 * an engine running since the beginning sees. Quotes change every `stepMs` and are published on
 * the step; each new minute publishes its candle (which closes the one before, for strategies).
 */
import type { Clock, TimerHandle } from '../../electron/engine/core'
import {
  INSTRUMENTS,
  instrumentStats,
  type BookLevel,
  type MarketListener,
  type OrderBook,
  type SimulatedMarket,
} from '../../electron/engine/market'
import type { Candle, MarketFault, MarketSymbol, Quote } from '../../shared/types'

const MINUTE = 60_000
const LEVELS = 10

/** A uniform draw in [0, 1) from integers, without state (a hash, mulberry32's finisher). */
function hash01(...parts: number[]): number {
  let h = 0x9e3779b9
  for (const p of parts) {
    h = Math.imul(h ^ (p >>> 0), 0x85ebca6b)
    h ^= h >>> 13
    h = Math.imul(h, 0xc2b2ae35)
    h ^= h >>> 16
  }
  let t = (h + 0x6d2b79f5) >>> 0
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

/** Rounds to a grid step given as a decimal string (the instrument's tick or lot). */
function onGrid(value: number, step: string): string {
  const decimals = step.includes('.') ? (step.split('.')[1] as string).length : 0
  const units = Math.max(1, Math.round(value / Number(step)))
  return (units * Number(step)).toFixed(decimals)
}

/** A deterministic market for restart tests. */
export class ScriptedMarket implements SimulatedMarket {
  readonly speed = 1
  private readonly listeners = new Set<MarketListener>()
  private readonly faults = new Map<MarketSymbol, MarketFault>()
  private timer: TimerHandle | null = null
  private readonly latest = new Map<MarketSymbol, OrderBook>()

  constructor(
    private readonly clock: Clock,
    private readonly seed: number,
    private readonly stepMs = 5_000,
  ) {}

  /** The mid price of a symbol at the step holding `ts`. */
  mid(symbol: MarketSymbol, ts: number): number {
    const index = INSTRUMENTS.findIndex((i) => i.symbol === symbol)
    const inst = INSTRUMENTS[index]
    if (!inst) throw new Error(`ScriptedMarket: unknown symbol ${symbol}`)
    const step = Math.floor(ts / this.stepMs)
    const hours = (step * this.stepMs) / 3_600_000
    const phase = hash01(this.seed, index, 1) * 2 * Math.PI
    const wave =
      0.012 * Math.sin((2 * Math.PI * hours) / 1.3 + phase) +
      0.005 * Math.sin((2 * Math.PI * hours) / 0.29 + 2 * phase) +
      0.0015 * (hash01(this.seed, index, step) - 0.5)
    return inst.startPrice * (1 + wave)
  }

  book(symbol: MarketSymbol, depth = LEVELS): OrderBook {
    const book = this.bookAt(symbol, this.stepTime(this.clock.now()))
    return { ...book, bids: book.bids.slice(0, depth), asks: book.asks.slice(0, depth) }
  }

  /** The book of a step (the latest one of each symbol is kept: quotes are read often). */
  private bookAt(symbol: MarketSymbol, ts: number): OrderBook {
    const cached = this.latest.get(symbol)
    if (cached?.ts === ts) return cached
    const book = this.makeBook(symbol, ts)
    this.latest.set(symbol, book)
    return book
  }

  private makeBook(symbol: MarketSymbol, ts: number): OrderBook {
    const index = INSTRUMENTS.findIndex((i) => i.symbol === symbol)
    const inst = INSTRUMENTS[index] as (typeof INSTRUMENTS)[number]
    const mid = this.mid(symbol, ts)
    const step = Math.floor(ts / this.stepMs)
    const half = (mid * inst.spreadBps) / 20_000
    const gap = mid * 0.0002
    // About $40 to $240 a level: an order of a few hundred dollars walks several levels, and
    // one of a couple of thousand can empty the ten of them (a partial fill).
    const level = (i: number, side: number, sign: number): BookLevel => ({
      price: onGrid(mid + sign * (half + i * gap), inst.tickSize),
      size: onGrid((40 + 200 * hash01(this.seed, index, step, side, i)) / mid, inst.lotSize),
    })
    return {
      symbol,
      ts,
      bids: Array.from({ length: LEVELS }, (_, i) => level(i, 0, -1)),
      asks: Array.from({ length: LEVELS }, (_, i) => level(i, 1, 1)),
    }
  }

  quote(symbol: MarketSymbol): Quote {
    const ts = this.stepTime(this.clock.now())
    const book = this.bookAt(symbol, ts)
    const bid = (book.bids[0] as BookLevel).price
    const ask = (book.asks[0] as BookLevel).price
    const inst = INSTRUMENTS.find((i) => i.symbol === symbol) as (typeof INSTRUMENTS)[number]
    return { symbol, ts, bid, ask, last: onGrid(this.mid(symbol, ts), inst.tickSize) }
  }

  quotes(): Quote[] {
    return INSTRUMENTS.map((i) => this.quote(i.symbol))
  }

  candles(symbol: MarketSymbol, limit: number): Candle[] {
    const now = this.clock.now()
    const current = Math.floor(now / MINUTE) * MINUTE
    const out: Candle[] = []
    for (let time = current - (limit - 1) * MINUTE; time <= current; time += MINUTE) {
      const prices: number[] = []
      for (let t = time; t < time + MINUTE && t <= now; t += this.stepMs)
        prices.push(this.mid(symbol, t))
      out.push({
        symbol,
        time,
        open: prices[0] as number,
        high: Math.max(...prices),
        low: Math.min(...prices),
        close: prices.at(-1) as number,
        volume: prices.length,
      })
    }
    return out
  }

  stats(symbol: MarketSymbol): { dailyVolatility: number; dailyVolume: number } {
    const inst = INSTRUMENTS.find((i) => i.symbol === symbol)
    if (!inst) throw new Error(`ScriptedMarket: unknown symbol ${symbol}`)
    return instrumentStats(inst)
  }

  subscribe(listener: MarketListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Publishes on every step, aligned to the step grid whenever it starts. */
  start(): void {
    if (this.timer) return
    const now = this.clock.now()
    const next = this.stepTime(now) + this.stepMs
    this.timer = this.clock.setTimeout(() => {
      this.tick()
      this.timer = this.clock.setInterval(() => this.tick(), this.stepMs)
    }, next - now)
  }

  stop(): void {
    this.timer?.cancel()
    this.timer = null
  }

  setSpeed(): void {}

  fault(symbol: MarketSymbol): MarketFault | null {
    return this.faults.get(symbol) ?? null
  }

  setFault(symbol: MarketSymbol, fault: MarketFault | null): void {
    if (fault) this.faults.set(symbol, fault)
    else this.faults.delete(symbol)
  }

  private stepTime(ts: number): number {
    return Math.floor(ts / this.stepMs) * this.stepMs
  }

  private tick(): void {
    const now = this.clock.now()
    for (const inst of INSTRUMENTS) {
      const quote = this.quote(inst.symbol)
      for (const l of [...this.listeners]) l.quote?.(quote)
      if (now % MINUTE === 0) {
        const candle = this.candles(inst.symbol, 1)[0] as Candle
        for (const l of [...this.listeners]) l.candle?.(candle)
      }
    }
  }
}
