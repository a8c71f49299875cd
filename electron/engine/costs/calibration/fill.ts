/**
 * One fill as the calibration reads it, checked: what it cost against the arrival mid, the
 * half-spread it faced, and the square-root regressor x = σ_D · √(Q/V) · 1e4 (bps per unit of Y).
 * A fill that cannot be read answers with the reason, never a throw.
 */

/** What the calibration needs to know of one taker fill. */
export interface CalibrationFill {
  /** The order's side; with `arrivalMid` and `fillPrice`, gives the cost when `actualBps` is absent. */
  readonly side?: 'buy' | 'sell'
  /** The mid when the order was decided (the arrival price). */
  readonly arrivalMid?: number
  /** The fill's price (or the order's average fill price). */
  readonly fillPrice?: number
  /** The cost against the arrival mid in bps, positive = paid; used when given. */
  readonly actualBps?: number
  /** Half the quoted spread at arrival, bps of the mid (≥ 0). */
  readonly halfSpreadBps: number
  /** Daily volatility σ_D as a fraction (0.03 = 3 % a day), > 0. */
  readonly dailyVolatility: number
  /** Participation Q / V_D: the order's quantity over the daily volume, 0 < Q/V ≤ 1. */
  readonly participation: number
  /**
   * The visible book walk beyond the touch, bps, from the book snapshot at arrival (0 when the
   * order fits at the best level). It is measured, not modelled, so it is taken off the cost with
   * coefficient 1 and not fitted (reference §1.10 keeps it as its own term).
   */
  readonly walkBps?: number
  /** A bucket label (an hour of day, a size bucket) for a bucket factor; at most 40 characters. */
  readonly bucket?: string
  /** Maker fills earn the spread (reference §1.10) and are calibrated apart: not taken here. */
  readonly liquidity?: 'maker' | 'taker'
}

/** A fill ready for the fit: y = cost − walk, and its two regressors. */
export interface CalibrationRow {
  /** Cost against the arrival mid net of the visible walk, bps. */
  readonly y: number
  /** Half-spread at arrival, bps. */
  readonly halfSpread: number
  /** σ_D · √(Q/V) · 1e4: the impact in bps that Y = 1 would give. */
  readonly x: number
  readonly bucket: string | null
}

/** A bucket label longer than this is refused (labels are hours or size classes). */
export const MAX_BUCKET_LABEL = 40

/** The signed cost of a fill against the arrival mid, bps: positive when the trader paid. */
export function costBps(side: 'buy' | 'sell', arrivalMid: number, fillPrice: number): number {
  const move = (fillPrice / arrivalMid - 1) * 10_000
  return side === 'buy' ? move : -move
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)

/** The fill as a row, or why it cannot be used. */
export function calibrationRow(
  fill: CalibrationFill,
): { readonly row: CalibrationRow } | { readonly problem: string } {
  if (typeof fill !== 'object' || fill === null) return { problem: 'A fill must be an object.' }
  if (fill.liquidity === 'maker')
    return { problem: 'Maker fill: it earns the spread and is calibrated apart from taker fills.' }
  let cost: number
  if (fill.actualBps !== undefined) {
    if (!finite(fill.actualBps))
      return { problem: `actualBps must be a finite number of bps, got ${String(fill.actualBps)}.` }
    cost = fill.actualBps
  } else {
    if (fill.side !== 'buy' && fill.side !== 'sell')
      return {
        problem: `side must be "buy" or "sell" when actualBps is absent, got ${String(fill.side)}.`,
      }
    if (!finite(fill.arrivalMid) || fill.arrivalMid <= 0)
      return { problem: `arrivalMid must be a price above 0, got ${String(fill.arrivalMid)}.` }
    if (!finite(fill.fillPrice) || fill.fillPrice <= 0)
      return { problem: `fillPrice must be a price above 0, got ${String(fill.fillPrice)}.` }
    cost = costBps(fill.side, fill.arrivalMid, fill.fillPrice)
  }
  if (!finite(fill.halfSpreadBps) || fill.halfSpreadBps < 0)
    return { problem: `halfSpreadBps must be 0 or more bps, got ${String(fill.halfSpreadBps)}.` }
  if (!finite(fill.dailyVolatility) || fill.dailyVolatility <= 0)
    return {
      problem: `dailyVolatility must be a fraction above 0 (0.03 = 3 % a day), got ${String(fill.dailyVolatility)}.`,
    }
  if (!finite(fill.participation) || fill.participation <= 0 || fill.participation > 1)
    return {
      problem: `participation Q/V must be above 0 and at most 1 (a share of the daily volume), got ${String(fill.participation)}.`,
    }
  const walk = fill.walkBps ?? 0
  if (!finite(walk) || walk < 0)
    return { problem: `walkBps must be 0 or more bps, got ${String(fill.walkBps)}.` }
  const bucket = fill.bucket ?? null
  if (
    bucket !== null &&
    (typeof bucket !== 'string' || bucket.length === 0 || bucket.length > MAX_BUCKET_LABEL)
  )
    return { problem: `bucket must be a label of 1 to ${MAX_BUCKET_LABEL} characters.` }
  return {
    row: {
      y: cost - walk,
      halfSpread: fill.halfSpreadBps,
      x: fill.dailyVolatility * Math.sqrt(fill.participation) * 10_000,
      bucket,
    },
  }
}
