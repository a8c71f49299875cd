/**
 * The recommendation rules: each reads the report's numbers, fires only when its condition
 * holds, and says why with the numbers that made it fire. Nothing is said about what the data
 * cannot show (a day without trades says so and nothing else about trading).
 */
import type { DailyReport, Recommendation } from '../../../shared/performance'
import type { Order } from '../../../shared/types'
import { dec, str } from '../core'
import { formatBps, formatPct, formatRatio, formatUsd } from './format'

/** The thresholds of the rules. */
export const REPORT_RULES = {
  /** Fees above this share of the gross profit of the day's round trips. */
  feeEfficiency: 0.5,
  /** A symbol's 95th-percentile slippage of the day above this, bps... */
  slippageP95Bps: 25,
  /** ...over at least this many of its orders. */
  slippageMinOrders: 5,
  /** Win rate and average profit are judged on at least this many trades to date. */
  minTrades: 20,
  /** The drawdown warns at this share of the drawdown limit, and is critical at the limit. */
  drawdownWarnShare: 0.8,
  /** The Sharpe ratio is judged on at least this many daily returns. */
  sharpeMinDays: 30,
  /** Losing trades in a row within the day, at least. */
  lossRun: 5,
  /** Orders refused by the gate, as a share of the day's orders, at least... */
  rejectionShare: 0.2,
  /** ...out of at least this many orders. */
  rejectionMinOrders: 5,
} as const

/** The report's numbers the rules read. */
export type ReportFacts = Omit<DailyReport, 'recommendations' | 'headline'>

