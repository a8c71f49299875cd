/**
 * The daily performance report of one local day, built from plain data (ReportInput) with the
 * performance module's metrics: the day's summary, the baseline and the targets, the top trades,
 * risk, slippage and fees, the charts' data and the recommendations. Only data up to the end of
 * the day count, so a report made again later is the same report.
 */
import { expectedCostsSection } from './costs-section'
import type {
  AccountDaySummary,
  ComparisonRow,
  DailyEquityPoint,
  DailyReport,
  DaySummary,
  EquityPoint,
  ExecutionMetrics,
  ReportPeriod,
  ReportUnit,
  ReportValue,
  ReturnMetrics,
  RoundTrip,
  TargetResult,
  TradeMetrics,
} from '../../../shared/performance'
import type { Fill, Order } from '../../../shared/types'
import { type Decimal, ZERO, dec, localDate, startOfLocalDay } from '../core'
import {
  ExecutionStats,
  nextLocalDay,
  orderOutcome,
  returnMetrics,
  rollingSharpe,
  roundTripsFromFills,
  slippageBps,
  tradeInput,
  tradeMetricsInRange,
  type TimeRange,
  type TradeInput,
} from '../performance'
import { addDays, calendarDays, startOfDate, type CalendarDay } from './calendar'
import { formatUsd, formatValue } from './format'
import { openingCapital, type AccountOpening, type ReportInput } from './input'
import { replayEquity, type EquityReplay } from './replay'
import { recommend, type ReportFacts } from './rules'
import { seriesFromCloses, seriesFromTrades, type DailySeries, type SeriesScope } from './series'

/** How many winning and losing trades the report lists. */
export const TOP_TRADES = 5
/** The default baseline: the first 30 days of trading. */
export const BASELINE_DAYS = 30

/** A period's numbers, as the comparison and the targets read them. */
interface PeriodStats {
  readonly trades: TradeMetrics
  readonly execution: ExecutionMetrics
  /** Null for a single day (one return has no Sharpe). */
  readonly daily: ReturnMetrics | null
  readonly days: number
}

