/**
 * The expected slippage travels with the order: computed at intent against the arrival mid,
 * before the gate (a refused order has it too), journaled in `order.placed`, shown with the
 * order before and after a restart; and a journal written before the field existed still loads
 * and verifies, its orders without it.
 */
import { cpSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../../../electron/engine'
import { Journal, type StoredRecord } from '../../../../electron/engine/journal'
import { orderCostEstimate } from '../../../../shared/costs'
import { FakeClock } from '../../../kit/fake-clock'
import { call, cleanup, journalOnDisk, tempDir, testEngine, value } from '../../../kit/engine'

const dirs: string[] = []
const engines: Engine[] = []
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()))
  dirs.splice(0).forEach(cleanup)
})
function fresh(): string {
  const dir = tempDir()
  dirs.push(dir)
  return dir
}
async function start(dir: string, clock = new FakeClock()): Promise<Engine> {
  const { engine } = await testEngine(dir, { clock })
  engines.push(engine)
  return engine
}
async function stop(engine: Engine): Promise<void> {
  engines.splice(engines.indexOf(engine), 1)
  await engine.close()
}
const buy = (quantity: string) => ({ symbol: 'BTC-USD', side: 'buy', type: 'market', quantity })
const placed = (dir: string) =>
  journalOnDisk(dir).filter(
    (r): r is Extract<StoredRecord, { type: 'order.placed' }> => r.type === 'order.placed',
  )

describe('the expected cost of an order', () => {
  it('is journaled with the intent at the arrival mid, before the gate, and shown with the order', async () => {
    const dir = fresh()
    const clock = new FakeClock()
    const engine = await start(dir, clock)
    const quote = value(await call(engine, 'app:get-snapshot', {})).quotes.find(
      (q) => q.symbol === 'BTC-USD',
    )!
    const asked = value(await call(engine, 'costs:estimate', buy('0.01')))
    expect(asked.ok).toBe(true)
    const order = value(await call(engine, 'orders:submit', buy('0.01')))
    const refused = await call(engine, 'orders:submit', buy('50'))
    expect(refused.ok).toBe(false)

    const [first, second] = placed(dir)
    // The same instant (the clock did not move): what the estimate command said, at the mid.
    expect(first?.payload.expectedCost).toEqual(orderCostEstimate(asked))
    expect(first?.payload.expectedCost).toMatchObject({
      mid: (Number(quote.bid) + Number(quote.ask)) / 2,
    })
    // The gate refused the second for its size; its expected cost was already there.
    expect(second?.payload.passed).toBe(false)
    expect(second?.payload.expectedCost).toMatchObject({ sizeMethod: 'book-walk' })
    expect(order.expectedCost).toEqual(first?.payload.expectedCost)

    await stop(engine)
    const again = await start(dir, clock)
    expect(value(await call(again, 'orders:get', { id: order.id })).expectedCost).toEqual(
      order.expectedCost,
    )
  })

  it('answers a bad request with the reason', async () => {
    const engine = await start(fresh())
    const zero = await call(engine, 'costs:estimate', buy('0'))
    expect(value(zero)).toEqual({
      ok: false,
      reason: 'No cost estimate: the quantity must be a number above 0; got 0.',
    })
    const malformed = await call(engine, 'costs:estimate', { ...buy('1'), side: 'hold' })
    expect(malformed.ok).toBe(false)
    expect(malformed.ok ? '' : malformed.error.message).toMatch(/^side: /)
  })

  it('is absent from orders of a journal written before it existed, which loads and verifies', async () => {
    const clock = new FakeClock()
    const newer = fresh()
    const engine = await start(newer, clock)
    value(await call(engine, 'orders:submit', buy('0.01')))
    value(await call(engine, 'orders:submit', { ...buy('0.005'), side: 'sell' }))
    const orders = value(await call(engine, 'orders:list', {}))
    await stop(engine)
    expect(orders.every((o) => o.expectedCost !== undefined)).toBe(true)

    // The same journal as an older Vigil wrote it: no expectedCost in any record.
    const older = fresh()
    cpSync(newer, older, {
      recursive: true,
      filter: (src) => !/journal|state\.json|vigil\.lock/.test(path.relative(newer, src)),
    })
    const records = journalOnDisk(newer)
    const at = new FakeClock(records[0]?.ts)
    const journal = await Journal.open({ dir: path.join(older, 'journal'), clock: at })
    for (const record of records) {
      if (record.type === 'snapshot.written') continue
      at.advance(record.ts - at.now())
      if (record.type === 'order.placed') {
        const { expectedCost: _, ...payload } = record.payload
        await journal.append('order.placed', payload)
      } else await journal.append(record.type, record.payload as never)
    }
    await journal.close()
    expect(JSON.stringify(journalOnDisk(older))).not.toContain('expectedCost')

    const reopened = await start(older, clock)
    expect(value(await call(reopened, 'audit:verify', {})).ok).toBe(true)
    const loaded = value(await call(reopened, 'orders:list', {}))
    expect(loaded).toEqual(
      orders.map(({ expectedCost: _, ...rest }) => expect.objectContaining(rest)),
    )
    expect(loaded.some((o) => 'expectedCost' in o)).toBe(false)
  })
})
