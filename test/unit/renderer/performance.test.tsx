import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type {
  ExecutionMetrics,
  PerformanceView,
  ReturnMetrics,
  RoundTrip,
  TradeMetrics,
} from '../../../shared/performance'
import { ok } from '../../../shared/result'
import { App } from '../../../renderer/src/app'
import { drawdownSeries } from '../../../renderer/src/charts/equity-chart'
import { toLineData } from '../../../renderer/src/charts/sharpe-chart'
import { tradeMarkers } from '../../../renderer/src/charts/trades-chart'
import {
  FILL_DEBOUNCE_MS,
  REFRESH_MS,
} from '../../../renderer/src/features/performance/performance-screen'
import { rangeBounds } from '../../../renderer/src/features/performance/performance-format'
import { usePerformanceStore } from '../../../renderer/src/stores/performance-store'
import { candle, connectFake, FakeTransport, fill, paperAccount, snapshot } from './harness'

/** What the fake charts were asked to draw, by series kind. */
const drawn = vi.hoisted(() => ({
  data: [] as { kind: string; pane: number; data: unknown[] }[],
  markers: [] as unknown[][],
  reset() {
    this.data = []
    this.markers = []
  },
}))

vi.mock('lightweight-charts', () => {
  const series = (kind: string, pane: number) => ({
    setData: vi.fn((data: unknown[]) => drawn.data.push({ kind, pane, data })),
    update: vi.fn(),
    applyOptions: vi.fn(),
    createPriceLine: vi.fn(),
    priceLines: vi.fn(() => []),
    priceScale: vi.fn(() => ({ applyOptions: vi.fn() })),
  })
  return {
    ColorType: { Solid: 'solid' },
    LineStyle: { Dashed: 2 },
    AreaSeries: { type: 'Area' },
    BaselineSeries: { type: 'Baseline' },
    LineSeries: { type: 'Line' },
    CandlestickSeries: { type: 'Candlestick' },
    HistogramSeries: { type: 'Histogram' },
    createSeriesMarkers: vi.fn(() => ({
      setMarkers: vi.fn((markers: unknown[]) => drawn.markers.push(markers)),
    })),
    createChart: vi.fn(() => ({
      addSeries: vi.fn((def: { type: string }, _options: unknown, pane = 0) =>
        series(def.type, pane),
      ),
      removeSeries: vi.fn(),
      panes: vi.fn(() => [{ setStretchFactor: vi.fn() }, { setStretchFactor: vi.fn() }]),
      timeScale: vi.fn(() => ({
        fitContent: vi.fn(),
        scrollToRealTime: vi.fn(),
        setVisibleLogicalRange: vi.fn(),
        getVisibleLogicalRange: vi.fn(() => null),
        width: vi.fn(() => 600),
        subscribeVisibleLogicalRangeChange: vi.fn(),
        unsubscribeVisibleLogicalRangeChange: vi.fn(),
      })),
      remove: vi.fn(),
    })),
  }
})

const HOUR = 3_600_000
const T0 = Date.parse('2026-11-20T10:00:00Z')

function tradeMetrics(overrides: Partial<TradeMetrics> = {}): TradeMetrics {
  return {
    trades: 2,
    wins: 2,
    losses: 0,
    breakeven: 0,
    winRate: 1,
    averageProfit: '6.25',
    totalProfit: '14.5',
    fees: '2',
    netProfit: '12.5',
    grossProfit: '12.5',
    grossLoss: '0',
    averageWin: '6.25',
    averageLoss: null,
    profitFactor: Infinity,
    payoffRatio: null,
    expectancy: '6.25',
    longestWinRun: 2,
    longestLossRun: 0,
    maxDrawdownAmount: '0',
    maxDrawdown: 0,
    feeEfficiency: 0.16,
    holdTimeMeanMs: HOUR,
    holdTimeMedianMs: HOUR,
    exposure: 0.5,
    reasons: {
      averageLoss: 'No losing trade in the range.',
      payoffRatio: 'No losing trade in the range.',
    },
    ...overrides,
  }
}

function returnMetrics(overrides: Partial<ReturnMetrics> = {}): ReturnMetrics {
  return {
    days: 1,
    periodsPerYear: 365,
    meanReturn: 0.00125,
    stdev: null,
    sharpe: null,
    downsideDeviation: 0,
    sortino: null,
    totalReturn: 0.00125,
    cagr: null,
    maxDrawdown: 0,
    calmar: null,
    rollingSharpe: null,
    reasons: {
      stdev: 'Needs at least 2 daily returns (have 1).',
      sharpe: 'Needs at least 2 daily returns (have 1).',
      sortino: 'No losing day, so no downside deviation.',
      cagr: 'Needs at least 30 days.',
      calmar: 'No drawdown to divide by.',
      rollingSharpe: 'Needs 30 daily returns (have 1).',
    },
    ...overrides,
  }
}

