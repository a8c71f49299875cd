/**
 * The words of each pre-execution check. The journal keeps a check as its name, its code and
 * the numbers behind it; whoever shows a check (the gate's answer, the ledger's order, the
 * audit trail and its exports, reports) renders its message here, so the text of a check is
 * written once and a decision costs a few bytes per check on disk. Older records that spelled
 * the message out keep it: it is shown as it was written.
 */
import type { GateCheck, Side } from '../../../shared/types'
import { abs, cmp, exactUsd, minus, parseExact, percentText, usdText, type Exact } from '../core'
import type { CheckValues, GateCheckRecord, StoredGateCheck } from './records'

/** What of the order a check's message names: from its intent, so never stored twice. */
export interface CheckedOrder {
  readonly symbol: string
  readonly side: Side
  /** The quantity as the order gave it. */
  readonly quantity: string
}

type Words = (code: string, v: CheckValues, order: CheckedOrder) => string

const text = (v: CheckValues, key: string): string => String(v[key] ?? '')
const amount = (v: CheckValues, key: string): Exact => parseExact(text(v, key)) ?? parseZero
const parseZero: Exact = { n: 0n, scale: 0 }
const usd = (v: CheckValues, key: string): string => usdText(text(v, key))
const seconds = (ms: unknown): string => (Number(ms) / 1000).toFixed(1)

/** The problem with the price and the quantity that left a check unevaluated. */
function priceProblem(v: CheckValues, order: CheckedOrder): string | null {
  if (v.noPrice === 'market') return `there is no valid market price for ${order.symbol}`
  if (v.noPrice === 'limit') return `the limit price ${text(v, 'limit')} is not valid`
  return null
}
function unknown(what: string, v: CheckValues, order: CheckedOrder): string {
  const problems: string[] = []
  const price = priceProblem(v, order)
  if (price) problems.push(price)
  if (v.noQuantity === 'zero') problems.push(`the quantity ${order.quantity} is not above 0`)
  else if (v.noQuantity === 'lot')
    problems.push(`the quantity ${order.quantity} is not on the lot size ${text(v, 'lot')}`)
  return `${what} is unknown because ${problems.join(' and ')}`
}

/** What each check could not work out when the price or the quantity was wrong. */
const UNKNOWN: Readonly<Record<string, (order: CheckedOrder) => string>> = {
  order_notional: () => 'the order value',
  size_band: () => 'the order value the size band limits',
  position_limit: () => 'the position after the order',
  balance: (o) => (o.side === 'buy' ? 'the cash needed' : 'the quantity to sell'),
  trading_state: () => 'the order value, which RECOVERING caps,',
}

/**
 * What the price a check names is: the order's limit, or for a market order the price of the
 * side it takes. Never "entry": a sale closes a position.
 */
const priceName = (v: CheckValues, o: CheckedOrder): string =>
  `${o.side === 'buy' ? 'Buy' : 'Sell'} ${v.limit === true ? 'limit' : 'price'}`

/** The percentage of the gap between two prices, of the second. */
const away = (price: Exact, last: Exact): string => percentText(abs(minus(price, last)), last)

