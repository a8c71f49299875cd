/**
 * Performance: for one account or all of them, over a time range, the headline figures, the
 * equity curve with its drawdown, a symbol's candles with where trades were entered and exited,
 * the rolling Sharpe ratio, slippage per order, every metric with its unit, the recent trades
 * and what is still open. It asks the engine again on new fills (once they settle) and every
 * minute.
 */
import { useEffect, useId, useMemo, useState } from 'react'
import type { EquityPoint, PerformanceView } from '../../../../shared/performance'
import { SYMBOLS, type Candle, type MarketSymbol } from '../../../../shared/types'
import { EquityChart } from '../../charts/equity-chart'
import { SharpeChart } from '../../charts/sharpe-chart'
import { SlippageChart } from '../../charts/slippage-chart'
import { TradesChart } from '../../charts/trades-chart'
import { formatTime } from '../../lib/format'
import { useConnectionStore } from '../../stores/connection-store'
import { selectAccountIdInView, useLedgerStore } from '../../stores/ledger-store'
import { useMarketStore } from '../../stores/market-store'
import { useOrdersStore } from '../../stores/orders-store'
import {
  ALL_ACCOUNTS,
  usePerformanceStore,
  type PerformanceQuery,
  type RangeChoice,
} from '../../stores/performance-store'
import { DailyProfitChart } from '../../charts/daily-profit-chart'
import {
  ExecutionPanel,
  ReturnMetricsPanel,
  SummaryCards,
  TradeMetricsPanel,
} from './metrics-panels'
import { accountQuery, isoDay, RANGE_LABELS, rangeBounds } from './performance-format'
import { OpenPositionsTable, TradesTable } from './trades-tables'
import './performance.css'

/** How long fills must stop arriving before the view is fetched again. */
export const FILL_DEBOUNCE_MS = 1_500
/** How often the view is fetched while the screen is open. */
export const REFRESH_MS = 60_000

const DAY_MS = 86_400_000

type Resolution = 'minutes' | 'days'

const NO_CANDLES: readonly Candle[] = []

/** The Performance screen. */
export function PerformanceScreen() {
  const accountChoice = usePerformanceStore((s) => s.accountChoice)
  const range = usePerformanceStore((s) => s.range)
  const view = usePerformanceStore((s) => s.view)
  const viewQuery = usePerformanceStore((s) => s.viewQuery)
  const loading = usePerformanceStore((s) => s.loading)
  const error = usePerformanceStore((s) => s.error)
  const load = usePerformanceStore((s) => s.load)
  const inView = useLedgerStore(selectAccountIdInView)
  const online = useConnectionStore((s) => s.status === 'online')
  const accountId = accountChoice ?? inView ?? ALL_ACCOUNTS
  // A custom range does not move with the clock, so its error is known without a time.
  const rangeError = range.kind === 'custom' ? errorOf(rangeBounds(range, 0)) : null

  useEffect(() => {
    if (!online || rangeError) return
    const fetchNow = (): void => {
      const bounds = rangeBounds(range, Date.now())
      if ('error' in bounds) return
      void load({ ...accountQuery(accountId), ...bounds })
    }
    fetchNow()
    const every = setInterval(fetchNow, REFRESH_MS)
    let settle: ReturnType<typeof setTimeout> | null = null
    const stop = useOrdersStore.subscribe((state, previous) => {
      if (state.fills === previous.fills) return
      if (settle) clearTimeout(settle)
      settle = setTimeout(fetchNow, FILL_DEBOUNCE_MS)
    })
    return () => {
      clearInterval(every)
      if (settle) clearTimeout(settle)
      stop()
    }
  }, [online, accountId, range, rangeError, load])

  // What is on screen answers the current choice only if it was asked for this account.
  const current = view && sameAccount(viewQuery, accountId) ? view : null

  return (
    <div className="screen performance">
      <div className="screen-title-row">
        <h1 className="screen-title">Performance</h1>
        <RefreshState loading={loading} />
      </div>
      <Controls accountId={accountId} rangeError={rangeError} />
      {error ? (
        <p className="banner banner-warn" role="alert" data-testid="perf-error">
          Vigil could not compute the performance: {error}
        </p>
      ) : null}
      {current ? (
        <PerformanceBody view={current} />
      ) : (
        <section className="panel" data-testid="perf-empty">
          <p className="muted">
            {online
              ? loading
                ? 'Computing the performance…'
                : 'No performance figures yet.'
              : 'The console is not connected to Vigil; the figures come when it is.'}
          </p>
        </section>
      )}
      <p className="chart-credit">Charts by TradingView Lightweight Charts™</p>
    </div>
  )
}

function errorOf(bounds: ReturnType<typeof rangeBounds>): string | null {
  return 'error' in bounds ? bounds.error : null
}

