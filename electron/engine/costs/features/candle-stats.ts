/**
 * Two features of one-minute candles: realized volatility and 24-hour volume.
 */

/** What these features read from a candle (shared/types Candle has all of it). */
export interface MinuteCandle {
  /** Start of the minute, epoch milliseconds. */
  readonly time: number
  readonly close: number
  /** Base units traded in the minute. */
  readonly volume: number
}

const MINUTE_MS = 60_000
/** Minutes in a day and in a 365-day year: crypto trades around the clock. */
export const MINUTES_PER_DAY = 1440
export const MINUTES_PER_YEAR = 365 * MINUTES_PER_DAY

/** Realized volatility over a window, with how many returns it rests on. */
export interface RealizedVolatility {
  /** Log returns used. */
  readonly returns: number
  /** Returns left out because they spanned a gap (the candles were not one minute apart). */
  readonly gaps: number
  /** σ of a one-minute log return: √(Σ r² / N), a fraction (0.001 = 0.1 %). */
  readonly perMinute: number
  /** perMinute · √1440. */
  readonly daily: number
  /** perMinute · √525600 (365 days of 1,440 minutes). */
  readonly annualized: number
}

/**
 * Realized volatility of the last `window` one-minute log returns r = ln(C_i / C_(i−1)) of the
 * candles (oldest first): the root mean square σ = √(Σ r² / N), with no mean subtracted (the
 * usual realized-variance convention: the drift of a minute is negligible against its noise),
 * scaled by √t to a day and a 365-day year, as a fraction (not a percent). A pair of candles
 * further apart than one minute gives no return (a gap is not a minute's move) and is counted in
 * `gaps`. Null when no return is left, or when a close is not a positive number.
 */
export function realizedVolatility(
  candles: readonly MinuteCandle[],
  window = 60,
): RealizedVolatility | null {
  if (!Number.isInteger(window) || window < 1)
    throw new RangeError(
      `The volatility window must be a whole number of minutes ≥ 1; got ${window}.`,
    )
  let sum = 0
  let returns = 0
  let gaps = 0
  for (let i = candles.length - 1; i > 0 && returns + gaps < window; i--) {
    const now = candles[i] as MinuteCandle
    const before = candles[i - 1] as MinuteCandle
    if (!(now.close > 0) || !(before.close > 0) || !Number.isFinite(now.close)) return null
    if (now.time - before.time !== MINUTE_MS) {
      gaps++
      continue
    }
    const r = Math.log(now.close / before.close)
    sum += r * r
    returns++
  }
  if (returns === 0) return null
  const perMinute = Math.sqrt(sum / returns)
  return {
    returns,
    gaps,
    perMinute,
    daily: perMinute * Math.sqrt(MINUTES_PER_DAY),
    annualized: perMinute * Math.sqrt(MINUTES_PER_YEAR),
  }
}

/** Volume of the last 24 hours and how much of the day the candles cover. */
export interface DayVolume {
  /** Sum of the volumes of the candles in the window, base units. */
  readonly volume: number
  /** Candles in the window (1,440 when no minute is missing). */
  readonly minutes: number
  /** True when all 1,440 minutes are there. */
  readonly complete: boolean
}

/**
 * 24-hour volume: the sum of the volumes of the candles that start in the 1,440 minutes ending
 * with the last candle (its start − 23 h 59 min … its start), by time rather than by count, so a
 * missing minute makes the sum short (and `complete` false) instead of reaching back further.
 * Zero and complete false for no candles. A RangeError for a negative or non-finite volume.
 */
export function dayVolume(candles: readonly MinuteCandle[]): DayVolume {
  const last = candles.at(-1)
  if (!last) return { volume: 0, minutes: 0, complete: false }
  const from = last.time - (MINUTES_PER_DAY - 1) * MINUTE_MS
  let volume = 0
  let minutes = 0
  for (let i = candles.length - 1; i >= 0; i--) {
    const c = candles[i] as MinuteCandle
    if (c.time < from) break
    if (!Number.isFinite(c.volume) || c.volume < 0)
      throw new RangeError(`Candle at ${c.time}: volume ${c.volume} is not a number ≥ 0.`)
    volume += c.volume
    minutes++
  }
  return { volume, minutes, complete: minutes === MINUTES_PER_DAY }
}
