/**
 * A stand-in for lightweight-charts, which cannot draw in jsdom: it records what the console
 * asks the chart to draw so tests can check the data, not the pixels.
 */
import { vi } from 'vitest'

/** One series the console added: its kind, pane and options as they stand now. */
export interface FakeSeries {
  readonly kind: string
  readonly pane: number
  options: Record<string, unknown>
  /** The options of the price scale it is drawn against. */
  scaleOptions: Record<string, unknown>
}

type RangeHandler = (range: { from: number; to: number } | null) => void

/** What the fake charts were asked to do. */
export const chartCalls = {
  setData: [] as unknown[][],
  update: [] as unknown[],
  removed: 0,
  /** The price lines drawn now, by their options. */
  priceLines: new Set<Record<string, unknown>>(),
  /** Every series added, in order. */
  series: [] as FakeSeries[],
  /** Each list of markers set, in order. */
  markers: [] as Record<string, unknown>[][],
  /** The width of every fake chart's plot, px. */
  plotWidth: 600,
  /** Handlers of visible-range changes, to zoom the fake chart. */
  rangeHandlers: new Set<RangeHandler>(),
  /** The logical bars shown, as last set or zoomed to. */
  visibleRange: null as { from: number; to: number } | null,
  reset(): void {
    this.setData = []
    this.update = []
    this.removed = 0
    this.priceLines = new Set()
    this.series = []
    this.markers = []
    this.plotWidth = 600
    this.rangeHandlers = new Set()
    this.visibleRange = null
  },
  /** Shows logical bars `from`–`to`, as a trader's zoom does. */
  zoom(from: number, to: number): void {
    this.visibleRange = { from, to }
    for (const handler of this.rangeHandlers) handler({ from, to })
  },
}

function fakeSeries(kind: string, options: Record<string, unknown>, pane: number) {
  const record: FakeSeries = { kind, pane, options: { ...options }, scaleOptions: {} }
  chartCalls.series.push(record)
  return {
    setData: vi.fn((data: unknown[]) => {
      chartCalls.setData.push(data)
    }),
    update: vi.fn((bar: unknown) => {
      chartCalls.update.push(bar)
    }),
    createPriceLine: vi.fn((line: Record<string, unknown>) => {
      chartCalls.priceLines.add(line)
      return line
    }),
    applyOptions: vi.fn((more: Record<string, unknown>) => {
      record.options = { ...record.options, ...more }
    }),
    removePriceLine: vi.fn((line: Record<string, unknown>) => {
      chartCalls.priceLines.delete(line)
    }),
    priceScale: vi.fn(() => ({
      applyOptions: vi.fn((more: Record<string, unknown>) => {
        record.scaleOptions = { ...record.scaleOptions, ...more }
      }),
    })),
  }
}

/** The module factory for vi.mock('lightweight-charts'). */
export function lightweightChartsMock(): Record<string, unknown> {
  return {
    ColorType: { Solid: 'solid', VerticalGradient: 'gradient' },
    LineStyle: { Solid: 0, Dotted: 1, Dashed: 2 },
    AreaSeries: { type: 'Area' },
    BaselineSeries: { type: 'Baseline' },
    LineSeries: { type: 'Line' },
    CandlestickSeries: { type: 'Candlestick' },
    HistogramSeries: { type: 'Histogram' },
    createSeriesMarkers: vi.fn(() => ({
      setMarkers: vi.fn((markers: Record<string, unknown>[]) => {
        chartCalls.markers.push(markers)
      }),
    })),
    createChart: vi.fn(() => ({
      addSeries: vi.fn((def: { type: string }, options: Record<string, unknown> = {}, pane = 0) =>
        fakeSeries(def.type, options, pane),
      ),
      removeSeries: vi.fn(),
      panes: vi.fn(() => [{ setStretchFactor: vi.fn() }, { setStretchFactor: vi.fn() }]),
      timeScale: vi.fn(() => ({
        scrollToRealTime: vi.fn(),
        fitContent: vi.fn(),
        width: () => chartCalls.plotWidth,
        getVisibleLogicalRange: () => chartCalls.visibleRange,
        setVisibleLogicalRange: vi.fn((range: { from: number; to: number }) => {
          chartCalls.zoom(range.from, range.to)
        }),
        subscribeVisibleLogicalRangeChange: vi.fn((handler: RangeHandler) => {
          chartCalls.rangeHandlers.add(handler)
        }),
        unsubscribeVisibleLogicalRangeChange: vi.fn((handler: RangeHandler) => {
          chartCalls.rangeHandlers.delete(handler)
        }),
      })),
      remove: vi.fn(() => {
        chartCalls.removed += 1
      }),
    })),
  }
}
