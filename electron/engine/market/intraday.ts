/**
 * The time-of-day pattern of the simulated market: how busy and how volatile each UTC hour is,
 * relative to the day's average. Crypto trades around the clock but not evenly: activity is
 * lowest in the late Asian night (04:00–06:00 UTC) and peaks when the US opens while Europe is
 * still at work (13:00–16:00 UTC).
 */

/**
 * Relative activity of each UTC hour (index 0 = 00:00–00:59 UTC), 24 entries. The simulator
 * normalizes both rows, so only their shape matters: volume to a mean of 1 (so the instrument's
 * volumePerSecond stays the day's average) and volatility to a root-mean-square of 1 (so its
 * annualVolatility stays the day's average).
 */
export interface IntradayProfile {
  /** Traded volume per hour, relative. */
  readonly volume: readonly number[]
  /** Standard deviation of returns per hour, relative. */
  readonly volatility: readonly number[]
}

const ACTIVITY = [
  0.9, 0.85, 0.8, 0.75, 0.7, 0.7, 0.75, 0.85, 0.95, 1, 1, 1.05, 1.15, 1.35, 1.55, 1.6, 1.5, 1.3,
  1.15, 1.05, 1, 0.95, 0.9, 0.9,
]

/**
 * The default profile of every instrument: volume follows activity, and variance too (returns
 * scale with the square root of the number of trades), so volatility is its square root.
 */
export const DEFAULT_INTRADAY: IntradayProfile = {
  volume: ACTIVITY,
  volatility: ACTIVITY.map(Math.sqrt),
}

/** A profile scaled as the simulator uses it: volume with mean 1, volatility with RMS 1. */
export function normalizeIntraday(profile: IntradayProfile): IntradayProfile {
  const check = (row: readonly number[], name: string): void => {
    if (row.length !== 24 || row.some((v) => !(v > 0) || !Number.isFinite(v)))
      throw new Error(`The intraday ${name} profile needs 24 positive numbers, one per UTC hour`)
  }
  check(profile.volume, 'volume')
  check(profile.volatility, 'volatility')
  const mean = profile.volume.reduce((a, b) => a + b, 0) / 24
  const rms = Math.sqrt(profile.volatility.reduce((a, b) => a + b * b, 0) / 24)
  return {
    volume: profile.volume.map((v) => v / mean),
    volatility: profile.volatility.map((v) => v / rms),
  }
}
