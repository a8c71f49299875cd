/**
 * The state snapshot on disk: a decision's gate checks are stored once, with the ledger order
 * that holds the same list, and come back whole; older snapshots still load.
 */
import { readFileSync, writeFileSync } from 'node:fs'
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

interface StoredDecision {
  orderId: string
  gate: { checks?: unknown[] } | null
}
interface Stored {
  version: number
  journal: unknown
  folds: {
    audit: StoredDecision[]
    ledger: { accounts: { orders: { order: { id: string; checks: unknown[] } }[] }[] }
    trading: { states: unknown; meta: unknown }
  } & Record<string, unknown>
}

/** A folder with one filled order and one rejected, closed (the snapshot written). */
async function traded(): Promise<{ dir: string; file: string; records: readonly unknown[] }> {
  const dir = tempDir()
  dirs.push(dir)
  const { engine } = await testEngine(dir)
  const order = { symbol: 'BTC-USD', side: 'buy', type: 'market' }
  value(await call(engine, 'orders:submit', { ...order, quantity: '0.001' }))
  // Rejected by the gate: a decision too, with its checks.
  expect((await call(engine, 'orders:submit', { ...order, quantity: '5' })).ok).toBe(false)
  const records = value(await call(engine, 'audit:list', {}))
  await engine.close()
  return { dir, file: path.join(dir, 'state.json'), records }
}

async function restart(dir: string): Promise<Engine> {
  const { engine } = await testEngine(dir)
  engines.push(engine)
  return engine
}

describe('state snapshot', () => {
  it('stores each gate check list once and gives every decision its checks back', async () => {
    const { dir, file, records } = await traded()
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Stored
    expect(stored.folds.audit).toHaveLength(2)
    expect(stored.folds.audit.every((d) => d.gate && d.gate.checks === undefined)).toBe(true)
    expect(stored.folds.ledger.accounts[0]?.orders.every((o) => o.order.checks.length > 0)).toBe(
      true,
    )

    const engine = await restart(dir)
    expect(engine.info.replayed).toBe(0)
    expect(value(await call(engine, 'audit:list', {}))).toEqual(records)
  })

  it('reads a snapshot rewritten in format 2 but does not trust it: the journal does not vouch for it', async () => {
    const { dir, file, records } = await traded()
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Stored
    const checks = new Map(
      stored.folds.ledger.accounts[0]?.orders.map((o) => [o.order.id, o.order.checks]),
    )
    const full = stored.folds.audit.map((d) => ({
      ...d,
      gate: d.gate && { ...d.gate, checks: checks.get(d.orderId) },
    }))
    // Format 2 kept every fold at the top level, the trading states in two maps, and a
    // decision's checks with the decision.
    const { trading, ...flat } = stored.folds
    writeFileSync(
      file,
      JSON.stringify({
        ...flat,
        version: 2,
        journal: stored.journal,
        audit: full,
        tradingStates: trading.states,
        tradingMeta: trading.meta,
      }),
    )

    // Rebuilt from the journal instead, with the same decisions.
    const engine = await restart(dir)
    expect(engine.info.replayed).toBeGreaterThan(0)
    expect(engine.info.warnings.join(' ')).toMatch(/state\.json was changed after Vigil wrote it/)
    expect(value(await call(engine, 'audit:list', {}))).toEqual(records)
  })

  it('falls back to the previous snapshot when a decision has lost its checks', async () => {
    const { dir, file, records } = await traded()
    await (await restart(dir)).close()
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Stored
    for (const account of stored.folds.ledger.accounts) account.orders = []
    writeFileSync(file, JSON.stringify(stored))

    const engine = await restart(dir)
    expect(engine.info.warnings.join(' ')).toMatch(/using the previous snapshot/)
    expect(value(await call(engine, 'audit:list', {}))).toEqual(records)
  })
})
