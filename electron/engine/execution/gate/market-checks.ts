/** The checks of the market data an order is priced on: within the band, and fresh. */
import { abs, cmp, exactText, minus, times, type Exact } from '../../core'
import type { GateRule } from './context'
import { priceProblemValues } from './context'

const HUNDRED: Exact = { n: 100n, scale: 0 }

/**
 * The order's price within ±band % of the last price, so a fat finger is refused: a market
 * order's price is the side of the book it takes, a limit order's its limit. A resting limit on
 * the far side of the market (a sell above it, a buy below it) cannot fill at a worse price
 * than the market however far it sits, so the band leaves it alone: it is a take-profit or a
 * patient bid, not a slip of the finger.
 */
export const priceBand: GateRule = {
  name: 'price_band',
  check: (ctx) => {
    const { last, quoted, priceOk, buy, limitText } = ctx
    if (!priceOk) return { code: 'NOT_EVALUATED', values: priceProblemValues(ctx) }
    if (last === null) return { code: 'NOT_EVALUATED', values: { noLast: true } }
    const price = quoted!.exact
    const gap = abs(minus(price, last.exact))
    const within = cmp(times(gap, HUNDRED), times(last.exact, ctx.limits.priceBandPct)) <= 0
    const values = {
      price: exactText(price),
      last: exactText(last.exact),
      band: ctx.input.limits.priceBandPct,
      ...(limitText === null ? {} : { limit: true }),
    }
    if (within) return { code: 'OK', values }
    const away = cmp(price, last.exact)
    const rests = limitText !== null && (buy ? away < 0 : away > 0)
    return rests
      ? { code: 'OK', values: { ...values, rests: true } }
      : { code: 'PRICE_OUT_OF_BAND', values }
  },
}

/** A quote younger than the limit. */
export const marketData: GateRule = {
  name: 'market_data',
  check: ({ input }) => {
    const max = input.limits.maxQuoteAgeMs
    if (!input.quote) return { code: 'STALE_MARKET_DATA' }
    const age = input.now - input.quote.ts
    return { code: age <= max ? 'OK' : 'STALE_MARKET_DATA', values: { age, max } }
  },
}
