/**
 * Audit history read from the journal through its on-disk index: the state snapshot does not
 * grow with closed orders while every decision stays listed, in journal order, after a
 * restart; an index deleted, cut short or damaged is rebuilt from the journal with the same
 * answers; and a snapshot of an older format that held every decision still loads.
 */
import { readFileSync, readdirSync, rmSync, truncateSync, statSync, writeFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../../../electron/engine'
import { Journal } from '../../../../electron/engine/journal'
import type { AuditFilter } from '../../../../shared/types'
import { call, cleanup, tempDir, testEngine, value } from '../../../kit/engine'
import { FakeClock } from '../../../kit/fake-clock'
import { buildTradedDataDir } from '../../../kit/traded-data-dir'

const dirs: string[] = []
const engines: Engine[] = []
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()))
  dirs.splice(0).forEach(cleanup)
})

function folder(): string {
  const dir = tempDir()
  dirs.push(dir)
  return dir
}

async function start(dir: string): Promise<Engine> {
  const { engine } = await testEngine(dir)
  engines.push(engine)
  return engine
}

async function stop(engine: Engine): Promise<void> {
  engines.splice(engines.indexOf(engine), 1)
  await engine.close()
}

/** Places `n` orders that fill and close (buys and sells in turn, so cash lasts). */
async function trade(engine: Engine, n: number): Promise<void> {
  value(await call(engine, 'limits:update', { limits: { maxOrdersPerMinute: 1_000_000 } }))
  for (let i = 0; i < n; i++) {
    const order = { symbol: 'BTC-USD', side: i % 2 ? 'sell' : 'buy', type: 'market' }
    value(await call(engine, 'orders:submit', { ...order, quantity: '0.001' }))
  }
}

/** The snapshot file without the ledger (its orders and fills are not the audit's). */
function snapshotBeyondLedger(dir: string): number {
  const stored = JSON.parse(readFileSync(path.join(dir, 'state.json'), 'utf8')) as {
    folds: Record<string, unknown>
  }
  // The ledger and the cost book keep bounded windows of recent orders (their own tests show
  // the bound); what is measured here is that nothing else grows with the audit history.
  delete stored.folds.ledger
  delete stored.folds.costs
  return JSON.stringify(stored).length
}

/** What the Audit screen, the REST API and the detail panel are told. */
async function answers(engine: Engine) {
  const filters: AuditFilter[] = [
    {},
    { symbol: 'ETH-USD' },
    { action: 'SELL' },
    { outcome: 'rejected' },
    { outcome: 'passed', symbol: 'BTC-USD' },
    { accountId: 'paper-1', from: 0, to: Number.MAX_SAFE_INTEGER },
  ]
  const pages = []
  for (const filter of filters) {
    pages.push(value(await call(engine, 'audit:query', { filter, offset: 0, limit: 200 })))
    pages.push(value(await call(engine, 'audit:query', { filter, offset: 1, limit: 2 })))
  }
  const list = value(await call(engine, 'audit:list', {}))
  const details = []
  for (const r of list) details.push(value(await call(engine, 'audit:get', { seq: r.seq })))
  // As a host sends them (JSON): a slippage of -0 reads back as 0 from the journal.
  return JSON.parse(JSON.stringify({ pages, list, details })) as unknown
}

/** A value as it travels to a host (JSON). */
function sent<T>(x: T): T {
  return JSON.parse(JSON.stringify(x)) as T
}

