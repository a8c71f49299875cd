/**
 * The daily report's model from hand-checkable histories: the day's summary, top trades, the
 * baseline, the targets, where daily returns come from, and what a day without trades shows.
 */
import { describe, expect, it } from 'vitest'
import { buildDailyReport } from '../../../../electron/engine/reports'
import { expectClose } from '../performance/close-to'
import { History, at, paperAccount, plusDays, reportInput } from './report-kit'

/** A day of five fills on one account (times UTC, fees in USD). */
function knownDay(): History {
  return (
    new History()
      // Bought 1 BTC at 100 and sold at 110, a fee of 1 each way: +10 gross, +8 net.
      .fill(at('2026-01-05', 9), {
        side: 'buy',
        quantity: '1',
        price: '100',
        fee: '1',
        realizedPnl: '-1',
      })
      .fill(at('2026-01-05', 10), {
        side: 'sell',
        quantity: '1',
        price: '110',
        fee: '1',
        realizedPnl: '9',
      })
      // Bought 2 at 100 and sold at 95, 2 each way: −10 gross, −14 net.
      .fill(at('2026-01-05', 11), {
        side: 'buy',
        quantity: '2',
        price: '100',
        fee: '2',
        realizedPnl: '-2',
      })
      .fill(at('2026-01-05', 12), {
        side: 'sell',
        quantity: '2',
        price: '95',
        fee: '2',
        realizedPnl: '-12',
      })
      // 1 ETH at 50 still held at the close.
      .fill(at('2026-01-05', 13), {
        symbol: 'ETH-USD',
        side: 'buy',
        quantity: '1',
        price: '50',
        fee: '0.5',
        realizedPnl: '-0.5',
      })
  )
}

describe('the summary of the day', () => {
  it('counts the round trips, money and fees of a day of known fills', () => {
    const report = buildDailyReport(reportInput(knownDay(), '2026-01-05'))
    const s = report.summary
    expect(s.fills).toBe(5)
    expect(s.orders).toBe(5)
    expect(s.volume).toBe(100 + 110 + 200 + 190 + 50)
    expect(s.feesPaid).toBe(6.5)
    expect(s.trades.trades).toBe(2)
    expect(s.trades.wins).toBe(1)
    expect(s.trades.losses).toBe(1)
    expect(s.trades.winRate).toBe(0.5)
    expect(s.trades.netProfit).toBe(String(8 - 14))
    expect(s.trades.fees).toBe('6')
    expect(s.realizedPnl).toEqual({ value: -6.5 })
  })

  it('follows the equity from open to close through every fill, and its deepest fall', () => {
    const report = buildDailyReport(reportInput(knownDay(), '2026-01-05'))
    const s = report.summary
    // Cash plus holdings at the last fill price, after each fill.
    expect(report.charts.intraday.map((p) => p.equity)).toEqual([
      10000, 9999, 10008, 10006, 9994, 9993.5, 9993.5,
    ])
    expect(report.charts.intraday[0]?.ts).toBe(at('2026-01-05', 0))
    expect(report.charts.intraday.at(-1)?.ts).toBe(at('2026-01-06', 0))
    expect(s.equityOpen).toEqual({ value: 10000 })
    expect(s.equityClose).toEqual({ value: 9993.5 })
    expect(s.equityChange).toEqual({ value: -6.5 })
    expect(s.equitySource).toBe('fills')
    // The peak 10,008 after the first trade, the low 9,993.50 at the close.
    expect(s.maxIntradayDrawdownAmount.value).toBeCloseTo(14.5, 9)
    expectClose(s.maxIntradayDrawdown.value, 9993.5 / 10008 - 1)
    expectClose(s.grossExposure.value, 50 / 9993.5)
  })

  it('gives each account its own summary', () => {
    const history = knownDay().pnl(at('2026-01-05', 15), 20, { accountId: 'a2' })
    const report = buildDailyReport(
      reportInput(history, '2026-01-05', {
        accounts: [
          paperAccount('a1', at('2026-01-01', 0)),
          paperAccount('a2', at('2026-01-03', 0)),
        ],
        openings: { a1: { cash: '10000', positions: [] }, a2: { cash: '5000', positions: [] } },
      }),
    )
    expect(
      report.perAccount.map((a) => [a.accountId, a.trades.trades, a.trades.netProfit]),
    ).toEqual([
      ['a1', 2, '-6'],
      ['a2', 1, '20'],
    ])
    expect(report.perAccount[1]?.equityClose).toEqual({ value: 5020 })
    expect(report.summary.trades.trades).toBe(3)
    expect(report.summary.equityOpen).toEqual({ value: 15000 })
  })

  it('ignores fills and accounts after the end of the day, so a report made later is the same', () => {
    const history = knownDay()
    const before = buildDailyReport(reportInput(history, '2026-01-05'))
    history.pnl(at('2026-01-06', 1), 500)
    const after = buildDailyReport(
      reportInput(history, '2026-01-05', {
        accounts: [
          paperAccount('a1', at('2026-01-01', 0)),
          paperAccount('late', at('2026-01-07', 0)),
        ],
      }),
    )
    expect(after).toEqual(before)
  })

  it('puts fills on the local day of the time zone asked for', () => {
    // 03:00 UTC on the 6th is 22:00 on the 5th in New York (UTC−5 in January).
    const history = new History().pnl(at('2026-01-06', 3), 10)
    const input = reportInput(history, '2026-01-05', { timeZone: 'America/New_York' })
    const report = buildDailyReport(input)
    expect(report.dayStart).toBe(at('2026-01-05', 5))
    expect(report.dayEnd).toBe(at('2026-01-06', 5))
    expect(report.summary.trades.trades).toBe(1)
    expect(buildDailyReport({ ...input, date: '2026-01-06' }).summary.trades.trades).toBe(0)
  })

  it('refuses a date that is not one', () => {
    expect(() => buildDailyReport(reportInput(new History(), '2026-02-30'))).toThrow(RangeError)
  })
})