const EXECUTION: ExecutionMetrics = {
  executed: 4,
  rejected: 1,
  failed: 0,
  fillRate: 0.8,
  slippage: { orders: 4, meanBps: 2.5, medianBps: 2, p95Bps: 4.6 },
  slippageBySymbol: { 'BTC-USD': { orders: 4, meanBps: 2.5, medianBps: 2, p95Bps: 4.6 } },
  reasons: {},
}

function roundTrip(overrides: Partial<RoundTrip> = {}): RoundTrip {
  return {
    accountId: 'paper-main',
    symbol: 'BTC-USD',
    side: 'long',
    openedAt: T0,
    closedAt: T0 + HOUR,
    quantity: '0.01',
    entryPrice: '65000.00',
    exitPrice: '65800.00',
    grossPnl: '8.00',
    fees: '1.00',
    pnl: '7.00',
    closeFillId: 'fill-2',
    closeOrderId: 'ord-2',
    ...overrides,
  }
}

function view(overrides: Partial<PerformanceView> = {}): PerformanceView {
  return {
    accountId: 'paper-main',
    from: null,
    to: null,
    metrics: { trades: tradeMetrics(), daily: returnMetrics(), execution: EXECUTION },
    equity: {
      minutes: [
        { ts: T0, equity: 10_000 },
        { ts: T0 + 60_000, equity: 10_020 },
        { ts: T0 + 120_000, equity: 9_900 },
      ],
      days: [],
    },
    rollingSharpe: [],
    slippage: [{ ts: T0, symbol: 'BTC-USD', bps: 2.5 }],
    trades: [
      roundTrip(),
      roundTrip({
        closeFillId: 'fill-4',
        openedAt: T0 + 2 * HOUR,
        closedAt: T0 + 3 * HOUR,
        exitPrice: '64400.00',
        pnl: '-7.00',
      }),
    ],
    positions: [],
    realizedPnl: '12.5',
    unrealizedPnl: '0',
    ...overrides,
  }
}

