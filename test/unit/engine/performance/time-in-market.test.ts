/**
 * "Time in the market" on the Performance screen is the share of the period shown (from when
 * the account opened, up to now) in which a trade or a position was open: a position held for
 * minutes in a day of history is a few percent, not 100 %.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../../../electron/engine'
import type { PerformanceView } from '../../../../shared/performance'
import { call, cleanup, tempDir, testEngine, value } from '../../../kit/engine'
import { FakeClock } from '../../../kit/fake-clock'
import { ScriptedMarket } from '../../../kit/scripted-market'

const MIN = 60_000
const dirs: string[] = []
const engines: Engine[] = []
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.close()
  for (const dir of dirs.splice(0)) cleanup(dir)
})

async function trade(engine: Engine, side: 'buy' | 'sell', quantity: string) {
  const order = value(
    await call(engine, 'orders:submit', {
      accountId: 'paper-1',
      symbol: 'BTC-USD',
      side,
      type: 'market',
      quantity,
    }),
  )
  expect(order.status).toBe('filled')
}

const view = async (engine: Engine, range: { from?: number } = {}): Promise<PerformanceView> =>
  value(await call(engine, 'performance:get', { accountId: 'paper-1', ...range }))

describe('time in the market', () => {
  it('is the share of the period since the account opened, open positions counted until now', async () => {
    const dir = tempDir()
    dirs.push(dir)
    const clock = new FakeClock()
    const { engine } = await testEngine(dir, {
      clock,
      market: new ScriptedMarket(clock, 3),
      timeZone: 'UTC',
    })
    engines.push(engine)
    const snapshot = value(await call(engine, 'app:get-snapshot', {}))
    const start = snapshot.accounts.find((a) => a.id === 'paper-1')?.createdAt as number
    expect(start).toBeTypeOf('number')
    const at = (minutes: number) => clock.advance(start + minutes * MIN - clock.now())
    at(60)
    await trade(engine, 'buy', '0.001')
    clock.advance(10 * MIN)
    await trade(engine, 'sell', '0.001')
    at(600)
    // Held 10 minutes of the 600 since the account opened (was 100 %: 10 of its own 10).
    let v = await view(engine)
    expect(v.metrics.trades.trades).toBe(1)
    expect(v.metrics.trades.exposure).toBe(10 / 600)

    // A position bought at 600 min and still held at 660 min counts until now: 70 of 660.
    await trade(engine, 'buy', '0.001')
    at(660)
    v = await view(engine)
    expect(v.metrics.trades.exposure).toBe(70 / 660)

    // Over a range from 300 min: only the open position's 60 of the 360 minutes.
    v = await view(engine, { from: start + 300 * MIN })
    expect(v.metrics.trades.exposure).toBe(60 / 360)
  })
})
