/**
 * Each recommendation rule fires when its condition holds, saying why with the numbers, and
 * stays silent when it does not.
 */
import { describe, expect, it } from 'vitest'
import type { RecommendationRule } from '../../../../shared/performance'
import { DEFAULT_REPORT_SETTINGS } from '../../../../shared/performance'
import { REPORT_RULES, buildDailyReport } from '../../../../electron/engine/reports'
import { History, at, plusDays, reportInput } from './report-kit'

const DAY = '2026-01-05'

function rule(history: History, name: RecommendationRule, date = DAY) {
  return buildDailyReport(reportInput(history, date)).recommendations.find((r) => r.rule === name)
}

/** `n` round trips on DAY, every `i` for which `win(i)` holds winning `up`, the rest losing `down`. */
function trades(n: number, win: (i: number) => boolean, up = 10, down = -10): History {
  const history = new History()
  for (let i = 0; i < n; i++) history.pnl(at(DAY, 0, 2 * i), win(i) ? up : down)
  return history
}

describe('recommendation rules', () => {
  it('a day without fills says so and nothing about trading', () => {
    const history = new History().pnl(at('2026-01-02'), 10).refuse(at(DAY, 9), 'MAX_ORDER_NOTIONAL')
    const report = buildDailyReport(reportInput(history, DAY))
    expect(report.recommendations.map((r) => r.rule)).toEqual(['no_trades'])
    expect(report.recommendations[0]).toMatchObject({
      severity: 'info',
      message: 'No trades on 2026-01-05.',
    })
    expect(report.recommendations[0]?.why).toMatch(/no fills .* 1 order was placed and none filled/)
    expect(rule(new History().pnl(at(DAY), 10), 'no_trades')).toBeUndefined()
  })

  it('fee efficiency above 50 %: fees ate that share of the gross profit', () => {
    // Bought at 100 and sold at 110 with a fee of 3 each way: 4 net, 6 in fees, 150 %.
    const costly = new History().trade(at(DAY), 100, 110, { fee: 3 })
    const r = rule(costly, 'fee_efficiency')
    expect(r?.severity).toBe('warning')
    expect(r?.message).toBe(
      'Fees ate 150.0% of gross profit; consider limit orders (maker fees) or a lower fee tier.',
    )
    expect(r?.why).toMatch(
      /paid \$6\.00 in fees against \$4\.00 of gross profit .* 150\.0%, above the 50% threshold\. 100% of the day's 2 fills paid the taker fee/,
    )
    // A fee of 1 each way on the same trade: 2 of 8, 25 %.
    expect(
      rule(new History().trade(at(DAY), 100, 110, { fee: 1 }), 'fee_efficiency'),
    ).toBeUndefined()
    // Exactly half: not above.
    expect(
      rule(new History().trade(at(DAY), 100, 106, { fee: 1 }), 'fee_efficiency'),
    ).toBeUndefined()
  })

  it('slippage p95 above 25 bps on a symbol, judged on at least 5 of its orders', () => {
    const slipped = (orders: number, bps: number) => {
      const history = new History()
      for (let i = 0; i < orders; i++) {
        // Checked at 100, filled at 100 + bps/100: bps of slippage on a buy.
        history.fill(at(DAY, 1 + i), {
          side: 'buy',
          quantity: '1',
          price: String(100 + bps / 100),
          expected: '100',
        })
      }
      return history
    }
    const r = rule(slipped(5, 30), 'slippage')
    expect(r?.message).toMatch(/^Slippage on BTC-USD is high: 95th percentile 30\.0 bps/)
    expect(r?.why).toMatch(
      /^5 BTC-USD orders on 2026-01-05 .* mean of 30\.0 bps, a median of 30\.0 bps .* above the 25\.0 bps threshold/,
    )
    expect(rule(slipped(4, 30), 'slippage')).toBeUndefined()
    expect(rule(slipped(5, 20), 'slippage')).toBeUndefined()
    expect(REPORT_RULES.slippageP95Bps).toBe(25)
  })

  it('win rate below the target, with at least 20 trades to date', () => {
    const r = rule(
      trades(20, (i) => i < 9),
      'win_rate',
    )
    expect(r?.message).toBe('Win rate is below the target: 45.0% against 50%.')
    expect(r?.why).toBe(
      '9 winning trades of 20 from 2026-01-05 to 2026-01-05 (today 45.0% of 20); the rule judges at least 20 trades.',
    )
    expect(
      rule(
        trades(19, () => false),
        'win_rate',
      ),
    ).toBeUndefined()
    expect(
      rule(
        trades(20, (i) => i < 10),
        'win_rate',
      ),
    ).toBeUndefined()
  })

  it('average profit below the target, showing what the fees took', () => {
    // 20 trades bought at 100, sold at 102, a fee of 0.5 each way: 1 net each.
    const history = new History()
    for (let i = 0; i < 20; i++) history.trade(at(DAY, 0, 2 * i), 100, 102, { fee: 0.5 })
    const r = rule(history, 'average_profit')
    expect(r?.message).toBe('Average profit per trade is $1.00, below the $2.00 target.')
    expect(r?.why).toBe(
      'Net profit $20.00 over 20 trades from 2026-01-05 to 2026-01-05. Fees averaged $1.00 a trade: before fees the average was $2.00.',
    )
    expect(
      rule(
        trades(20, () => true, 2),
        'average_profit',
      ),
    ).toBeUndefined()
    expect(
      rule(
        trades(19, () => true, 1),
        'average_profit',
      ),
    ).toBeUndefined()
  })

  it('drawdown: a warning from 80 % of the limit, critical at the limit', () => {
    const lose = (amount: number) => new History().trade(at(DAY), 10_000, 10_000 - amount)
    const near = rule(lose(1_700), 'drawdown')
    expect(near?.severity).toBe('warning')
    expect(near?.message).toBe(
      'Drawdown is near the limit: 17.0% below the peak, the limit is 20%.',
    )
    expect(near?.why).toBe(
      'Equity closed 2026-01-05 at $8,300.00 against the peak of $10,000.00 (the starting equity); the rule warns at 80% of the limit (16.0%).',
    )
    expect(rule(lose(2_100), 'drawdown')?.severity).toBe('critical')
    expect(rule(lose(1_500), 'drawdown')).toBeUndefined()
  })

  it('Sharpe below the target, judged on at least 30 daily returns', () => {
    const daily = (days: number, pnl: (d: number) => number) => {
      const history = new History()
      for (let d = 0; d < days; d++) history.pnl(at(plusDays('2026-01-01', d)), pnl(d))
      return history
    }
    // +10 and −9.50 in turn: barely positive, very variable.
    const last = plusDays('2026-01-01', 29)
    const r = rule(
      daily(30, (d) => (d % 2 ? -9.5 : 10)),
      'sharpe',
      last,
    )
    expect(r?.severity).toBe('info')
    expect(r?.message).toMatch(/^Sharpe ratio to date is 0\.\d\d, below the 1\.00 target\.$/)
    expect(r?.why).toMatch(/from 30 daily returns from 2026-01-01 to 2026-01-30/)
    expect(
      rule(
        daily(29, (d) => (d % 2 ? -9.5 : 10)),
        'sharpe',
        plusDays(last, -1),
      ),
    ).toBeUndefined()
    expect(
      rule(
        daily(30, (d) => (d % 2 ? 9 : 10)),
        'sharpe',
        last,
      ),
    ).toBeUndefined()
  })

  it('losing streak of 5 or more within the day', () => {
    const r = rule(
      trades(7, (i) => i === 0 || i === 6),
      'loss_streak',
    )
    expect(r?.message).toBe('5 losing trades in a row on 2026-01-05.')
    expect(r?.why).toBe(
      'Of the 7 round trips closed that day, 5 lost (-$50.00 in all) and the longest run of losses was 5, at or above the threshold of 5.',
    )
    expect(
      rule(
        trades(7, (i) => i === 0 || i === 5),
        'loss_streak',
      ),
    ).toBeUndefined()
  })

  it('the gate refused at least 20 % of at least 5 orders: the most frequent reasons', () => {
    const refused = (filled: number, codes: string[]) => {
      const history = new History()
      for (let i = 0; i < filled; i++) history.pnl(at(DAY, 1 + i), 1)
      codes.forEach((code, i) => history.refuse(at(DAY, 20, i), code))
      return history
    }
    // 2 round trips = 4 orders, and 2 refused: 2 of 6.
    const r = rule(refused(2, ['DAILY_LOSS', 'DAILY_LOSS']), 'rejections')
    expect(r?.message).toBe('The pre-execution gate refused 2 of 6 orders on 2026-01-05.')
    expect(r?.why).toMatch(
      /^33\.3% of the day's orders were refused, .*; most frequent: DAILY_LOSS ×2\./,
    )
    expect(rule(refused(0, ['A', 'B', 'C', 'D']), 'rejections')).toBeUndefined()
    expect(rule(refused(5, ['DAILY_LOSS']), 'rejections')).toBeUndefined()
  })

  it('lists the most severe first', () => {
    const history = new History().trade(at(DAY, 1), 10_000, 7_500)
    for (let i = 0; i < 5; i++) history.pnl(at(DAY, 2 + i), -1)
    const rules = buildDailyReport(reportInput(history, DAY)).recommendations
    expect(rules[0]?.severity).toBe('critical')
    expect(rules.map((r) => r.severity)).toEqual(
      [...rules.map((r) => r.severity)].sort(
        (a, b) =>
          ['critical', 'warning', 'info'].indexOf(a) - ['critical', 'warning', 'info'].indexOf(b),
      ),
    )
    expect(DEFAULT_REPORT_SETTINGS.targets.maxDrawdown).toBe(0.2)
  })
})