function sameAccount(query: PerformanceQuery | null, accountId: string): boolean {
  if (!query) return false
  return (query.accountId ?? ALL_ACCOUNTS) === accountId
}

function RefreshState({ loading }: { readonly loading: boolean }) {
  const loadedAt = usePerformanceStore((s) => s.loadedAt)
  return (
    <span className="muted" role="status" data-testid="perf-status">
      {loading
        ? 'Updating…'
        : loadedAt !== null
          ? `Updated at ${formatTime(loadedAt).slice(11)}`
          : ''}
    </span>
  )
}

function Controls({
  accountId,
  rangeError,
}: {
  readonly accountId: string
  readonly rangeError: string | null
}) {
  const accounts = useLedgerStore((s) => s.accounts)
  const range = usePerformanceStore((s) => s.range)
  const chooseAccount = usePerformanceStore((s) => s.chooseAccount)
  const chooseRange = usePerformanceStore((s) => s.chooseRange)
  const selectId = useId()
  const fromId = useId()
  const toId = useId()

  const pick = (kind: RangeChoice['kind']): void => {
    chooseRange(kind === 'custom' ? customRange(range) : { ...range, kind })
  }

  return (
    <section className="panel perf-controls" aria-label="What to show">
      <div className="perf-control">
        <label htmlFor={selectId} className="label">
          Account
        </label>
        <select
          id={selectId}
          data-testid="perf-account"
          value={accountId}
          onChange={(event) => chooseAccount(event.target.value)}
        >
          <option value={ALL_ACCOUNTS}>All accounts</option>
          {accounts.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name} ({a.kind === 'paper' ? 'paper' : (a.exchangeId ?? 'exchange')})
            </option>
          ))}
        </select>
      </div>
      <div className="perf-control">
        <span className="label" id={`${selectId}-range`}>
          Time range
        </span>
        <div className="scope-toggle" role="group" aria-labelledby={`${selectId}-range`}>
          {(Object.keys(RANGE_LABELS) as RangeChoice['kind'][]).map((kind) => (
            <button
              key={kind}
              type="button"
              className="chip"
              aria-pressed={range.kind === kind}
              data-testid={`perf-range-${kind}`}
              onClick={() => pick(kind)}
            >
              {RANGE_LABELS[kind]}
            </button>
          ))}
        </div>
      </div>
      {range.kind === 'custom' ? (
        <div className="perf-control perf-custom">
          <label htmlFor={fromId} className="label">
            From
          </label>
          <input
            id={fromId}
            type="date"
            data-testid="perf-from"
            value={range.from}
            onChange={(event) => chooseRange({ ...range, from: event.target.value })}
          />
          <label htmlFor={toId} className="label">
            to (included)
          </label>
          <input
            id={toId}
            type="date"
            data-testid="perf-to"
            value={range.to}
            onChange={(event) => chooseRange({ ...range, to: event.target.value })}
          />
          {rangeError ? (
            <span className="negative" role="alert" data-testid="perf-range-error">
              {rangeError}
            </span>
          ) : null}
        </div>
      ) : null}
    </section>
  )
}

/** The custom range, starting from the last 7 days (today included) the first time. */
function customRange(range: RangeChoice): RangeChoice {
  const now = Date.now()
  return {
    kind: 'custom',
    from: range.from || isoDay(now - 6 * DAY_MS),
    to: range.to || isoDay(now),
  }
}

function useAccountName(): (id: string) => string {
  const accounts = useLedgerStore((s) => s.accounts)
  return useMemo(() => {
    const names = new Map(accounts.map((a) => [a.id, a.name]))
    return (id: string) => names.get(id) ?? id
  }, [accounts])
}

function PerformanceBody({ view }: { readonly view: PerformanceView }) {
  const accountName = useAccountName()
  const showAccount = view.accountId === null
  return (
    <>
      <SummaryCards view={view} />
      <div className="perf-grid">
        <EquityPanel view={view} />
        <TradesChartPanel view={view} />
        <section className="panel" aria-labelledby="sharpe-title">
          <h2 id="sharpe-title" className="panel-title">
            Rolling 30-day Sharpe ratio
          </h2>
          <SharpeChart
            points={view.rollingSharpe}
            summary={`Rolling 30-day Sharpe ratio, ${view.rollingSharpe.length} days`}
          />
        </section>
        <section className="panel" aria-labelledby="daily-profit-title">
          <h2 id="daily-profit-title" className="panel-title">
            Profit per day (USD, closed trades after fees)
          </h2>
          <DailyProfitChart trades={view.trades} />
        </section>
        <section className="panel" aria-labelledby="slippage-title">
          <h2 id="slippage-title" className="panel-title">
            Slippage per order (bps, above 0 is a cost)
          </h2>
          <SlippageChart
            points={view.slippage}
            summary={`Slippage of ${view.slippage.length} orders, in basis points`}
          />
        </section>
      </div>
      <TradesTable trades={view.trades} showAccount={showAccount} accountName={accountName} />
      <OpenPositionsTable
        positions={view.positions}
        showAccount={showAccount}
        accountName={accountName}
      />
      <div className="perf-grid">
        <TradeMetricsPanel trades={view.metrics.trades} />
        <div className="perf-stack">
          <ReturnMetricsPanel daily={view.metrics.daily} />
          <ExecutionPanel execution={view.metrics.execution} />
        </div>
      </div>
    </>
  )
}

