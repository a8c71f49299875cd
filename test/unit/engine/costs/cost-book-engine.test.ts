/**
 * Actual against expected in a running engine: every filled order with an estimate becomes a
 * point (its cost against the arrival mid and the model, its miss in the model's σ, the CUSUM
 * after it); executions that turn dearer than the model raise "execution costs degraded" with
 * the test, the effect and the window in its words, and the alarm marks where the rise began;
 * everything reads the same after a restart.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { Engine, EngineOptions } from '../../../../electron/engine'
import { COST_WINDOW, CostBook } from '../../../../electron/engine/costs'
import type { CostSummary } from '../../../../shared/costs'
import { FakeClock } from '../../../kit/fake-clock'
import { call, cleanup, tempDir, testEngine, value } from '../../../kit/engine'

const dirs: string[] = []
const engines: Engine[] = []
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()))
  dirs.splice(0).forEach(cleanup)
})

async function start(dir: string, clock: FakeClock, more: Partial<EngineOptions> = {}) {
  const { engine } = await testEngine(dir, { clock, ...more })
  engines.push(engine)
  return engine
}
async function stop(engine: Engine): Promise<void> {
  engines.splice(engines.indexOf(engine), 1)
  await engine.close()
}
const summary = async (engine: Engine): Promise<CostSummary> =>
  value(await call(engine, 'costs:summary', {}))

/** Buys and sells `quantity` BTC in turn (the market stands still: its prices stay fresh). */
async function trade(engine: Engine, orders: number, quantity: string) {
  for (let i = 0; i < orders; i++) {
    const side = i % 2 === 0 ? 'buy' : 'sell'
    value(
      await call(engine, 'orders:submit', { symbol: 'BTC-USD', side, type: 'market', quantity }),
    )
    await engine.idle()
  }
}

describe('the cost book', () => {
  it('follows each order from its estimate to its fills, and tests the model on them', async () => {
    const dir = tempDir()
    dirs.push(dir)
    const clock = new FakeClock()
    // Fills land at the touch (no impact): each costs the half-spread, which the model expects.
    const engine = await start(dir, clock)
    await trade(engine, 6, '0.01')
    let s = await summary(engine)
    expect(s.points).toHaveLength(6)
    const first = s.points[0]!
    const order = value(await call(engine, 'orders:get', { id: first.orderId }))
    const estimate = order.expectedCost as { mid: number; bps: number }
    // Against the mid the order was decided at: the average fill's distance, a cost for both sides.
    const fill = Number(order.averagePrice)
    expect(first.actualBps).toBeCloseTo(((fill - estimate.mid) / estimate.mid) * 1e4, 6)
    expect(first.actualBps).toBeGreaterThan(0)
    expect(s.points[1]!.side).toBe('sell')
    expect(s.points[1]!.actualBps).toBeGreaterThan(0)
    expect(first.expectedBps).toBe(estimate.bps)
    expect(first.vsExpectedBps).toBeCloseTo(first.actualBps - estimate.bps, 9)
    // Six orders: the tests say so instead of giving a p-value.
    expect(s.tests.verdict).toBe('not-enough-fills')
    expect(s.tests.bias).toBeNull()
    expect(s.bySymbol.map((g) => [g.key, g.orders])).toEqual([['BTC-USD', 6]])
    expect(s.validation.inBand?.total).toBe(6)

    await trade(engine, 20, '0.01')
    s = await summary(engine)
    expect(s.tests.n).toBe(26)
    expect(s.tests.bias?.p).toBeGreaterThan(0)
    expect(s.alarms[0]).toMatchObject({ active: false, k: 0.5, h: 5 })
    // The model prices crossing at the touch; with nothing else to pay, it does not run high.
    expect(s.validation.inBand!.share).toBeGreaterThan(0.5)
  })

  it('raises "execution costs degraded" when fills turn dearer than the model, and marks where it began', async () => {
    const dir = tempDir()
    dirs.push(dir)
    const clock = new FakeClock()
    let engine = await start(dir, clock)
    await trade(engine, 10, '0.01')
    expect((await summary(engine)).alarms[0]?.active).toBe(false)
    const calmUntil = (await summary(engine)).points.at(-1)!.seq
    await stop(engine)

    // The exchange now moves every fill by 20 × what the model expects of size (Y 0.7).
    engine = await start(dir, clock, { paper: { latencyMs: 0, impactPrefactor: 14 } })
    await trade(engine, 20, '0.05')
    const s = await summary(engine)
    const alarm = s.alarms[0]!
    expect(alarm.active).toBe(true)
    expect(alarm.episodes).toBe(1)
    // The rise began after the calm orders, and the alarm came within a few dear ones.
    expect(alarm.changeSeq).toBeGreaterThan(calmUntil)
    expect(alarm.alarmSeq).toBeGreaterThanOrEqual(alarm.changeSeq!)
    const status = value(await call(engine, 'alerts:status', {}))
    const raised = status.alerts.filter((a) => a.kind === 'rule_execution_costs')
    expect(raised).toHaveLength(1)
    expect(raised[0]!.message).toMatch(/execution costs degraded/)
    expect(raised[0]!.message).toMatch(/One-sided CUSUM .* above h 5/)
    expect(raised[0]!.message).toMatch(/the rise began at .* UTC, \d+ orders?, median miss \+\d/)

    // After a restart: the same points, alarm, tests and calibration; no second alert.
    await stop(engine)
    engine = await start(dir, clock, { paper: { latencyMs: 0, impactPrefactor: 14 } })
    expect(await summary(engine)).toEqual(s)
    const again = value(await call(engine, 'alerts:status', {}))
    expect(again.alerts.filter((a) => a.kind === 'rule_execution_costs')).toHaveLength(1)
  })

  it('answers a bad request with the reason and changes nothing', async () => {
    const dir = tempDir()
    dirs.push(dir)
    const engine = await start(dir, new FakeClock())
    const unknown = await call(engine, 'costs:summary', { accountId: 'nope' })
    expect(unknown.ok).toBe(false)
    if (!unknown.ok) expect(unknown.error.message).toMatch(/nope/)
    const extra = await call(engine, 'costs:summary', { window: 5 })
    expect(extra.ok).toBe(false)
    if (!extra.ok) expect(extra.error.message).toMatch(/window/)
  })
})