/** Builds the report of `input.date`. Throws a RangeError for a date or zone that is not one. */
export function buildDailyReport(input: ReportInput): DailyReport {
  const { date, timeZone, settings } = input
  const dayStart = startOfDate(date, timeZone)
  const dayEnd = nextLocalDay(dayStart, timeZone)
  const day: TimeRange = { from: dayStart, to: dayEnd }

  const accounts = input.accounts.filter((a) => a.createdAt < dayEnd)
  const ids = new Set(accounts.map((a) => a.id))
  const openings = new Map<string, AccountOpening | undefined>(
    accounts.map((a) => [a.id, input.openings[a.id]]),
  )
  const capital = new Map(accounts.map((a) => [a.id, openingCapital(openings.get(a.id))]))
  const totalCapital = sumOf(capital.values()).toNumber()
  // Already in journal order, the order they happened: a timestamp never reorders them.
  const fills = input.fills.filter((f) => f.ts < dayEnd && ids.has(f.accountId))
  const orders = input.orders.filter((o) => o.createdAt < dayEnd && ids.has(o.accountId))
  const outcomes = outcomesOf(orders)
  const trips = roundTripsFromFills(fills)
  const inputs = trips.map(tradeInput)
  const closes = closesByAccount(input, ids)
  const replay = replayEquity(openings, fills, dayStart)

  const dayFills = fills.filter((f) => f.ts >= dayStart)
  const dayOrders = orders.filter((o) => o.createdAt >= dayStart)
  const dayTrips = trips.filter((t) => t.closedAt >= dayStart)
  const context = { date, dayStart, dayEnd, closes, replay, capital }
  const summary = summarize(
    context,
    accounts.map((a) => a.id),
    dayFills,
    dayOrders,
    inputs,
  )
  const perAccount: AccountDaySummary[] = accounts.map((a) => ({
    accountId: a.id,
    name: a.name,
    ...summarize(
      context,
      [a.id],
      dayFills.filter((f) => f.accountId === a.id),
      dayOrders.filter((o) => o.accountId === a.id),
      trips.filter((t) => t.accountId === a.id).map(tradeInput),
    ),
  }))

  // The history starts on the first day with a fill; the baseline and the calendar may start
  // earlier when the trader chose a baseline before it.
  const historyStart = fills.length > 0 ? localDate((fills[0] as Fill).ts, timeZone) : null
  const chosen = settings.baseline
  const baselineFrom = chosen?.from ?? historyStart
  const baselineTo = chosen?.to ?? (historyStart && addDays(historyStart, BASELINE_DAYS - 1))
  const calendarFrom =
    historyStart === null
      ? null
      : baselineFrom !== null && baselineFrom < historyStart
        ? baselineFrom
        : historyStart
  const calendar = calendarFrom === null ? [] : calendarDays(calendarFrom, date, timeZone)
  const index = new Map(calendar.map((d, i) => [d.date, i]))
  const scope: SeriesScope = {
    accounts: accounts.map((a) => ({
      id: a.id,
      opened: localDate(a.createdAt, timeZone),
      capital: (capital.get(a.id) as Decimal).toNumber(),
    })),
  }
  // The local days each account traded on (fills are in time order: the day start is cached).
  const dateOf = new Map(calendar.map((d) => [d.start, d.date]))
  const traded = new Map<string, Set<string>>()
  for (const f of fills) {
    let days = traded.get(f.accountId)
    if (!days) traded.set(f.accountId, (days = new Set()))
    days.add(dateOf.get(startOfLocalDay(f.ts, timeZone)) as string)
  }
  const fromCloses = seriesFromCloses(scope, closes, traded, calendar)
  const fromTrades = seriesFromTrades(
    totalCapital,
    inputs as { pnl: TradeInput['pnl']; closedAt: number }[],
    calendar,
    timeZone,
  )
  const firstClose = [...closes.values()]
    .flatMap((days) => [...days.keys()])
    .reduce<string | null>((a, b) => (a === null || b < a ? b : a), null)
  const periodOf = (from: string, to: string) => {
    const a = index.get(from) as number
    const b = index.get(to) as number
    const series = covers(fromCloses, a, b) ? fromCloses : fromTrades
    const returns = covers(series, a, b) ? (series.returns.slice(a, b + 1) as number[]) : null
    const note =
      series.source === 'equity-closes'
        ? 'Daily returns from the journaled daily closes of the accounts’ equity (equity.closed).'
        : `Daily returns from the round trips’ PnL on the accounts’ starting capital of ${formatUsd(totalCapital)}, each trade on the day it closed: ${
            firstClose === null
              ? 'the journal holds no daily equity closes'
              : `the journaled daily equity closes (from ${firstClose}) miss a day of it that had trades`
          }.`
    const period: ReportPeriod = {
      from,
      to,
      days: b - a + 1,
      returnsSource: series.source,
      note,
    }
    const range = { from: (calendar[a] as CalendarDay).start, to: (calendar[b] as CalendarDay).end }
    const stats: PeriodStats = {
      trades: tradesIn(inputs, range, totalCapital),
      execution: executionIn(outcomes, range),
      daily: returnStats(returns, series.reason),
      days: b - a + 1,
    }
    return { period, stats, series, a, b }
  }

  const toDate = historyStart === null ? null : periodOf(historyStart, date)
  let baseline: DailyReport['baseline'] = null
  let baselineStats: PeriodStats | null = null
  let baselineNote: string | null = null
  if (historyStart === null || baselineFrom === null || baselineTo === null) {
    baselineNote = `No fills by ${date}: the baseline ${chosen ? `(${chosen.from} to ${chosen.to})` : 'is the first 30 days of trading and'} has no data yet.`
  } else if (baselineFrom > date) {
    baselineNote = `The baseline (${baselineFrom} to ${baselineTo}) starts after ${date}.`
  } else {
    const to = baselineTo < date ? baselineTo : date
    const b = periodOf(baselineFrom, to)
    baseline = {
      ...b.period,
      chosen: chosen ? 'settings' : 'first-30-days',
      complete: baselineTo <= date,
    }
    baselineStats = b.stats
    if (!baseline.complete)
      baselineNote = `It is not complete: it runs to ${baselineTo}, and only its ${b.period.days} day${b.period.days === 1 ? '' : 's'} up to ${date} count so far.`
  }

  const dayExecution = executionIn(outcomes, day)
  const dayStats: PeriodStats = {
    trades: summary.trades,
    execution: dayExecution,
    daily: null,
    days: 1,
  }
  const emptyStats: PeriodStats = {
    trades: tradeMetricsInRange([], {}),
    execution: new ExecutionStats().metrics(),
    daily: returnStats([], null),
    days: 0,
  }
  const toDateStats = toDate?.stats ?? emptyStats
  const noHistory = `no fills by ${date}`
  const comparison = compare(
    baselineStats,
    dayStats,
    toDate ? toDateStats : null,
    baselineNote ?? noHistory,
  )
  const results = judgeTargets(settings.targets, toDate, noHistory)

  const chartSeries =
    calendar.length > 0 && covers(fromCloses, 0, calendar.length - 1) ? fromCloses : fromTrades
  const dailyChart = dailyPoints(calendar, chartSeries)
  const { currentDrawdown, peak } = drawdownNow(toDate, calendar)

  let maker = ZERO
  let taker = ZERO
  let makerFills = 0
  for (const f of dayFills) {
    if (f.liquidity === 'maker') {
      maker = maker.plus(f.fee)
      makerFills++
    } else taker = taker.plus(f.fee)
  }

  const facts: ReportFacts = {
    version: 1,
    date,
    timeZone,
    dayStart,
    dayEnd,
    generatedAt: input.generatedAt,
    settings,
    accounts: accounts.map((a) => ({ id: a.id, name: a.name, kind: a.kind })),
    summary,
    perAccount,
    trades: dayTrips,
    topWinners: top(dayTrips, 1),
    topLosers: top(dayTrips, -1),
    period: toDate?.period ?? null,
    baseline,
    baselineNote,
    comparison,
    targets: {
      results,
      verdict: results.some((r) => r.status === 'fail')
        ? 'fail'
        : results.every((r) => r.status === 'pass')
          ? 'pass'
          : 'incomplete',
    },
    risk: {
      daily: toDateStats.daily as ReturnMetrics,
      trades: toDateStats.trades,
      currentDrawdown,
      peak,
    },
    slippage: {
      day: dayExecution,
      toDate: toDateStats.execution,
      points: slippagePoints(outcomes, day),
    },
    expectedCosts: expectedCostsSection(orders, fills, dayStart),
    fees: {
      paid: maker.plus(taker).toNumber(),
      maker: maker.toNumber(),
      taker: taker.toNumber(),
      makerFills,
      takerFills: dayFills.length - makerFills,
      feeEfficiency: valueOf(summary.trades, 'feeEfficiency'),
      toDateFeeEfficiency: toDate
        ? valueOf(toDateStats.trades, 'feeEfficiency')
        : { value: null, reason: noHistory },
    },
    charts: {
      intraday: intradayPoints(
        context,
        accounts.map((a) => a.id),
      ),
      daily: dailyChart,
    },
  }
  return { ...facts, headline: headline(facts), recommendations: recommend(facts, dayOrders) }
}

