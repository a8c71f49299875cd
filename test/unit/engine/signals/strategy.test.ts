/**
 * Strategies as an order source: the reference strategy, driven by the simulated market on a
 * FakeClock, sends its orders through the same gate and verification as the ticket.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../../../electron/engine'
import { smaCross } from '../../../../electron/engine/signals'
import type { Candle, StrategyStatus } from '../../../../shared/types'
import { call, cleanup, tempDir, testEngine, value } from '../../../kit/engine'
import { settled } from '../../../kit/settle'

const dirs: string[] = []
const engines: Engine[] = []
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()))
  dirs.splice(0).forEach(cleanup)
})

const candle = (time: number, close: number): Candle => ({
  symbol: 'BTC-USD',
  time: time * 60_000,
  open: close,
  high: close,
  low: close,
  close,
  volume: 1,
})

describe('the reference strategy (a demonstration)', () => {
  const strategy = smaCross({ fast: 2, slow: 4 })
  const view = (closes: number[], position = '0') => ({
    symbol: 'BTC-USD' as const,
    candles: closes.map((c, i) => candle(i, c)),
    position,
    quantity: '0.01',
  })

  it('buys when the fast average crosses above the slow one while flat, and not before it has enough candles', () => {
    expect(strategy.decide(view([10, 10, 10, 10]))).toBeNull()
    expect(strategy.decide(view([10, 10, 10, 10, 13]))).toMatchObject({
      side: 'buy',
      quantity: '0.01',
    })
    // Already holding: no second buy on the same signal.
    expect(strategy.decide(view([10, 10, 10, 10, 13], '0.01'))).toBeNull()
  })

  it('sells the whole position when the fast average crosses back below', () => {
    expect(strategy.decide(view([10, 10, 10, 10, 7], '0.03'))).toMatchObject({
      side: 'sell',
      quantity: '0.03',
    })
    expect(strategy.decide(view([10, 10, 10, 10, 7]))).toBeNull()
    expect(strategy.name).toMatch(/demonstration/)
    expect(strategy.demonstration).toBe(true)
  })

  it('trades a paper account through the gate until it is stopped', async () => {
    const dir = tempDir()
    dirs.push(dir)
    const { engine, clock } = await testEngine(dir, { startMarket: true })
    engines.push(engine)
    const statuses: StrategyStatus[] = []
    engine.subscribe((e) => {
      if (e.type === 'accounts:status' && e.payload.strategy) statuses.push(e.payload.strategy)
    })
    const started = value(
      await call(engine, 'strategies:start', {
        strategyId: 'sma-cross',
        symbol: 'BTC-USD',
        quantity: '0.001',
      }),
    )
    expect(started).toMatchObject({ running: true, demonstration: true, ordersSent: 0 })
    let orders = value(await call(engine, 'orders:list', {}))
    for (let minute = 0; minute < 24 * 60 && orders.length < 2; minute++) {
      clock.advance(60_000)
      // Let the order the candle close triggered go through its journal writes and its answer,
      // however long the disk takes, before time moves on.
      await settled()
      await engine.idle()
      orders = value(await call(engine, 'orders:list', {}))
    }
    expect(orders.length).toBeGreaterThanOrEqual(2)
    expect(orders.every((o) => o.source === 'strategy')).toBe(true)
    expect(
      orders
        .map((o) => o.side)
        .reverse()
        .slice(0, 2),
    ).toEqual(['buy', 'sell'])
    const rows = value(await call(engine, 'audit:query', {})).rows
    expect(rows.every((r) => r.outcome === 'passed' || r.outcome === 'pending')).toBe(true)
    expect(statuses.at(-1)?.ordersSent).toBeGreaterThanOrEqual(1)

    const stopped = value(await call(engine, 'strategies:stop', {}))
    expect(stopped.running).toBe(false)
    const before = value(await call(engine, 'orders:list', {})).length
    for (let minute = 0; minute < 120; minute++) clock.advance(60_000)
    expect(value(await call(engine, 'orders:list', {}))).toHaveLength(before)
  })
})