describe('the cost book does not grow with history', () => {
  it('keeps the newest COST_WINDOW orders and a bounded calibration window', () => {
    const book = new CostBook()
    let seq = 0
    const order = (i: number) => {
      const orderId = `o${i}`
      const at = { ts: 1_000 + i, prev: '', hash: '' }
      book.apply(
        {
          ...at,
          seq: ++seq,
          type: 'order.intent',
          payload: {
            orderId,
            accountId: 'a1',
            clientOrderId: `c${i}`,
            symbol: 'BTC-USD',
            side: 'buy',
            type: 'market',
            quantity: '0.01',
            limitPrice: null,
            source: 'api',
            expectedPrice: '100',
            expectedCost: {
              mid: 100,
              bps: 1,
              usd: 0.001,
              lowBps: 0.5,
              highBps: 1.5,
              parts: {
                halfSpread: 1,
                volatility: 0,
                bookWalk: 0,
                impact: 0,
                timeOfDay: 0,
                regime: 0,
              },
              sizeMethod: 'book-walk',
              inputs: { spreadBps: 2, dailyVolatility: 0.03, participation: 1e-6 },
              regime: 'normal',
              naiveBps: 2,
            },
          },
        },
        undefined,
      )
      book.apply(
        {
          ...at,
          seq: ++seq,
          type: 'order.fill',
          payload: {
            fillId: `f${i}`,
            orderId,
            accountId: 'a1',
            quantity: '0.01',
            price: (100.01 + (i % 7) / 1000).toFixed(3),
            fee: '0.006',
            feeAsset: 'USD',
            liquidity: 'taker',
            ts: at.ts,
          },
        },
        undefined,
      )
      book.apply(
        {
          ...at,
          seq: ++seq,
          type: 'order.closed',
          payload: { orderId, accountId: 'a1', status: 'filled', reason: null },
        },
        undefined,
      )
    }
    for (let i = 0; i < COST_WINDOW + 100; i++) order(i)
    const size = (): number => JSON.stringify(book.toState()).length
    const at1100 = size()
    for (let i = COST_WINDOW + 100; i < COST_WINDOW + 600; i++) order(i)
    expect(book.account('a1')!.points).toHaveLength(COST_WINDOW)
    expect(book.account('a1')!.points[0]!.orderId).toBe('o600')
    expect(book.toState().following).toEqual([])
    // The same number of points and rows: the state's size moves only with the digits in it.
    expect(Math.abs(size() - at1100) / at1100).toBeLessThan(0.02)
  })
})
