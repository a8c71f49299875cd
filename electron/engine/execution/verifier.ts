/**
 * Post-execution verification: once an order is terminal (or its confirmation is overdue),
 * check that what the broker says happened is exactly what the ledger recorded.
 */
import type { OrderStatus, Side, VerificationCheck } from '../../../shared/types'
import { Decimal, ZERO, extend, toCents } from '../core'
import { describeVerification, type CheckRecord, type CheckValues } from '../journal'

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
  /** Each check as the journal keeps it: its code and the numbers behind it. */
  readonly records: CheckRecord[]
  /** Each check as the trader reads it, rendered from its record. */
  readonly checks: VerificationCheck[]
  readonly slippageBps: number | null
}

const OK = 'OK'
const check = (name: string, code: string, values?: CheckValues): CheckRecord =>
  values === undefined ? [name, code] : [name, code, values]
/** `passed` as a code: OK, or the failure's. */
const codeIf = (passed: boolean, failure: string): string => (passed ? OK : failure)

/** Runs every post-execution check. */
export function verifyExecution(v: VerificationInput): VerificationResult {
  const records: CheckRecord[] = []
  const filled = v.fills.reduce((s, f) => s.plus(f.quantity), ZERO)
  const notional = v.fills.reduce((s, f) => s.plus(f.quantity.times(f.price)), ZERO)
  const fees = v.fills.reduce((s, f) => s.plus(f.fee), ZERO)
  const partial = filled.greaterThan(0) && filled.lessThan(v.requested)

  records.push(
    v.confirmedAfterMs === null
      ? check('confirmation', 'NO_CONFIRMATION', { max: v.timeoutMs })
      : check('confirmation', codeIf(v.confirmedAfterMs <= v.timeoutMs, 'CONFIRMED_LATE'), {
          ms: v.confirmedAfterMs,
          max: v.timeoutMs,
        }),
  )

  const unfilledCancel = v.canceledOnRequest === true && v.status === 'canceled' && filled.isZero()
  if (v.status === 'filled') records.push(check('status', OK))
  else if (unfilledCancel) records.push(check('status', OK, { status: v.status }))
  else if (partial)
    records.push(check('status', OK, { status: v.status, filled: filled.toFixed() }))
  else records.push(check('status', 'NOT_FILLED', { status: v.status }))

  const shortBy = v.requested.minus(filled).abs()
  records.push(
    unfilledCancel
      ? check('filled_quantity', OK, { canceled: true })
      : partial
        ? check('filled_quantity', OK, { filled: filled.toFixed(), partial: true })
        : check('filled_quantity', codeIf(shortBy.lessThan(v.lotSize), 'QUANTITY_MISMATCH'), {
            filled: filled.toFixed(),
            lot: v.lotSize.toFixed(),
          }),
  )

  let bps: number | null = null
  if (filled.isZero()) {
    records.push(check('fill_price', unfilledCancel ? OK : 'NO_FILL'))
  } else if (v.expectedPrice === null) {
    records.push(check('fill_price', 'NO_EXPECTED_PRICE'))
  } else {
    const average = notional.dividedBy(filled)
    const diff = average.minus(v.expectedPrice)
    bps = (v.side === 'buy' ? diff : diff.negated())
      .dividedBy(v.expectedPrice)
      .times(10_000)
      .toNumber()
    records.push(
      check('fill_price', codeIf(bps <= v.toleranceBps, 'SLIPPAGE_ABOVE_TOLERANCE'), {
        // Cut (never rounded) to 8 places: the cents shown are those of the exact average.
        average: average.toDecimalPlaces(8, Decimal.ROUND_DOWN).toFixed(),
        expected: v.expectedPrice.toFixed(),
        bps,
        max: v.toleranceBps,
      }),
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
  records.push(
    check('tracker_updated', codeIf(moved.equals(expectedMove), 'POSITION_MISMATCH'), {
      moved: moved.toFixed(),
      expected: expectedMove.toFixed(),
    }),
  )

  const expectedCash =
    v.side === 'buy' ? batchNotional.plus(batchFees).negated() : batchNotional.minus(batchFees)
  const cashMoved = v.after.cash.minus(v.before.cash)
  records.push(
    check(
      'balance_updated',
      codeIf(toCents(cashMoved).equals(toCents(expectedCash)), 'CASH_MISMATCH'),
      { moved: cashMoved.toFixed(), expected: expectedCash.toFixed() },
    ),
  )

  records.push(phantomCheck(v))

  const order = { symbol: v.symbol, side: v.side, quantity: v.requested.toFixed() }
  const checks = describeVerification(records, order)
  return {
    passed: checks.every((c) => c.passed),
    partial,
    records,
    checks,
    slippageBps: bps,
  }
}

/**
 * No phantom position: the tracker and the broker hold the same. While other orders of the
 * symbol are at the broker unrecorded, the broker may be ahead of the tracker by at most what
 * they could fill, so the check is a range then, and exact when nothing is in transit.
 */
function phantomCheck(v: VerificationInput): CheckRecord {
  const name = 'no_phantom_position'
  if (v.brokerQuantity === null) return check(name, 'NO_BROKER_POSITION')
  const held = { tracker: v.trackerQuantity.toFixed(), broker: v.brokerQuantity.toFixed() }
  const { orders, buy, sell } = v.inTransit
  if (orders === 0)
    return check(name, codeIf(v.brokerQuantity.equals(v.trackerQuantity), 'PHANTOM_POSITION'), held)
  const low = v.trackerQuantity.minus(sell)
  const high = v.trackerQuantity.plus(buy)
  const within =
    v.brokerQuantity.greaterThanOrEqualTo(low) && v.brokerQuantity.lessThanOrEqualTo(high)
  return check(
    name,
    codeIf(within, 'PHANTOM_POSITION'),
    extend(held, { orders, low: low.toFixed(), high: high.toFixed() }),
  )
}
