/**
 * A stand-in for lightweight-charts, which cannot draw in jsdom: it records what the console
 * asks the chart to draw so tests can check the data, not the pixels.
 */
import { vi } from 'vitest'

/** What the fake charts were asked to do. */
export const chartCalls = {
  setData: [] as unknown[][],
  update: [] as unknown[],
  removed: 0,
  /** The price lines drawn now, by their options. */
  priceLines: new Set<Record<string, unknown>>(),
  reset(): void {
    this.setData = []
    this.update = []
    this.removed = 0
    this.priceLines = new Set()
  },
}

/** The module factory for vi.mock('lightweight-charts'). */
export function lightweightChartsMock(): Record<string, unknown> {
  const series = {
    setData: vi.fn((data: unknown[]) => {
      chartCalls.setData.push(data)
    }),
    update: vi.fn((bar: unknown) => {
      chartCalls.update.push(bar)
    }),
    createPriceLine: vi.fn((options: Record<string, unknown>) => {
      chartCalls.priceLines.add(options)
      return options
    }),
    applyOptions: vi.fn(),
    removePriceLine: vi.fn((line: Record<string, unknown>) => {
      chartCalls.priceLines.delete(line)
    }),
  }
  return {
    ColorType: { Solid: 'solid', VerticalGradient: 'gradient' },
    LineStyle: { Solid: 0, Dotted: 1, Dashed: 2 },
    CandlestickSeries: { type: 'Candlestick' },
    HistogramSeries: { type: 'Histogram' },
    createChart: vi.fn(() => ({
      addSeries: vi.fn(() => series),
      timeScale: vi.fn(() => ({ scrollToRealTime: vi.fn() })),
      remove: vi.fn(() => {
        chartCalls.removed += 1
      }),
    })),
  }
}
