/**
 * The metrics of a performance view as labelled values with their units: headline cards, then
 * the trade statistics, the daily-return statistics and execution quality. A value the engine
 * could not define reads "—" with its reason on hover and for screen readers, never 0.
 */
import Decimal from 'decimal.js'
import type { ReactNode } from 'react'
import type {
  ExecutionMetrics,
  Money,
  PerformanceView,
  ReturnMetrics,
  SlippageMetrics,
  TradeMetrics,
  Value,
} from '../../../../shared/performance'
import { MIN_ANNUALIZED_DAYS } from '../../../../shared/performance'
import { formatUsd } from '../../lib/format'
import {
  deepestFall,
  formatMetric,
  pnlClass,
  profitFactorOf,
  type MetricKind,
} from './performance-format'

/**
 * One value with its unit; "—" with the reason when it is not defined. Money arrives as an
 * exact decimal string and is written from its digits.
 */
export function MetricValue({
  value,
  kind,
  reason,
  testId,
  tone = false,
}: {
  readonly value: Value | Money
  readonly kind: MetricKind
  readonly reason?: string
  readonly testId?: string
  /** Colour it as a gain or a loss. */
  readonly tone?: boolean
}) {
  if (value === null) {
    const why = reason ?? 'Not defined for these data.'
    // The reason is on screen, not only on hover: a trader reads why without hunting for it.
    return (
      <>
        <span className="metric-undefined" data-testid={testId} data-undefined="true" title={why}>
          —
        </span>
        <span className="sr-only"> not defined:</span>
        <span className="metric-reason" data-testid={testId ? `${testId}-reason` : undefined}>
          {why}
        </span>
      </>
    )
  }
  return (
    <span className={`num ${tone ? pnlClass(value) : ''}`} data-testid={testId}>
      {formatMetric(value, kind)}
    </span>
  )
}

interface Row<K extends string> {
  readonly key: K
  readonly label: string
  readonly kind: MetricKind
  /** What it means, one line. */
  readonly help: string
  readonly tone?: boolean
}

const TRADE_ROWS: readonly Row<keyof TradeMetrics>[] = [
  { key: 'trades', label: 'Trades', kind: 'count', help: 'Round trips closed in the range' },
  { key: 'wins', label: 'Wins', kind: 'count', help: 'Trades with a net profit' },
  { key: 'losses', label: 'Losses', kind: 'count', help: 'Trades with a net loss' },
  { key: 'breakeven', label: 'Breakeven', kind: 'count', help: 'Trades that made exactly 0' },
  { key: 'winRate', label: 'Win rate', kind: 'percent', help: 'Wins / trades' },
  {
    key: 'averageProfit',
    label: 'Average profit per trade',
    kind: 'signed-usd',
    help: 'Net profit / trades',
    tone: true,
  },
  {
    key: 'netProfit',
    label: 'Net profit',
    kind: 'signed-usd',
    help: 'Sum of trade PnL after fees',
    tone: true,
  },
  {
    key: 'totalProfit',
    label: 'Profit before fees',
    kind: 'signed-usd',
    help: 'Net profit + fees',
    tone: true,
  },
  { key: 'fees', label: 'Fees', kind: 'usd', help: 'Fees charged to the trades' },
  { key: 'grossProfit', label: 'Gross profit', kind: 'usd', help: 'Sum of winning trades' },
  { key: 'grossLoss', label: 'Gross loss', kind: 'usd', help: 'Sum of losing trades, as a size' },
  { key: 'averageWin', label: 'Average win', kind: 'usd', help: 'Gross profit / wins' },
  {
    key: 'averageLoss',
    label: 'Average loss',
    kind: 'signed-usd',
    help: 'Gross loss / losses',
    tone: true,
  },
  {
    key: 'profitFactor',
    label: 'Profit factor',
    kind: 'ratio',
    help: 'Gross profit / gross loss (∞ without a loss)',
  },
  { key: 'payoffRatio', label: 'Payoff ratio', kind: 'ratio', help: 'Average win / average loss' },
  {
    key: 'expectancy',
    label: 'Expectancy per trade',
    kind: 'signed-usd',
    help: 'What a trade made on average',
    tone: true,
  },
  { key: 'longestWinRun', label: 'Longest winning run', kind: 'count', help: 'Trades in a row' },
  { key: 'longestLossRun', label: 'Longest losing run', kind: 'count', help: 'Trades in a row' },
  {
    key: 'maxDrawdownAmount',
    label: 'Max drawdown (USD)',
    kind: 'usd',
    help: 'Largest fall from a peak of realized equity',
  },
  {
    key: 'maxDrawdown',
    label: 'Max drawdown (%)',
    kind: 'percent',
    help: 'The same fall as a share of the peak',
  },
  {
    key: 'feeEfficiency',
    label: 'Fees / gross profit',
    kind: 'percent',
    help: 'How much of the winnings fees took',
  },
  { key: 'holdTimeMeanMs', label: 'Mean hold time', kind: 'duration', help: 'Opened to closed' },
  {
    key: 'holdTimeMedianMs',
    label: 'Median hold time',
    kind: 'duration',
    help: 'Opened to closed',
  },
  {
    key: 'exposure',
    label: 'Time in the market',
    kind: 'percent',
    help: 'Share of the range, up to now, with a trade or position open',
  },
]

