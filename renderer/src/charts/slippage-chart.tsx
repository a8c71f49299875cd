/**
 * Slippage of each order over time, in basis points (positive: a cost), as points coloured by
 * symbol (lightweight-charts v5: one point-only line series per symbol).
 */
import { useEffect, useRef } from 'react'
import {
  LineSeries,
  LineStyle,
  type IChartApi,
  type ISeriesApi,
  type LineData,
  type UTCTimestamp,
} from 'lightweight-charts'
import type { SlippagePoint } from '../../../shared/performance'
import { CHART_THEME, chartTime, createThemedChart } from './chart-theme'

const PALETTE = ['#f0b72f', '#58a6ff', '#bc8cff', '#3fb950', '#ff7b72', '#39c5cf']

/** The colour of a symbol: fixed by its place among the symbols shown, listed in order. */
export function symbolColors(symbols: readonly string[]): Record<string, string> {
  const colors: Record<string, string> = {}
  ;[...new Set(symbols)].sort().forEach((symbol, i) => {
    colors[symbol] = PALETTE[i % PALETTE.length] ?? CHART_THEME.accent
  })
  return colors
}

/**
 * One series per symbol, oldest first. Orders of one symbol in the same second share a point:
 * their mean (the chart needs one value per time).
 */
export function slippageSeries(
  points: readonly SlippagePoint[],
): Record<string, LineData<UTCTimestamp>[]> {
  const bySymbol = new Map<string, Map<number, { sum: number; n: number }>>()
  for (const point of points) {
    const times = bySymbol.get(point.symbol) ?? new Map<number, { sum: number; n: number }>()
    const time = chartTime(point.ts)
    const acc = times.get(time) ?? { sum: 0, n: 0 }
    times.set(time, { sum: acc.sum + point.bps, n: acc.n + 1 })
    bySymbol.set(point.symbol, times)
  }
  const out: Record<string, LineData<UTCTimestamp>[]> = {}
  for (const [symbol, times] of bySymbol) {
    out[symbol] = [...times.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([time, { sum, n }]) => ({ time: time as UTCTimestamp, value: sum / n }))
  }
  return out
}

/** Props of SlippageChart. */
export interface SlippageChartProps {
  readonly points: readonly SlippagePoint[]
  readonly summary: string
}

/** Per-order slippage, bps, coloured by symbol, with a legend. */
export function SlippageChart({ points, summary }: SlippageChartProps) {
  const containerRef = useRef<HTMLDivElement>(null)
  const chartRef = useRef<IChartApi | null>(null)
  const seriesRef = useRef(new Map<string, ISeriesApi<'Line'>>())

  useEffect(() => {
    const container = containerRef.current
    if (!container) return
    const chart = createThemedChart(container)
    const series = seriesRef.current
    chartRef.current = chart
    return () => {
      series.clear()
      chartRef.current = null
      chart.remove()
    }
  }, [])

  const symbols = [...new Set(points.map((p) => p.symbol))].sort()
  const colors = symbolColors(symbols)

  useEffect(() => {
    const chart = chartRef.current
    if (!chart) return
    const data = slippageSeries(points)
    const palette = symbolColors(Object.keys(data))
    const series = seriesRef.current
    for (const [symbol, s] of series) {
      if (!data[symbol]) {
        chart.removeSeries(s)
        series.delete(symbol)
      }
    }
    for (const [symbol, items] of Object.entries(data)) {
      let s = series.get(symbol)
      if (!s) {
        s = chart.addSeries(LineSeries, {
          lineVisible: false,
          pointMarkersVisible: true,
          pointMarkersRadius: 3,
          lastValueVisible: false,
          priceLineVisible: false,
          priceFormat: {
            type: 'custom',
            minMove: 0.1,
            formatter: (v: number) => `${v.toFixed(1)} bps`,
          },
        })
        // The zero line: above it the order paid more (or got less) than expected.
        s.createPriceLine({
          price: 0,
          color: CHART_THEME.border,
          lineStyle: LineStyle.Dashed,
          lineWidth: 1,
          axisLabelVisible: false,
        })
        series.set(symbol, s)
      }
      s.applyOptions({ color: palette[symbol] })
      s.setData(items)
    }
    chart.timeScale().fitContent()
  }, [points])

  return (
    <div className="chart perf-chart perf-chart-small">
      <div className="chart-legend" aria-hidden="true">
        {symbols.map((symbol) => (
          <span key={symbol} className="chart-legend-item">
            <span className="chart-legend-dot" style={{ background: colors[symbol] }} />
            {symbol}
          </span>
        ))}
      </div>
      <div
        ref={containerRef}
        className="chart-canvas"
        data-testid="slippage-chart"
        aria-label={summary}
        role="img"
      />
      {points.length === 0 ? (
        <p className="chart-empty muted">No filled orders with an expected price in this range.</p>
      ) : null}
    </div>
  )
}
