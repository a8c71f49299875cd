/**
 * The timeline of the engine's overall health (lightweight-charts v5): one column per round,
 * short and green when HEALTHY, taller and amber when DEGRADED, tallest and red when CRITICAL,
 * on a time axis in the trader's local time. Redrawn from the health store when it changes,
 * without re-rendering React.
 */
import { useEffect, useRef } from 'react'
import {
  ColorType,
  createChart,
  HistogramSeries,
  type HistogramData,
  type IChartApi,
  type ISeriesApi,
  type Time,
  type UTCTimestamp,
} from 'lightweight-charts'
import type { HealthReport, HealthStatus } from '../../../shared/types'
import { STATUS_SEVERITY } from '../lib/health-format'
import { useHealthStore } from '../stores/health-store'

/** Colors of the console's dark theme, shared with styles.css. */
const THEME = {
  background: '#0d1117',
  text: '#c9d1d9',
  grid: '#1b222c',
  border: '#30363d',
}

/** The column colour of each status. */
export const STATUS_COLOR: Record<HealthStatus, string> = {
  HEALTHY: '#3fb950',
  DEGRADED: '#d29922',
  CRITICAL: '#f85149',
}

const STATUS_BY_HEIGHT: readonly HealthStatus[] = ['HEALTHY', 'DEGRADED', 'CRITICAL']

/**
 * Converts rounds (oldest first) to chart columns: height 1 HEALTHY, 2 DEGRADED, 3 CRITICAL, so
 * a healthy round still shows. Rounds in the same second share a column, which takes the worst.
 */
export function toColumns(reports: readonly HealthReport[]): HistogramData<UTCTimestamp>[] {
  const columns: HistogramData<UTCTimestamp>[] = []
  for (const report of reports) {
    const time = Math.floor(report.ts / 1000) as UTCTimestamp
    const value = STATUS_SEVERITY[report.status] + 1
    const last = columns[columns.length - 1]
    if (last && last.time === time) {
      if (value > last.value)
        columns[columns.length - 1] = { ...last, value, color: colorOf(value) }
    } else if (!last || time > last.time) {
      columns.push({ time, value, color: colorOf(value) })
    }
  }
  return columns
}

function colorOf(height: number): string {
  return STATUS_COLOR[STATUS_BY_HEIGHT[height - 1] ?? 'CRITICAL']
}

const pad = (n: number): string => String(n).padStart(2, '0')

// The chart counts in UTC; traders read their own clock.
function localTime(time: Time, withDate: boolean): string {
  if (typeof time !== 'number') return ''
  const d = new Date(time * 1000)
  const hms = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
  return withDate ? `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${hms}` : hms
}

/** Props of HealthTimelineChart. */
export interface HealthTimelineChartProps {
  /** What the chart shows, in words, for screen readers. */
  readonly summary: string
}

/** The overall health of each round over time. */
export function HealthTimelineChart({ summary }: HealthTimelineChartProps) {
  const containerRef = useRef<HTMLDivElement>(null)
  const chartRef = useRef<IChartApi | null>(null)
  const seriesRef = useRef<ISeriesApi<'Histogram'> | null>(null)

  useEffect(() => {
    const container = containerRef.current
    if (!container) return
    const chart = createChart(container, {
      autoSize: true,
      layout: {
        background: { type: ColorType.Solid, color: THEME.background },
        textColor: THEME.text,
        fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
        // The logo injects a <style> element, which the page's CSP forbids; credit is in the footer.
        attributionLogo: false,
      },
      grid: { vertLines: { color: THEME.grid }, horzLines: { color: THEME.grid } },
      rightPriceScale: { borderColor: THEME.border, scaleMargins: { top: 0.1, bottom: 0 } },
      timeScale: {
        borderColor: THEME.border,
        timeVisible: true,
        secondsVisible: false,
        tickMarkFormatter: (time: Time) => localTime(time, false).slice(0, 5),
      },
      localization: { timeFormatter: (time: Time) => localTime(time, true) },
    })
    const series = chart.addSeries(HistogramSeries, {
      color: STATUS_COLOR.HEALTHY,
      base: 0,
      priceLineVisible: false,
      lastValueVisible: false,
      // The axis reads in statuses, not in column heights.
      priceFormat: {
        type: 'custom',
        minMove: 1,
        formatter: (height: number) =>
          Number.isInteger(height) ? (STATUS_BY_HEIGHT[height - 1] ?? '') : '',
      },
    })
    chartRef.current = chart
    seriesRef.current = series

    let drawn: readonly HealthReport[] | null = null
    const draw = (timeline: readonly HealthReport[]): void => {
      if (timeline === drawn) return
      drawn = timeline
      series.setData(toColumns(timeline))
      chart.timeScale().scrollToRealTime()
    }
    draw(useHealthStore.getState().timeline)
    const unsubscribe = useHealthStore.subscribe((state) => draw(state.timeline))
    return () => {
      unsubscribe()
      seriesRef.current = null
      chartRef.current = null
      chart.remove()
    }
  }, [])

  return (
    <div className="chart health-chart">
      <div
        ref={containerRef}
        className="chart-canvas"
        data-testid="health-timeline"
        aria-label={summary}
        role="img"
      />
      <p className="chart-credit">Charts by TradingView Lightweight Charts™</p>
    </div>
  )
}