describe('audit history on disk', () => {
  it('keeps the snapshot flat as closed orders accumulate, and lists them all after a restart', async () => {
    const dir = folder()
    let engine = await start(dir)
    await trade(engine, 50)
    await stop(engine)
    const after50 = snapshotBeyondLedger(dir)

    engine = await start(dir)
    await trade(engine, 450)
    await stop(engine)
    const after500 = snapshotBeyondLedger(dir)
    // Some bytes for counters and peaks; 450 decisions would be hundreds of kilobytes.
    expect(after500 - after50).toBeLessThan(2_000)

    engine = await start(dir)
    const page = value(await call(engine, 'audit:query', { offset: 0, limit: 500 }))
    expect(page.total).toBe(500)
    expect(page.rows).toHaveLength(500)
    const seqs = page.rows.map((r) => r.seq)
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a))
    expect(page.rows.every((r) => r.outcome === 'passed' && r.fillPrice !== null)).toBe(true)
    const list = value(await call(engine, 'audit:list', { limit: 1000 }))
    expect(list.map((r) => r.seq)).toEqual([...seqs].reverse())
  }, 30_000)

  it('rebuilds a deleted, cut or damaged index from the journal, with the same answers', async () => {
    const dir = folder()
    const built = await buildTradedDataDir(dir)
    expect(built.segments.length).toBeGreaterThan(1)
    let engine = await start(dir)
    await trade(engine, 3)
    const before = await answers(engine)
    expect((before as { list: unknown[] }).list.length).toBe(built.decisions + 3)
    await stop(engine)

    const indexDir = path.join(dir, 'journal-index')
    const damage: ((file: string) => void)[] = [
      () => rmSync(indexDir, { recursive: true }),
      // Cut short: the decision table loses its last entries, a sidecar its end.
      () => {
        const table = path.join(indexDir, 'decisions.idx')
        truncateSync(table, statSync(table).size - 40)
        const sidecar = readdirSync(indexDir).find((f) => f.endsWith('.jsonl.idx')) as string
        truncateSync(path.join(indexDir, sidecar), 20)
      },
      // Garbage in place of the table's entries, and its names gone.
      () => {
        const table = path.join(indexDir, 'decisions.idx')
        const bytes = readFileSync(table)
        bytes.fill(0x5a, 16)
        writeFileSync(table, bytes)
        rmSync(path.join(indexDir, 'names.json'))
      },
    ]
    for (const harm of damage) {
      harm(indexDir)
      engine = await start(dir)
      expect(await answers(engine)).toEqual(before)
      await stop(engine)
    }
  }, 30_000)

  it('rebuilds an index of the first format, which filed canceled orders as passed', async () => {
    const dir = folder()
    let engine = await start(dir)
    const ask = Number(value(await call(engine, 'app:get-snapshot', {})).quotes[0]!.ask)
    const limitPrice = (Math.floor(ask * 0.97 * 100) / 100).toFixed(2)
    const order = value(
      await call(engine, 'orders:submit', {
        symbol: 'BTC-USD',
        side: 'buy',
        type: 'limit',
        quantity: '0.001',
        limitPrice,
      }),
    )
    value(await call(engine, 'orders:cancel', { id: order.id }))
    await stop(engine)
    // As the first format wrote it: magic "VGD1", the canceled order's outcome byte "passed" (2).
    const table = path.join(dir, 'journal-index', 'decisions.idx')
    const bytes = readFileSync(table)
    bytes.writeUInt32LE(0x31444756, 0)
    bytes[16 + 29] = 2
    writeFileSync(table, bytes)
    engine = await start(dir)
    const canceled = value(
      await call(engine, 'audit:query', { filter: { outcome: 'canceled' }, offset: 0, limit: 5 }),
    )
    expect(canceled.rows.map((r) => [r.orderId, r.outcome])).toEqual([[order.id, 'canceled']])
    const passed = value(
      await call(engine, 'audit:query', { filter: { outcome: 'passed' }, offset: 0, limit: 5 }),
    )
    expect(passed.total).toBe(0)
  })

  it('loads a snapshot of an older format that held every decision, and ignores them', async () => {
    const dir = folder()
    let engine = await start(dir)
    await trade(engine, 2)
    const records = value(await call(engine, 'audit:list', {}))
    await stop(engine)

    // As a build of format 3 wrote it: every decision in `audit`, vouched for by the journal.
    const file = path.join(dir, 'state.json')
    const stored = JSON.parse(readFileSync(file, 'utf8')) as {
      journal: { seq: number; hash: string }
      folds: { trading: { states: unknown; meta: unknown } } & Record<string, unknown>
    }
    // Format 3 kept the folds at the top level and the trading states in two maps.
    const { trading, audit: _, ...flat } = stored.folds
    const older = Buffer.from(
      JSON.stringify({
        ...flat,
        version: 3,
        journal: stored.journal,
        tradingStates: trading.states,
        tradingMeta: trading.meta,
        audit: [{ seq: 1, orderId: 'ord-from-the-snapshot', gate: null }],
      }),
    )
    writeFileSync(file, older)
    const journal = await Journal.open({
      dir: path.join(dir, 'journal'),
      clock: new FakeClock(),
    })
    await journal.append('snapshot.written', {
      file: 'state.json',
      seq: stored.journal.seq,
      hash: stored.journal.hash,
      sha256: createHash('sha256').update(older).digest('hex'),
    })
    await journal.close()

    engine = await start(dir)
    expect(engine.info.warnings).toEqual([])
    expect(sent(value(await call(engine, 'audit:list', {})))).toEqual(sent(records))
  })
})
