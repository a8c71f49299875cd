/**
 * The ledger keeps the recent ended orders and fills (here 5 per account) and reads older ones
 * from the journal through its index: the snapshot stays the same size as orders accumulate,
 * while every list, lookup and retry answers as if everything were kept, before and after a
 * restart.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import Decimal from 'decimal.js'
import { afterEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../../../electron/engine'
import { Ledger } from '../../../../electron/engine/ledger'
import type { Fill } from '../../../../shared/types'
import { call, journalOnDisk, journalRecords, value } from '../../../kit/engine'
import { FakeClock } from '../../../kit/fake-clock'
import { Restarts } from '../../../kit/restarts'
import { ScriptedMarket } from '../../../kit/scripted-market'

const KEEP = 5
const restarts = new Restarts()
afterEach(() => restarts.dispose())
const start = (dir: string, clock = new FakeClock()): Promise<Engine> =>
  restarts.start(dir, clock, { keepRecent: KEEP, market: new ScriptedMarket(clock, 3) })

/** Places `n` filled market orders, buys and sells in turn, with client ids `c0`, `c1`… */
async function trade(engine: Engine, from: number, n: number): Promise<void> {
  value(await call(engine, 'limits:update', { limits: { maxOrdersPerMinute: 1_000_000 } }))
  for (let i = from; i < from + n; i++) {
    const side = i % 2 ? 'sell' : 'buy'
    const order = { clientOrderId: `c${i}`, symbol: 'BTC-USD', side, type: 'market' }
    value(await call(engine, 'orders:submit', { ...order, quantity: '0.001' }))
  }
}

/** The ledger of everything the journal holds: what the lists must equal. */
function everything(dir: string): Ledger {
  const ledger = new Ledger({ keep: Number.POSITIVE_INFINITY })
  for (const record of journalRecords(dir)) ledger.apply(record)
  return ledger
}

/** The ledger's part of the state snapshot, in bytes. */
function snapshotLedgerBytes(dir: string): number {
  const stored = JSON.parse(readFileSync(path.join(dir, 'state.json'), 'utf8')) as {
    folds: { ledger: unknown }
  }
  return JSON.stringify(stored.folds.ledger).length
}

/** A fill without what only the live fold knew (the PnL it realized). */
const withoutPnl = ({ realizedPnl: _, ...fill }: Fill): Omit<Fill, 'realizedPnl'> => fill

describe('a ledger that keeps only the recent orders', () => {
  it('lists every order and fill, oldest ones read from the journal, before and after a restart', async () => {
    const dir = restarts.fresh()
    let engine = await start(dir)
    await trade(engine, 0, 30)
    const truth = everything(dir)
    const check = async (e: Engine): Promise<void> => {
      const orders = value(await call(e, 'orders:list', { limit: 100 }))
      expect(orders).toHaveLength(30)
      expect(orders).toEqual(truth.orders(undefined, 100))
      const fills = value(await call(e, 'fills:list', { limit: 100 }))
      expect(fills.map(withoutPnl)).toEqual(truth.fills(undefined, 100).map(withoutPnl))
      // The recent fills still carry the PnL they realized.
      expect(fills.slice(0, KEEP)).toEqual(truth.fills(undefined, KEEP))
      // A short list, as the screens ask, comes from memory alone.
      expect(value(await call(e, 'orders:list', { limit: 3 }))).toEqual(orders.slice(0, 3))
    }
    await check(engine)
    await restarts.stop(engine)
    engine = await start(dir)
    await check(engine)
  })

  it('finds an old order by either id, and a retry of its client id places nothing', async () => {
    const dir = restarts.fresh()
    let engine = await start(dir)
    await trade(engine, 0, 20)
    const first = everything(dir).findOrder('paper-1', 'c0')
    expect(first?.status).toBe('filled')
    await restarts.stop(engine)
    engine = await start(dir)
    expect(value(await call(engine, 'orders:get', { id: 'c0' }))).toEqual(first)
    expect(value(await call(engine, 'orders:get', { id: first?.id }))).toEqual(first)
    // The bot retries its first order: it is told of that order, and nothing is bought.
    const retry = { clientOrderId: 'c0', symbol: 'BTC-USD', side: 'buy', type: 'market' }
    const before = journalOnDisk(dir).length
    const answer = value(await call(engine, 'orders:submit', { ...retry, quantity: '0.001' }))
    expect(answer.id).toBe(first?.id)
    expect(
      journalOnDisk(dir)
        .slice(before)
        .map((r) => r.type),
    ).not.toContain('order.placed')
  })

  it('keeps the snapshot the same size as ended orders accumulate', async () => {
    const dir = restarts.fresh()
    let engine = await start(dir)
    await trade(engine, 0, 2 * KEEP)
    await restarts.stop(engine)
    const small = snapshotLedgerBytes(dir)
    engine = await start(dir)
    await trade(engine, 2 * KEEP, 20 * KEEP)
    await restarts.stop(engine)
    const large = snapshotLedgerBytes(dir)
    expect(everything(dir).orders()).toHaveLength(22 * KEEP)
    expect(large).toBeLessThanOrEqual(small * 1.2)
    // The gate's words are most of an order: the snapshot keeps their codes and numbers.
    const stored = readFileSync(path.join(dir, 'state.json'), 'utf8')
    expect(stored).toContain('"order_notional","OK"')
    expect(stored).not.toContain('Order value $')
    // And the words come back the same after the restart.
    engine = await start(dir)
    expect(value(await call(engine, 'orders:list', { limit: KEEP }))).toEqual(
      everything(dir).orders(undefined, KEEP),
    )
  })

  it('keeps the 30-day volume behind the fee tier across a restart', async () => {
    const dir = restarts.fresh()
    let engine = await start(dir)
    await trade(engine, 0, 40)
    const volume = async (e: Engine): Promise<string | undefined> =>
      value(await call(e, 'app:get-snapshot', {})).accountStatuses[0]?.feeTier?.volume30d
    const before = await volume(engine)
    // What the fills of all 40 orders add up to, most of them no longer in memory.
    const traded = everything(dir)
      .fills('paper-1')
      .reduce((sum, f) => sum.plus(new Decimal(f.quantity).times(f.price)), new Decimal(0))
    expect(before).toBe(traded.toString())
    await restarts.stop(engine)
    engine = await start(dir)
    expect(await volume(engine)).toBe(before)
  })

  it('tells the realized PnL since any quarter hour as the ledger of every fill does', async () => {
    const dir = restarts.fresh()
    const clock = new FakeClock()
    const engine = await start(dir, clock)
    for (let i = 0; i < 24; i++) {
      await trade(engine, i, 1)
      clock.advance(7 * 60_000)
    }
    const records = journalRecords(dir)
    const bounded = new Ledger({ keep: 2 })
    const truth = new Ledger({ keep: Number.POSITIVE_INFINITY })
    for (const r of records) [bounded, truth].forEach((l) => l.apply(r))
    const fills = truth.fillsInJournalOrder()
    const first = Math.floor((fills[0] as Fill).ts / 900_000) * 900_000
    let compared = 0
    for (let since = first; since <= clock.now(); since += 900_000) {
      const expected = truth
        .fills('paper-1')
        .filter((f) => f.ts >= since)
        .reduce((sum, f) => sum.plus(f.realizedPnl ?? '0'), new Decimal(0))
      expect(bounded.realizedSince('paper-1', since).toString()).toBe(expected.toString())
      compared++
    }
    expect(compared).toBeGreaterThan(8)
  })
})
