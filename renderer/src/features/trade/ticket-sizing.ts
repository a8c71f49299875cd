/**
 * How the ticket turns what the trader typed into a quantity: a quantity as it is, dollars at
 * the order's price, or a share of the cash (buy) or of the position (sell). All in decimals,
 * rounded down to the lot size, so a size never asks for more than the trader said.
 */
import Decimal from 'decimal.js'
import type { Side } from '../../../../shared/types'
import { formatDecimal, formatUsd } from '../../lib/format'

/** How the trader sizes an order. */
export type SizeMode = 'quantity' | 'usd' | 'percent'

/** What a size needs besides the typed amount. */
export interface SizeInputs {
  readonly mode: SizeMode
  readonly text: string
  readonly side: Side
  /** The price the order is checked at: its limit, or the side of the book it takes. */
  readonly price: string | null
  /** Cash available, for a share of cash. */
  readonly cash: string | null
  /** Quantity held, for a share of the position. */
  readonly held: string
  readonly lotSize: string | undefined
  /** The taker fee rate, so a share of cash leaves room for the fee; null when not known yet. */
  readonly feeRate: string | null
  readonly unit: string
  readonly symbol: string
}

/** The quantity a size comes to, or why it cannot be worked out. */
export type SizeResult =
  | { readonly ok: true; readonly quantity: string; readonly notional: string | null }
  | { readonly ok: false; readonly problem: string }

const AMOUNT_PATTERN = /^\d+(\.\d+)?$/
const MAX_LENGTH = 40

/** The typed amount as a positive decimal, or why it is not one. */
function amountOf(text: string, what: string, example: string): Decimal | string {
  const value = text.trim()
  if (value === '') return `Enter ${what}.`
  if (value.length > MAX_LENGTH || !AMOUNT_PATTERN.test(value))
    return `${what[0]!.toUpperCase()}${what.slice(1)} must be a plain decimal number such as ${example}.`
  const d = new Decimal(value)
  return d.gt(0) ? d : `${what[0]!.toUpperCase()}${what.slice(1)} must be greater than zero.`
}

/** Rounds a quantity down to the lot size. */
function toLot(quantity: Decimal, lotSize: string | undefined): Decimal {
  const lot = lotSize ? new Decimal(lotSize) : null
  return lot && lot.gt(0) ? quantity.div(lot).floor().times(lot) : quantity
}

/** The quantity the size comes to (for the dollar and share modes), on the lot size. */
export function sizeOrder(i: SizeInputs): SizeResult {
  if (i.mode === 'quantity') {
    const notional =
      i.price !== null && AMOUNT_PATTERN.test(i.text.trim())
        ? new Decimal(i.text.trim()).times(i.price).toFixed()
        : null
    return { ok: true, quantity: i.text.trim(), notional }
  }
  const amount =
    i.mode === 'usd'
      ? amountOf(i.text, 'a dollar amount', '250')
      : amountOf(i.text, 'a percentage', '25')
  if (typeof amount === 'string') return { ok: false, problem: amount }
  if (i.mode === 'percent' && amount.gt(100))
    return { ok: false, problem: 'A percentage must be at most 100.' }
  const price = i.price === null ? null : new Decimal(i.price)
  let quantity: Decimal
  if (i.mode === 'percent' && i.side === 'sell') {
    quantity = new Decimal(i.held).times(amount).div(100)
    if (quantity.lte(0)) return { ok: false, problem: `You hold no ${i.unit} to sell.` }
  } else {
    if (price === null || price.lte(0))
      return {
        ok: false,
        problem: `There is no ${i.symbol} price yet to turn ${i.mode === 'usd' ? 'dollars' : 'a share of cash'} into a quantity.`,
      }
    if (i.mode === 'usd') quantity = amount.div(price)
    else {
      if (i.cash === null) return { ok: false, problem: 'Cash available is not known yet.' }
      // The fee comes out of the same cash: spend the share on the order and its fee together.
      const spend = new Decimal(i.cash).times(amount).div(100)
      quantity = spend.div(price.times(new Decimal(1).plus(i.feeRate ?? 0)))
    }
  }
  const lots = toLot(quantity, i.lotSize)
  if (lots.lte(0))
    return {
      ok: false,
      problem: `That comes to less than the smallest step of ${formatDecimal(i.lotSize ?? '0')} ${i.unit}${price ? ` at ${formatUsd(price.toFixed())}` : ''}.`,
    }
  return {
    ok: true,
    quantity: lots.toFixed(),
    notional: price === null ? null : lots.times(price).toFixed(),
  }
}
