/**
 * A percentile bootstrap interval on the median of actual/expected: how much more (or less)
 * than the model's expectation fills cost, with its uncertainty. Seeded, so the same fills give
 * the same interval.
 *
 * Ratios are taken only where the expectation is at least MIN_EXPECTED_BPS: near zero the ratio
 * explodes (and a negative expectation flips its meaning), so those fills are left out of this
 * figure (counted in `excluded`) and stay in the rank tests, which use differences.
 */
import { createRandom } from '../../core'
import { medianInPlace, normalCdf, quantile } from './ranks'

/** Expected costs below this (bps) give no ratio. */
export const MIN_EXPECTED_BPS = 0.5
export const BOOTSTRAP_DEFAULTS = { resamples: 4999, confidence: 0.95, seed: 1 } as const
/**
 * Above this many values resampling (n × resamples draws) gets slow, and the distribution-free
 * order-statistic interval of the median gives the same answer at that size: medianInterval
 * uses it there.
 */
export const BOOTSTRAP_MAX_VALUES = 2000

export interface BootstrapOptions {
  readonly resamples?: number
  readonly confidence?: number
  readonly seed?: number
}

export interface MedianInterval {
  readonly method: 'bootstrap' | 'order-statistic'
  readonly median: number
  readonly lower: number
  readonly upper: number
  readonly confidence: number
  readonly resamples: number
  readonly seed: number
}

/** The percentile bootstrap interval of the median of values (non-empty). */
export function bootstrapMedian(
  values: readonly number[],
  options: BootstrapOptions = {},
): MedianInterval {
  const resamples = options.resamples ?? BOOTSTRAP_DEFAULTS.resamples
  const confidence = options.confidence ?? BOOTSTRAP_DEFAULTS.confidence
  const seed = options.seed ?? BOOTSTRAP_DEFAULTS.seed
  if (values.length === 0) throw new RangeError('a bootstrap needs at least one value')
  if (!Number.isInteger(resamples) || resamples < 1)
    throw new RangeError(`resamples must be a whole number ≥ 1; got ${resamples}`)
  if (!(confidence > 0 && confidence < 1))
    throw new RangeError(`confidence must be between 0 and 1; got ${confidence}`)
  const random = createRandom(seed)
  const n = values.length
  const sample = new Float64Array(n)
  const medians = new Float64Array(resamples)
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < n; i++) sample[i] = values[Math.floor(random.next() * n)]!
    medians[b] = medianInPlace(sample)
  }
  medians.sort()
  const sorted = Array.from(medians)
  const alpha = (1 - confidence) / 2
  return {
    method: 'bootstrap',
    median: medianInPlace(Float64Array.from(values)),
    lower: quantile(sorted, alpha),
    upper: quantile(sorted, 1 - alpha),
    confidence,
    resamples,
    seed,
  }
}

/**
 * The percentile bootstrap up to BOOTSTRAP_MAX_VALUES values; above, the order-statistic
 * interval: the values ranked n/2 ∓ z·√n/2 (the binomial(n, ½) count below the median, normal
 * approximation), with no resampling (resamples 0).
 */
export function medianInterval(
  values: readonly number[],
  options: BootstrapOptions = {},
): MedianInterval {
  if (values.length <= BOOTSTRAP_MAX_VALUES) return bootstrapMedian(values, options)
  const confidence = options.confidence ?? BOOTSTRAP_DEFAULTS.confidence
  if (!(confidence > 0 && confidence < 1))
    throw new RangeError(`confidence must be between 0 and 1; got ${confidence}`)
  const sorted = [...values].sort((a, b) => a - b)
  const n = sorted.length
  const half = (normalQuantile(1 - (1 - confidence) / 2) * Math.sqrt(n)) / 2
  return {
    method: 'order-statistic',
    median: quantile(sorted, 0.5),
    lower: sorted[Math.max(0, Math.floor(n / 2 - half))]!,
    upper: sorted[Math.min(n - 1, Math.ceil(n / 2 + half) - 1)]!,
    confidence,
    resamples: 0,
    seed: options.seed ?? BOOTSTRAP_DEFAULTS.seed,
  }
}

/** The standard normal quantile by bisection (enough for an interval's rank). */
function normalQuantile(p: number): number {
  let lo = -10
  let hi = 10
  for (let i = 0; i < 80; i++) {
    const mid = (lo + hi) / 2
    if (normalCdf(mid) < p) lo = mid
    else hi = mid
  }
  return (lo + hi) / 2
}

/** actual/expected for the fills whose expectation is at least MIN_EXPECTED_BPS. */
export function costRatios(fills: readonly { expectedBps: number; actualBps: number }[]): {
  ratios: number[]
  excluded: number
} {
  const ratios: number[] = []
  for (const f of fills)
    if (f.expectedBps >= MIN_EXPECTED_BPS) ratios.push(f.actualBps / f.expectedBps)
  return { ratios, excluded: fills.length - ratios.length }
}
