/**
 * A market replaying one-minute candles made in advance (simulateMinuteCandles): what a
 * rehearsal trades on. Each `next()` opens the next minute: the quote moves to that candle's
 * open, quoted with the instrument's spread, and the candle before it is closed. Orders fill
 * on the paper exchange against a book built around that quote.
 */
import type { Candle, MarketFault, MarketSymbol, Quote } from '../../../shared/types'
import type { Clock } from '../core'
import type { BookLevel, MarketListener, OrderBook, SimulatedMarket } from './feed'
import { instrument, instrumentStats } from './instruments'

/** Candles per symbol, oldest first, one a minute, all of the same length. */
export type CandleSeries = ReadonlyMap<MarketSymbol, readonly Candle[]>

/** A replay of generated candles; the rehearsal moves it minute by minute. */
export class ReplayMarket implements SimulatedMarket {
  private readonly listeners = new Set<MarketListener>()
  private readonly quotesBySymbol = new Map<MarketSymbol, Quote>()
  /** Index of the candle now forming. */
  private index = -1

  constructor(
    private readonly clock: Clock,
    private readonly series: CandleSeries,
  ) {}

  /** Minutes in the replay. */
  get length(): number {
    return Math.min(...[...this.series.values()].map((c) => c.length))
  }

  /** Opens the next minute; false when the replay is over. */
  next(): boolean {
    if (this.index + 1 >= this.length) return false
    this.index += 1
    const ts = this.clock.now()
    for (const [symbol, candles] of this.series) {
      const candle = candles[this.index] as Candle
      const quote = this.quoteAt(symbol, candle.open, ts)
      this.quotesBySymbol.set(symbol, quote)
      for (const l of this.listeners) {
        l.quote?.(quote)
        l.candle?.(candle)
      }
    }
    return true
  }

  private quoteAt(symbol: MarketSymbol, mid: number, ts: number): Quote {
    const inst = instrument(symbol)
    const decimals = inst.tickSize.split('.')[1]?.length ?? 0
    const tick = Number(inst.tickSize)
    const half = Math.max(tick, (mid * inst.spreadBps) / 20_000)
    return {
      symbol,
      ts,
      bid: (Math.floor((mid - half) / tick) * tick).toFixed(decimals),
      ask: (Math.ceil((mid + half) / tick) * tick).toFixed(decimals),
      last: mid.toFixed(decimals),
    }
  }

  quote(symbol: MarketSymbol): Quote {
    return this.quotesBySymbol.get(symbol) ?? { symbol, ts: 0, bid: '0', ask: '0', last: '0' }
  }

  quotes(): Quote[] {
    return [...this.series.keys()].map((s) => this.quote(s))
  }

  book(symbol: MarketSymbol, depth = 10): OrderBook {
    const q = this.quote(symbol)
    const inst = instrument(symbol)
    const tick = Number(inst.tickSize)
    const decimals = inst.tickSize.split('.')[1]?.length ?? 0
    const lotDecimals = inst.lotSize.split('.')[1]?.length ?? 0
    // A level holds two seconds of average volume, growing away from the mid.
    const levels = (from: number, step: number): BookLevel[] =>
      Array.from({ length: depth }, (_, i) => ({
        price: (from + step * i * tick).toFixed(decimals),
        size: (inst.volumePerSecond * 2 * (i + 1)).toFixed(lotDecimals),
      }))
    return {
      symbol,
      ts: q.ts,
      bids: Number(q.bid) > 0 ? levels(Number(q.bid), -1) : [],
      asks: Number(q.ask) > 0 ? levels(Number(q.ask), 1) : [],
    }
  }

  candles(symbol: MarketSymbol, limit: number): Candle[] {
    const candles = this.series.get(symbol) ?? []
    return candles.slice(Math.max(0, this.index + 1 - limit), this.index + 1)
  }

  stats(symbol: MarketSymbol): { dailyVolatility: number; dailyVolume: number } {
    return instrumentStats(instrument(symbol))
  }

  subscribe(listener: MarketListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  // A replay runs as fast as the rehearsal moves it, with no faults.
  start(): void {}
  stop(): void {}
  readonly speed = 1
  setSpeed(): void {}
  fault(): MarketFault | null {
    return null
  }
  setFault(): void {}
}
