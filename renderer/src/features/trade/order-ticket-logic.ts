/**
 * The order ticket's rules that are not about drawing: quantity and limit price validation, the
 * idempotency key of a reviewed order and the sentence that tells the trader what happened.
 */
import Decimal from 'decimal.js'
import type { Order } from '../../../../shared/types'
import { baseAsset, formatDecimal, formatUsd } from '../../lib/format'

const QUANTITY_PATTERN = /^\d+(\.\d+)?$/
const MAX_QUANTITY_LENGTH = 40

/** Why a typed quantity cannot be sent, or null when it can. */
export function validateQuantity(text: string, lotSize?: string, symbol?: string): string | null {
  const value = text.trim()
  if (value === '') return 'Enter a quantity.'
  if (value.length > MAX_QUANTITY_LENGTH || !QUANTITY_PATTERN.test(value)) {
    return 'Quantity must be a plain decimal number such as 0.01.'
  }
  const quantity = new Decimal(value)
  if (quantity.lte(0)) return 'Quantity must be greater than zero.'
  if (lotSize) {
    const step = new Decimal(lotSize)
    if (step.gt(0) && !quantity.mod(step).isZero()) {
      const unit = symbol ? ` ${baseAsset(symbol)}` : ''
      return `${symbol ?? 'This symbol'} trades in steps of ${formatDecimal(lotSize)}${unit}.`
    }
  }
  return null
}

const PRICE_PATTERN = /^\d+(\.\d+)?$/

/** Why a typed limit price cannot be sent, or null when it can: a positive decimal on the tick. */
export function validateLimitPrice(
  text: string,
  tickSize?: string,
  symbol?: string,
): string | null {
  const value = text.trim()
  if (value === '') return 'Enter a limit price in US dollars.'
  if (value.length > MAX_QUANTITY_LENGTH || !PRICE_PATTERN.test(value)) {
    return 'The limit price must be a plain decimal number such as 64250.50 (no $ or commas).'
  }
  const price = new Decimal(value)
  if (price.lte(0)) return 'The limit price must be greater than zero.'
  if (tickSize) {
    const tick = new Decimal(tickSize)
    if (tick.gt(0) && !price.mod(tick).isZero()) {
      return `${symbol ?? 'This symbol'} is priced in steps of ${formatUsd(tickSize, tick.decimalPlaces())}.`
    }
  }
  return null
}

/** A fresh client order id for one reviewed order; a retried Confirm reuses it. */
export function newClientOrderId(): string {
  const bytes = new Uint8Array(8)
  crypto.getRandomValues(bytes)
  return `ticket-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`
}

/** What the ticket says about an order it sent, e.g. "Filled 0.01 BTC-USD at $65,012.34, fee $3.90". */
export function describeOrderOutcome(order: Order): string {
  switch (order.status) {
    case 'filled':
      return (
        `Filled ${formatDecimal(order.filledQuantity)} ${order.symbol} at ` +
        `${formatUsd(order.averagePrice ?? order.expectedPrice ?? '0')}, fee ${formatUsd(order.fee)}`
      )
    case 'rejected':
      return `Rejected: ${order.reason ?? 'the order was refused without a reason.'}`
    case 'failed':
      return `Failed: ${order.reason ?? 'the broker did not complete the order.'}`
    case 'canceled':
      return `Canceled${order.reason ? `: ${order.reason}` : ''}`
    case 'pending':
    case 'open':
      if (order.type === 'limit' && order.limitPrice !== null) {
        const filled = new Decimal(order.filledQuantity).gt(0)
          ? `, ${formatDecimal(order.filledQuantity)} filled so far`
          : ''
        return (
          `Sent: ${order.side} ${formatDecimal(order.quantity)} ${order.symbol} at a limit of ` +
          `${formatUsd(order.limitPrice)}${filled}; it waits on the book until the price is reached ` +
          `(${order.status}). Cancel it on the Orders screen.`
        )
      }
      return (
        `Sent: ${order.side} ${formatDecimal(order.quantity)} ${order.symbol}, waiting for the fill ` +
        `(${order.status}).`
      )
  }
}
