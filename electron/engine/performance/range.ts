/**
 * Metrics for any time range (filter, then fold), and daily returns derived from a trade list.
 */
import { localDate, startOfLocalDay, ZERO, dec, str } from '../core'
import { nextLocalDay } from './equity'
import { CompensatedSum } from './numeric'
import { returnMetrics, type ReturnMetrics, type ReturnStatsOptions } from './returns'
import { tradeMetrics, type ExposureWindow, type TradeInput, type TradeMetrics } from './stats'

/** A half-open time range [from, to) in epoch ms; a missing bound is open. */
export interface TimeRange {
  readonly from?: number
  readonly to?: number
}

/** One day's simple return; `day` is the local day's start (epoch ms). */
export interface DailyReturn {
  readonly day: number
  readonly r: number
}

/** Whether `ts` lies in the range. */
export function inRange(ts: number, range: TimeRange): boolean {
  return (range.from === undefined || ts >= range.from) && (range.to === undefined || ts < range.to)
}

/**
 * Statistics of the trades closed in the range (trades in closing order). With a starting
 * capital, the range starts from the equity it had then: capital + the PnL closed before it.
 * A trade without a closing time cannot be placed in a bounded range and is left out. Time in
 * the market is measured over `window` when given (see TradeStats.metrics).
 */
export function tradeMetricsInRange(
  trades: readonly TradeInput[],
  range: TimeRange,
  options: { readonly capital?: number; readonly window?: ExposureWindow } = {},
): TradeMetrics {
  const bounded = range.from !== undefined || range.to !== undefined
  let before = ZERO
  const inside: TradeInput[] = []
  for (const trade of trades) {
    if (!bounded) inside.push(trade)
    else if (trade.closedAt == null) continue
    else if (inRange(trade.closedAt, range)) inside.push(trade)
    else if (range.from !== undefined && trade.closedAt < range.from)
      before = before.plus(trade.pnl)
  }
  // Equity gone by the range's start leaves the relative drawdown undefined, not an error.
  const capital = options.capital === undefined ? undefined : dec(options.capital).plus(before)
  return tradeMetrics(
    inside,
    capital === undefined || !capital.greaterThan(0) ? {} : { capital: str(capital) },
    options.window,
  )
}

/** Statistics of the daily returns whose day starts in the range. */
export function returnMetricsInRange(
  daily: readonly DailyReturn[],
  range: TimeRange,
  options: ReturnStatsOptions = {},
): ReturnMetrics {
  return returnMetrics(
    daily.filter((d) => inRange(d.day, range)).map((d) => d.r),
    options,
  )
}

/**
 * Daily returns of E = capital + cumulative PnL, each trade counted on the local day it closed:
 * every calendar day from the first closing day to the last, a day without trades being a 0
 * return, and r_d = E_d / E_(d−1) − 1 with E₀ = capital. Throws a RangeError when the equity
 * falls to zero or below before the last day (later returns are undefined).
 */
export function dailyReturnsFromTrades(
  trades: readonly { readonly pnl: TradeInput['pnl']; readonly closedAt: number }[],
  capital: number,
  timeZone: string,
): DailyReturn[] {
  if (!(capital > 0 && Number.isFinite(capital)))
    throw new RangeError(`Starting capital must be above zero, got ${capital}`)
  const sorted = [...trades].sort((a, b) => a.closedAt - b.closedAt)
  const out: DailyReturn[] = []
  if (sorted.length === 0) return out
  const pnl = new CompensatedSum()
  let previous = capital
  let day = startOfLocalDay(sorted[0]!.closedAt, timeZone)
  let next = nextLocalDay(day, timeZone)
  const close = () => {
    if (!(previous > 0)) {
      const date = localDate(day, timeZone)
      throw new RangeError(
        `the equity fell to ${previous} before ${date}, so later daily returns are undefined`,
      )
    }
    const equity = capital + pnl.value
    out.push({ day, r: equity / previous - 1 })
    previous = equity
  }
  for (const trade of sorted) {
    while (trade.closedAt >= next) {
      close()
      day = next
      next = nextLocalDay(day, timeZone)
    }
    // Returns are ratios: float64 is what they are computed in.
    pnl.add(Number(trade.pnl))
  }
  close()
  return out
}