const RETURN_ROWS: readonly Row<keyof ReturnMetrics>[] = [
  { key: 'days', label: 'Days', kind: 'count', help: 'Completed days with an equity close' },
  {
    key: 'meanReturn',
    label: 'Mean daily return',
    kind: 'signed-percent',
    help: 'Average day',
    tone: true,
  },
  { key: 'stdev', label: 'Daily volatility', kind: 'percent', help: 'Sample standard deviation' },
  { key: 'sharpe', label: 'Sharpe ratio', kind: 'ratio', help: 'Annualised, risk-free rate 0' },
  {
    key: 'downsideDeviation',
    label: 'Downside deviation',
    kind: 'percent',
    help: 'Volatility of losing days only',
  },
  { key: 'sortino', label: 'Sortino ratio', kind: 'ratio', help: 'Annualised, target 0' },
  {
    key: 'totalReturn',
    label: 'Total return',
    kind: 'signed-percent',
    help: 'Compounded over the days',
    tone: true,
  },
  {
    key: 'cagr',
    label: 'CAGR',
    kind: 'signed-percent',
    help: `Compound annual growth; needs ${MIN_ANNUALIZED_DAYS} days of history`,
    tone: true,
  },
  {
    key: 'maxDrawdown',
    label: 'Max drawdown (daily closes)',
    kind: 'percent',
    help: 'Largest fall of the equity at day closes from a peak; falls within a day are in the chart',
  },
  {
    key: 'calmar',
    label: 'Calmar ratio',
    kind: 'ratio',
    help: `CAGR / max drawdown; needs ${MIN_ANNUALIZED_DAYS} days of history`,
  },
  {
    key: 'rollingSharpe',
    label: 'Sharpe, last 30 days',
    kind: 'ratio',
    help: 'The same ratio on the last 30 returns',
  },
]

function MetricsTable<K extends string>({
  title,
  rows,
  value,
  reason,
  prefix,
  note,
}: {
  readonly title: string
  readonly rows: readonly Row<K>[]
  readonly value: (key: K) => Value | Money
  readonly reason: (key: K) => string | undefined
  readonly prefix: string
  readonly note?: string
}) {
  const id = `${prefix}-metrics-title`
  return (
    <section className="panel" aria-labelledby={id}>
      <h2 id={id} className="panel-title">
        {title}
      </h2>
      {note ? <p className="muted perf-note">{note}</p> : null}
      <table className="table metrics-table" data-testid={`${prefix}-metrics`}>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.label}</th>
              <td className="right">
                <MetricValue
                  value={value(row.key)}
                  kind={row.kind}
                  reason={reason(row.key)}
                  testId={`metric-${prefix}-${row.key}`}
                  tone={row.tone}
                />
              </td>
              <td className="metric-help muted">{row.help}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}

/** The trade statistics. */
export function TradeMetricsPanel({ trades }: { readonly trades: TradeMetrics }) {
  return (
    <MetricsTable
      title="Trades"
      prefix="trade"
      rows={TRADE_ROWS}
      value={(key) =>
        key === 'profitFactor' ? profitFactorOf(trades) : (trades[key] as Value | Money)
      }
      reason={(key) => trades.reasons[key]}
    />
  )
}

/** The daily-return statistics. */
export function ReturnMetricsPanel({ daily }: { readonly daily: ReturnMetrics }) {
  return (
    <MetricsTable
      title="Daily returns"
      prefix="daily"
      rows={RETURN_ROWS}
      value={(key) => daily[key] as Value}
      reason={(key) => daily.reasons[key]}
      note={`From the equity at each day's close; ratios annualised over ${daily.periodsPerYear} days a year.`}
    />
  )
}

function SlippageCells({
  slippage,
  reason,
  testId,
}: {
  readonly slippage: SlippageMetrics
  readonly reason?: string
  readonly testId: string
}) {
  return (
    <>
      <td className="right num">{formatMetric(slippage.orders, 'count')}</td>
      <td className="right">
        <MetricValue
          value={slippage.meanBps}
          kind="bps"
          reason={reason}
          testId={`${testId}-mean`}
        />
      </td>
      <td className="right">
        <MetricValue value={slippage.medianBps} kind="bps" reason={reason} />
      </td>
      <td className="right">
        <MetricValue value={slippage.p95Bps} kind="bps" reason={reason} />
      </td>
    </>
  )
}