describe('Performance screen', () => {
  let disconnect: () => void = () => undefined
  let host: FakeTransport

  async function open(answer: PerformanceView = view()): Promise<void> {
    host = new FakeTransport(
      snapshot({ accounts: [paperAccount(), paperAccount({ id: 'paper-2', name: 'Second' })] }),
    )
    host.responders['performance:get'] = () => ok(answer)
    host.responders['market:get-candles'] = () =>
      ok([candle('BTC-USD', T0, 65_000), candle('BTC-USD', T0 + HOUR, 65_800)])
    disconnect = await connectFake(host)
    render(<App />)
    fireEvent.click(screen.getByTestId('nav-performance'))
    await screen.findByTestId('perf-cards')
  }

  beforeEach(() => {
    history.replaceState(null, '', '#/')
    usePerformanceStore.setState(usePerformanceStore.getInitialState(), true)
    drawn.reset()
  })

  afterEach(() => {
    vi.useRealTimers()
    cleanup()
    disconnect()
  })

  it('shows an undefined metric as "—" with the reason, never as 0', async () => {
    await open()
    for (const id of ['card-sharpe', 'metric-daily-sharpe', 'metric-trade-averageLoss']) {
      const value = screen.getByTestId(id)
      expect(value.textContent).toBe('—')
      expect(value.getAttribute('title')).toMatch(/Needs at least 2|No losing trade/)
    }
    // A defined 0 is still 0: the maximum drawdown was none at all.
    expect(screen.getByTestId('metric-daily-maxDrawdown').textContent).toBe('0.00%')
    expect(screen.getByTestId('metric-trade-winRate').textContent).toBe('100.00%')
  })

  it('shows the reason beside each "—": no trades, no day closed yet, too few days to annualize', async () => {
    await open(
      view({
        metrics: {
          ...view().metrics,
          trades: tradeMetrics({
            trades: 0,
            wins: 0,
            winRate: null,
            profitFactor: null,
            reasons: { winRate: 'no closed trades', profitFactor: 'no closed trades' },
          }),
          daily: returnMetrics({
            days: 1,
            maxDrawdown: -0.0027,
            cagr: null,
            calmar: null,
            reasons: {
              cagr: 'needs at least 30 days of history; have 1',
              calmar: 'needs at least 30 days of history; have 1',
            },
          }),
        },
      }),
    )
    // Not "0.00": no trade means no profit factor at all.
    expect(screen.getByTestId('card-profit-factor').textContent).toBe('—')
    expect(screen.getByTestId('card-profit-factor-reason').textContent).toBe('no closed trades')
    for (const id of ['metric-daily-cagr', 'metric-daily-calmar']) {
      expect(screen.getByTestId(id).textContent).toBe('—')
      expect(screen.getByTestId(`${id}-reason`).textContent).toBe(
        'needs at least 30 days of history; have 1',
      )
    }
    expect(screen.getByTestId('card-max-drawdown').textContent).toBe('-0.27%')
  })

  it('shows the minute drawdown the chart draws beside the drawdown of the day closes', async () => {
    await open(
      view({
        metrics: {
          ...view().metrics,
          daily: returnMetrics({
            days: 0,
            maxDrawdown: null,
            reasons: { maxDrawdown: 'no completed day yet (a day closes at local midnight)' },
          }),
        },
      }),
    )
    // No day has closed: "—" with why, not the "0.00 %" that contradicted the chart.
    expect(screen.getByTestId('card-max-drawdown').textContent).toBe('—')
    expect(screen.getByTestId('card-max-drawdown-reason').textContent).toBe(
      'no completed day yet (a day closes at local midnight)',
    )
    // The minutes drawn: 10,000 → 10,020 → 9,900, a fall of 120 from the 10,020 peak.
    expect(screen.getByTestId('card-minute-drawdown').textContent).toBe(
      `${((9_900 / 10_020 - 1) * 100).toFixed(2)}%`,
    )
    expect(screen.getByTestId('equity-drawdown-note').textContent).toMatch(/each minute/)
  })

  it('writes money metrics from their exact decimal digits, with sign and tone', async () => {
    await open(
      view({
        realizedPnl: '-19.65096',
        metrics: {
          ...view().metrics,
          // More digits than a binary float holds: a float would end in …568.00.
          trades: tradeMetrics({ grossProfit: '12345678901234567.125', netProfit: '-19.65096' }),
        },
      }),
    )
    const realized = screen.getByTestId('card-realized')
    expect(realized.textContent).toBe('-$19.65')
    expect(realized.className).toContain('loss')
    expect(screen.getByTestId('metric-trade-netProfit').textContent).toBe('-$19.65')
    expect(screen.getByTestId('metric-trade-grossProfit').textContent).toBe(
      '$12,345,678,901,234,567.13',
    )
    expect(screen.getByTestId('metric-trade-averageProfit').textContent).toBe('+$6.25')
  })

  it('says the unrealized PnL holds the entry fees of open positions, which the Overview counts as realized', async () => {
    const position = {
      accountId: 'paper-main',
      symbol: 'BTC-USD',
      side: 'long' as const,
      quantity: '0.01',
      entryPrice: '65000',
      entryFees: '3.9',
      openedAt: T0,
      markPrice: '65100',
      unrealizedPnl: '-2.9',
    }
    await open(
      view({ positions: [position, { ...position, symbol: 'ETH-USD', entryFees: '9.41' }] }),
    )
    expect(screen.getByTestId('card-unrealized-fees').textContent).toBe(
      'includes -$13.31 of entry fees of open positions (the Overview counts them as realized when paid)',
    )
  })

  it('says nothing of entry fees when no position is open', async () => {
    await open(view())
    expect(screen.queryByTestId('card-unrealized-fees')).toBeNull()
  })

  it('shows a profit factor without losses as ∞, also when JSON turned Infinity into null', async () => {
    await open()
    expect(screen.getByTestId('card-profit-factor').textContent).toBe('∞')
    cleanup()
    disconnect()
    // What the browser receives over the WebSocket: JSON has no Infinity.
    await open(
      view({ metrics: { ...view().metrics, trades: tradeMetrics({ profitFactor: null }) } }),
    )
    expect(screen.getByTestId('metric-trade-profitFactor').textContent).toBe('∞')
  })

  it('asks for the account in view over 30 days, then for all accounts or a custom range', async () => {
    await open()
    const first = host.callsTo('performance:get')[0] as { accountId?: string; from?: number }
    expect(first.accountId).toBe('paper-main')
    expect(Date.now() - (first.from ?? 0)).toBeGreaterThanOrEqual(30 * 24 * HOUR)

    fireEvent.change(screen.getByTestId('perf-account'), { target: { value: '*' } })
    await waitFor(() =>
      expect(host.callsTo('performance:get').at(-1)).not.toHaveProperty('accountId'),
    )

    fireEvent.click(screen.getByTestId('perf-range-custom'))
    fireEvent.change(screen.getByTestId('perf-from'), { target: { value: '2026-11-02' } })
    fireEvent.change(screen.getByTestId('perf-to'), { target: { value: '2026-11-03' } })
    await waitFor(() =>
      expect(host.callsTo('performance:get').at(-1)).toEqual({
        from: new Date(2026, 10, 2).getTime(),
        to: new Date(2026, 10, 4).getTime(),
      }),
    )
    const calls = host.callsTo('performance:get').length
    fireEvent.change(screen.getByTestId('perf-from'), { target: { value: '2026-11-05' } })
    expect(screen.getByTestId('perf-range-error').textContent).toMatch(/must not be after/)
    expect(host.callsTo('performance:get')).toHaveLength(calls)
  })

  it('asks again once new fills settle, and every minute', async () => {
    await open()
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] })
    // The effect that owns the timers starts again under the fake clock.
    fireEvent.click(screen.getByTestId('perf-range-7d'))
    await act(async () => undefined)
    const before = host.callsTo('performance:get').length

    act(() => {
      host.emit({ type: 'fills:created', payload: fill({ id: 'fill-9' }) })
      host.emit({ type: 'fills:created', payload: fill({ id: 'fill-10' }) })
    })
    await act(() => vi.advanceTimersByTimeAsync(FILL_DEBOUNCE_MS - 1))
    expect(host.callsTo('performance:get')).toHaveLength(before)
    await act(() => vi.advanceTimersByTimeAsync(1))
    expect(host.callsTo('performance:get')).toHaveLength(before + 1)

    await act(() => vi.advanceTimersByTimeAsync(REFRESH_MS))
    expect(host.callsTo('performance:get')).toHaveLength(before + 2)
  })

  it('draws the equity with its drawdown, and the trades on the candles', async () => {
    await open()
    const equity = drawn.data.find((d) => d.kind === 'Area' && d.pane === 0 && d.data.length > 0)
    expect(equity?.data.map((p) => (p as { value: number }).value)).toEqual([10_000, 10_020, 9_900])
    const drawdown = drawn.data.find(
      (d) => d.kind === 'Baseline' && d.pane === 1 && d.data.length > 0,
    )
    const last = drawdown?.data.at(-1) as { value: number }
    expect(last.value).toBeCloseTo((9_900 / 10_020 - 1) * 100, 6)

    await waitFor(() => expect(drawn.markers.some((m) => m.length > 0)).toBe(true))
    const markers = drawn.markers.filter((m) => m.length > 0).at(-1) as { text: string }[]
    expect(markers.map((m) => m.text)).toEqual(['Buy', 'Sell +$7.00'])
  })

  it('lists the trades with their net PnL coloured', async () => {
    await open()
    const rows = within(screen.getByTestId('round-trips-table')).getAllByTestId('round-trip-row')
    expect(rows).toHaveLength(2)
    const pnl = rows.map((row) => within(row).getByTestId('round-trip-pnl'))
    expect(pnl.map((cell) => cell.textContent)).toEqual(['+$7.00', '-$7.00'])
    expect(pnl[0]?.className).toContain('gain')
    expect(pnl[1]?.className).toContain('loss')
  })
})

