import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Decimal } from '../../../../electron/engine/core'
import type { Engine } from '../../../../electron/engine'
import type { EngineEvent } from '../../../../shared/contract'
import { DEFAULT_ACCOUNT_ID } from '../../../../electron/engine'
import { Journal } from '../../../../electron/engine/journal'
import { call, cleanup, tempDir, testEngine, value } from '../../../kit/engine'
import { FakeClock } from '../../../kit/fake-clock'

const dirs: string[] = []
const engines: Engine[] = []
const fresh = (): string => {
  const d = tempDir()
  dirs.push(d)
  return d
}
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()))
  dirs.splice(0).forEach(cleanup)
})
async function start(dir: string, overrides = {}) {
  const made = await testEngine(dir, overrides)
  engines.push(made.engine)
  return made
}
const buy = (quantity: string, clientOrderId?: string, symbol = 'BTC-USD') => ({
  clientOrderId,
  symbol,
  side: 'buy',
  type: 'market',
  quantity,
})

describe('engine: the first order end to end', () => {
  it('opens a paper account with 10,000 USD', async () => {
    const { engine } = await start(fresh())
    const snap = value(await call(engine, 'app:get-snapshot', {}))
    expect(snap.accounts.map((a) => a.id)).toEqual([snap.defaultAccountId])
    expect(snap.balances[0]?.total).toBe('10000')
  })

  it('fills a market buy at the ask with a taker fee and moves cash and position exactly', async () => {
    const { engine } = await start(fresh())
    const estimate = value(
      await call(engine, 'orders:estimate', { symbol: 'BTC-USD', side: 'buy', quantity: '0.01' }),
    )
    const order = value(await call(engine, 'orders:submit', buy('0.01', 'c-1')))
    expect(order.status).toBe('filled')
    expect(order.filledQuantity).toBe('0.01')
    expect(order.averagePrice).toBe(estimate.price)

    const notional = new Decimal(estimate.price).times('0.01')
    const fee = notional.times('0.006').toDecimalPlaces(2)
    expect(order.fee).toBe(fee.toFixed())
    const snap = value(await call(engine, 'app:get-snapshot', {}))
    expect(snap.balances[0]?.total).toBe(new Decimal(10000).minus(notional).minus(fee).toFixed())
    expect(snap.positions).toEqual([
      expect.objectContaining({
        symbol: 'BTC-USD',
        quantity: '0.01',
        averagePrice: estimate.price,
      }),
    ])
    expect(snap.fills).toHaveLength(1)
  })

  it('sells at the bid and realizes the difference net of fees', async () => {
    const { engine } = await start(fresh())
    const bought = value(await call(engine, 'orders:submit', buy('2', 'b', 'SOL-USD')))
    const sold = value(
      await call(engine, 'orders:submit', { ...buy('2', 's', 'SOL-USD'), side: 'sell' }),
    )
    const snap = value(await call(engine, 'app:get-snapshot', {}))
    expect(snap.positions).toEqual([])
    const cash = new Decimal(10000)
      .minus(new Decimal(bought.averagePrice!).times(2))
      .minus(bought.fee)
      .plus(new Decimal(sold.averagePrice!).times(2))
      .minus(sold.fee)
    expect(snap.balances[0]?.total).toBe(cash.toFixed())
  })

  it('creates one order for a client order id sent twice, and refuses its reuse for another order', async () => {
    const { engine } = await start(fresh())
    const [a, b] = await Promise.all([
      call(engine, 'orders:submit', buy('0.001', 'same')),
      call(engine, 'orders:submit', buy('0.001', 'same')),
    ])
    expect(value(a).id).toBe(value(b).id)
    expect(value(await call(engine, 'orders:list', {}))).toHaveLength(1)
    expect(value(await call(engine, 'fills:list', {}))).toHaveLength(1)
    const reuse = await call(engine, 'orders:submit', buy('0.002', 'same'))
    expect(reuse.ok ? null : reuse.error.code).toBe('CONFLICT')
  })

  it('journals a rejected intent with the reason and leaves cash untouched', async () => {
    const dir = fresh()
    const { engine } = await start(dir)
    const result = await call(engine, 'orders:submit', buy('5', 'big'))
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.code).toBe('GATE_REJECTED')
    expect(result.error.message).toMatch(
      /Insufficient balance: need \$[\d,]+\.\d\d including fee, have \$10,000\.00\./,
    )
    const orders = value(await call(engine, 'orders:list', {}))
    expect(orders[0]).toMatchObject({ clientOrderId: 'big', status: 'rejected' })
    expect(value(await call(engine, 'app:get-snapshot', {})).balances[0]?.total).toBe('10000')
    const journal = readdirSync(path.join(dir, 'journal'))
      .map((f) => readFileSync(path.join(dir, 'journal', f), 'utf8'))
      .join('')
    // The intent and the gate's refusal, in one record.
    expect(journal).toMatch(
      /"type":"order\.placed","payload":\{[^\n]*"clientOrderId":"big"[^\n]*"passed":false/,
    )
  })

  it('refuses a second buy that together with the first would overspend', async () => {
    const { engine } = await start(fresh(), { initialBalance: '5000' })
    const [first, second] = await Promise.all([
      call(engine, 'orders:submit', buy('0.05', 'one')),
      call(engine, 'orders:submit', buy('0.6', 'two', 'ETH-USD')),
    ])
    expect(first.ok).toBe(true)
    expect(second.ok ? 'filled' : second.error.message).toMatch(
      /^Insufficient balance: need \$[\d,.]+ including fee, have \$1,[\d,.]+\.$/,
    )
    expect(
      Number(value(await call(engine, 'app:get-snapshot', {})).balances[0]?.total),
    ).toBeGreaterThan(0)
  })

  it('emits fill, order, position and balance events for the hosts', async () => {
    const { engine } = await start(fresh())
    const events: EngineEvent[] = []
    engine.subscribe((e) => events.push(e))
    await call(engine, 'orders:submit', buy('0.01', 'ev'))
    const types = new Set(events.map((e) => e.type))
    expect(types).toEqual(
      new Set([
        'orders:updated',
        'fills:created',
        'ledger:position',
        'ledger:balance',
        'audit:row',
      ]),
    )
    const last = events.filter((e) => e.type === 'orders:updated').at(-1)
    expect(last?.payload).toMatchObject({ status: 'filled' })
  })

  it('streams quotes and candles as the clock moves', async () => {
    const { engine, clock } = await start(fresh(), { startMarket: true })
    const events: EngineEvent[] = []
    engine.subscribe((e) => events.push(e))
    clock.advance(3_000)
    expect(events.filter((e) => e.type === 'market:quote')).toHaveLength(9)
    expect(events.some((e) => e.type === 'market:candle')).toBe(true)
  })

  it('comes back after a restart with the same orders, fills, positions and balance', async () => {
    const dir = fresh()
    const { engine } = await start(dir)
    value(await call(engine, 'orders:submit', buy('0.01', 'r1')))
    value(await call(engine, 'orders:submit', buy('1', 'r2', 'ETH-USD')))
    const before = value(await call(engine, 'app:get-snapshot', {}))
    await engines.pop()!.close()

    const { engine: again } = await start(dir)
    const after = value(await call(again, 'app:get-snapshot', {}))
    expect(after.balances).toEqual(before.balances)
    expect(after.positions).toEqual(before.positions)
    expect(after.orders).toEqual(before.orders)
    // Closing added two records, the stop and the one that vouches for the snapshot it wrote;
    // starting again one, the start. The snapshot holds the stop: nothing is replayed.
    expect(after.journal.seq).toBe(before.journal.seq + 3)
    expect(again.info.replayed).toBe(0)
  })

  it('replays the journal tail the snapshot does not cover', async () => {
    const dir = fresh()
    const { engine } = await start(dir)
    value(await call(engine, 'orders:submit', buy('0.01', 't1')))
    await engines.pop()!.close()
    const snapshotFile = path.join(dir, 'state.json')
    const oldSnapshot = readFileSync(snapshotFile, 'utf8')
    const { engine: second } = await start(dir)
    value(await call(second, 'orders:submit', buy('0.01', 't2')))
    const expected = value(await call(second, 'app:get-snapshot', {}))
    await engines.pop()!.close()
    // As if the process died before writing a newer snapshot.
    writeFileSync(snapshotFile, oldSnapshot)

    const { engine: third } = await start(dir)
    expect(third.info.replayed).toBeGreaterThan(0)
    const got = value(await call(third, 'app:get-snapshot', {}))
    expect(got.balances).toEqual(expected.balances)
    expect(got.orders).toEqual(expected.orders)
  })

  it('rebuilds from the journal alone when the snapshot is unreadable', async () => {
    const dir = fresh()
    const { engine } = await start(dir)
    value(await call(engine, 'orders:submit', buy('0.01', 'u1')))
    const expected = value(await call(engine, 'app:get-snapshot', {}))
    await engines.pop()!.close()
    writeFileSync(path.join(dir, 'state.json'), '{"version":1,"jour')
    writeFileSync(path.join(dir, 'state.json.prev'), 'garbage')
    const { engine: again } = await start(dir)
    expect(again.info.warnings.join(' ')).toContain('snapshot could not be read')
    expect(value(await call(again, 'app:get-snapshot', {})).balances).toEqual(expected.balances)
  })

  it('refuses to start when the journal was cut shorter than the snapshot', async () => {
    const dir = fresh()
    const { engine } = await start(dir)
    value(await call(engine, 'orders:submit', buy('0.01', 'x')))
    await engines.pop()!.close()
    const [segment] = readdirSync(path.join(dir, 'journal'))
    const file = path.join(dir, 'journal', segment as string)
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n')
    writeFileSync(file, lines.slice(0, -2).join('\n') + '\n')
    await expect(start(dir)).rejects.toThrow(/records were cut off the end/)
  })

  it('closes an order a crash left unconfirmed as failed, with the reason, and frees its cash', async () => {
    const dir = fresh()
    const clock = new FakeClock()
    const journal = await Journal.open({ dir: path.join(dir, 'journal'), clock })
    const accountId = DEFAULT_ACCOUNT_ID
    void journal.append('account.opened', {
      accountId,
      name: 'p',
      kind: 'paper',
      quoteAsset: 'USD',
      initialBalance: '10000',
    })
    void journal.append('order.intent', {
      orderId: 'ord-2',
      accountId,
      clientOrderId: 'crash',
      symbol: 'BTC-USD',
      side: 'buy',
      type: 'market',
      quantity: '0.01',
      source: 'api',
      expectedPrice: '60000',
    })
    await journal.append('order.gate', {
      orderId: 'ord-2',
      accountId,
      passed: true,
      checks: [],
      reserved: '603.6',
      pre: { balance: '10000', positions: 0, positionQuantity: '0', entryPrice: '60000' },
    })
    await journal.close()

    const { engine } = await start(dir, { clock })
    const order = value(await call(engine, 'orders:get', { id: 'crash' }))
    expect(order.status).toBe('failed')
    expect(order.reason).toMatch(/stopped before the broker confirmed/)
    expect(value(await call(engine, 'app:get-snapshot', {})).balances[0]?.available).toBe('10000')
  })

  it('refuses a second engine on the same data folder', async () => {
    const dir = fresh()
    await start(dir)
    await expect(start(dir)).rejects.toThrow(/already using the data folder/)
  })

  it('answers unknown accounts and orders with NOT_FOUND instead of throwing', async () => {
    const { engine } = await start(fresh())
    const a = await call(engine, 'orders:submit', { ...buy('0.01'), accountId: 'nope' })
    expect(a.ok ? null : a.error.message).toContain('Unknown account "nope"')
    const b = await call(engine, 'orders:get', { id: 'ord-999' })
    expect(b.ok ? null : b.error.code).toBe('NOT_FOUND')
  })
})
