/**
 * Daily equity and returns over a report's calendar, from the journaled daily closes or, where
 * they do not reach, from the round trips' PnL on the starting capital.
 */
import type { ReturnsSource } from '../../../shared/performance'
import { dailyReturnsFromTrades } from '../performance'
import type { CalendarDay } from './calendar'

/** Daily equity closes and returns, one slot per calendar day; null where undefined. */
export interface DailySeries {
  readonly source: ReturnsSource
  readonly equity: readonly (number | null)[]
  readonly returns: readonly (number | null)[]
  /** Why the series stops being defined, if it does. */
  readonly reason: string | null
}

/** The accounts a series covers, with what they started with. */
export interface SeriesScope {
  readonly accounts: readonly {
    readonly id: string
    /** The local date it was opened. */
    readonly opened: string
    readonly capital: number
  }[]
}

/**
 * From daily closes (account → date → equity): the sum over the accounts of each one's latest
 * close. A day without an account's close carries its last one only if the account did not
 * trade that day (a trading day without its close has no return: the close may not be written
 * yet). An account's first close joins as money brought in (its starting capital when it closes
 * its first day, else the close itself), never as a gain. A day before any close, or whose base
 * is not above zero, has no return.
 */
export function seriesFromCloses(
  scope: SeriesScope,
  closes: ReadonlyMap<string, ReadonlyMap<string, number>>,
  traded: ReadonlyMap<string, ReadonlySet<string>>,
  calendar: readonly CalendarDay[],
): DailySeries {
  const first = calendar[0]?.date ?? ''
  const last = new Map<string, number>()
  // The closes before the calendar are the base of its first day.
  for (const account of scope.accounts) {
    let latest: string | null = null
    for (const date of closes.get(account.id)?.keys() ?? []) {
      if (date < first && (latest === null || date > latest)) latest = date
    }
    if (latest !== null) last.set(account.id, closes.get(account.id)?.get(latest) as number)
  }
  let previous: number | null = sum(last)
  let reason: string | null = null
  const equity: (number | null)[] = []
  const returns: (number | null)[] = []
  for (const day of calendar) {
    let flow = 0
    let unclosed = false
    for (const account of scope.accounts) {
      const close = closes.get(account.id)?.get(day.date)
      if (close === undefined) {
        if (traded.get(account.id)?.has(day.date)) unclosed = true
        continue
      }
      if (!last.has(account.id)) flow += account.opened === day.date ? account.capital : close
      last.set(account.id, close)
    }
    if (last.size === 0 || unclosed) {
      equity.push(null)
      returns.push(null)
      // The day after a trading day without its close has no base either.
      if (unclosed) previous = null
      continue
    }
    const value = sum(last)
    equity.push(value)
    if (previous === null) returns.push(null)
    else if (previous + flow > 0) returns.push(value / (previous + flow) - 1)
    else {
      returns.push(null)
      reason ??= `the equity was ${(previous + flow).toFixed(2)} before ${day.date}, so that day has no return`
    }
    previous = value
  }
  return { source: 'equity-closes', equity, returns, reason }
}

/**
 * From round trips: E = capital + the PnL of the trades closed so far, each trade counted on the
 * local day it closed (dailyReturnsFromTrades), a day without trades being a 0 return.
 */
export function seriesFromTrades(
  capital: number,
  trades: readonly { readonly pnl: number | string; readonly closedAt: number }[],
  calendar: readonly CalendarDay[],
  timeZone: string,
): DailySeries {
  const none = (reason: string): DailySeries => ({
    source: 'trades',
    equity: calendar.map(() => null),
    returns: calendar.map(() => null),
    reason,
  })
  if (!(capital > 0)) return none('the accounts started with no capital to relate PnL to')
  let daily
  try {
    daily = dailyReturnsFromTrades(trades, capital, timeZone)
  } catch (error) {
    if (!(error instanceof RangeError)) throw error
    return none(error.message)
  }
  const byDay = new Map(daily.map((d) => [d.day, d.r]))
  let value = capital
  const equity: number[] = []
  const returns: number[] = []
  for (const day of calendar) {
    const r = byDay.get(day.start) ?? 0
    value *= 1 + r
    equity.push(value)
    returns.push(r)
  }
  return { source: 'trades', equity, returns, reason: null }
}

function sum(values: ReadonlyMap<string, number>): number {
  let total = 0
  for (const v of values.values()) total += v
  return total
}