const WORDS: Readonly<Record<string, Words>> = {
  entry_price: (code, v, o) => {
    if (code === 'OK')
      return 'limit' in v
        ? `Limit price ${usd(v, 'limit')} is valid.`
        : `${priceName(v, o)} ${usd(v, 'price')} (the ${o.side === 'buy' ? 'ask' : 'bid'}) is valid.`
    return 'limit' in v
      ? `Limit price ${text(v, 'limit')} is not valid for ${o.symbol}: it must be above 0 and a multiple of the tick size ${text(v, 'tick')}.`
      : `No valid market price for ${o.symbol}: got ${'got' in v ? text(v, 'got') : 'none'}; it must be a number above 0.`
  },
  quantity: (code, v, o) =>
    code === 'OK'
      ? `Quantity ${o.quantity} is on the lot size ${text(v, 'lot')}.`
      : code === 'OFF_LOT_SIZE'
        ? `Quantity ${o.quantity} is not a multiple of the ${o.symbol} lot size ${text(v, 'lot')}.`
        : `Quantity must be above 0; got ${o.quantity}.`,
  order_notional: (code, v, o) =>
    code === 'BELOW_MIN_NOTIONAL'
      ? `Order value ${usd(v, 'value')} is below the ${o.symbol} minimum of ${usd(v, 'min')}.`
      : code === 'ORDER_TOO_SMALL'
        ? `Order value ${usd(v, 'value')} is below the per-order minimum of ${usd(v, 'min')}.`
        : code === 'ORDER_TOO_LARGE'
          ? `Order value ${usd(v, 'value')} is above the per-order maximum of ${usd(v, 'max')}.`
          : `Order value ${usd(v, 'value')} is within ${usd(v, 'min')}–${usd(v, 'max')}.`,
  size_band: (code, v) => {
    const band =
      v.max === 'none'
        ? `from ${usd(v, 'min')} up to the account's own limits`
        : `${usd(v, 'min')}–${usd(v, 'max')}`
    const phase = `phase ${text(v, 'phase')} of the validation plan`
    if (code === 'OK')
      return v.reducing === true
        ? `A sale of what is held: allowed at any size in ${phase}.`
        : `Order value ${usd(v, 'value')} is within ${phase}'s size band ${band}.`
    return `Order value ${usd(v, 'value')} is ${code === 'BELOW_SIZE_BAND' ? 'below' : 'above'} ${phase}'s size band of ${band} per order. Size the order within the band; the band widens when the phase is signed off on the Roadmap screen.`
  },
  position_limit: (code, v, o) =>
    code === 'OK'
      ? `${o.symbol} position after the order: ${exactUsd(abs(amount(v, 'after')))}, limit ${usd(v, 'max')}.`
      : `${o.symbol} position would be ${usd(v, 'after')}, above the per-symbol maximum of ${usd(v, 'max')}.`,
  open_positions: (code, v, o) =>
    code === 'OK'
      ? `Open positions after the order: ${text(v, 'count')}, limit ${text(v, 'max')}.`
      : `Opening ${o.symbol} would make ${text(v, 'count')} open positions, above the maximum of ${text(v, 'max')}.`,
  balance: (code, v, o) => {
    if (code === 'OK')
      return o.side === 'buy'
        ? `Balance covers ${usd(v, 'need')} including fee; ${usd(v, 'cash')} available.`
        : `Holding covers the sale of ${o.quantity} ${o.symbol}.`
    return code === 'INSUFFICIENT_BALANCE'
      ? `Insufficient balance: need ${usd(v, 'need')} including fee, have ${usd(v, 'cash')}.`
      : `Insufficient ${o.symbol} to sell: need ${o.quantity}, have ${text(v, 'have')}. Spot accounts cannot sell short.`
  },
  position_tracker: (code, v) =>
    code === 'OK'
      ? 'Position tracker is loaded and consistent.'
      : `Position tracker unavailable: ${text(v, 'problem')}`,
  reconciliation: (code, v) => {
    if (code === 'OK') return 'No open reconciliation finding blocks this account.'
    const open = Number(v.open)
    return open === 1
      ? `Trading on this account is blocked: reconciliation with the broker found a difference that is still open (finding ${text(v, 'finding')}: ${text(v, 'about')}). Resolving it on the Reconciliation screen lifts the block.`
      : `Trading on this account is blocked: reconciliation with the broker found ${open} differences that are still open (the first, finding ${text(v, 'finding')}: ${text(v, 'about')}). Resolving each on the Reconciliation screen lifts the block.`
  },
  journal_verified: (code) =>
    code === 'OK'
      ? 'The audit journal is verified.'
      : 'The audit journal written before the last snapshot is still being verified (about a second after start); try again in a moment.',
  pending_orders: (code, v, o) => {
    if (code === 'OK')
      return v.rule === 'off'
        ? 'Pending-order rule is off.'
        : `No pending ${o.symbol} order in the way.`
    return v.rule === 'per-symbol'
      ? `Order ${text(v, 'order')} for ${o.symbol} is still pending; one order per symbol at a time.`
      : `A ${o.side} order for ${o.symbol} (${text(v, 'order')}) is still pending; one per symbol and side at a time.`
  },
  daily_loss: (code, v) =>
    code === 'OK'
      ? `Realized loss today ${usd(v, 'loss')}, limit ${usd(v, 'max')}.`
      : `Daily loss limit reached: ${usd(v, 'loss')} realized today, limit ${usd(v, 'max')}. Only orders that reduce a position are allowed until tomorrow.`,
  drawdown: (code, v) => {
    const peak = amount(v, 'peak')
    const drawdown = peak.n > 0n ? percentText(minus(peak, amount(v, 'equity')), peak) : '0%'
    return code === 'OK'
      ? `Drawdown from peak equity ${drawdown}, limit ${text(v, 'max')}%.`
      : `Drawdown limit reached: equity ${usd(v, 'equity')} is ${drawdown} below its peak of ${usd(v, 'peak')}, limit ${text(v, 'max')}%. Only orders that reduce a position are allowed.`
  },
  exposure: (code, v) =>
    code === 'OK'
      ? `Total exposure after the order ${usd(v, 'after')}, limit ${usd(v, 'max')}.`
      : `Total exposure would be ${usd(v, 'after')}, above the maximum of ${usd(v, 'max')}.`,
  order_rate: (code, v) =>
    code === 'OK'
      ? `${text(v, 'count')} orders in the last minute, limit ${text(v, 'max')}.`
      : `Too many orders: ${text(v, 'count')} in the last minute, limit ${text(v, 'max')}. Wait and try again.`,
  price_band: (code, v, o) => {
    const price = amount(v, 'price')
    const last = amount(v, 'last')
    const gap = away(price, last)
    const where = cmp(price, last) > 0 ? 'above' : 'below'
    const what = `${priceName(v, o)} ${usd(v, 'price')}`
    if (code !== 'OK')
      return `${what} is ${gap} ${where} the last price ${usd(v, 'last')}, outside the ±${text(v, 'band')}% band that stops a mistyped price.`
    return v.rests
      ? `${what} is ${gap} ${where} the last price ${usd(v, 'last')}: it waits on the book and cannot fill at a worse price than the market, so the ±${text(v, 'band')}% band does not apply.`
      : `${what} is ${gap} from the last price ${usd(v, 'last')}, within the ±${text(v, 'band')}% band.`
  },
  market_data: (code, v, o) =>
    code === 'OK'
      ? `Last ${o.symbol} price is ${seconds(v.age)} s old, limit ${seconds(v.max)} s.`
      : 'age' in v
        ? `Market data is stale: the last ${o.symbol} price is ${seconds(v.age)} s old, limit ${seconds(v.max)} s.`
        : `No market data for ${o.symbol}.`,
  bot: (code, v) =>
    code === 'OK'
      ? `Bot ${text(v, 'bot')} is not halted.`
      : `Bot halted: ${text(v, 'bot')} went quiet at ${new Date(Number(v.at)).toISOString().replace('T', ' ').slice(0, 19)} UTC; resume it on the Bots screen or with POST /api/v1/bots/${text(v, 'bot')}/resume and a reason.`,
  trading_state: (code, v, o) => {
    const share = `${Math.round(Number(v.share) * 100)}%`
    switch (code) {
      case 'TRADING_HALTED':
        return 'Trading is HALTED on this account: no orders are allowed.'
      case 'REDUCE_ONLY':
        return `Trading is REDUCE ONLY on this account: only sells of what is held are allowed (${o.symbol} held: ${text(v, 'held')}).`
      case 'RECOVERY_SIZE_CAP':
        return `Trading is RECOVERING after the circuit breaker tripped: orders up to ${usd(v, 'cap')} (${share} of the ${usd(v, 'max')} maximum) until more clean trades; this one is ${usd(v, 'value')}.`
      default:
        return 'cap' in v
          ? `Trading is RECOVERING at ${share}: ${usd(v, 'value')} is within ${usd(v, 'cap')}.`
          : `Trading state ${text(v, 'state')} allows this order.`
    }
  },
}

