/**
 * Which coefficients the model prices an account's orders with: its calibrated spread
 * coefficient and impact prefactor once a fit is plausible and known well enough, else the
 * model's defaults. The latest fit of the cost book's history is used (one every
 * CALIBRATION_HISTORY_EVERY usable fills), so placing an order never waits for a refit.
 */
import { DEFAULT_SLIPPAGE_COEFFICIENTS, type SlippageCoefficients } from '../model'
import type { CostBook } from './cost-book'

/** A fit is used once Y is known to within this share of itself (its standard error). */
export const TRUST_RELATIVE_SE = 0.25
/** Fitted values outside these are not used (a fill pays 0–3 half-spreads; Y of 0–5). */
export const PLAUSIBLE = { spread: [0, 3], impact: [0, 5] } as const

export interface CoefficientsInUse {
  readonly coefficients: SlippageCoefficients
  readonly source: 'fitted' | 'prior'
  /** Why, in words. */
  readonly reason: string
}

/** The coefficients for `accountId`'s next estimate. */
export function calibratedCoefficients(book: CostBook, accountId: string): CoefficientsInUse {
  const prior = DEFAULT_SLIPPAGE_COEFFICIENTS
  const fit = book.account(accountId)?.history.at(-1)
  if (!fit)
    return {
      coefficients: prior,
      source: 'prior',
      reason: 'no calibration yet: the model uses its defaults',
    }
  const { spread, impact } = fit
  const within = (v: number, [lo, hi]: readonly [number, number]): boolean => v >= lo && v <= hi
  if (!within(spread.value, PLAUSIBLE.spread) || !within(impact.value, PLAUSIBLE.impact))
    return {
      coefficients: prior,
      source: 'prior',
      reason: `the latest fit (a ${spread.value.toFixed(2)}, Y ${impact.value.toFixed(2)}) is outside what is plausible (a 0–3, Y 0–5): the model keeps its defaults`,
    }
  if (!(impact.value > 0) || impact.se > TRUST_RELATIVE_SE * impact.value)
    return {
      coefficients: prior,
      source: 'prior',
      reason: `Y is not yet known well enough (${impact.value.toFixed(2)} ± ${impact.se.toFixed(2)}; used once within ${TRUST_RELATIVE_SE * 100} %): the model keeps its defaults`,
    }
  return {
    coefficients: {
      ...prior,
      spread: spread.value,
      impact: impact.value,
      // The band keeps at least a tenth of Y of doubt: a fit is of the fills seen, not a promise.
      impactSd: Math.max(impact.se, 0.1 * impact.value),
    },
    source: 'fitted',
    reason: `fitted from ${fit.fills} fills: a ${spread.value.toFixed(2)} ± ${spread.se.toFixed(2)}, Y ${impact.value.toFixed(3)} ± ${impact.se.toFixed(3)}`,
  }
}
