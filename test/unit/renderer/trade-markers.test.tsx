/**
 * The entry and exit markers of the Performance screen's candle chart stay readable when trades
 * crowd: one marker per bar with a count, and labels left out (arrows kept, with a note saying
 * so) where they would run into each other on screen.
 */
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { RoundTrip } from '../../../shared/performance'
import { TradesChart, tradeMarkers } from '../../../renderer/src/charts/trades-chart'
import { chartCalls } from './chart-mock'
import { candle } from './harness'

vi.mock('lightweight-charts', async () => (await import('./chart-mock')).lightweightChartsMock())

const MINUTE = 60_000
const T0 = Date.parse('2026-11-20T10:00:00Z')
const CANDLES = Array.from({ length: 120 }, (_, i) => candle('BTC-USD', T0 + i * MINUTE, 65_000))
const LAST = T0 + 119 * MINUTE

function trade(openMinute: number, closeMinute: number, pnl: string): RoundTrip {
  return {
    accountId: 'paper-main',
    symbol: 'BTC-USD',
    side: 'long',
    openedAt: T0 + openMinute * MINUTE + 5_000,
    closedAt: T0 + closeMinute * MINUTE + 10_000,
    quantity: '0.01',
    entryPrice: '65000.00',
    exitPrice: '65100.00',
    grossPnl: pnl,
    fees: '0',
    pnl,
    closeFillId: `fill-${closeMinute}`,
    closeOrderId: `ord-${closeMinute}`,
  }
}

/** A bot that buys and sells within a minute, six minutes in a row. */
const CROWDED = [0, 1, 2, 3, 4, 5].map((i) => trade(100 + i, 100 + i, i % 2 ? '-1.25' : '2.50'))

type Drawn = { time: number; position: string; shape: string; text?: string }

function lastMarkers(): Drawn[] {
  return (chartCalls.markers.at(-1) ?? []) as Drawn[]
}

describe('Trade markers', () => {
  beforeEach(() => chartCalls.reset())
  afterEach(cleanup)

  it('draws the exits of one bar as one marker with their count and net profit', () => {
    const trades = [trade(10, 20, '3.00'), trade(11, 20, '-1.00'), trade(12, 20, '0.50')]
    const exits = tradeMarkers(trades, T0, LAST).filter((m) => m.position === 'aboveBar')
    expect(exits).toEqual([
      expect.objectContaining({ time: (T0 + 20 * MINUTE) / 1000, text: '3 sells +$2.50' }),
    ])
  })

  it('labels every marker while the labels have room', () => {
    const markers = tradeMarkers(CROWDED, T0, LAST, 200)
    expect(markers).toHaveLength(12)
    expect(markers.every((m) => m.text)).toBe(true)
  })

  it('keeps the arrows of crowded trades, the newest labelled, and says why the rest are not', () => {
    render(<TradesChart candles={CANDLES} trades={CROWDED} symbol="BTC-USD" summary="BTC" />)
    const markers = lastMarkers()
    // Every trade keeps its arrow and color.
    expect(markers).toHaveLength(12)
    // The last 72 bars fill 600 px: 8.3 px a minute. "Sell -$1.25" spans 11 bars, "Buy" four:
    // the newest exit keeps its label, and every other buy, newest first.
    const labelled = markers
      .filter((m) => m.text)
      .map((m) => [(m.time * 1000 - T0) / MINUTE, m.text])
    expect(labelled).toEqual([
      [101, 'Buy'],
      [105, 'Buy'],
      [105, 'Sell -$1.25'],
    ])
    expect(screen.getByTestId('trades-chart-crowded').textContent).toMatch(
      /9 markers are drawn without a label .*table below/,
    )
  })

  it('labels them all again when the trader zooms in on them', () => {
    render(<TradesChart candles={CANDLES} trades={CROWDED} symbol="BTC-USD" summary="BTC" />)
    // Five bars across 600 px: 120 px a bar.
    act(() => chartCalls.zoom(101, 106))
    expect(lastMarkers().every((m) => m.text)).toBe(true)
    expect(screen.queryByTestId('trades-chart-crowded')).toBeNull()
  })

  it('keeps the view the trader zoomed to when the candles refresh, until a new trade comes', () => {
    const { rerender } = render(
      <TradesChart candles={CANDLES} trades={CROWDED} symbol="BTC-USD" summary="BTC" />,
    )
    fireEvent.wheel(screen.getByTestId('trades-chart'))
    act(() => chartCalls.zoom(101, 106))
    // A minute later the newest candle is added and the oldest drops off: the same minutes stay
    // in view, one bar to the left, with every label.
    const next = [...CANDLES.slice(1), candle('BTC-USD', LAST + MINUTE, 65_000)]
    rerender(<TradesChart candles={next} trades={CROWDED} symbol="BTC-USD" summary="BTC" />)
    expect(chartCalls.visibleRange).toEqual({ from: 100, to: 105 })
    expect(lastMarkers().every((m) => m.text)).toBe(true)
    // A new trade is news: the chart frames the trades again.
    const more = [...CROWDED, trade(110, 111, '4.00')]
    rerender(<TradesChart candles={next} trades={more} symbol="BTC-USD" summary="BTC" />)
    // The last hour and twelve empty bars: minutes 60 to 120 of 1 to 120.
    expect(chartCalls.visibleRange).toEqual({ from: 59, to: 131 })
  })
})