/** Fill rate and slippage, overall and by symbol. */
export function ExecutionPanel({ execution }: { readonly execution: ExecutionMetrics }) {
  const symbols = Object.keys(execution.slippageBySymbol).sort()
  return (
    <section className="panel" aria-labelledby="execution-metrics-title">
      <h2 id="execution-metrics-title" className="panel-title">
        Execution
      </h2>
      <div className="perf-facts">
        <p>
          <span className="label">Fill rate</span>{' '}
          <MetricValue
            value={execution.fillRate}
            kind="percent"
            reason={execution.reasons.fillRate}
            testId="metric-execution-fillRate"
          />
        </p>
        <p>
          <span className="label">Executed</span>{' '}
          <span className="num">{formatMetric(execution.executed, 'count')}</span>{' '}
          <span className="label">Rejected</span>{' '}
          <span className="num">{formatMetric(execution.rejected, 'count')}</span>{' '}
          <span className="label">Failed</span>{' '}
          <span className="num">{formatMetric(execution.failed, 'count')}</span>{' '}
          <span className="muted-inline">orders</span>
        </p>
      </div>
      <table className="table" data-testid="slippage-table">
        <caption className="sr-only">Slippage in basis points; positive is a cost</caption>
        <thead>
          <tr>
            <th scope="col">Slippage (bps, + is a cost)</th>
            <th scope="col" className="right">
              Orders
            </th>
            <th scope="col" className="right">
              Mean
            </th>
            <th scope="col" className="right">
              Median
            </th>
            <th scope="col" className="right">
              95th percentile
            </th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">All symbols</th>
            <SlippageCells
              slippage={execution.slippage}
              reason={execution.reasons.slippage}
              testId="metric-execution-slippage"
            />
          </tr>
          {symbols.map((symbol) => {
            const s = execution.slippageBySymbol[symbol]
            return s ? (
              <tr key={symbol}>
                <th scope="row">{symbol}</th>
                <SlippageCells
                  slippage={s}
                  reason={execution.reasons.slippage}
                  testId={`metric-slippage-${symbol}`}
                />
              </tr>
            ) : null
          })}
        </tbody>
      </table>
    </section>
  )
}

function Card({ label, children }: { readonly label: string; readonly children: ReactNode }) {
  return (
    <div className="card">
      <span className="label">{label}</span>
      <span className="figure">{children}</span>
    </div>
  )
}

/**
 * Why these two cards split the PnL differently from the Overview: a trade's entry fee counts
 * here when the trade closes (until then it is in unrealized PnL), while the ledger on the
 * Overview books every fee as realized when it is paid. Their sums agree.
 */
function EntryFeesNote({ positions }: { readonly positions: PerformanceView['positions'] }) {
  const fees = positions.reduce((sum, p) => sum.plus(p.entryFees), new Decimal(0))
  if (fees.isZero()) return null
  return (
    <span className="metric-reason" data-testid="card-unrealized-fees">
      includes {formatUsd(fees.negated().toFixed())} of entry fees of open positions (the Overview
      counts them as realized when paid)
    </span>
  )
}

/** The headline figures. */
export function SummaryCards({ view }: { readonly view: PerformanceView }) {
  const { trades, daily, execution } = view.metrics
  return (
    <div className="cards perf-cards" data-testid="perf-cards">
      <Card label="Realized PnL (after fees)">
        <MetricValue value={view.realizedPnl} kind="signed-usd" tone testId="card-realized" />
      </Card>
      <Card label="Unrealized PnL (at the marks)">
        <MetricValue value={view.unrealizedPnl} kind="signed-usd" tone testId="card-unrealized" />
        <EntryFeesNote positions={view.positions} />
      </Card>
      <Card label="Trades">
        <MetricValue value={trades.trades} kind="count" testId="card-trades" />
      </Card>
      <Card label="Win rate">
        <MetricValue
          value={trades.winRate}
          kind="percent"
          reason={trades.reasons.winRate}
          testId="card-win-rate"
        />
      </Card>
      <Card label="Profit factor">
        <MetricValue
          value={profitFactorOf(trades)}
          kind="ratio"
          reason={trades.reasons.profitFactor}
          testId="card-profit-factor"
        />
      </Card>
      <Card label="Sharpe (daily, annualised)">
        <MetricValue
          value={daily.sharpe}
          kind="ratio"
          reason={daily.reasons.sharpe}
          testId="card-sharpe"
        />
      </Card>
      <Card label="Max drawdown (daily closes)">
        <MetricValue
          value={daily.maxDrawdown}
          kind="percent"
          reason={daily.reasons.maxDrawdown}
          testId="card-max-drawdown"
        />
      </Card>
      <Card label="Deepest fall, last 24 h (each minute)">
        <MetricValue
          value={deepestFall(view.equity.minutes)}
          kind="percent"
          reason="no equity sampled in the last 24 hours"
          testId="card-minute-drawdown"
        />
      </Card>
      <Card label="Fill rate">
        <MetricValue
          value={execution.fillRate}
          kind="percent"
          reason={execution.reasons.fillRate}
          testId="card-fill-rate"
        />
      </Card>
    </div>
  )
}
