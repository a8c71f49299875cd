/**
 * The report as JSON, CSV and HTML: the same numbers in each, units written out, undefined
 * values shown as undefined (never 0), and an HTML file that needs nothing from elsewhere.
 */
import { describe, expect, it } from 'vitest'
import {
  CSV_HEADER,
  CSV_TRADES_HEADER,
  buildDailyReport,
  parseReportJson,
  renderReportCsv,
  renderReportHtml,
  renderReportJson,
} from '../../../../electron/engine/reports'
import { History, at, reportInput } from './report-kit'

const DAY = '2026-01-05'

function tradedDay() {
  const history = new History()
    .trade(at(DAY, 9), 100, 110, { fee: 1 })
    .trade(at(DAY, 11), 100, 95, { fee: 2, quantity: '2' })
    .trade(at(DAY, 14), 50, 52, { symbol: 'ETH-USD' })
  return buildDailyReport(reportInput(history, DAY))
}

function quietDay() {
  return buildDailyReport(reportInput(new History().pnl(at('2026-01-02'), 5), DAY))
}

/** The key-value rows of the CSV as section|scope|metric → [value, unit, note]. */
function csvRows(csv: string): Map<string, string[]> {
  const rows = new Map<string, string[]>()
  const [table] = csv.split('\r\n\r\n')
  for (const line of (table as string).split('\r\n').slice(1)) {
    const cells = parseCsvLine(line)
    rows.set(cells.slice(0, 3).join('|'), cells.slice(3))
  }
  return rows
}

function parseCsvLine(line: string): string[] {
  const cells: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"'
        i++
      } else if (c === '"') quoted = false
      else cell += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      cells.push(cell)
      cell = ''
    } else cell += c
  }
  cells.push(cell)
  return cells
}

describe('JSON', () => {
  it('round-trips the model, an infinite profit factor included', () => {
    // Only winners: the profit factor is +∞.
    const report = buildDailyReport(reportInput(new History().pnl(at(DAY), 5), DAY))
    expect(report.summary.trades.profitFactor).toBe(Infinity)
    const json = renderReportJson(report)
    expect(json).toContain('"profitFactor": "Infinity"')
    expect(parseReportJson(json)).toEqual(report)
  })
})

describe('CSV', () => {
  it('is one long table of section,scope,metric,value,unit,note, then the trades of the day', () => {
    const csv = renderReportCsv(tradedDay())
    const [table, trades] = csv.split('\r\n\r\n')
    expect(table?.split('\r\n')[0]).toBe(CSV_HEADER)
    const tradeLines = (trades as string).trimEnd().split('\r\n')
    expect(tradeLines[0]).toBe(CSV_TRADES_HEADER)
    expect(tradeLines).toHaveLength(4)
    // The losing BTC trade: 2 bought at 100, sold at 95, fees 2 + 2.
    expect(tradeLines[2]).toMatch(
      /^2,a1,BTC-USD,long,2026-01-05 11:00:00,2026-01-05 11:01:00,2,100,95,-10,4,-14,o4$/,
    )
    const rows = csvRows(csv)
    expect(rows.get('summary|all|trades')).toEqual(['3', 'count', ''])
    expect(rows.get('summary|all|net_profit')).toEqual(['-4', 'USD', ''])
    expect(rows.get('summary|all|win_rate')).toEqual([String(2 / 3), 'fraction', ''])
    expect(rows.get('summary|a1|fees_paid')).toEqual(['6', 'USD', 'fees of the day’s fills'])
    expect(rows.get('target|winRate|status')?.slice(0, 2)).toEqual(['pass', 'text'])
    expect(rows.get('comparison|day|winRate')?.[0]).toBe(String(2 / 3))
  })

  it('leaves an undefined value empty with its reason, never 0', () => {
    const rows = csvRows(renderReportCsv(quietDay()))
    expect(rows.get('summary|all|win_rate')).toEqual([
      '',
      'fraction',
      'undefined: no closed trades',
    ])
    expect(rows.get('summary|all|average_profit')).toEqual([
      '',
      'USD',
      'undefined: no closed trades',
    ])
    expect(rows.get('fees|day|fee_efficiency')).toEqual([
      '',
      'fraction',
      'undefined: no gross profit (no winning trades)',
    ])
    expect(rows.get('recommendation|no_trades|info')?.[0]).toBe('No trades on 2026-01-05.')
    expect(rows.get('summary|all|profit_factor')).toEqual([
      '',
      'ratio',
      'undefined: no closed trades',
    ])
  })

  it('leaves CAGR and Calmar empty with the days they need after one day of history', () => {
    const rows = csvRows(renderReportCsv(tradedDay()))
    for (const metric of ['cagr', 'calmar'])
      expect(rows.get(`risk|to_date|${metric}`)?.[2], metric).toBe(
        'undefined: needs at least 30 days of history; have 1',
      )
    expect(rows.get('risk|to_date|cagr')?.[0]).toBe('')
  })

  it('quotes commas and quotes, and keeps a spreadsheet from running a name as a formula', () => {
    const report = tradedDay()
    const csv = renderReportCsv({
      ...report,
      perAccount: report.perAccount.map((a) => ({ ...a, accountId: '=HYPERLINK("x"),1' })),
    })
    expect(csv).toContain(`"'=HYPERLINK(""x""),1"`)
  })
})

