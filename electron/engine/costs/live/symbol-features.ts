/**
 * The live features of one symbol that the slippage model reads from candles: ATR over
 * one-minute candles (TA-Lib, the default period), a longer average true range for the regime, the 24-hour
 * volume and the hour-of-week activity profile. Fed completed minutes, oldest first.
 *
 * State that does not grow with history: the ATR stream (five numbers), the last day's true
 * ranges and volumes in rings (fixed size), the profile (2 × 168 numbers).
 */
import { AtrStream, DEFAULT_ATR_PERIOD, candleProblem, trueRange } from '../features/atr'
import { ActivityProfile, hourOfWeek } from '../features/activity-profile'
import { MINUTES_PER_DAY } from '../features/candle-stats'

/**
 * The completed minutes a feed keeps: a day of candles with the one in progress. The day's
 * figures read exactly these, so the features built live and those rebuilt from the feed after
 * a restart are the same.
 */
export const FEED_MINUTES = MINUTES_PER_DAY - 1

/**
 * The regime's baseline: the plain mean of the one-minute true ranges of the last day (up to
 * 1,439: the feed keeps a day of candles with the one in progress), once there are at least
 * LONG_ATR_MIN_MINUTES of them. A plain window, not Wilder smoothing, so it depends on those
 * minutes alone and not on where the engine started reading the feed: the same market gives
 * the same figure after a restart. It is also the day-average σ the square-root law wants.
 */
export const LONG_ATR_PERIOD = FEED_MINUTES - 1
/** Three hours: less is too short a baseline (a new simulated market starts with four). */
export const LONG_ATR_MIN_MINUTES = 180
const MINUTE_MS = 60_000

/** A completed one-minute candle. */
export interface FeatureCandle {
  readonly time: number
  readonly high: number
  readonly low: number
  readonly close: number
  readonly volume: number
}

/** What the features say now; null where there is not enough history yet. */
export interface SymbolFeaturesNow {
  /** ATR(14) of one-minute candles, percent of the last close. */
  readonly atrPercent: number | null
  /** The mean true range of the last day, percent of the last close; null under 3 hours. */
  readonly longAtrPercent: number | null
  /** Volume of the FEED_MINUTES minutes ending with the last one. */
  readonly dayVolume: number
  /** Minutes behind dayVolume (1,439 when complete). */
  readonly dayMinutes: number
  /** Activity of this hour of the week over the average (1 before any volume). */
  readonly activity: number
  /** Start of the last minute taken, or null. */
  readonly lastTime: number | null
}

interface PerMinute {
  readonly dayVolume: number
  readonly dayMinutes: number
  readonly factors: number[]
  readonly longAtr: number | null
}

/** The features of one symbol. */
export class SymbolFeatures {
  private readonly atr = new AtrStream(DEFAULT_ATR_PERIOD)
  /** The last LONG_ATR_PERIOD true ranges, in a ring. */
  private readonly ranges = new Float64Array(LONG_ATR_PERIOD)
  private rangeCount = 0
  private readonly profile = new ActivityProfile()
  private readonly volumes = new Float64Array(MINUTES_PER_DAY)
  private readonly times = new Float64Array(MINUTES_PER_DAY).fill(-Infinity)
  private lastTime: number | null = null
  private lastClose = 0
  /** What only changes with a new minute, worked out once per minute when asked. */
  private cache: PerMinute | null = null

  /** Takes a completed minute; false (nothing learned) for one not after the last, or unusable. */
  push(c: FeatureCandle): boolean {
    if (this.lastTime !== null && c.time <= this.lastTime) return false
    if (candleProblem(c) !== null || !(c.volume >= 0) || !Number.isFinite(c.volume)) return false
    if (this.lastTime !== null) {
      this.ranges[this.rangeCount % LONG_ATR_PERIOD] = trueRange(c.high, c.low, this.lastClose)
      this.rangeCount++
    }
    this.atr.push(c)
    this.profile.observe(c.time, c.volume)
    const slot = Math.floor(c.time / MINUTE_MS) % MINUTES_PER_DAY
    this.volumes[slot] = c.volume
    this.times[slot] = c.time
    this.lastTime = c.time
    this.lastClose = c.close
    this.cache = null
    return true
  }

  /** The features at `time` (the hour of the week is that of `time`). */
  now(time: number): SymbolFeaturesNow {
    const close = this.lastClose
    const percent = (v: number | null): number | null =>
      v === null || !(close > 0) ? null : (100 * v) / close
    const { dayVolume, dayMinutes, factors, longAtr } = (this.cache ??= this.perMinute())
    return {
      atrPercent: percent(this.atr.value),
      longAtrPercent: percent(longAtr),
      dayVolume,
      dayMinutes,
      activity: factors[hourOfWeek(time)] as number,
      lastTime: this.lastTime,
    }
  }

  private perMinute(): PerMinute {
    let dayVolume = 0
    let dayMinutes = 0
    if (this.lastTime !== null) {
      const from = this.lastTime - (FEED_MINUTES - 1) * MINUTE_MS
      for (let i = 0; i < MINUTES_PER_DAY; i++)
        if ((this.times[i] as number) >= from) {
          dayVolume += this.volumes[i] as number
          dayMinutes++
        }
    }
    let longAtr: number | null = null
    if (this.rangeCount >= LONG_ATR_MIN_MINUTES) {
      // The ring holds the last min(count, period) ranges, since the first was taken.
      const n = Math.min(this.rangeCount, LONG_ATR_PERIOD)
      let sum = 0
      for (let i = 0; i < n; i++) sum += this.ranges[i] as number
      longAtr = sum / n
    }
    return { dayVolume, dayMinutes, factors: this.profile.factors(), longAtr }
  }
}
