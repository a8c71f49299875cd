/**
 * An order's records: a filled market order is three (placed, answered, verified), the first
 * durable before the broker is called, and no check's sentence is stored. A journal written
 * the older way, six records an order with every message spelled out, loads, verifies, and
 * shows the same orders, fills, balances, audit trail and CSV as the newer one; so does the
 * newer one replayed whole, without its snapshot.
 */
import { cpSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../../../electron/engine'
import type { Broker } from '../../../../electron/engine/brokers'
import {
  Journal,
  dataEnd,
  describeChecks,
  describeVerification,
  expandRecord,
  exportAuditCsv,
  type JournalRecord,
  type StoredRecord,
} from '../../../../electron/engine/journal'
import { delegate } from '../../../kit/broker'
import { FakeClock } from '../../../kit/fake-clock'
import { call, cleanup, journalOnDisk, tempDir, testEngine, value } from '../../../kit/engine'

const dirs: string[] = []
const engines: Engine[] = []
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()))
  dirs.splice(0).forEach(cleanup)
})
function fresh(): string {
  const dir = tempDir()
  dirs.push(dir)
  return dir
}
async function start(
  dir: string,
  options: { clock?: FakeClock; startMarket?: boolean; wrapBroker?: (b: Broker) => Broker } = {},
) {
  const { engine } = await testEngine(dir, options)
  engines.push(engine)
  return engine
}
async function stop(engine: Engine): Promise<void> {
  engines.splice(engines.indexOf(engine), 1)
  await engine.close()
}
const market = (side: 'buy' | 'sell', quantity = '0.01') => ({
  symbol: 'BTC-USD',
  side,
  type: 'market',
  quantity,
})
const ofOrder = (records: readonly StoredRecord[], orderId: string) =>
  records.filter((r) => (r.payload as { orderId?: string }).orderId === orderId)
const journalBytes = (dir: string): number =>
  readdirSync(path.join(dir, 'journal'))
    .filter((f) => f.endsWith('.jsonl'))
    // Each segment's data: a running journal has zeros written ahead of it.
    .reduce((n, f) => n + dataEnd(readFileSync(path.join(dir, 'journal', f))), 0)

