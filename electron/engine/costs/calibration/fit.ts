/**
 * Calibration of the expected-slippage model from the trader's own taker fills (reference
 * costs-and-validation §2.1):
 *
 *   actual_bps − walk_bps ≈ a · halfSpread_bps + Y · σ_D · √(Q/V) · 1e4
 *
 * a scales the crossing cost (1 when fills pay exactly the quoted half-spread), Y is the
 * square-root law's prefactor (reference §1.1: of order 0.5–1). The exponent δ is fixed at ½,
 * not fitted: with 30–300 fills it cannot be identified (the all-accounts TSE study needed about
 * 30 million metaorders for ±0.06, §1.1), the log–log form that estimates it needs positive
 * costs while small fills often cost nothing or less, and δ ≈ ½ is what the literature finds,
 * on Bitcoin too. Both a and Y enter linearly, so the fit is a two-column Huber regression
 * through the origin (huber.ts). The visible book walk is measured from the snapshot and taken
 * off with coefficient 1 (fill.ts).
 *
 * Below MIN_CALIBRATION_FILLS usable fills the answer is "not enough fills" and no coefficient:
 * a two-parameter fit wants 10–15 observations per parameter (§2.1, "≥ 20–30 fills before a
 * 1–2-parameter fit is trusted"), so 30. A bucket factor (an hour of the day, a size class)
 * multiplies the fitted model for the fills of its bucket, fitted the same robust way, and only
 * for a bucket with BUCKET_MIN_FILLS fills (Kissell's 25 per bucket, §2.1); below that the prior
 * factor 1 stands and the answer says why.
 */
import { calibrationRow, type CalibrationFill, type CalibrationRow } from './fill'
import { huberRegression } from './huber'

/** Fewer usable fills than this: "not enough fills", no coefficients. */
export const MIN_CALIBRATION_FILLS = 30
/** Fills a bucket needs before its own factor replaces the prior 1. */
export const BUCKET_MIN_FILLS = 25
/** Buckets reported, those with the most fills first; the rest are counted, not listed. */
export const MAX_BUCKETS = 48
/** Problems quoted in an answer (the rest are counted). */
const MAX_PROBLEMS = 10

/** A fitted coefficient and its standard error (sandwich, huber.ts). */
export interface Estimate {
  readonly value: number
  readonly standardError: number
}

/** A bucket's factor on the fitted model, or why it keeps the prior 1. */
export type BucketFactor =
  | { readonly bucket: string; readonly fills: number; readonly factor: Estimate }
  | {
      readonly bucket: string
      readonly fills: number
      readonly factor: null
      readonly reason: string
    }

/** Fills that could not be used, counted, with the first few reasons. */
export interface Rejected {
  readonly count: number
  readonly reasons: readonly { readonly index: number; readonly problem: string }[]
}

export type Calibration =
  | {
      readonly status: 'fitted'
      /** Usable fills the fit used. */
      readonly fills: number
      /** a: multiplies the half-spread (1 = fills pay the quoted half-spread). */
      readonly spread: Estimate
      /** Y: the square-root law's prefactor, exponent fixed at ½. */
      readonly impact: Estimate
      /** Robust scale of the residuals, bps (1.4826 · MAD): the model's dispersion. */
      readonly residualScaleBps: number
      /** Fills the robust fit gave less than full weight (large residuals). */
      readonly downweighted: number
      readonly iterations: number
      readonly converged: boolean
      readonly buckets: readonly BucketFactor[]
      /** Buckets beyond MAX_BUCKETS, not listed. */
      readonly bucketsLeftOut: number
      readonly rejected: Rejected
    }
  | {
      readonly status: 'not-enough-fills'
      readonly fills: number
      readonly need: number
      readonly reason: string
      readonly rejected: Rejected
    }
  | {
      readonly status: 'not-identifiable'
      readonly fills: number
      readonly reason: string
      readonly rejected: Rejected
    }