describe('top trades', () => {
  it('lists the five best winners best first and the five worst losers worst first, earlier first on a tie', () => {
    const history = new History()
    const pnls = [3, -1, 7, -6, 5, 1, -3, 5, -2, 6, -5, 2, 4, -4]
    pnls.forEach((pnl, i) => history.pnl(at('2026-01-05', 1 + i), pnl))
    const report = buildDailyReport(reportInput(history, '2026-01-05'))
    expect(report.topWinners.map((t) => Number(t.pnl))).toEqual([7, 6, 5, 5, 4])
    // The two trades of +5: the one closed at 05:01 before the one at 08:01.
    const fives = report.topWinners.filter((t) => t.pnl === '5')
    expect(fives.map((t) => t.closedAt)).toEqual([at('2026-01-05', 5, 1), at('2026-01-05', 8, 1)])
    expect(report.topLosers.map((t) => Number(t.pnl))).toEqual([-6, -5, -4, -3, -2])
    expect(report.trades).toHaveLength(pnls.length)
  })

  it('lists only winners among winners: a day of three wins has no losers to show', () => {
    const history = new History()
      .pnl(at('2026-01-05', 1), 1)
      .pnl(at('2026-01-05', 2), 0)
      .pnl(at('2026-01-05', 3), 2)
    const report = buildDailyReport(reportInput(history, '2026-01-05'))
    expect(report.topWinners.map((t) => t.pnl)).toEqual(['2', '1'])
    expect(report.topLosers).toEqual([])
  })
})

/** 30 days of one +10 trade a day from 2026-01-01, then 10 days of one −5 trade, then one more. */
function fortyDays(): History {
  const history = new History()
  for (let d = 0; d < 30; d++) history.pnl(at(plusDays('2026-01-01', d), 10), 10)
  for (let d = 30; d < 40; d++) history.pnl(at(plusDays('2026-01-01', d), 10), -5)
  return history.pnl(at(plusDays('2026-01-01', 40), 10), 1_000)
}
const DAY_40 = plusDays('2026-01-01', 39)

