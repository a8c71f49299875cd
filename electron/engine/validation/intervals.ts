/**
 * The intervals behind the plan's sampled criteria, 95 % two-sided: Wilson for a share (win
 * rate, fills inside the model's band), Student's t for a mean (profit per trade), Lo (2002) for
 * a Sharpe ratio; and the minimum track record length (Bailey & López de Prado 2012), which
 * says how many days a Sharpe ratio needs before it shows an edge at all.
 */
import type { Interval } from '../../../shared/validation'

/** The normal 97.5 % and 95 % points. */
const Z975 = 1.959963984540054
const Z95 = 1.6448536269514722

/** Wilson score interval of k successes in n trials; null without a trial. */
export function wilson(k: number, n: number): Interval | null {
  if (n <= 0) return null
  const p = k / n
  const z2 = Z975 * Z975
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n)
  const half = (Z975 / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half), level: 0.95 }
}

/** Student's t 97.5 % points for 1 to 30 degrees of freedom (the standard tables). */
const T975 = [
  12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624, 2.306004, 2.262157,
  2.228139, 2.200985, 2.178813, 2.160369, 2.144787, 2.13145, 2.119905, 2.109816, 2.100922, 2.093024,
  2.085963, 2.079614, 2.073873, 2.068658, 2.063899, 2.059539, 2.055529, 2.051831, 2.048407, 2.04523,
  2.042272,
]

/**
 * Student's t 97.5 % point with `df` degrees of freedom: the tables up to 30, then the
 * Cornish–Fisher expansion about the normal point (Abramowitz & Stegun 26.7.5), within 1e-5
 * of the tables beyond 30.
 */
export function t975(df: number): number {
  if (df <= 30) return T975[Math.max(1, Math.round(df)) - 1]!
  const z = Z975
  const z3 = z ** 3
  const z5 = z ** 5
  const z7 = z ** 7
  const z9 = z ** 9
  return (
    z +
    (z3 + z) / (4 * df) +
    (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2) +
    (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3) +
    (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92160 * df ** 4)
  )
}

/** The t interval of a mean from n values' sum and sum of squares; null under 2 values. */
export function meanInterval(n: number, sum: number, sumSq: number): Interval | null {
  if (n < 2) return null
  const mean = sum / n
  const variance = Math.max(0, (sumSq - n * mean * mean) / (n - 1))
  const half = t975(n - 1) * Math.sqrt(variance / n)
  return { low: mean - half, high: mean + half, level: 0.95 }
}

/**
 * The annual Sharpe ratio of daily returns (mean / sample std · √periods) and its interval by
 * Lo (2002) for independent returns: SE(SR) = √((1 + SR²/2) / n) on the daily ratio. Null
 * under 2 returns or with no spread.
 */
export function sharpeWithInterval(
  returns: readonly number[],
  periods = 365,
): { value: number; interval: Interval } | null {
  const n = returns.length
  if (n < 2) return null
  let sum = 0
  for (const r of returns) sum += r
  const mean = sum / n
  let ss = 0
  for (const r of returns) ss += (r - mean) ** 2
  const sd = Math.sqrt(ss / (n - 1))
  if (!(sd > 0)) return null
  const daily = mean / sd
  const se = Math.sqrt((1 + (daily * daily) / 2) / n)
  const scale = Math.sqrt(periods)
  return {
    value: daily * scale,
    interval: { low: (daily - Z975 * se) * scale, high: (daily + Z975 * se) * scale, level: 0.95 },
  }
}

/**
 * Days of returns needed before an annual Sharpe ratio shows it is above 0 at 95 % one-sided,
 * for normal returns: MinTRL = 1 + (1 + SR²/2) · (z / SR)² on the daily ratio. Infinite for a
 * ratio of 0 or below.
 */
export function minTrackRecordDays(annualSharpe: number, periods = 365): number {
  const daily = annualSharpe / Math.sqrt(periods)
  if (!(daily > 0)) return Infinity
  return 1 + (1 + (daily * daily) / 2) * (Z95 / daily) ** 2
}

/** The annual Sharpe ratio `days` of returns must beat to show an edge at 95 % one-sided. */
export function sharpeProvableIn(days: number, periods = 365): number {
  // MinTRL falls as the ratio rises: bisect on it.
  let low = 0.01
  let high = 100
  for (let i = 0; i < 60; i++) {
    const mid = (low + high) / 2
    if (minTrackRecordDays(mid, periods) > days) low = mid
    else high = mid
  }
  return high
}