interface Context {
  readonly date: string
  readonly dayStart: number
  readonly dayEnd: number
  readonly closes: ReadonlyMap<string, ReadonlyMap<string, number>>
  readonly replay: EquityReplay
  readonly capital: ReadonlyMap<string, Decimal>
}

/** The day of some accounts: counts, money, equity from open to close and its deepest fall. */
function summarize(
  context: Context,
  accountIds: readonly string[],
  fills: readonly Fill[],
  orders: readonly Order[],
  inputs: readonly TradeInput[],
): DaySummary {
  const { dayStart, dayEnd } = context
  const capital = sumOf(accountIds.map((id) => context.capital.get(id) as Decimal)).toNumber()
  let volume = ZERO
  let fees = ZERO
  let realized: Decimal | null = ZERO
  for (const f of fills) {
    volume = volume.plus(dec(f.quantity).times(f.price))
    fees = fees.plus(f.fee)
    realized = realized && f.realizedPnl !== undefined ? realized.plus(f.realizedPnl) : null
  }
  const { open, close, recorded, positions } = openClose(context, accountIds)
  const points = intradayPoints(context, accountIds)
  const drawdown = deepestFall(points)
  const source =
    recorded === 0 ? 'fills' : recorded === accountIds.length * 2 ? 'equity-closes' : 'mixed'
  const noAccounts = accountIds.length === 0 ? 'no accounts by the end of the day' : null
  return {
    orders: orders.length,
    rejected: orders.filter((o) => o.status === 'rejected').length,
    fills: fills.length,
    volume: volume.toNumber(),
    feesPaid: fees.toNumber(),
    trades: tradesIn(inputs, { from: dayStart, to: dayEnd }, capital),
    realizedPnl:
      realized === null
        ? { value: null, reason: 'some fills do not carry the ledger’s realized PnL' }
        : { value: realized.toNumber() },
    equityOpen: noAccounts ? { value: null, reason: noAccounts } : { value: open },
    equityClose: noAccounts ? { value: null, reason: noAccounts } : { value: close },
    equityChange: noAccounts ? { value: null, reason: noAccounts } : { value: close - open },
    maxIntradayDrawdown:
      drawdown.relative === null
        ? { value: null, reason: noAccounts ?? 'the equity at the open was not above zero' }
        : { value: drawdown.relative },
    maxIntradayDrawdownAmount: noAccounts
      ? { value: null, reason: noAccounts }
      : { value: drawdown.amount },
    grossExposure:
      positions.close > 0
        ? { value: positions.value / positions.close }
        : { value: null, reason: noAccounts ?? 'the equity at the close was not above zero' },
    equitySource: source,
  }
}

