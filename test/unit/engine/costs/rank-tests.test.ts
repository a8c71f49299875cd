/**
 * The exact p-values of the two rank tests against values derived here by brute force (every
 * sign assignment, every split of the ranks), not by the tables the engine builds; published
 * values from R's and SciPy's documentation; and the normal approximation against the exact
 * distribution at moderate sizes.
 */
import { describe, expect, it } from 'vitest'
import { createRandom } from '../../../../electron/engine/core'
import { rankSumTest, signedRankTest } from '../../../../electron/engine/costs'
import { medianInPlace } from '../../../../electron/engine/costs/stats/ranks'

/** n distinct magnitudes with random signs, from a seed. */
function signedSample(n: number, seed: number): number[] {
  const random = createRandom(seed)
  const magnitudes = new Set<number>()
  while (magnitudes.size < n) magnitudes.add(Math.round(random.next() * 1000) / 10 + 0.1)
  return [...magnitudes].map((m) => (random.next() < 0.6 ? m : -m))
}

/** P(W+ ≥ w) and P(W+ ≤ w) by listing all 2^n sign assignments of the ranks 1..n. */
function signedRankTails(n: number, w: number): { upper: number; lower: number } {
  let upper = 0
  let lower = 0
  for (let mask = 0; mask < 1 << n; mask++) {
    let sum = 0
    for (let r = 1; r <= n; r++) if (mask & (1 << (r - 1))) sum += r
    if (sum >= w) upper++
    if (sum <= w) lower++
  }
  return { upper: upper / 2 ** n, lower: lower / 2 ** n }
}

/** P(U ≥ u) and P(U ≤ u) by listing every choice of which m of the m+n ranks are "recent". */
function rankSumTails(m: number, n: number, u: number): { upper: number; lower: number } {
  let upper = 0
  let lower = 0
  let total = 0
  const visit = (next: number, left: number, sum: number) => {
    if (left === 0) {
      const stat = sum - (m * (m + 1)) / 2
      total++
      if (stat >= u) upper++
      if (stat <= u) lower++
      return
    }
    for (let r = next; r <= m + n - left + 1; r++) visit(r + 1, left - 1, sum + r)
  }
  visit(1, m, 0)
  return { upper: upper / total, lower: lower / total }
}

describe('Wilcoxon signed-rank, exact', () => {
  it('matches the enumeration of all sign assignments for n = 1..12', () => {
    for (let n = 1; n <= 12; n++) {
      for (const seed of [n, 100 + n, 200 + n]) {
        const d = signedSample(n, seed)
        const greater = signedRankTest(d, 'greater')
        const both = signedRankTest(d, 'two-sided')
        expect(greater.method).toBe('exact')
        const { upper, lower } = signedRankTails(n, greater.statistic)
        expect(greater.pValue).toBeCloseTo(upper, 12)
        expect(both.pValue).toBeCloseTo(Math.min(1, 2 * Math.min(upper, lower)), 12)
      }
    }
  })

  it("gives R's value for the paired example of ?wilcox.test", () => {
    // R 4.x, example(wilcox.test): Hollander & Wolfe (1973) p. 29, depression scale before (x)
    // and after (y) treatment; wilcox.test(x, y, paired = TRUE, alternative = "greater")
    // prints V = 40, p-value = 0.01953, and with conf.int = TRUE (pseudo)median 0.46.
    const x = [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3]
    const y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29]
    const result = signedRankTest(
      x.map((v, i) => v - y[i]!),
      'greater',
    )
    expect(result.statistic).toBe(40)
    expect(result.pValue).toBeCloseTo(0.01953, 5)
    expect(result.hodgesLehmann).toBeCloseTo(0.46, 10)
    // 40 of the 45 rank points are on the positive side: r = (40 − 5) / 45.
    expect(result.rankBiserial).toBeCloseTo(35 / 45, 12)
  })

  it("gives SciPy's exact value for Fisher's example in the scipy.stats.wilcoxon docs", () => {
    // SciPy 1.17 docs, scipy.stats.wilcoxon: Fisher's height differences of 15 pairs;
    // wilcoxon(d) → pvalue 0.041259765625; alternative='greater' → 0.020629882812.
    const d = [6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75]
    expect(signedRankTest(d, 'two-sided').pValue).toBeCloseTo(0.041259765625, 12)
    expect(signedRankTest(d, 'greater').pValue).toBeCloseTo(0.020629882812, 11)
  })
})

describe('Wilcoxon signed-rank, normal approximation', () => {
  it('drops zeros, averages tied ranks and corrects the variance as SciPy does', () => {
    // scipy 1.17.1: wilcoxon(d, zero_method='wilcox', correction=True, method='approx',
    // alternative='greater') → pvalue 0.013546120860695302 (W+ = 77.5); two-sided
    // 0.027092241721390603.
    const d = [1.5, -0.5, 2, 2, 0, 3.5, -1, 1.5, 4, 0.5, 2, -2, 3, 1, 0]
    const greater = signedRankTest(d, 'greater')
    expect(greater).toMatchObject({ method: 'normal', n: 13, zeros: 2, ties: true })
    expect(greater.statistic).toBe(77.5)
    expect(greater.pValue).toBeCloseTo(0.013546120860695302, 6)
    expect(signedRankTest(d, 'two-sided').pValue).toBeCloseTo(0.027092241721390603, 6)
  })

  it('is within 0.01 of the exact p-value at n = 30 and 45', () => {
    for (const n of [30, 45]) {
      for (const seed of [1, 2, 3, 4]) {
        const d = signedSample(n, 1000 * n + seed)
        for (const alt of ['greater', 'two-sided'] as const) {
          const exact = signedRankTest(d, alt, 'exact').pValue
          const normal = signedRankTest(d, alt, 'normal').pValue
          expect(Math.abs(normal - exact), `n ${n} seed ${seed} ${alt}`).toBeLessThan(0.01)
        }
      }
    }
  })

  it('refuses an exact p-value when there are ties, and a list of zeros', () => {
    expect(() => signedRankTest([1, 1, 2], 'greater', 'exact')).toThrow(/ties/)
    expect(() => signedRankTest([0, 0])).toThrow(/non-zero/)
  })
})

