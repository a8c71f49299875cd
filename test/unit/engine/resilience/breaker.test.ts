/**
 * The circuit breaker, driven with the fake clock: each trip, the cool-down, each step of
 * recovery, a failure while recovering, and an operator's halt that the breaker never lifts.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../../../electron/engine'
import { BrokerError, type Broker } from '../../../../electron/engine/brokers'
import type { FakeClock } from '../../../kit/fake-clock'
import { delegate } from '../../../kit/broker'
import { call, cleanup, tempDir, testEngine, value } from '../../../kit/engine'

const dirs: string[] = []
const engines: Engine[] = []
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()))
  dirs.splice(0).forEach(cleanup)
})
const BREAKER = {
  consecutiveErrors: 3,
  cooldownMs: 60_000,
  steps: [0.25, 0.5, 1],
  cleanTradesPerStep: 2,
}
async function start(overrides = {}) {
  const dir = tempDir()
  dirs.push(dir)
  const made = await testEngine(dir, { breaker: BREAKER, startMarket: true, ...overrides })
  engines.push(made.engine)
  // Default limits: the largest order is $5,000.
  value(await call(made.engine, 'limits:update', { limits: { pendingOrderRule: 'off' } }))
  return made
}
const buy = (quantity: string) => ({ symbol: 'SOL-USD', side: 'buy', type: 'market', quantity })
const state = async (engine: Engine) => {
  const snap = value(await call(engine, 'app:get-snapshot', {}))
  return { state: snap.tradingStates['paper-1'], fraction: snap.recoveryFractions?.['paper-1'] }
}
const settle = () => new Promise((r) => setImmediate(r))
async function coolDown(clock: FakeClock) {
  await settle()
  clock.advance(60_000)
  await settle()
}

describe('the circuit breaker', () => {
  it('trips on a failed verification, cools down, and recovers 25 % → 50 % → 100 % on clean trades', async () => {
    let lie = true
    const lying = (paper: Broker): Broker =>
      delegate(paper, { positionOf: async (a, s) => (lie ? '999' : paper.positionOf(a, s)) })
    const { engine, clock } = await start({ wrapBroker: lying })
    value(await call(engine, 'orders:submit', buy('1')))
    await settle()
    expect(await state(engine)).toEqual({ state: 'HALTED', fraction: undefined })
    const refused = await call(engine, 'orders:submit', buy('1'))
    expect(refused.ok ? null : refused.error.message).toContain('Trading is HALTED')

    lie = false
    await coolDown(clock)
    expect(await state(engine)).toEqual({ state: 'RECOVERING', fraction: 0.25 })
    // 25 % of $5,000: $1,250. 10 SOL at about $150 is over it.
    const big = await call(engine, 'orders:submit', buy('10'))
    expect(big.ok ? null : big.error.message).toMatch(
      /Trading is RECOVERING after the circuit breaker tripped: orders up to \$1,250.00 \(25% of the \$5,000.00 maximum\)/,
    )
    for (let i = 0; i < 2; i++) value(await call(engine, 'orders:submit', buy('1')))
    await settle()
    expect(await state(engine)).toEqual({ state: 'RECOVERING', fraction: 0.5 })
    value(await call(engine, 'orders:submit', buy('10')))
    for (let i = 0; i < 3; i++) value(await call(engine, 'orders:submit', buy('1')))
    await settle()
    expect(await state(engine)).toEqual({ state: 'ACTIVE', fraction: undefined })
  })

  it('resumes its cool-down and its count of clean trades after a restart', async () => {
    let lie = true
    const lying = (paper: Broker): Broker =>
      delegate(paper, { positionOf: async (a, s) => (lie ? '999' : paper.positionOf(a, s)) })
    const dir = tempDir()
    dirs.push(dir)
    const open = async (clock?: FakeClock) => {
      const made = await testEngine(dir, {
        breaker: BREAKER,
        startMarket: true,
        wrapBroker: lying,
        ...(clock ? { clock } : {}),
      })
      engines.push(made.engine)
      return made
    }
    const restart = async (engine: Engine, clock: FakeClock) => {
      await engine.close()
      engines.splice(engines.indexOf(engine), 1)
      return (await open(clock)).engine
    }
    const made = await open()
    const clock = made.clock
    let engine = made.engine
    value(await call(engine, 'limits:update', { limits: { pendingOrderRule: 'off' } }))
    value(await call(engine, 'orders:submit', buy('1')))
    await settle()
    expect(await state(engine)).toEqual({ state: 'HALTED', fraction: undefined })
    lie = false
    // Half the cool-down, a restart, the other half: recovering on time.
    await settle()
    clock.advance(30_000)
    engine = await restart(engine, clock)
    expect(await state(engine)).toEqual({ state: 'HALTED', fraction: undefined })
    await coolDown(clock)
    expect(await state(engine)).toEqual({ state: 'RECOVERING', fraction: 0.25 })
    // One clean trade of the two a step needs, a restart, the second one: the step up.
    value(await call(engine, 'orders:submit', buy('1')))
    await settle()
    expect(await state(engine)).toEqual({ state: 'RECOVERING', fraction: 0.25 })
    engine = await restart(engine, clock)
    value(await call(engine, 'orders:submit', buy('1')))
    await settle()
    expect(await state(engine)).toEqual({ state: 'RECOVERING', fraction: 0.5 })
  })

  it('halts again on a failure while recovering', async () => {
    let lie = true
    const lying = (paper: Broker): Broker =>
      delegate(paper, { positionOf: async (a, s) => (lie ? '999' : paper.positionOf(a, s)) })
    const { engine, clock } = await start({ wrapBroker: lying })
    value(await call(engine, 'orders:submit', buy('1')))
    await coolDown(clock)
    expect((await state(engine)).state).toBe('RECOVERING')
    value(await call(engine, 'orders:submit', buy('1')))
    await settle()
    expect((await state(engine)).state).toBe('HALTED')
    lie = false
  })

  it('trips on consecutive broker errors, not on one', async () => {
    const down = (paper: Broker): Broker =>
      delegate(paper, {
        placeOrder: async () => {
          throw new BrokerError('invalid_order', 'Order rejected by the exchange')
        },
      })
    const { engine } = await start({ wrapBroker: down })
    await call(engine, 'orders:submit', buy('1'))
    await call(engine, 'orders:submit', buy('1'))
    expect((await state(engine)).state).toBe('ACTIVE')
    await call(engine, 'orders:submit', buy('1'))
    await settle()
    expect((await state(engine)).state).toBe('HALTED')
  })

  it('never lifts an operator halt after the cool-down', async () => {
    const { engine, clock } = await start()
    value(await call(engine, 'trading:set-state', { state: 'HALTED', reason: 'my call' }))
    await coolDown(clock)
    expect((await state(engine)).state).toBe('HALTED')
    // Resuming by hand goes through the recovery steps.
    value(await call(engine, 'trading:set-state', { state: 'RECOVERING', reason: 'resume' }))
    expect(await state(engine)).toEqual({ state: 'RECOVERING', fraction: 0.25 })
  })

  it('halts the account whose broker check fails, and not the others', async () => {
    const broken = (paper: Broker): Broker =>
      delegate(paper, {
        balances: async (a) => {
          if (a === 'paper-1') throw new BrokerError('network', 'connection refused')
          return paper.balances(a)
        },
      })
    const { engine } = await start({ wrapBroker: broken })
    const other = value(await call(engine, 'accounts:add', { kind: 'paper', name: 'Second' }))
    const report = value(await call(engine, 'health:check', {}))
    expect(report.status).toBe('CRITICAL')
    await settle()
    const snap = value(await call(engine, 'app:get-snapshot', {}))
    expect(snap.tradingStates).toEqual({ 'paper-1': 'HALTED', [other.id]: 'ACTIVE' })
    expect(snap.globalTradingState).toBe('ACTIVE')
    // The critical round raised one alert.
    expect(snap.alerts.alerts.map((a) => [a.kind, a.state])).toEqual([
      ['health_critical', 'active'],
    ])
  })

  it('halts every account when a check of the whole system fails (stale prices)', async () => {
    const { engine, clock } = await start()
    value(await call(engine, 'market:set-fault', { symbol: 'BTC-USD', fault: 'stale' }))
    clock.advance(60_000)
    const report = value(await call(engine, 'health:check', {}))
    const prices = report.checks.find((c) => c.label === 'Prices BTC-USD (simulator)')
    expect(prices?.level).toBe('FAIL')
    await settle()
    expect(value(await call(engine, 'app:get-snapshot', {})).globalTradingState).toBe('HALTED')
  })
})
