/**
 * The pre-execution gate: every check runs against one consistent snapshot of the ledger and
 * the market, and each says what it found in numbers a trader can act on.
 */
import type { GateCheck, MarketSymbol, Quote, Side } from '../../../shared/types'
import { Decimal, ZERO, dec, toCents, usd } from '../core/decimal'

/** What the gate needs to know about the order and the world at one instant. */
export interface GateInput {
  readonly symbol: MarketSymbol
  readonly side: Side
  readonly quantity: string
  readonly quote: Quote | null
  readonly feeRate: string
  /** Cash not reserved by open orders. */
  readonly availableCash: Decimal
  /** Quantity of the symbol held and not promised to open sell orders. */
  readonly availableQuantity: Decimal
}

/** The gate's decision. */
export interface GateDecision {
  readonly passed: boolean
  readonly checks: GateCheck[]
  /** The price the order is expected to fill at, or null without a usable quote. */
  readonly expectedPrice: Decimal | null
  /** Cash to hold back while the order is open. */
  readonly reserved: Decimal
}

const pass = (name: string, message: string): GateCheck => ({
  name,
  passed: true,
  code: 'OK',
  message,
})
const fail = (name: string, code: string, message: string): GateCheck => ({
  name,
  passed: false,
  code,
  message,
})

/** Evaluates every check; the order may go only if all pass. */
export function evaluateGate(input: GateInput): GateDecision {
  const checks: GateCheck[] = []
  const raw = input.side === 'buy' ? input.quote?.ask : input.quote?.bid
  const price = raw === undefined ? null : new Decimal(raw)
  const priceOk = price !== null && price.isFinite() && price.greaterThan(0)
  checks.push(
    priceOk
      ? pass('entry_price', `Entry price ${usd(price)} is valid.`)
      : fail(
          'entry_price',
          'INVALID_PRICE',
          `No valid market price for ${input.symbol}: got ${raw ?? 'none'}; it must be a number above 0.`,
        ),
  )

  const quantity = new Decimal(input.quantity)
  const quantityOk = quantity.isFinite() && quantity.greaterThan(0)
  checks.push(
    quantityOk
      ? pass('quantity', `Quantity ${input.quantity} is above 0.`)
      : fail('quantity', 'INVALID_QUANTITY', `Quantity must be above 0; got ${input.quantity}.`),
  )

  let reserved = ZERO
  if (priceOk && quantityOk) {
    if (input.side === 'buy') {
      const notional = quantity.times(price)
      const fee = toCents(notional.times(dec(input.feeRate)))
      const need = notional.plus(fee)
      reserved = need
      checks.push(
        need.lessThanOrEqualTo(input.availableCash)
          ? pass(
              'balance',
              `Balance covers ${usd(need)} including fee; ${usd(input.availableCash)} available.`,
            )
          : fail(
              'balance',
              'INSUFFICIENT_BALANCE',
              `Insufficient balance: need ${usd(need)} including fee, have ${usd(input.availableCash)}.`,
            ),
      )
    } else {
      checks.push(
        quantity.lessThanOrEqualTo(input.availableQuantity)
          ? pass('balance', `Holding covers the sale of ${input.quantity} ${input.symbol}.`)
          : fail(
              'balance',
              'INSUFFICIENT_POSITION',
              `Insufficient ${input.symbol} to sell: need ${input.quantity}, have ${input.availableQuantity.toFixed()}. Spot accounts cannot sell short.`,
            ),
      )
    }
  } else {
    checks.push(
      fail('balance', 'NOT_EVALUATED', 'Balance not checked: the price or quantity is invalid.'),
    )
  }

  return {
    passed: checks.every((c) => c.passed),
    checks,
    expectedPrice: priceOk ? price : null,
    reserved,
  }
}