describe('Performance arithmetic', () => {
  it('measures drawdown from the running peak, in percent', () => {
    const points = [100, 120, 90, 130].map((equity, i) => ({ ts: i * 60_000, equity }))
    expect(drawdownSeries(points).map((p) => p.pct)).toEqual([0, 0, -25, 0])
  })

  it('leaves a gap, not a zero, where the rolling Sharpe is undefined', () => {
    const data = toLineData([
      { ts: 0, value: null },
      { ts: 86_400_000, value: 1.5 },
    ])
    expect(data[0]).toEqual({ time: 0 })
    expect(data[1]).toEqual({ time: 86_400, value: 1.5 })
  })

  it('marks only trades within the candles shown, on their minute, oldest first', () => {
    const markers = tradeMarkers(
      [
        roundTrip({ openedAt: T0 + 30_000, closedAt: T0 + HOUR + 45_000, pnl: '-1.5' }),
        roundTrip({ openedAt: T0 - 10 * HOUR, closedAt: T0 - 9 * HOUR }),
      ],
      T0,
      T0 + HOUR,
    )
    expect(markers.map((m) => [m.time, m.shape, m.text])).toEqual([
      [T0 / 1000, 'arrowUp', 'Buy'],
      [(T0 + HOUR) / 1000, 'arrowDown', 'Sell -$1.50'],
    ])
  })

  it('turns a custom range of days into [first midnight, midnight after the last)', () => {
    expect(rangeBounds({ kind: 'custom', from: '2026-03-01', to: '2026-03-31' }, 0)).toEqual({
      from: new Date(2026, 2, 1).getTime(),
      to: new Date(2026, 3, 1).getTime(),
    })
    expect(rangeBounds({ kind: 'all', from: '', to: '' }, 0)).toEqual({})
  })
})
