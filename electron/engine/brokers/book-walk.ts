/**
 * How the paper exchange takes liquidity: it walks one side of the book from the best price and
 * adds a square-root market impact on top (quant.md section 4.1), so that a large order costs
 * more than the visible quotes suggest, as it does on a real venue.
 */
import type { Side } from '../../../shared/types'
import { ZERO, dec, type Decimal } from '../core'
import type { BookLevel } from '../market'

/**
 * The square-root law: impact_fraction = Y · σ_daily · sqrt(Q / V), with σ the daily volatility
 * (a fraction), Q the order's quantity and V the average daily volume in the same units.
 * Zero when any input is not a positive finite number (no statistics, no impact).
 */
export function impactFraction(
  prefactor: number,
  dailyVolatility: number,
  quantity: number,
  dailyVolume: number,
): number {
  const inputs = [prefactor, dailyVolatility, quantity, dailyVolume]
  if (!inputs.every((x) => Number.isFinite(x) && x > 0)) return 0
  return prefactor * dailyVolatility * Math.sqrt(quantity / dailyVolume)
}

/** One execution of a walk: a quantity at one book level, and the price it fills at. */
export interface WalkFill {
  readonly quantity: Decimal
  /** The level's price on the book. */
  readonly bookPrice: Decimal
  /** The fill price: the book price moved adversely by the impact, on the tick grid. */
  readonly price: Decimal
}

/** The result of walking the book. */
export interface Walk {
  readonly fills: readonly WalkFill[]
  readonly filled: Decimal
  /** The impact fraction applied to every level. */
  readonly impact: number
}

/** What a walk needs. */
export interface WalkRequest {
  /** The side of the book to take from, best first: asks for a buy, bids for a sell. */
  readonly levels: readonly BookLevel[]
  /** The taker's side. */
  readonly side: Side
  readonly quantity: Decimal
  /** No fill worse than this price; null for a market order. */
  readonly limit: Decimal | null
  readonly tickSize: Decimal
  /** The impact fraction for the total quantity the walk takes. */
  readonly impact: (filled: number) => number
}

/**
 * Takes up to `quantity` from the levels, best first, stopping at the limit. Fill prices are
 * the level prices moved adversely by the impact, rounded to the tick against the taker (a buy
 * rounds up, a sell down) and never worse than the limit. What the levels cannot hold stays
 * unfilled: the caller decides whether it rests or is canceled.
 */
export function walkBook(request: WalkRequest): Walk {
  const { side, limit, tickSize } = request
  const taken: { quantity: Decimal; bookPrice: Decimal }[] = []
  let remaining = request.quantity
  for (const level of request.levels) {
    if (remaining.lte(0)) break
    const bookPrice = dec(level.price)
    if (limit && (side === 'buy' ? bookPrice.gt(limit) : bookPrice.lt(limit))) break
    const quantity = lesser(remaining, dec(level.size))
    if (quantity.lte(0)) continue
    taken.push({ quantity, bookPrice })
    remaining = remaining.minus(quantity)
  }
  const filled = taken.reduce((sum, t) => sum.plus(t.quantity), ZERO)
  const impact = filled.gt(0) ? request.impact(filled.toNumber()) : 0
  const factor = dec(side === 'buy' ? 1 + impact : Math.max(0, 1 - impact))
  const fills = taken.map(({ quantity, bookPrice }) => {
    const moved = bookPrice.times(factor).div(tickSize)
    let price = (side === 'buy' ? moved.ceil() : moved.floor()).times(tickSize)
    if (limit) price = side === 'buy' ? lesser(price, limit) : greater(price, limit)
    // A sell pushed to zero by an absurd impact still trades at one tick, never for nothing.
    if (price.lte(0)) price = tickSize
    return { quantity, bookPrice, price }
  })
  return { fills, filled, impact }
}

function lesser(a: Decimal, b: Decimal): Decimal {
  return a.lte(b) ? a : b
}

function greater(a: Decimal, b: Decimal): Decimal {
  return a.gte(b) ? a : b
}
