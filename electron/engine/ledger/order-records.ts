/**
 * What each order record does to the order it names, as pure functions: the ledger folds them
 * into its accounts, and the archive rebuilds an order it no longer keeps from its records.
 */
import type { Fill, Order } from '../../../shared/types'
import { type Decimal, ZERO, dec, str } from '../core'
import { describeChecks, type JournalRecord } from '../journal'

type RecordOf<T extends JournalRecord['type']> = Extract<JournalRecord, { type: T }>

/** The order an intent opens: pending, nothing filled. */
export function openedOrder(record: RecordOf<'order.intent'>): Order {
  const p = record.payload
  return {
    id: p.orderId,
    clientOrderId: p.clientOrderId,
    accountId: p.accountId,
    symbol: p.symbol,
    side: p.side,
    type: p.type,
    quantity: p.quantity,
    limitPrice: p.limitPrice ?? null,
    source: p.source,
    ...(p.bot === undefined ? {} : { bot: p.bot }),
    status: 'pending',
    filledQuantity: '0',
    averagePrice: null,
    fee: '0',
    expectedPrice: p.expectedPrice,
    ...(p.expectedCost === undefined ? {} : { expectedCost: p.expectedCost }),
    createdAt: record.ts,
    updatedAt: record.ts,
    checks: [],
    reason: null,
    seq: record.seq,
  }
}

/** The order after the gate's decision: its checks, and rejected with their words if it failed. */
export function gatedOrder(order: Order, record: RecordOf<'order.gate'>): Order {
  const checks = describeChecks(record.payload.checks, order)
  if (record.payload.passed) return { ...order, checks, updatedAt: record.ts }
  const failed = checks.filter((c) => !c.passed).map((c) => c.message)
  return {
    ...order,
    checks,
    status: 'rejected',
    reason: failed.join(' ') || 'Rejected by the pre-execution gate.',
    updatedAt: record.ts,
  }
}

/** The order once its broker took it: open, unless it already moved on. */
export function acceptedOrder(order: Order, record: RecordOf<'order.accepted'>): Order {
  return order.status === 'pending' ? { ...order, status: 'open', updatedAt: record.ts } : order
}

/** The order once it ended. */
export function closedOrder(order: Order, record: RecordOf<'order.closed'>): Order {
  const { status, reason } = record.payload
  return { ...order, status, reason, updatedAt: record.ts }
}

/**
 * The order and the fill after one fill record, given the order's earlier fills (throws on a
 * fill that is impossible or recorded twice). `realizedPnl` is the position's, known only to
 * an account's fold.
 */
export function filledOrder(
  order: Order,
  earlier: readonly Fill[],
  record: RecordOf<'order.fill'>,
  realizedPnl?: Decimal,
): { order: Order; fill: Fill } {
  const p = record.payload
  // Each execution is journaled once (the order service records only fills it has not): a
  // repeat is corruption, reported, never booked twice or skipped.
  if (earlier.some((f) => f.id === p.fillId))
    throw new Error(
      `Fill ${p.fillId} of order ${order.id} is recorded a second time at seq ${record.seq}: the journal is corrupt`,
    )
  const qty = dec(p.quantity)
  const price = dec(p.price)
  const fee = dec(p.fee)
  if (!qty.isPositive() || qty.isZero() || !price.isPositive() || price.isZero())
    throw new Error(`Impossible fill ${p.fillId} at seq ${record.seq}`)
  if (fee.isNegative()) throw new Error(`Impossible fill ${p.fillId} at seq ${record.seq}`)
  const filled = dec(order.filledQuantity).plus(qty)
  if (filled.greaterThan(dec(order.quantity)))
    throw new Error(`Order ${order.id} overfilled at seq ${record.seq}`)
  // From the exact notional of every fill, rounded once: a running average of rounded
  // averages drifts from the volume-weighted price the audit trail reports.
  const notional = earlier
    .reduce((sum, f) => sum.plus(dec(f.quantity).times(f.price)), ZERO)
    .plus(qty.times(price))
  const fill: Fill = {
    id: p.fillId,
    orderId: order.id,
    clientOrderId: order.clientOrderId,
    accountId: order.accountId,
    symbol: order.symbol,
    side: order.side,
    quantity: p.quantity,
    price: p.price,
    fee: p.fee,
    feeAsset: p.feeAsset,
    liquidity: p.liquidity,
    ts: p.ts,
    ...(realizedPnl === undefined ? {} : { realizedPnl: str(realizedPnl.toDecimalPlaces(8)) }),
    seq: record.seq,
  }
  return {
    fill,
    order: {
      ...order,
      filledQuantity: str(filled),
      averagePrice: str(notional.dividedBy(filled).toDecimalPlaces(8)),
      fee: str(dec(order.fee).plus(fee)),
      updatedAt: record.ts,
    },
  }
}

/** An order the ledger no longer keeps, rebuilt from its records. */
export interface ArchivedOrder {
  readonly order: Order
  /** Its fills (without their realized PnL, which only the account's fold knew). */
  readonly fills: readonly Fill[]
  /** The seq of the record that ended it (null: it has not ended). */
  readonly closedSeq: number | null
}

/** Rebuilds an order from its records, oldest first (its intent first); null without one. */
export function orderFromRecords(records: readonly JournalRecord[]): ArchivedOrder | null {
  let order: Order | null = null
  const fills: Fill[] = []
  let closedSeq: number | null = null
  for (const record of records) {
    if (record.type === 'order.intent') order = openedOrder(record)
    if (!order) continue
    if (record.type === 'order.gate') {
      order = gatedOrder(order, record)
      if (!record.payload.passed) closedSeq ??= record.seq
    } else if (record.type === 'order.accepted') order = acceptedOrder(order, record)
    else if (record.type === 'order.fill') {
      const next = filledOrder(order, fills, record)
      order = next.order
      fills.push(next.fill)
    } else if (record.type === 'order.closed') {
      order = closedOrder(order, record)
      closedSeq ??= record.seq
    }
  }
  return order && { order, fills, closedSeq }
}
