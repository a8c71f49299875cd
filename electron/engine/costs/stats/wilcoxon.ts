/**
 * Wilcoxon signed-rank test of model bias on paired differences d_i = actual_i − expected_i
 * (or their standardized z_i): H0 the differences are symmetric about 0 (median 0).
 *
 * Conventions (those of R's wilcox.test, so its values can be checked):
 * - zeros are dropped (Wilcoxon's zero method) and n counts the non-zero differences;
 * - |d| is ranked with average ranks for ties; W+ is the sum of the ranks of positive d;
 * - exact p-value (the distribution of W+ by dynamic programming over the 2^n equally likely
 *   sign assignments) when n ≤ 50 and there were neither zeros nor ties;
 * - otherwise the normal approximation: mean n(n+1)/4, variance n(n+1)(2n+1)/24 − Σ(t³−t)/48
 *   over the tie groups, with a continuity correction of ½ toward the mean.
 * "greater" is one-sided (actual worse: differences tend to be positive); "two-sided" doubles
 * the smaller tail, capped at 1.
 * Effect sizes: the matched-pairs rank-biserial r = (W+ − W−)/(W+ + W−) (Kerby 2014), from −1
 * (all below) to +1 (all above); and the Hodges–Lehmann estimate, the median of the Walsh
 * averages (d_i + d_j)/2 for i ≤ j over the non-zero differences (given for n ≤ 3000).
 */
import { averageRanks, clampP, medianInPlace, normalCdf, normalUpper, tieSum } from './ranks'

export type Alternative = 'greater' | 'two-sided'
/** auto: exact when allowed and small enough; exact or normal to force one (tests compare them). */
export type TestMethod = 'auto' | 'exact' | 'normal'

/** Exact p-values up to this many non-zero differences (R's limit). */
export const WILCOXON_EXACT_MAX = 50
const HODGES_LEHMANN_MAX = 3000

export interface SignedRankResult {
  readonly alternative: Alternative
  /** Non-zero differences ranked. */
  readonly n: number
  readonly zeros: number
  readonly ties: boolean
  /** W+ (sum of the ranks of the positive differences). */
  readonly statistic: number
  readonly method: 'exact' | 'normal'
  /** The z of the normal approximation (with continuity correction); null when exact. */
  readonly z: number | null
  readonly pValue: number
  readonly rankBiserial: number
  readonly hodgesLehmann: number | null
}

/**
 * P(W+ = w) for w = 0..n(n+1)/2 under H0 with n distinct ranks 1..n: each rank enters the sum
 * with probability ½ (probabilities, not counts, so nothing overflows).
 */
export function signedRankDistribution(n: number): Float64Array {
  const max = (n * (n + 1)) / 2
  const p = new Float64Array(max + 1)
  p[0] = 1
  let top = 0
  for (let rank = 1; rank <= n; rank++) {
    top += rank
    for (let w = top; w >= 0; w--) p[w] = 0.5 * (p[w]! + (w >= rank ? p[w - rank]! : 0))
  }
  return p
}

/** The signed-rank test of differences d (actual − expected). */
export function signedRankTest(
  differences: readonly number[],
  alternative: Alternative = 'greater',
  method: TestMethod = 'auto',
): SignedRankResult {
  for (const [i, d] of differences.entries())
    if (!Number.isFinite(d)) throw new RangeError(`difference ${i} is not a number: ${d}`)
  const nonZero = differences.filter((d) => d !== 0)
  const n = nonZero.length
  const zeros = differences.length - n
  if (n === 0) throw new RangeError('the signed-rank test needs at least one non-zero difference')
  const { ranks, ties } = averageRanks(nonZero.map(Math.abs))
  let wPlus = 0
  for (const [i, d] of nonZero.entries()) if (d > 0) wPlus += ranks[i]!
  const total = (n * (n + 1)) / 2
  const rankBiserial = (wPlus - (total - wPlus)) / total
  const hodgesLehmann = n <= HODGES_LEHMANN_MAX ? walshMedian(nonZero) : null
  const exactAllowed = zeros === 0 && ties.length === 0
  if (method === 'exact' && !exactAllowed)
    throw new RangeError('an exact p-value needs differences without zeros or ties')
  const exact = method === 'exact' || (method === 'auto' && exactAllowed && n <= WILCOXON_EXACT_MAX)
  const base = { alternative, n, zeros, ties: ties.length > 0, statistic: wPlus }
  if (exact) {
    const dist = signedRankDistribution(n)
    let upper = 0
    for (let w = wPlus; w <= total; w++) upper += dist[w]!
    let lower = 0
    for (let w = 0; w <= wPlus; w++) lower += dist[w]!
    const pValue = alternative === 'greater' ? upper : Math.min(1, 2 * Math.min(upper, lower))
    return {
      ...base,
      method: 'exact',
      z: null,
      pValue: clampP(pValue),
      rankBiserial,
      hodgesLehmann,
    }
  }
  const mean = total / 2
  const sd = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24 - tieSum(ties) / 48)
  const diff = wPlus - mean
  const correction = alternative === 'greater' ? 0.5 : Math.sign(diff) * 0.5
  const z = sd > 0 ? (diff - correction) / sd : 0
  const pValue =
    alternative === 'greater' ? normalUpper(z) : 2 * Math.min(normalCdf(z), normalUpper(z))
  return { ...base, method: 'normal', z, pValue: clampP(pValue), rankBiserial, hodgesLehmann }
}

/**
 * The median of the Walsh averages (d_i + d_j)/2, i ≤ j: selected in place among the n(n+1)/2
 * averages rather than sorted (a report's thousands of fills make millions of them).
 */
function walshMedian(d: readonly number[]): number {
  const averages = new Float64Array((d.length * (d.length + 1)) / 2)
  let k = 0
  for (let i = 0; i < d.length; i++)
    for (let j = i; j < d.length; j++) averages[k++] = (d[i]! + d[j]!) / 2
  return medianInPlace(averages)
}
