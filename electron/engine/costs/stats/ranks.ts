/**
 * Ranks with ties, the normal distribution, medians and quantiles: the small numeric pieces the
 * rank tests, the bootstrap and the degradation report share.
 */

/** Average ranks (1-based; tied values share the mean of their ranks) and the tie group sizes. */
export function averageRanks(values: readonly number[]): { ranks: number[]; ties: number[] } {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0])
  const ranks = new Array<number>(values.length).fill(0)
  const ties: number[] = []
  for (let start = 0; start < order.length;) {
    let end = start
    while (end + 1 < order.length && order[end + 1]![0] === order[start]![0]) end++
    const rank = (start + end + 2) / 2
    for (let j = start; j <= end; j++) ranks[order[j]![1]] = rank
    if (end > start) ties.push(end - start + 1)
    start = end + 1
  }
  return { ranks, ties }
}

/** Σ (t³ − t) over the tie groups: the tie correction of both rank tests' variances. */
export function tieSum(ties: readonly number[]): number {
  return ties.reduce((sum, t) => sum + t * t * t - t, 0)
}

/**
 * erfc(x) by the Chebyshev fit of Numerical Recipes (erfcc): relative error below 1.2e-7
 * everywhere, which keeps small tail probabilities accurate in relative terms.
 */
function erfc(x: number): number {
  const z = Math.abs(x)
  const t = 1 / (1 + 0.5 * z)
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t *
                              (-1.13520398 +
                                t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    )
  return x >= 0 ? r : 2 - r
}

/** P(Z ≤ z) for a standard normal Z. */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2)
}

/** P(Z ≥ z) for a standard normal Z, accurate in the upper tail. */
export function normalUpper(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2)
}

/** The median of a non-empty list (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  return quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  )
}

/**
 * The median of a non-empty array, reordering it: the k-th smallest by quickselect (Hoare's
 * partition around the middle value), and for an even count the mean of the middle two.
 */
export function medianInPlace(a: Float64Array): number {
  const n = a.length
  if (n === 0) throw new RangeError('median of no values')
  const upper = n >> 1
  const high = select(a, upper)
  if (n % 2 === 1) return high
  // After selecting, everything left of `upper` is no larger: the lower middle is their largest.
  let low = -Infinity
  for (let i = 0; i < upper; i++) if (a[i]! > low) low = a[i]!
  return (low + high) / 2
}

/** Reorders `a` so that a[k] is its k-th smallest value (0-based), smaller ones before it. */
function select(a: Float64Array, k: number): number {
  let left = 0
  let right = a.length - 1
  while (right > left) {
    const pivot = a[(left + right) >> 1]!
    let i = left
    let j = right
    while (i <= j) {
      while (a[i]! < pivot) i++
      while (a[j]! > pivot) j--
      if (i <= j) {
        const t = a[i]!
        a[i] = a[j]!
        a[j] = t
        i++
        j--
      }
    }
    if (k <= j) right = j
    else if (k >= i) left = i
    else break
  }
  return a[k]!
}

/** The q-quantile of sorted values by linear interpolation (R's type 7, NumPy's default). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new RangeError('quantile of no values')
  const h = (sorted.length - 1) * q
  const lo = Math.floor(h)
  const hi = Math.min(lo + 1, sorted.length - 1)
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!)
}

/** A p-value kept inside [0, 1] against rounding. */
export function clampP(p: number): number {
  return Math.min(1, Math.max(0, p))
}
