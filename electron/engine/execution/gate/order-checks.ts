/**
 * The checks of the order itself: its price, its quantity, its value, and what it does to the
 * position, the open-position count and the cash or holding that pays for it.
 */
import { abs, cmp, exactText, minus, plus, times, toExact } from '../../core'
import type { CheckOutcome, GateContext, GateRule } from './context'
import { unknownValues } from './context'

const OK = 'OK'
const notEvaluated = (values: CheckOutcome['values']): CheckOutcome => ({
  code: 'NOT_EVALUATED',
  values,
})

/** A market order's price is the side of the book it takes; a limit price must be on the tick. */
export const entryPrice: GateRule = {
  name: 'entry_price',
  check: ({ input, limitText, quoted, priceOk, buy }): CheckOutcome => {
    if (limitText !== null)
      return priceOk
        ? { code: OK, values: { limit: exactText(quoted!.exact) } }
        : { code: 'INVALID_PRICE', values: { limit: limitText, tick: input.instrument.tickSize } }
    if (priceOk) return { code: OK, values: { price: exactText(quoted!.exact) } }
    const got = buy ? input.quote?.ask : input.quote?.bid
    return { code: 'INVALID_PRICE', values: got === undefined ? {} : { got } }
  },
}

/** Positive, and on the instrument's lot size. */
export const quantity: GateRule = {
  name: 'quantity',
  check: ({ input, quantity: q, quantityOk }) => {
    if (q === null || q.n <= 0n) return { code: 'INVALID_QUANTITY' }
    const values = { lot: input.instrument.lotSize }
    return { code: quantityOk ? OK : 'OFF_LOT_SIZE', values }
  },
}

/** The order's value: above the venue's minimum and within the account's per-order band. */
export const orderNotional: GateRule = {
  name: 'order_notional',
  check: (ctx) => {
    if (!ctx.ready) return notEvaluated(unknownValues(ctx))
    const { notional, limits: L } = ctx
    const value = exactText(notional)
    if (cmp(notional, L.minNotional) < 0)
      return { code: 'BELOW_MIN_NOTIONAL', values: { value, min: exactText(L.minNotional) } }
    if (cmp(notional, L.minOrder) < 0)
      return { code: 'ORDER_TOO_SMALL', values: { value, min: exactText(L.minOrder) } }
    if (cmp(notional, L.maxOrder) > 0)
      return { code: 'ORDER_TOO_LARGE', values: { value, max: exactText(L.maxOrder) } }
    return {
      code: OK,
      values: { value, min: exactText(L.minOrder), max: exactText(L.maxOrder) },
    }
  },
}

/** The position's value after the order (only buys can grow it on a spot account). */
export const positionLimit: GateRule = {
  name: 'position_limit',
  check: (ctx) => {
    if (!ctx.ready) return notEvaluated(unknownValues(ctx))
    const { buy, held, qty, price, limits: L } = ctx
    const after = times(buy ? plus(held, qty) : minus(held, qty), price)
    const grows = buy && cmp(after, L.maxPosition) > 0
    return {
      code: grows ? 'POSITION_LIMIT' : OK,
      values: { after: exactText(grows ? after : abs(after)), max: exactText(L.maxPosition) },
    }
  },
}

/** How many symbols are held after the order (a buy of a new one opens one more). */
export const openPositions: GateRule = {
  name: 'open_positions',
  check: ({ buy, held, open, input }) => {
    const opensNew = buy && held.n === 0n
    const max = input.limits.maxOpenPositions
    return !opensNew || open + 1 <= max
      ? { code: OK, values: { count: open + (opensNew ? 1 : 0), max } }
      : { code: 'MAX_POSITIONS', values: { count: open + 1, max } }
  },
}

/** Cash (buy) or holding (sell), after what open orders already reserve. */
export const balance: GateRule = {
  name: 'balance',
  check: (ctx) => {
    const { buy, input } = ctx
    if (buy ? !ctx.ready : !ctx.quantityOk) return notEvaluated(unknownValues(ctx, buy))
    if (buy) {
      const need = needed(ctx)
      const cash = toExact(input.availableCash)
      return {
        code: cmp(need, cash) <= 0 ? OK : 'INSUFFICIENT_BALANCE',
        values: { need: exactText(need), cash: exactText(cash) },
      }
    }
    return cmp(ctx.qty, toExact(input.availableQuantity)) <= 0
      ? { code: OK }
      : { code: 'INSUFFICIENT_POSITION', values: { have: input.availableQuantity.toFixed() } }
  },
}

/** What a buy holds back while it is open: its value plus the fee. */
export const needed = (ctx: GateContext) => plus(ctx.notional, ctx.fee)
