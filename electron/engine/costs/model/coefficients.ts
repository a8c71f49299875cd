/**
 * The coefficients of the expected-slippage model, with their defaults and where each comes
 * from. Calibration from the trader's own fills replaces them (the spread and impact
 * coefficients first: the reference fixes the exponent at ½ and fits those two).
 */

/** The model's coefficients. */
export interface SlippageCoefficients {
  /**
   * a: multiplies the half-spread. Default 1: a marketable order pays the touch, half the
   * quoted spread from the mid (costs-and-validation.md §1.10, first term).
   */
  readonly spread: number
  /**
   * Y: the prefactor of the square-root law Y·σ_D·√(Q/V). Default 0.7, the prior of
   * costs-and-validation.md §2.1 (N(0.7, 0.3²)) and the middle of the 0.5–1 quoted in
   * quant.md §4.1. The paper exchange's own value is 0.5: calibration is to recover it.
   */
  readonly impact: number
  /** The prior standard deviation of Y (0.3, §2.1): it sets the band. */
  readonly impactSd: number
  /**
   * c_lat: the share of the in-flight move's σ that goes against a marketable order (quotes
   * fade). Default 0.5: §1.10 has the term without a value; half a σ is a middle guess between
   * no fade (0, as on the paper exchange, whose drift is symmetric) and a full σ.
   */
  readonly latency: number
  /**
   * Time from intent to match, ms, when the features do not say. Default 250 ms: a venue's
   * round trip over a home connection (the paper exchange answers after 50 ms).
   */
  readonly latencyMs: number
  /**
   * E[high − low] of a bar over its σ: σ_bar ≈ ATR / (rangeToSigma · price). Default 1.6, the
   * range of a driftless diffusion (costs-and-validation.md §1.9; the true range is at least the
   * range, so σ comes out slightly high).
   */
  readonly rangeToSigma: number
  /**
   * The exponent of the hour's activity in the impact: V at this hour is V·activity, so the
   * square-root law gives impact × activity^(−½). Default 0.5, the law's own exponent.
   */
  readonly timeOfDay: number
  /** ATR / its longer average below this is a calm regime (default 0.8). */
  readonly calmBelow: number
  /** ATR / its longer average above this is a volatile regime (default 1.25). */
  readonly volatileAbove: number
  /**
   * The regime multiplies σ in the impact by ATR / its longer average, kept within
   * [regimeMin, regimeMax] (default 0.5 and 2.5) so one odd minute cannot dominate.
   */
  readonly regimeMin: number
  readonly regimeMax: number
  /** z of the band's ends: 1.2816, the 10 % and 90 % points of a normal. */
  readonly bandZ: number
}

/** The defaults, each explained on its field above. */
export const DEFAULT_SLIPPAGE_COEFFICIENTS: SlippageCoefficients = Object.freeze({
  spread: 1,
  impact: 0.7,
  impactSd: 0.3,
  latency: 0.5,
  latencyMs: 250,
  rangeToSigma: 1.6,
  timeOfDay: 0.5,
  calmBelow: 0.8,
  volatileAbove: 1.25,
  regimeMin: 0.5,
  regimeMax: 2.5,
  bandZ: 1.2816,
})

/** Why a set of coefficients cannot be used, or null when it can. */
export function coefficientsProblem(c: SlippageCoefficients): string | null {
  for (const [key, value] of Object.entries(c))
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
      return `coefficient ${key} must be a finite number ≥ 0; got ${String(value)}`
  if (!(c.rangeToSigma > 0)) return 'coefficient rangeToSigma must be above 0'
  if (!(c.calmBelow <= c.volatileAbove))
    return `calmBelow (${c.calmBelow}) must not be above volatileAbove (${c.volatileAbove})`
  if (!(c.regimeMin > 0 && c.regimeMin <= c.regimeMax))
    return `regimeMin (${c.regimeMin}) must be above 0 and not above regimeMax (${c.regimeMax})`
  return null
}
