/**
 * Trade statistics against hand-worked cases from quant.md 1.3, 1.5 and 1.6, and the running
 * accumulator against a from-scratch computation on seeded random trades.
 */
import { describe, expect, it } from 'vitest'
import { Decimal, createRandom } from '../../../../electron/engine/core'
import {
  TradeStats,
  tradeMetrics,
  type TradeInput,
  type TradeMetrics,
} from '../../../../electron/engine/performance'
import { expectClose } from './close-to'

const trades = (pnls: readonly number[], fees: readonly number[] = []): TradeInput[] =>
  pnls.map((pnl, i) => ({ pnl, fee: fees[i] ?? 0 }))

// Seven trades, in closing order: W L L B W W W, four wins and two losses (unequal on purpose,
// so profit factor and payoff ratio differ).
const PNL = [30, -10, -10, 0, 20, 15, 5]
const FEES = [1, 1, 0.5, 0, 2, 1, 0.5]

describe('trade statistics, hand-checked (quant.md 1.5)', () => {
  const m = tradeMetrics(trades(PNL, FEES), { capital: 100 })

  it('counts wins (pnl > 0), losses (pnl < 0) and breakeven trades', () => {
    expect([m.trades, m.wins, m.losses, m.breakeven]).toEqual([7, 4, 2, 1])
  })

  it('win rate is wins over all closed trades, a breakeven trade included', () => {
    expect(m.winRate).toBe(4 / 7) // not 4/6 (quantstats leaves breakeven out)
  })

  it('sums: net = Σ pnl, fees, total before fees, GP and GL', () => {
    // Σ pnl = 30 − 10 − 10 + 0 + 20 + 15 + 5 = 50; fees 1 + 1 + 0.5 + 0 + 2 + 1 + 0.5 = 6
    expect(m.netProfit).toBe('50')
    expect(m.fees).toBe('6')
    expect(m.totalProfit).toBe('56') // 50 + 6
    expect(m.grossProfit).toBe('70') // 30 + 20 + 15 + 5
    expect(m.grossLoss).toBe('20') // |−10 − 10|
  })

  it('money figures are exact decimal strings, never binary floats', () => {
    // In float64, −10.1 − 9.55096 is −19.650959999999998.
    const r = tradeMetrics([
      { pnl: '-10.1', fee: '0.1' },
      { pnl: '-9.55096', fee: '0.2' },
      { pnl: '0.3', fee: '0.00000001' },
    ])
    expect(r.netProfit).toBe('-19.35096')
    expect(r.fees).toBe('0.30000001')
    expect(r.totalProfit).toBe('-19.05095999')
    expect(r.grossLoss).toBe('19.65096')
    expect(r.averageLoss).toBe('-9.82548')
    expect(r.averageProfit).toBe('-6.45032') // −19.35096 / 3
    expect(r.maxDrawdownAmount).toBe('19.65096')
    const two = tradeMetrics([{ pnl: '-10.1' }, { pnl: '-9.55096' }])
    expect(two.netProfit).toBe('-19.65096')
  })

  it('average win and loss, payoff ratio and profit factor', () => {
    expect(m.averageWin).toBe('17.5') // 70 / 4
    expect(m.averageLoss).toBe('-10') // −20 / 2
    expect(m.payoffRatio).toBe(1.75) // 17.5 / 10
    expect(m.profitFactor).toBe(3.5) // 70 / 20
  })

  it('expectancy = p_w·avg_win − p_l·|avg_loss| = Σ pnl / n = average profit', () => {
    // (4/7)·17.5 − (2/7)·10 = 10 − 20/7 = 50/7, rounded once to 8 places
    expect(m.expectancy).toBe('7.14285714')
    expectClose(Number(m.expectancy), (4 / 7) * 17.5 - (2 / 7) * 10, 1e-8)
    expect(m.averageProfit).toBe(m.expectancy)
  })

  it('longest runs of wins and of losses', () => {
    expect(m.longestWinRun).toBe(3) // the last three
    expect(m.longestLossRun).toBe(2) // trades 2 and 3
  })

  it('a breakeven trade ends a run', () => {
    const r = tradeMetrics(trades([1, 0, 1, -1, 0, -1]))
    expect([r.longestWinRun, r.longestLossRun]).toEqual([1, 1])
  })

  it('fee efficiency is fees over gross profit', () => {
    expectClose(m.feeEfficiency, 6 / 70)
  })
})

