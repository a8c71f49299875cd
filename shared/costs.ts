/**
 * The expected cost of an order before it is placed: what the engine's slippage model says,
 * in basis points of the arrival mid and in the quote currency, with a band and its parts.
 * Positive = a cost (the fill worse than the mid), negative = an improvement.
 */

/** The volatility regime: the short ATR against its longer average. */
export type CostRegime = 'calm' | 'normal' | 'volatile'

/** One part of the expected cost. */
export interface CostPart {
  /** Basis points of the arrival mid. */
  readonly bps: number
  /** Quote currency (USD): bps / 10,000 × quantity × arrival mid. */
  readonly usd: number
  /** What it rests on, in words with units ("spread 1.20 bps"). */
  readonly basis: string
}

/** The parts, each on its own; they add up to the expected cost. */
export interface CostParts {
  /** Crossing half the quoted spread (the touch against the mid). */
  readonly halfSpread: CostPart
  /** The price moving against the order while it is in flight (σ from the ATR). */
  readonly volatility: CostPart
  /** Walking the visible book past the best level. */
  readonly bookWalk: CostPart
  /** The square-root law Y·σ·√(Q/V), at the day's average activity and a normal regime. */
  readonly impact: CostPart
  /** The impact's change for how busy this hour of the week is. */
  readonly timeOfDay: CostPart
  /** The impact's change for the volatility regime. */
  readonly regime: CostPart
}

/** A model estimate of an order's cost. */
export interface SlippageEstimate {
  readonly ok: true
  /** The mid the cost is measured from (the arrival price). */
  readonly arrivalMid: number
  /** Expected cost: the sum of the parts. */
  readonly bps: number
  readonly usd: number
  /**
   * The band: low and high are the cost with the impact prefactor one prior standard deviation
   * lower and higher, and the price moving 1.28 σ for or against the order in flight (its 10 %
   * and 90 % points). About eight orders in ten like this one should land inside.
   */
  readonly band: {
    readonly lowBps: number
    readonly highBps: number
    readonly lowUsd: number
    readonly highUsd: number
  }
  readonly parts: CostParts
  /**
   * How size is priced: `book-walk` when the order fits in the visible book (the walk is exact),
   * `beyond-book` when it is larger (the walk prices what is visible, the rest at the last
   * visible level, and the square-root law carries the depth the book does not show).
   */
  readonly sizeMethod: 'book-walk' | 'beyond-book'
  /** Base units visible on the side the order takes. */
  readonly visibleQuantity: number
  /** Quantity over 24-hour volume. */
  readonly participation: number
  readonly regime: CostRegime
  /** The seed design's naive formula, for comparison only; never used for a decision. */
  readonly naiveBps: number
}

/** The estimate, or why there is none. */
export type CostEstimate = SlippageEstimate | { readonly ok: false; readonly reason: string }

/**
 * The estimate as an order keeps it (journaled with the intent, returned with the order): the
 * figures, in bps of the arrival mid and USD, without the words. `reason` alone when the
 * engine had no estimate.
 */
export type OrderCostEstimate =
  | {
      /** The arrival mid. */
      readonly mid: number
      readonly bps: number
      readonly usd: number
      /** The band, bps (see SlippageEstimate.band). */
      readonly lowBps: number
      readonly highBps: number
      /** Each part, bps. */
      readonly parts: { readonly [K in keyof CostParts]: number }
      readonly sizeMethod: SlippageEstimate['sizeMethod']
      readonly regime: CostRegime
      /** The seed's naive formula, bps, for comparison only. */
      readonly naiveBps: number
    }
  | { readonly reason: string }

/** Rounds to 1e-4 (of a bp or a dollar cent's hundredth): the journal keeps what matters. */
function r4(x: number): number {
  // `|| 0`: a tiny negative rounds to 0, not −0.
  return Math.round(x * 10_000) / 10_000 || 0
}

/** The order's copy of an estimate. */
export function orderCostEstimate(e: CostEstimate): OrderCostEstimate {
  if (!e.ok) return { reason: e.reason }
  const p = e.parts
  return {
    mid: e.arrivalMid,
    bps: r4(e.bps),
    usd: r4(e.usd),
    lowBps: r4(e.band.lowBps),
    highBps: r4(e.band.highBps),
    parts: {
      halfSpread: r4(p.halfSpread.bps),
      volatility: r4(p.volatility.bps),
      bookWalk: r4(p.bookWalk.bps),
      impact: r4(p.impact.bps),
      timeOfDay: r4(p.timeOfDay.bps),
      regime: r4(p.regime.bps),
    },
    sizeMethod: e.sizeMethod,
    regime: e.regime,
    naiveBps: r4(e.naiveBps),
  }
}
