/**
 * Drills on the fake clock: each kind of failure is injected into a paper account, noticed by
 * the health checks or the circuit breaker, ended, and recovered from; the result is journaled
 * and counted, and drills refuse what they must not do.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { Engine, EngineOptions } from '../../../../electron/engine'
import type { DrillResult } from '../../../../shared/types'
import type { Result } from '../../../../shared/result'
import type { FakeClock } from '../../../kit/fake-clock'
import { call, cleanup, tempDir, testEngine, value } from '../../../kit/engine'
import { settled } from '../../../kit/settle'

const dirs: string[] = []
const engines: Engine[] = []
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()))
  dirs.splice(0).forEach(cleanup)
})
const TIMINGS = { probeMs: 100, holdMs: 500, detectTimeoutMs: 60_000, recoverTimeoutMs: 10_000 }
const BREAKER = {
  consecutiveErrors: 3,
  cooldownMs: 5_000,
  steps: [0.25, 0.5, 1],
  cleanTradesPerStep: 2,
}

async function start(overrides: Partial<EngineOptions> = {}) {
  const dir = tempDir()
  dirs.push(dir)
  const made = await testEngine(dir, {
    drillTimings: TIMINGS,
    breaker: BREAKER,
    startMarket: true,
    ...overrides,
  })
  engines.push(made.engine)
  return { ...made, dir }
}

/** Moves the fake clock on in small steps until the drill answers. */
async function drive<T>(clock: FakeClock, running: Promise<Result<T>>): Promise<Result<T>> {
  let done = false
  void running.finally(() => (done = true))
  // Each step waits until the disk work the last one started (a health round's reads, a
  // journal flush) has finished, so fake time never runs ahead of the engine, on any machine.
  while (!done) {
    await settled()
    if (!done) clock.advance(50)
  }
  return running
}
const drill = (engine: Engine, clock: FakeClock, kind: string, accountId?: string) =>
  drive(clock, call(engine, 'drills:run', { kind, ...(accountId ? { accountId } : {}) }))

describe('drills', () => {
  it('measures a broker outage: detected by the broker check, recovered when it answers again', async () => {
    const { engine, clock } = await start()
    const result = value(await drill(engine, clock, 'broker_outage'))
    expect(result).toMatchObject({
      kind: 'broker_outage',
      accountId: 'paper-1',
      outcome: 'recovered',
    })
    expect(result.detectedBy).toMatch(/Broker of .*Cannot reach the paper exchange/)
    expect(result.recoveredBy).toMatch(/OK again/)
    // Noticed at the first probes (100 ms apart), far inside the 60 s allowed.
    expect(result.detectedAfterMs).toBeLessThan(2_000)
    expect(result.recoveredAfterMs).toBeLessThan(2_000)
    // The breaker halted the account it was about, not every account.
    const snap = value(await call(engine, 'app:get-snapshot', {}))
    expect(snap.tradingStates['paper-1']).toBe('HALTED')
    expect(snap.globalTradingState).toBe('ACTIVE')
    expect(snap.drills.results[0]).toEqual(result)
    expect(snap.drills.recoveries).toEqual({ broker_outage: 1 })
  })

  it('measures a rate-limit storm', async () => {
    const { engine, clock } = await start()
    const result = value(await drill(engine, clock, 'rate_limit_storm'))
    expect(result.outcome).toBe('recovered')
    expect(result.detectedBy).toMatch(/429/)
  })

  it('detects frozen prices once they stay unchanged past the limit', async () => {
    const { engine, clock } = await start()
    const result = value(await drill(engine, clock, 'frozen_prices'))
    expect(result.outcome).toBe('recovered')
    expect(result.detectedBy).toMatch(/Prices BTC-USD \(simulator\).*looks frozen/)
    // The limit is 30 s of identical quotes (counted from the last move, up to a second
    // before the freeze), noticed at the next probe.
    expect(result.detectedAfterMs).toBeGreaterThan(29_000)
    expect(result.detectedAfterMs).toBeLessThan(33_000)
    expect(result.recoveredAfterMs).toBeLessThan(2_000)
    const snap = value(await call(engine, 'app:get-snapshot', {}))
    expect(snap.market.faults).toEqual({})
  })

  it('detects a failed verification through the breaker and recovers after its cool-down', async () => {
    const { engine, clock } = await start()
    const result = value(await drill(engine, clock, 'failed_verification'))
    expect(result.outcome).toBe('recovered')
    expect(result.detectedBy).toMatch(/Post-trade verification of probe order ord-\d+ failed/)
    expect(result.recoveredBy).toMatch(/RECOVERING/)
    // The cool-down runs from the trip; the failure ended a hold after it was detected.
    expect(result.recoveredAfterMs).toBeGreaterThanOrEqual(
      BREAKER.cooldownMs - TIMINGS.holdMs - TIMINGS.probeMs,
    )
    const orders = value(await call(engine, 'orders:list', {}))
    expect(orders.map((o) => `${o.source} ${o.side} ${o.status}`)).toEqual([
      'drill sell filled',
      'drill buy filled',
    ])
    expect(result.notes).toMatch(/probe position was sold/)
  })

  it('restarts a crash-like copy of the data folder and keeps the live engine running', async () => {
    const { engine, clock } = await start()
    value(
      await call(engine, 'orders:submit', {
        symbol: 'ETH-USD',
        side: 'buy',
        type: 'market',
        quantity: '0.1',
      }),
    )
    const result = value(await drill(engine, clock, 'crash_restart'))
    expect(result.outcome).toBe('recovered')
    expect(result.notes).toMatch(/torn journal line moved aside/)
    expect(result.notes).toMatch(/The ledger equals the fold of the journal/)
    expect(result.detectedAfterMs).not.toBeNull()
    value(
      await call(engine, 'orders:submit', {
        symbol: 'ETH-USD',
        side: 'sell',
        type: 'market',
        quantity: '0.1',
      }),
    )
  })

  it('refuses a second drill while one runs, an exchange account, and a halted account', async () => {
    const { engine, clock } = await start()
    const first = call(engine, 'drills:run', { kind: 'broker_outage' })
    const second = await call(engine, 'drills:run', { kind: 'rate_limit_storm' })
    expect(second.ok ? null : second.error.message).toBe(
      'A broker outage drill is running on paper-1; wait for it to end.',
    )
    value(await drive(clock, first))
    const halted = await call(engine, 'drills:run', { kind: 'broker_outage' })
    expect(halted.ok ? null : halted.error.message).toMatch(
      /is (HALTED|RECOVERING); a drill needs an ACTIVE account/,
    )
    const exchange = value(
      await call(engine, 'accounts:add', { kind: 'exchange', name: 'Live', exchangeId: 'kraken' }),
    )
    const refused = await call(engine, 'drills:run', {
      kind: 'broker_outage',
      accountId: exchange.id,
    })
    expect(refused.ok ? null : refused.error.message).toMatch(/Drills run only on paper accounts/)
    const bad = await call(engine, 'drills:run', { kind: 'meteor_strike' })
    expect(bad.ok ? null : bad.error.message).toMatch(/kind: must be one of broker_outage/)
  })

  it('keeps results across a restart', async () => {
    const { engine, clock, dir } = await start()
    const result: DrillResult = value(await drill(engine, clock, 'broker_outage'))
    await engines.pop()?.close()
    const again = await testEngine(dir, { drillTimings: TIMINGS })
    engines.push(again.engine)
    const status = value(await call(again.engine, 'drills:status', {}))
    expect(status.results).toEqual([result])
    expect(status.recoveries).toEqual({ broker_outage: 1 })
  })
})
