/**
 * The seed design's slippage formula (phase-2 design §3.1, `SlippageModel.estimate_slippage`),
 * kept as a named baseline to compare the model against. It is never used for a decision:
 * it ignores the spread and the book, and its size term is linear in the 24-hour share.
 *
 *   base = 2 bps
 *   volatility_factor = 1 + atr_pct / 0.01        (atr_pct a fraction: 0.01 = 1 %)
 *   size_factor = 1 + (order_usd / volume_24h_usd) · 100
 *   expected = base · volatility_factor · size_factor
 */

/** The seed formula's inputs. */
export interface NaiveSlippageInput {
  /** Order value, USD. */
  readonly orderUsd: number
  /** ATR over price, a fraction (0.01 = 1 %); the seed's default 0.01 when unknown. */
  readonly atrFraction?: number
  /** 24-hour volume, USD; the seed's default 1,000,000 when unknown. */
  readonly volume24hUsd?: number
}

/** The seed's expected slippage, bps; NaN-free: a missing or bad input takes the seed's default. */
export function naiveSlippageBps(input: NaiveSlippageInput): number {
  const atr = finite(input.atrFraction) ? (input.atrFraction as number) : 0.01
  const volume = finite(input.volume24hUsd) && (input.volume24hUsd as number) > 0
  const v = volume ? (input.volume24hUsd as number) : 1_000_000
  const order = finite(input.orderUsd) ? input.orderUsd : 0
  return 2 * (1 + atr / 0.01) * (1 + (order / v) * 100)
}

function finite(x: number | undefined): boolean {
  return typeof x === 'number' && Number.isFinite(x)
}