describe('compact order records', () => {
  it('keeps a filled market order in three records, the first on disk before the broker is called', async () => {
    const dir = fresh()
    let onDiskAtSend: string[] = []
    const engine = await start(dir, {
      wrapBroker: (paper) =>
        delegate(paper, {
          placeOrder: (request) => {
            onDiskAtSend = journalOnDisk(dir).map((r) => r.type)
            return paper.placeOrder(request)
          },
        }),
    })
    const order = value(await call(engine, 'orders:submit', market('buy')))
    expect(order.status).toBe('filled')

    const records = ofOrder(journalOnDisk(dir), order.id)
    expect(records.map((r) => r.type)).toEqual(['order.placed', 'order.answered', 'order.verified'])
    // The intent and its decision were durable when the broker was called; its answer was not.
    expect(onDiskAtSend.at(-1)).toBe('order.placed')
    expect(onDiskAtSend).not.toContain('order.answered')

    // No sentence on disk: every check of the gate and of the verification is code and numbers.
    const [placed, , verified] = records
    const text = JSON.stringify(records)
    expect(text).not.toMatch(/"message"/)
    expect(placed?.type === 'order.placed' && placed.payload.checks.every(Array.isArray)).toBe(true)
    expect(
      verified?.type === 'order.verified' && verified.payload.checks.every(Array.isArray),
    ).toBe(true)

    // The trader still reads the words, in the audit record and its CSV.
    const audit = value(await call(engine, 'audit:get', { seq: order.seq }))
    const words = audit.verification?.checks.map((c) => c.message) ?? []
    expect(words).toHaveLength(7)
    expect(words[0]).toMatch(/^Broker confirmed after \d+ ms \(limit 10000 ms\)\.$/)
    expect(words).toContain('Order is filled.')
    expect(words).toContain('Tracker holds 0.01 BTC-USD, the broker 0.01.')
    expect(audit.validation.checks).toEqual(order.checks)

    // The position tracker's own fold of the disk agrees with the ledger.
    const health = value(await call(engine, 'health:check', {}))
    expect(health.checks.find((c) => c.name === 'tracker')).toMatchObject({ level: 'OK' })
  })

  it('reads an older six-record journal, with its messages spelled out, the same as the newer one', async () => {
    // The same orders, placed by the engine: market orders, a refusal, a limit order that rests
    // and fills later, and one that rests and is canceled.
    const clock = new FakeClock()
    const newer = fresh()
    const engine = await start(newer, { clock, startMarket: true })
    value(await call(engine, 'orders:submit', market('buy')))
    value(await call(engine, 'orders:submit', market('buy', '0.02')))
    value(await call(engine, 'orders:submit', market('sell', '0.015')))
    expect((await call(engine, 'orders:submit', market('buy', '50'))).ok).toBe(false)
    const bid = Number(
      value(await call(engine, 'app:get-snapshot', {})).quotes.find((q) => q.symbol === 'BTC-USD')
        ?.bid,
    )
    const limit = (clientOrderId: string, below: number) =>
      call(engine, 'orders:submit', {
        clientOrderId,
        symbol: 'BTC-USD',
        side: 'buy',
        type: 'limit',
        quantity: '0.01',
        limitPrice: (Math.floor(bid * (1 - below) * 100) / 100).toFixed(2),
      })
    expect(value(await limit('canceled', 0.01)).status).toBe('open')
    expect(value(await call(engine, 'orders:cancel', { id: 'canceled' })).status).toBe('canceled')
    expect(value(await limit('rests', 0.0005)).status).toBe('open')
    for (let minute = 0; minute < 24 * 60; minute++) {
      clock.advance(60_000)
      await engine.idle()
      if (value(await call(engine, 'orders:get', { id: 'rests' })).status !== 'open') break
    }
    expect(value(await call(engine, 'orders:get', { id: 'rests' })).status).toBe('filled')
    const restingId = value(await call(engine, 'orders:get', { id: 'rests' })).id
    await stop(engine)

    const stored = journalOnDisk(newer)
    // A resting order: its acceptance when placed, its fill and close when they came.
    const resting = ofOrder(stored, restingId)
    expect(resting.map((r) => r.type)).toEqual([
      'order.placed',
      'order.answered',
      'order.answered',
      'order.verified',
    ])
    expect(resting[1]?.payload).not.toHaveProperty('fills')
    expect(resting[2]?.payload).toMatchObject({ closed: 'filled', fills: [{ liquidity: 'maker' }] })
    const older = await writeOlderForm(newer, stored)
    // The newer journal replayed whole, without the snapshot that covers it.
    const replayed = fresh()
    cpSync(newer, replayed, { recursive: true })
    rmSync(path.join(replayed, 'state.json'))
    rmSync(path.join(replayed, 'state.json.prev'), { force: true })

    // The older form is six records for a filled market order, twice the records in all.
    const olderRecords = journalOnDisk(older)
    const firstOrder = stored.find((r) => r.type === 'order.placed')!.payload.orderId
    expect(ofOrder(olderRecords, firstOrder).map((r) => r.type)).toEqual([
      'order.intent',
      'order.gate',
      'order.accepted',
      'order.fill',
      'order.closed',
      'order.verified',
    ])
    expect(JSON.stringify(olderRecords)).toContain('"message":"Order is filled."')
    expect(journalBytes(older)).toBeGreaterThan(journalBytes(newer) * 1.3)

    const seen = []
    for (const dir of [newer, replayed, older]) {
      const e = await start(dir, { clock })
      expect(value(await call(e, 'audit:verify', {})).ok).toBe(true)
      seen.push(await whatTheTraderSees(e, dir, new Date(clock.now()).toISOString().slice(0, 10)))
      await stop(e)
    }
    const [fromNewer, fromReplay, fromOlder] = seen
    const sees = fromNewer as { orders: unknown[]; fills: unknown[]; details: unknown[] }
    expect(sees.orders).toHaveLength(6)
    expect(sees.fills.length).toBeGreaterThanOrEqual(4)
    expect(sees.details).toHaveLength(6)
    expect(fromReplay).toEqual(fromNewer)
    expect(fromOlder).toEqual(fromNewer)
  }, 30_000)
})

