/**
 * Performance after a start is what it was live: the past is folded in journal order (fills of
 * one book walk share a timestamp), an account added while running is measured from its capital
 * at once, and the alert rules' streaks resume where they were.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../../../electron/engine'
import type { PerformanceView } from '../../../../shared/performance'
import { call, cleanup, tempDir, testEngine, value } from '../../../kit/engine'
import { FakeClock } from '../../../kit/fake-clock'
import { ScriptedMarket } from '../../../kit/scripted-market'

const dirs: string[] = []
const engines: Engine[] = []
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.close()
  for (const dir of dirs.splice(0)) cleanup(dir)
})

/** An engine on a market with a ten-level book, its clock at `now`. */
async function start(dir: string, now?: number): Promise<{ engine: Engine; clock: FakeClock }> {
  const clock = new FakeClock(now)
  const { engine } = await testEngine(dir, {
    clock,
    market: new ScriptedMarket(clock, 3),
    timeZone: 'UTC',
  })
  engines.push(engine)
  return { engine, clock }
}

async function restart(dir: string, engine: Engine, clock: FakeClock) {
  await engine.close()
  engines.splice(engines.indexOf(engine), 1)
  return start(dir, clock.now())
}

async function trade(
  engine: Engine,
  side: 'buy' | 'sell',
  quantity: string,
  accountId = 'paper-1',
  symbol = 'BTC-USD',
) {
  const order = value(
    await call(engine, 'orders:submit', { accountId, symbol, side, type: 'market', quantity }),
  )
  expect(order.status).toBe('filled')
  return order
}

const view = async (engine: Engine, accountId?: string): Promise<PerformanceView> =>
  value(await call(engine, 'performance:get', accountId ? { accountId } : {}))

