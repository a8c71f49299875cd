/**
 * Average True Range exactly as TA-Lib computes it (`ta_ATR.c`, `ta_TRANGE.c`):
 *
 * - True range of bar i ≥ 1: max(H_i − L_i, |H_i − C_(i−1)|, |L_i − C_(i−1)|). Bar 0 has none
 *   (TA-Lib ignores the first bar rather than taking its high − low).
 * - The first ATR is the plain average of TR_1 … TR_n and belongs to bar n (the lookback is n).
 * - After it, Wilder smoothing: ATR_i = (ATR_(i−1)·(n − 1) + TR_i) / n, done as TA-Lib does it,
 *   in three steps (× (n − 1), + TR, ÷ n), so the numbers are TA-Lib's to the last bit of a
 *   double (about 1e-15 relative; the inputs' own rounding dominates any comparison).
 * - ATR as a percent of price is TA-Lib's NATR: 100 · ATR_i / C_i.
 *
 * The batch function and the streaming class run the same arithmetic in the same order, so they
 * agree exactly. With n = 14 the seed's influence fades as (13/14)^k: show ATR after ≥ 4n bars.
 */

/** The prices ATR reads from a candle. */
export interface AtrCandle {
  /** Epoch milliseconds; carried through to the output. */
  readonly time: number
  readonly high: number
  readonly low: number
  readonly close: number
}

/** One ATR value. */
export interface AtrPoint {
  /** Index of the candle in the input. */
  readonly index: number
  readonly time: number
  /** In price units. */
  readonly atr: number
  /** 100 · atr / close; null when the close is 0. */
  readonly atrPercent: number | null
}

/** An ATR series, with the reason when it is empty. */
export interface AtrSeries {
  readonly period: number
  readonly points: readonly AtrPoint[]
  readonly reason?: string
}

/** The allowed periods. */
export const MIN_ATR_PERIOD = 1
export const MAX_ATR_PERIOD = 1000
export const DEFAULT_ATR_PERIOD = 14

/** Why a candle cannot be used, or null when it can. */
export function candleProblem(c: AtrCandle): string | null {
  for (const key of ['high', 'low', 'close'] as const) {
    if (!Number.isFinite(c[key])) return `${key} is not a finite number`
    if (c[key] < 0) return `${key} is negative`
  }
  if (c.high < c.low) return `high ${c.high} is below low ${c.low}`
  if (c.close > c.high || c.close < c.low)
    return `close ${c.close} is outside the bar's range ${c.low}..${c.high}`
  return null
}

function checkPeriod(period: number): void {
  if (!Number.isInteger(period) || period < MIN_ATR_PERIOD || period > MAX_ATR_PERIOD)
    throw new RangeError(
      `The ATR period must be a whole number from ${MIN_ATR_PERIOD} to ${MAX_ATR_PERIOD}; got ${period}.`,
    )
}

/** TA-Lib's true range of a bar given the previous close. */
export function trueRange(high: number, low: number, previousClose: number): number {
  let range = high - low
  const up = Math.abs(high - previousClose)
  if (up > range) range = up
  const down = Math.abs(low - previousClose)
  if (down > range) range = down
  return range
}

/**
 * ATR feed one candle at a time: push() gives the value for that candle (null during the first
 * `period` candles). Its state is five numbers and round-trips through toJSON/fromJSON.
 */
export class AtrStream {
  readonly period: number
  private count = 0
  private previousClose = 0
  private sum = 0
  private atr = 0

  constructor(period: number = DEFAULT_ATR_PERIOD) {
    checkPeriod(period)
    this.period = period
  }

  /** The latest ATR, or null before the first one. */
  get value(): number | null {
    return this.count > this.period ? this.atr : null
  }

  /** Feeds the next candle; throws a RangeError (and keeps its state) for one it cannot use. */
  push(candle: AtrCandle): number | null {
    const problem = candleProblem(candle)
    if (problem !== null) throw new RangeError(`Candle at ${candle.time}: ${problem}.`)
    const n = this.period
    if (this.count > 0) {
      const tr = trueRange(candle.high, candle.low, this.previousClose)
      if (this.count < n) this.sum += tr
      else if (this.count === n) {
        this.sum += tr
        this.atr = this.sum / n
      } else {
        // TA-Lib's order of operations, kept for bit-exactness.
        this.atr *= n - 1
        this.atr += tr
        this.atr /= n
      }
    }
    this.previousClose = candle.close
    this.count++
    return this.value
  }

  toJSON(): AtrStreamState {
    const { period, count, previousClose, sum, atr } = this
    return { period, count, previousClose, sum, atr }
  }

  /** Restores a stream from toJSON(); a RangeError for a state that is not one. */
  static fromJSON(state: AtrStreamState): AtrStream {
    const stream = new AtrStream(state.period)
    const { count, previousClose, sum, atr } = state
    if (!Number.isInteger(count) || count < 0)
      throw new RangeError(`ATR state: count must be a whole number ≥ 0, got ${count}.`)
    for (const [key, v] of Object.entries({ previousClose, sum, atr }))
      if (!Number.isFinite(v) || v < 0)
        throw new RangeError(`ATR state: ${key} must be a finite number ≥ 0, got ${v}.`)
    Object.assign(stream, { count, previousClose, sum, atr })
    return stream
  }
}

/** The serialized form of an AtrStream. */
export interface AtrStreamState {
  readonly period: number
  readonly count: number
  readonly previousClose: number
  readonly sum: number
  readonly atr: number
}

/**
 * The ATR series of candles, oldest first, from the first defined value (candle index
 * `period`). Fewer than period + 1 candles give no points and a reason. A RangeError for a bad
 * period or an unusable candle, naming its index.
 */
export function atrSeries(candles: readonly AtrCandle[], period = DEFAULT_ATR_PERIOD): AtrSeries {
  checkPeriod(period)
  const stream = new AtrStream(period)
  const points: AtrPoint[] = []
  for (const [index, c] of candles.entries()) {
    const problem = candleProblem(c)
    if (problem !== null) throw new RangeError(`Candle ${index}: ${problem}.`)
    const atr = stream.push(c)
    if (atr !== null)
      points.push({
        index,
        time: c.time,
        atr,
        atrPercent: c.close > 0 ? (100 * atr) / c.close : null,
      })
  }
  if (points.length > 0) return { period, points }
  return {
    period,
    points,
    reason: `ATR(${period}) needs at least ${period + 1} candles (the first has no true range); got ${candles.length}.`,
  }
}