/** Every recommendation the day's data call for, most severe first. */
export function recommend(report: ReportFacts, dayOrders: readonly Order[]): Recommendation[] {
  const out: Recommendation[] = []
  const day = report.summary
  const t = day.trades
  const rules = REPORT_RULES
  const period = report.period
  const span = period ? `from ${period.from} to ${period.to}` : ''

  if (day.fills === 0) {
    const placed =
      day.orders === 0
        ? 'no orders were placed'
        : `${plural(day.orders, 'order')} ${day.orders === 1 ? 'was' : 'were'} placed and none filled`
    out.push({
      rule: 'no_trades',
      severity: 'info',
      message: `No trades on ${report.date}.`,
      why: `The journal holds no fills between 00:00 and 24:00 (${report.timeZone}) on ${report.date}: ${placed}. The day's trading numbers are undefined rather than zero.`,
    })
  }

  const efficiency = report.fees.feeEfficiency.value
  if (efficiency !== null && efficiency > rules.feeEfficiency) {
    const fills = report.fees.makerFills + report.fees.takerFills
    const takerShare = fills > 0 ? report.fees.takerFills / fills : 0
    out.push({
      rule: 'fee_efficiency',
      severity: 'warning',
      message: `Fees ate ${formatPct(efficiency)} of gross profit; consider limit orders (maker fees) or a lower fee tier.`,
      why: `The ${plural(t.trades, 'round trip')} closed on ${report.date} paid ${formatUsd(t.fees)} in fees against ${formatUsd(t.grossProfit)} of gross profit (the winning trades), ${formatPct(efficiency)}, above the ${formatPct(rules.feeEfficiency, 0)} threshold. ${formatPct(takerShare, 0)} of the day's ${fills} fills paid the taker fee.`,
    })
  }

  for (const [symbol, s] of Object.entries(report.slippage.day.slippageBySymbol)) {
    if (s.p95Bps === null || s.orders < rules.slippageMinOrders || s.p95Bps <= rules.slippageP95Bps)
      continue
    out.push({
      rule: 'slippage',
      severity: 'warning',
      message: `Slippage on ${symbol} is high: 95th percentile ${formatBps(s.p95Bps)}; consider smaller or limit orders.`,
      why: `${s.orders} ${symbol} orders on ${report.date} filled against the price they were checked at with a mean of ${formatBps(s.meanBps as number)}, a median of ${formatBps(s.medianBps as number)} and a 95th percentile of ${formatBps(s.p95Bps)}, above the ${formatBps(rules.slippageP95Bps)} threshold (judged on at least ${rules.slippageMinOrders} orders).`,
    })
  }

  const toDate = report.risk.trades
  const targets = report.settings.targets
  if (
    toDate.winRate !== null &&
    toDate.trades >= rules.minTrades &&
    toDate.winRate < targets.winRate
  ) {
    const today =
      t.winRate === null ? 'no trades closed today' : `today ${formatPct(t.winRate)} of ${t.trades}`
    out.push({
      rule: 'win_rate',
      severity: 'warning',
      message: `Win rate is below the target: ${formatPct(toDate.winRate)} against ${formatPct(targets.winRate, 0)}.`,
      why: `${toDate.wins} winning trades of ${toDate.trades} ${span} (${today}); the rule judges at least ${rules.minTrades} trades.`,
    })
  }

  if (
    toDate.averageProfit !== null &&
    toDate.trades >= rules.minTrades &&
    dec(toDate.averageProfit).lessThan(targets.averageProfit)
  ) {
    const perTrade = (sum: string) => str(dec(sum).dividedBy(toDate.trades))
    out.push({
      rule: 'average_profit',
      severity: 'warning',
      message: `Average profit per trade is ${formatUsd(toDate.averageProfit)}, below the ${formatUsd(targets.averageProfit)} target.`,
      why: `Net profit ${formatUsd(toDate.netProfit)} over ${toDate.trades} trades ${span}. Fees averaged ${formatUsd(perTrade(toDate.fees))} a trade: before fees the average was ${formatUsd(perTrade(toDate.totalProfit))}.`,
    })
  }

  const current = report.risk.currentDrawdown.value
  const peak = report.risk.peak
  if (current !== null && peak !== null) {
    const depth = -current
    const limit = targets.maxDrawdown
    if (depth >= limit * rules.drawdownWarnShare) {
      const beyond = depth >= limit
      const last = report.charts.daily.at(-1)
      out.push({
        rule: 'drawdown',
        severity: beyond ? 'critical' : 'warning',
        message: beyond
          ? `Drawdown is at or beyond the limit: ${formatPct(depth)} below the peak, the limit is ${formatPct(limit, 0)}.`
          : `Drawdown is near the limit: ${formatPct(depth)} below the peak, the limit is ${formatPct(limit, 0)}.`,
        why: `Equity closed ${report.date} at ${formatUsd(last?.equity ?? 0)} against the peak of ${formatUsd(peak.equity)} (${peak.day ?? 'the starting equity'}); the rule warns at ${formatPct(rules.drawdownWarnShare, 0)} of the limit (${formatPct(limit * rules.drawdownWarnShare)}).`,
      })
    }
  }

  const daily = report.risk.daily
  if (daily.sharpe !== null && daily.days >= rules.sharpeMinDays && daily.sharpe < targets.sharpe) {
    out.push({
      rule: 'sharpe',
      severity: 'info',
      message: `Sharpe ratio to date is ${formatRatio(daily.sharpe)}, below the ${formatRatio(targets.sharpe)} target.`,
      why: `Annualized (√${daily.periodsPerYear}) from ${daily.days} daily returns ${span}: mean ${formatPct(daily.meanReturn as number, 3)} a day, standard deviation ${formatPct(daily.stdev as number, 3)}; the rule judges at least ${rules.sharpeMinDays} days.`,
    })
  }

  if (t.longestLossRun >= rules.lossRun) {
    out.push({
      rule: 'loss_streak',
      severity: 'warning',
      message: `${t.longestLossRun} losing trades in a row on ${report.date}.`,
      why: `Of the ${plural(t.trades, 'round trip')} closed that day, ${t.losses} lost (${formatUsd(str(dec(t.grossLoss).negated()))} in all) and the longest run of losses was ${t.longestLossRun}, at or above the threshold of ${rules.lossRun}.`,
    })
  }

  if (day.orders >= rules.rejectionMinOrders && day.rejected / day.orders >= rules.rejectionShare) {
    const codes = new Map<string, number>()
    for (const order of dayOrders) {
      if (order.status !== 'rejected') continue
      for (const check of order.checks)
        if (!check.passed) codes.set(check.code, (codes.get(check.code) ?? 0) + 1)
    }
    const top = [...codes]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 3)
      .map(([code, n]) => `${code} ×${n}`)
    out.push({
      rule: 'rejections',
      severity: 'warning',
      message: `The pre-execution gate refused ${day.rejected} of ${day.orders} orders on ${report.date}.`,
      why: `${formatPct(day.rejected / day.orders)} of the day's orders were refused, at or above the ${formatPct(rules.rejectionShare, 0)} threshold (judged on at least ${rules.rejectionMinOrders} orders)${top.length ? `; most frequent: ${top.join(', ')}` : ''}. Check the risk limits against what the strategy sends.`,
    })
  }

  const rank = { critical: 0, warning: 1, info: 2 }
  return out.sort((a, b) => rank[a.severity] - rank[b.severity])
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}