describe('drawdown of the trade equity, start included (quant.md 1.3)', () => {
  it('measures from the starting capital', () => {
    // E = 100, 130, 120, 110, 110, 130, 145, 150: peak 130, trough 110
    const m = tradeMetrics(trades(PNL), { capital: 100 })
    expect(m.maxDrawdownAmount).toBe('20')
    expectClose(m.maxDrawdown, 110 / 130 - 1) // −2/13
  })

  it('a loss on the very first trade counts (E₀ is the first peak)', () => {
    // E = 100, 90, 95: 10 below the start (a running peak that skips E₀, as freqtrade's does,
    // starts at 90 and sees no drawdown at all)
    const m = tradeMetrics(trades([-10, 5]), { capital: 100 })
    expect(m.maxDrawdownAmount).toBe('10')
    expectClose(m.maxDrawdown, -0.1)
  })

  it('without capital, E₀ = 0: the amount is defined, the fraction is not', () => {
    // E = 0, −10, −5: 10 below the start
    const m = tradeMetrics(trades([-10, 5]))
    expect(m.maxDrawdownAmount).toBe('10')
    expect(m.maxDrawdown).toBeNull()
    expect(m.reasons.maxDrawdown).toMatch(/starting capital/)
  })

  it('the deepest amount and the deepest fraction can come from different peaks', () => {
    // E = 100, 50, 1000, 940: the fraction is worst at 50/100 − 1 = −0.5, the amount at 1000 − 940 = 60
    const m = tradeMetrics(trades([-50, 950, -60]), { capital: 100 })
    expect(m.maxDrawdownAmount).toBe('60')
    expect(m.maxDrawdown).toBe(-0.5)
  })

  it('refuses a starting capital of zero or below', () => {
    expect(() => new TradeStats({ capital: 0 })).toThrow(/above zero/)
  })
})

describe('edge cases (quant.md 1.6)', () => {
  it('no closed trades: rates, averages and the profit factor undefined, not 0', () => {
    const m = tradeMetrics([])
    for (const key of [
      'winRate',
      'averageProfit',
      'expectancy',
      'averageWin',
      'averageLoss',
      'payoffRatio',
    ] as const) {
      expect(m[key], key).toBeNull()
    }
    expect(m.reasons.winRate).toBe('no closed trades')
    // Nothing to divide: "—" with the reason, not the "0.00" a trader reads as all losses.
    expect(m.profitFactor).toBeNull()
    expect(m.reasons.profitFactor).toBe('no closed trades')
    expect([m.trades, m.netProfit, m.maxDrawdownAmount, m.longestWinRun]).toEqual([0, '0', '0', 0])
    expect(m.feeEfficiency).toBeNull()
  })

  it('no losing trades: profit factor +∞, payoff ratio undefined', () => {
    const m = tradeMetrics(trades([5, 0, 10]))
    expect(m.profitFactor).toBe(Infinity)
    expect(m.payoffRatio).toBeNull()
    expect(m.reasons.payoffRatio).toBe('no losing trades')
    expect(m.averageLoss).toBeNull()
  })

  it('only breakeven trades: profit factor 0, win rate 0 (defined: there are trades)', () => {
    const m = tradeMetrics(trades([0, 0]))
    expect(m.profitFactor).toBe(0)
    expect(m.winRate).toBe(0)
    expect(m.payoffRatio).toBeNull()
  })

  it('no winning trades: profit factor 0, payoff ratio and fee efficiency undefined', () => {
    const m = tradeMetrics(trades([-5, -15], [1, 1]))
    expect(m.profitFactor).toBe(0) // 0 / 20
    expect(m.payoffRatio).toBeNull()
    expect(m.reasons.payoffRatio).toBe('no winning trades')
    expect(m.feeEfficiency).toBeNull()
    expect(m.averageLoss).toBe('-10')
  })

  it('refuses a pnl that is not a finite number', () => {
    expect(() => new TradeStats().add({ pnl: Number.NaN })).toThrow(/finite/)
  })
})

