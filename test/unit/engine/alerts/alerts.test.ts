/**
 * Alert rules on a fake clock: each rule raises one alert per condition (however often it is
 * evaluated), clears only past its margin, waits out its cool-down before raising again, can
 * trip the breaker; alerts can be acknowledged and snoozed, and they survive a restart.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../../../electron/engine'
import {
  AlertCenter,
  AlertLog,
  type AccountMeasures,
  type CostMeasure,
  type FeeMeasure,
} from '../../../../electron/engine/alerts'
import type { JournalRecord } from '../../../../electron/engine/journal'
import type { AlertRuleId } from '../../../../shared/performance'
import type { Account } from '../../../../shared/types'
import type { EngineEvent } from '../../../../shared/contract'
import { call, cleanup, tempDir, testEngine, value } from '../../../kit/engine'
import { Decimal } from '../../../../electron/engine/core'

/** An alert center on a plain clock, its records applied to the log as the engine does. */
function center() {
  let now = 1_000_000
  let seq = 0
  const log = new AlertLog()
  const raised: string[] = []
  const trips: string[] = []
  const c = new AlertCenter({
    now: () => now,
    log,
    recorder: {
      commit: async (type, payload) => {
        log.apply({ seq: ++seq, ts: now, type, payload } as unknown as JournalRecord)
      },
      nextSeq: () => seq + 1,
      failure: null,
      onFailure: () => undefined,
    },
    ledger: { getAccount: () => ({ name: 'Paper' }) as Account },
    breaker: { alertRule: (_a, why) => void trips.push(why) },
    bus: {
      publish: (e) => {
        if (e.type === 'alerts:raised') raised.push(e.payload.message)
      },
    },
  })
  return { c, log, raised, trips, advance: (ms: number) => (now += ms) }
}

/** $10,000 over 10 fills in November whose schedule charges $100; `fees` were paid. */
function feeMeasure(fees: number, over: Partial<FeeMeasure> = {}): FeeMeasure {
  return {
    fills: 10,
    fees,
    published: 100,
    notional: 10_000,
    from: Date.UTC(2026, 10, 1),
    to: Date.UTC(2026, 11, 1),
    schedule: 'Coinbase Advanced (2022-09-20)',
    ...over,
  }
}

const cases: {
  rule: AlertRuleId
  on: AccountMeasures
  between: AccountMeasures
  off: AccountMeasures
  message: RegExp
}[] = [
  // Threshold 10 %: on above, clears below 8 %.
  {
    rule: 'drawdown',
    on: { drawdown: 0.12 },
    between: { drawdown: 0.09 },
    off: { drawdown: 0.05 },
    message: /drawdown 12.0% is above 10.0%/,
  },
  // 40 % after 20 trades; clears above 45 %.
  {
    rule: 'win_rate',
    on: { winRate: { value: 0.3, trades: 25 } },
    between: { winRate: { value: 0.42, trades: 26 } },
    off: { winRate: { value: 0.5, trades: 30 } },
    message: /win rate 30.0% over 25 trades is below 40.0%/,
  },
  {
    rule: 'consecutive_losses',
    on: { lossRun: 5 },
    between: { lossRun: 6 },
    off: { lossRun: 0 },
    message: /5 losing trades in a row/,
  },
  {
    rule: 'slippage',
    on: { slippage: { meanBps: 60, orders: 20 } },
    between: { slippage: { meanBps: 45, orders: 20 } },
    off: { slippage: { meanBps: 30, orders: 20 } },
    message: /average slippage 60.0 bps over the last 20 orders is above 50 bps/,
  },
  // Tolerance 5 % of the published fees (half a cent of rounding per fill aside), after 10
  // fills; clears below 4 %.
  {
    rule: 'fees_above_schedule',
    on: { fees: feeMeasure(110) },
    between: { fees: feeMeasure(104.5) },
    off: { fees: feeMeasure(100) },
    message:
      /Paper: fees of 1\.100% of notional over 10 fills from 2026-11-01 00:00 to 2026-12-01 00:00 UTC are above the 1\.000% published by Coinbase Advanced \(2022-09-20\) \(10\.0% above\); tolerance 5\.0%\./,
  },
  // The CUSUM of the orders' misses against the model: on while its alarm is on (S above h and
  // not back to 0), off once S is back to 0, unchanged in between.
  {
    rule: 'execution_costs',
    on: { costs: costMeasure(true, 6.2) },
    between: { costs: costMeasure(false, 3) },
    off: { costs: costMeasure(false, 0) },
    message:
      /Paper: execution costs degraded\. One-sided CUSUM of each order's miss against the model \(k 0\.5, in the model's σ\) reached 6\.2 above h 5 at 2026-12-01 10:00 UTC; the rise began at 2026-12-01 09:00 UTC, 4 orders, median miss \+2\.5 bps against the model\./,
  },
  {
    rule: 'low_balance',
    on: { cash: 900 },
    between: { cash: 1_050 },
    off: { cash: 1_200 },
    message: /cash \$900.00 is below \$1,000.00/,
  },
]