/**
 * The accounts' equity at the open (the journaled close of the day before, else rebuilt from
 * fills) and at the close (the day's journaled close, else rebuilt).
 */
function openClose(context: Context, accountIds: readonly string[]) {
  const { date, closes, replay } = context
  const before = addDays(date, -1)
  let open = 0
  let close = 0
  let recorded = 0
  let rebuiltClose = ZERO
  let held = ZERO
  for (const id of accountIds) {
    const own = closes.get(id)
    const o = own?.get(before)
    const c = own?.get(date)
    open += o ?? (replay.open.get(id) as Decimal).toNumber()
    close += c ?? (replay.close.get(id) as Decimal).toNumber()
    recorded += (o === undefined ? 0 : 1) + (c === undefined ? 0 : 1)
    rebuiltClose = rebuiltClose.plus(replay.close.get(id) as Decimal)
    held = held.plus(replay.positionsAtClose.get(id) as Decimal)
  }
  return {
    open,
    close,
    recorded,
    positions: { value: held.toNumber(), close: rebuiltClose.toNumber() },
  }
}

/** Equity at the open, after each fill of the day, and at the close. */
function intradayPoints(context: Context, accountIds: readonly string[]): EquityPoint[] {
  const { open, close } = openClose(context, accountIds)
  const points: EquityPoint[] = [{ ts: context.dayStart, equity: open }]
  for (const step of context.replay.steps) {
    let equity = 0
    for (const id of accountIds) equity += step.equity.get(id) as number
    points.push({ ts: step.ts, equity })
  }
  points.push({ ts: context.dayEnd, equity: close })
  return points
}