describe('Mann–Whitney U, exact', () => {
  it('matches the enumeration of every split of the ranks for sizes up to 8 and 8', () => {
    const sizes = [
      [1, 1],
      [2, 3],
      [3, 5],
      [5, 3],
      [4, 7],
      [6, 6],
      [8, 8],
      [7, 2],
    ] as const
    for (const [m, n] of sizes) {
      for (const seed of [1, 2, 3]) {
        const values = signedSample(m + n, 50 * m + 7 * n + seed)
        const recent = values.slice(0, m)
        const baseline = values.slice(m)
        const greater = rankSumTest(recent, baseline, 'greater')
        expect(greater.method).toBe('exact')
        const { upper, lower } = rankSumTails(m, n, greater.statistic)
        expect(greater.pValue, `${m}×${n}`).toBeCloseTo(upper, 12)
        expect(rankSumTest(recent, baseline, 'two-sided').pValue).toBeCloseTo(
          Math.min(1, 2 * Math.min(upper, lower)),
          12,
        )
      }
    }
  })

  it("gives R's value for the two-sample example of ?wilcox.test", () => {
    // R 4.x, example(wilcox.test): Hollander & Wolfe (1973) p. 69, permeability constants;
    // wilcox.test(x, y, alternative = "g") prints W = 35, p-value = 0.1272, and with
    // conf.int = TRUE difference in location 0.305.
    const x = [0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46]
    const y = [1.15, 0.88, 0.9, 0.74, 1.21]
    const result = rankSumTest(x, y, 'greater')
    expect(result.statistic).toBe(35)
    expect(result.pValue).toBeCloseTo(0.1272, 4)
    expect(result.shift).toBeCloseTo(0.305, 10)
    expect(result.commonLanguage).toBeCloseTo(35 / 50, 12)
  })
})

describe('the Hodges–Lehmann shift of two samples', () => {
  it('is the median of every difference, for odd and even counts and with ties', () => {
    const random = createRandom(11)
    for (const [m, n] of [
      [7, 5],
      [40, 30],
      [301, 203],
      [250, 400],
    ] as const) {
      // Values on a coarse grid, so some differences tie.
      const draw = (k: number, offset: number) =>
        Array.from({ length: k }, () => Math.round(random.next() * 200) / 10 + offset)
      const recent = draw(m, 1.5)
      const baseline = draw(n, 0)
      const sorted = recent.flatMap((x) => baseline.map((y) => x - y)).sort((a, b) => a - b)
      const mid = sorted.length >> 1
      const expected =
        sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
      expect(rankSumTest(recent, baseline).shift, `${m}×${n}`).toBe(expected)
    }
  })
})

describe('Mann–Whitney U, normal approximation', () => {
  it('corrects for ties as SciPy does', () => {
    // scipy 1.17.1: mannwhitneyu(x, y, use_continuity=True, method='asymptotic',
    // alternative='greater') → statistic 74.0, pvalue 0.009524713778218376; two-sided
    // 0.01904942755643675.
    const x = [3, 5, 5, 7, 9, 9, 9, 12, 4]
    const y = [1, 2, 3, 3, 5, 6, 4, 4, 2, 8]
    const greater = rankSumTest(x, y, 'greater')
    expect(greater).toMatchObject({ method: 'normal', ties: true, statistic: 74 })
    expect(greater.pValue).toBeCloseTo(0.009524713778218376, 6)
    expect(rankSumTest(x, y, 'two-sided').pValue).toBeCloseTo(0.01904942755643675, 6)
  })

  it('is within 0.005 of the exact p-value for 30 recent against 40 baseline', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const random = createRandom(seed)
      const values = signedSample(70, 9000 + seed)
      // Shift the recent window by a varying amount so p-values spread over (0, 1).
      const recent = values.slice(0, 30).map((v) => v + 20 * random.next())
      const baseline = values.slice(30)
      for (const alt of ['greater', 'two-sided'] as const) {
        const exact = rankSumTest(recent, baseline, alt, 'exact').pValue
        const normal = rankSumTest(recent, baseline, alt, 'normal').pValue
        expect(Math.abs(normal - exact), `seed ${seed} ${alt}`).toBeLessThan(0.005)
      }
    }
  })
})

describe('the median selected in place', () => {
  it('equals the median of the sorted values, odd and even counts, with ties', () => {
    const random = createRandom(11)
    for (const n of [1, 2, 3, 4, 5, 10, 101, 1000, 1001]) {
      for (let round = 0; round < 5; round++) {
        // Values on a coarse grid so that ties are common.
        const values = Array.from({ length: n }, () => Math.round(random.normal() * 4) / 2)
        const sorted = [...values].sort((a, b) => a - b)
        const expected =
          n % 2 === 1 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2
        expect(medianInPlace(Float64Array.from(values)) === expected).toBe(true)
      }
    }
    expect(() => medianInPlace(new Float64Array(0))).toThrow(RangeError)
  })
})
