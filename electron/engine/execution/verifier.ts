/**
 * Post-execution verification: once an order is terminal (or its confirmation is overdue),
 * check that what the broker says happened is exactly what the ledger recorded.
 */
import type { OrderStatus, Side, VerificationCheck } from '../../../shared/types'
import { type Decimal, ZERO, toCents, usd } from '../core'

/** What the verifier compares. */
export interface VerificationInput {
  readonly symbol: string
  readonly side: Side
  readonly requested: Decimal
  readonly lotSize: Decimal
  readonly expectedPrice: Decimal | null
  readonly toleranceBps: number
  /** Milliseconds from intent to the broker's acknowledgement, or null if none came. */
  readonly confirmedAfterMs: number | null
  /** The order was canceled because the trader (or the kill switch) asked: not a failure. */
  readonly canceledOnRequest?: boolean
  readonly timeoutMs: number
  readonly status: OrderStatus
  readonly fills: readonly {
    readonly quantity: Decimal
    readonly price: Decimal
    readonly fee: Decimal
  }[]
  /**
   * The fills applied between `before` and `after` (the ledger moves checked); all of `fills`
   * when the order filled in one step.
   */
  readonly batch?: VerificationInput['fills']
  readonly before: { readonly cash: Decimal; readonly positionQuantity: Decimal }
  readonly after: { readonly cash: Decimal; readonly positionQuantity: Decimal }
  /** What the broker holds of the symbol, or null when it cannot say. */
  readonly brokerQuantity: Decimal | null
  /**
   * The tracker's holding read at the same moment as the broker's, and what other orders of
   * the same account and symbol (or this one, when its answer is overdue) were then at the
   * broker with their answer not yet recorded:
   * the broker may already have filled them, so its holding may lie that far from ours.
   */
  readonly trackerQuantity: Decimal
  readonly inTransit: InTransit
}

/** Orders sent to the broker whose answer is not in the ledger yet, for one symbol. */
export interface InTransit {
  readonly orders: number
  readonly buy: Decimal
  readonly sell: Decimal
}

/** The verifier's findings. */
export interface VerificationResult {
  readonly passed: boolean
  readonly partial: boolean
  readonly checks: VerificationCheck[]
  readonly slippageBps: number | null
}

const check = (name: string, passed: boolean, message: string): VerificationCheck => ({
  name,
  passed,
  message,
})

