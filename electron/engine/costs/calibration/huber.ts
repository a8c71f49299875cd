/**
 * Huber M-regression through the origin with one or two regressors, by iteratively reweighted
 * least squares (IRLS), and its sandwich standard errors.
 *
 * Why Huber: a trader's costs have a few wild fills (a quote that moved in flight, a thin
 * moment), which pull least squares anywhere. Theil–Sen (breakdown ≈ 29 %) is defined for one
 * regressor and costs O(n²) pairs, out of reach at 100,000 fills; Huber fits both coefficients
 * in O(n) per iteration, is convex (one optimum for a given scale, whatever the start) and keeps
 * least squares' efficiency on clean data. It bounds the influence of a large residual, not of a
 * far-out regressor (leverage): the inputs are checked (fill.ts) so that x stays physical.
 *
 * Tuning constant c = 1.345 (in units of the residual scale): 95 % efficiency against least
 * squares when the errors are normal, the usual choice (Huber 1981; scikit-learn's
 * HuberRegressor default ε = 1.35 is the same constant rounded). Scale: 1.4826 · median |r|,
 * re-estimated every iteration (MAD about 0, as statsmodels' RLM does), so that the cut-off
 * follows the fit rather than the outliers; floored at 1e-9 bps so exact data does not divide
 * by zero.
 *
 * Standard errors: the M-estimator sandwich (Huber 1967), cov = s² · A⁻¹ B A⁻¹ · n/(n − p) with
 * A = Σ ψ′(uᵢ) xᵢxᵢᵀ and B = Σ ψ(uᵢ)² xᵢxᵢᵀ, uᵢ = rᵢ/s. It stays valid when the dispersion grows
 * with the order's size (costs are heteroscedastic), costs O(n), and needs no resampling: a
 * bootstrap would multiply the fit's cost by its replicate count, out of the 1 s budget at
 * 100,000 fills. n/(n − p) is the usual small-sample correction (HC1).
 */

/** Huber's tuning constant, in units of the residual scale. */
export const HUBER_C = 1.345
/** 1 / Φ⁻¹(3/4): turns a median absolute residual into a normal standard deviation. */
const MAD_TO_SD = 1.482602218505602
const MIN_SCALE = 1e-9
const MAX_ITERATIONS = 100
const TOLERANCE = 1e-10

export interface HuberFit {
  readonly coefficients: number[]
  readonly standardErrors: number[]
  /** The robust residual scale s (the residuals' units). */
  readonly scale: number
  /** Observations given weight below 1 (residual beyond c · s). */
  readonly downweighted: number
  readonly iterations: number
  readonly converged: boolean
}

/** Solves the p×p system (p = 1 or 2) m · b = v; null when m is singular. */
function solve(m: number[], v: number[]): number[] | null {
  if (v.length === 1) {
    const d = m[0]!
    return d > 0 ? [v[0]! / d] : null
  }
  const [a, b, c, d] = m as [number, number, number, number]
  const det = a * d - b * c
  // Singular when the determinant is lost in rounding against the diagonal's size.
  if (!(Math.abs(det) > 1e-12 * Math.abs(a * d))) return null
  return [(d * v[0]! - b * v[1]!) / det, (a * v[1]! - c * v[0]!) / det]
}

/** The p×p inverse (p = 1 or 2), row-major; null when singular. */
function inverse(m: number[]): number[] | null {
  if (m.length === 1) return m[0]! > 0 ? [1 / m[0]!] : null
  const [a, b, c, d] = m as [number, number, number, number]
  const det = a * d - b * c
  if (!(Math.abs(det) > 1e-12 * Math.abs(a * d))) return null
  return [d / det, -b / det, -c / det, a / det]
}

function multiply(p: number, x: number[], y: number[]): number[] {
  const out = new Array<number>(p * p).fill(0)
  for (let i = 0; i < p; i++)
    for (let j = 0; j < p; j++) {
      let sum = 0
      for (let k = 0; k < p; k++) sum += x[i * p + k]! * y[k * p + j]!
      out[i * p + j] = sum
    }
  return out
}

/** Weighted normal equations Σ wᵢ xᵢxᵢᵀ · b = Σ wᵢ xᵢ yᵢ. */
function weightedLeastSquares(
  columns: readonly Float64Array[],
  y: Float64Array,
  weights: Float64Array | null,
): number[] | null {
  const p = columns.length
  const n = y.length
  const m = new Array<number>(p * p).fill(0)
  const v = new Array<number>(p).fill(0)
  const x0 = columns[0]!
  const x1 = p === 2 ? columns[1]! : null
  for (let i = 0; i < n; i++) {
    const w = weights === null ? 1 : weights[i]!
    const a = x0[i]!
    if (x1 === null) {
      m[0]! += w * a * a
      v[0]! += w * a * y[i]!
    } else {
      const b = x1[i]!
      m[0]! += w * a * a
      m[1]! += w * a * b
      m[3]! += w * b * b
      v[0]! += w * a * y[i]!
      v[1]! += w * b * y[i]!
    }
  }
  if (p === 2) m[2] = m[1]!
  return solve(m, v)
}