/** The deepest fall below the running peak: relative (≤ 0, null without a positive start) and in USD. */
function deepestFall(points: readonly EquityPoint[]): { relative: number | null; amount: number } {
  let peak = points[0]?.equity ?? 0
  let relative = 0
  let amount = 0
  for (const { equity } of points) {
    if (equity > peak) peak = equity
    if (peak - equity > amount) amount = peak - equity
    if (peak > 0 && equity / peak - 1 < relative) relative = equity / peak - 1
  }
  return { relative: (points[0]?.equity ?? 0) > 0 ? relative : null, amount }
}

function closesByAccount(
  input: ReportInput,
  ids: ReadonlySet<string>,
): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>()
  for (const c of input.equityCloses) {
    if (!ids.has(c.accountId) || c.day > input.date) continue
    let own = out.get(c.accountId)
    if (!own) out.set(c.accountId, (own = new Map()))
    own.set(c.day, Number(c.equity))
  }
  return out
}

function covers(series: DailySeries, from: number, to: number): boolean {
  for (let i = from; i <= to; i++) if (series.returns[i] == null) return false
  return true
}

/**
 * Trade statistics of a range, relative to the equity it started with (the capital plus the
 * PnL closed before it) while that is above zero; below, the relative drawdown is undefined.
 * Time in the market counts the closed round trips' time over the whole range.
 */
function tradesIn(
  inputs: readonly TradeInput[],
  range: { readonly from: number; readonly to: number },
  capital: number,
): TradeMetrics {
  // Time in the market is a share of the whole period, not of the trades' own span.
  const window = { from: range.from, to: range.to }
  if (capital > 0) {
    try {
      return tradeMetricsInRange(inputs, range, { capital, window })
    } catch (error) {
      if (!(error instanceof RangeError)) throw error
    }
  }
  const metrics = tradeMetricsInRange(inputs, range, { window })
  const reason =
    capital > 0
      ? 'the equity had fallen to zero or below before the period'
      : 'the accounts started with no capital'
  return { ...metrics, reasons: { ...metrics.reasons, maxDrawdown: reason } }
}

/** Return statistics; when the series is undefined, every value says why. */
function returnStats(returns: readonly number[] | null, reason: string | null): ReturnMetrics {
  if (returns !== null) return returnMetrics(returns)
  const empty = returnMetrics([])
  const reasons: Partial<Record<keyof ReturnMetrics, string>> = {}
  for (const key of Object.keys(empty) as (keyof ReturnMetrics)[])
    if (key !== 'reasons') reasons[key] = reason ?? 'no daily returns'
  return { ...empty, reasons }
}

/** A terminal order as the execution statistics read it: when it ended, how, and its slippage. */
interface Outcome {
  readonly ts: number
  readonly symbol: string
  readonly outcome: NonNullable<ReturnType<typeof orderOutcome>>
  readonly bps: number | null
}

/** The orders that ended; slippage is worked out once for every period. */
function outcomesOf(orders: readonly Order[]): Outcome[] {
  const out: Outcome[] = []
  for (const order of orders) {
    const outcome = orderOutcome(order)
    if (outcome === null) continue
    const bps = slippageBps(order)
    // A sell filled at its price is −0 bps: written as 0.
    out.push({ ts: order.updatedAt, symbol: order.symbol, outcome, bps: bps === 0 ? 0 : bps })
  }
  return out
}

function executionIn(outcomes: readonly Outcome[], range: TimeRange): ExecutionMetrics {
  const stats = new ExecutionStats()
  for (const o of outcomes) {
    if (o.ts < (range.from as number) || o.ts >= (range.to as number)) continue
    stats.addOutcome(o.outcome)
    if (o.bps !== null) stats.addSlippage(o.symbol, o.bps)
  }
  return stats.metrics()
}

