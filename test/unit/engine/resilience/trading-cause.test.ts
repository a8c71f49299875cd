/**
 * Who set a trading state, why, since and until when: what every window is told with the
 * snapshot and with each 'trading:state' event, driven with the fake clock. A breaker halt
 * names its trigger and the end of its cool-down; the recovery after it keeps the trigger and
 * its order-size share; a state older than these fields says it is not known.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../../../electron/engine'
import type { Broker } from '../../../../electron/engine/brokers'
import { tradingFold, TradingStates } from '../../../../electron/engine/resilience'
import type { Recorder } from '../../../../electron/engine/journal'
import type { EventBus } from '../../../../electron/engine/core'
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
const buy = { symbol: 'SOL-USD', side: 'buy', type: 'market', quantity: '1' }
const settle = () => new Promise((r) => setImmediate(r))

async function start(wrapBroker?: (paper: Broker) => Broker) {
  const dir = tempDir()
  dirs.push(dir)
  const made = await testEngine(dir, {
    breaker: BREAKER,
    startMarket: true,
    ...(wrapBroker ? { wrapBroker } : {}),
  })
  engines.push(made.engine)
  value(await call(made.engine, 'limits:update', { limits: { pendingOrderRule: 'off' } }))
  return made
}
const causes = async (engine: Engine) =>
  value(await call(engine, 'app:get-snapshot', {})).tradingCauses ?? {}

describe('the cause of a trading state', () => {
  it('names the breaker, its trigger, the journaled reason, since and the end of the cool-down', async () => {
    let lie = true
    const lying = (paper: Broker): Broker =>
      delegate(paper, { positionOf: async (a, s) => (lie ? '999' : paper.positionOf(a, s)) })
    const { engine, clock } = await start(lying)
    const events: unknown[] = []
    engine.subscribe((e) => {
      if (e.type === 'trading:state') events.push(e.payload)
    })
    const trippedAt = clock.now()
    value(await call(engine, 'orders:submit', buy))
    await settle()
    const halted = (await causes(engine))['paper-1']
    expect(halted).toMatchObject({
      state: 'HALTED',
      by: 'breaker',
      trigger: 'verification',
      since: trippedAt,
      until: trippedAt + 60_000,
      fraction: null,
    })
    expect(halted?.reason).toMatch(/^Circuit breaker tripped: verification failed for /)
    // The event a window gets carries the same cause, so it needs no snapshot to count down.
    expect(events.at(-1)).toMatchObject({
      accountId: 'paper-1',
      state: 'HALTED',
      cause: { by: 'breaker', trigger: 'verification', until: trippedAt + 60_000 },
      globalCause: { state: 'ACTIVE', by: 'unknown', until: null },
    })

    lie = false
    clock.advance(60_000)
    await settle()
    expect((await causes(engine))['paper-1']).toMatchObject({
      state: 'RECOVERING',
      by: 'breaker',
      trigger: 'verification',
      since: trippedAt + 60_000,
      until: null,
      fraction: 0.25,
      reason: 'Cool-down of 1 min over: recovering at 25% order size.',
    })
  })

  it('names the kill switch and the operator with the reason they journaled', async () => {
    const { engine, clock } = await start()
    const at = clock.now()
    value(
      await call(engine, 'trading:kill-switch', {
        closePositions: false,
        reason: 'Going to lunch',
      }),
    )
    value(
      await call(engine, 'trading:set-state', {
        accountId: 'paper-1',
        state: 'REDUCE_ONLY',
        reason: 'Only selling today',
      }),
    )
    const all = await causes(engine)
    expect(all['*']).toMatchObject({
      state: 'HALTED',
      by: 'kill-switch',
      trigger: null,
      since: at,
      until: null,
    })
    expect(all['*']?.reason).toContain('Going to lunch')
    expect(all['paper-1']).toMatchObject({
      state: 'REDUCE_ONLY',
      by: 'operator',
      reason: 'Only selling today',
      until: null,
    })
  })

  it('says unknown for what an older snapshot did not keep, and loads it', () => {
    // A snapshot written before the reason, trigger and cool-down end were kept.
    const folds = tradingFold.fromState({
      states: { '*': 'HALTED', old: 'RECOVERING' },
      meta: {
        '*': { by: 'breaker', fraction: null, since: 1_000 },
        old: { by: 'operator', fraction: 0.5 },
      },
    })
    const recorder = { failure: null, onFailure: () => undefined } as unknown as Recorder
    const bus = { publish: () => undefined } as unknown as EventBus
    const trading = new TradingStates({ folds, recorder, bus, accountIds: () => ['old'] })
    expect(trading.cause(null)).toEqual({
      state: 'HALTED',
      by: 'breaker',
      trigger: null,
      reason: null,
      since: 1_000,
      until: null,
      fraction: null,
    })
    expect(trading.cause('old')).toMatchObject({
      by: 'operator',
      reason: null,
      since: null,
      fraction: 0.5,
    })
    // A scope no record ever set.
    expect(trading.cause('never')).toMatchObject({ state: 'ACTIVE', by: 'unknown', reason: null })
  })
})
