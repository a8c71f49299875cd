/**
 * The audit trail: one composite record per trade decision, accepted or rejected, folded from
 * journal records (intent, gate, fills, close, verification) into the design document's
 * schema. Like the ledger, it is a pure fold, rebuilt from the journal at will.
 */
import type {
  AuditOutcome,
  AuditRecord,
  AuditRow,
  GateCheck,
  MarketSymbol,
  OrderSource,
  OrderStatus,
  Side,
} from '../../../shared/types'
import { Decimal } from '../core'
import { describeChecks } from './gate-words'
import type { AccountView, JournalRecord, StoredVerificationCheck } from './records'
import { describeVerification } from './verification-words'

/** What the trail knows about one decision, folded from its order's records. */
export interface Decision {
  seq: number
  ts: number
  orderId: string
  clientOrderId: string
  accountId: string
  symbol: MarketSymbol
  side: Side
  quantity: string
  source: OrderSource
  expectedPrice: string | null
  gate: {
    passed: boolean
    checks: GateCheck[]
    pre: AccountView & { entryPrice: string | null }
  } | null
  status: OrderStatus
  filledQuantity: string
  filledNotional: string
  fee: string
  verification: {
    passed: boolean
    partial: boolean
    /** As stored: rendered when the decision is shown (most are never read again). */
    checks: readonly StoredVerificationCheck[]
    slippageBps: number | null
    post: AccountView & { trackerUpdated: boolean }
  } | null
  reason: string | null
}

/** Basis points between an expected and an actual price, adverse positive. */
export function slippageBps(side: Side, expected: string, actual: string): number {
  const known = lastSlippage
  if (known?.side === side && known.expected === expected && known.actual === actual)
    return known.bps
  const e = new Decimal(expected)
  const diff = new Decimal(actual).minus(e)
  // Scaled before the division: one rounding instead of two, and a shorter division.
  const bps = (side === 'buy' ? diff : diff.negated()).times(10_000).dividedBy(e).toNumber()
  lastSlippage = { side, expected, actual, bps }
  return bps
}

// The audit trail and the performance figures ask for the same order's slippage in turn: the
// second is served the first's (one entry, as a map would only burden the GC).
let lastSlippage: { side: Side; expected: string; actual: string; bps: number } | null = null

function averagePrice(d: Decision): string | null {
  return filled(d).price
}

/**
 * A decision's average fill price and its slippage against the expected price, as of its
 * filled quantity and notional: an order's row is made again for each of its records, and
 * most of them change neither.
 */
interface Filled {
  readonly quantity: string
  readonly notional: string
  readonly expected: string | null
  readonly price: string | null
  readonly slippageBps: number | null
}

const filledOf = new WeakMap<Decision, Filled>()

function filled(d: Decision): Filled {
  const known = filledOf.get(d)
  if (
    known?.quantity === d.filledQuantity &&
    known.notional === d.filledNotional &&
    known.expected === d.expectedPrice
  )
    return known
  const qty = new Decimal(d.filledQuantity)
  const price = qty.isZero()
    ? null
    : new Decimal(d.filledNotional).dividedBy(qty).toDecimalPlaces(8).toFixed()
  const made: Filled = {
    quantity: d.filledQuantity,
    notional: d.filledNotional,
    expected: d.expectedPrice,
    price,
    slippageBps: price && d.expectedPrice ? slippageBps(d.side, d.expectedPrice, price) : null,
  }
  filledOf.set(d, made)
  return made
}

function outcomeOf(d: Decision): AuditOutcome {
  if (d.gate && !d.gate.passed) return 'rejected'
  if (d.verification && !d.verification.passed) return 'verification_failed'
  // The gate passed it, but the order was canceled: that is its outcome (the reason says who).
  if (d.status === 'canceled') return 'canceled'
  if (!d.verification) return 'pending'
  return 'passed'
}

/** Starts the decision of an order intent. */
export function startDecision(record: Extract<JournalRecord, { type: 'order.intent' }>): Decision {
  const p = record.payload
  return {
    seq: record.seq,
    ts: record.ts,
    orderId: p.orderId,
    clientOrderId: p.clientOrderId,
    accountId: p.accountId,
    symbol: p.symbol,
    side: p.side,
    quantity: p.quantity,
    source: p.source,
    expectedPrice: p.expectedPrice,
    gate: null,
    status: 'pending',
    filledQuantity: '0',
    filledNotional: '0',
    fee: '0',
    verification: null,
    reason: null,
  }
}

/** Folds one of the order's later records into its decision; false when it changes nothing. */
export function foldDecision(d: Decision, record: JournalRecord): boolean {
  switch (record.type) {
    case 'order.gate': {
      // Older records spell each message out; newer ones keep codes and numbers.
      const checks = describeChecks(record.payload.checks, d)
      d.gate = { passed: record.payload.passed, checks, pre: record.payload.pre }
      if (!record.payload.passed) {
        d.status = 'rejected'
        d.reason = checks
          .filter((c) => !c.passed)
          .map((c) => c.message)
          .join(' ')
      }
      return true
    }
    case 'order.accepted':
      d.status = 'open'
      return true
    case 'order.fill': {
      const qty = new Decimal(record.payload.quantity)
      d.filledQuantity = qty.plus(d.filledQuantity).toFixed()
      d.filledNotional = qty.times(record.payload.price).plus(d.filledNotional).toFixed()
      d.fee = new Decimal(record.payload.fee).plus(d.fee).toFixed()
      return true
    }
    case 'order.closed':
      d.status = record.payload.status
      d.reason = record.payload.reason ?? d.reason
      return true
    case 'order.verified': {
      const { passed, partial, checks, slippageBps: bps, post } = record.payload
      d.verification = { passed, partial, checks, slippageBps: bps, post }
      if (!passed) {
        d.reason = describeVerification(checks, d)
          .filter((c) => !c.passed)
          .map((c) => c.message)
          .join(' ')
      }
      return true
    }
    default:
      return false
  }
}