/** Checks the fills and fits them (see the file's comment). Pure; never throws on bad fills. */
export function fitCalibration(fills: readonly CalibrationFill[]): Calibration {
  const rows: CalibrationRow[] = []
  const reasons: { index: number; problem: string }[] = []
  let count = 0
  fills.forEach((fill, index) => {
    const checked = calibrationRow(fill)
    if ('row' in checked) rows.push(checked.row)
    else {
      count++
      if (reasons.length < MAX_PROBLEMS) reasons.push({ index, problem: checked.problem })
    }
  })
  return fitRows(rows, { count, reasons })
}

/** The fit of rows already checked (the window's incremental path). */
export function fitRows(
  rows: readonly CalibrationRow[],
  rejected: Rejected = { count: 0, reasons: [] },
): Calibration {
  const n = rows.length
  if (n < MIN_CALIBRATION_FILLS)
    return {
      status: 'not-enough-fills',
      fills: n,
      need: MIN_CALIBRATION_FILLS,
      reason: `Not enough fills: ${n} usable taker fill${n === 1 ? '' : 's'}, the fit needs ${MIN_CALIBRATION_FILLS}.`,
      rejected,
    }
  const y = new Float64Array(n)
  const spread = new Float64Array(n)
  const x = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const row = rows[i]!
    y[i] = row.y
    spread[i] = row.halfSpread
    x[i] = row.x
  }
  const fit = huberRegression([spread, x], y)
  if (fit === null)
    return {
      status: 'not-identifiable',
      fills: n,
      reason:
        'The fills do not separate the spread from the impact: their half-spread and size move together (or are all zero). Fills of different sizes are needed.',
      rejected,
    }
  const [a, impact] = fit.coefficients as [number, number]
  const [seA, seImpact] = fit.standardErrors as [number, number]
  const { buckets, leftOut } = bucketFactors(rows, a, impact)
  return {
    status: 'fitted',
    fills: n,
    spread: { value: a, standardError: seA },
    impact: { value: impact, standardError: seImpact },
    residualScaleBps: fit.scale,
    downweighted: fit.downweighted,
    iterations: fit.iterations,
    converged: fit.converged,
    buckets,
    bucketsLeftOut: leftOut,
    rejected,
  }
}

/**
 * Each bucket's factor f in y ≈ f · (a · halfSpread + Y · x), by the same robust fit. Its
 * standard error takes a and Y as known (their error is small beside a 25-fill bucket's).
 */
function bucketFactors(
  rows: readonly CalibrationRow[],
  a: number,
  impact: number,
): { buckets: BucketFactor[]; leftOut: number } {
  const groups = new Map<string, CalibrationRow[]>()
  for (const row of rows) {
    if (row.bucket === null) continue
    const group = groups.get(row.bucket)
    if (group) group.push(row)
    else groups.set(row.bucket, [row])
  }
  const ordered = [...groups.entries()].sort(
    (p, q) => q[1].length - p[1].length || (p[0] < q[0] ? -1 : p[0] > q[0] ? 1 : 0),
  )
  const buckets = ordered.slice(0, MAX_BUCKETS).map(([bucket, group]): BucketFactor => {
    const fills = group.length
    if (fills < BUCKET_MIN_FILLS)
      return {
        bucket,
        fills,
        factor: null,
        reason: `${fills} fill${fills === 1 ? '' : 's'} in this bucket, a factor needs ${BUCKET_MIN_FILLS}: the prior 1 stands.`,
      }
    const model = Float64Array.from(group, (r) => a * r.halfSpread + impact * r.x)
    const fit = huberRegression(
      [model],
      Float64Array.from(group, (r) => r.y),
    )
    if (fit === null)
      return {
        bucket,
        fills,
        factor: null,
        reason: 'The model expects no cost for these fills: no factor to fit.',
      }
    return {
      bucket,
      fills,
      factor: { value: fit.coefficients[0]!, standardError: fit.standardErrors[0]! },
    }
  })
  return { buckets, leftOut: Math.max(0, ordered.length - MAX_BUCKETS) }
}