function costMeasure(active: boolean, statistic: number): CostMeasure {
  return {
    active,
    statistic,
    k: 0.5,
    h: 5,
    alarmTs: Date.UTC(2026, 11, 1, 10),
    changeTs: Date.UTC(2026, 11, 1, 9),
    orders: 4,
    medianMissBps: 2.5,
  }
}

describe('alert rules', () => {
  for (const { rule, on, between, off, message } of cases) {
    it(`${rule}: one alert per condition, cleared past the margin, raised again after the cool-down`, () => {
      const { c, log, raised, advance } = center()
      const cooldown = log.rules.find((r) => r.id === rule)?.cooldownMs as number
      for (let i = 0; i < 10; i++) {
        c.evaluate('paper-1', on)
        advance(1_000)
      }
      expect(raised).toHaveLength(1)
      expect(raised[0]).toMatch(message)
      // Inside the margin: still the same condition.
      c.evaluate('paper-1', between)
      expect(log.open(rule, 'paper-1')?.state).toBe('active')
      c.evaluate('paper-1', off)
      expect(log.open(rule, 'paper-1')).toBeUndefined()
      expect(log.status().alerts[0]?.state).toBe('cleared')
      // Back on within the cool-down: nothing; after it: a second alert.
      advance(cooldown - 1)
      c.evaluate('paper-1', on)
      expect(raised).toHaveLength(1)
      advance(1)
      c.evaluate('paper-1', on)
      expect(raised).toHaveLength(2)
      // Each account is watched on its own.
      c.evaluate('paper-2', on)
      expect(raised).toHaveLength(3)
    })
  }

  it('does not judge fees before 10 fills, nor a fee rounded up to the cent on each small fill', () => {
    const { c, raised } = center()
    c.evaluate('paper-1', { fees: feeMeasure(200, { fills: 9 }) })
    // Ten fills of $10.83 at 0.60 %: $0.065 each, charged $0.07 (half up): 7.7 % above the
    // published $0.65, all of it rounding.
    c.evaluate('paper-1', { fees: feeMeasure(0.7, { published: 0.65, notional: 108.33 }) })
    expect(raised).toEqual([])
  })

  it('does not judge the win rate before the minimum number of trades', () => {
    const { c, raised } = center()
    c.evaluate('paper-1', { winRate: { value: 0, trades: 19 } })
    expect(raised).toEqual([])
  })

  it('halts the account when the rule is set to trip the breaker', async () => {
    const { c, trips } = center()
    const rule = await c.updateRule('consecutive_losses', { tripsBreaker: true, threshold: 3 })
    expect(rule).toMatchObject({ tripsBreaker: true, threshold: 3 })
    c.evaluate('paper-1', { lossRun: 3 })
    expect(trips).toEqual([
      'alert rule "Losing trades in a row, at least": Paper: 3 losing trades in a row (alert at 3).',
    ])
  })

  it('refuses a percentage above 1 with what is allowed', async () => {
    const { c } = center()
    expect(await c.updateRule('drawdown', { threshold: 10 })).toBe(
      'threshold: drawdown above is a fraction between 0 and 1 (0.1 = 10%), not 10.',
    )
  })

  it('acknowledges, and snoozes until the snooze ends', () => {
    const { c, log, advance } = center()
    c.evaluate('paper-1', { lossRun: 5 })
    const id = log.status().alerts[0]?.id as string
    expect(c.snooze(id, 15)).toMatchObject({
      state: 'snoozed',
      snoozedUntil: 1_000_000 + 15 * 60_000,
    })
    advance(15 * 60_000 - 1)
    c.wake()
    expect(log.find(id)?.state).toBe('snoozed')
    advance(1)
    c.wake()
    expect(log.find(id)?.state).toBe('active')
    expect(c.acknowledge(id)).toMatchObject({ state: 'acknowledged' })
    expect(c.acknowledge('nope')).toBe('No alert "nope".')
  })
})

