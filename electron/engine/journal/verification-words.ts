/**
 * The words of each post-execution check. Like the gate's, the journal keeps a verification
 * check as its name, its code ('OK' when it passed) and the numbers behind it; whoever shows a
 * verification (the audit trail and its CSV, the REST API, the Audit screen, the alert of a
 * failure) renders its message here. Older records that spelled the message out keep it.
 */
import type { VerificationCheck } from '../../../shared/types'
import { dec, usdText } from '../core'
import type { CheckedOrder } from './gate-words'
import type { CheckRecord, CheckValues, StoredVerificationCheck } from './records'

type Words = (code: string, v: CheckValues, order: CheckedOrder) => string

const text = (v: CheckValues, key: string): string => String(v[key] ?? '')
const usd = (v: CheckValues, key: string): string => usdText(text(v, key))
/** The requested quantity as the verifier compares it (trailing zeros dropped). */
const requested = (o: CheckedOrder): string => dec(o.quantity).toFixed()

const WORDS: Readonly<Record<string, Words>> = {
  confirmation: (code, v) =>
    code === 'NO_CONFIRMATION'
      ? `No confirmation from the broker within ${(Number(v.max) / 1000).toFixed(1)} s.`
      : `Broker confirmed after ${Number(v.ms).toFixed(0)} ms (limit ${text(v, 'max')} ms).`,
  status: (code, v, o) => {
    if (code !== 'OK') return `Order is ${text(v, 'status')}, not filled.`
    if ('filled' in v)
      return `Order is ${text(v, 'status')} after a partial fill of ${text(v, 'filled')} of ${requested(o)}; the checks below are against what filled.`
    return v.status === 'canceled'
      ? 'Order was canceled as asked, before anything filled.'
      : 'Order is filled.'
  },
  filled_quantity: (_code, v, o) => {
    if (v.canceled === true) return `Nothing of ${requested(o)} filled before the cancel.`
    if (v.partial === true) return `Partial fill: ${text(v, 'filled')} of ${requested(o)} filled.`
    return `Filled ${text(v, 'filled')} of ${requested(o)} requested (lot size ${text(v, 'lot')}).`
  },
  fill_price: (code, v) => {
    if (code === 'NO_FILL') return 'No fill to check the price of.'
    if (code === 'NO_EXPECTED_PRICE')
      return 'No expected price was recorded, so slippage cannot be checked.'
    if (!('average' in v)) return 'No fill, so no price to check.'
    return `Average fill ${usd(v, 'average')} against expected ${usd(v, 'expected')}: ${Number(v.bps).toFixed(2)} bps slippage, tolerance ${text(v, 'max')} bps.`
  },
  tracker_updated: (_code, v, o) =>
    `Position moved by ${text(v, 'moved')} ${o.symbol}; the fills say ${text(v, 'expected')}.`,
  balance_updated: (_code, v, o) =>
    `Cash moved by ${usd(v, 'moved')}; quantity × price ${o.side === 'buy' ? '+' : '−'} fee says ${usd(v, 'expected')}.`,
  no_phantom_position: (code, v, o) => {
    if (code === 'NO_BROKER_POSITION')
      return `The broker could not report its ${o.symbol} position.`
    const held = `Tracker holds ${text(v, 'tracker')} ${o.symbol}, the broker ${text(v, 'broker')}`
    if (!('orders' in v)) return `${held}.`
    const orders = Number(v.orders)
    return `${held}; ${orders} order${orders === 1 ? '' : 's'} at the broker unrecorded allow ${text(v, 'low')} to ${text(v, 'high')}.`
  },
}

const NO_VALUES: CheckValues = {}

/** The message of a verification check from its code and values (and the order it checked). */
export function verificationMessage(check: CheckRecord, order: CheckedOrder): string {
  const [name, code, v = NO_VALUES] = check
  const words = WORDS[name]
  // A check this build does not know (written by a newer one): say what is stored.
  return words ? words(code, v, order) : `${name}: ${code} ${JSON.stringify(v)}`
}

/** A journaled verification check as the trader reads it; a stored message stays as written. */
export function describeVerificationCheck(
  check: StoredVerificationCheck,
  order: CheckedOrder,
): VerificationCheck {
  if (!Array.isArray(check)) return check as VerificationCheck
  const record = check as CheckRecord
  return {
    name: record[0],
    passed: record[1] === 'OK',
    message: verificationMessage(record, order),
  }
}

/** Every check of one verification, as the trader reads them. */
export const describeVerification = (
  checks: readonly StoredVerificationCheck[],
  order: CheckedOrder,
): VerificationCheck[] => checks.map((c) => describeVerificationCheck(c, order))