function slippagePoints(outcomes: readonly Outcome[], range: TimeRange) {
  const out: { ts: number; symbol: string; bps: number }[] = []
  for (const o of outcomes) {
    if (o.ts < (range.from as number) || o.ts >= (range.to as number) || o.bps === null) continue
    out.push({ ts: o.ts, symbol: o.symbol, bps: o.bps })
  }
  return out.sort((a, b) => a.ts - b.ts)
}

/** The best (sign 1) or worst (sign −1) trades, at most TOP_TRADES, earlier first on a tie. */
function top(trips: readonly RoundTrip[], sign: 1 | -1): RoundTrip[] {
  return trips
    .map((trip, i) => ({ trip, i, pnl: dec(trip.pnl) }))
    .filter((t) => t.pnl.cmp(0) === sign)
    .sort((a, b) => sign * b.pnl.cmp(a.pnl) || a.i - b.i)
    .slice(0, TOP_TRADES)
    .map((t) => t.trip)
}

function valueOf<T extends { readonly reasons: Readonly<Partial<Record<string, string>>> }>(
  metrics: T,
  key: keyof T & string,
): ReportValue {
  const value = metrics[key] as number | string | null
  // A money metric (a decimal string) joins the comparison's numbers here.
  return value === null
    ? { value: null, reason: metrics.reasons[key] ?? 'undefined' }
    : { value: Number(value) }
}

const SINGLE_DAY = 'one day has a single daily return'

/** The rows of the comparison with the baseline. */
const ROWS: readonly {
  readonly metric: string
  readonly label: string
  readonly unit: ReportUnit
  readonly higherIsBetter: boolean | null
  readonly get: (s: PeriodStats) => ReportValue
}[] = [
  {
    metric: 'tradesPerDay',
    label: 'Trades per day',
    unit: 'count',
    higherIsBetter: null,
    get: (s) => ({ value: s.trades.trades / s.days }),
  },
  {
    metric: 'winRate',
    label: 'Win rate',
    unit: 'fraction',
    higherIsBetter: true,
    get: (s) => valueOf(s.trades, 'winRate'),
  },
  {
    metric: 'averageProfit',
    label: 'Average profit per trade',
    unit: 'USD',
    higherIsBetter: true,
    get: (s) => valueOf(s.trades, 'averageProfit'),
  },
  {
    metric: 'netProfitPerDay',
    label: 'Net profit per day',
    unit: 'USD',
    higherIsBetter: true,
    get: (s) => ({ value: dec(s.trades.netProfit).dividedBy(s.days).toNumber() }),
  },
  {
    metric: 'profitFactor',
    label: 'Profit factor',
    unit: 'ratio',
    higherIsBetter: true,
    get: (s) =>
      s.trades.trades === 0
        ? { value: null, reason: 'no closed trades' }
        : valueOf(s.trades, 'profitFactor'),
  },
  {
    metric: 'feesPerDay',
    label: 'Fees per day (round trips)',
    unit: 'USD',
    higherIsBetter: false,
    get: (s) => ({ value: dec(s.trades.fees).dividedBy(s.days).toNumber() }),
  },
  {
    metric: 'feeEfficiency',
    label: 'Fee efficiency (fees / gross profit)',
    unit: 'fraction',
    higherIsBetter: false,
    get: (s) => valueOf(s.trades, 'feeEfficiency'),
  },
  {
    metric: 'slippageMean',
    label: 'Mean slippage',
    unit: 'bps',
    higherIsBetter: false,
    get: (s) => slippageValue(s.execution, 'meanBps'),
  },
  {
    metric: 'slippageP95',
    label: '95th percentile slippage',
    unit: 'bps',
    higherIsBetter: false,
    get: (s) => slippageValue(s.execution, 'p95Bps'),
  },
  {
    metric: 'sharpe',
    label: 'Sharpe ratio (annualized)',
    unit: 'ratio',
    higherIsBetter: true,
    get: (s) => (s.daily ? valueOf(s.daily, 'sharpe') : { value: null, reason: SINGLE_DAY }),
  },
  {
    metric: 'sortino',
    label: 'Sortino ratio (annualized)',
    unit: 'ratio',
    higherIsBetter: true,
    get: (s) => (s.daily ? valueOf(s.daily, 'sortino') : { value: null, reason: SINGLE_DAY }),
  },
  {
    metric: 'maxDrawdown',
    label: 'Max drawdown (daily closes)',
    unit: 'fraction',
    higherIsBetter: false,
    get: (s) => maxDrawdownValue(s.daily),
  },
]

