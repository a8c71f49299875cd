import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../../../electron/engine'
import type { Broker } from '../../../../electron/engine/brokers'
import type { EngineEvent } from '../../../../shared/contract'
import type { Alert } from '../../../../shared/types'
import { delegate } from '../../../kit/broker'
import { call, cleanup, tempDir, testEngine, value } from '../../../kit/engine'

const dirs: string[] = []
const engines: Engine[] = []
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()))
  dirs.splice(0).forEach(cleanup)
})
async function start(overrides = {}, dir = tempDir()) {
  dirs.push(dir)
  const made = await testEngine(dir, overrides)
  engines.push(made.engine)
  return { ...made, dir }
}
const order = (quantity: string, clientOrderId: string, symbol = 'BTC-USD', side = 'buy') => ({
  clientOrderId,
  symbol,
  side,
  type: 'market',
  quantity,
})
const journalText = (dir: string): string =>
  readdirSync(path.join(dir, 'journal'))
    .filter((f) => f.endsWith('.jsonl'))
    .map((f) => readFileSync(path.join(dir, 'journal', f), 'utf8'))
    .join('')

describe('post-execution verification', () => {
  it('verifies every filled order, journaling each check, and shows it in the audit record', async () => {
    const { engine } = await start()
    value(await call(engine, 'orders:submit', order('0.01', 'v1')))
    const page = value(await call(engine, 'audit:query', {}))
    expect(page.rows[0]).toMatchObject({
      outcome: 'passed',
      action: 'BUY',
      symbol: 'BTC-USD',
      slippageBps: 0,
    })
    const record = value(await call(engine, 'audit:get', { seq: page.rows[0]!.seq }))
    expect(record.verification?.passed).toBe(true)
    expect(record.verification?.checks.map((c) => c.name)).toEqual([
      'confirmation',
      'status',
      'filled_quantity',
      'fill_price',
      'tracker_updated',
      'balance_updated',
      'no_phantom_position',
    ])
    expect(record.pre_execution).toEqual({
      balance: '10000',
      positions: 0,
      entry_price: record.execution?.fill_price,
    })
    expect(record.post_execution).toMatchObject({ positions: 1, tracker_updated: true })
    expect(Number(record.post_execution?.balance)).toBeLessThan(10000)
    expect(record.execution).toMatchObject({
      status: 'filled',
      filled_quantity: '0.01',
      slippage_bps: 0,
    })
  })

  it('fails verification and raises an alert when the broker fills worse than the tolerance', async () => {
    const worse = (paper: Broker): Broker =>
      delegate(paper, {
        async placeOrder(request) {
          const ack = await paper.placeOrder(request)
          return {
            ...ack,
            fills: ack.fills.map((f) => ({ ...f, price: (Number(f.price) * 1.01).toFixed(2) })),
          }
        },
      })
    const { engine } = await start({ wrapBroker: worse })
    const alerts: Alert[] = []
    engine.subscribe((e: EngineEvent) => e.type === 'alerts:raised' && alerts.push(e.payload))
    const placed = value(await call(engine, 'orders:submit', order('0.01', 'slip')))
    expect(placed.status).toBe('filled')
    const row = value(await call(engine, 'audit:query', {})).rows[0]!
    expect(row.outcome).toBe('verification_failed')
    expect(row.slippageBps).toBeCloseTo(100, 0)
    expect(row.reason).toMatch(/bps slippage, tolerance 50 bps/)
    // A fill 100 bps dearer than the model expected also sets off the execution-cost alarm.
    expect(alerts.filter((a) => a.kind === 'rule_execution_costs')).toHaveLength(1)
    expect(alerts.filter((a) => a.kind !== 'rule_execution_costs')).toEqual([
      expect.objectContaining({
        kind: 'verification_failed',
        severity: 'critical',
        orderId: placed.id,
      }),
    ])
  })

  it('fails verification when the tracker and the broker disagree (a phantom position)', async () => {
    const phantom = (paper: Broker): Broker => delegate(paper, { positionOf: async () => '0' })
    const { engine } = await start({ wrapBroker: phantom })
    value(await call(engine, 'orders:submit', order('0.01', 'ph')))
    const record = value(
      await call(engine, 'audit:get', {
        seq: value(await call(engine, 'audit:query', {})).rows[0]!.seq,
      }),
    )
    const check = record.verification?.checks.find((c) => c.name === 'no_phantom_position')
    expect(check).toEqual({
      name: 'no_phantom_position',
      passed: false,
      message: 'Tracker holds 0.01 BTC-USD, the broker 0.',
    })
  })

  it('passes every order of a burst on one symbol: the broker being ahead is not a phantom', async () => {
    const { engine } = await start()
    value(await call(engine, 'limits:update', { limits: { pendingOrderRule: 'off' } }))
    const alerts: Alert[] = []
    engine.subscribe((e: EngineEvent) => {
      if (e.type === 'alerts:raised') alerts.push(e.payload)
    })
    // Submitted together, the orders are at the paper exchange (filled there) before the
    // ledger has recorded the others' answers.
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => call(engine, 'orders:submit', order('0.001', `b${i}`))),
    )
    const page = value(await call(engine, 'audit:query', {}))
    expect(page.rows.map((r) => r.outcome)).toEqual(Array(20).fill('passed'))
    expect(alerts).toEqual([])
  })

  it('verifies an order whose confirmation never comes once the timeout passes, and says so', async () => {
    let sent!: () => void
    const placed = new Promise<void>((resolve) => (sent = resolve))
    const silent = (paper: Broker): Broker =>
      delegate(paper, {
        placeOrder: () => {
          sent()
          return new Promise(() => undefined)
        },
      })
    const { engine, clock } = await start({ wrapBroker: silent })
    const alerts: Alert[] = []
    engine.subscribe((e: EngineEvent) => e.type === 'alerts:raised' && alerts.push(e.payload))
    const pending = call(engine, 'orders:submit', order('0.01', 'slow'))
    // Once the order has reached the broker, let the timeout pass on the fake clock.
    await placed
    clock.advance(10_000)
    const result = value(await pending)
    expect(result.status).toBe('pending')
    const row = value(await call(engine, 'audit:query', {})).rows[0]!
    expect(row.outcome).toBe('verification_failed')
    expect(row.reason).toContain('No confirmation from the broker within 10.0 s.')
    expect(alerts).toHaveLength(1)
  })
})

