/**
 * The journal's record types and their payloads. The journal is the source of truth: the
 * ledger and everything else are folds over these records.
 */
import type { GateCheck, MarketSymbol, OrderSource, OrderType, Side } from '../../../shared/types'

/** Payload of each record type. */
export interface RecordPayloads {
  'account.opened': {
    accountId: string
    name: string
    kind: 'paper'
    quoteAsset: string
    initialBalance: string
  }
  'order.intent': {
    orderId: string
    accountId: string
    clientOrderId: string
    symbol: MarketSymbol
    side: Side
    type: OrderType
    quantity: string
    source: OrderSource
    expectedPrice: string | null
  }
  'order.gate': {
    orderId: string
    accountId: string
    passed: boolean
    checks: GateCheck[]
    /** Cash held back for the order while it is open (buy: notional + fee). */
    reserved: string
  }
  'order.accepted': { orderId: string; accountId: string; brokerOrderId: string }
  'order.fill': {
    fillId: string
    orderId: string
    accountId: string
    quantity: string
    price: string
    fee: string
    feeAsset: string
    liquidity: 'maker' | 'taker'
    ts: number
  }
  'order.closed': {
    orderId: string
    accountId: string
    status: 'filled' | 'canceled' | 'failed'
    reason: string | null
  }
}

/** A record type. */
export type RecordType = keyof RecordPayloads

/** One journal line, as stored. */
export type JournalRecord = {
  [T in RecordType]: {
    readonly seq: number
    readonly ts: number
    readonly type: T
    readonly payload: RecordPayloads[T]
    /** Hash of the previous record; GENESIS for the first. */
    readonly prev: string
    /** SHA-256 over this record's serialization without the hash field. */
    readonly hash: string
  }
}[RecordType]

/** The `prev` of the first record. */
export const GENESIS = '0'.repeat(64)
