/**
 * The report as JSON (the model itself) and as one CSV a trader opens in a spreadsheet: a long
 * table of section,scope,metric,value,unit,note rows, a blank line, then the day's trades.
 */
import type {
  DailyReport,
  ExecutionMetrics,
  ReportValue,
  ReturnMetrics,
  TradeMetrics,
} from '../../../shared/performance'
import { plainValue } from './format'

/** The report as JSON; an infinite value (a profit factor without losses) is "Infinity". */
export function renderReportJson(report: DailyReport): string {
  return (
    JSON.stringify(
      report,
      (_key, value: unknown) => {
        if (typeof value !== 'number' || Number.isFinite(value)) return value
        if (Number.isNaN(value)) throw new Error('a report value came out as NaN')
        return value > 0 ? 'Infinity' : '-Infinity'
      },
      2,
    ) + '\n'
  )
}

/** Reads a report written by renderReportJson. */
export function parseReportJson(text: string): DailyReport {
  return JSON.parse(text, (_key, value: unknown) =>
    value === 'Infinity' ? Infinity : value === '-Infinity' ? -Infinity : value,
  ) as DailyReport
}

/** The header of the key-value table. */
export const CSV_HEADER = 'section,scope,metric,value,unit,note'
/** The header of the trades table that follows it. */
export const CSV_TRADES_HEADER =
  'trade,account,symbol,side,opened_at_local,closed_at_local,quantity,entry_price,exit_price,gross_pnl,fees,pnl,close_order_id'

type Unit = 'USD' | 'fraction' | 'bps' | 'count' | 'ratio' | 'ms' | 'text' | 'date' | 'datetime'

/**
 * One CSV: every number of the report as a row (values plain: fractions as fractions, money in
 * dollars; an undefined value is an empty cell with "undefined: reason" in the note), then the
 * trades of the day. Times are local to the report's time zone.
 */
export function renderReportCsv(report: DailyReport): string {
  const rows: string[] = [CSV_HEADER]
  const add = (
    section: string,
    scope: string,
    metric: string,
    value: number | string | null,
    unit: Unit,
    note = '',
  ) => {
    // A money figure is a decimal string: written as it is (text() would quote its minus).
    const cell =
      typeof value === 'string'
        ? /^-?\d+(\.\d+)?$/.test(value)
          ? value
          : text(value)
        : plainValue(value)
    rows.push(
      [text(section), text(scope), text(metric), cell, unit, text(note)].map(field).join(','),
    )
  }
  const addValue = (section: string, scope: string, metric: string, v: ReportValue, unit: Unit) =>
    add(
      section,
      scope,
      metric,
      v.value,
      unit,
      v.value === null ? `undefined: ${v.reason ?? ''}` : '',
    )
  const local = localTime(report.timeZone)

  add('report', 'all', 'date', report.date, 'date')
  add('report', 'all', 'time_zone', report.timeZone, 'text')
  add('report', 'all', 'generated_at', local(report.generatedAt), 'datetime', report.timeZone)
  add('report', 'all', 'headline', report.headline, 'text')
  add('report', 'all', 'targets_verdict', report.targets.verdict, 'text')
  if (report.period) {
    add(
      'report',
      'to_date',
      'period',
      `${report.period.from} to ${report.period.to}`,
      'text',
      report.period.note,
    )
  }
  if (report.baseline) {
    add(
      'report',
      'baseline',
      'period',
      `${report.baseline.from} to ${report.baseline.to}`,
      'text',
      `${report.baseline.chosen}${report.baseline.complete ? '' : ' (not complete)'}; ${report.baseline.note}`,
    )
  } else add('report', 'baseline', 'period', '', 'text', report.baselineNote ?? '')

  const summaries = [
    { scope: 'all', s: report.summary },
    ...report.perAccount.map((a) => ({ scope: a.accountId, s: a })),
  ]
  for (const { scope, s } of summaries) {
    add('summary', scope, 'orders', s.orders, 'count')
    add('summary', scope, 'rejected', s.rejected, 'count')
    add('summary', scope, 'fills', s.fills, 'count')
    add('summary', scope, 'volume', s.volume, 'USD')
    add('summary', scope, 'fees_paid', s.feesPaid, 'USD', 'fees of the day’s fills')
    tradeRows(add, 'summary', scope, s.trades)
    addValue('summary', scope, 'realized_pnl', s.realizedPnl, 'USD')
    addValue('summary', scope, 'equity_open', s.equityOpen, 'USD')
    addValue('summary', scope, 'equity_close', s.equityClose, 'USD')
    addValue('summary', scope, 'equity_change', s.equityChange, 'USD')
    addValue('summary', scope, 'max_intraday_drawdown', s.maxIntradayDrawdown, 'fraction')
    addValue('summary', scope, 'max_intraday_drawdown_usd', s.maxIntradayDrawdownAmount, 'USD')
    addValue('summary', scope, 'gross_exposure_at_close', s.grossExposure, 'fraction')
    add('summary', scope, 'equity_source', s.equitySource, 'text')
  }

  for (const row of report.comparison) {
    const unit = row.unit as Unit
    addValue('comparison', 'baseline', row.metric, row.baseline, unit)
    addValue('comparison', 'day', row.metric, row.day, unit)
    addValue('comparison', 'to_date', row.metric, row.toDate, unit)
    add('comparison', 'day_minus_baseline', row.metric, row.dayDifference, unit)
    add('comparison', 'to_date_minus_baseline', row.metric, row.toDateDifference, unit)
  }

  for (const t of report.targets.results) {
    const unit = t.unit as Unit
    add(
      'target',
      t.target,
      'threshold',
      t.threshold,
      unit,
      t.comparator === '>=' ? 'at least' : 'at most',
    )
    addValue('target', t.target, 'actual', t.actual, unit)
    add('target', t.target, 'status', t.status, 'text', t.detail)
  }

  returnRows(add, report.risk.daily)
  addValue('risk', 'to_date', 'current_drawdown', report.risk.currentDrawdown, 'fraction')
  add(
    'risk',
    'to_date',
    'max_drawdown_usd',
    report.risk.trades.maxDrawdownAmount,
    'USD',
    'round trips in closing order',
  )
  const exposure = report.risk.trades.exposure
  add(
    'risk',
    'to_date',
    'time_in_market',
    exposure,
    'fraction',
    exposure === null
      ? `undefined: ${report.risk.trades.reasons.exposure ?? ''}`
      : 'share of the period a round trip was open',
  )

  slippageRows(add, 'day', report.slippage.day)
  slippageRows(add, 'to_date', report.slippage.toDate)

  add('fees', 'day', 'paid', report.fees.paid, 'USD')
  add('fees', 'day', 'maker', report.fees.maker, 'USD')
  add('fees', 'day', 'taker', report.fees.taker, 'USD')
  add('fees', 'day', 'maker_fills', report.fees.makerFills, 'count')
  add('fees', 'day', 'taker_fills', report.fees.takerFills, 'count')
  addValue('fees', 'day', 'fee_efficiency', report.fees.feeEfficiency, 'fraction')
  addValue('fees', 'to_date', 'fee_efficiency', report.fees.toDateFeeEfficiency, 'fraction')

  for (const r of report.recommendations)
    add('recommendation', r.rule, r.severity, r.message, 'text', r.why)
  if (report.recommendations.length === 0)
    add('recommendation', 'none', 'info', 'No rule fired.', 'text')

  rows.push('', CSV_TRADES_HEADER)
  report.trades.forEach((t, i) => {
    rows.push(
      [
        String(i + 1),
        text(t.accountId),
        text(t.symbol),
        t.side,
        local(t.openedAt),
        local(t.closedAt),
        t.quantity,
        t.entryPrice,
        t.exitPrice,
        t.grossPnl,
        t.fees,
        t.pnl,
        text(t.closeOrderId),
      ]
        .map(field)
        .join(','),
    )
  })
  return rows.join('\r\n') + '\r\n'
}

