/**
 * Features of the quote and the order book: the spread now and the size visible near the mid.
 */
import type { Quote } from '../../../../shared/types'
import type { OrderBook } from '../../market'

/** The spread of a quote, or why there is none. */
export type Spread =
  | { readonly ok: true; readonly bps: number; readonly mid: number }
  | { readonly ok: false; readonly reason: string }

/**
 * The quoted spread in basis points of the mid: (ask − bid) / ((ask + bid) / 2) · 10,000. No
 * spread when either side is missing (not a positive number) or the quote is crossed.
 */
export function spreadBps(quote: Pick<Quote, 'bid' | 'ask'>): Spread {
  const bid = Number(quote.bid)
  const ask = Number(quote.ask)
  if (!(bid > 0) || !Number.isFinite(bid)) return { ok: false, reason: `no bid (bid ${quote.bid})` }
  if (!(ask > 0) || !Number.isFinite(ask)) return { ok: false, reason: `no ask (ask ${quote.ask})` }
  if (ask < bid)
    return { ok: false, reason: `crossed quote: ask ${quote.ask} below bid ${quote.bid}` }
  const mid = (bid + ask) / 2
  return { ok: true, bps: ((ask - bid) / mid) * 10_000, mid }
}

/** One side's visible size near the mid. */
export interface SideDepth {
  /** Base units. */
  readonly size: number
  /** Quote units: Σ price · size. */
  readonly notional: number
  /** Levels counted. */
  readonly levels: number
}

/** Visible depth within a band around the mid, or why there is none. */
export type BookDepth =
  | {
      readonly ok: true
      readonly mid: number
      readonly withinBps: number
      readonly bids: SideDepth
      readonly asks: SideDepth
    }
  | { readonly ok: false; readonly reason: string }

/**
 * The size resting within `withinBps` of the mid on each side of an L2 snapshot (the market
 * domain's OrderBook: decimal-string levels, best first): bids priced at or above
 * mid · (1 − withinBps/10⁴), asks at or below mid · (1 + withinBps/10⁴), the mid being halfway
 * between the best bid and the best ask. Only what the snapshot shows: a book cut at 10 levels
 * may hide size inside a wide band. No depth for an empty side, a crossed book or a level that
 * is not a positive price with a size ≥ 0.
 */
export function bookDepth(book: Pick<OrderBook, 'bids' | 'asks'>, withinBps = 10): BookDepth {
  if (!(withinBps >= 0) || !Number.isFinite(withinBps))
    return { ok: false, reason: `the band must be a number of bps ≥ 0; got ${withinBps}` }
  const bestBid = book.bids[0]
  const bestAsk = book.asks[0]
  if (!bestBid || !bestAsk) return { ok: false, reason: 'one side of the book is empty' }
  const spread = spreadBps({ bid: bestBid.price, ask: bestAsk.price })
  if (!spread.ok) return spread
  const band = withinBps / 10_000
  const bids = side(book.bids, (p) => p >= spread.mid * (1 - band))
  if (typeof bids === 'string') return { ok: false, reason: bids }
  const asks = side(book.asks, (p) => p <= spread.mid * (1 + band))
  if (typeof asks === 'string') return { ok: false, reason: asks }
  return { ok: true, mid: spread.mid, withinBps, bids, asks }
}

function side(levels: OrderBook['bids'], inside: (price: number) => boolean): SideDepth | string {
  let size = 0
  let notional = 0
  let count = 0
  for (const level of levels) {
    const price = Number(level.price)
    const amount = Number(level.size)
    if (!(price > 0) || !Number.isFinite(price))
      return `a level's price ${level.price} is not positive`
    if (!(amount >= 0) || !Number.isFinite(amount)) return `a level's size ${level.size} is not ≥ 0`
    if (!inside(price)) continue
    size += amount
    notional += price * amount
    count++
  }
  return { size, notional, levels: count }
}
