/**
 * One symbol's one-minute candles (lightweight-charts v5) with where each round trip was entered
 * and exited, as series markers: an arrow at the entry, and at the exit an arrow labelled with
 * the trade's net profit or loss.
 */
import { useEffect, useRef, useState } from 'react'
import {
  CandlestickSeries,
  createSeriesMarkers,
  type IChartApi,
  type ISeriesApi,
  type ISeriesMarkersPluginApi,
  type LogicalRange,
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

/** Roughly how wide one character of a marker's label is drawn (12 px type), px. */
const LABEL_CHAR_PX = 7.5
/** The least room between two labels on the same side of the bars, px. */
const LABEL_GAP_PX = 8
/** Bar spacing before the chart has said how wide it is: lightweight-charts' default, px. */
export const DEFAULT_BAR_SPACING_PX = 6

type Action = 'Buy' | 'Sell short' | 'Sell' | 'Cover'

interface MarkerGroup {
  readonly time: UTCTimestamp
  readonly action: Action
  count: number
  pnl: number
}

const PLURAL: Record<Action, string> = {
  Buy: 'buys',
  'Sell short': 'short sales',
  Sell: 'sells',
  Cover: 'covers',
}

/** "Sell +$7.00" for one exit; "3 sells −$12.40" for the exits of one bar, netted. */
function groupText(group: MarkerGroup): string {
  const exit = group.action === 'Sell' || group.action === 'Cover'
  const what = group.count === 1 ? group.action : `${group.count} ${PLURAL[group.action]}`
  return exit ? `${what} ${formatSignedUsd(group.pnl)}` : what
}

function labelWidth(text: string): number {
  return text.length * LABEL_CHAR_PX
}

/**
 * Leaves out the labels that would run into a neighbour's on the same side of the bars, keeping
 * the newest: labels are centred on their bar, so two collide when their bars are closer than
 * half of both widths. Markers of one bar stack and do not collide. The arrows stay.
 */
function thinLabels(markers: SeriesMarker<UTCTimestamp>[], barSpacingPx: number): void {
  const kept: SeriesMarker<UTCTimestamp>[] = []
  for (let i = markers.length - 1; i >= 0; i -= 1) {
    const marker = markers[i]
    if (!marker?.text) continue
    const width = labelWidth(marker.text)
    const collides = kept.some(
      (other) =>
        other.position === marker.position &&
        other.time !== marker.time &&
        (Math.abs(other.time - marker.time) / MINUTE_S) * barSpacingPx <
          (width + labelWidth(other.text ?? '')) / 2 + LABEL_GAP_PX,
    )
    if (collides) markers[i] = { ...marker, text: undefined }
    else kept.push(marker)
  }
}

/**
 * Entry and exit markers of the trades that fall within the candles shown (oldest first, as
 * the chart requires), each on the minute of its candle: one marker per bar and kind, with a
 * count and the net profit or loss when several trades closed in one minute. Entries of trades
 * that closed the same lots share a time and side, and are drawn once. With `barSpacingPx`, the
 * width of a bar on screen, labels that would overlap a newer one are left out (the arrow stays;
 * each trade is in the trades table).
 */
export function tradeMarkers(
  trades: readonly RoundTrip[],
  firstCandleMs: number,
  lastCandleMs: number,
  barSpacingPx = Infinity,
): SeriesMarker<Time>[] {
  const first = chartTime(firstCandleMs)
  const last = chartTime(lastCandleMs) + MINUTE_S
  const minute = (ms: number): UTCTimestamp =>
    (chartTime(ms) - (chartTime(ms) % MINUTE_S)) as UTCTimestamp
  const inView = (ms: number): boolean => chartTime(ms) >= first && chartTime(ms) < last
  const groups = new Map<string, MarkerGroup>()
  const add = (time: UTCTimestamp, action: Action, pnl: number, counted: boolean): void => {
    const key = `${time}:${action}`
    const group = groups.get(key)
    if (!group) groups.set(key, { time, action, count: 1, pnl })
    else if (counted) {
      group.count += 1
      group.pnl += pnl
    }
  }
  for (const trade of trades) {
    const long = trade.side === 'long'
    if (inView(trade.openedAt)) add(minute(trade.openedAt), long ? 'Buy' : 'Sell short', 0, false)
    if (inView(trade.closedAt))
      add(minute(trade.closedAt), long ? 'Sell' : 'Cover', toNumber(trade.pnl), true)
  }
  const markers: SeriesMarker<UTCTimestamp>[] = [...groups.values()].map((group) => {
    const up = group.action === 'Buy' || group.action === 'Cover'
    const exit = group.action === 'Sell' || group.action === 'Cover'
    return {
      time: group.time,
      position: up ? 'belowBar' : 'aboveBar',
      shape: up ? 'arrowUp' : 'arrowDown',
      color: exit
        ? group.pnl >= 0
          ? CHART_THEME.up
          : CHART_THEME.loss
        : up
          ? CHART_THEME.up
          : CHART_THEME.down,
      text: groupText(group),
    }
  })
  markers.sort((a, b) => a.time - b.time)
  thinLabels(markers, barSpacingPx)
  return markers
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
  /** Draws the markers again for a bar spacing (px); set while data is shown. */
  const redrawRef = useRef<(barSpacingPx: number) => void>(() => undefined)
  const [unlabelled, setUnlabelled] = useState(0)
  /** What the view was last set for: the symbol, its number of trades and first candle. */
  const framedRef = useRef<{ symbol: string; trades: number; firstMs: number } | null>(null)
  /** The trader has zoomed or scrolled the chart since. */
  const movedRef = useRef(false)

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
    // Zooming changes how far apart the trades are on screen, and so which labels fit.
    const onRange = (range: LogicalRange | null): void => {
      if (range) redrawRef.current(spacingOf(chart, range.from, range.to))
    }
    chart.timeScale().subscribeVisibleLogicalRangeChange(onRange)
    const onInput = (): void => {
      movedRef.current = true
    }
    container.addEventListener('wheel', onInput, { passive: true })
    container.addEventListener('pointerdown', onInput)
    return () => {
      container.removeEventListener('wheel', onInput)
      container.removeEventListener('pointerdown', onInput)
      chart.timeScale().unsubscribeVisibleLogicalRangeChange(onRange)
      markersRef.current = null
      seriesRef.current = null
      chartRef.current = null
      chart.remove()
    }
  }, [])

  useEffect(() => {
    const chart = chartRef.current
    const own = trades.filter((t) => t.symbol === symbol)
    // The trader zoomed or scrolled (to read crowded labels): a refresh keeps their view on the
    // same minutes, until the symbol changes or a new trade comes.
    const framed = framedRef.current
    const same = framed !== null && framed.symbol === symbol && framed.trades === own.length
    if (!same) movedRef.current = false
    const kept = movedRef.current ? (chart?.timeScale().getVisibleLogicalRange() ?? null) : null
    seriesRef.current?.setData(candles.map(toBar))
    const first = candles[0]
    const last = candles[candles.length - 1]
    const draw = (barSpacingPx: number): SeriesMarker<Time>[] => {
      const markers = first && last ? tradeMarkers(own, first.time, last.time, barSpacingPx) : []
      markersRef.current?.setMarkers(markers)
      setUnlabelled(markers.filter((m) => !m.text).length)
      return markers
    }
    redrawRef.current = draw
    const markers = draw(DEFAULT_BAR_SPACING_PX)
    if (!first || !last || !chart) return
    let range: { from: number; to: number }
    if (kept && framed) {
      // The oldest candles drop off as new ones come: move the view by as many bars.
      const index = candles.findIndex((c) => c.time === framed.firstMs)
      const shift = index >= 0 ? index : Math.round((framed.firstMs - first.time) / 60_000)
      range = { from: kept.from + shift, to: kept.to + shift }
    } else {
      // A day of candles squeezes the trades into a few pixels: show from shortly before the
      // first trade marked (or the last hour) to now, with room on the right for the newest labels.
      const end = chartTime(last.time)
      const since = Math.min(markers[0] ? Number(markers[0].time) - LEAD_S : end, end - RECENT_S)
      const fromIndex = Math.max(
        0,
        candles.findIndex((c) => chartTime(c.time) >= since),
      )
      range = { from: fromIndex, to: candles.length - 1 + RIGHT_BARS }
    }
    chart.timeScale().setVisibleLogicalRange(range)
    framedRef.current = { symbol, trades: own.length, firstMs: first.time }
    draw(spacingOf(chart, range.from, range.to))
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
      {unlabelled > 0 ? (
        <p className="muted perf-note" data-testid="trades-chart-crowded">
          {unlabelled === 1 ? '1 marker is' : `${unlabelled} markers are`} drawn without a label
          where trades crowd: zoom in on the chart, or see each trade in the table below.
        </p>
      ) : null}
    </div>
  )
}

/** How wide one bar is on screen, px, when `from`–`to` (logical indexes) fill the chart. */
function spacingOf(chart: IChartApi, from: number, to: number): number {
  const width = chart.timeScale().width()
  return width > 0 && to > from ? width / (to - from) : DEFAULT_BAR_SPACING_PX
}
