/**
 * The plan shows the same after a clean restart: phase, day, every criterion's value, verdict
 * and history, the checklist and the incidents. After a crash it shows the same plus the crash:
 * an incident, a recovery, and (when the plan says so) phase 1 starting again.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../../../electron/engine'
import { dec } from '../../../../electron/engine/core'
import { call, value } from '../../../kit/engine'
import { FakeClock } from '../../../kit/fake-clock'
import { Restarts } from '../../../kit/restarts'

const restarts = new Restarts()
afterEach(() => restarts.dispose())

async function trade(engine: Engine, accountId: string, side: 'buy' | 'sell', usd: number) {
  const snap = value(await call(engine, 'app:get-snapshot', {}))
  const ask = dec(snap.quotes.find((q) => q.symbol === 'BTC-USD')!.ask)
  const quantity = dec(usd).dividedBy(ask).toDecimalPlaces(5).toString()
  value(
    await call(engine, 'orders:submit', {
      accountId,
      symbol: 'BTC-USD',
      side,
      type: 'market',
      quantity,
    }),
  )
}

/** The view without the instant it was made at. */
async function plan(engine: Engine) {
  const { generatedAt: _at, ...view } = value(await call(engine, 'validation:get', {}))
  return view
}

describe('the validation plan across restarts', () => {
  it('is the same after a clean stop, and shows a crash as what it was', async () => {
    const clock = new FakeClock()
    const dir = restarts.fresh()
    const engine = await restarts.start(dir, clock, { timeZone: 'UTC' })
    const paper = value(await call(engine, 'app:get-snapshot', {})).accounts[0]!.id
    value(
      await call(engine, 'validation:set-plan', {
        startDay: '2026-11-24',
        accounts: [paper],
        rollBackOnCritical: false,
        reason: 'start',
      }),
    )
    await trade(engine, paper, 'buy', 40)
    await trade(engine, paper, 'sell', 20)
    value(await call(engine, 'validation:add-item', { phase: 1, text: 'Check the fills by hand' }))
    const before = await plan(engine)
    expect(before.phases[0]!.criteria.find((c) => c.id === 'trades_tracked')).toMatchObject({
      value: 1,
      verdict: 'pass',
    })
    expect(before.phases[0]!.checklist).toHaveLength(1)

    await restarts.stop(engine)
    const again = await restarts.start(dir, clock, { timeZone: 'UTC' })
    expect({ ...(await plan(again)), journal: null }).toEqual({ ...before, journal: null })

    const crashed = await restarts.crash(again, dir)
    const afterCrash = await restarts.start(crashed, clock, { timeZone: 'UTC' })
    const shown = await plan(afterCrash)
    expect(shown.incidents.map((i) => i.kind)).toEqual(['crash'])
    expect(shown.recoveries).toEqual([
      expect.objectContaining({ kind: 'restart', recovered: true }),
    ])
    expect(shown.phases[0]!.criteria.find((c) => c.id === 'trades_tracked')).toEqual(
      before.phases[0]!.criteria.find((c) => c.id === 'trades_tracked'),
    )
    expect({ ...shown, journal: null, incidents: [], recoveries: [] }).toEqual({
      ...before,
      journal: null,
    })
  })

  it('starts phase 1 again after a crash when the plan rolls back on critical failures', async () => {
    const clock = new FakeClock()
    const dir = restarts.fresh()
    const engine = await restarts.start(dir, clock, { timeZone: 'UTC' })
    const paper = value(await call(engine, 'app:get-snapshot', {})).accounts[0]!.id
    value(
      await call(engine, 'validation:set-plan', {
        startDay: '2026-11-24',
        accounts: [paper],
        reason: 'start',
      }),
    )
    const crashed = await restarts.crash(engine, dir)
    const shown = await plan(await restarts.start(crashed, clock, { timeZone: 'UTC' }))
    expect(shown.phase).toBe(1)
    expect(shown.changes).toEqual([
      expect.objectContaining({
        from: 1,
        to: 1,
        kind: 'roll_back',
        reason: expect.stringMatching(/Phase 1 starts again after a crash/),
      }),
    ])
  })
})
