/**
 * Live performance's memory and start with 1,000 and 100,000 filled round trips: the heap the
 * trades fold keeps (round trips, order outcomes, statistics), the bytes per round trip, the
 * snapshot state it adds, and its start from that state and the trade-history file. Beside it,
 * the same trades kept the way the tracker kept them before (an object per trade and order).
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import type { Order } from '../../shared/types'
import { tradeHistoryFile } from '../../electron/engine/core'
import type { JournalRecord } from '../../electron/engine/journal'
import type { Ledger } from '../../electron/engine/ledger'
import {
  PerformanceTracker,
  tradesFold,
  type LiveTrades,
  type LiveTradesState,
} from '../../electron/engine/performance'
import { median, type BenchResult } from './harness'

const SIZES = [1_000, 100_000] as const
const RUNS = 3
const ACCOUNT = 'paper-1'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

/** Heap in use after a full collection, in bytes. */
function heap(): number {
  gc()
  gc()
  return process.memoryUsage().heapUsed
}

/**
 * The ledger as the trades fold reads it, keeping working orders only (the ledger's history is
 * not what is measured, and it will keep only a recent window).
 */
class WorkingOrders {
  private readonly orders = new Map<string, Order>()
  private ended: Order | null = null

  findOrder(_accountId: string, id: string): Order | undefined {
    return this.orders.get(id) ?? (this.ended?.id === id ? this.ended : undefined)
  }

  cashBeforeFills(): { toNumber: () => number } {
    return { toNumber: () => 1_000_000 }
  }

  apply(record: JournalRecord): void {
    const p = record.payload as Record<string, string>
    if (record.type === 'order.intent') {
      this.orders.set(
        p.orderId as string,
        {
          id: p.orderId,
          clientOrderId: p.orderId,
          accountId: ACCOUNT,
          symbol: 'BTC-USD',
          side: p.side,
          type: 'market',
          quantity: p.quantity,
          limitPrice: null,
          source: 'api',
          status: 'open',
          filledQuantity: '0',
          averagePrice: null,
          fee: '0',
          expectedPrice: p.expectedPrice,
          createdAt: record.ts,
          updatedAt: record.ts,
          checks: [],
          reason: null,
          seq: record.seq,
        } as Order,
      )
    } else if (record.type === 'order.fill') {
      const order = this.orders.get(p.orderId as string) as Order
      this.orders.set(order.id, {
        ...order,
        filledQuantity: p.quantity as string,
        averagePrice: p.price as string,
        fee: p.fee as string,
        updatedAt: record.ts,
      })
    } else if (record.type === 'order.closed') {
      const order = this.orders.get(p.orderId as string) as Order
      this.orders.delete(order.id)
      this.ended = { ...order, status: 'filled', updatedAt: record.ts }
    }
  }
}

/** The records of `count` round trips (a buy and a sell, one fill each), in journal order. */
function* roundTrips(count: number): Generator<JournalRecord> {
  let seq = 0
  const ts0 = Date.UTC(2026, 0, 5)
  const record = (type: string, payload: object, ts: number): JournalRecord =>
    ({ seq: ++seq, ts, type, payload }) as unknown as JournalRecord
  yield record(
    'account.opened',
    { accountId: ACCOUNT, name: 'Paper', kind: 'paper', quoteAsset: 'USD', initialBalance: '1e6' },
    ts0,
  )
  for (let i = 0; i < count; i++) {
    for (const side of ['buy', 'sell'] as const) {
      const ts = ts0 + i * 60_000 + (side === 'sell' ? 30_000 : 0)
      const orderId = `ord-${seq + 1}`
      const price = (60_000 + ((i * 7919) % 1_000) / 10).toFixed(2)
      const base = { orderId, accountId: ACCOUNT }
      yield record(
        'order.intent',
        { ...base, side, quantity: '0.01', expectedPrice: '60000.00' },
        ts,
      )
      yield record(
        'order.fill',
        { ...base, fillId: `f-${seq}`, quantity: '0.01', price, fee: '0.36', ts },
        ts,
      )
      yield record('order.closed', { ...base, status: 'filled', reason: null }, ts)
    }
  }
}

/** Feeds `count` round trips into a trades fold on `dir`; returns it and its fold. */
function build(
  dir: string,
  count: number,
): { live: LiveTrades; fold: ReturnType<typeof tradesFold> } {
  const fold = tradesFold(dir)
  const live = fold.fromState(undefined)
  const ledger = new WorkingOrders()
  for (const record of roundTrips(count)) {
    ledger.apply(record)
    fold.apply(live, record, { ledger: ledger as unknown as Ledger })
  }
  return { live, fold }
}