function slippageValue(e: ExecutionMetrics, key: 'meanBps' | 'p95Bps'): ReportValue {
  const value = e.slippage[key]
  return value === null
    ? { value: null, reason: e.reasons.slippage ?? 'no slippage measured' }
    : { value }
}

function maxDrawdownValue(daily: ReturnMetrics | null): ReportValue {
  if (daily === null) return { value: null, reason: `${SINGLE_DAY}: see the intraday drawdown` }
  if (daily.maxDrawdown === null)
    return { value: null, reason: daily.reasons.maxDrawdown ?? 'no daily returns' }
  return { value: Math.abs(daily.maxDrawdown) }
}

function compare(
  baseline: PeriodStats | null,
  day: PeriodStats,
  toDate: PeriodStats | null,
  missing: string,
): ComparisonRow[] {
  const none: ReportValue = { value: null, reason: missing }
  return ROWS.map((row) => {
    const b = baseline ? row.get(baseline) : none
    const d = row.get(day)
    const t = toDate ? row.get(toDate) : none
    return {
      metric: row.metric,
      label: row.label,
      unit: row.unit,
      higherIsBetter: row.higherIsBetter,
      baseline: b,
      day: d,
      toDate: t,
      dayDifference: difference(d, b),
      toDateDifference: difference(t, b),
    }
  })
}

function difference(a: ReportValue, b: ReportValue): number | null {
  if (a.value === null || b.value === null) return null
  const d = a.value - b.value
  return Number.isFinite(d) ? d : null
}

function judgeTargets(
  targets: DailyReport['settings']['targets'],
  toDate: { period: ReportPeriod; stats: PeriodStats } | null,
  noHistory: string,
): TargetResult[] {
  const span = toDate
    ? `${toDate.period.from} to ${toDate.period.to} (${toDate.period.days} day${toDate.period.days === 1 ? '' : 's'})`
    : ''
  const t = toDate?.stats.trades
  const daily = toDate?.stats.daily ?? null
  const judge = (
    target: TargetResult['target'],
    label: string,
    unit: ReportUnit,
    comparator: '>=' | '<=',
    threshold: number,
    actual: ReportValue,
    detail: string,
  ): TargetResult => {
    const status =
      actual.value === null
        ? 'undefined'
        : (comparator === '>=' ? actual.value >= threshold : actual.value <= threshold)
          ? 'pass'
          : 'fail'
    return { target, label, unit, comparator, threshold, actual, status, detail }
  }
  const missing: ReportValue = { value: null, reason: noHistory }
  return [
    judge(
      'winRate',
      'Win rate',
      'fraction',
      '>=',
      targets.winRate,
      t ? valueOf(t, 'winRate') : missing,
      t ? `${t.wins} winning trades of ${t.trades}, ${span}` : noHistory,
    ),
    judge(
      'averageProfit',
      'Average profit per trade',
      'USD',
      '>=',
      targets.averageProfit,
      t ? valueOf(t, 'averageProfit') : missing,
      t ? `Net profit ${formatUsd(t.netProfit)} over ${t.trades} trades, ${span}` : noHistory,
    ),
    judge(
      'maxDrawdown',
      'Max drawdown',
      'fraction',
      '<=',
      targets.maxDrawdown,
      toDate ? maxDrawdownValue(daily) : missing,
      toDate
        ? `Deepest fall of the daily equity below its peak, ${span}; ${toDate.period.returnsSource === 'equity-closes' ? 'from the journaled daily closes' : 'from the trades’ PnL on the starting capital'}`
        : noHistory,
    ),
    judge(
      'sharpe',
      'Sharpe ratio',
      'ratio',
      '>=',
      targets.sharpe,
      daily ? valueOf(daily, 'sharpe') : missing,
      daily
        ? `Annualized (√${daily.periodsPerYear}) from ${daily.days} daily return${daily.days === 1 ? '' : 's'}, ${span}`
        : noHistory,
    ),
  ]
}