/** Folds an order's records (its intent first) into its decision. */
export function decisionOf(records: readonly JournalRecord[]): Decision | null {
  const [intent, ...rest] = records
  if (intent?.type !== 'order.intent') return null
  const d = startDecision(intent)
  for (const record of rest) foldDecision(d, record)
  return d
}

/** Whether nothing but a late correction can change a decision any more. */
export const settled = (d: Decision): boolean =>
  d.gate?.passed === false || (d.verification !== null && d.status !== 'open')

/** The list row of a decision. */
export function auditRow(d: Decision): AuditRow {
  const { price: fillPrice, slippageBps: measured } = filled(d)
  return {
    seq: d.seq,
    ts: d.ts,
    orderId: d.orderId,
    accountId: d.accountId,
    symbol: d.symbol,
    action: d.side === 'buy' ? 'BUY' : 'SELL',
    quantity: d.quantity,
    outcome: outcomeOf(d),
    fillPrice,
    slippageBps: d.verification?.slippageBps ?? measured,
    reason: d.reason,
  }
}

/** The design document's composite record for a decision. */
export function toRecord(d: Decision): AuditRecord {
  const fillPrice = averagePrice(d)
  const accepted = d.gate?.passed === true
  return {
    seq: d.seq,
    account_id: d.accountId,
    timestamp: new Date(d.ts).toISOString(),
    action: d.side === 'buy' ? 'BUY' : 'SELL',
    symbol: d.symbol,
    quantity: d.quantity,
    source: d.source,
    validation: { passed: accepted, checks: d.gate?.checks ?? [] },
    pre_execution: {
      balance: d.gate?.pre.balance ?? '0',
      positions: d.gate?.pre.positions ?? 0,
      entry_price: d.gate?.pre.entryPrice ?? d.expectedPrice,
    },
    execution: accepted
      ? {
          order_id: d.orderId,
          client_order_id: d.clientOrderId,
          status: d.status,
          filled_quantity: d.filledQuantity,
          fill_price: fillPrice,
          fee: d.fee,
          slippage_bps:
            d.verification?.slippageBps ??
            (fillPrice && d.expectedPrice ? slippageBps(d.side, d.expectedPrice, fillPrice) : null),
        }
      : null,
    post_execution: d.verification
      ? {
          balance: d.verification.post.balance,
          positions: d.verification.post.positions,
          tracker_updated: d.verification.post.trackerUpdated,
        }
      : null,
    verification: d.verification
      ? {
          passed: d.verification.passed,
          partial: d.verification.partial,
          checks: describeVerification(d.verification.checks, d),
        }
      : null,
  }
}

const CSV_COLUMNS = [
  'seq',
  'timestamp',
  'account_id',
  'action',
  'symbol',
  'quantity',
  'source',
  'validation_passed',
  'checks',
  'pre_balance',
  'pre_positions',
  'entry_price',
  'order_id',
  'client_order_id',
  'status',
  'filled_quantity',
  'fill_price',
  'fee',
  'slippage_bps',
  'post_balance',
  'post_positions',
  'tracker_updated',
  'verification_passed',
  'verification_partial',
  'verification_checks',
] as const

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return ''
  const text = String(value)
  // Quote what needs it, and defuse spreadsheet formulas in text cells.
  const safe = /^[=+\-@\t\r]/.test(text) && Number.isNaN(Number(text)) ? `'${text}` : text
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/** Every check that ran, with its result (and why, when it failed): "price: passed | …". */
function checksCell(checks: readonly { name: string; passed: boolean; message: string }[]): string {
  return checks
    .map((c) => (c.passed ? `${c.name}: passed` : `${c.name}: failed (${c.message})`))
    .join(' | ')
}

/** The CSV header line. */
export const AUDIT_CSV_HEADER = CSV_COLUMNS.join(',')

/** One composite record as a CSV line. */
export function auditCsvLine(r: AuditRecord): string {
  return [
    r.seq,
    r.timestamp,
    r.account_id,
    r.action,
    r.symbol,
    r.quantity,
    r.source,
    r.validation.passed,
    checksCell(r.validation.checks),
    r.pre_execution.balance,
    r.pre_execution.positions,
    r.pre_execution.entry_price,
    r.execution?.order_id,
    r.execution?.client_order_id,
    r.execution?.status,
    r.execution?.filled_quantity,
    r.execution?.fill_price,
    r.execution?.fee,
    r.execution?.slippage_bps,
    r.post_execution?.balance,
    r.post_execution?.positions,
    r.post_execution?.tracker_updated,
    r.verification?.passed,
    r.verification?.partial,
    r.verification && checksCell(r.verification.checks),
  ]
    .map(csvCell)
    .join(',')
}
