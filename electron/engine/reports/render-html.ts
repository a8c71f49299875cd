/**
 * The report as one self-contained HTML file: inline CSS and SVG charts, no script, no font or
 * image from elsewhere, laid out to print on A4 (Electron's printToPDF, or a browser's print).
 */
import type {
  DailyReport,
  ExpectedCostsSection,
  DaySummary,
  ReportUnit,
  ReportValue,
  RoundTrip,
  SlippageMetrics,
} from '../../../shared/performance'
import { dailyChart, esc, intradayChart, slippageChart } from './charts'
import { formatBps, formatPct, formatRatio, formatUsd, formatValue } from './format'
import { REPORT_BASE_CSS } from './report-css'

const CSS = `${REPORT_BASE_CSS}
.cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: 10px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; background: var(--soft); }
.card .label { font-size: 11.5px; color: var(--muted); }
.card .value { font-size: 19px; font-weight: 650; font-variant-numeric: tabular-nums; }
.card .sub { font-size: 11.5px; color: var(--muted); }
td.sym { white-space: nowrap; }
table.cmp { table-layout: fixed; }
table.cmp td.num { white-space: normal; }
.pos { color: var(--pass); } .neg { color: var(--fail); }
.badge { display: inline-block; min-width: 44px; text-align: center; padding: 1px 8px; border-radius: 10px; font-size: 11px; font-weight: 700; letter-spacing: .04em; color: #fff; }
.badge.critical { background: var(--fail); } .badge.warning { background: var(--warn); } .badge.info { background: var(--info); }
.verdict { font-weight: 600; }
.chart-empty { border: 1px dashed var(--line); color: var(--muted); padding: 22px; text-align: center; font-size: 12.5px; margin: 8px 0; }
.key.equity { background: #1f2933; } .key.dd { background: rgba(180,35,24,.35); } .key.sharpe { background: #2563eb; } .key.base { background: rgba(29,78,216,.12); border: 1px solid rgba(29,78,216,.3); }
svg .grid { stroke: #e4e7eb; stroke-width: 1; }
svg .zero { stroke: #9aa5b1; stroke-dasharray: 2 3; }
svg .equity-line { fill: none; stroke: #1f2933; stroke-width: 1.6; }
svg .equity-dot { fill: #1f2933; }
svg .dd-band { fill: rgba(180,35,24,.28); stroke: none; }
svg .sharpe-line { fill: none; stroke: #2563eb; stroke-width: 1.4; stroke-dasharray: 5 3; }
svg .baseline-band { fill: rgba(29,78,216,.08); }
svg .band-label { fill: #3e4c59; font-size: 10.5px; }
svg .p95-line { stroke: var(--fail); stroke-dasharray: 4 3; }
ul.recs { list-style: none; padding: 0; margin: 0; }
ul.recs li { border: 1px solid var(--line); border-left-width: 4px; border-radius: 4px; padding: 8px 10px; margin: 8px 0; }
ul.recs li.critical { border-left-color: var(--fail); } ul.recs li.warning { border-left-color: var(--warn); } ul.recs li.info { border-left-color: var(--info); }
ul.recs .msg { font-weight: 600; }
ul.recs .why { color: #3e4c59; font-size: 12.5px; margin-top: 2px; }
.two { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
@media print {
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  section, .chart, table, ul.recs li, .card { break-inside: avoid; }
  .cards { grid-template-columns: repeat(4, 1fr); }
}
@media (max-width: 720px) { .cards { grid-template-columns: repeat(2, 1fr); } .two { grid-template-columns: 1fr; } }
`

/** Writes a value in its unit, or "—" with the reason it is undefined. */
function cell(v: ReportValue, unit: ReportUnit, signed = false): string {
  if (v.value === null)
    return `<span class="undef">—</span><span class="reason">undefined (${esc(v.reason ?? 'no data')})</span>`
  return esc(formatValue(v.value, unit, signed))
}