describe('risk limits as settings', () => {
  it('saves a change, journals old and new values, and keeps it across a restart', async () => {
    const { engine, dir } = await start()
    const updated = value(
      await call(engine, 'limits:update', { limits: { maxOrderNotional: '250', priceBandPct: 2 } }),
    )
    expect(updated).toMatchObject({ maxOrderNotional: '250', priceBandPct: 2 })
    const text = journalText(dir)
    expect(text).toContain('"type":"settings.changed"')
    expect(text).toMatch(/"old":null,"new":\{[^}]*"maxOrderNotional":"250"/)
    const settingsFile = JSON.parse(readFileSync(path.join(dir, 'settings.json'), 'utf8'))
    expect(settingsFile.limits['paper-1'].maxOrderNotional).toBe('250')

    const rejected = await call(engine, 'orders:submit', order('0.01', 'too-big'))
    expect(rejected.ok ? null : rejected.error.message).toMatch(
      /above the per-order maximum of \$250\.00/,
    )

    await engines.pop()!.close()
    const { engine: again } = await start({}, dir)
    expect(value(await call(again, 'limits:get', {})).maxOrderNotional).toBe('250')
    value(await call(again, 'limits:update', { limits: { maxOrderNotional: '300' } }))
    expect(journalText(dir)).toMatch(
      /"old":\{[^}]*"maxOrderNotional":"250"[^}]*\},"new":\{[^}]*"maxOrderNotional":"300"/,
    )
  })

  it('refuses invalid limits with the field named and changes nothing', async () => {
    const { engine, dir } = await start()
    const before = journalText(dir)
    const bad = await call(engine, 'limits:update', { limits: { maxDrawdownPct: 150 } })
    expect(bad.ok ? null : bad.error.message).toBe('limits.maxDrawdownPct: must be at most 100')
    const inverted = await call(engine, 'limits:update', {
      limits: { minOrderNotional: '900', maxOrderNotional: '100' },
    })
    expect(inverted.ok ? null : inverted.error.message).toMatch(
      /minOrderNotional \(\$900\) must not be above limits.maxOrderNotional/,
    )
    const negative = await call(engine, 'limits:update', { limits: { maxDailyLoss: '-5' } })
    expect(negative.ok ? null : negative.error.message).toBe(
      'limits.maxDailyLoss: must not be negative',
    )
    expect(journalText(dir)).toBe(before)
  })
})

describe('trading states', () => {
  it('rejects every order while HALTED and only reducing sells while REDUCE_ONLY', async () => {
    const { engine } = await start()
    const states: string[] = []
    engine.subscribe((e) => e.type === 'trading:state' && states.push(e.payload.state))
    value(await call(engine, 'orders:submit', order('0.01', 'held')))
    value(
      await call(engine, 'trading:set-state', {
        accountId: 'paper-1',
        state: 'HALTED',
        reason: 'test',
      }),
    )
    const halted = await call(engine, 'orders:submit', order('0.005', 'h2', 'BTC-USD', 'sell'))
    expect(halted.ok ? null : halted.error.message).toContain('Trading is HALTED')
    value(
      await call(engine, 'trading:set-state', {
        accountId: 'paper-1',
        state: 'REDUCE_ONLY',
        reason: 'test',
      }),
    )
    const grow = await call(engine, 'orders:submit', order('0.01', 'r1'))
    expect(grow.ok ? null : grow.error.message).toContain('REDUCE ONLY')
    expect(
      value(await call(engine, 'orders:submit', order('0.005', 'r2', 'BTC-USD', 'sell'))).status,
    ).toBe('filled')
    expect(value(await call(engine, 'app:get-snapshot', {})).tradingStates['paper-1']).toBe(
      'REDUCE_ONLY',
    )
  })
})

