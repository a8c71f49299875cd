/**
 * Health checks through the engine: every check with its value and threshold, and each one
 * turned bad on purpose: a broker that fails, stale prices, a ledger that no longer equals the
 * journal on disk, a journal that cannot be written.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../../../electron/engine'
import { BrokerError, type Broker } from '../../../../electron/engine/brokers'
import {
  overall,
  runHealthRound,
  type HealthProbes,
} from '../../../../electron/engine/resilience/health'
import type { HealthReport } from '../../../../shared/types'
import { delegate } from '../../../kit/broker'
import { call, cleanup, tempDir, testEngine, value } from '../../../kit/engine'

const dirs: string[] = []
const engines: Engine[] = []
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()))
  dirs.splice(0).forEach(cleanup)
})
async function start(overrides = {}) {
  const dir = tempDir()
  dirs.push(dir)
  const made = await testEngine(dir, overrides)
  engines.push(made.engine)
  return made
}
const check = (report: HealthReport, name: string) => report.checks.find((c) => c.name === name)

describe('health checks', () => {
  it("reports every check with its value and threshold, all OK for Vigil's own parts", async () => {
    const { engine } = await start()
    value(
      await call(engine, 'orders:submit', {
        symbol: 'BTC-USD',
        side: 'buy',
        type: 'market',
        quantity: '0.01',
      }),
    )
    const report = value(await call(engine, 'health:check', {}))
    // Disk, memory and event-loop lag are this machine's: only Vigil's own parts must be OK.
    for (const name of ['journal', 'tracker', 'broker', 'balance_sync', 'market_data'])
      expect(check(report, name)?.level).toBe('OK')
    expect(report.status).toBe(overall(report.checks))
    expect(new Set(report.checks.map((c) => c.name))).toEqual(
      new Set([
        'journal',
        'snapshot',
        'tracker',
        'broker',
        'balance_sync',
        'market_data',
        'disk_space',
        'memory',
        'event_loop',
      ]),
    )
    expect(check(report, 'tracker')?.message).toMatch(/equals the fold of the journal/)
    expect(check(report, 'broker')).toMatchObject({ level: 'OK', unit: 'ms' })
    expect(check(report, 'disk_space')?.threshold).toBe('warn below 5.0 GB, fail below 1.0 GB')
    expect(check(report, 'memory')?.value).toBeGreaterThan(0)
    // Kept, and published to the hosts.
    expect(value(await call(engine, 'health:history', {})).at(-1)).toEqual(report)
    expect(value(await call(engine, 'app:get-snapshot', {})).health).toEqual(report)
  })

  it('runs a round every interval on the clock', async () => {
    const { engine, clock } = await start({ healthIntervalMs: 10_000 })
    // The round run at start comes first.
    const first = value(await call(engine, 'health:check', {}))
    await new Promise((r) => setImmediate(r))
    const reports: HealthReport[] = []
    let arrived: () => void = () => undefined
    engine.subscribe((e) => {
      if (e.type !== 'health:report') return
      reports.push(e.payload)
      arrived()
    })
    const next = () => new Promise<void>((resolve) => (arrived = resolve))
    for (let round = 0; round < 2; round++) {
      const report = next()
      clock.advance(10_000)
      await report
      // The round is over once its promise settles too; a round already running is shared.
      await new Promise((r) => setImmediate(r))
    }
    expect(reports.map((r) => r.ts - first.ts)).toEqual([10_000, 20_000])
  })

  it('fails the broker when it does not answer, and the balance when it drifts', async () => {
    let failing = true
    const flaky = (paper: Broker): Broker =>
      delegate(paper, {
        balances: async (a) => {
          if (failing) throw new BrokerError('network', 'connection refused')
          return { ...(await paper.balances(a)), USD: '9990' }
        },
      })
    const { engine } = await start({ wrapBroker: flaky })
    let report = value(await call(engine, 'health:check', {}))
    expect(report.status).toBe('CRITICAL')
    expect(check(report, 'broker')).toMatchObject({
      level: 'FAIL',
      message: 'The broker did not answer: connection refused',
    })
    failing = false
    report = value(await call(engine, 'health:check', {}))
    expect(check(report, 'balance_sync')).toMatchObject({
      level: 'FAIL',
      value: 10,
      message: 'Ledger has $10,000.00, the broker $9,990.00: $10.00 apart.',
    })
  })

  it('warns and then fails on prices that stop coming', async () => {
    const { engine, clock } = await start({ startMarket: true })
    value(await call(engine, 'market:set-fault', { symbol: 'ETH-USD', fault: 'stale' }))
    clock.advance(6_000)
    let eth = value(await call(engine, 'health:check', {})).checks.find(
      (c) => c.label === 'Prices ETH-USD (simulator)',
    )
    expect(eth).toMatchObject({ level: 'WARN', threshold: 'warn above 5 s, fail above 10 s' })
    clock.advance(5_000)
    const report = value(await call(engine, 'health:check', {}))
    eth = report.checks.find((c) => c.label === 'Prices ETH-USD (simulator)')
    expect(eth?.level).toBe('FAIL')
    expect(report.checks.find((c) => c.label === 'Prices BTC-USD (simulator)')?.level).toBe('OK')
    expect(report.status).toBe('CRITICAL')
  })
})

describe('the overall status', () => {
  const probes = (over: Partial<HealthProbes>): HealthProbes => ({
    now: () => 1_000_000,
    accounts: () => [],
    quotes: () => [],
    tracker: async () => ({ mismatch: null, records: 10 }),
    diskFreeBytes: async () => 100 * 2 ** 30,
    memory: () => ({ rss: 200 * 2 ** 20, heapUsed: 50 * 2 ** 20 }),
    eventLoopLagMs: () => 3,
    journalFailure: () => null,
    ...over,
  })

  it('is DEGRADED on a warning and CRITICAL on a failure, with the numbers', async () => {
    expect((await runHealthRound(probes({}))).status).toBe('HEALTHY')
    const lagging = await runHealthRound(probes({ eventLoopLagMs: () => 150 }))
    expect(lagging.status).toBe('DEGRADED')
    expect(lagging.checks.find((c) => c.name === 'event_loop')).toMatchObject({
      level: 'WARN',
      value: 150,
      threshold: 'warn above 100 ms, fail above 500 ms (p99)',
    })
    const full = await runHealthRound(probes({ diskFreeBytes: async () => 0.5 * 2 ** 30 }))
    expect(full.status).toBe('CRITICAL')
    expect(full.checks.find((c) => c.name === 'disk_space')?.message).toBe('0.5 GB free.')
    // One unit in the value and the message: not "79,000 MB" beside "77.1 GB free".
    const roomy = await runHealthRound(probes({ diskFreeBytes: async () => 77.14 * 2 ** 30 }))
    expect(roomy.checks.find((c) => c.name === 'disk_space')).toMatchObject({
      value: 77.1,
      unit: 'GB',
      message: '77.1 GB free.',
    })
    const mismatch = await runHealthRound(
      probes({
        tracker: async () => ({ mismatch: 'paper-1 cash 1 against 2 on disk', records: 3 }),
      }),
    )
    expect(mismatch.checks.find((c) => c.name === 'tracker')).toMatchObject({
      level: 'FAIL',
      message: 'The ledger differs from the journal: paper-1 cash 1 against 2 on disk',
    })
    const broken = await runHealthRound(probes({ journalFailure: () => 'ENOSPC' }))
    expect(broken.checks.find((c) => c.name === 'journal')?.level).toBe('FAIL')
    expect(overall([])).toBe('HEALTHY')
  })
})
