/**
 * A live candlestick chart of one symbol (lightweight-charts v5): loads recent history when the
 * symbol comes into view or the connection comes back, then draws each live candle as it comes,
 * without re-rendering React on every tick.
 */
import { useEffect, useMemo, useRef } from 'react'
import {
  CandlestickSeries,
  ColorType,
  createChart,
  LineStyle,
  type AutoscaleInfo,
  type CandlestickData,
  type IChartApi,
  type ISeriesApi,
  type Time,
  type UTCTimestamp,
} from 'lightweight-charts'
import type { Candle, MarketSymbol } from '../../../shared/types'
import { baseAsset, formatQuantity } from '../lib/format'
import { useConnectionStore } from '../stores/connection-store'
import { selectAccountIdInView, useLedgerStore } from '../stores/ledger-store'
import { useMarketStore, type CandleSeries } from '../stores/market-store'
import { useOrdersStore } from '../stores/orders-store'

/** Converts a contract candle (epoch-ms start of minute) to a chart bar (UTC seconds). */
export function toBar(candle: Candle): CandlestickData<UTCTimestamp> {
  return {
    time: Math.floor(candle.time / 1000) as UTCTimestamp,
    open: candle.open,
    high: candle.high,
    low: candle.low,
    close: candle.close,
  }
}

const pad = (n: number): string => String(n).padStart(2, '0')

// The chart counts in UTC; traders read their own clock.
function localTime(time: Time, withDate: boolean): string {
  if (typeof time !== 'number') return ''
  const d = new Date(time * 1000)
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`
  return withDate ? `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${hm}` : hm
}

/** Colors of the console's dark theme, shared with styles.css. */
const THEME = {
  background: '#0d1117',
  text: '#c9d1d9',
  grid: '#1b222c',
  border: '#30363d',
  up: '#2ea043',
  down: '#f85149',
  entry: '#58a6ff',
  buy: '#3fb950',
  sell: '#ff7b72',
}

/** A horizontal line on the chart: a position's entry or a resting order's limit. */
export interface ChartLevel {
  readonly price: number
  readonly title: string
  readonly color: string
  readonly dashed: boolean
}

/**
 * What the trader has at stake on this symbol in the account in view, as levels: the open
 * position at its average entry price, and each resting limit order at its limit.
 */
function useLevels(symbol: MarketSymbol): readonly ChartLevel[] {
  const accountId = useLedgerStore(selectAccountIdInView)
  const positions = useLedgerStore((s) => s.positions)
  const orders = useOrdersStore((s) => s.orders)
  return useMemo(() => {
    const levels: ChartLevel[] = []
    for (const p of Object.values(positions)) {
      if (p.accountId !== accountId || p.symbol !== symbol || Number(p.quantity) === 0) continue
      levels.push({
        price: Number(p.averagePrice),
        title: `Position ${formatQuantity(p.quantity, baseAsset(symbol))} entry`,
        color: THEME.entry,
        dashed: false,
      })
    }
    for (const o of orders) {
      if (o.accountId !== accountId || o.symbol !== symbol || o.limitPrice === null) continue
      if (o.status !== 'open' && o.status !== 'pending') continue
      levels.push({
        price: Number(o.limitPrice),
        title: `${o.side === 'buy' ? 'Buy' : 'Sell'} limit ${formatQuantity(o.quantity, baseAsset(symbol))}`,
        color: o.side === 'buy' ? THEME.buy : THEME.sell,
        dashed: true,
      })
    }
    return levels
  }, [accountId, positions, orders, symbol])
}

/** Props of CandleChart. */
export interface CandleChartProps {
  readonly symbol: MarketSymbol
  /** Extra class for sizing (the chart fills its container). */
  readonly className?: string
}

/** The live candlestick chart of `symbol`. */
export function CandleChart({ symbol, className }: CandleChartProps) {
  const containerRef = useRef<HTMLDivElement>(null)
  const chartRef = useRef<IChartApi | null>(null)
  const seriesRef = useRef<ISeriesApi<'Candlestick'> | null>(null)
  const online = useConnectionStore((s) => s.status === 'online')
  const loadCandles = useMarketStore((s) => s.loadCandles)
  const candleError = useMarketStore((s) => s.candleError)

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
      rightPriceScale: { borderColor: THEME.border },
      timeScale: {
        borderColor: THEME.border,
        timeVisible: true,
        secondsVisible: false,
        tickMarkFormatter: (time: Time) => localTime(time, false),
      },
      localization: { timeFormatter: (time: Time) => localTime(time, true) },
    })
    const series = chart.addSeries(CandlestickSeries, {
      upColor: THEME.up,
      downColor: THEME.down,
      borderUpColor: THEME.up,
      borderDownColor: THEME.down,
      wickUpColor: THEME.up,
      wickDownColor: THEME.down,
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
    if (online) void loadCandles(symbol)
  }, [symbol, online, loadCandles])

  const levels = useLevels(symbol)
  useEffect(() => {
    const series = seriesRef.current
    if (!series) return
    // The price scale also spans the levels, so a limit far from the market stays in view.
    const prices = levels.map((l) => l.price)
    series.applyOptions({
      autoscaleInfoProvider: (base: () => AutoscaleInfo | null) => {
        const info = base()
        if (!info?.priceRange || prices.length === 0) return info
        return {
          ...info,
          priceRange: {
            minValue: Math.min(info.priceRange.minValue, ...prices),
            maxValue: Math.max(info.priceRange.maxValue, ...prices),
          },
        }
      },
    })
    const lines = levels.map((level) =>
      series.createPriceLine({
        price: level.price,
        color: level.color,
        lineWidth: 1,
        lineStyle: level.dashed ? LineStyle.Dashed : LineStyle.Solid,
        axisLabelVisible: true,
        title: level.title,
      }),
    )
    return () => {
      for (const line of lines) series.removePriceLine(line)
    }
  }, [levels])

  useEffect(() => {
    let drawnRevision: number | null = null
    let lastTime = -Infinity
    const draw = (candles: CandleSeries | undefined): void => {
      const series = seriesRef.current
      if (!series) return
      if (!candles || candles.revision !== drawnRevision) {
        const items = candles?.items ?? []
        series.setData(items.map(toBar))
        drawnRevision = candles?.revision ?? null
        lastTime = items[items.length - 1]?.time ?? -Infinity
        if (candles && candles.revision > 0) chartRef.current?.timeScale().scrollToRealTime()
        return
      }
      const last = candles.items[candles.items.length - 1]
      // The chart only accepts the newest bar; a correction to an older minute waits for history.
      if (last && last.time >= lastTime) {
        series.update(toBar(last))
        lastTime = last.time
      }
    }
    draw(useMarketStore.getState().candles[symbol])
    return useMarketStore.subscribe((state, previous) => {
      const next = state.candles[symbol]
      if (next !== previous.candles[symbol]) draw(next)
    })
  }, [symbol])

  return (
    <div className={`chart ${className ?? ''}`}>
      <div
        ref={containerRef}
        className="chart-canvas"
        data-testid="price-chart"
        data-levels={levels.map((l) => `${l.title} at ${l.price}`).join('; ')}
        aria-label={`${symbol} one-minute candles${levels.length > 0 ? `, with ${levels.map((l) => `${l.title} at ${l.price}`).join(', ')}` : ''}`}
        role="img"
      />
      {candleError ? (
        <p className="chart-error" role="alert">
          {candleError}
        </p>
      ) : null}
      <p className="chart-credit">Charts by TradingView Lightweight Charts™</p>
    </div>
  )
}
