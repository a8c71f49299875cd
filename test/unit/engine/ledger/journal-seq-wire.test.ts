/**
 * Every order and fill the engine hands out carries the journal seq of its record (an order:
 * its intent; a fill: its fill record), so that the screens can list events in the order they
 * happened: a timestamp cannot tell the fills of one book walk apart. The seq is the same in
 * events, lists and snapshots, and survives a clean restart and a crash; a snapshot written
 * before orders and fills carried it still loads.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../../../electron/engine'
import { Ledger, type LedgerState } from '../../../../electron/engine/ledger'
import type { EngineEvent } from '../../../../shared/contract'
import type { Fill, Order } from '../../../../shared/types'
import { call, journalOnDisk, journalRecords, value } from '../../../kit/engine'
import { FakeClock } from '../../../kit/fake-clock'
import { Restarts } from '../../../kit/restarts'

const restarts = new Restarts()
afterEach(() => restarts.dispose())
const fresh = (): string => restarts.fresh()
const start = (dir: string, clock: FakeClock, overrides = {}): Promise<Engine> =>
  restarts.start(dir, clock, overrides)
const stop = (engine: Engine): Promise<void> => restarts.stop(engine)
const crash = (engine: Engine, dir: string): Promise<string> => restarts.crash(engine, dir)

/** The seq of each order's intent and of each fill's record, as the journal holds them. */
function journalSeqs(dir: string): { orders: Map<string, number>; fills: Map<string, number> } {
  const orders = new Map<string, number>()
  const fills = new Map<string, number>()
  for (const r of journalRecords(dir)) {
    if (r.type === 'order.intent') orders.set(r.payload.orderId, r.seq)
    if (r.type === 'order.fill') fills.set(r.payload.fillId, r.seq)
  }
  return { orders, fills }
}

const market = (side: 'buy' | 'sell', clientOrderId: string) => ({
  clientOrderId,
  symbol: 'BTC-USD',
  side,
  type: 'market',
  quantity: '0.01',
})

async function roundTrip(engine: Engine, name: string): Promise<void> {
  for (const side of ['buy', 'sell'] as const)
    expect(value(await call(engine, 'orders:submit', market(side, `${name}-${side}`))).status).toBe(
      'filled',
    )
}

/** Each item with its seq, and the seq the journal gave its record. */
function seqs(items: readonly (Order | Fill)[], journal: Map<string, number>) {
  return {
    carried: items.map((i) => [i.id, i.seq]),
    journaled: items.map((i) => [i.id, journal.get(i.id)]),
  }
}

async function expectJournalSeqs(engine: Engine, dir: string, orderCount: number): Promise<void> {
  await engine.idle()
  const journal = journalSeqs(dir)
  const orders = value(await call(engine, 'orders:list', {}))
  const fills = value(await call(engine, 'fills:list', {}))
  expect(orders).toHaveLength(orderCount)
  expect(fills.length).toBeGreaterThanOrEqual(orderCount)
  for (const [items, seqOf] of [
    [orders, journal.orders],
    [fills, journal.fills],
  ] as const) {
    const { carried, journaled } = seqs(items, seqOf)
    expect(carried).toEqual(journaled)
    // Listed newest first, by journal seq.
    const listed = items.map((i) => i.seq)
    expect(listed).toEqual([...listed].sort((a, b) => b - a))
  }
  const snapshot = value(await call(engine, 'app:get-snapshot', {}))
  expect(seqs(snapshot.orders, journal.orders).carried).toEqual(
    seqs(snapshot.orders, journal.orders).journaled,
  )
  expect(seqs(snapshot.fills, journal.fills).carried).toEqual(
    seqs(snapshot.fills, journal.fills).journaled,
  )
}

describe('orders and fills carry their journal seq', () => {
  it('in events, lists and snapshots, across a clean restart and a crash', async () => {
    const clock = new FakeClock()
    const dir = fresh()
    const first = await start(dir, clock)
    const events: EngineEvent[] = []
    first.subscribe((e) => events.push(e))
    await roundTrip(first, 'a')
    await first.idle()
    const journal = journalSeqs(dir)
    const updated = events.flatMap((e) => (e.type === 'orders:updated' ? [e.payload] : []))
    const created = events.flatMap((e) => (e.type === 'fills:created' ? [e.payload] : []))
    expect(updated.length).toBeGreaterThan(0)
    expect(created.length).toBeGreaterThan(0)
    expect(seqs(updated, journal.orders).carried).toEqual(seqs(updated, journal.orders).journaled)
    expect(seqs(created, journal.fills).carried).toEqual(seqs(created, journal.fills).journaled)
    await expectJournalSeqs(first, dir, 2)
    await stop(first)

    const second = await start(dir, clock)
    // It started from the snapshot the clean stop wrote, not from the whole journal.
    expect(second.info.replayed).toBeLessThan(journalOnDisk(dir).length / 2)
    await expectJournalSeqs(second, dir, 2)
    await roundTrip(second, 'b')
    const copy = await crash(second, dir)

    const third = await start(copy, clock)
    await expectJournalSeqs(third, copy, 4)
  })

  it('loads a snapshot written before orders and fills carried it, listing them at seq 0', async () => {
    const clock = new FakeClock()
    const dir = fresh()
    const engine = await start(dir, clock)
    await roundTrip(engine, 'a')
    await stop(engine)
    const ledger = new Ledger()
    for (const record of journalRecords(dir)) ledger.apply(record)

    // The ledger part of a snapshot as an older Vigil wrote it: no seq anywhere.
    const state = ledger.toState()
    const old = {
      accounts: state.accounts.map(({ fillSeqs: _fillSeqs, ...acc }) => ({
        ...acc,
        orders: acc.orders.map(({ order: { seq: _seq, ...order }, reserved }) => ({
          order,
          reserved,
        })),
        fills: acc.fills.map(({ seq: _seq, ...fill }) => fill),
      })),
    }
    const loaded = Ledger.fromState(old as unknown as LedgerState)
    expect(loaded.orders().map((o) => [o.clientOrderId, o.seq])).toEqual([
      ['a-sell', 0],
      ['a-buy', 0],
    ])
    expect(loaded.fills().map((f) => f.seq)).toEqual(ledger.fills().map(() => 0))
    expect(loaded.fills().map((f) => f.id)).toEqual(ledger.fills().map((f) => f.id))
  })
})
