/**
 * What a restart must not change: ids the paper exchange handed out are never handed out again,
 * an order resting on the paper exchange is still resting (and fills later), the fee tier's
 * volume is kept, and the screens' history (candles, the minute equity curve) goes on where it
 * was. Each after a clean stop and after a crash: a crash is modelled by copying the data
 * folder while the engine runs (its files exactly as a SIGKILL would leave them) and starting
 * a second engine on the copy.
 */
import { cpSync, rmSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../../../electron/engine'
import { DEFAULT_ACCOUNT_ID } from '../../../../electron/engine'
import { Journal } from '../../../../electron/engine/journal'
import { reportInputFromJournal } from '../../../../electron/engine/reports'
import type { Candle, Order } from '../../../../shared/types'
import { call, journalRecords, value } from '../../../kit/engine'
import { FakeClock } from '../../../kit/fake-clock'
import { Restarts } from '../../../kit/restarts'

const restarts = new Restarts()
afterEach(() => restarts.dispose())
const fresh = (): string => restarts.fresh()
const start = (dir: string, clock: FakeClock, overrides = {}): Promise<Engine> =>
  restarts.start(dir, clock, overrides)
const stop = (engine: Engine): Promise<void> => restarts.stop(engine)
const crash = (engine: Engine, dir: string): Promise<string> => restarts.crash(engine, dir)

interface RecordLine {
  readonly type: string
  readonly payload: Record<string, unknown>
}

const market = (side: 'buy' | 'sell', clientOrderId: string) => ({
  clientOrderId,
  symbol: 'BTC-USD',
  side,
  type: 'market',
  quantity: '0.01',
})

/** A buy and a sell: one round trip. */
async function roundTrip(engine: Engine, name: string): Promise<void> {
  expect(value(await call(engine, 'orders:submit', market('buy', `${name}-buy`))).status).toBe(
    'filled',
  )
  expect(value(await call(engine, 'orders:submit', market('sell', `${name}-sell`))).status).toBe(
    'filled',
  )
}

describe('restart: ids are issued once', () => {
  it('never issues a broker order id or a fill id twice, across a clean restart and a crash', async () => {
    const clock = new FakeClock()
    const dir = fresh()
    const first = await start(dir, clock)
    await roundTrip(first, 'a')
    await stop(first)

    const second = await start(dir, clock)
    await roundTrip(second, 'b')
    const copy = await crash(second, dir)

    const third = await start(copy, clock)
    await roundTrip(third, 'c')
    await third.idle()

    const records = journalRecords(copy) as RecordLine[]
    const orderIds = records
      .filter((r) => r.type === 'order.accepted')
      .map((r) => r.payload.brokerOrderId)
    const fillIds = records.filter((r) => r.type === 'order.fill').map((r) => r.payload.fillId)
    expect(orderIds).toHaveLength(6)
    expect(new Set(orderIds).size).toBe(6)
    expect(fillIds.length).toBeGreaterThanOrEqual(6)
    expect(new Set(fillIds).size).toBe(fillIds.length)
    // Every round trip counts: none of the later fills is taken for an earlier one.
    const perf = value(await call(third, 'performance:get', {}))
    expect(perf.trades).toHaveLength(3)
  })

  it('refuses to start on a journal that records the same fill twice, naming it', async () => {
    const dir = fresh()
    const clock = new FakeClock()
    const journal = await Journal.open({ dir: path.join(dir, 'journal'), clock })
    const accountId = DEFAULT_ACCOUNT_ID
    const orderId = 'ord-2'
    void journal.append('account.opened', {
      accountId,
      name: 'Paper',
      kind: 'paper',
      quoteAsset: 'USD',
      initialBalance: '10000',
    })
    void journal.append('order.intent', {
      orderId,
      accountId,
      clientOrderId: 'twice',
      symbol: 'BTC-USD',
      side: 'buy',
      type: 'market',
      quantity: '0.02',
      source: 'api',
      expectedPrice: '60000',
    })
    void journal.append('order.gate', {
      orderId,
      accountId,
      passed: true,
      checks: [],
      reserved: '1207.2',
      pre: { balance: '10000', positions: 0, positionQuantity: '0', entryPrice: '60000' },
    })
    void journal.append('order.accepted', { orderId, accountId, brokerOrderId: 'paper-9' })
    const fill = {
      fillId: 'paper-9-1',
      orderId,
      accountId,
      quantity: '0.01',
      price: '60000',
      fee: '3.6',
      feeAsset: 'USD',
      liquidity: 'taker' as const,
      ts: clock.now(),
    }
    void journal.append('order.fill', fill)
    // Another execution under the same id: booking it would double the position, skipping
    // it would hide it. Either way the figures would be wrong without anyone being told.
    await journal.append('order.fill', { ...fill, price: '60010' })
    await journal.close()

    const named =
      /Fill paper-9-1 of order ord-2 is recorded a second time at seq 6: the journal is corrupt/
    await expect(start(dir, clock)).rejects.toThrow(named)
    // The daily report folds the same journal, and says the same.
    const day = new Date(clock.now()).toISOString().slice(0, 10)
    await expect(
      reportInputFromJournal(path.join(dir, 'journal'), day, {
        timeZone: 'UTC',
        generatedAt: clock.now(),
      }),
    ).rejects.toThrow(named)
  })
})

describe('restart: the paper exchange keeps its book', () => {
  it('keeps a resting limit order through a clean restart and a crash, and fills it after', async () => {
    const clock = new FakeClock()
    const dir = fresh()
    const first = await start(dir, clock, { startMarket: true })
    // Some volume first, so the fee tier has something to keep.
    await roundTrip(first, 'v')
    const snap = value(await call(first, 'app:get-snapshot', {}))
    const bid = Number(snap.quotes.find((q) => q.symbol === 'BTC-USD')?.bid)
    const limitPrice = (Math.floor(bid * 0.9995 * 100) / 100).toFixed(2)
    const resting = value(
      await call(first, 'orders:submit', {
        clientOrderId: 'rest',
        symbol: 'BTC-USD',
        side: 'buy',
        type: 'limit',
        quantity: '0.01',
        limitPrice,
      }),
    )
    expect(resting.status).toBe('open')
    const volume = async (engine: Engine) =>
      value(await call(engine, 'app:get-snapshot', {})).accountStatuses.find(
        (a) => a.accountId === DEFAULT_ACCOUNT_ID,
      )?.feeTier?.volume30d
    const volumeBefore = await volume(first)
    expect(Number(volumeBefore)).toBeGreaterThan(0)
    await stop(first)

    const findings = async (engine: Engine) =>
      value(await call(engine, 'reconcile:status', {})).open.map((f) => f.message)
    const orderOf = async (engine: Engine): Promise<Order> =>
      value(await call(engine, 'orders:get', { id: 'rest' }))

    const second = await start(dir, clock, { startMarket: true })
    expect(await findings(second)).toEqual([])
    expect((await orderOf(second)).status).toBe('open')
    expect(await volume(second)).toBe(volumeBefore)
    value(await call(second, 'reconcile:run', {}))
    expect(await findings(second)).toEqual([])

    const copy = await crash(second, dir)
    const third = await start(copy, clock, { startMarket: true })
    expect(await findings(third)).toEqual([])
    expect((await orderOf(third)).status).toBe('open')
    expect(await volume(third)).toBe(volumeBefore)

    // The market moves on; the order fills at its limit as maker when the ask comes down to it.
    for (let minute = 0; minute < 24 * 60; minute++) {
      clock.advance(60_000)
      await third.idle()
      if ((await orderOf(third)).status !== 'open') break
    }
    const done = await orderOf(third)
    expect(done.status).toBe('filled')
    expect(done.averagePrice).toBe(limitPrice)
    const fills = value(await call(third, 'fills:list', {})).filter((f) => f.orderId === done.id)
    expect(fills.map((f) => f.liquidity)).toEqual(['maker'])
    value(await call(third, 'reconcile:run', {}))
    expect(await findings(third)).toEqual([])
  })

  it('after a crash between the exchange’s fill and its journal record, books the fill once and agrees with the exchange', async () => {
    const clock = new FakeClock()
    const dir = fresh()
    const engine = await start(dir, clock, { startMarket: true })
    const bid = Number(
      value(await call(engine, 'app:get-snapshot', {})).quotes.find((q) => q.symbol === 'BTC-USD')
        ?.bid,
    )
    value(
      await call(engine, 'orders:submit', {
        clientOrderId: 'late',
        symbol: 'BTC-USD',
        side: 'buy',
        type: 'limit',
        quantity: '0.01',
        limitPrice: (Math.floor(bid * 0.9995 * 100) / 100).toFixed(2),
      }),
    )
    await engine.idle()
    // The journal as it was while the order rested...
    const copy = fresh()
    cpSync(dir, copy, { recursive: true })
    rmSync(path.join(copy, 'vigil.lock'), { force: true })
    for (let minute = 0; minute < 24 * 60; minute++) {
      clock.advance(60_000)
      await engine.idle()
      if (value(await call(engine, 'orders:get', { id: 'late' })).status !== 'open') break
    }
    const filled = value(await call(engine, 'orders:get', { id: 'late' }))
    expect(filled.status).toBe('filled')
    // ...and the exchange's book after it filled (its state file and the log of changes since):
    // the process died between the two writes.
    for (const name of ['paper-exchange.json', 'paper-exchange.json.log'])
      cpSync(path.join(dir, name), path.join(copy, name))
    await stop(engine)

    const again = await start(copy, clock, { startMarket: true })
    const order = value(await call(again, 'orders:get', { id: 'late' }))
    expect(order.status).toBe('filled')
    expect(order.averagePrice).toBe(filled.averagePrice)
    expect(
      value(await call(again, 'fills:list', {})).filter((f) => f.orderId === order.id),
    ).toHaveLength(1)
    expect(value(await call(again, 'reconcile:status', {})).open).toEqual([])
    value(await call(again, 'reconcile:run', {}))
    expect(value(await call(again, 'reconcile:status', {})).open).toEqual([])
  })

  it('brings back the resting orders of a data folder from before the exchange kept its book', async () => {
    const clock = new FakeClock()
    const dir = fresh()
    const engine = await start(dir, clock)
    const bid = Number(
      value(await call(engine, 'app:get-snapshot', {})).quotes.find((q) => q.symbol === 'BTC-USD')
        ?.bid,
    )
    value(
      await call(engine, 'orders:submit', {
        clientOrderId: 'old',
        symbol: 'BTC-USD',
        side: 'buy',
        type: 'limit',
        quantity: '0.01',
        limitPrice: (Math.floor(bid * 0.99 * 100) / 100).toFixed(2),
      }),
    )
    await stop(engine)
    // An older version kept no state file.
    rmSync(path.join(dir, 'paper-exchange.json'))

    const again = await start(dir, clock)
    expect(value(await call(again, 'reconcile:status', {})).open).toEqual([])
    expect(value(await call(again, 'orders:get', { id: 'old' })).status).toBe('open')
    // The exchange knows the order: it cancels it rather than answer that it has no such order.
    expect(value(await call(again, 'orders:cancel', { id: 'old' })).status).toBe('canceled')
    expect(value(await call(again, 'reconcile:status', {})).open).toEqual([])
  })
})

describe('restart: the history on the screens goes on', () => {
  const candles = async (engine: Engine): Promise<readonly Candle[]> =>
    value(await call(engine, 'market:get-candles', { symbol: 'BTC-USD', limit: 600 }))
  /** Completed candles only (the last one is still being made). */
  const completed = (list: readonly Candle[]) => list.slice(0, -1)

  it('keeps the simulated market’s candles, so trades stay on their candles', async () => {
    const clock = new FakeClock()
    const dir = fresh()
    const first = await start(dir, clock, { startMarket: true })
    clock.advance(10 * 60_000)
    const order = value(await call(first, 'orders:submit', market('buy', 'marker')))
    clock.advance(5 * 60_000)
    const before = completed(await candles(first))
    await stop(first)
    clock.advance(3 * 60_000)

    const second = await start(dir, clock, { startMarket: true })
    const after = await candles(second)
    const byTime = new Map(after.map((c) => [c.time, c]))
    for (const c of before) expect(byTime.get(c.time)).toEqual(c)
    // The minute the trade happened in is the same candle as before.
    const minute = Math.floor(order.updatedAt / 60_000) * 60_000
    expect(byTime.get(minute)).toEqual(before.find((c) => c.time === minute))
    clock.advance(4 * 60_000)
    const later = completed(await candles(second))

    const copy = await crash(second, dir)
    const third = await start(copy, clock, { startMarket: true })
    const afterCrash = new Map((await candles(third)).map((c) => [c.time, c]))
    for (const c of later) expect(afterCrash.get(c.time)).toEqual(c)
  })

  it('goes on with the minute equity curve instead of starting it again', async () => {
    const clock = new FakeClock()
    const dir = fresh()
    const first = await start(dir, clock, { startMarket: true })
    value(await call(first, 'orders:submit', market('buy', 'hold')))
    for (let i = 0; i < 30; i++) clock.advance(60_000)
    const minutes = async (engine: Engine) =>
      value(await call(engine, 'performance:get', { accountId: DEFAULT_ACCOUNT_ID })).equity.minutes
    // Closed minutes (the last point is the minute still open).
    const before = (await minutes(first)).slice(0, -1)
    expect(before.length).toBeGreaterThanOrEqual(29)
    await stop(first)

    const second = await start(dir, clock, { startMarket: true })
    const after = await minutes(second)
    expect(after.slice(0, before.length)).toEqual(before)
    for (let i = 0; i < 10; i++) clock.advance(60_000)
    const later = (await minutes(second)).slice(0, -1)

    const copy = await crash(second, dir)
    const third = await start(copy, clock, { startMarket: true })
    // A crash keeps every minute sampled before it: each is on disk as it is taken.
    const afterCrash = await minutes(third)
    expect(afterCrash.slice(0, later.length)).toEqual(later)
  })
})
