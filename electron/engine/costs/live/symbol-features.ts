/**
 * The live features of one symbol that the slippage model reads from candles: ATR over
 * one-minute candles (TA-Lib, the default period), a longer ATR for the regime, the 24-hour
 * volume and the hour-of-week activity profile. Fed completed minutes, oldest first.
 *
 * State that does not grow with history: two ATR streams (five numbers each), the profile
 * (2 × 168 numbers), and the last 1,440 minutes' volumes in a ring (fixed size).
 */
import { AtrStream, DEFAULT_ATR_PERIOD, candleProblem } from '../features/atr'
import { ActivityProfile, hourOfWeek } from '../features/activity-profile'
import { MINUTES_PER_DAY } from '../features/candle-stats'

/**
 * The longer ATR's period, minutes: 12 hours, the regime's baseline (Wilder smoothing, so
 * about a day's memory); the longest the feed's day of candles can seed at start.
 */
export const LONG_ATR_PERIOD = 720
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
  /** ATR(720), percent of the last close. */
  readonly longAtrPercent: number | null
  /** Volume of the minutes in the 24 hours ending with the last one. */
  readonly dayVolume: number
  /** Minutes behind dayVolume (1,440 when complete). */
  readonly dayMinutes: number
  /** Activity of this hour of the week over the average (1 before any volume). */
  readonly activity: number
  /** Start of the last minute taken, or null. */
  readonly lastTime: number | null
}

/** The features of one symbol. */
export class SymbolFeatures {
  private readonly atr = new AtrStream(DEFAULT_ATR_PERIOD)
  private readonly longAtr = new AtrStream(LONG_ATR_PERIOD)
  private readonly profile = new ActivityProfile()
  private readonly volumes = new Float64Array(MINUTES_PER_DAY)
  private readonly times = new Float64Array(MINUTES_PER_DAY).fill(-Infinity)
  private lastTime: number | null = null
  private lastClose = 0
  /** What only changes with a new minute, worked out once per minute when asked. */
  private cache: { dayVolume: number; dayMinutes: number; factors: number[] } | null = null

  /** Takes a completed minute; false (nothing learned) for one not after the last, or unusable. */
  push(c: FeatureCandle): boolean {
    if (this.lastTime !== null && c.time <= this.lastTime) return false
    if (candleProblem(c) !== null || !(c.volume >= 0) || !Number.isFinite(c.volume)) return false
    this.atr.push(c)
    this.longAtr.push(c)
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
    const { dayVolume, dayMinutes, factors } = (this.cache ??= this.perMinute())
    return {
      atrPercent: percent(this.atr.value),
      longAtrPercent: percent(this.longAtr.value),
      dayVolume,
      dayMinutes,
      activity: factors[hourOfWeek(time)] as number,
      lastTime: this.lastTime,
    }
  }

  private perMinute(): { dayVolume: number; dayMinutes: number; factors: number[] } {
    let dayVolume = 0
    let dayMinutes = 0
    if (this.lastTime !== null) {
      const from = this.lastTime - (MINUTES_PER_DAY - 1) * MINUTE_MS
      for (let i = 0; i < MINUTES_PER_DAY; i++)
        if ((this.times[i] as number) >= from) {
          dayVolume += this.volumes[i] as number
          dayMinutes++
        }
    }
    return { dayVolume, dayMinutes, factors: this.profile.factors() }
  }
}
