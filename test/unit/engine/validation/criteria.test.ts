/**
 * The plan's criteria against a journal worked by hand: three days of one enrolled account
 * (and one outside the plan, which must not count), every criterion's value, sample, interval
 * and verdict as computed below from the records.
 */
import { describe, expect, it } from 'vitest'
import { CRITERION_IDS } from '../../../../shared/validation'
import { call } from './call'
import { DAY, planKit } from '../../../kit/plan-kit'

describe('criteria measured from a hand-worked journal', () => {
  it('gives each criterion the value, interval and verdict the records imply', async () => {
    const kit = planKit()
    await call(kit.service, 'validation:set-plan', {
      startDay: '2026-03-01',
      accounts: ['a'],
      rollBackOnCritical: false,
      reason: 'hand-worked',
    })
    // Measure every criterion in phase 1, with the design's 90-day targets.
    const targets = {
      integrity_violations: 0,
      tracker_failures: 0,
      balance_sync_errors: 0,
      trades_tracked: 1,
      slippage_in_model: 0.8,
      failure_recovered: 1,
      critical_failures: 0,
      max_drawdown: 0.2,
      uptime: 0.99,
      recovery_time: 5,
      health_check_failures: 0,
      total_trades: 100,
      win_rate: 0.5,
      avg_profit: 2,
      sharpe: 1,
      total_profit: 1,
    }
    for (const [criterion, target] of Object.entries(targets))
      await call(kit.service, 'validation:set-target', {
        phase: 1,
        criterion,
        target,
        reason: 'all of them',
      })

    // The day before the plan: an equity close (the start of the curve) and a trip not counted.
    kit.closes.push({ accountId: 'a', day: '2026-02-28', equity: '1000' })
    // Day 1 (2026-03-01): four orders verified and tracked; trips +10 and −4; 3 of 4 in the band.
    kit.order('a', { pnl: 10 })
    kit.order('a', { pnl: -4, inBand: false })
    kit.order('a')
    kit.order('a')
    kit.order('b', { pnl: 500, passed: false }) // outside the plan
    kit.closes.push({ accountId: 'a', day: '2026-03-01', equity: '1006' })
    kit.closes.push({ accountId: 'b', day: '2026-03-01', equity: '99999' })
    // Day 2: two orders, one failing verification; a trip +6; a reconciliation finding; a
    // failing health check.
    kit.clock.advance(DAY)
    kit.order('a', { pnl: 6, passed: false })
    kit.order('a')
    kit.write('reconcile.finding', {
      id: 'r1',
      accountId: 'a',
      kind: 'cash_drift',
      subject: 'USD',
      symbol: null,
      orderId: null,
      local: '10',
      broker: '9',
      message: 'cash differs',
    } as never)
    kit.write('health.failed', {
      check: 'broker',
      label: 'Broker a',
      accountId: 'a',
      message: 'timeout',
    })
    kit.closes.push({ accountId: 'a', day: '2026-03-02', equity: '1012' })
    // Day 3: a drill recovered in 90 s; a trip −2.
    kit.clock.advance(DAY)
    kit.write('drill.completed', {
      id: 'd1',
      kind: 'broker_outage',
      accountId: 'a',
      startedAt: kit.clock.now(),
      detectedAfterMs: 5_000,
      recoveredAfterMs: 90_000,
      outcome: 'recovered',
      detectedBy: 'health',
      recoveredBy: 'health',
      notes: '',
    } as never)
    kit.order('a', { pnl: -2 })
    kit.closes.push({ accountId: 'a', day: '2026-03-03', equity: '1010' })
    kit.setUptime(0.995)

    const view = await call(kit.service, 'validation:get', {})
    expect(view.day).toBe(3)
    const phase = view.phases[0]!
    const c = Object.fromEntries(phase.criteria.map((r) => [r.id, r]))
    expect(Object.keys(c).sort()).toEqual([...CRITERION_IDS].sort())

    expect(c.integrity_violations).toMatchObject({ value: 1, verdict: 'fail', sample: { n: 7 } })
    expect(c.tracker_failures).toMatchObject({ value: 0, verdict: 'pass' })
    expect(c.balance_sync_errors).toMatchObject({ value: 1, verdict: 'fail', sample: { n: 3 } })
    // 7 filled, 7 verified and tracked.
    expect(c.trades_tracked).toMatchObject({ value: 1, verdict: 'pass' })
    // 6 of 7 inside the band, but 7 < 10 fills: not enough to say.
    expect(c.slippage_in_model!.value).toBeCloseTo(6 / 7, 12)
    expect(c.slippage_in_model!.verdict).toBe('not_enough_data')
    expect(c.failure_recovered).toMatchObject({ value: 1, verdict: 'pass' })
    expect(c.recovery_time).toMatchObject({ value: 1.5, verdict: 'pass' })
    // The failed verification is the one critical failure.
    expect(c.critical_failures).toMatchObject({ value: 1, verdict: 'fail' })
    // Closes 1000, 1006, 1012, 1010: the deepest fall is 1012 → 1010.
    expect(c.max_drawdown!.value).toBeCloseTo(2 / 1012, 12)
    expect(c.max_drawdown!.verdict).toBe('pass')
    expect(c.uptime).toMatchObject({ value: 0.995, verdict: 'pass' })
    expect(c.health_check_failures).toMatchObject({ value: 1, verdict: 'fail' })
    expect(c.total_trades).toMatchObject({ value: 4, verdict: 'fail', gating: false })
    // Win rate 2 of 4; Wilson 95 %: centre 0.5, half-width 0.34997.
    expect(c.win_rate!.value).toBe(0.5)
    expect(c.win_rate!.interval!.low).toBeCloseTo(0.15003, 4)
    expect(c.win_rate!.interval!.high).toBeCloseTo(0.84997, 4)
    expect(c.win_rate!.verdict).toBe('not_enough_data')
    expect(c.win_rate!.note).toMatch(/cannot tell/)
    // PnL 10, −4, 6, −2: mean 2.5, sample sd √(131/3), t(3) = 3.18245 → half-width 10.5146.
    expect(c.avg_profit!.value).toBe(2.5)
    expect(c.avg_profit!.interval!.low).toBeCloseTo(2.5 - 10.5146, 3)
    expect(c.avg_profit!.interval!.high).toBeCloseTo(2.5 + 10.5146, 3)
    expect(c.avg_profit!.verdict).toBe('not_enough_data')
    // Daily returns 0.006, 6/1006, −2/1012; Sharpe = mean / sd · √365.
    const r = [0.006, 6 / 1006, -2 / 1012]
    const mean = (r[0]! + r[1]! + r[2]!) / 3
    const sd = Math.sqrt(r.reduce((s, x) => s + (x - mean) ** 2, 0) / 2)
    expect(c.sharpe!.value).toBeCloseTo((mean / sd) * Math.sqrt(365), 9)
    expect(c.sharpe!.sample.n).toBe(3)
    expect(c.sharpe!.verdict).toBe('not_enough_data')
    expect(c.sharpe!.note).toMatch(/days of returns are needed/)
    // Net PnL 10 of capital 1,000.
    expect(c.total_profit!.value).toBeCloseTo(0.01, 12)
    // Each day's value is kept for the sparkline: the win rate after day 1, 2 and 3.
    expect(c.win_rate!.history).toEqual([
      { day: 1, value: 0.5 },
      { day: 2, value: 2 / 3 },
      { day: 3, value: 0.5 },
    ])
    // The incidents: the violation, the sync error, the health failure and the drill.
    expect(view.incidents.map((i) => i.kind)).toEqual([
      'integrity_violation',
      'sync_error',
      'health_failure',
      'drill',
    ])
    expect(view.healthFailures).toEqual({ broker: 1 })
    // Gating criteria fail: the phase cannot be signed off, and says why.
    expect(phase.canSignOff.ok).toBe(false)
    expect(phase.canSignOff.blockers.join(' ')).toMatch(/Capital protection violations: fails/)
  })
})
