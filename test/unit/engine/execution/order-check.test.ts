/**
 * The gate's dry run (orders:check): a would-be order is checked exactly as a real one would
 * be, every check evaluated and worded as a refusal would be, and nothing is journaled,
 * published, reserved or counted.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../../../electron/engine'
import type { EngineEvent } from '../../../../shared/contract'
import { Decimal } from '../../../../electron/engine/core'
import { DEFAULT_LIMITS, evaluateGate, type GateInput } from '../../../../electron/engine/execution'
import { instrument } from '../../../../electron/engine/market'
import type { MarketSymbol } from '../../../../shared/types'
import { GATE_ANSWERS, GATE_ANSWER_PRICES, OPEN_FINDING } from '../../../kit/gate-answers'
import { call, cleanup, journalOnDisk, tempDir, testEngine, value } from '../../../kit/engine'

const dirs: string[] = []
const engines: Engine[] = []
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()))
  dirs.splice(0).forEach(cleanup)
})
async function start() {
  const dir = tempDir()
  dirs.push(dir)
  const made = await testEngine(dir)
  engines.push(made.engine)
  return { ...made, dir }
}
/** The last journal sequence on disk and how many records there are. */
const journalHead = (dir: string) => {
  const records = journalOnDisk<{ seq: number }>(dir)
  return { count: records.length, seq: records.at(-1)?.seq }
}

const sellEth = { symbol: 'ETH-USD', side: 'sell', type: 'market', quantity: '5' }

describe('orders:check, the gate as a dry run', () => {
  it('evaluates every check of a would-be order and journals nothing', async () => {
    const { engine, dir } = await start()
    value(
      await call(engine, 'trading:set-state', {
        global: false,
        state: 'HALTED',
        reason: 'stepping away from the desk',
      }),
    )
    await engine.idle()
    const before = journalHead(dir)
    const events: EngineEvent[] = []
    engine.subscribe((e) => events.push(e))

    // Halted, selling 5 ETH while holding none, worth more than one order may be: three checks
    // fail, and each is said (the gate does not stop at the first).
    const check = value(await call(engine, 'orders:check', sellEth))
    await engine.idle()
    expect(check.passed).toBe(false)
    expect(check.checks).toHaveLength(17)
    expect(check.checks.filter((c) => !c.passed).map((c) => [c.name, c.message])).toEqual([
      ['order_notional', 'Order value $15,963.30 is above the per-order maximum of $5,000.00.'],
      ['balance', 'Insufficient ETH-USD to sell: need 5, have 0. Spot accounts cannot sell short.'],
      ['trading_state', 'Trading is HALTED on this account: no orders are allowed.'],
    ])
    expect(journalHead(dir)).toEqual(before)
    expect(events).toEqual([])
    const snap = value(await call(engine, 'app:get-snapshot', {}))
    expect(snap.orders).toEqual([])
  })

  it('answers in the words the real refusal carries', async () => {
    const { engine } = await start()
    // 0.00001 BTC is well under a dollar: below the $1 minimum.
    const tiny = { symbol: 'BTC-USD', side: 'buy', type: 'market', quantity: '0.00001' }
    const check = value(await call(engine, 'orders:check', tiny))
    const refused = await call(engine, 'orders:submit', tiny)
    expect(refused.ok).toBe(false)
    const order = value(await call(engine, 'orders:list', {}))[0]!
    expect(check.checks).toEqual(order.checks)
    expect(check.checks.find((c) => !c.passed)).toMatchObject({
      name: 'order_notional',
      code: 'BELOW_MIN_NOTIONAL',
    })
    expect(refused.ok ? '' : refused.error.message).toContain(
      check.checks.find((c) => !c.passed)!.message,
    )
  })

  it('passes a good order with its price and notional, and does not count it as sent', async () => {
    const { engine, dir } = await start()
    const before = journalHead(dir)
    const good = { symbol: 'BTC-USD', side: 'buy', type: 'market', quantity: '0.01' }
    const estimate = value(
      await call(engine, 'orders:estimate', { symbol: 'BTC-USD', side: 'buy', quantity: '0.01' }),
    )
    // Many more dry runs than the order-rate limit allows orders in a minute.
    for (let i = 0; i < 40; i++) value(await call(engine, 'orders:check', good))
    const check = value(await call(engine, 'orders:check', good))
    expect(check).toMatchObject({
      passed: true,
      price: estimate.price,
      notional: estimate.notional,
    })
    expect(journalHead(dir)).toEqual(before)
    expect(value(await call(engine, 'orders:submit', good)).status).toBe('filled')
  })

  it('refuses a malformed would-be order with the reason, as submit does', async () => {
    const { engine } = await start()
    const bad = await call(engine, 'orders:check', { ...sellEth, type: 'limit' })
    expect(bad).toEqual({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        message: 'limitPrice: is required for a limit order (the worst price you accept)',
      },
    })
  })
})

describe('the gate answers the ticket is tested against', () => {
  const failing = (
    order: { symbol: MarketSymbol; side: 'buy' | 'sell'; quantity: string },
    state: Partial<GateInput> = {},
  ) => {
    const price = GATE_ANSWER_PRICES[order.symbol]
    return evaluateGate({
      ...order,
      instrument: instrument(order.symbol),
      quote: { symbol: order.symbol, ts: 0, bid: price, ask: price, last: price },
      now: 1_000,
      feeRate: '0.006',
      limits: DEFAULT_LIMITS,
      tradingState: 'ACTIVE',
      trackerProblem: null,
      reconciliationBlock: null,
      journalVerified: true,
      availableCash: new Decimal('10000'),
      availableQuantity: new Decimal('0'),
      holdings: [],
      workingOrders: [],
      ordersLastMinute: 0,
      realizedToday: new Decimal(0),
      equity: new Decimal(10000),
      peakEquity: new Decimal(10000),
      ...state,
    }).checks.filter((c) => !c.passed)
  }
  const buyBtc = { symbol: 'BTC-USD', side: 'buy', quantity: '0.01' } as const

  it("are the real gate's words for each case", () => {
    expect(failing(buyBtc, { tradingState: 'HALTED' })).toEqual(GATE_ANSWERS.halted)
    expect(failing(buyBtc, { reconciliationBlock: { open: 1, first: OPEN_FINDING } })).toEqual(
      GATE_ANSWERS.reconciliation,
    )
    expect(failing({ ...buyBtc, quantity: '0.00001' })).toEqual(GATE_ANSWERS.belowMinimum)
    expect(failing({ symbol: 'ETH-USD', side: 'sell', quantity: '5' })).toEqual(
      GATE_ANSWERS.sellWithoutHolding,
    )
    expect(failing(buyBtc, { limitPrice: '71500.00' })).toEqual(GATE_ANSWERS.farLimit)
    expect(failing(buyBtc)).toEqual([])
  })
})
