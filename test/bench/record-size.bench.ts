/**
 * What one order costs the journal, in bytes on disk and records: a filled order (placed,
 * answered, verified), its placed record alone, its verification alone, and a refused order.
 * Beside each, the same orders in the form before records were merged (six records a filled
 * order, each verification check's message spelled out; the gate's checks were already
 * compact), computed from the same records in the same run. Sizes do not depend
 * on the machine: one run, exact figures.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import {
  describeVerification,
  expandRecord,
  type JournalRecord,
  type StoredRecord,
} from '../../electron/engine/journal'
import { call, cleanup, tempDir, testEngine } from '../kit/engine'
import { median, type BenchResult } from './harness'

const ORDERS = 200
const HASH = 'f'.repeat(64)

interface Size {
  bytes: number
  records: number
  placed: number
  verified: number
}
const none = (): Size => ({ bytes: 0, records: 0, placed: 0, verified: 0 })

function storedRecords(dataDir: string): StoredRecord[] {
  const folder = path.join(dataDir, 'journal')
  return readdirSync(folder)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .flatMap((f) => readFileSync(path.join(folder, f), 'utf8').split('\n'))
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as StoredRecord)
}

/** The bytes and records of each order, by order id, for lines as `records` hold them. */
function sizesOf(records: readonly StoredRecord[]): Map<string, Size> {
  const sizes = new Map<string, Size>()
  for (const record of records) {
    const orderId = (record.payload as { orderId?: string }).orderId
    if (!record.type.startsWith('order.') || orderId === undefined) continue
    const bytes = Buffer.byteLength(JSON.stringify(record)) + 1
    const size = sizes.get(orderId) ?? none()
    size.bytes += bytes
    size.records += 1
    if (record.type === 'order.placed' || record.type === 'order.gate') size.placed += bytes
    if (record.type === 'order.intent') size.placed += bytes
    if (record.type === 'order.verified') size.verified += bytes
    sizes.set(orderId, size)
  }
  return sizes
}

/** The same records as Vigil wrote them before: one per step, verification words spelled out. */
function olderForm(records: readonly StoredRecord[]): StoredRecord[] {
  const intents = new Map<string, Extract<JournalRecord, { type: 'order.intent' }>['payload']>()
  let seq = 0
  return records.flatMap(expandRecord).map((record): StoredRecord => {
    const at = { seq: ++seq, ts: record.ts, prev: HASH, hash: HASH }
    if (record.type === 'order.intent') intents.set(record.payload.orderId, record.payload)
    const order = intents.get((record.payload as { orderId?: string }).orderId ?? '')
    if (record.type === 'order.verified' && order)
      return {
        ...at,
        type: record.type,
        payload: { ...record.payload, checks: describeVerification(record.payload.checks, order) },
      }
    return { ...record, ...at }
  })
}

/** Journal bytes per order, filled and refused, on a paper account, now and in the older form. */
export async function benchRecordSize(): Promise<BenchResult[]> {
  const dir = tempDir('vigil-bench-records-')
  try {
    const { engine } = await testEngine(dir)
    // Every order to the broker: none refused for the rate alone.
    await call(engine, 'limits:update', { limits: { maxOrdersPerMinute: 10_000 } })
    const filled: string[] = []
    const refused: string[] = []
    for (let i = 0; i < ORDERS; i++) {
      const side = i % 2 === 0 ? 'buy' : 'sell'
      const r = await call(engine, 'orders:submit', {
        symbol: 'BTC-USD',
        side,
        type: 'market',
        quantity: '0.01',
      })
      if (r.ok) filled.push(r.value.id)
      const bad = await call(engine, 'orders:submit', {
        symbol: 'BTC-USD',
        side: 'buy',
        type: 'market',
        quantity: '0.000015',
      })
      if (!bad.ok) refused.push((bad.error.details as { id: string }).id)
    }
    await engine.close()
    const stored = storedRecords(dir)
    const now = sizesOf(stored)
    const before = sizesOf(olderForm(stored))
    const of = (sizes: Map<string, Size>, ids: string[], key: keyof Size): number =>
      median(ids.map((id) => sizes.get(id)?.[key] ?? 0))
    const rows = (name: string, unit: string, ids: string[], key: keyof Size): BenchResult[] => [
      { name, unit, samples: [of(now, ids, key)] },
      { name: '  before: six records, words stored', unit, samples: [of(before, ids, key)] },
    ]
    return [
      ...rows('journal bytes per filled order', 'B', filled, 'bytes').map((r, i) =>
        i === 0
          ? {
              ...r,
              note: `${filled.length} filled and ${refused.length} refused market orders, BTC-USD`,
            }
          : r,
      ),
      ...rows('journal records per filled order', 'records', filled, 'records'),
      ...rows('intent and gate decision of a filled order', 'B', filled, 'placed'),
      ...rows('verification of a filled order', 'B', filled, 'verified'),
      ...rows('journal bytes per refused order', 'B', refused, 'bytes'),
    ]
  } finally {
    cleanup(dir)
  }
}