describe('comparison with the baseline', () => {
  it('takes the first 30 days of trading as the baseline by default, per day against the day and to date', () => {
    const report = buildDailyReport(reportInput(fortyDays(), DAY_40))
    expect(DAY_40).toBe('2026-02-09')
    expect(report.baseline).toMatchObject({
      from: '2026-01-01',
      to: '2026-01-30',
      days: 30,
      chosen: 'first-30-days',
      complete: true,
    })
    expect(report.period).toMatchObject({ from: '2026-01-01', to: DAY_40, days: 40 })
    const row = (metric: string) => report.comparison.find((r) => r.metric === metric)
    expect(row('winRate')).toMatchObject({
      baseline: { value: 1 },
      day: { value: 0 },
      toDate: { value: 0.75 },
      dayDifference: -1,
      toDateDifference: -0.25,
    })
    expect(row('averageProfit')).toMatchObject({
      baseline: { value: 10 },
      day: { value: -5 },
      toDate: { value: (300 - 50) / 40 },
    })
    expect(row('netProfitPerDay')?.baseline.value).toBe(10)
    expect(row('tradesPerDay')).toMatchObject({ baseline: { value: 1 }, day: { value: 1 } })
    // One day has one daily return: no Sharpe, and it says so.
    expect(row('sharpe')?.day).toEqual({ value: null, reason: 'one day has a single daily return' })
    expect(row('sharpe')?.dayDifference).toBeNull()
  })

  it('counts only the days so far while the first 30 days are not over', () => {
    const report = buildDailyReport(reportInput(fortyDays(), '2026-01-10'))
    expect(report.baseline).toMatchObject({
      from: '2026-01-01',
      to: '2026-01-10',
      days: 10,
      complete: false,
    })
    expect(report.baselineNote).toMatch(/runs to 2026-01-30.*10 days up to 2026-01-10/)
  })

  it('uses the period chosen in the settings', () => {
    const report = buildDailyReport(
      reportInput(fortyDays(), DAY_40, {
        settings: {
          time: '00:05',
          baseline: { from: '2026-02-01', to: '2026-02-05' },
          targets: { winRate: 0.5, averageProfit: 2, maxDrawdown: 0.2, sharpe: 1 },
        },
      }),
    )
    expect(report.baseline).toMatchObject({
      from: '2026-02-01',
      to: '2026-02-05',
      days: 5,
      chosen: 'settings',
    })
    const winRate = report.comparison.find((r) => r.metric === 'winRate')
    expect(winRate?.baseline).toEqual({ value: 0 })
    expect(winRate?.toDateDifference).toBe(0.75)
  })

  it('has no baseline before the first fill, and says why', () => {
    const report = buildDailyReport(reportInput(new History(), '2026-01-05'))
    expect(report.baseline).toBeNull()
    expect(report.baselineNote).toMatch(/No fills by 2026-01-05/)
    expect(report.comparison.every((r) => r.baseline.value === null)).toBe(true)
  })
})