/** A drawdown (a fraction ≤ 0) written as the size of the fall: "12.3%". */
function fall(v: ReportValue): string {
  return v.value === null ? cell(v, 'fraction') : esc(formatPct(-v.value))
}

/** A difference, coloured by whether it is better or worse than the baseline. */
function diff(value: number | null, unit: ReportUnit, higherIsBetter: boolean | null): string {
  if (value === null) return '<span class="undef">—</span>'
  // A difference of two percentages is in percentage points.
  const text =
    unit === 'fraction'
      ? formatPct(value, 1, true).replace('%', ' pp')
      : formatValue(value, unit, true)
  // What rounds to zero is no better and no worse.
  const better =
    higherIsBetter === null || !/[1-9]/.test(text) ? null : value > 0 === higherIsBetter
  const cls = better === null ? '' : better ? 'pos' : 'neg'
  return `<span class="${cls}">${esc(text)}</span>`
}

function money(value: number | string, signed = false): string {
  const n = Number(value) // only its sign is read
  const cls = n > 0 ? 'pos' : n < 0 ? 'neg' : ''
  return `<span class="${cls}">${esc(formatUsd(value, signed))}</span>`
}

function card(label: string, value: string, sub = ''): string {
  return `<div class="card"><div class="label">${esc(label)}</div><div class="value">${value}</div>${sub ? `<div class="sub">${sub}</div>` : ''}</div>`
}

