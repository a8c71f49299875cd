/**
 * The live degradation alarm: a one-sided (upper) tabular CUSUM on standardized residuals,
 * S_t = max(0, S_{t−1} + z_t − k), alarm when S_t > h (NIST handbook 6.3.2.3). With k = ½ and
 * h = 5 it detects a 1σ rise in about 10 fills and false-alarms about once in 900 fills.
 *
 * z_t = (actual_t − expected_t) / s_t, where s_t is the model's predicted dispersion of that
 * fill (or one robust scale for the whole series; see report.ts). A calibrated model gives z with
 * mean ≈ 0 and variance ≈ 1; a positive z means the fill cost more than expected.
 */

/** The reference value k (half the shift to detect, in σ) and the decision interval h. */
export const CUSUM_DEFAULTS = { k: 0.5, h: 5 } as const

export interface CusumOptions {
  readonly k?: number
  readonly h?: number
  /**
   * Start again from 0 after an alarm and keep watching. Without it S runs on, and a new alarm
   * is counted only once S has come back to 0 after the previous one (a new episode).
   */
  readonly resetAfterAlarm?: boolean
}

/** One alarm: where S first exceeded h, and where the run that led to it began. */
export interface CusumAlarm {
  /** The index of the fill at which S_t > h. */
  readonly index: number
  /**
   * The last index before the alarm where S was 0 (the estimated change point: the shift began
   * after it); −1 when S never returned to 0 since the series (or the last reset) started.
   */
  readonly changePointIndex: number
  /** changePointIndex + 1: the first fill of the rise, where a chart puts its marker. */
  readonly changeStartIndex: number
}

export interface CusumResult {
  readonly k: number
  readonly h: number
  /** S_t after each fill. */
  readonly statistic: number[]
  /** The first alarm, or null. */
  readonly firstAlarm: CusumAlarm | null
  /**
   * The latest alarm is still on: without reset, S has not come back to 0 since it; with
   * reset, it was raised at the last fill.
   */
  readonly active: boolean
  /** Every alarm: one per episode, or one per crossing of h with resetAfterAlarm. */
  readonly alarms: CusumAlarm[]
}

/** Runs the upper CUSUM over standardized residuals z in time order. */
export function cusum(z: readonly number[], options: CusumOptions = {}): CusumResult {
  const k = options.k ?? CUSUM_DEFAULTS.k
  const h = options.h ?? CUSUM_DEFAULTS.h
  if (!Number.isFinite(k) || k < 0) throw new RangeError(`CUSUM k must be ≥ 0; got ${k}`)
  if (!Number.isFinite(h) || h <= 0) throw new RangeError(`CUSUM h must be > 0; got ${h}`)
  const statistic: number[] = []
  const alarms: CusumAlarm[] = []
  let s = 0
  let lastZero = -1
  // Without reset: whether S came back to 0 since the latest alarm (a new one may be raised).
  let armed = true
  for (const [t, zt] of z.entries()) {
    if (!Number.isFinite(zt)) throw new RangeError(`CUSUM residual ${t} is not a number: ${zt}`)
    s = Math.max(0, s + zt - k)
    const alarm = s > h && armed
    if (alarm) alarms.push({ index: t, changePointIndex: lastZero, changeStartIndex: lastZero + 1 })
    statistic.push(s)
    if (alarm && options.resetAfterAlarm) {
      s = 0
      lastZero = t
    } else if (alarm) armed = false
    else if (s === 0) {
      lastZero = t
      armed = true
    }
  }
  const latest = alarms.at(-1)
  const active =
    latest !== undefined && (options.resetAfterAlarm ? latest.index === z.length - 1 : !armed)
  return { k, h, statistic, firstAlarm: alarms[0] ?? null, alarms, active }
}