describe('targets', () => {
  it('judges each target over the period to date and says over which period', () => {
    const report = buildDailyReport(reportInput(fortyDays(), DAY_40))
    const result = (t: string) => report.targets.results.find((r) => r.target === t)
    expect(result('winRate')).toMatchObject({ status: 'pass', actual: { value: 0.75 } })
    expect(result('winRate')?.detail).toBe(
      '30 winning trades of 40, 2026-01-01 to 2026-02-09 (40 days)',
    )
    expect(result('averageProfit')).toMatchObject({ status: 'pass', actual: { value: 6.25 } })
    // Equity from 10,000 up to 10,300 on day 30, then down 5 a day to 10,250.
    expectClose(result('maxDrawdown')?.actual.value, 1 - 10250 / 10300, 1e-9)
    expect(result('maxDrawdown')?.status).toBe('pass')
    // Sharpe of the 40 daily returns E_d / E_(d−1) − 1, by the definition.
    const equity = [10000]
    for (let d = 0; d < 40; d++) equity.push((equity.at(-1) as number) + (d < 30 ? 10 : -5))
    const r = equity.slice(1).map((e, i) => e / (equity[i] as number) - 1)
    const mean = r.reduce((a, b) => a + b, 0) / r.length
    const sd = Math.sqrt(r.reduce((a, b) => a + (b - mean) ** 2, 0) / (r.length - 1))
    expectClose(result('sharpe')?.actual.value, (mean / sd) * Math.sqrt(365), 1e-9)
    expect(result('sharpe')?.status).toBe('pass')
    expect(report.targets.verdict).toBe('pass')
  })

  it('fails a target the numbers miss, and the verdict with it', () => {
    const input = reportInput(fortyDays(), DAY_40)
    const report = buildDailyReport({
      ...input,
      settings: {
        ...input.settings,
        targets: { ...input.settings.targets, winRate: 0.8, averageProfit: 7 },
      },
    })
    expect(report.targets.results.map((r) => r.status)).toEqual(['fail', 'fail', 'pass', 'pass'])
    expect(report.targets.verdict).toBe('fail')
    expect(report.headline).toMatch(/; targets over 40 days: 2 met, 2 missed$/)
  })

  it('leaves targets undefined, not failed, before any trade', () => {
    const report = buildDailyReport(reportInput(new History(), '2026-01-05'))
    expect(report.targets.results.map((r) => r.status)).toEqual([
      'undefined',
      'undefined',
      'undefined',
      'undefined',
    ])
    expect(report.targets.results[0]?.actual).toEqual({
      value: null,
      reason: 'no fills by 2026-01-05',
    })
    expect(report.targets.verdict).toBe('incomplete')
  })
})

describe('a day with no trades', () => {
  it('says so, with the trading numbers undefined rather than zero', () => {
    const report = buildDailyReport(reportInput(fortyDays(), '2026-02-12'))
    const t = report.summary.trades
    expect(report.summary.fills).toBe(0)
    expect(t.trades).toBe(0)
    expect(t.winRate).toBeNull()
    expect(t.reasons.winRate).toBe('no closed trades')
    expect(t.averageProfit).toBeNull()
    expect(report.topWinners).toEqual([])
    expect(report.fees.feeEfficiency).toEqual({
      value: null,
      reason: 'no gross profit (no winning trades)',
    })
    expect(report.comparison.find((r) => r.metric === 'profitFactor')?.day).toEqual({
      value: null,
      reason: 'no closed trades',
    })
    expect(report.headline).toMatch(/^2026-02-12: no trades;/)
    // The equity stands still through the day.
    expect(new Set(report.charts.intraday.map((p) => p.equity)).size).toBe(1)
  })
})

