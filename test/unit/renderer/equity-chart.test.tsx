/**
 * The equity chart's axis stays readable: the latest equity and drawdown are in a legend with
 * their units instead of value labels on the axis, and tick labels cut by the separator between
 * the equity and drawdown panes are not drawn ("9970.00" over "0.00%").
 */
import { cleanup, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { EquityChart } from '../../../renderer/src/charts/equity-chart'
import { chartCalls } from './chart-mock'

vi.mock('lightweight-charts', async () => (await import('./chart-mock')).lightweightChartsMock())

const MINUTE = 60_000
const T0 = Date.parse('2026-11-20T10:00:00Z')
const POINTS = [10_000, 10_020, 9_970].map((equity, i) => ({ ts: T0 + i * MINUTE, equity }))

describe('Equity chart', () => {
  beforeEach(() => chartCalls.reset())
  afterEach(cleanup)

  it('shows the latest equity and drawdown in a legend, with their units', () => {
    render(<EquityChart points={POINTS} summary="Equity" />)
    const at = new Date(T0 + 2 * MINUTE)
    const hm = [at.getHours(), at.getMinutes()].map((n) => String(n).padStart(2, '0')).join(':')
    expect(screen.getByTestId('equity-legend-time').textContent).toMatch(new RegExp(`${hm}:$`))
    expect(screen.getByTestId('equity-legend-equity').textContent).toBe('$9,970.00')
    // 9,970 is 0.50 % below the peak of 10,020.
    expect(screen.getByTestId('equity-legend-drawdown').textContent).toBe('-0.50%')
  })

  it('draws no value labels on the shared axis, and no tick label cut by the pane separator', () => {
    render(<EquityChart points={POINTS} summary="Equity" />)
    const [equity, drawdown] = chartCalls.series
    expect([equity?.pane, drawdown?.pane]).toEqual([0, 1])
    for (const series of [equity, drawdown]) {
      expect(series?.options).toMatchObject({ lastValueVisible: false, priceLineVisible: false })
      expect(series?.scaleOptions).toMatchObject({ entireTextOnly: true })
    }
    // The drawdown's 0 % is below the separator, where its label is whole.
    const margins = drawdown?.scaleOptions.scaleMargins as { top: number }
    expect(margins.top).toBeGreaterThan(0)
  })

  it('shows no legend before there is any equity to show', () => {
    render(<EquityChart points={[]} summary="Equity" />)
    expect(screen.queryByTestId('equity-legend')).toBeNull()
    expect(screen.getByTestId('equity-empty')).toBeTruthy()
  })
})