/**
 * The samples to draw: by day over long ranges, by minute over today or when there are not two
 * days yet (a new account).
 */
export function equityPoints(
  view: PerformanceView,
  resolution: Resolution | null,
): { readonly points: readonly EquityPoint[]; readonly resolution: Resolution } {
  const auto: Resolution = view.equity.days.length >= 2 ? 'days' : 'minutes'
  const chosen = resolution ?? auto
  return { points: chosen === 'days' ? view.equity.days : view.equity.minutes, resolution: chosen }
}

function EquityPanel({ view }: { readonly view: PerformanceView }) {
  const range = usePerformanceStore((s) => s.range)
  const [choice, setChoice] = useState<Resolution | null>(null)
  const { points, resolution } = equityPoints(
    view,
    choice ?? (range.kind === 'today' ? 'minutes' : null),
  )
  return (
    <section className="panel perf-wide" aria-labelledby="equity-title">
      <header className="chart-header">
        <h2 id="equity-title" className="panel-title">
          Equity (USD) and drawdown (%)
        </h2>
        <div className="scope-toggle" role="group" aria-label="Equity samples">
          <button
            type="button"
            className="chip"
            aria-pressed={resolution === 'minutes'}
            data-testid="equity-minutes"
            onClick={() => setChoice('minutes')}
          >
            Each minute, last 24 h
          </button>
          <button
            type="button"
            className="chip"
            aria-pressed={resolution === 'days'}
            data-testid="equity-days"
            onClick={() => setChoice('days')}
          >
            Each day
          </button>
        </div>
      </header>
      <EquityChart
        points={points}
        summary={`Equity at the close of each ${resolution === 'days' ? 'day' : 'minute'}, ${points.length} points, with the drawdown below`}
      />
      <p className="muted perf-note" data-testid="equity-drawdown-note">
        {resolution === 'days'
          ? 'The drawdown pane is measured on the day closes drawn, like “Max drawdown (daily closes)”.'
          : 'The drawdown pane is measured each minute, like “Deepest fall, last 24 h”; “Max drawdown (daily closes)” counts only the equity at each day’s close, so a fall within a day shows here first.'}
      </p>
    </section>
  )
}

function TradesChartPanel({ view }: { readonly view: PerformanceView }) {
  const chosen = usePerformanceStore((s) => s.chartSymbol)
  const choose = usePerformanceStore((s) => s.chooseChartSymbol)
  const candles = usePerformanceStore((s) => s.candles)
  const candlesSymbol = usePerformanceStore((s) => s.candlesSymbol)
  const candleError = usePerformanceStore((s) => s.candleError)
  const loadCandles = usePerformanceStore((s) => s.loadCandles)
  const marketSymbol = useMarketStore((s) => s.selectedSymbol)
  const listed = useMarketStore((s) => s.instruments)
  const symbols: readonly MarketSymbol[] = listed.length > 0 ? listed.map((i) => i.symbol) : SYMBOLS
  const latest = view.trades[0]?.symbol
  const symbol: MarketSymbol =
    chosen ?? symbols.find((s) => s === latest) ?? marketSymbol ?? SYMBOLS[0]
  const tradeCount = view.trades.filter((t) => t.symbol === symbol).length

  // Fresh candles with every fresh view, so new trades have their bars.
  useEffect(() => {
    void loadCandles(symbol)
  }, [symbol, view, loadCandles])

  const shown = candlesSymbol === symbol ? candles : NO_CANDLES
  return (
    <section className="panel perf-wide" aria-labelledby="trades-chart-title">
      <header className="chart-header">
        <h2 id="trades-chart-title" className="panel-title">
          {symbol}: one-minute candles (USD) with entries and exits
        </h2>
        <div className="symbol-switcher" role="group" aria-label="Symbol">
          {symbols.map((s) => (
            <button
              key={s}
              type="button"
              className="chip"
              aria-pressed={s === symbol}
              data-testid={`perf-symbol-${s}`}
              onClick={() => choose(s)}
            >
              {s}
            </button>
          ))}
        </div>
      </header>
      <TradesChart
        candles={shown}
        trades={view.trades}
        symbol={symbol}
        summary={`${symbol} candles with ${tradeCount} trades marked`}
      />
      {candleError ? (
        <p className="chart-error" role="alert">
          The candles could not be loaded: {candleError}
        </p>
      ) : null}
    </section>
  )
}
