/**
 * The equity curve: cash plus positions marked to market, sampled at the close of every minute
 * and every local day. Quiet periods repeat the last value, so every calendar day has a point
 * and a day without trades is a 0 return (quant.md 2).
 */
import type { EquityPoint } from '../../../shared/performance'
export type { EquityPoint } from '../../../shared/performance'
import { startOfLocalDay } from '../core'

const MINUTE = 60_000
const HOUR = 3_600_000
/** The minute curve the Performance screen shows: the last 24 hours. */
export const MINUTE_CURVE_MS = 86_400_000
const MINUTES_SHOWN = MINUTE_CURVE_MS / MINUTE

/** Options of the equity curve. */
export interface EquityCurveOptions {
  /** The trader's time zone: days start at local midnight. */
  readonly timeZone: string
  /**
   * How many closed minutes to keep (older ones are dropped); by default a day's, what the
   * Performance screen's minute chart shows (the days are kept whole, for the returns).
   */
  readonly keepMinutes?: number
}

const NONE: readonly EquityPoint[] = []

/** The start of the local day after the one starting at `dayStart`. */
export function nextLocalDay(dayStart: number, timeZone: string): number {
  // A local day lasts 23 to 25 hours, so 26 hours on is always inside the next one.
  return startOfLocalDay(dayStart + 26 * HOUR, timeZone)
}

/** Samples an equity value that changes over time into per-minute and per-day closes. */
export class EquityCurve {
  private readonly timeZone: string
  private readonly keepMinutes: number
  private first: EquityPoint | null = null
  private last = 0
  private lastTs = -Infinity
  private minute = 0
  private day = 0
  private nextDay = 0
  private readonly closedMinutes: EquityPoint[] = []
  private readonly closedDays: EquityPoint[] = []

  constructor(options: EquityCurveOptions) {
    this.timeZone = options.timeZone
    this.keepMinutes = options.keepMinutes ?? MINUTES_SHOWN
  }

  /** The first value recorded: E₀, the base of the first daily return. */
  get opening(): EquityPoint | null {
    return this.first
  }

  /**
   * Records the equity at `ts` (never earlier than the last record). Returns the days this
   * closed, oldest first (usually none).
   */
  record(ts: number, equity: number): readonly EquityPoint[] {
    if (!Number.isFinite(equity)) throw new RangeError(`Equity must be finite, got ${equity}`)
    if (ts < this.lastTs) throw new RangeError(`Equity at ${ts} arrived after ${this.lastTs}`)
    if (this.first === null) {
      this.first = { ts, equity }
      this.minute = ts - (((ts % MINUTE) + MINUTE) % MINUTE)
      this.day = startOfLocalDay(ts, this.timeZone)
      this.nextDay = nextLocalDay(this.day, this.timeZone)
    }
    const closed = this.closeUntil(ts)
    this.last = equity
    this.lastTs = ts
    return closed
  }

  /** Closes the periods that ended by `ts` without a new value (a quiet market, a timer). */
  advanceTo(ts: number): readonly EquityPoint[] {
    return this.first === null ? NONE : this.record(Math.max(ts, this.lastTs), this.last)
  }

  /** The kept closed minutes, then the current one so far. */
  minutes(): EquityPoint[] {
    return this.first === null
      ? []
      : [...this.closedMinutes.slice(-this.keepMinutes), { ts: this.minute, equity: this.last }]
  }

  /** Closed days, then the current one so far. */
  days(): EquityPoint[] {
    return this.first === null ? [] : [...this.closedDays, { ts: this.day, equity: this.last }]
  }

  /** Closed days only: their closes make the daily returns. */
  completedDays(): readonly EquityPoint[] {
    return this.closedDays
  }

  private closeUntil(ts: number): readonly EquityPoint[] {
    if (ts >= this.minute + MINUTE) {
      const next = ts - (((ts % MINUTE) + MINUTE) % MINUTE)
      // Only the minutes that will be kept are filled in after a long gap.
      const from = Math.max(this.minute, next - this.keepMinutes * MINUTE)
      for (let t = from; t < next; t += MINUTE)
        this.closedMinutes.push({ ts: t, equity: this.last })
      this.minute = next
      const excess = this.closedMinutes.length - this.keepMinutes
      if (excess > 1_024) this.closedMinutes.splice(0, excess)
    }
    if (ts < this.nextDay) return NONE
    const before = this.closedDays.length
    while (ts >= this.nextDay) {
      this.closedDays.push({ ts: this.day, equity: this.last })
      this.day = this.nextDay
      this.nextDay = nextLocalDay(this.day, this.timeZone)
    }
    return this.closedDays.slice(before)
  }
}