/** The daily closes, after the equity the first day started from (the close before it). */
function dailyPoints(calendar: readonly CalendarDay[], series: DailySeries): DailyEquityPoint[] {
  if (calendar.length === 0 || !covers(series, 0, calendar.length - 1)) return []
  const returns = series.returns as number[]
  const rolling = rollingSharpe(returns)
  const first = calendar[0] as CalendarDay
  const start: DailyEquityPoint = {
    day: addDays(first.date, -1),
    ts: first.start,
    equity: (series.equity[0] as number) / (1 + (returns[0] as number)),
    return: null,
    rollingSharpe: null,
  }
  return [
    start,
    ...calendar.map((d, i) => ({
      day: d.date,
      ts: d.start,
      equity: series.equity[i] as number,
      return: returns[i] as number,
      rollingSharpe: rolling[i] ?? null,
    })),
  ]
}

/** The last close of the period against the highest equity before it (the base included). */
function drawdownNow(
  toDate: { series: DailySeries; a: number; b: number } | null,
  calendar: readonly CalendarDay[],
): { currentDrawdown: ReportValue; peak: DailyReport['risk']['peak'] } {
  if (!toDate || !covers(toDate.series, toDate.a, toDate.b))
    return {
      currentDrawdown: { value: null, reason: toDate?.series.reason ?? 'no daily closes' },
      peak: null,
    }
  const { series, a, b } = toDate
  const first = series.equity[a] as number
  const r = series.returns[a] as number
  let peak: { day: string | null; equity: number } = { day: null, equity: first / (1 + r) }
  for (let i = a; i <= b; i++) {
    const equity = series.equity[i] as number
    if (equity > peak.equity) peak = { day: (calendar[i] as CalendarDay).date, equity }
  }
  const last = series.equity[b] as number
  return peak.equity > 0
    ? { currentDrawdown: { value: last / peak.equity - 1 }, peak }
    : { currentDrawdown: { value: null, reason: 'the peak equity was not above zero' }, peak: null }
}

function headline(report: ReportFacts): string {
  const t = report.summary.trades
  const day =
    t.trades === 0
      ? report.summary.fills === 0
        ? 'no trades'
        : `no round trips closed (${report.summary.fills} fills)`
      : `${t.trades} trade${t.trades === 1 ? '' : 's'} (${formatValue(t.winRate, 'fraction')} won), net ${formatUsd(t.netProfit)}`
  const results = report.targets.results
  const count = (status: string) => results.filter((r) => r.status === status).length
  const days = report.period
    ? `${report.period.days} day${report.period.days === 1 ? '' : 's'}`
    : ''
  const verdict = !report.period
    ? 'targets undefined until the first fill'
    : report.targets.verdict === 'pass'
      ? `all ${results.length} targets met over ${days}`
      : `targets over ${days}: ${count('pass')} met, ${count('fail')} missed${count('undefined') ? `, ${count('undefined')} undefined` : ''}`
  return `${report.date}: ${day}; ${verdict}`
}

function sumOf(values: Iterable<Decimal>): Decimal {
  let total = ZERO
  for (const v of values) total = total.plus(v)
  return total
}
