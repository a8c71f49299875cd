/**
 * A learned hour-of-week activity profile: how busy each of the 168 hours of the week is
 * against the week's average, from one-minute candle volumes.
 *
 * - Bucket: the UTC hour of the week, Monday 00:00–00:59 UTC = 0 … Sunday 23:00 = 167.
 * - Each bucket keeps an exponentially weighted mean of the volumes of the minutes that fell in
 *   it: every new minute of the bucket multiplies the bucket's earlier weights by
 *   λ = 2^(−1/halfLife), halfLife counted in that bucket's own minutes (default 240 = four
 *   weeks of that hour), with no seed bias (mean = Σ λ^k·v_k / Σ λ^k).
 * - Factor: bucket mean ÷ the average of the observed buckets' means, shrunk toward 1 by the
 *   bucket's effective count w (Σ λ^k): f' = (w·f + k) / (w + k), k = 15 minutes, so a bucket
 *   seen for a few minutes says little while a warm one (w ≈ 347 at the default half-life)
 *   keeps 96 % of its own figure; then all 168 scaled to average exactly 1. A bucket never seen
 *   has factor 1 before the rescale.
 * - State: 2 × 168 numbers and the last minute seen; it never grows, and round-trips through
 *   toJSON/fromJSON. A minute at or before the last one seen is ignored (a replay adds nothing).
 */

export const HOURS_PER_WEEK = 168
const HOUR_MS = 3_600_000
/** 1970-01-01 was a Thursday: hour 0 of the epoch is hour 72 of its week. */
const EPOCH_HOUR_OF_WEEK = 72
/** Default half-life, in a bucket's own minutes (four weeks of that hour). */
export const DEFAULT_HALF_LIFE_MINUTES = 240
/** Prior strength of the shrink toward 1, in minutes. */
export const SHRINK_MINUTES = 15

/** The UTC hour of the week of a time: Monday 00:00 UTC = 0 … Sunday 23:00 = 167. */
export function hourOfWeek(time: number): number {
  const hour = Math.floor(time / HOUR_MS)
  return (((hour + EPOCH_HOUR_OF_WEEK) % HOURS_PER_WEEK) + HOURS_PER_WEEK) % HOURS_PER_WEEK
}

/** The serialized profile. */
export interface ActivityProfileState {
  readonly version: 1
  readonly halfLifeMinutes: number
  /** Per bucket: Σ λ^k · volume. */
  readonly sums: readonly number[]
  /** Per bucket: Σ λ^k (the effective count). */
  readonly weights: readonly number[]
  /** Start of the last minute taken, epoch ms; null before the first. */
  readonly lastTime: number | null
}

/** The learned profile. */
export class ActivityProfile {
  readonly halfLifeMinutes: number
  private readonly decay: number
  private readonly sums = new Float64Array(HOURS_PER_WEEK)
  private readonly weights = new Float64Array(HOURS_PER_WEEK)
  private lastTime: number | null = null

  constructor(halfLifeMinutes = DEFAULT_HALF_LIFE_MINUTES) {
    if (!(halfLifeMinutes > 0) || !Number.isFinite(halfLifeMinutes))
      throw new RangeError(
        `The half-life must be a number of minutes above 0; got ${halfLifeMinutes}.`,
      )
    this.halfLifeMinutes = halfLifeMinutes
    this.decay = Math.pow(2, -1 / halfLifeMinutes)
  }

  /**
   * Takes one minute's volume (or another count of activity, such as its trades); false (and
   * nothing learned) for a minute not after the last one taken. A RangeError for a time or volume that is not a number (volume must be ≥ 0).
   */
  observe(time: number, volume: number): boolean {
    if (!Number.isFinite(time)) throw new RangeError(`The time ${time} is not a number.`)
    if (!Number.isFinite(volume) || volume < 0)
      throw new RangeError(`The volume at ${time} must be a number ≥ 0; got ${volume}.`)
    if (this.lastTime !== null && time <= this.lastTime) return false
    const b = hourOfWeek(time)
    this.sums[b] = (this.sums[b] as number) * this.decay + volume
    this.weights[b] = (this.weights[b] as number) * this.decay + 1
    this.lastTime = time
    return true
  }

  /** The effective number of minutes behind a bucket (Σ λ^k). */
  weight(bucket: number): number {
    return this.weights[bucket] ?? 0
  }

  /** The 168 factors, Monday 00:00 UTC first; they average 1 (all 1 before any volume). */
  factors(): number[] {
    let total = 0
    let seen = 0
    for (let b = 0; b < HOURS_PER_WEEK; b++) {
      const w = this.weights[b] as number
      if (w > 0) {
        total += (this.sums[b] as number) / w
        seen++
      }
    }
    const overall = seen > 0 ? total / seen : 0
    if (!(overall > 0)) return new Array<number>(HOURS_PER_WEEK).fill(1)
    const shrunk = Array.from(this.weights, (w, b) => {
      const f = w > 0 ? (this.sums[b] as number) / w / overall : 1
      return (w * f + SHRINK_MINUTES) / (w + SHRINK_MINUTES)
    })
    const mean = shrunk.reduce((s, f) => s + f, 0) / HOURS_PER_WEEK
    return shrunk.map((f) => f / mean)
  }

  /** The factor of the hour of the week a time falls in. */
  factorAt(time: number): number {
    return this.factors()[hourOfWeek(time)] as number
  }

  toJSON(): ActivityProfileState {
    return {
      version: 1,
      halfLifeMinutes: this.halfLifeMinutes,
      sums: Array.from(this.sums),
      weights: Array.from(this.weights),
      lastTime: this.lastTime,
    }
  }

  /** Restores a profile from toJSON(); a RangeError naming what is wrong with another value. */
  static fromJSON(value: unknown): ActivityProfile {
    const state = value as Partial<ActivityProfileState> | null
    if (typeof state !== 'object' || state === null || state.version !== 1)
      throw new RangeError('Not an activity profile: expected an object with version 1.')
    const profile = new ActivityProfile(state.halfLifeMinutes)
    for (const key of ['sums', 'weights'] as const) {
      const list = state[key]
      if (!Array.isArray(list) || list.length !== HOURS_PER_WEEK)
        throw new RangeError(
          `Activity profile: ${key} must be a list of ${HOURS_PER_WEEK} numbers.`,
        )
      if (!list.every((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0))
        throw new RangeError(`Activity profile: every one of ${key} must be a number ≥ 0.`)
      profile[key].set(list)
    }
    const last = state.lastTime
    if (last !== null && !(typeof last === 'number' && Number.isFinite(last)))
      throw new RangeError('Activity profile: lastTime must be a time in epoch ms or null.')
    profile.lastTime = last ?? null
    return profile
  }
}
