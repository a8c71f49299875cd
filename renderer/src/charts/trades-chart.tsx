/**
 * One symbol's one-minute candles (lightweight-charts v5) with where each round trip was entered
 * and exited, as series markers: an arrow at the entry, and at the exit an arrow labelled with
 * the trade's net profit or loss.
 */
import { useEffect, useRef } from 'react'
import {
  CandlestickSeries,
  createSeriesMarkers,
  type IChartApi,
  type ISeriesApi,
  type ISeriesMarkersPluginApi,
  type SeriesMarker,
  type Time,
  type UTCTimestamp,
} from 'lightweight-charts'
import type { RoundTrip } from '../../../shared/performance'
import type { Candle } from '../../../shared/types'
import { formatSignedUsd, toNumber } from '../lib/format'
import { toBar } from './candle-chart'
import { CHART_THEME, chartTime, createThemedChart } from './chart-theme'

const MINUTE_S = 60
/** Shown before the first trade, and at least this much history, seconds. */
const LEAD_S = 30 * 60
const RECENT_S = 3600
/** Empty bars right of the newest candle, for the labels of trades closed just now. */
const RIGHT_BARS = 12

/**
 * Entry and exit markers of the trades that fall within the candles shown (oldest first, as
 * the chart requires), each on the minute of its candle. Entries of trades that closed the same
 * lots share a time and side, and are drawn once.
 */
export function tradeMarkers(
  trades: readonly RoundTrip[],
  firstCandleMs: number,
  lastCandleMs: number,
): SeriesMarker<Time>[] {
  const first = chartTime(firstCandleMs)
  const last = chartTime(lastCandleMs) + MINUTE_S
  const minute = (ms: number): UTCTimestamp =>
    (chartTime(ms) - (chartTime(ms) % MINUTE_S)) as UTCTimestamp
  const inView = (ms: number): boolean => chartTime(ms) >= first && chartTime(ms) < last
  const markers: SeriesMarker<UTCTimestamp>[] = []
  const entries = new Set<string>()
  for (const trade of trades) {
    const long = trade.side === 'long'
    if (inView(trade.openedAt)) {
      const key = `${minute(trade.openedAt)}:${trade.side}`
      if (!entries.has(key)) {
        entries.add(key)
        markers.push({
          time: minute(trade.openedAt),
          position: long ? 'belowBar' : 'aboveBar',
          shape: long ? 'arrowUp' : 'arrowDown',
          color: long ? CHART_THEME.up : CHART_THEME.down,
          text: long ? 'Buy' : 'Sell short',
        })
      }
    }
    if (inView(trade.closedAt)) {
      const pnl = toNumber(trade.pnl)
      markers.push({
        time: minute(trade.closedAt),
        position: long ? 'aboveBar' : 'belowBar',
        shape: long ? 'arrowDown' : 'arrowUp',
        color: pnl >= 0 ? CHART_THEME.up : CHART_THEME.loss,
        text: `${long ? 'Sell' : 'Cover'} ${formatSignedUsd(pnl)}`,
      })
    }
  }
  return markers.sort((a, b) => a.time - b.time)
}

/** Props of TradesChart. */
export interface TradesChartProps {
  /** Oldest first. */
  readonly candles: readonly Candle[]
  /** Round trips of any symbol; those of `symbol` are marked. */
  readonly trades: readonly RoundTrip[]
  readonly symbol: string
  readonly summary: string
}

/** Candles with entry and exit markers. */
export function TradesChart({ candles, trades, symbol, summary }: TradesChartProps) {
  const containerRef = useRef<HTMLDivElement>(null)
  const chartRef = useRef<IChartApi | null>(null)
  const seriesRef = useRef<ISeriesApi<'Candlestick'> | null>(null)
  const markersRef = useRef<ISeriesMarkersPluginApi<Time> | null>(null)

  useEffect(() => {
    const container = containerRef.current
    if (!container) return
    const chart = createThemedChart(container)
    const series = chart.addSeries(CandlestickSeries, {
      upColor: CHART_THEME.up,
      downColor: CHART_THEME.down,
      borderUpColor: CHART_THEME.up,
      borderDownColor: CHART_THEME.down,
      wickUpColor: CHART_THEME.up,
      wickDownColor: CHART_THEME.down,
    })
    chartRef.current = chart
    seriesRef.current = series
    markersRef.current = createSeriesMarkers(series, [])
    return () => {
      markersRef.current = null
      seriesRef.current = null
      chartRef.current = null
      chart.remove()
    }
  }, [])

  useEffect(() => {
    seriesRef.current?.setData(candles.map(toBar))
    const first = candles[0]
    const last = candles[candles.length - 1]
    const own = trades.filter((t) => t.symbol === symbol)
    const markers = first && last ? tradeMarkers(own, first.time, last.time) : []
    markersRef.current?.setMarkers(markers)
    if (!first || !last) return
    // A day of candles squeezes the trades into a few pixels: show from shortly before the first
    // trade marked (or the last hour) to now, with room on the right for the newest labels.
    const end = chartTime(last.time)
    const since = Math.min(markers[0] ? Number(markers[0].time) - LEAD_S : end, end - RECENT_S)
    const fromIndex = Math.max(
      0,
      candles.findIndex((c) => chartTime(c.time) >= since),
    )
    chartRef.current?.timeScale().setVisibleLogicalRange({
      from: fromIndex,
      to: candles.length - 1 + RIGHT_BARS,
    })
  }, [candles, trades, symbol])

  return (
    <div className="chart perf-chart perf-chart-trades">
      <div
        ref={containerRef}
        className="chart-canvas"
        data-testid="trades-chart"
        aria-label={summary}
        role="img"
      />
      {candles.length === 0 ? (
        <p className="chart-empty muted">No price history for this symbol yet.</p>
      ) : null}
    </div>
  )
}