describe('alerts in the engine', () => {
  const dirs: string[] = []
  const engines: Engine[] = []
  afterEach(async () => {
    await Promise.all(engines.splice(0).map((e) => e.close()))
    dirs.splice(0).forEach(cleanup)
  })
  async function start() {
    const dir = tempDir()
    dirs.push(dir)
    const made = await testEngine(dir, { startMarket: true })
    engines.push(made.engine)
    value(await call(made.engine, 'limits:update', { limits: { pendingOrderRule: 'off' } }))
    return { ...made, dir }
  }
  /** Buying and selling at once loses the spread and the fees: every round trip is a loss. */
  async function losingRoundTrips(engine: Engine, n: number) {
    for (let i = 0; i < n; i++)
      for (const side of ['buy', 'sell'])
        value(
          await call(engine, 'orders:submit', {
            symbol: 'ETH-USD',
            side,
            type: 'market',
            quantity: '0.1',
          }),
        )
  }

  it('raises losing streaks from real round trips once, and keeps alerts across a restart', async () => {
    const { engine, dir } = await start()
    const raised: string[] = []
    engine.subscribe((e: EngineEvent) => {
      if (e.type === 'alerts:raised') raised.push(e.payload.kind)
    })
    await losingRoundTrips(engine, 6)
    expect(raised).toEqual(['rule_consecutive_losses'])
    const perf = value(await call(engine, 'performance:get', {}))
    expect(perf.metrics.trades).toMatchObject({ trades: 6, wins: 0, losses: 6, longestLossRun: 6 })
    expect(perf.metrics.trades.payoffRatio).toBeNull()
    const alert = value(await call(engine, 'alerts:status', {})).alerts[0]
    value(await call(engine, 'alerts:acknowledge', { alertId: alert?.id }))

    await engines.pop()?.close()
    const again = await testEngine(dir)
    engines.push(again.engine)
    const after = value(await call(again.engine, 'alerts:status', {}))
    expect(after.alerts.map((a) => [a.kind, a.state])).toEqual([
      ['rule_consecutive_losses', 'acknowledged'],
    ])
    expect(value(await call(again.engine, 'performance:get', {})).metrics.trades.trades).toBe(6)
  })

  it('gives the money figures of the performance metrics as exact decimal strings', async () => {
    const { engine } = await start()
    await losingRoundTrips(engine, 6)
    const perf = value(await call(engine, 'performance:get', {}))
    const t = perf.metrics.trades
    // Exactly the sum of the round trips' PnL and fees, digit for digit, as the ledger writes it.
    const sum = (xs: readonly string[]) => xs.reduce((a, b) => a.plus(b), new Decimal(0)).toFixed()
    const netProfit = sum(perf.trades.map((r) => r.pnl))
    const fees = sum(perf.trades.map((r) => r.fees))
    expect(new Decimal(netProfit).isNegative()).toBe(true)
    expect(t).toMatchObject({
      netProfit,
      fees,
      totalProfit: new Decimal(netProfit).plus(fees).toFixed(),
      grossProfit: '0',
      grossLoss: new Decimal(netProfit).negated().toFixed(),
      averageLoss: new Decimal(netProfit).dividedBy(6).toDecimalPlaces(8).toFixed(),
      averageProfit: new Decimal(netProfit).dividedBy(6).toDecimalPlaces(8).toFixed(),
    })
    expect(perf.realizedPnl).toBe(netProfit)
    expect(typeof t.maxDrawdownAmount).toBe('string')
    expect(typeof perf.unrealizedPnl).toBe('string')
    // Ratios stay numbers.
    expect(t.winRate).toBe(0)
  })

  it('halts the account through the circuit breaker when a rule is set to trip it', async () => {
    const { engine } = await start()
    value(
      await call(engine, 'alerts:update-rule', {
        id: 'consecutive_losses',
        threshold: 2,
        tripsBreaker: true,
      }),
    )
    await losingRoundTrips(engine, 2)
    await engine.idle()
    expect(value(await call(engine, 'app:get-snapshot', {})).tradingStates['paper-1']).toBe(
      'HALTED',
    )
    const refused = await call(engine, 'orders:submit', {
      symbol: 'ETH-USD',
      side: 'buy',
      type: 'market',
      quantity: '0.1',
    })
    expect(refused.ok ? null : refused.error.message).toMatch(/Trading is HALTED/)
  })

  it('judges the balance rule when it changes, then every minute, raising it once', async () => {
    const { engine, clock } = await start()
    value(await call(engine, 'alerts:update-rule', { id: 'low_balance', threshold: 20_000 }))
    const message = 'Paper account (simulated market): cash $10,000.00 is below $20,000.00.'
    const messages = async () =>
      value(await call(engine, 'alerts:status', {})).alerts.map((a) => a.message)
    expect(await messages()).toEqual([message])
    clock.advance(5 * 60_000)
    expect(await messages()).toEqual([message])
    const perf = value(await call(engine, 'performance:get', {}))
    expect(perf.equity.minutes.length).toBeGreaterThanOrEqual(5)
  })
})
