/**
 * How the Performance screen turns choices into a query and numbers into words: time ranges in
 * local days, and every metric with its unit. A metric the engine could not define is null and
 * reads "—" (never 0), with the engine's reason beside it.
 */
import type { EquityPoint, TradeMetrics, Value } from '../../../../shared/performance'
import { drawdownSeries } from '../../charts/equity-chart'
import type { DecimalString } from '../../../../shared/types'
import { formatDecimal, formatSignedUsd, formatUsd, isoDay, startOfDay } from '../../lib/format'
import {
  ALL_ACCOUNTS,
  type PerformanceQuery,
  type RangeChoice,
} from '../../stores/performance-store'

const DAY_MS = 86_400_000

export { isoDay, startOfDay }

/** The range choices offered, in order. */
export const RANGE_LABELS: Readonly<Record<RangeChoice['kind'], string>> = {
  today: 'Today',
  '7d': '7 days',
  '30d': '30 days',
  '90d': '90 days',
  all: 'All',
  custom: 'Custom',
}

/**
 * The [from, to) the engine is asked for: today since local midnight; N days back from now;
 * everything; or from the first custom day's midnight to the midnight after the last.
 * A custom range that is not two valid days in order answers its error instead.
 */
export function rangeBounds(
  range: RangeChoice,
  now: number,
): { readonly from?: number; readonly to?: number } | { readonly error: string } {
  switch (range.kind) {
    case 'today':
      return { from: startOfDay(isoDay(now)) ?? now - DAY_MS }
    case '7d':
      return { from: now - 7 * DAY_MS }
    case '30d':
      return { from: now - 30 * DAY_MS }
    case '90d':
      return { from: now - 90 * DAY_MS }
    case 'all':
      return {}
    case 'custom': {
      const from = startOfDay(range.from)
      const last = startOfDay(range.to)
      if (from === null || last === null) return { error: 'Choose both days of the range.' }
      if (last < from) return { error: 'The first day must not be after the last day.' }
      // The day after the last, at its own midnight (a DST day is not 24 hours long).
      const to = startOfDay(isoDay(last + DAY_MS + DAY_MS / 2)) ?? last + DAY_MS
      return { from, to }
    }
  }
}

/** The account part of the query: nothing for every account together. */
export function accountQuery(accountId: string): Pick<PerformanceQuery, 'accountId'> {
  return accountId === ALL_ACCOUNTS ? {} : { accountId }
}

/** Kinds of metric, each with its unit. */
export type MetricKind =
  'usd' | 'signed-usd' | 'percent' | 'signed-percent' | 'ratio' | 'count' | 'bps' | 'duration'

/** "3 d 4 h", "2 h 5 min", "45 s". */
export function formatHoldTime(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`
  const s = Math.round(ms / 1_000)
  if (s < 60) return `${s} s`
  const min = Math.round(s / 60)
  if (min < 60) return `${min} min`
  const h = Math.floor(min / 60)
  if (h < 24) return min % 60 === 0 ? `${h} h` : `${h} h ${min % 60} min`
  const d = Math.floor(h / 24)
  return h % 24 === 0 ? `${d} d` : `${d} d ${h % 24} h`
}

function percent(value: number, signed: boolean): string {
  const text = `${formatDecimal(value * 100, 2)}%`
  return signed && value > 0 ? `+${text}` : text
}

/**
 * A defined metric with its unit. Profit factor is Infinity when nothing was lost: "∞".
 * Percent kinds take fractions (0.125 reads "12.50%").
 */
export function formatMetric(value: number | DecimalString, kind: MetricKind): string {
  if (typeof value === 'string') {
    // Money, exact: written from its digits, never through a binary float.
    if (kind === 'usd') return formatUsd(value)
    if (kind === 'signed-usd') return formatSignedUsd(value)
    return formatMetric(Number(value), kind)
  }
  if (value === Infinity) return '∞'
  if (value === -Infinity) return '−∞'
  switch (kind) {
    case 'usd':
      return formatUsd(value)
    case 'signed-usd':
      return formatSignedUsd(value)
    case 'percent':
      return percent(value, false)
    case 'signed-percent':
      return percent(value, true)
    case 'ratio':
      return formatDecimal(value, 2)
    case 'count':
      return formatDecimal(value, 0)
    case 'bps':
      return `${formatDecimal(value, 1)} bps`
    case 'duration':
      return formatHoldTime(value)
  }
}

/**
 * The profit factor. It is Infinity when there were wins and no losses; JSON (the browser's
 * link to the server host) cannot carry Infinity and delivers null, so a null with wins and no
 * losses and no reason given is read back as Infinity.
 */
export function profitFactorOf(trades: TradeMetrics): Value {
  if (trades.profitFactor !== null) return trades.profitFactor
  if (
    trades.reasons.profitFactor === undefined &&
    Number(trades.grossLoss) === 0 &&
    Number(trades.grossProfit) > 0
  )
    return Infinity
  return null
}

/** A decimal-string amount with its sign, exactly as the ledger states it: "+$12.50". */
export function formatSignedAmount(value: string): string {
  const text = formatUsd(value)
  return text.startsWith('-') || text === '$0.00' || text === '—' ? text : `+${text}`
}

/** The tone of a signed amount (a number or a decimal string): gain, loss, or none. */
export function pnlClass(value: number | DecimalString): string {
  const n = Number(value) // only its sign is read
  return n > 0 ? 'gain' : n < 0 ? 'loss' : ''
}

/**
 * The deepest fall (≤ 0, a fraction) of the minute equity the chart draws, measured exactly as
 * its drawdown pane is: the card and the pane show the same number. Null without samples.
 */
export function deepestFall(points: readonly EquityPoint[]): Value {
  const series = drawdownSeries(points)
  if (series.length === 0) return null
  return Math.min(0, ...series.map((p) => p.pct / 100))
}
