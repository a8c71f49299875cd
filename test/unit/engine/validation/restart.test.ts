/**
 * The plan shows the same after a clean restart and after a crash: phase, day, every
 * criterion's value, verdict and history, the checklist, the sign-off and the incidents.
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
  it('is the same after a clean stop and after a crash', async () => {
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
    await trade(engine, paper, 'buy', 40)
    await trade(engine, paper, 'sell', 20)
    value(await call(engine, 'validation:add-item', { phase: 1, text: 'Check the fills by hand' }))
    const before = await plan(engine)
    expect(before.phases[0]!.criteria.find((c) => c.id === 'trades_tracked')).toMatchObject({
      value: 1,
      verdict: 'pass',
    })
    expect(before.phases[0]!.checklist).toHaveLength(1)

    const crashed = await restarts.crash(engine, dir)
    const afterCrash = await restarts.start(crashed, clock, { timeZone: 'UTC' })
    expect({ ...(await plan(afterCrash)), journal: null }).toEqual({ ...before, journal: null })
    await restarts.stop(afterCrash)

    const again = await restarts.start(crashed, clock, { timeZone: 'UTC' })
    expect({ ...(await plan(again)), journal: null }).toEqual({ ...before, journal: null })
  })
})
