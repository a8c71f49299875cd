/**
 * Profit per day, as bars (lightweight-charts v5): the realized PnL of the round trips closed on
 * each local day, after fees, green above zero and red below, as FreqUI draws it. When the range
 * holds more trades than the console receives (the newest 500), the day the oldest of them
 * closed may be partial, so only the days after it are drawn, and the chart says so.
 */
import Decimal from 'decimal.js'
import { useEffect, useMemo, useRef } from 'react'
import {
  HistogramSeries,
  type HistogramData,
  type IChartApi,
  type ISeriesApi,
  type UTCTimestamp,
} from 'lightweight-charts'
import type { RoundTrip } from '../../../shared/performance'
import { formatSignedUsd, isoDay, startOfDay } from '../lib/format'
import { CHART_THEME, chartTime, createThemedChart } from './chart-theme'

/** The most round trips a performance view carries. */
export const VIEW_TRADE_CAP = 500

/** One bar: a local day and the realized PnL of the trades closed on it, exact. */
export interface DayProfit {
  readonly day: string
  readonly pnl: string
}

/**
 * Realized PnL per local day of closing, oldest day first. With `capped` (the list is the
 * newest of more), the oldest day is left out: some of its trades may be missing.
 */
export function dailyProfit(
  trades: readonly RoundTrip[],
  capped: boolean,
): { readonly days: readonly DayProfit[]; readonly partialBefore: string | null } {
  const sums = new Map<string, Decimal>()
  for (const t of trades) {
    const day = isoDay(t.closedAt)
    sums.set(day, (sums.get(day) ?? new Decimal(0)).plus(t.pnl))
  }
  const days = [...sums.keys()].sort()
  const partialBefore = capped && days.length > 0 ? (days[0] ?? null) : null
  return {
    days: days
      .filter((d) => d !== partialBefore)
      .map((day) => ({ day, pnl: (sums.get(day) ?? new Decimal(0)).toFixed(2) })),
    partialBefore,
  }
}

/** Props of DailyProfitChart. */
export interface DailyProfitChartProps {
  readonly trades: readonly RoundTrip[]
}

/** The daily profit bars of the trades in view. */
export function DailyProfitChart({ trades }: DailyProfitChartProps) {
  const containerRef = useRef<HTMLDivElement>(null)
  const chartRef = useRef<IChartApi | null>(null)
  const seriesRef = useRef<ISeriesApi<'Histogram'> | null>(null)
  const { days, partialBefore } = useMemo(
    () => dailyProfit(trades, trades.length >= VIEW_TRADE_CAP),
    [trades],
  )

  useEffect(() => {
    const container = containerRef.current
    if (!container) return
    const chart = createThemedChart(container, { timeScale: { timeVisible: false } })
    const series = chart.addSeries(HistogramSeries, {
      priceFormat: { type: 'price', precision: 2, minMove: 0.01 },
      title: 'USD',
    })
    chartRef.current = chart
    seriesRef.current = series
    return () => {
      seriesRef.current = null
      chartRef.current = null
      chart.remove()
    }
  }, [])

  useEffect(() => {
    const data: HistogramData<UTCTimestamp>[] = days.map((d) => ({
      time: chartTime(startOfDay(d.day) ?? 0),
      value: Number(d.pnl),
      color: Number(d.pnl) >= 0 ? CHART_THEME.up : CHART_THEME.down,
    }))
    seriesRef.current?.setData(data)
    chartRef.current?.timeScale().fitContent()
  }, [days])

  const summary =
    days.length === 0
      ? 'No closed trades in this range'
      : `Profit per day over ${days.length} days: ${days.map((d) => `${d.day} ${formatSignedUsd(d.pnl)}`).join(', ')}`
  return (
    <div className="chart perf-chart perf-chart-small">
      <div
        ref={containerRef}
        className="chart-canvas"
        data-testid="daily-profit-chart"
        data-days={days.length}
        aria-label={summary}
        role="img"
      />
      {days.length === 0 ? (
        <p className="chart-empty muted" data-testid="daily-profit-empty">
          No trade closed in this range yet: a bar appears for each day a trade closes.
        </p>
      ) : null}
      {partialBefore ? (
        <p className="muted" data-testid="daily-profit-partial">
          Days up to {partialBefore}, that one included, are not drawn: this range has more than{' '}
          {VIEW_TRADE_CAP.toLocaleString('en-US')} trades and the console receives the newest{' '}
          {VIEW_TRADE_CAP.toLocaleString('en-US')}. Pick a shorter range to see them.
        </p>
      ) : null}
    </div>
  )
}