describe('HTML', () => {
  it('is self-contained: no script, no external file, inline CSS and SVG', () => {
    for (const report of [tradedDay(), quietDay()]) {
      const html = renderReportHtml(report)
      expect(html).toMatch(/^<!doctype html>/)
      expect(html).not.toMatch(/<script/i)
      expect(html).not.toMatch(/\b(src|href)\s*=/i)
      expect(html).not.toMatch(/https?:\/\//i)
      expect(html).not.toMatch(/@import|url\(/i)
      expect(html).not.toMatch(/<link\b/i)
      expect(html).toContain('<style>')
      expect(html).toMatch(/@media print/)
      expect(html).toMatch(/@page \{ size: A4/)
    }
    expect(renderReportHtml(tradedDay()).match(/<svg /g)).toHaveLength(3)
  })

  it('has the headings, the numbers with their units, and a badge per target', () => {
    const html = renderReportHtml(tradedDay())
    for (const heading of [
      'Daily performance report — 2026-01-05',
      'Summary of the day',
      'Validation targets',
      'Comparison with the baseline',
      'Top trades of the day',
      'Risk metrics',
      'Slippage and fees',
      'Recommendations',
    ])
      expect(html).toContain(heading)
    expect(html).toContain('66.7%')
    expect(html).toContain('$6.00')
    expect(html).toMatch(/0\.0 bps/)
    expect(html.match(/<span class="badge (pass|fail|undefined)">/g)).toHaveLength(4 + 1)
  })

  it('writes an undefined value as — with the reason, never as 0', () => {
    const html = renderReportHtml(quietDay())
    const winRateCard = /Win rate<\/div><div class="value">(.*?)<\/div>/.exec(html)?.[1]
    expect(winRateCard).toBe(
      '<span class="undef">—</span><span class="reason">undefined (no closed trades)</span>',
    )
    expect(html).not.toMatch(/Win rate<\/div><div class="value">0/)
    expect(html).toContain('No trades on 2026-01-05.')
    expect(html).toContain('No winning trade closed this day.')
  })

  it('writes CAGR and Calmar as — with the days of history they need', () => {
    const html = renderReportHtml(tradedDay())
    const cagr = /<td>CAGR<\/td><td class="num">(.*?)<\/td>/.exec(html)?.[1]
    expect(cagr).toBe(
      '<span class="undef">—</span><span class="reason">undefined (needs at least 30 days of history; have 1)</span>',
    )
    expect(html).toMatch(
      /Calmar ratio \(CAGR \/ max drawdown\)<\/td><td class="num"><span class="undef">—/,
    )
  })

  it('escapes what the trader typed', () => {
    const report = tradedDay()
    const html = renderReportHtml({
      ...report,
      accounts: [{ id: 'a1', name: '<img src=x onerror=alert(1)>', kind: 'paper' }],
    })
    expect(html).not.toContain('<img')
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;')
  })
})
