/**
 * The validation plan's size band in a running engine: an enrolled account's orders that add
 * exposure are refused outside the phase's band by a gate check of its own, with the band and
 * the way out in its words; an account outside the plan is not held to it; a sale of what is
 * held passes at any size; the band is kept across a restart.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../../../electron/engine'
import { dec } from '../../../../electron/engine/core'
import { call, cleanup, tempDir, testEngine, value } from '../../../kit/engine'

const dirs: string[] = []
const engines: Engine[] = []
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()))
  dirs.splice(0).forEach(cleanup)
})

async function start(dir: string) {
  const made = await testEngine(dir, { timeZone: 'UTC' })
  engines.push(made.engine)
  return made.engine
}

/**
 * A market buy of about `usd` dollars of BTC at the current ask: submitted, it answers the
 * order's status and its size-band check (a refusal's checks are the gate's dry run's).
 */
async function buyWorth(engine: Engine, accountId: string, usd: number) {
  const snap = value(await call(engine, 'app:get-snapshot', {}))
  const ask = dec(snap.quotes.find((q) => q.symbol === 'BTC-USD')!.ask)
  const quantity = dec(usd).dividedBy(ask).toDecimalPlaces(5).toString()
  const order = { accountId, symbol: 'BTC-USD', side: 'buy', type: 'market', quantity }
  const dry = value(await call(engine, 'orders:check', order))
  const placed = await call(engine, 'orders:submit', order)
  const status = placed.ok ? placed.value.status : placed.error.code
  expect(placed.ok).toBe(dry.passed)
  return { order: { status }, band: dry.checks.find((c) => c.name === 'size_band') }
}

describe('the size band of the validation plan', () => {
  it('refuses an enrolled account orders outside the phase band, and only those', async () => {
    const dir = tempDir()
    dirs.push(dir)
    const engine = await start(dir)
    const paper = value(await call(engine, 'app:get-snapshot', {})).accounts[0]!.id
    const other = value(
      await call(engine, 'accounts:add', {
        name: 'Outside',
        kind: 'paper',
        initialBalance: '5000',
      }),
    ).id

    // Before a plan: no size band at all.
    expect((await buyWorth(engine, paper, 5)).band).toBeUndefined()

    const view = value(
      await call(engine, 'validation:set-plan', {
        startDay: '2026-11-24',
        accounts: [paper],
        reason: 'going live in three phases',
      }),
    )
    expect(view.phase).toBe(1)
    expect(view.day).toBe(1)
    expect(view.allows).toContain('$10 to $50')

    const small = await buyWorth(engine, paper, 5)
    expect(small.order.status).toBe('GATE_REJECTED')
    expect(small.band?.passed).toBe(false)
    expect(small.band?.message).toMatch(
      /below phase 1 of the validation plan's size band of \$10\.00–\$50\.00/,
    )

    const large = await buyWorth(engine, paper, 80)
    expect(large.order.status).toBe('GATE_REJECTED')
    expect(large.band?.message).toMatch(/above phase 1/)

    const inside = await buyWorth(engine, paper, 30)
    expect(inside.order.status).toBe('filled')
    expect(inside.band?.passed).toBe(true)

    // The account outside the plan is held to its own limits only.
    const outside = await buyWorth(engine, other, 80)
    expect(outside.order.status).toBe('filled')
    expect(outside.band).toBeUndefined()

    // A sale of what is held passes whatever its size (here below $10).
    const held = value(await call(engine, 'app:get-snapshot', {})).positions.find(
      (p) => p.accountId === paper && p.symbol === 'BTC-USD',
    )!
    const part = dec(held.quantity).dividedBy(10).toDecimalPlaces(5).toString()
    const sale = value(
      await call(engine, 'orders:submit', {
        accountId: paper,
        symbol: 'BTC-USD',
        side: 'sell',
        type: 'market',
        quantity: part,
      }),
    )
    expect(sale.status).toBe('filled')
    expect(sale.checks.find((c) => c.name === 'size_band')?.message).toMatch(/sale of what is held/)

    // The band is editable (journaled) and holds across a restart.
    value(
      await call(engine, 'validation:set-plan', {
        bands: { 1: { min: '1', max: '20' } },
        reason: 'smaller first phase',
      }),
    )
    await engine.close()
    engines.splice(0)
    const again = await start(dir)
    expect((await buyWorth(again, paper, 30)).band?.message).toMatch(/\$1\.00–\$20\.00/)
    expect((await buyWorth(again, paper, 15)).order.status).toBe('filled')
  })

  it('answers bad plan settings with what was wrong and changes nothing', async () => {
    const dir = tempDir()
    dirs.push(dir)
    const engine = await start(dir)
    const past = await call(engine, 'validation:set-plan', {
      startDay: '2026-11-01',
      accounts: ['paper-1'],
      reason: 'backdated',
    })
    expect(past.ok).toBe(false)
    expect(!past.ok && past.error.message).toMatch(/in the past/)
    const unknown = await call(engine, 'validation:set-plan', {
      startDay: '2026-11-24',
      accounts: ['nobody'],
      reason: 'typo',
    })
    expect(unknown.ok).toBe(false)
    const none = await call(engine, 'validation:set-plan', {
      startDay: '2026-11-24',
      accounts: [],
      reason: 'empty',
    })
    expect(!none.ok && none.error.message).toMatch(/enrol at least one account/)
    const band = await call(engine, 'validation:set-plan', {
      bands: { 2: { min: '300', max: '200' } },
      reason: 'reversed',
    })
    expect(!band.ok && band.error.message).toMatch(/min must not be above max/)
    const view = value(await call(engine, 'validation:get', {}))
    expect(view.phase).toBeNull()
    expect(view.settings.startDay).toBeNull()
    expect(view.settings.bands[2]).toEqual({ min: '50', max: '200' })
  })
})