/** The same trades in the tracker as it kept them before: an object per trade and order. */
function buildInMemory(count: number): PerformanceTracker {
  const tracker = new PerformanceTracker({ timeZone: 'UTC', capital: { [ACCOUNT]: 1e6 } })
  const ledger = new WorkingOrders()
  for (const record of roundTrips(count)) {
    ledger.apply(record)
    const p = record.payload as Record<string, string>
    const order = ledger.findOrder(ACCOUNT, p.orderId as string) as Order
    if (record.type === 'order.fill')
      tracker.addFill({
        ...order,
        id: p.fillId as string,
        orderId: order.id,
        ts: record.ts,
        quantity: p.quantity as string,
        price: p.price as string,
        fee: p.fee as string,
      })
    else if (record.type === 'order.closed') tracker.addOrder(order)
  }
  return tracker
}

/** The heap the trades fold keeps after `count` round trips, its state and its file. */
function measureFold(dir: string, count: number): { bytes: number; state: LiveTradesState } {
  const base = heap()
  const built = build(dir, count)
  const state = built.fold.toState(built.live)
  const bytes = heap() - base
  // Used after the measure, so that the collector cannot take the fold before it.
  if (built.live.book.tradesIn(undefined, {}, 1).length === 0) throw new Error('no trades')
  return { bytes, state }
}

/** Its start from that state and the file, and one Performance read. */
function measureStart(
  dir: string,
  state: LiveTradesState,
): { startMs: number; viewMs: number; readMs: number } {
  // The machine's floor: reading the file's bytes, nothing made of them.
  const r0 = performance.now()
  if (readFileSync(tradeHistoryFile(dir)).length === 0) throw new Error('no history')
  const readMs = performance.now() - r0
  const t0 = performance.now()
  const resumed = tradesFold(dir).fromState(state)
  const startMs = performance.now() - t0
  const t1 = performance.now()
  resumed.book.metrics(ACCOUNT)
  if (resumed.book.tradesIn(undefined, {}, 500).length === 0) throw new Error('no trades')
  return { startMs, viewMs: performance.now() - t1, readMs }
}

/** The heap the same trades take kept as objects, as the tracker kept them before. */
function measureObjects(count: number): number {
  const base = heap()
  const tracker = buildInMemory(count)
  const bytes = heap() - base
  if (tracker.trades().length !== count) throw new Error('round trips were lost')
  return bytes
}

/** Heap (MB) and bytes per round trip of the trades fold, its state and start, by size. */
export function benchLivePerformance(): BenchResult[] {
  const results: BenchResult[] = []
  const heapMb: Record<number, number[]> = {}
  for (const count of SIZES) {
    const kept: number[] = []
    const before: number[] = []
    const state: number[] = []
    const file: number[] = []
    const resume: number[] = []
    const view: number[] = []
    const ratio: number[] = []
    for (let run = 0; run < RUNS; run++) {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-bench-perf-'))
      try {
        const fold = measureFold(dir, count)
        kept.push(fold.bytes)
        state.push(JSON.stringify(fold.state).length)
        file.push(statSync(tradeHistoryFile(dir)).size)
        const start = measureStart(dir, fold.state)
        resume.push(start.startMs)
        view.push(start.viewMs)
        ratio.push(start.startMs / start.readMs)
        before.push(measureObjects(count))
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    }
    heapMb[count] = kept.map((b) => b / 1e6)
    const label = count.toLocaleString('en-US')
    results.push(
      {
        name: `live performance heap, ${label} round trips`,
        unit: 'MB',
        samples: kept.map((b) => b / 1e6),
        note: 'heap the trades fold keeps (columns, statistics, open lots), after a full GC',
      },
      {
        name: `live performance bytes per round trip, ${label}`,
        unit: 'B',
        samples: kept.map((b) => b / count),
        note: 'a round trip is 2 orders and 2 fills: its trade and 2 order outcomes',
      },
      {
        name: `same trades kept as objects (before), ${label}`,
        unit: 'MB',
        samples: before.map((b) => b / 1e6),
        note: 'PerformanceTracker as it kept them before: an object per trade, per order, ids seen',
      },
      {
        name: `trades state in the snapshot, ${label}`,
        unit: 'B',
        samples: state,
        note: `running totals and open lots; the history is in trade-history.bin (${(median(file) / 1e6).toFixed(1)} MB)`,
      },
      {
        name: `trades fold start, ${label}`,
        unit: 'ms',
        samples: resume,
        note: 'fromState: the snapshot state and the trade-history file read back into columns',
      },
      {
        name: `trades fold start / reading its file's bytes, ${label}`,
        unit: '×',
        samples: ratio,
        note: 'the start beside the floor of this machine in the same run: readFileSync of the file',
      },
      {
        name: `Performance figures and 500 trades, ${label}`,
        unit: 'ms',
        samples: view,
        note: 'the first metrics of one account (the median heaps built then) and the newest 500 round trips read from the file',
      },
    )
  }
  const small = median(heapMb[1_000] ?? [0])
  results.push({
    name: 'live performance heap at 100,000 over the issue’s RSS allowance',
    unit: 'MB',
    samples: (heapMb[100_000] ?? []).map((mb) => mb - (small * 1.2 + 50)),
    target: { value: 0, lowerIsBetter: true },
    note: 'heap at 100,000 − (1.2 × heap at 1,000 + 50 MB): ≤ 0 keeps this part inside the target',
  })
  return results
}
