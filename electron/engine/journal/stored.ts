/**
 * What the journal stores, as against what its readers fold. An order used to be six records
 * (intent, gate decision, the broker's acceptance, each fill, the close, the verification);
 * since the records of one moment are written together, an order is now three: `order.placed`
 * (intent and gate decision, durable before the broker is called), `order.answered` (the
 * broker's acceptance, the fills it reported and the close it implies) and `order.verified`.
 *
 * Every reader still folds the record types it always did: `expandRecord` turns a merged
 * record into those (same seq, same time), and is applied wherever records are read (the
 * fold set, so the commit pipeline and recovery; the journal index and everything reading
 * through it; the report and the tracker audit). Older journals, six records an order, are
 * read as they are. The hash chain covers the records as stored.
 */
import type { AccountView, JournalRecord, RecordPayloads } from './records'

type Intent = RecordPayloads['order.intent']
type Gate = RecordPayloads['order.gate']
type Fill = RecordPayloads['order.fill']

/** A fill as `order.answered` keeps it: its order and account are the record's. */
export type AnsweredFill = Omit<Fill, 'orderId' | 'accountId' | 'adopted'>

/** Payloads of the records that stand for several. */
export interface MergedPayloads {
  /**
   * An order's intent and its gate decision, written before the broker is called. The price
   * the gate checked is the intent's expected price, so it is kept once; a market order has
   * no limit price.
   */
  'order.placed': Omit<Intent, 'limitPrice'> & {
    limitPrice?: string
    passed: Gate['passed']
    checks: Gate['checks']
    reserved: Gate['reserved']
    pre: AccountView
  }
  /**
   * What a broker answered about an order: its acceptance (when the order was pending), the
   * fills not recorded before, and the close they imply (a market order filled at once).
   */
  'order.answered': {
    orderId: string
    accountId: string
    /** Present when the broker accepted the order with this answer. */
    brokerOrderId?: string
    fills?: readonly AnsweredFill[]
    /** Present when the order ended with this answer. */
    closed?: RecordPayloads['order.closed']['status']
    /** Why it ended (absent: no reason, as for a fill). */
    reason?: string
  }
}

/** Payload of each record type as stored. */
export interface StoredPayloads extends RecordPayloads, MergedPayloads {}

/** A record type as stored. */
export type StoredType = keyof StoredPayloads

/** One journal line, as stored (a merged record, or one its readers fold as it is). */
export type StoredRecord = {
  [T in StoredType]: {
    readonly seq: number
    readonly ts: number
    readonly type: T
    readonly payload: StoredPayloads[T]
    readonly prev: string
    readonly hash: string
  }
}[StoredType]

/** Whether a stored record stands for several. */
export const isMerged = (
  record: StoredRecord,
): record is Extract<StoredRecord, { type: keyof MergedPayloads }> =>
  record.type === 'order.placed' || record.type === 'order.answered'

/**
 * The records a stored record stands for, in the order they happened; itself otherwise.
 * Written out field by field: V8 (Node 20) takes microseconds to spread an object into a
 * literal that adds fields of its own, and every record of every order comes through here.
 */
export function expandRecord(record: StoredRecord): JournalRecord[] {
  if (!isMerged(record)) return [record as JournalRecord]
  const { seq, ts, prev, hash } = record
  if (record.type === 'order.placed') {
    const p = record.payload
    const { orderId, accountId } = p
    // Conditional fields spread in the middle of a literal are cheap; only a literal that
    // starts by spreading another object is slow (see the comment above).
    const intent: Intent = {
      orderId,
      accountId,
      clientOrderId: p.clientOrderId,
      symbol: p.symbol,
      side: p.side,
      type: p.type,
      quantity: p.quantity,
      limitPrice: p.limitPrice ?? null,
      source: p.source,
      ...(p.bot === undefined ? {} : { bot: p.bot }),
      expectedPrice: p.expectedPrice,
      ...(p.expectedCost === undefined ? {} : { expectedCost: p.expectedCost }),
    }
    const pre: AccountView & { entryPrice: string | null } = {
      balance: p.pre.balance,
      positions: p.pre.positions,
      positionQuantity: p.pre.positionQuantity,
      entryPrice: p.expectedPrice,
    }
    return [
      { seq, ts, prev, hash, type: 'order.intent', payload: intent },
      {
        seq,
        ts,
        prev,
        hash,
        type: 'order.gate',
        payload: {
          orderId,
          accountId,
          passed: p.passed,
          checks: p.checks,
          reserved: p.reserved,
          pre,
        },
      },
    ]
  }
  const p = record.payload
  const { orderId, accountId } = p
  const out: JournalRecord[] = []
  if (p.brokerOrderId !== undefined)
    out.push({
      seq,
      ts,
      prev,
      hash,
      type: 'order.accepted',
      payload: { orderId, accountId, brokerOrderId: p.brokerOrderId },
    })
  for (const fill of p.fills ?? [])
    out.push({ seq, ts, prev, hash, type: 'order.fill', payload: fillOf(fill, orderId, accountId) })
  if (p.closed !== undefined)
    out.push({
      seq,
      ts,
      prev,
      hash,
      type: 'order.closed',
      payload: { orderId, accountId, status: p.closed, reason: p.reason ?? null },
    })
  return out
}

/** A fill of `order.answered` as the `order.fill` record it stands for. */
function fillOf(fill: AnsweredFill, orderId: string, accountId: string): Fill {
  return {
    fillId: fill.fillId,
    quantity: fill.quantity,
    price: fill.price,
    fee: fill.fee,
    feeAsset: fill.feeAsset,
    liquidity: fill.liquidity,
    ts: fill.ts,
    orderId,
    accountId,
  }
}
