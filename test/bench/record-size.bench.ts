/**
 * What one order costs the journal, in bytes on disk: every record of a filled order (intent,
 * gate decision, broker's answer, fill, close, verification), its gate decision alone, and a
 * refused order. Sizes do not depend on the machine: one run, exact figures.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { call, cleanup, tempDir, testEngine } from '../kit/engine'
import { median, type BenchResult } from './harness'

const ORDERS = 200

/** The bytes of each order's records (newline included), by order id, and of its gate record. */
function bytesPerOrder(dataDir: string): Map<string, { all: number; gate: number }> {
  const folder = path.join(dataDir, 'journal')
  const sizes = new Map<string, { all: number; gate: number }>()
  for (const file of readdirSync(folder).filter((f) => f.endsWith('.jsonl'))) {
    for (const line of readFileSync(path.join(folder, file), 'utf8').split('\n')) {
      if (!line) continue
      const record = JSON.parse(line) as { type: string; payload: { orderId?: string } }
      const orderId = record.payload.orderId
      if (!record.type.startsWith('order.') || orderId === undefined) continue
      const bytes = Buffer.byteLength(line) + 1
      const size = sizes.get(orderId) ?? { all: 0, gate: 0 }
      size.all += bytes
      if (record.type === 'order.gate') size.gate += bytes
      sizes.set(orderId, size)
    }
  }
  return sizes
}

/** Journal bytes per order, filled and refused, on a paper account. */
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
    const sizes = bytesPerOrder(dir)
    const of = (ids: string[], key: 'all' | 'gate'): number[] =>
      ids.map((id) => sizes.get(id)?.[key] ?? 0)
    const note = `${filled.length} filled and ${refused.length} refused market orders, BTC-USD`
    return [
      {
        name: 'journal bytes per filled order',
        unit: 'B',
        samples: [median(of(filled, 'all'))],
        note,
      },
      { name: 'gate record of a filled order', unit: 'B', samples: [median(of(filled, 'gate'))] },
      { name: 'journal bytes per refused order', unit: 'B', samples: [median(of(refused, 'all'))] },
    ]
  } finally {
    cleanup(dir)
  }
}