describe('daily returns', () => {
  const closes = [
    { accountId: 'a1', day: '2026-01-01', ts: at('2026-01-02', 0), equity: '10100' },
    { accountId: 'a1', day: '2026-01-02', ts: at('2026-01-03', 0), equity: '10000' },
    { accountId: 'a1', day: '2026-01-03', ts: at('2026-01-04', 0), equity: '10200' },
  ]
  const history = () => new History().pnl(at('2026-01-01', 10), 1).pnl(at('2026-01-03', 10), 1)

  it('come from the journaled daily closes when they cover the period', () => {
    const report = buildDailyReport(reportInput(history(), '2026-01-03', { equityCloses: closes }))
    expect(report.period?.returnsSource).toBe('equity-closes')
    // The account opened on the 1st with 10,000: returns +1 %, then 10000/10100 − 1, then +2 %.
    const r = [10100 / 10000 - 1, 10000 / 10100 - 1, 10200 / 10000 - 1]
    // The chart starts from the equity before the first day.
    expect(report.charts.daily.map((p) => p.return)).toEqual([null, ...r])
    expect(report.charts.daily[0]).toMatchObject({ day: '2025-12-31', equity: 10000 })
    expectClose(report.risk.daily.meanReturn, (r[0]! + r[1]! + r[2]!) / 3)
    expect(report.summary.equityOpen).toEqual({ value: 10000 })
    expect(report.summary.equityClose).toEqual({ value: 10200 })
    expect(report.summary.equitySource).toBe('equity-closes')
    expect(report.risk.peak).toEqual({ day: '2026-01-03', equity: 10200 })
  })

  it('carry the last close over a day without trades or a close', () => {
    const report = buildDailyReport(
      reportInput(history(), '2026-01-03', { equityCloses: [closes[0]!, closes[2]!] }),
    )
    expect(report.period?.returnsSource).toBe('equity-closes')
    expect(report.charts.daily.map((p) => p.equity)).toEqual([10000, 10100, 10100, 10200])
    expect(report.charts.daily[2]?.return).toBe(0)
  })

  it('fall back to the trades on the starting capital where the closes do not reach, and say so', () => {
    const report = buildDailyReport(
      reportInput(history(), '2026-01-03', { equityCloses: closes.slice(1) }),
    )
    expect(report.period?.returnsSource).toBe('trades')
    expect(report.period?.note).toMatch(/starting capital of \$10,000\.00/)
    expect(report.period?.note).toMatch(
      /closes \(from 2026-01-02\) miss a day of it that had trades/,
    )
    const equity = report.charts.daily.map((p) => p.equity)
    ;[10000, 10001, 10001, 10002].forEach((e, i) => expectClose(equity[i], e, 1e-12))
  })
})

describe('local days', () => {
  it('has 23 hours on the day the clocks go forward, and puts each fill on its local day', () => {
    // New York moves from UTC−5 to UTC−4 at 02:00 on 8 March 2026.
    const history = new History()
      .pnl(at('2026-03-08', 4, 30), 1) // 23:30 on the 7th, local
      .pnl(at('2026-03-09', 3, 30), 2) // 23:30 on the 8th, local
    const input = reportInput(history, '2026-03-08', { timeZone: 'America/New_York' })
    const report = buildDailyReport(input)
    expect(report.dayStart).toBe(at('2026-03-08', 5))
    expect(report.dayEnd - report.dayStart).toBe(23 * 3_600_000)
    expect(report.trades.map((t) => t.pnl)).toEqual(['2'])
    expect(report.period).toMatchObject({ from: '2026-03-07', to: '2026-03-08', days: 2 })
  })
})

describe('numbers that agree after one day', () => {
  it('leaves CAGR and Calmar undefined below 30 days, with the reason, not −62 % a year', () => {
    // One day of two round trips: 8 − 14 = −6 on 10,000 is −0.06 %, which annualized is −19.7 %.
    const report = buildDailyReport(reportInput(knownDay(), '2026-01-05'))
    const d = report.risk.daily
    expect(d.days).toBe(1)
    expect(d.cagr).toBeNull()
    expect(d.calmar).toBeNull()
    expect(d.reasons.cagr).toBe('needs at least 30 days of history; have 1')
    expect(d.reasons.calmar).toBe('needs at least 30 days of history; have 1')
    expect(report.comparison.find((r) => r.metric === 'profitFactor')?.day.value).toBe(8 / 14)
  })

  it('counts time in the market as the share of the period a round trip was open', () => {
    // Open 9–10 h and 11–12 h of the 24-hour day (the ETH lot is still open, not a round trip).
    const report = buildDailyReport(reportInput(knownDay(), '2026-01-05'))
    expect(report.summary.trades.exposure).toBe(2 / 24)
    expect(report.risk.trades.exposure).toBe(2 / 24)
  })

  it('writes an undefined profit factor as null in the JSON model, with the reason', () => {
    const report = buildDailyReport(reportInput(fortyDays(), '2026-02-12'))
    const json = JSON.parse(JSON.stringify(report)) as typeof report
    expect(json.summary.trades.profitFactor).toBeNull()
    expect(json.summary.trades.reasons.profitFactor).toBe('no closed trades')
  })
})
