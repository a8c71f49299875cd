/** The checks of the market data an order is priced on: within the band, and fresh. */
import { abs, cmp, exactText, minus, times, type Exact } from '../../core'
import type { GateRule } from './context'
import { priceProblemValues } from './context'

const HUNDRED: Exact = { n: 100n, scale: 0 }

/** The entry price within ±band % of the last price: a fat-fingered limit is refused. */
export const priceBand: GateRule = {
  name: 'price_band',
  check: (ctx) => {
    const { last, quoted, priceOk } = ctx
    if (!priceOk) return { code: 'NOT_EVALUATED', values: priceProblemValues(ctx) }
    if (last === null) return { code: 'NOT_EVALUATED', values: { noLast: true } }
    const price = quoted!.exact
    const gap = abs(minus(price, last.exact))
    const within = cmp(times(gap, HUNDRED), times(last.exact, ctx.limits.priceBandPct)) <= 0
    return {
      code: within ? 'OK' : 'PRICE_OUT_OF_BAND',
      values: {
        price: exactText(price),
        last: exactText(last.exact),
        band: ctx.input.limits.priceBandPct,
      },
    }
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
