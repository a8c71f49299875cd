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
  reset(): void {
    this.setData = []
    this.update = []
    this.removed = 0
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
  }
  return {
    ColorType: { Solid: 'solid', VerticalGradient: 'gradient' },
    CandlestickSeries: { type: 'Candlestick' },
    createChart: vi.fn(() => ({
      addSeries: vi.fn(() => series),
      timeScale: vi.fn(() => ({ scrollToRealTime: vi.fn() })),
      remove: vi.fn(() => {
        chartCalls.removed += 1
      }),
    })),
  }
}
