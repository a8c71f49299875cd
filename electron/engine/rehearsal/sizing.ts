/**
 * Order sizes in a rehearsal with the plan: the middle of the current phase's size band (in
 * phase 3, where the band is the account's own limits, a size those limits allow), in lots of
 * the symbol at the price of the moment.
 */
import type { MarketSymbol, RiskLimits } from '../../../shared/types'
import type { SizeBand } from '../../../shared/validation'
import { dec, str } from '../core'
import { instrument } from '../market'

/** What phase 3 (no upper band) aims at, USD, when the account's limits allow it. */
export const FULL_SIZE_USD = 500

/** The notional a strategy's orders aim at in a band, USD. */
export function bandTarget(band: SizeBand, limits: Pick<RiskLimits, 'maxOrderNotional'>): number {
  const min = Number(band.min)
  if (band.max !== null) return (min + Number(band.max)) / 2
  return Math.max(min, Math.min(FULL_SIZE_USD, Number(limits.maxOrderNotional) / 2))
}

/** A quantity of `symbol` worth about `usd` at `price`, on the lot size (at least one lot). */
export function quantityFor(symbol: MarketSymbol, price: number, usd: number): string {
  const { lotSize } = instrument(symbol)
  const lots = Math.max(1, Math.round(usd / price / Number(lotSize)))
  return str(dec(lotSize).times(lots))
}

/** Whether an order of `quantity` at `price` is still near the aim (within 30 %). */
export function nearTarget(quantity: string, price: number, usd: number): boolean {
  const notional = Number(quantity) * price
  return notional >= usd * 0.7 && notional <= usd * 1.3
}
