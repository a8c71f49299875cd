/**
 * What an order did cost, against what it should have: slippage against the arrival price (the
 * mid when the intent was recorded), against the price the model expected, and the
 * implementation shortfall with fees (Perold 1988). Every figure follows one sign convention:
 * positive is a cost to the trader, negative an improvement, for buys and sells alike.
 *
 * For an order of side s (+1 buy, −1 sell), intended quantity Q, arrival mid M, fills (q_i, p_i)
 * with average price P̄ over the filled quantity F, fees f (in the quote currency):
 * - slippage against arrival: s · (P̄ − M) / M · 10⁴ bps (tcapy's MetricImpShortfall with the
 *   sign flipped to "positive = cost"), and s · (P̄ − M) · F in dollars;
 * - against expected: that slippage less the model's expected bps (both relative to M, so the
 *   difference is the slippage against the model's expected price M · (1 + s · E / 10⁴));
 * - fees: f / (M · F) · 10⁴ bps of what was filled;
 * - opportunity cost of what did not fill: s · (C − M) · (Q − F), with C the mid when the order
 *   ended (unknown C: not counted, and said);
 * - implementation shortfall: (s · (P̄ − M) · F + f + opportunity) / (M · Q) · 10⁴ bps of the
 *   intended order, and the same in dollars.
 */

/** One fill of an order: quantity, price and fee in the quote currency (numbers). */
export interface CostedFill {
  readonly quantity: number
  readonly price: number
  readonly fee: number
  /** Epoch milliseconds. */
  readonly ts: number
}

/** An order as the cost figures need it. */
export interface CostedOrder {
  readonly side: 'buy' | 'sell'
  readonly quantity: number
  /** Mid when the intent was recorded. */
  readonly arrivalMid: number
  /** The model's expected cost in bps at the intent (null: the order had no estimate). */
  readonly expectedBps: number | null
  readonly fills: readonly CostedFill[]
  /** Mid when the order ended, for the opportunity cost of what did not fill (null: unknown). */
  readonly closeMid: number | null
}

/** One fill's slippage against the arrival mid. */
export interface FillCost {
  readonly ts: number
  readonly quantity: number
  readonly price: number
  readonly arrivalBps: number
}

/** What an order cost. Null figures need fills (or a close mid) the order does not have. */
export interface OrderCost {
  readonly filledQuantity: number
  readonly averagePrice: number | null
  readonly arrivalBps: number | null
  readonly arrivalUsd: number
  readonly expectedBps: number | null
  /** Actual less expected, bps (positive: dearer than the model said). */
  readonly vsExpectedBps: number | null
  readonly feesUsd: number
  readonly feesBps: number | null
  /** Null when part of the order did not fill and the mid at its end is unknown. */
  readonly opportunityUsd: number | null
  readonly shortfallUsd: number
  readonly shortfallBps: number
  /** What the shortfall leaves out, in words (empty: nothing). */
  readonly notes: readonly string[]
  readonly fills: readonly FillCost[]
}

/** Why an order's figures cannot be computed (a price or quantity that is not positive). */
export function orderCostProblem(order: CostedOrder): string | null {
  const positive = (x: number): boolean => Number.isFinite(x) && x > 0
  if (!positive(order.arrivalMid))
    return `The arrival mid must be a positive price; got ${order.arrivalMid}.`
  if (!positive(order.quantity))
    return `The order quantity must be positive; got ${order.quantity}.`
  for (const f of order.fills)
    if (!positive(f.quantity) || !positive(f.price) || !Number.isFinite(f.fee))
      return `Each fill needs a positive quantity and price and a finite fee; got ${f.quantity} at ${f.price}, fee ${f.fee}.`
  if (order.closeMid !== null && !positive(order.closeMid))
    return `The mid at the order's end must be a positive price; got ${order.closeMid}.`
  return null
}

/** The order's cost figures (see the file's comment); throws on input orderCostProblem names. */
export function orderCost(order: CostedOrder): OrderCost {
  const problem = orderCostProblem(order)
  if (problem) throw new RangeError(problem)
  const s = order.side === 'buy' ? 1 : -1
  const m = order.arrivalMid
  const bps = (fraction: number): number => fraction * 1e4
  let filled = 0
  let paid = 0
  let feesUsd = 0
  const fills = order.fills.map((f) => {
    filled += f.quantity
    paid += f.quantity * f.price
    feesUsd += f.fee
    return {
      ts: f.ts,
      quantity: f.quantity,
      price: f.price,
      arrivalBps: bps((s * (f.price - m)) / m),
    }
  })
  const averagePrice = filled > 0 ? paid / filled : null
  const arrivalUsd = averagePrice === null ? 0 : s * (averagePrice - m) * filled
  const arrivalBps = averagePrice === null ? null : bps((s * (averagePrice - m)) / m)
  const unfilled = Math.max(0, order.quantity - filled)
  const notes: string[] = []
  let opportunityUsd: number | null = 0
  if (unfilled > 0) {
    if (order.closeMid === null) {
      opportunityUsd = null
      notes.push(
        `${unfilled} of ${order.quantity} did not fill and the mid at the order's end is unknown: its opportunity cost is not counted.`,
      )
    } else opportunityUsd = s * (order.closeMid - m) * unfilled
  }
  const shortfallUsd = arrivalUsd + feesUsd + (opportunityUsd ?? 0)
  return {
    filledQuantity: filled,
    averagePrice,
    arrivalBps,
    arrivalUsd,
    expectedBps: order.expectedBps,
    vsExpectedBps:
      arrivalBps === null || order.expectedBps === null ? null : arrivalBps - order.expectedBps,
    feesUsd,
    feesBps: filled > 0 ? bps(feesUsd / (m * filled)) : null,
    opportunityUsd,
    shortfallUsd,
    shortfallBps: bps(shortfallUsd / (m * order.quantity)),
    notes,
    fills,
  }
}