describe('audit trail', () => {
  it('lists decisions newest first and filters by symbol, action, outcome and time', async () => {
    const { engine, clock } = await start()
    value(await call(engine, 'orders:submit', order('0.01', 'a')))
    clock.advance(1_000)
    await call(engine, 'orders:submit', order('100', 'b'))
    clock.advance(1_000)
    const t = clock.now()
    value(await call(engine, 'orders:submit', order('1', 'c', 'ETH-USD')))
    value(await call(engine, 'orders:submit', order('0.5', 'd', 'ETH-USD', 'sell')))

    const all = value(await call(engine, 'audit:query', {}))
    expect(all.total).toBe(4)
    expect(all.rows.map((r) => `${r.action} ${r.symbol} ${r.outcome}`)).toEqual([
      'SELL ETH-USD passed',
      'BUY ETH-USD passed',
      'BUY BTC-USD rejected',
      'BUY BTC-USD passed',
    ])
    const q = async (filter: object) => value(await call(engine, 'audit:query', { filter })).total
    expect(await q({ symbol: 'BTC-USD' })).toBe(2)
    expect(await q({ action: 'SELL' })).toBe(1)
    expect(await q({ outcome: 'rejected' })).toBe(1)
    expect(await q({ from: t })).toBe(2)
    expect(await q({ to: t })).toBe(2)
    const window = value(await call(engine, 'audit:query', { offset: 1, limit: 2 }))
    expect(window.rows.map((r) => r.symbol)).toEqual(['ETH-USD', 'BTC-USD'])

    const rejected = value(await call(engine, 'audit:get', { seq: all.rows[2]!.seq }))
    expect(rejected.validation.passed).toBe(false)
    expect(rejected.validation.checks.find((c) => !c.passed)?.message).toMatch(/^Order value/)
    expect(rejected.execution).toBeNull()
    expect(rejected.verification).toBeNull()
  })

  it('verifies the journal on demand with progress, and catches an edit made while running', async () => {
    const { engine, dir } = await start()
    for (let i = 0; i < 3; i++) value(await call(engine, 'orders:submit', order('0.001', `x${i}`)))
    const progress: number[] = []
    engine.subscribe((e) => e.type === 'audit:verify-progress' && progress.push(e.payload.checked))
    const intact = value(await call(engine, 'audit:verify', {}))
    expect(intact).toMatchObject({ ok: true, firstBad: null })
    expect(intact.records).toBe(value(await call(engine, 'app:get-snapshot', {})).journal.seq)
    expect(progress.at(-1)).toBe(intact.records)

    const [segment] = readdirSync(path.join(dir, 'journal')).filter((f) => f.endsWith('.jsonl'))
    const file = path.join(dir, 'journal', segment!)
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('"quantity":"0.001"', '"quantity":"0.002"'),
    )
    const tampered = value(await call(engine, 'audit:verify', {}))
    expect(tampered.ok).toBe(false)
    expect(tampered.firstBad).toMatchObject({
      segment,
      reason: expect.stringContaining('was edited'),
    })
  })
})

describe('malformed order requests', () => {
  it('are journaled, cut to a bounded size, without touching balances or orders', async () => {
    const { engine, dir } = await start()
    await engine.recordMalformedOrder(
      { symbol: 'BTC-USD', quantity: 'x'.repeat(1_000_000) },
      'quantity: must be a plain decimal',
      { source: 'api' },
    )
    const lines = journalText(dir).trim().split('\n')
    const malformed = lines.filter((l) => l.includes('"type":"order.malformed"'))
    expect(malformed).toHaveLength(1)
    expect(malformed[0]!.length).toBeLessThan(2_000)
    expect(JSON.parse(malformed[0]!).payload).toMatchObject({
      source: 'api',
      reason: 'quantity: must be a plain decimal',
      received: {
        kind: 'object',
        fields: [
          { name: 'symbol', kind: 'string', size: 7 },
          { name: 'quantity', kind: 'string', size: 1_000_000 },
        ],
        otherFields: 0,
      },
    })
    expect(value(await call(engine, 'orders:list', {}))).toEqual([])
    expect(value(await call(engine, 'app:get-snapshot', {})).balances[0]?.total).toBe('10000')
    expect(value(await call(engine, 'audit:verify', {})).ok).toBe(true)
  })
})