describe('performance after a restart', () => {
  it('keeps the round trips of book walks whose fills share a timestamp', async () => {
    const dir = tempDir()
    dirs.push(dir)
    let { engine, clock } = await start(dir)
    // About $900 walks several levels of the book: fills at one time, each at its own price.
    const buy = await trade(engine, 'buy', '0.01400')
    const fills = value(await call(engine, 'fills:list', {})).filter((f) => f.orderId === buy.id)
    expect(fills.length).toBeGreaterThan(2)
    expect(new Set(fills.map((f) => f.ts)).size).toBe(1)
    expect(new Set(fills.map((f) => f.price)).size).toBe(fills.length)
    clock.advance(60_000)
    await trade(engine, 'sell', '0.00500')
    clock.advance(60_000)
    await trade(engine, 'sell', '0.00900')
    const live = await view(engine)
    expect(live.trades.length).toBeGreaterThan(2)
    // First in, first out: the first sell closes the cheapest lots, the first of the walk.
    const cheapest = [...fills].sort((a, b) => Number(a.price) - Number(b.price))[0]
    expect(live.trades.at(-1)?.entryPrice).toBe(cheapest?.price)

    ;({ engine, clock } = await restart(dir, engine, clock))
    const replayed = await view(engine)
    expect(replayed.trades).toEqual(live.trades)
    expect(replayed.realizedPnl).toBe(live.realizedPnl)
    expect(replayed.metrics.trades).toEqual(live.metrics.trades)
  })

  it('measures an account added while running from its capital at once', async () => {
    const dir = tempDir()
    dirs.push(dir)
    let { engine, clock } = await start(dir)
    await trade(engine, 'buy', '0.00200')
    await trade(engine, 'sell', '0.00200')
    const added = value(
      await call(engine, 'accounts:add', { kind: 'paper', name: 'Second', initialBalance: '4000' }),
    )
    clock.advance(60_000)
    // Three losing round trips (spread and fees) on the new account.
    for (let i = 0; i < 3; i++) {
      await trade(engine, 'buy', '0.01000', added.id)
      await trade(engine, 'sell', '0.01000', added.id)
      clock.advance(60_000)
    }
    const second = await view(engine, added.id)
    const all = await view(engine)
    const loss = -Number(second.realizedPnl)
    expect(loss).toBeGreaterThan(0)
    // Its drawdown is its loss over its own $4,000, not empty.
    expect(second.metrics.trades.maxDrawdown).not.toBeNull()
    expect(second.metrics.trades.maxDrawdown).toBeCloseTo(-loss / 4_000, 10)
    // All accounts: the drawdown is relative to both accounts' capital, $14,000.
    const allLoss = Number(all.metrics.trades.maxDrawdownAmount)
    expect(all.metrics.trades.maxDrawdown).toBeCloseTo(-allLoss / 14_000, 10)

    ;({ engine, clock } = await restart(dir, engine, clock))
    expect((await view(engine, added.id)).metrics).toEqual(second.metrics)
    expect((await view(engine)).metrics.trades).toEqual(all.metrics.trades)
  })

  it('keeps the daily returns from the opening capital after a restart', async () => {
    const dir = tempDir()
    dirs.push(dir)
    let { engine, clock } = await start(dir)
    await trade(engine, 'buy', '0.01000')
    // The day's equity moves off the opening capital (fees, spread, prices).
    clock.advance(5 * 60_000)
    await engine.idle()
    // Two local midnights (UTC here), the machine asleep in between: two closed days.
    for (let day = 0; day < 2; day++) {
      clock.sleep(12 * 3_600_000)
      await engine.idle()
      clock.sleep(12 * 3_600_000)
      await engine.idle()
    }
    const live = await view(engine)
    expect(live.metrics.daily.days).toBeGreaterThanOrEqual(2)
    ;({ engine, clock } = await restart(dir, engine, clock))
    const replayed = await view(engine)
    expect(replayed.metrics.daily).toEqual(live.metrics.daily)
    expect(replayed.equity.days).toEqual(live.equity.days)
  })

  it('lists the orders and fills of all accounts in journal order, before and after a restart', async () => {
    const dir = tempDir()
    dirs.push(dir)
    let { engine, clock } = await start(dir)
    const added = value(
      await call(engine, 'accounts:add', { kind: 'paper', name: 'Second', initialBalance: '4000' }),
    )
    const sent: string[] = []
    for (const accountId of ['paper-1', added.id, 'paper-1', added.id]) {
      sent.push((await trade(engine, 'buy', '0.00050', accountId)).id)
      clock.advance(1_000)
    }
    const newestFirst = [...sent].reverse()
    const listed = async () => ({
      orders: value(await call(engine, 'orders:list', {})).map((o) => o.id),
      fills: value(await call(engine, 'fills:list', {})).map((f) => f.orderId),
    })
    expect(await listed()).toEqual({ orders: newestFirst, fills: newestFirst })
    ;({ engine, clock } = await restart(dir, engine, clock))
    expect(await listed()).toEqual({ orders: newestFirst, fills: newestFirst })
  })

  it('continues a losing streak across a restart (the consecutive-losses alert)', async () => {
    const dir = tempDir()
    dirs.push(dir)
    let { engine, clock } = await start(dir)
    value(await call(engine, 'alerts:update-rule', { id: 'consecutive_losses', threshold: 3 }))
    // About $32: less than the first level of the book, so one fill and one round trip each.
    for (let i = 0; i < 2; i++) {
      await trade(engine, 'buy', '0.00050')
      await trade(engine, 'sell', '0.00050')
    }
    const raised = async () =>
      value(await call(engine, 'alerts:status', {})).alerts.filter(
        (a) => a.kind === 'rule_consecutive_losses',
      )
    expect(await raised()).toEqual([])

    ;({ engine, clock } = await restart(dir, engine, clock))
    // Four orders that never fill first: the paper exchange numbers its orders from 1 again
    // after a start, and these keep the fills below from reusing a fill id of before the start.
    const quote = value(await call(engine, 'app:get-snapshot', {})).quotes.find(
      (q) => q.symbol === 'BTC-USD',
    )
    for (let i = 0; i < 4; i++) {
      const resting = value(
        await call(engine, 'orders:submit', {
          symbol: 'BTC-USD',
          side: 'buy',
          type: 'limit',
          quantity: '0.00100',
          limitPrice: (Number(quote?.bid) * 0.97).toFixed(2),
        }),
      )
      value(await call(engine, 'orders:cancel', { id: resting.id }))
    }
    await trade(engine, 'buy', '0.00050')
    await trade(engine, 'sell', '0.00050')
    clock.advance(1_000)
    await engine.idle()
    const alerts = await raised()
    expect(alerts).toHaveLength(1)
    expect(alerts[0]?.message).toContain('3 losing trades in a row')
  })
})