/** Runs every post-execution check. */
export function verifyExecution(v: VerificationInput): VerificationResult {
  const checks: VerificationCheck[] = []
  const filled = v.fills.reduce((s, f) => s.plus(f.quantity), ZERO)
  const notional = v.fills.reduce((s, f) => s.plus(f.quantity.times(f.price)), ZERO)
  const fees = v.fills.reduce((s, f) => s.plus(f.fee), ZERO)
  const partial = filled.greaterThan(0) && filled.lessThan(v.requested)

  checks.push(
    v.confirmedAfterMs === null
      ? check(
          'confirmation',
          false,
          `No confirmation from the broker within ${(v.timeoutMs / 1000).toFixed(1)} s.`,
        )
      : check(
          'confirmation',
          v.confirmedAfterMs <= v.timeoutMs,
          `Broker confirmed after ${v.confirmedAfterMs.toFixed(0)} ms (limit ${v.timeoutMs} ms).`,
        ),
  )

  const unfilledCancel = v.canceledOnRequest === true && v.status === 'canceled' && filled.isZero()
  if (v.status === 'filled') {
    checks.push(check('status', true, 'Order is filled.'))
  } else if (unfilledCancel) {
    checks.push(check('status', true, 'Order was canceled as asked, before anything filled.'))
  } else if (partial) {
    checks.push(
      check(
        'status',
        true,
        `Order is ${v.status} after a partial fill of ${filled.toFixed()} of ${v.requested.toFixed()}; the checks below are against what filled.`,
      ),
    )
  } else {
    checks.push(check('status', false, `Order is ${v.status}, not filled.`))
  }

  const shortBy = v.requested.minus(filled).abs()
  checks.push(
    unfilledCancel
      ? check(
          'filled_quantity',
          true,
          `Nothing of ${v.requested.toFixed()} filled before the cancel.`,
        )
      : partial
        ? check(
            'filled_quantity',
            true,
            `Partial fill: ${filled.toFixed()} of ${v.requested.toFixed()} filled.`,
          )
        : check(
            'filled_quantity',
            shortBy.lessThan(v.lotSize),
            `Filled ${filled.toFixed()} of ${v.requested.toFixed()} requested (lot size ${v.lotSize.toFixed()}).`,
          ),
  )

  let bps: number | null = null
  if (filled.isZero()) {
    checks.push(
      check(
        'fill_price',
        unfilledCancel,
        unfilledCancel ? 'No fill, so no price to check.' : 'No fill to check the price of.',
      ),
    )
  } else if (v.expectedPrice === null) {
    checks.push(
      check('fill_price', false, 'No expected price was recorded, so slippage cannot be checked.'),
    )
  } else {
    const average = notional.dividedBy(filled)
    const diff = average.minus(v.expectedPrice)
    bps = (v.side === 'buy' ? diff : diff.negated())
      .dividedBy(v.expectedPrice)
      .times(10_000)
      .toNumber()
    checks.push(
      check(
        'fill_price',
        bps <= v.toleranceBps,
        `Average fill ${usd(average)} against expected ${usd(v.expectedPrice)}: ${bps.toFixed(2)} bps slippage, tolerance ${v.toleranceBps} bps.`,
      ),
    )
  }

  // The ledger moves checked are those of the fills applied in this step.
  const batch = v.batch ?? v.fills
  const batchFilled = v.batch ? batch.reduce((s, f) => s.plus(f.quantity), ZERO) : filled
  const batchNotional = v.batch
    ? batch.reduce((s, f) => s.plus(f.quantity.times(f.price)), ZERO)
    : notional
  const batchFees = v.batch ? batch.reduce((s, f) => s.plus(f.fee), ZERO) : fees
  const expectedMove = v.side === 'buy' ? batchFilled : batchFilled.negated()
  const moved = v.after.positionQuantity.minus(v.before.positionQuantity)
  checks.push(
    check(
      'tracker_updated',
      moved.equals(expectedMove),
      `Position moved by ${moved.toFixed()} ${v.symbol}; the fills say ${expectedMove.toFixed()}.`,
    ),
  )

  const expectedCash =
    v.side === 'buy' ? batchNotional.plus(batchFees).negated() : batchNotional.minus(batchFees)
  const cashMoved = v.after.cash.minus(v.before.cash)
  checks.push(
    check(
      'balance_updated',
      toCents(cashMoved).equals(toCents(expectedCash)),
      `Cash moved by ${usd(cashMoved)}; quantity × price ${v.side === 'buy' ? '+' : '−'} fee says ${usd(expectedCash)}.`,
    ),
  )

  checks.push(phantomCheck(v))

  return { passed: checks.every((c) => c.passed), partial, checks, slippageBps: bps }
}

/**
 * No phantom position: the tracker and the broker hold the same. While other orders of the
 * symbol are at the broker unrecorded, the broker may be ahead of the tracker by at most what
 * they could fill, so the check is a range then, and exact when nothing is in transit.
 */
function phantomCheck(v: VerificationInput): VerificationCheck {
  const name = 'no_phantom_position'
  if (v.brokerQuantity === null)
    return check(name, false, `The broker could not report its ${v.symbol} position.`)
  const held = `Tracker holds ${v.trackerQuantity.toFixed()} ${v.symbol}, the broker ${v.brokerQuantity.toFixed()}`
  const { orders, buy, sell } = v.inTransit
  if (orders === 0) return check(name, v.brokerQuantity.equals(v.trackerQuantity), `${held}.`)
  const low = v.trackerQuantity.minus(sell)
  const high = v.trackerQuantity.plus(buy)
  return check(
    name,
    v.brokerQuantity.greaterThanOrEqualTo(low) && v.brokerQuantity.lessThanOrEqualTo(high),
    `${held}; ${orders} order${orders === 1 ? '' : 's'} at the broker unrecorded allow ${low.toFixed()} to ${high.toFixed()}.`,
  )
}
