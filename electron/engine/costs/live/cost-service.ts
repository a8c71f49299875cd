/**
 * Expected slippage for the engine: per market feed and symbol, the live features (fed by the
 * feed's one-minute candles) with the quote and the book at the moment of asking, through the
 * model.
 *
 * Restarts: nothing is kept on disk. A symbol's features are rebuilt from the feed's own
 * history the first time they are asked for (the last 1,440 minutes the feed keeps), then
 * follow its candles. ATR(14) and the 24-hour volume only read the last day, which the
 * simulator replays from its seed and a live feed fetches, so they come back as they were (the
 * volume short of the one oldest minute the feed no longer keeps, scaled to a day); the longer
 * ATR restarts its seed a few minutes later, a difference that fades as (719/720)^k; the
 * hour-of-week profile restarts from that one day (its thin buckets are shrunk toward 1 by
 * design), which is the one thing a restart loses. A journal
 * fold would mean journaling market data; the profile is not something the trader did.
 */
import type { CostEstimate } from '../../../../shared/costs'
import type { Candle, MarketSymbol, Side } from '../../../../shared/types'
import type { MarketFeed } from '../../market'
import { spreadBps } from '../features/book'
import { DEFAULT_SLIPPAGE_COEFFICIENTS, type SlippageCoefficients } from '../model/coefficients'
import { estimateSlippage, type CostBookLevel } from '../model/slippage-model'
import { SymbolFeatures, type SymbolFeaturesNow } from './symbol-features'

/** Minutes of history read at the first request for a symbol. */
const SEED_MINUTES = 1440

interface FeedState {
  readonly symbols: Map<MarketSymbol, { features: SymbolFeatures; pending: FeatureCandle | null }>
  readonly unsubscribe: () => void
}

type FeatureCandle = Parameters<SymbolFeatures['push']>[0]

/** What an estimate is asked for. */
export interface CostRequest {
  readonly symbol: MarketSymbol
  readonly side: Side
  /** Base units, as the order carries it (a decimal string) or a number. */
  readonly quantity: string | number
  /** Time from intent to match, ms, when known (the paper exchange's latency). */
  readonly latencyMs?: number
}

/** Live features and estimates for every feed the engine trades on. */
export class CostService {
  private readonly feeds = new Map<MarketFeed, FeedState>()

  constructor(
    private readonly coefficients: () => SlippageCoefficients = () => DEFAULT_SLIPPAGE_COEFFICIENTS,
    /** Book levels a side the estimate walks (the paper exchange fills against 10). */
    private readonly depth = 10,
  ) {}

  /**
   * The features of a symbol on a feed now, seeding them from its history on first use. The
   * hour of the week is the feed's (its minute in progress: simulated time may run ahead of the
   * clock), or `time` before the feed has a candle.
   */
  features(feed: MarketFeed, symbol: MarketSymbol, time: number): SymbolFeaturesNow {
    const s = this.symbol(feed, symbol)
    return s.features.now(s.pending?.time ?? time)
  }

  /**
   * The expected cost of a marketable order now, against the mid of the feed's quote: the
   * arrival price when called at intent. Never throws: a reason when it cannot be had.
   */
  estimate(feed: MarketFeed, request: CostRequest, time: number): CostEstimate {
    let quote, book
    try {
      quote = feed.quote(request.symbol)
      book = feed.book(request.symbol, this.depth)
    } catch (error) {
      return { ok: false, reason: `No cost estimate: ${(error as Error).message}.` }
    }
    const spread = spreadBps(quote)
    if (!spread.ok) return { ok: false, reason: `No cost estimate: ${spread.reason}.` }
    const f = this.features(feed, request.symbol, time)
    const side = request.side === 'buy' ? book.asks : book.bids
    const levels: CostBookLevel[] = side.map((l) => ({
      price: Number(l.price),
      size: Number(l.size),
    }))
    return estimateSlippage(
      { side: request.side, quantity: Number(request.quantity), price: spread.mid },
      {
        spreadBps: spread.bps,
        atrPercent: f.atrPercent,
        longAtrPercent: f.longAtrPercent,
        levels,
        // A day's volume from the minutes seen (the feed keeps 1,439 complete ones).
        dayVolume: f.dayMinutes > 0 ? (f.dayVolume * 1440) / f.dayMinutes : 0,
        activity: f.activity,
        ...(request.latencyMs === undefined ? {} : { latencyMs: request.latencyMs }),
      },
      this.coefficients(),
    )
  }

  /** Stops listening to every feed. */
  close(): void {
    for (const state of this.feeds.values()) state.unsubscribe()
    this.feeds.clear()
  }

  private symbol(feed: MarketFeed, symbol: MarketSymbol) {
    let state = this.feeds.get(feed)
    if (!state) {
      const symbols: FeedState['symbols'] = new Map()
      const unsubscribe = feed.subscribe({
        candle: (c) => {
          const s = symbols.get(c.symbol)
          if (!s) return
          // A minute is complete when the next one starts.
          if (s.pending && c.time > s.pending.time) s.features.push(s.pending)
          if (!s.pending || c.time >= s.pending.time) s.pending = toCandle(c)
        },
      })
      state = { symbols, unsubscribe }
      this.feeds.set(feed, state)
    }
    let s = state.symbols.get(symbol)
    if (!s) {
      const features = new SymbolFeatures()
      let history: ReturnType<MarketFeed['candles']> = []
      try {
        history = feed.candles(symbol, SEED_MINUTES + 1)
      } catch {
        // No history (an unknown symbol): the features stay empty and the estimate says why.
      }
      // The last candle is the minute in progress.
      for (const c of history.slice(0, -1)) features.push(toCandle(c))
      const last = history.at(-1)
      s = { features, pending: last ? toCandle(last) : null }
      state.symbols.set(symbol, s)
    }
    return s
  }
}

function toCandle(c: Candle): FeatureCandle {
  return { time: c.time, high: c.high, low: c.low, close: c.close, volume: c.volume }
}
