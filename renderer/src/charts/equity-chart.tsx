/**
 * The equity curve (lightweight-charts v5) with its drawdown in a pane below: the drawdown is
 * computed here from the points shown (equity / running peak − 1, in percent), so the two panes
 * always agree.
 */
import { useEffect, useRef } from 'react'
import {
  AreaSeries,
  BaselineSeries,
  type AreaData,
  type AutoscaleInfo,
  type IChartApi,
  type ISeriesApi,
  type UTCTimestamp,
} from 'lightweight-charts'
import type { EquityPoint } from '../../../shared/performance'
import { formatUsd } from '../lib/format'
import { CHART_THEME, chartTime, createThemedChart, localChartTime } from './chart-theme'

/** One point of the drawdown: percent below the running peak (0 at a new high). */
export interface DrawdownPoint {
  readonly ts: number
  readonly pct: number
}

/**
 * Drawdown of each point, in percent: (equity / peak − 1) · 100, where peak is the highest equity
 * so far. Points before the first positive equity have no peak to compare with and are left out.
 */
export function drawdownSeries(points: readonly EquityPoint[]): DrawdownPoint[] {
  const out: DrawdownPoint[] = []
  let peak = -Infinity
  for (const point of points) {
    peak = Math.max(peak, point.equity)
    if (peak > 0) out.push({ ts: point.ts, pct: (point.equity / peak - 1) * 100 })
  }
  return out
}

// The chart needs strictly rising times; two samples in one second keep the later one.
function toSeries<T>(
  items: readonly T[],
  ts: (item: T) => number,
  value: (item: T) => number,
): AreaData<UTCTimestamp>[] {
  const out: AreaData<UTCTimestamp>[] = []
  for (const item of items) {
    const time = chartTime(ts(item))
    const last = out[out.length - 1]
    if (last && last.time === time) out[out.length - 1] = { time, value: value(item) }
    else if (!last || time > last.time) out.push({ time, value: value(item) })
  }
  return out
}

/** The drawdown pane runs from 0 % down to the deepest drawdown (at least 1 %). */
function drawdownScale(base: () => AutoscaleInfo | null): AutoscaleInfo | null {
  const info = base()
  const deepest = Math.min(info?.priceRange?.minValue ?? 0, -1)
  return { ...info, priceRange: { minValue: deepest, maxValue: 0 } }
}

const percentFormat = {
  type: 'custom' as const,
  minMove: 0.01,
  formatter: (value: number) => `${value.toFixed(2)}%`,
}

/** Props of EquityChart. */
export interface EquityChartProps {
  /** Oldest first. */
  readonly points: readonly EquityPoint[]
  /** What the chart shows, in words, for screen readers. */
  readonly summary: string
}

/** The equity curve, USD, over the drawdown, percent. */
export function EquityChart({ points, summary }: EquityChartProps) {
  const containerRef = useRef<HTMLDivElement>(null)
  const chartRef = useRef<IChartApi | null>(null)
  const equityRef = useRef<ISeriesApi<'Area'> | null>(null)
  const drawdownRef = useRef<ISeriesApi<'Baseline'> | null>(null)

  useEffect(() => {
    const container = containerRef.current
    if (!container) return
    const chart = createThemedChart(container)
    equityRef.current = chart.addSeries(AreaSeries, {
      lineColor: CHART_THEME.accent,
      topColor: 'rgba(88, 166, 255, 0.35)',
      bottomColor: 'rgba(88, 166, 255, 0.02)',
      lineWidth: 2,
      priceFormat: { type: 'price', precision: 2, minMove: 0.01 },
      // The latest values are in the legend, with their units: a value label on the axis would
      // cover its tick labels, and the two panes' labels run into each other at the separator.
      lastValueVisible: false,
      priceLineVisible: false,
    })
    drawdownRef.current = chart.addSeries(
      BaselineSeries,
      {
        // Drawdown is at or below zero: filled from the 0 % line down to the curve.
        baseValue: { type: 'price', price: 0 },
        bottomLineColor: CHART_THEME.loss,
        bottomFillColor1: 'rgba(255, 123, 114, 0.35)',
        bottomFillColor2: 'rgba(255, 123, 114, 0.05)',
        topLineColor: CHART_THEME.loss,
        autoscaleInfoProvider: drawdownScale,
        lineWidth: 1,
        priceFormat: percentFormat,
        lastValueVisible: false,
        priceLineVisible: false,
      },
      1,
    )
    // The panes share the axis column: a tick label at a pane's edge would be cut by the
    // separator and run into the other pane's ("9850.00" over "0.00%"). Edge labels show only
    // whole, and the drawdown's 0 % sits a little below the separator, so its label is whole.
    equityRef.current.priceScale().applyOptions({
      entireTextOnly: true,
      scaleMargins: { top: 0.1, bottom: 0.1 },
    })
    drawdownRef.current
      .priceScale()
      .applyOptions({ entireTextOnly: true, scaleMargins: { top: 0.15, bottom: 0.1 } })
    const panes = chart.panes()
    panes[0]?.setStretchFactor(3)
    panes[1]?.setStretchFactor(1)
    chartRef.current = chart
    return () => {
      equityRef.current = null
      drawdownRef.current = null
      chartRef.current = null
      chart.remove()
    }
  }, [])

  useEffect(() => {
    equityRef.current?.setData(
      toSeries(
        points,
        (p) => p.ts,
        (p) => p.equity,
      ),
    )
    drawdownRef.current?.setData(
      toSeries(
        drawdownSeries(points),
        (p) => p.ts,
        (p) => p.pct,
      ),
    )
    chartRef.current?.timeScale().fitContent()
  }, [points])

  const latest = points[points.length - 1]
  const latestDrawdown = drawdownSeries(points).at(-1)
  return (
    <div className="chart perf-chart perf-chart-equity">
      {latest ? (
        <div className="chart-legend" data-testid="equity-legend">
          <span data-testid="equity-legend-time">
            Latest, {localChartTime(chartTime(latest.ts), true)}:
          </span>
          <span className="chart-legend-item">
            <span className="chart-legend-dot equity-legend-equity" />
            Equity <strong data-testid="equity-legend-equity">{formatUsd(latest.equity)}</strong>
          </span>
          {latestDrawdown ? (
            <span className="chart-legend-item">
              <span className="chart-legend-dot equity-legend-drawdown" />
              Drawdown{' '}
              <strong data-testid="equity-legend-drawdown">
                {percentFormat.formatter(latestDrawdown.pct)}
              </strong>
            </span>
          ) : null}
        </div>
      ) : null}
      <div
        ref={containerRef}
        className="chart-canvas"
        data-testid="equity-chart"
        data-points={points.length}
        aria-label={summary}
        role="img"
      />
      {points.length === 0 ? (
        <p className="chart-empty muted" data-testid="equity-empty">
          No equity history in this range yet.
        </p>
      ) : null}
    </div>
  )
}
