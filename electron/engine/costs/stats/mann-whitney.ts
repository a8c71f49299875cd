/**
 * Mann–Whitney U test of a recent window against a baseline: H0 the two samples come from the
 * same distribution; "greater" (one-sided) is "recent worse": recent values tend to be larger.
 *
 * Conventions (those of R's wilcox.test with two samples, so its values can be checked):
 * - all values ranked together with average ranks for ties; U = R_recent − n₁(n₁+1)/2, the
 *   number of (recent, baseline) pairs with recent > baseline, ties counting ½;
 * - exact p-value (the distribution of U over all C(n₁+n₂, n₁) equally likely rank splits, by
 *   dynamic programming) when both samples have fewer than 50 values and there are no ties;
 * - otherwise the normal approximation: mean n₁n₂/2, variance
 *   n₁n₂/12 · ((N+1) − Σ(t³−t)/(N(N−1))), continuity correction ½ toward the mean.
 * Effect sizes: the common-language effect size U/(n₁n₂) = P(recent > baseline) + ½P(tie),
 * the rank-biserial r = 2·CL − 1, and the Hodges–Lehmann shift, the median of all differences
 * recent − baseline (given for n₁n₂ ≤ 1,000,000).
 */
import { averageRanks, clampP, medianInPlace, normalCdf, normalUpper, tieSum } from './ranks'
import type { Alternative, TestMethod } from './wilcoxon'

/** Exact p-values while both samples are smaller than this (R's limit). */
export const MANN_WHITNEY_EXACT_BELOW = 50
const SHIFT_MAX_PAIRS = 1_000_000

export interface RankSumResult {
  readonly alternative: Alternative
  readonly nRecent: number
  readonly nBaseline: number
  readonly ties: boolean
  /** U of the recent sample. */
  readonly statistic: number
  readonly method: 'exact' | 'normal'
  readonly z: number | null
  readonly pValue: number
  /** U / (n₁n₂): the chance a recent value exceeds a baseline one (ties ½). */
  readonly commonLanguage: number
  readonly rankBiserial: number
  /** Median of recent − baseline over all pairs; null above the size limit. */
  readonly shift: number | null
}

/**
 * P(U = u) for u = 0..m·n under H0 with no ties, where U counts the pairs (x, y) with x > y for
 * m x's and n y's. Counts k-subsets of the ranks 1..m+n by their sum (a subset-sum table), in
 * floating point scaled by the total C(m+n, m).
 */
export function rankSumDistribution(m: number, n: number): Float64Array {
  const small = Math.min(m, n)
  const N = m + n
  const maxSum = (small * (2 * N - small + 1)) / 2
  // ways[k][s]: k-subsets of the ranks seen so far with rank sum s.
  const ways = Array.from({ length: small + 1 }, () => new Float64Array(maxSum + 1))
  ways[0]![0] = 1
  for (let rank = 1; rank <= N; rank++) {
    for (let k = Math.min(rank, small); k >= 1; k--) {
      const row = ways[k]!
      const prev = ways[k - 1]!
      for (let s = maxSum; s >= rank; s--) row[s] = row[s]! + prev[s - rank]!
    }
  }
  const offset = (small * (small + 1)) / 2
  const p = new Float64Array(m * n + 1)
  let total = 0
  for (let u = 0; u <= m * n; u++) total += ways[small]![u + offset]!
  for (let u = 0; u <= m * n; u++) p[u] = ways[small]![u + offset]! / total
  return p
}

/** The rank-sum test of recent against baseline. */
export function rankSumTest(
  recent: readonly number[],
  baseline: readonly number[],
  alternative: Alternative = 'greater',
  method: TestMethod = 'auto',
): RankSumResult {
  const m = recent.length
  const n = baseline.length
  if (m === 0 || n === 0) throw new RangeError('the rank-sum test needs values in both samples')
  const all = [...recent, ...baseline]
  for (const [i, v] of all.entries())
    if (!Number.isFinite(v)) throw new RangeError(`value ${i} is not a number: ${v}`)
  const { ranks, ties } = averageRanks(all)
  let rankSum = 0
  for (let i = 0; i < m; i++) rankSum += ranks[i]!
  const u = rankSum - (m * (m + 1)) / 2
  const commonLanguage = u / (m * n)
  const effects = {
    commonLanguage,
    rankBiserial: 2 * commonLanguage - 1,
    shift: m * n <= SHIFT_MAX_PAIRS ? pairShift(recent, baseline) : null,
  }
  const base = { alternative, nRecent: m, nBaseline: n, ties: ties.length > 0, statistic: u }
  if (method === 'exact' && ties.length > 0)
    throw new RangeError('an exact p-value needs values without ties')
  const small = m < MANN_WHITNEY_EXACT_BELOW && n < MANN_WHITNEY_EXACT_BELOW
  if (method === 'exact' || (method === 'auto' && small && ties.length === 0)) {
    // U of the recent sample counts pairs recent > baseline; the table is symmetric in m, n.
    const dist = rankSumDistribution(m, n)
    let upper = 0
    for (let v = u; v <= m * n; v++) upper += dist[v]!
    let lower = 0
    for (let v = 0; v <= u; v++) lower += dist[v]!
    const pValue = alternative === 'greater' ? upper : Math.min(1, 2 * Math.min(upper, lower))
    return { ...base, method: 'exact', z: null, pValue: clampP(pValue), ...effects }
  }
  const N = m + n
  const sd = Math.sqrt(((m * n) / 12) * (N + 1 - tieSum(ties) / (N * (N - 1))))
  const diff = u - (m * n) / 2
  const correction = alternative === 'greater' ? 0.5 : Math.sign(diff) * 0.5
  const z = sd > 0 ? (diff - correction) / sd : 0
  const pValue =
    alternative === 'greater' ? normalUpper(z) : 2 * Math.min(normalCdf(z), normalUpper(z))
  return { ...base, method: 'normal', z, pValue: clampP(pValue), ...effects }
}

/** The median of every difference recent − baseline, selected rather than sorted. */
function pairShift(recent: readonly number[], baseline: readonly number[]): number {
  const d = new Float64Array(recent.length * baseline.length)
  let i = 0
  for (const x of recent) for (const y of baseline) d[i++] = x - y
  return medianInPlace(d)
}
