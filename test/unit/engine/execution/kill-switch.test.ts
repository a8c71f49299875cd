/**
 * Manual trading-state overrides and the kill switch: journaled with their reasons, applied
 * by the gate at once, kept across a restart.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../../../electron/engine'
import { call, cleanup, tempDir, testEngine, value } from '../../../kit/engine'

const dirs: string[] = []
const engines: Engine[] = []
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()))
  dirs.splice(0).forEach(cleanup)
})
async function start(dir = tempDir()) {
  if (!dirs.includes(dir)) dirs.push(dir)
  const made = await testEngine(dir)
  engines.push(made.engine)
  return { ...made, dir }
}
const buy = (accountId?: string, extra: Record<string, unknown> = {}) => ({
  accountId,
  symbol: 'BTC-USD',
  side: 'buy',
  type: 'market',
  quantity: '0.01',
  ...extra,
})

describe('trading-state overrides', () => {
  it('halts one account or all of them, with a reason in the journal, and resumes', async () => {
    const { engine, dir } = await start()
    const other = value(await call(engine, 'accounts:add', { name: 'B', kind: 'paper' }))
    const one = value(
      await call(engine, 'trading:set-state', { state: 'HALTED', reason: 'checking a fill' }),
    )
    expect(one).toEqual({
      global: 'ACTIVE',
      accounts: { 'paper-1': 'HALTED', [other.id]: 'ACTIVE' },
    })
    const refused = await call(engine, 'orders:submit', buy())
    expect(refused.ok ? null : refused.error.message).toContain('Trading is HALTED')
    expect(value(await call(engine, 'orders:submit', buy(other.id))).status).toBe('filled')

    // Global REDUCE_ONLY is stricter than the other account's ACTIVE.
    const all = value(
      await call(engine, 'trading:set-state', {
        global: true,
        state: 'REDUCE_ONLY',
        reason: 'news due',
      }),
    )
    expect(all.accounts[other.id]).toBe('REDUCE_ONLY')
    const grow = await call(engine, 'orders:submit', buy(other.id))
    expect(grow.ok ? null : grow.error.message).toContain('REDUCE ONLY')

    const missing = await call(engine, 'trading:set-state', { state: 'HALTED', reason: '' })
    expect(missing.ok ? null : missing.error.message).toMatch(/reason: must say why/)
    value(await call(engine, 'trading:set-state', { state: 'ACTIVE', reason: 'fill checked' }))
    value(
      await call(engine, 'trading:set-state', {
        global: true,
        state: 'ACTIVE',
        reason: 'all clear',
      }),
    )
    expect(value(await call(engine, 'orders:submit', buy())).status).toBe('filled')
    const journal = readdirSync(path.join(dir, 'journal'))
      .map((f) => readFileSync(path.join(dir, 'journal', f), 'utf8'))
      .join('')
    expect(journal).toContain(
      '"type":"trading.state","payload":{"accountId":"paper-1","old":"ACTIVE","new":"HALTED","reason":"checking a fill","by":"operator"}',
    )
  })

  it('keeps a halt across a restart, from the snapshot or from the journal', async () => {
    const first = await start()
    value(await call(first.engine, 'trading:set-state', { state: 'HALTED', reason: 'overnight' }))
    await first.engine.close()
    engines.splice(engines.indexOf(first.engine), 1)
    const second = await start(first.dir)
    expect(value(await call(second.engine, 'app:get-snapshot', {})).tradingStates['paper-1']).toBe(
      'HALTED',
    )
  })
})

describe('the kill switch', () => {
  it('cancels every open order, sells every position if asked, and halts everything', async () => {
    const { engine } = await start()
    const other = value(await call(engine, 'accounts:add', { name: 'B', kind: 'paper' }))
    value(await call(engine, 'orders:submit', buy()))
    value(
      await call(engine, 'orders:submit', { ...buy(other.id), symbol: 'ETH-USD', quantity: '0.5' }),
    )
    const ask = Number(value(await call(engine, 'app:get-snapshot', {})).quotes[0]!.ask)
    const resting = value(
      await call(
        engine,
        'orders:submit',
        buy(other.id, {
          type: 'limit',
          limitPrice: (Math.floor(ask * 0.97 * 100) / 100).toFixed(2),
        }),
      ),
    )
    expect(resting.status).toBe('open')

    const report = value(
      await call(engine, 'trading:kill-switch', {
        closePositions: true,
        reason: 'bot misbehaving',
      }),
    )
    expect(report.canceled).toBe(1)
    expect(report.closing.map((o) => [o.accountId, o.symbol, o.side, o.status])).toEqual([
      ['paper-1', 'BTC-USD', 'sell', 'filled'],
      [other.id, 'ETH-USD', 'sell', 'filled'],
    ])
    expect(report.problems).toEqual([])
    expect(report.status.global).toBe('HALTED')
    const snap = value(await call(engine, 'app:get-snapshot', {}))
    expect(snap.positions).toEqual([])
    expect(snap.orders.find((o) => o.id === resting.id)?.status).toBe('canceled')
    const refused = await call(engine, 'orders:submit', buy(other.id))
    expect(refused.ok ? null : refused.error.message).toContain('Trading is HALTED')
  })

  it('says the kill switch canceled an order, and Audit calls it canceled, not passed', async () => {
    const { engine, dir } = await start()
    const ask = Number(value(await call(engine, 'app:get-snapshot', {})).quotes[0]!.ask)
    const limitPrice = (Math.floor(ask * 0.97 * 100) / 100).toFixed(2)
    const mine = value(
      await call(engine, 'orders:submit', buy(undefined, { type: 'limit', limitPrice })),
    )
    expect(value(await call(engine, 'orders:cancel', { id: mine.id })).reason).toBe(
      'Canceled at your request.',
    )
    const resting = value(
      await call(engine, 'orders:submit', buy(undefined, { type: 'limit', limitPrice })),
    )
    value(await call(engine, 'trading:kill-switch', { closePositions: false, reason: 'bot loose' }))
    const orders = value(await call(engine, 'app:get-snapshot', {})).orders
    // Was "Canceled at your request." for both: the broker's words, not who asked.
    expect(orders.find((o) => o.id === resting.id)?.reason).toBe(
      'Canceled by the kill switch (bot loose).',
    )
    const rows = value(await call(engine, 'audit:query', { offset: 0, limit: 10 })).rows
    const row = (id: string) => rows.find((r) => r.orderId === id)
    expect(row(resting.id)).toMatchObject({
      outcome: 'canceled',
      reason: 'Canceled by the kill switch (bot loose).',
    })
    expect(row(mine.id)).toMatchObject({ outcome: 'canceled', reason: 'Canceled at your request.' })
    // The filter agrees with the rows, from the index on disk once it has caught up; the gate's
    // own verdict stays.
    await engine.idle()
    const filtered = value(
      await call(engine, 'audit:query', { filter: { outcome: 'canceled' }, offset: 0, limit: 10 }),
    )
    expect(filtered.rows.map((r) => r.orderId).sort()).toEqual([mine.id, resting.id].sort())
    const passed = await call(engine, 'audit:query', {
      filter: { outcome: 'passed' },
      offset: 0,
      limit: 10,
    })
    expect(value(passed).total).toBe(0)
    const detail = value(await call(engine, 'audit:get', { seq: row(resting.id)!.seq }))
    expect(detail.validation.passed).toBe(true)
    expect(detail.execution?.status).toBe('canceled')
    // The journal keeps who canceled it.
    const journal = readdirSync(path.join(dir, 'journal'))
      .map((f) => readFileSync(path.join(dir, 'journal', f), 'utf8'))
      .join('')
    expect(journal).toContain('Canceled by the kill switch (bot loose).')
  })

  it('without closing positions, cancels and halts and leaves the positions', async () => {
    const { engine } = await start()
    value(await call(engine, 'orders:submit', buy()))
    const report = value(
      await call(engine, 'trading:kill-switch', { closePositions: false, reason: 'stop now' }),
    )
    expect(report).toMatchObject({ canceled: 0, closing: [], status: { global: 'HALTED' } })
    expect(value(await call(engine, 'app:get-snapshot', {})).positions).toHaveLength(1)
  })
})