type Add = (
  section: string,
  scope: string,
  metric: string,
  value: number | string | null,
  unit: Unit,
  note?: string,
) => void

function undefinedNote(
  reasons: Readonly<Partial<Record<string, string>>>,
  key: string,
  value: unknown,
): string {
  return value === null ? `undefined: ${reasons[key] ?? ''}` : ''
}

function tradeRows(add: Add, section: string, scope: string, t: TradeMetrics): void {
  const row = (metric: string, key: keyof TradeMetrics, unit: Unit) => {
    const value = t[key] as number | string | null
    add(section, scope, metric, value, unit, undefinedNote(t.reasons, key, value))
  }
  row('trades', 'trades', 'count')
  row('wins', 'wins', 'count')
  row('losses', 'losses', 'count')
  row('breakeven', 'breakeven', 'count')
  row('win_rate', 'winRate', 'fraction')
  row('net_profit', 'netProfit', 'USD')
  row('gross_profit', 'grossProfit', 'USD')
  row('gross_loss', 'grossLoss', 'USD')
  row('round_trip_fees', 'fees', 'USD')
  row('average_profit', 'averageProfit', 'USD')
  row('profit_factor', 'profitFactor', 'ratio')
  row('longest_loss_run', 'longestLossRun', 'count')
}

function returnRows(add: Add, d: ReturnMetrics): void {
  const row = (metric: string, key: keyof ReturnMetrics, unit: Unit) => {
    const value = d[key] as number | null
    add('risk', 'to_date', metric, value, unit, undefinedNote(d.reasons, key, value))
  }
  add('risk', 'to_date', 'daily_returns', d.days, 'count', d.reasons.days ?? '')
  row('sharpe', 'sharpe', 'ratio')
  row('sortino', 'sortino', 'ratio')
  row('calmar', 'calmar', 'ratio')
  row('cagr', 'cagr', 'fraction')
  row('total_return', 'totalReturn', 'fraction')
  add(
    'risk',
    'to_date',
    'max_drawdown',
    d.maxDrawdown,
    'fraction',
    d.maxDrawdown === null
      ? `undefined: ${d.reasons.maxDrawdown ?? 'no daily returns'}`
      : 'daily closes, ≤ 0',
  )
  row('rolling_sharpe_30d', 'rollingSharpe', 'ratio')
}

function slippageRows(add: Add, scope: string, e: ExecutionMetrics): void {
  const groups = [
    { symbol: 'all', s: e.slippage },
    ...Object.entries(e.slippageBySymbol).map(([symbol, s]) => ({ symbol, s })),
  ]
  for (const { symbol, s } of groups) {
    const note = s.orders === 0 ? `undefined: ${e.reasons.slippage ?? 'no orders'}` : ''
    const where = symbol === 'all' ? scope : `${scope}:${symbol}`
    add('slippage', where, 'orders', s.orders, 'count')
    add('slippage', where, 'mean', s.meanBps, 'bps', note)
    add('slippage', where, 'median', s.medianBps, 'bps', note)
    add('slippage', where, 'p95', s.p95Bps, 'bps', note)
  }
}

/** A text cell a spreadsheet will not run as a formula. */
function text(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
}

function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

/** "2026-01-15 14:30:05" in the report's time zone. */
function localTime(timeZone: string): (ts: number) => string {
  const f = new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  })
  return (ts) => f.format(ts)
}
