/**
 * The orders-per-minute limit counts the orders of the last minute also across a restart: a
 * restart is not a way round it, and an order checked after one is judged as it was before.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../../../electron/engine'
import { call, cleanup, tempDir, testEngine, value } from '../../../kit/engine'
import { FakeClock } from '../../../kit/fake-clock'

const dirs: string[] = []
const engines: Engine[] = []
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.close()
  for (const dir of dirs.splice(0)) cleanup(dir)
})

const order = { symbol: 'SOL-USD', side: 'buy', type: 'market', quantity: '0.1' }

describe('the orders-per-minute limit', () => {
  it('still counts the orders of the last minute after a restart', async () => {
    const dir = tempDir()
    dirs.push(dir)
    const clock = new FakeClock()
    let { engine } = await testEngine(dir, { clock, startMarket: true })
    engines.push(engine)
    value(
      await call(engine, 'limits:update', {
        limits: { maxOrdersPerMinute: 2, pendingOrderRule: 'off' },
      }),
    )
    value(await call(engine, 'orders:submit', order))
    clock.advance(10_000)
    value(await call(engine, 'orders:submit', order))
    await engine.close()
    engines.splice(0)
    clock.advance(10_000)
    ;({ engine } = await testEngine(dir, { clock, startMarket: true }))
    engines.push(engine)
    const third = await call(engine, 'orders:submit', order)
    expect(third.ok ? third.value.status : third.error.message).toContain(
      'Too many orders: 2 in the last minute, limit 2.',
    )
    // A minute after the first, it has left the window.
    clock.advance(41_000)
    expect(value(await call(engine, 'orders:submit', order)).status).toBe('filled')
  })
})