describe('hold time and exposure', () => {
  const H = 3_600_000
  it('mean and median hold time, exposure as the share of the span with a trade open', () => {
    const m = tradeMetrics([
      { pnl: 1, openedAt: 0, closedAt: 2 * H },
      { pnl: 1, openedAt: 1 * H, closedAt: 3 * H }, // overlaps the first: together 0–3 h
      { pnl: 1, openedAt: 6 * H, closedAt: 10 * H },
      { pnl: 1 }, // no times: counts as a trade, not in hold time or exposure
    ])
    // Hold times 2, 2 and 4 h: mean 8/3 h, median 2 h.
    expectClose(m.holdTimeMeanMs, (8 / 3) * H)
    expect(m.holdTimeMedianMs).toBe(2 * H)
    // Open 0–3 h and 6–10 h: 7 h of the 10 h from the first opening to the last closing.
    expect(m.exposure).toBe(0.7)
  })

  it('an even count has the mean of the middle two as median', () => {
    const m = tradeMetrics(
      [1, 4, 2, 10].map((h, i) => ({ pnl: 1, openedAt: i * H, closedAt: i * H + h * H })),
    )
    expect(m.holdTimeMedianMs).toBe(3 * H) // (2 + 4) / 2
  })

  it('over a window: the share of the period shown, not of the trades’ own span', () => {
    // One 30-minute trade in a 24-hour day: in the market 1/48 of the day, not 100 %.
    const one = [{ pnl: 1, openedAt: 10 * H, closedAt: 10.5 * H }]
    expect(tradeMetrics(one).exposure).toBe(1) // a bare trade list knows only its own span
    expect(tradeMetrics(one, {}, { from: 0, to: 24 * H }).exposure).toBe(0.5 / 24)
  })

  it('over a window: clipped to it, overlaps once, positions still open count until its end', () => {
    const m = tradeMetrics(
      [
        { pnl: 1, openedAt: -2 * H, closedAt: 1 * H }, // 0–1 h inside the window
        { pnl: 1, openedAt: 4 * H, closedAt: 6 * H }, // 4–6 h
      ],
      {},
      // A position open since 5 h and still open at 10 h: 5–10 h, overlapping 4–6 h by 1 h.
      { from: 0, to: 10 * H, openSince: [5 * H, 8 * H] },
    )
    // Covered: 0–1 h and 4–10 h = 7 h of 10 h.
    expect(m.exposure).toBe(0.7)
    const empty = tradeMetrics([], {}, { from: 0, to: 4 * H, openSince: [3 * H] })
    expect(empty.exposure).toBe(0.25) // no trade closed, but one held for the last hour
    const none = tradeMetrics([], {}, { from: 5, to: 5 })
    expect(none.exposure).toBeNull()
    expect(none.reasons.exposure).toBe('the period has no length yet')
  })

  it('a trade that closes after one that opened later still merges into the covered time', () => {
    // Closing order: [5, 6] then [0, 8]: the union is [0, 8], all of the span.
    const m = tradeMetrics([
      { pnl: 1, openedAt: 5 * H, closedAt: 6 * H },
      { pnl: 1, openedAt: 7 * H, closedAt: 7.5 * H },
      { pnl: 1, openedAt: 0, closedAt: 8 * H },
    ])
    expect(m.exposure).toBe(1)
  })

  it('undefined without times, and refused when a trade closes before it opens', () => {
    const m = tradeMetrics(trades([1, -1]))
    expect(m.holdTimeMeanMs).toBeNull()
    expect(m.holdTimeMedianMs).toBeNull()
    expect(m.exposure).toBeNull()
    expect(() => new TradeStats().add({ pnl: 1, openedAt: 5, closedAt: 4 })).toThrow(
      /before it opened/,
    )
  })
})