/** The report as a self-contained HTML document. */
export function renderReportHtml(report: DailyReport): string {
  const tz = report.timeZone
  const clock = new Intl.DateTimeFormat('en-GB', {
    timeZone: tz,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })
  const stamp = new Intl.DateTimeFormat('en-GB', {
    timeZone: tz,
    dateStyle: 'medium',
    timeStyle: 'short',
    hourCycle: 'h23',
  })
  const weekday = new Intl.DateTimeFormat('en-GB', {
    timeZone: tz,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  })
  const s = report.summary
  const t = s.trades
  const timeLabel = (ts: number) => clock.format(ts)
  const dayTime = (ts: number) =>
    ts >= report.dayStart && ts < report.dayEnd ? clock.format(ts) : stamp.format(ts)

  const parts: string[] = []
  parts.push(`<header class="top"><div class="brand">Vigil · daily performance report</div>
<h1>Daily performance report — ${esc(report.date)}</h1>
<div class="meta">${esc(weekday.format(report.dayStart))}, 00:00–24:00 ${esc(tz)} · generated ${esc(stamp.format(report.generatedAt))} · ${report.accounts.length} account${report.accounts.length === 1 ? '' : 's'}: ${report.accounts.map((a) => esc(a.name)).join(', ') || 'none'}</div>
<p class="headline">${esc(report.headline)}</p></header>`)

  // Summary of the day.
  const wl =
    t.trades === 0
      ? 'no round trips closed'
      : `${t.wins} won · ${t.losses} lost${t.breakeven ? ` · ${t.breakeven} even` : ''}`
  const change = s.equityChange.value
  parts.push(`<section id="summary"><h2>Summary of the day</h2><div class="cards">
${card('Trades (round trips closed)', String(t.trades), esc(wl))}
${card('Win rate', cell({ value: t.winRate, reason: t.reasons.winRate }, 'fraction'))}
${card('Net profit (after fees)', t.trades === 0 ? cell({ value: null, reason: 'no closed trades' }, 'USD') : money(t.netProfit), t.trades ? `gross profit ${esc(formatUsd(t.grossProfit))} · gross loss ${esc(formatUsd(t.grossLoss))}` : '')}
${card('Fees paid', esc(formatUsd(s.feesPaid)), `${s.fills} fill${s.fills === 1 ? '' : 's'} · volume ${esc(formatUsd(s.volume))}`)}
${card('Realized PnL (ledger)', s.realizedPnl.value === null ? cell(s.realizedPnl, 'USD') : money(s.realizedPnl.value), 'average cost, net of every fee paid')}
${card('Equity open → close', `${cell(s.equityClose, 'USD')}`, `open ${cell(s.equityOpen, 'USD')} · change ${change === null ? '—' : money(change, true)}`)}
${card('Max intraday drawdown', fall(s.maxIntradayDrawdown), s.maxIntradayDrawdownAmount.value === null ? '' : `${esc(formatUsd(s.maxIntradayDrawdownAmount.value))} below the peak`)}
${card('Orders', String(s.orders), `${s.rejected} refused by the gate · exposure at close ${s.grossExposure.value === null ? '—' : esc(formatPct(s.grossExposure.value))}`)}
</div>
<p class="meta">Equity open and close: ${equitySourceText(s.equitySource)}.</p>
${intradayChart(report.charts.intraday, report.dayStart, report.dayEnd, timeLabel)}
${accountsTable(report)}</section>`)

  // Targets.
  const verdict =
    report.targets.verdict === 'pass'
      ? '<span class="badge pass">PASS</span> every target is met'
      : report.targets.verdict === 'fail'
        ? '<span class="badge fail">FAIL</span> at least one target is missed'
        : '<span class="badge undefined">N/A</span> no target missed, some undefined'
  parts.push(`<section id="targets"><h2>Validation targets</h2>
<p>Judged over the period to date${report.period ? `, <strong>${esc(report.period.from)} to ${esc(report.period.to)}</strong> (${report.period.days} day${report.period.days === 1 ? '' : 's'})` : ''}, as the 90-day validation plan judges them. <span class="verdict">${verdict}</span>.</p>
<table><thead><tr><th>Target</th><th class="num">Required</th><th class="num">Actual</th><th>Result</th><th>Over</th></tr></thead><tbody>
${report.targets.results
  .map(
    (r) =>
      `<tr><td>${esc(r.label)}</td><td class="num">${r.comparator === '>=' ? '≥' : '≤'} ${esc(formatValue(r.threshold, r.unit))}</td><td class="num">${cell(r.actual, r.unit)}</td><td><span class="badge ${r.status}">${r.status === 'undefined' ? 'N/A' : r.status.toUpperCase()}</span></td><td>${esc(r.detail)}</td></tr>`,
  )
  .join('\n')}
</tbody></table>${report.period ? `<p class="meta">${esc(report.period.note)}</p>` : ''}</section>`)

  // Baseline comparison.
  const b = report.baseline
  const baselineText = b
    ? `${b.chosen === 'settings' ? 'The chosen baseline' : 'The baseline is the first 30 days of trading'}: <strong>${esc(b.from)} to ${esc(b.to)}</strong> (${b.days} day${b.days === 1 ? '' : 's'}).`
    : 'No baseline yet.'
  parts.push(`<section id="baseline"><h2>Comparison with the baseline</h2>
<p>${baselineText}${report.baselineNote ? ` ${esc(report.baselineNote)}` : ''} Counts and money are per day so that periods of different lengths compare.</p>
<table class="cmp"><colgroup><col style="width:25%"><col span="5" style="width:15%"></colgroup><thead><tr><th>Metric</th><th class="num">Baseline</th><th class="num">This day</th><th class="num">Day − baseline</th><th class="num">To date</th><th class="num">To date − baseline</th></tr></thead><tbody>
${report.comparison
  .map(
    (r) =>
      `<tr><td>${esc(r.label)}</td><td class="num">${cell(r.baseline, r.unit)}</td><td class="num">${cell(r.day, r.unit)}</td><td class="num">${diff(r.dayDifference, r.unit, r.higherIsBetter)}</td><td class="num">${cell(r.toDate, r.unit)}</td><td class="num">${diff(r.toDateDifference, r.unit, r.higherIsBetter)}</td></tr>`,
  )
  .join('\n')}
</tbody></table></section>`)

  // Top trades.
  parts.push(`<section id="top-trades"><h2>Top trades of the day</h2><div class="two">
<div><h3>Top ${report.topWinners.length || ''} winning trades</h3>${tradesTable(report.topWinners, dayTime, 'No winning trade closed this day.')}</div>
<div><h3>Top ${report.topLosers.length || ''} losing trades</h3>${tradesTable(report.topLosers, dayTime, 'No losing trade closed this day.')}</div>
</div></section>`)

  // Risk.
  const d = report.risk.daily
  const rt = report.risk.trades
  const rv = (key: keyof typeof d, unit: ReportUnit) =>
    cell({ value: d[key] as number | null, reason: d.reasons[key] }, unit)
  const mdd =
    d.maxDrawdown === null
      ? cell({ value: null, reason: d.reasons.maxDrawdown ?? 'no daily returns' }, 'fraction')
      : esc(formatPct(-d.maxDrawdown))
  parts.push(`<section id="risk"><h2>Risk metrics</h2>
<p>Over the period to date${report.period ? ` (${esc(report.period.from)} to ${esc(report.period.to)}, ${d.days} daily return${d.days === 1 ? '' : 's'}; risk-free rate 0, 365 periods a year)` : ''}.</p>
<table><tbody>
<tr><td>Sharpe ratio (annualized)</td><td class="num">${rv('sharpe', 'ratio')}</td><td>Sortino ratio (annualized)</td><td class="num">${rv('sortino', 'ratio')}</td></tr>
<tr><td>Calmar ratio (CAGR / max drawdown)</td><td class="num">${rv('calmar', 'ratio')}</td><td>Rolling 30-day Sharpe (latest)</td><td class="num">${rv('rollingSharpe', 'ratio')}</td></tr>
<tr><td>Max drawdown (daily closes)</td><td class="num">${mdd}</td><td>Drawdown now (from the peak)</td><td class="num">${fall(report.risk.currentDrawdown)}${report.risk.peak ? `<span class="reason">peak ${esc(formatUsd(report.risk.peak.equity))} ${report.risk.peak.day === null ? 'at the start' : `on ${esc(report.risk.peak.day)}`}</span>` : ''}</td></tr>
<tr><td>Total return</td><td class="num">${d.totalReturn === null ? cell({ value: null, reason: d.reasons.totalReturn ?? 'no daily returns' }, 'fraction') : esc(formatPct(d.totalReturn, 2, true))}</td><td>CAGR</td><td class="num">${rv('cagr', 'fraction')}</td></tr>
<tr><td>Max drawdown of closed trades (USD)</td><td class="num">${esc(formatUsd(rt.maxDrawdownAmount))}</td><td>Time in the market (share of the period a round trip was open)</td><td class="num">${cell({ value: rt.exposure, reason: rt.reasons.exposure }, 'fraction')}</td></tr>
<tr><td>Exposure at the day’s close (holdings / equity)</td><td class="num">${cell(s.grossExposure, 'fraction')}</td><td>Profit factor to date</td><td class="num">${rt.profitFactor === null ? cell({ value: null, reason: rt.reasons.profitFactor ?? 'no closed trades' }, 'ratio') : esc(formatRatio(rt.profitFactor))}</td></tr>
</tbody></table>
${dailyChart(report.charts.daily, b ? { from: b.from, to: b.to } : null)}</section>`)

  // Slippage and fees.
  const sl = report.slippage.day
  const symbolRows = Object.entries(sl.slippageBySymbol)
  parts.push(`<section id="costs"><h2>Slippage and fees</h2><div class="two"><div>
<h3>Slippage against the checked price</h3>
<table><thead><tr><th>Symbol</th><th class="num">Orders</th><th class="num">Mean</th><th class="num">Median</th><th class="num">p95</th></tr></thead><tbody>
${slippageRow('All symbols', sl.slippage, sl.reasons.slippage)}
${symbolRows.map(([symbol, m]) => slippageRow(symbol, m, undefined)).join('\n')}
${slippageRow('To date, all', report.slippage.toDate.slippage, report.slippage.toDate.reasons.slippage)}
</tbody></table></div><div>
<h3>Fees</h3>
<table><tbody>
<tr><td>Fees paid this day</td><td class="num">${esc(formatUsd(report.fees.paid))}</td></tr>
<tr><td>Maker (${report.fees.makerFills} fill${report.fees.makerFills === 1 ? '' : 's'})</td><td class="num">${esc(formatUsd(report.fees.maker))}</td></tr>
<tr><td>Taker (${report.fees.takerFills} fill${report.fees.takerFills === 1 ? '' : 's'})</td><td class="num">${esc(formatUsd(report.fees.taker))}</td></tr>
<tr><td>Fees of the round trips closed</td><td class="num">${esc(formatUsd(t.fees))}</td></tr>
<tr><td>Fee efficiency (fees / gross profit), day</td><td class="num">${cell(report.fees.feeEfficiency, 'fraction')}</td></tr>
<tr><td>Fee efficiency, to date</td><td class="num">${cell(report.fees.toDateFeeEfficiency, 'fraction')}</td></tr>
</tbody></table></div></div>
${slippageChart(report.slippage.points, sl.slippage.p95Bps, report.dayStart, report.dayEnd, timeLabel)}</section>`)

  // Execution costs against the model's estimates.
  const ec = report.expectedCosts
  if (ec) parts.push(expectedCostsHtml(ec))

  // Recommendations.
  parts.push(`<section id="recommendations"><h2>Recommendations</h2>
${
  report.recommendations.length === 0
    ? '<p>No rule fired: nothing in the day’s numbers calls for a change.</p>'
    : `<ul class="recs">${report.recommendations
        .map(
          (r) =>
            `<li class="${r.severity}"><span class="badge ${r.severity}">${r.severity.toUpperCase()}</span> <span class="msg">${esc(r.message)}</span><div class="why">Why: ${esc(r.why)}</div></li>`,
        )
        .join('\n')}</ul>`
}</section>`)

  parts.push(
    `<footer>Net profit and win rate are over round trips (fills matched first in, first out) after fees; a breakeven trade is not a win. Sharpe, Sortino and drawdown use daily returns with 365 periods a year, the sample standard deviation and the starting equity as the first peak. Slippage is each order’s average fill price against the price it was checked at, positive when it cost. “—” marks a value that is undefined for these data, with the reason; it is never shown as 0. Times are in ${esc(tz)}.</footer>`,
  )

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Vigil daily report ${esc(report.date)}</title>
<style>${CSS}</style></head>
<body><main>
${parts.join('\n')}
</main></body></html>
`
}

function equitySourceText(source: DaySummary['equitySource']): string {
  return source === 'equity-closes'
    ? 'the journaled daily closes'
    : source === 'fills'
      ? 'rebuilt from the fills (cash plus holdings at the last fill prices), as no daily close was journaled'
      : 'the journaled daily closes where there is one, else rebuilt from the fills'
}

function accountsTable(report: DailyReport): string {
  if (report.perAccount.length < 2) return ''
  return `<h3>By account</h3><table><thead><tr><th>Account</th><th class="num">Trades</th><th class="num">Win rate</th><th class="num">Net profit</th><th class="num">Fees paid</th><th class="num">Equity close</th><th class="num">Change</th><th class="num">Max intraday DD</th></tr></thead><tbody>
${report.perAccount
  .map((a) => {
    return `<tr><td>${esc(a.name)} <span class="reason">${esc(a.accountId)}</span></td><td class="num">${a.trades.trades}</td><td class="num">${cell({ value: a.trades.winRate, reason: a.trades.reasons.winRate }, 'fraction')}</td><td class="num">${a.trades.trades === 0 ? '<span class="undef">—</span>' : money(a.trades.netProfit)}</td><td class="num">${esc(formatUsd(a.feesPaid))}</td><td class="num">${cell(a.equityClose, 'USD')}</td><td class="num">${a.equityChange.value === null ? '—' : money(a.equityChange.value, true)}</td><td class="num">${fall(a.maxIntradayDrawdown)}</td></tr>`
  })
  .join('\n')}
</tbody></table>`
}

function tradesTable(
  trips: readonly RoundTrip[],
  time: (ts: number) => string,
  none: string,
): string {
  if (trips.length === 0) return `<p class="meta">${esc(none)}</p>`
  return `<table><thead><tr><th>Closed</th><th>Symbol</th><th class="num">Qty</th><th class="num">Entry → exit</th><th class="num">Fees</th><th class="num">PnL</th></tr></thead><tbody>
${trips
  .map(
    (t) =>
      `<tr><td>${esc(time(t.closedAt))}<span class="reason">${esc(t.accountId)} · ${t.side}</span></td><td class="sym">${esc(t.symbol)}</td><td class="num">${esc(t.quantity)}</td><td class="num">${esc(price(t.entryPrice))} → ${esc(price(t.exitPrice))}</td><td class="num">${esc(formatUsd(Number(t.fees)))}</td><td class="num">${money(Number(t.pnl))}</td></tr>`,
  )
  .join('\n')}
</tbody></table>`
}

function price(value: string): string {
  const n = Number(value)
  return n >= 1000 ? formatUsd(n) : `$${Number(n.toPrecision(6))}`
}

function slippageRow(label: string, m: SlippageMetrics, reason: string | undefined): string {
  const v = (x: number | null) => (x === null ? `<span class="undef">—</span>` : esc(formatBps(x)))
  return `<tr><td>${esc(label)}${m.orders === 0 && reason ? `<span class="reason">undefined (${esc(reason)})</span>` : ''}</td><td class="num">${m.orders}</td><td class="num">${v(m.meanBps)}</td><td class="num">${v(m.medianBps)}</td><td class="num">${v(m.p95Bps)}</td></tr>`
}

/** The execution-costs section: the day's orders against the model, and the tests to date. */
function expectedCostsHtml(ec: ExpectedCostsSection): string {
  const bps = (x: number | null, signed = false): string =>
    x === null ? '<span class="undef">—</span>' : esc(formatBps(x, signed))
  const band = ec.inBand
    ? `${ec.inBand.inside} of ${ec.inBand.total} (${esc(formatPct(ec.inBand.share, 0))})<span class="reason">the band is built to hold about 80 %</span>`
    : '<span class="undef">—</span><span class="reason">no filled order carried an estimate this day</span>'
  const worst = ec.worst
    .map(
      (w) =>
        `<tr><td>${esc(w.symbol)} ${esc(w.side)} <span class="reason">${esc(w.orderId)}</span></td><td class="num">${bps(w.expectedBps)}</td><td class="num">${bps(w.actualBps)}</td><td class="num">${bps(w.actualBps - w.expectedBps, true)}</td></tr>`,
    )
    .join('\n')
  return `<section id="expected-costs"><h2>Execution costs against the model</h2>
<p>Each market order carries the model's expected cost at the mid when it was placed (bps of that mid; positive is a cost). ${ec.orders} filled order${ec.orders === 1 ? '' : 's'} this day carried one.</p>
<table><tbody>
<tr><td>Median expected</td><td class="num">${bps(ec.medianExpectedBps)}</td><td>Median actual</td><td class="num">${bps(ec.medianActualBps)}</td></tr>
<tr><td>Median miss (actual − expected)</td><td class="num">${bps(ec.medianMissBps, true)}</td><td>Inside the model's band</td><td class="num">${band}</td></tr>
<tr><td>Implementation shortfall with fees</td><td class="num">${esc(formatUsd(ec.shortfallUsd))}</td><td>Orders to date</td><td class="num">${ec.toDate.orders}</td></tr>
</tbody></table>
<p><strong>Tests to date (${esc(ec.toDate.verdict.replace(/-/g, ' '))}):</strong> ${ec.toDate.words.map(esc).join('; ')}.</p>
${worst ? `<h3>Dearest against the model</h3><table><thead><tr><th>Order</th><th class="num">Expected</th><th class="num">Actual</th><th class="num">Miss</th></tr></thead><tbody>${worst}</tbody></table>` : ''}
</section>`
}