/**
 * The journal `records` as an older Vigil wrote it, in a new data folder beside a copy of the
 * broker's and the market's files: every merged record as the records it stands for, each
 * check with its message spelled out, appended at the time it was written.
 */
async function writeOlderForm(from: string, records: readonly StoredRecord[]): Promise<string> {
  const to = fresh()
  cpSync(from, to, {
    recursive: true,
    filter: (src) => !/journal|state\.json|vigil\.lock/.test(path.relative(from, src)),
  })
  const clock = new FakeClock(records[0]?.ts)
  const journal = await Journal.open({ dir: path.join(to, 'journal'), clock })
  const intents = new Map<string, { symbol: string; side: 'buy' | 'sell'; quantity: string }>()
  for (const record of records.flatMap(expandRecord)) {
    // It vouched for the newer folder's snapshot, which the older folder does not have.
    if (record.type === 'snapshot.written') continue
    clock.advance(record.ts - clock.now())
    await appendOlder(journal, record, intents)
  }
  await journal.close()
  return to
}

async function appendOlder(
  journal: Journal,
  record: JournalRecord,
  intents: Map<string, { symbol: string; side: 'buy' | 'sell'; quantity: string }>,
): Promise<void> {
  if (record.type === 'order.intent') intents.set(record.payload.orderId, record.payload)
  if (record.type === 'order.gate') {
    const order = intents.get(record.payload.orderId)!
    const checks = describeChecks(record.payload.checks, order)
    await journal.append('order.gate', { ...record.payload, checks })
  } else if (record.type === 'order.verified') {
    const order = intents.get(record.payload.orderId)!
    const checks = describeVerification(record.payload.checks, order)
    await journal.append('order.verified', { ...record.payload, checks })
  } else await journal.append(record.type, record.payload as never)
}

/** Everything about orders a trader can see, with journal seqs left out (they differ). */
async function whatTheTraderSees(engine: Engine, dir: string, date: string) {
  const snapshot = value(await call(engine, 'app:get-snapshot', {}))
  const list = value(await call(engine, 'audit:list', {}))
  const details = []
  for (const row of list) details.push(value(await call(engine, 'audit:get', { seq: row.seq })))
  let csv = ''
  await exportAuditCsv(path.join(dir, 'journal'), (chunk) => void (csv += chunk))
  return withoutSeqs({
    orders: value(await call(engine, 'orders:list', {})),
    fills: value(await call(engine, 'fills:list', {})),
    balances: snapshot.balances,
    positions: snapshot.positions,
    page: value(await call(engine, 'audit:query', { offset: 0, limit: 50 })),
    list,
    details,
    // Without the seq column.
    csv: csv.split('\n').map((line) => line.slice(line.indexOf(',') + 1)),
    // The daily report reads the journal's files; the tracker audit folds them again.
    report: value(await call(engine, 'reports:generate', { date })),
    health: value(await call(engine, 'health:check', {})).checks.map((c) => [c.name, c.level]),
  })
}

function withoutSeqs(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(withoutSeqs)
  if (x === null || typeof x !== 'object') return x
  return Object.fromEntries(
    Object.entries(x)
      .filter(([key]) => key !== 'seq')
      .map(([key, v]) => [key, withoutSeqs(v)]),
  )
}