const NO_VALUES: CheckValues = {}

/** The message of a check from its code and values (and the order it was about). */
export function checkMessage(check: GateCheckRecord, order: CheckedOrder): string {
  const [name, code, v = NO_VALUES] = check
  if (code === 'NOT_EVALUATED') {
    const why =
      name === 'price_band'
        ? v.noLast
          ? `there is no valid last price for ${order.symbol}`
          : (priceProblem(v, order) ?? `the ${order.side} price is not known`)
        : unknown(UNKNOWN[name]?.(order) ?? name, v, order)
    return `Not checked: ${why}.`
  }
  const words = WORDS[name]
  // A check this build does not know (written by a newer one): say what is stored.
  return words ? words(code, v, order) : `${name}: ${code} ${JSON.stringify(v)}`
}

/** A journaled check as the trader reads it: a stored message stays as it was written. */
export function describeCheck(check: StoredGateCheck, order: CheckedOrder): GateCheck {
  if (!isGateCheckRecord(check)) return check
  const [name, code] = check
  return { name, passed: code === 'OK', code, message: checkMessage(check, order) }
}

const isGateCheckRecord = (check: StoredGateCheck): check is GateCheckRecord => Array.isArray(check)

// The ledger and then the audit trail fold each record: the second is served the first's
// rendering (one entry, as a map keyed by every record ever read would only burden the GC).
let last: { checks: readonly StoredGateCheck[]; order: CheckedOrder; out: GateCheck[] } | null =
  null

/** Every check of one decision, rendered once for the folds that read the same record. */
export function describeChecks(
  checks: readonly StoredGateCheck[],
  order: CheckedOrder,
): GateCheck[] {
  if (
    last !== null &&
    last.checks === checks &&
    last.order.symbol === order.symbol &&
    last.order.side === order.side &&
    last.order.quantity === order.quantity
  )
    return last.out
  const out = checks.map((c) => describeCheck(c, order))
  last = { checks, order, out }
  return out
}
