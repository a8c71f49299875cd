/**
 * The rolling 30-day Sharpe ratio (lightweight-charts v5), one point per completed day. Days
 * where it is not defined yet (fewer than 30 returns, or no variation) are gaps, not zeros.
 */
import { useEffect, useRef } from 'react'
import {
  LineSeries,
  LineStyle,
  type IChartApi,
  type ISeriesApi,
  type LineData,
  type UTCTimestamp,
  type WhitespaceData,
} from 'lightweight-charts'
import type { SeriesPoint } from '../../../shared/performance'
import { CHART_THEME, chartTime, createThemedChart } from './chart-theme'

/** Chart data of a series: a null value becomes whitespace (a gap in the line). */
export function toLineData(
  points: readonly SeriesPoint[],
): (LineData<UTCTimestamp> | WhitespaceData<UTCTimestamp>)[] {
  const out: (LineData<UTCTimestamp> | WhitespaceData<UTCTimestamp>)[] = []
  for (const point of points) {
    const time = chartTime(point.ts)
    const last = out[out.length - 1]
    if (last && time <= last.time) continue
    out.push(point.value === null ? { time } : { time, value: point.value })
  }
  return out
}

/** Props of SharpeChart. */
export interface SharpeChartProps {
  readonly points: readonly SeriesPoint[]
  readonly summary: string
}

/** The rolling Sharpe ratio over time. */
export function SharpeChart({ points, summary }: SharpeChartProps) {
  const containerRef = useRef<HTMLDivElement>(null)
  const chartRef = useRef<IChartApi | null>(null)
  const seriesRef = useRef<ISeriesApi<'Line'> | null>(null)

  useEffect(() => {
    const container = containerRef.current
    if (!container) return
    const chart = createThemedChart(container, { timeScale: { timeVisible: false } })
    const series = chart.addSeries(LineSeries, {
      color: CHART_THEME.accent,
      lineWidth: 2,
      priceFormat: { type: 'price', precision: 2, minMove: 0.01 },
      title: 'Sharpe 30 d',
    })
    series.createPriceLine({
      price: 0,
      color: CHART_THEME.border,
      lineStyle: LineStyle.Dashed,
      lineWidth: 1,
      axisLabelVisible: false,
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
    seriesRef.current?.setData(toLineData(points))
    chartRef.current?.timeScale().fitContent()
  }, [points])

  const defined = points.filter((p) => p.value !== null).length
  return (
    <div className="chart perf-chart perf-chart-small">
      <div
        ref={containerRef}
        className="chart-canvas"
        data-testid="sharpe-chart"
        aria-label={summary}
        role="img"
      />
      {defined === 0 ? (
        <p className="chart-empty muted" data-testid="sharpe-empty">
          Not defined yet: the rolling Sharpe needs 30 completed days of returns.
        </p>
      ) : null}
    </div>
  )
}
