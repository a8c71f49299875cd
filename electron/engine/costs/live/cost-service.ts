/**
 * Expected slippage for the engine: per market feed and symbol, the live features (the feed's
 * one-minute candles, caught up at each request) with the quote and the book at the moment of
 * asking, through the model.
 *
 * Restarts: nothing is kept on disk. A symbol's features are rebuilt from the feed's own
 * history the first time they are asked for (the last 1,440 minutes the feed keeps), then
 * take its new minutes as they come. ATR(14) and the 24-hour volume only read the last day, which the
 * simulator replays from its seed and a live feed fetches, so they come back as they were (the
 * volume of the 1,439 minutes the feed keeps, scaled to a day), and so does the longer average,
 * a plain mean over the same minutes; the hour-of-week profile restarts from that one day (its thin buckets are shrunk toward 1 by
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

interface SymbolState {
  readonly features: SymbolFeatures
  /** The feed's minute in progress when last looked at. */
  pending: Candle | null
}
const MINUTE_MS = 60_000

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
  private readonly feeds = new Map<MarketFeed, Map<MarketSymbol, SymbolState>>()

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
  estimate(
    feed: MarketFeed,
    request: CostRequest,
    time: number,
    coefficients: SlippageCoefficients = this.coefficients(),
  ): CostEstimate {
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
        // A day's volume from the minutes seen (a feed keeps 1,439 complete ones).
        dayVolume: f.dayMinutes > 0 ? (f.dayVolume * 1440) / f.dayMinutes : 0,
        activity: f.activity,
        ...(request.latencyMs === undefined ? {} : { latencyMs: request.latencyMs }),
      },
      coefficients,
    )
  }

  /** Forgets every feed's features. */
  close(): void {
    this.feeds.clear()
  }

  /**
   * A symbol's features, brought up to the feed's last minute: seeded from its history on first
   * use, then caught up from it on every request (not from published events: a market stepped
   * without publishing, as a rehearsal's, still moves them).
   */
  private symbol(feed: MarketFeed, symbol: MarketSymbol): SymbolState {
    let symbols = this.feeds.get(feed)
    if (!symbols) {
      symbols = new Map()
      this.feeds.set(feed, symbols)
    }
    let s = symbols.get(symbol)
    if (!s) {
      s = { features: new SymbolFeatures(), pending: null }
      symbols.set(symbol, s)
    }
    let latest: Candle | undefined
    try {
      latest = feed.candles(symbol, 1).at(-1)
    } catch {
      // No history (an unknown symbol): the features stay empty and the estimate says why.
      return s
    }
    if (!latest || (s.pending !== null && latest.time <= s.pending.time)) {
      if (latest && s.pending !== null && latest.time === s.pending.time) s.pending = latest
      return s
    }
    const behind =
      s.pending === null ? SEED_MINUTES : Math.ceil((latest.time - s.pending.time) / MINUTE_MS)
    const history = feed.candles(symbol, Math.min(SEED_MINUTES, behind) + 1)
    // The last candle is the minute in progress; the features take the completed ones.
    for (const c of history.slice(0, -1)) s.features.push(c)
    s.pending = history.at(-1) ?? null
    return s
  }
}
