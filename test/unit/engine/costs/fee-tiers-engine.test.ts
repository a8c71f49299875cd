/**
 * The fee analyzer in a running engine: the paper account's tier moves up when its 30-day
 * volume crosses $10,000 and back down when that volume has left the window, each change
 * journaled and kept across a restart; `costs:fees` answers with the schedule, the tier, the
 * next one and the volume needed, the fills against the published rates, and the paper
 * exchange's word on its own fees.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../../../electron/engine'
import { call, cleanup, journalRecords, tempDir, testEngine, value } from '../../../kit/engine'
import { FakeClock } from '../../../kit/fake-clock'
import { dec } from '../../../../electron/engine/core'

const DAY = 86_400_000
const dirs: string[] = []
const engines: Engine[] = []
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()))
  dirs.splice(0).forEach(cleanup)
})

async function start(dir: string, clock = new FakeClock()) {
  const made = await testEngine(dir, { clock })
  engines.push(made.engine)
  return made
}

const order = (side: 'buy' | 'sell', quantity: string) => ({
  symbol: 'BTC-USD',
  side,
  type: 'market',
  quantity,
})

/** Buys about $4,500 of BTC, sells it and buys it again: about $13,500 traded (orders stay under $5,000). */
async function tradePastTenThousand(engine: Engine): Promise<void> {
  const snap = value(await call(engine, 'app:get-snapshot', {}))
  const ask = dec(snap.quotes.find((q) => q.symbol === 'BTC-USD')!.ask)
  const quantity = dec(4_500).dividedBy(ask).toDecimalPlaces(4).toString()
  value(await call(engine, 'orders:submit', order('buy', quantity)))
  value(await call(engine, 'orders:submit', order('sell', quantity)))
  value(await call(engine, 'orders:submit', order('buy', quantity)))
  await engine.idle()
}

// Two engine starts and a handful of orders: seconds on a loaded 2-core machine.
describe('fee tiers and the fee analyzer in the engine', { timeout: 30_000 }, () => {
  it('journals the move up past $10,000 and answers costs:fees with the tier, the next and the fills', async () => {
    const dir = tempDir()
    dirs.push(dir)
    const { engine } = await start(dir)
    const before = value(await call(engine, 'costs:fees', {}))
    expect(before.accounts[0]).toMatchObject({
      schedule: {
        id: 'coinbase-advanced-2022-09-20',
        effective: '2022-09-20',
        sourceUrl: 'https://www.coinbase.com/advanced-fees',
      },
      tier: { index: 0, from: '0', takerRate: '0.006' },
      next: { tier: { index: 1, from: '10000' }, volumeNeeded: '10000' },
      tierChanges: [],
      exchange: { kind: 'paper' },
    })
    expect(before.accounts[0]!.exchange).toMatchObject({
      note: /charges its schedule exactly: Coinbase Advanced \(2022-09-20\)/,
    })

    await tradePastTenThousand(engine)

    const changes = journalRecords(dir).filter((r) => r.type === 'fees.tier_changed')
    expect(changes.map((r) => r.payload)).toEqual([
      expect.objectContaining({ old: 0, new: 1, oldFrom: '0', newFrom: '10000' }),
    ])
    const view = value(await call(engine, 'costs:fees', {}))
    const account = view.accounts[0]!
    const volume = dec(account.volume30d)
    expect(volume.gte(10_000)).toBe(true)
    expect(account.tier).toMatchObject({
      index: 1,
      from: '10000',
      makerRate: '0.0025',
      takerRate: '0.004',
    })
    expect(account.next?.tier.from).toBe('50000')
    expect(account.next?.volumeNeeded).toBe(dec(50_000).minus(volume).toString())
    expect(account.tierChanges).toMatchObject([{ direction: 'up', old: 0, new: 1 }])
    // Every order was placed at tier 0 (the last one's fill is what crossed): 0.60 % taker,
    // and the paper exchange charged that, to the cent.
    const { analysis } = account
    expect(analysis.fills).toHaveLength(3)
    for (const f of analysis.fills) {
      expect(f).toMatchObject({ liquidity: 'taker', publishedRate: '0.006', tier: { index: 0 } })
      expect(
        dec(f.effectiveRate!).minus('0.006').abs().lte(dec('0.005').dividedBy(f.notional)),
      ).toBe(true)
    }
    expect(analysis.makerShare).toBe('0')
    expect(analysis.taker.fills).toBe(3)
    expect(dec(analysis.excess!).abs().lte('0.01')).toBe(true)

    // An order placed after the change, at the same instant, is judged by the new tier: 0.40 %.
    const held = value(await call(engine, 'app:get-snapshot', {})).positions[0]!.quantity
    value(await call(engine, 'orders:submit', order('sell', held)))
    await engine.idle()
    const last = value(await call(engine, 'costs:fees', {})).accounts[0]!.analysis.fills.at(-1)!
    expect(last).toMatchObject({ publishedRate: '0.004', tier: { index: 1 } })
    expect(
      dec(last.effectiveRate!).minus('0.004').abs().lte(dec('0.005').dividedBy(last.notional)),
    ).toBe(true)
  })

  it('journals the move back down once the volume has left the 30 days, and keeps the history across a restart', async () => {
    const dir = tempDir()
    dirs.push(dir)
    const clock = new FakeClock()
    const { engine } = await start(dir, clock)
    await tradePastTenThousand(engine)
    await engine.close()
    engines.splice(0)

    // 31 days later the $13,500 is out of the window: back to the first tier at start-up.
    const later = new FakeClock(clock.now() + 31 * DAY)
    const { engine: again } = await start(dir, later)
    await again.idle()
    const account = value(await call(again, 'costs:fees', {})).accounts[0]!
    expect(account.volume30d).toBe('0')
    expect(account.tier?.index).toBe(0)
    expect(account.tierChanges).toMatchObject([
      { direction: 'up', old: 0, new: 1 },
      { direction: 'down', old: 1, new: 0, volume30d: '0' },
    ])
    // The window is the last 30 days: the old fills are no longer in it.
    expect(account.analysis.fills).toEqual([])
    expect(journalRecords(dir).filter((r) => r.type === 'fees.tier_changed')).toHaveLength(2)
  })

  it('refuses a bad window or account with what is allowed, and changes nothing', async () => {
    const dir = tempDir()
    dirs.push(dir)
    const { engine } = await start(dir)
    const records = journalRecords(dir).length
    const backwards = await call(engine, 'costs:fees', { from: 2_000, to: 1_000 })
    expect(backwards).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/from must be before to/) },
    })
    const unknown = await call(engine, 'costs:fees', { accountId: 'nope' })
    expect(unknown.ok).toBe(false)
    const extra = await call(engine, 'costs:fees', { window: 30 })
    expect(extra.ok).toBe(false)
    expect(journalRecords(dir)).toHaveLength(records)
  })
})