function residuals(
  columns: readonly Float64Array[],
  y: Float64Array,
  beta: number[],
  out: Float64Array,
): void {
  const x0 = columns[0]!
  const x1 = columns.length === 2 ? columns[1]! : null
  const b0 = beta[0]!
  const b1 = beta[1] ?? 0
  for (let i = 0; i < y.length; i++) out[i] = y[i]! - b0 * x0[i]! - (x1 === null ? 0 : b1 * x1[i]!)
}

/**
 * Puts the k-th smallest of a[0..n) at a[k], smaller ones before it and larger ones after
 * (Hoare's selection, median-of-three pivot): O(n) on average, where a sort is O(n log n).
 */
function select(a: Float64Array, k: number): void {
  let lo = 0
  let hi = a.length - 1
  while (hi > lo) {
    const mid = (lo + hi) >> 1
    // Median of three as the pivot, moved to a[lo].
    if (a[mid]! < a[lo]!) swap(a, mid, lo)
    if (a[hi]! < a[lo]!) swap(a, hi, lo)
    if (a[hi]! < a[mid]!) swap(a, hi, mid)
    swap(a, lo, mid)
    const pivot = a[lo]!
    let i = lo
    let j = hi + 1
    for (;;) {
      do i++
      while (i <= hi && a[i]! < pivot)
      do j--
      while (a[j]! > pivot)
      if (i >= j) break
      swap(a, i, j)
    }
    swap(a, lo, j)
    if (j === k) return
    if (j < k) lo = j + 1
    else hi = j - 1
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!
  a[i] = a[j]!
  a[j] = t
}

/** 1.4826 · median |r|, at least MIN_SCALE. */
function madScale(r: Float64Array, scratch: Float64Array): number {
  const n = r.length
  for (let i = 0; i < n; i++) scratch[i] = Math.abs(r[i]!)
  const mid = n >> 1
  select(scratch, mid)
  let med = scratch[mid]!
  if (n % 2 === 0) {
    // The other middle value is the largest of the lower half.
    let below = scratch[0]!
    for (let i = 1; i < mid; i++) if (scratch[i]! > below) below = scratch[i]!
    med = (below + med) / 2
  }
  return Math.max(MIN_SCALE, MAD_TO_SD * med)
}

/**
 * The Huber fit of y on the columns (no intercept), or null when the columns do not identify
 * the coefficients (one column a multiple of the other, or all zero). Needs y.length > p.
 */
export function huberRegression(
  columns: readonly Float64Array[],
  y: Float64Array,
): HuberFit | null {
  const p = columns.length
  const n = y.length
  if ((p !== 1 && p !== 2) || n <= p) return null
  let beta = weightedLeastSquares(columns, y, null)
  if (beta === null) return null
  const r = new Float64Array(n)
  const scratch = new Float64Array(n)
  const weights = new Float64Array(n)
  let scale = MIN_SCALE
  let iterations = 0
  let converged = false
  while (iterations < MAX_ITERATIONS) {
    iterations++
    residuals(columns, y, beta, r)
    scale = madScale(r, scratch)
    const cut = HUBER_C * scale
    for (let i = 0; i < n; i++) {
      const a = Math.abs(r[i]!)
      weights[i] = a <= cut ? 1 : cut / a
    }
    const next = weightedLeastSquares(columns, y, weights)
    if (next === null) return null
    const step = Math.max(...next.map((b, k) => Math.abs(b - beta![k]!) / (1 + Math.abs(b))))
    beta = next
    if (step <= TOLERANCE) {
      converged = true
      break
    }
  }
  residuals(columns, y, beta, r)
  // The sandwich at the final fit, with the scale the last weights used.
  const a = new Array<number>(p * p).fill(0)
  const b = new Array<number>(p * p).fill(0)
  let downweighted = 0
  for (let i = 0; i < n; i++) {
    const u = r[i]! / scale
    const inside = Math.abs(u) <= HUBER_C
    if (!inside) downweighted++
    const psi = inside ? u : Math.sign(u) * HUBER_C
    for (let j = 0; j < p; j++)
      for (let k = 0; k < p; k++) {
        const xx = columns[j]![i]! * columns[k]![i]!
        if (inside) a[j * p + k]! += xx
        b[j * p + k]! += psi * psi * xx
      }
  }
  const aInv = inverse(a)
  if (aInv === null) return null
  const cov = multiply(p, multiply(p, aInv, b), aInv)
  const factor = (scale * scale * n) / (n - p)
  const standardErrors = beta.map((_, k) => Math.sqrt(Math.max(0, cov[k * p + k]! * factor)))
  return { coefficients: beta, standardErrors, scale, downweighted, iterations, converged }
}