/** The definitions applied from scratch to a whole list, plainly. */
function fromScratch(list: readonly TradeInput[], capital: number) {
  const pnl = list.map((t) => Number(t.pnl))
  const n = pnl.length
  const wins = pnl.filter((p) => p > 0)
  const losses = pnl.filter((p) => p < 0)
  const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0)
  const gp = sum(wins)
  const gl = Math.abs(sum(losses))
  let equity = capital
  let peak = capital
  let worstAmount = 0
  let worstFraction = 0
  const runs = { win: 0, loss: 0, bestWin: 0, bestLoss: 0 }
  for (const p of pnl) {
    equity += p
    peak = Math.max(peak, equity)
    worstAmount = Math.max(worstAmount, peak - equity)
    worstFraction = Math.min(worstFraction, equity / peak - 1)
    runs.win = p > 0 ? runs.win + 1 : 0
    runs.loss = p < 0 ? runs.loss + 1 : 0
    runs.bestWin = Math.max(runs.bestWin, runs.win)
    runs.bestLoss = Math.max(runs.bestLoss, runs.loss)
  }
  const holds = list
    .map((t) => (t.closedAt as number) - (t.openedAt as number))
    .sort((a, b) => a - b)
  const mid = holds.length >> 1
  return {
    winRate: wins.length / n,
    netProfit: sum(pnl),
    fees: sum(list.map((t) => Number(t.fee ?? 0))),
    profitFactor: gl === 0 ? (gp > 0 ? Infinity : 0) : gp / gl,
    payoffRatio: gp / wins.length / (gl / losses.length),
    expectancy: sum(pnl) / n,
    maxDrawdownAmount: worstAmount,
    maxDrawdown: worstFraction,
    longestWinRun: runs.bestWin,
    longestLossRun: runs.bestLoss,
    holdTimeMeanMs: sum(holds) / n,
    holdTimeMedianMs:
      n % 2 ? holds[mid] : ((holds[mid - 1] as number) + (holds[mid] as number)) / 2,
  }
}

describe('running statistics equal a fold from scratch (seeded random trades)', () => {
  it('at every checkpoint of 3,000 trades', () => {
    const random = createRandom(20260105)
    const stats = new TradeStats({ capital: 10_000 })
    const list: TradeInput[] = []
    let t = 0
    for (let i = 1; i <= 3_000; i++) {
      const opened = t + Math.floor(random.next() * 3_600_000)
      t = opened + Math.floor(random.next() * 7_200_000)
      // Cents, a tenth of them exactly breakeven.
      const pnl = random.next() < 0.1 ? 0 : Math.round(random.normal() * 5_000) / 100
      const trade = {
        pnl,
        fee: Math.round(random.next() * 300) / 100,
        openedAt: opened,
        closedAt: t,
      }
      list.push(trade)
      stats.add(trade)
      if (i % 250 !== 0 && i !== 7) continue
      const live: TradeMetrics = stats.metrics()
      const want = fromScratch(list, 10_000)
      for (const [key, value] of Object.entries(want)) {
        const got = live[key as keyof typeof want]
        // Expectancy is money rounded once to 8 places: within half a unit of the 8th.
        if (key === 'expectancy')
          expect(Math.abs(Number(got) - (value as number))).toBeLessThanOrEqual(5e-9 + 1e-12)
        else if (Number.isFinite(value))
          expectClose(got === null ? null : Number(got), value as number, 1e-9)
        else expect(got, key).toBe(value)
      }
      // The money sums are exact: the decimal sum of the cents, to the digit.
      const exact = (xs: readonly (string | number)[]) =>
        xs.reduce<Decimal>((a, b) => a.plus(b), new Decimal(0)).toFixed()
      expect(live.netProfit).toBe(exact(list.map((x) => x.pnl)))
      expect(live.fees).toBe(exact(list.map((x) => x.fee ?? 0)))
    }
  })
})
