/**
 * The engine as closed orders accumulate, with 1,000 and with 100,000 in the data folder: the
 * state snapshot's size and the share of each part, what writing it costs (the synchronous
 * serialization holds the engine's event loop), and, in a process of its own with orders
 * flowing at 100 a second and a snapshot every 5 s, the event loop's longest block beside the
 * machine's own (an idle loop in the same process) and the resident memory. Audit decisions,
 * and orders and fills beyond the ledger's recent window, are read from the journal.
 */
import { spawnSync } from 'node:child_process'
import { cpSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { createEngine } from '../../electron/engine'
import { SnapshotStore } from '../../electron/engine/resilience'
import { systemClock } from '../../electron/host'
import { cleanup, tempDir } from '../kit/engine'
import { MIXED_HISTORY_MIX, writeMixedHistory } from '../kit/fixtures'
import { median, type BenchResult } from './harness'

const SIZES = [1_000, 100_000] as const
/** Journal records per order in the mixed history (six of them the order's own). */
const RECORDS_PER_ORDER = 8
const RUNS = 5
/** Seconds of orders at 100/s in the load run (four snapshots at least). */
const LOAD_SECONDS = 20

/** What the load run in its own process measured. */
interface Load {
  readonly idleMs: number
  readonly blockMs: number
  readonly placed: number
  readonly refused: number
  readonly rss: number
  readonly heapUsed: number
}

/** Load runs per size, each on its own copy of the data folder (each adds an account). */
const LOAD_RUNS = 3

function loadOnce(dir: string): Load {
  const child = path.join(import.meta.dirname, 'history-load.child.ts')
  const run = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', child, dir, String(LOAD_SECONDS)],
    { encoding: 'utf8', timeout: 300_000 },
  )
  const line = run.stdout.trim().split('\n').at(-1) ?? ''
  if (run.status !== 0 || !line.startsWith('{'))
    throw new Error(`the load run failed: ${run.stderr || run.stdout}`)
  return JSON.parse(line) as Load
}

function load(dir: string): Load[] {
  const runs: Load[] = []
  for (let i = 0; i < LOAD_RUNS; i++) {
    const copy = tempDir('vigil-bench-load-')
    try {
      cpSync(dir, copy, { recursive: true })
      runs.push(loadOnce(copy))
    } finally {
      cleanup(copy)
    }
  }
  return runs
}

interface Measured {
  readonly orders: number
  readonly bytes: number
  readonly parts: Record<string, number>
  readonly serializeMs: number[]
  readonly saveMs: number[]
  readonly load: Load[]
}

async function measure(orders: number): Promise<Measured> {
  const dir = tempDir('vigil-bench-snapshot-')
  try {
    await writeMixedHistory(dir, { orders, records: orders * RECORDS_PER_ORDER })
    // A full replay, then a clean close: the snapshot an engine would resume from.
    const engine = await createEngine({ dataDir: dir, clock: systemClock, startMarket: false })
    await engine.close()
    const file = path.join(dir, 'state.json')
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { folds: Record<string, unknown> }
    const ledger = stored.folds.ledger as { accounts: Record<string, unknown>[] }
    const partOf = (pick: (account: Record<string, unknown>) => unknown): number =>
      ledger.accounts.reduce((sum, a) => sum + Buffer.byteLength(JSON.stringify(pick(a) ?? [])), 0)
    const parts: Record<string, number> = {
      'ledger orders': partOf((a) => a.orders),
      'ledger fills': partOf((a) => a.fills),
      'ledger, the rest': 0,
      'everything else': 0,
    }
    parts['ledger, the rest'] =
      Buffer.byteLength(JSON.stringify(ledger)) -
      (parts['ledger orders'] as number) -
      (parts['ledger fills'] as number)
    const { ledger: _, ...rest } = stored.folds
    parts['everything else'] = Buffer.byteLength(JSON.stringify(rest))
    const store = new SnapshotStore(dir)
    const data = (await store.load()).data
    if (!data) throw new Error('the snapshot did not load')
    const serializeMs: number[] = []
    const saveMs: number[] = []
    for (let i = 0; i < RUNS; i++) {
      let t0 = performance.now()
      JSON.stringify(data)
      serializeMs.push(performance.now() - t0)
      t0 = performance.now()
      await store.save(data, async () => undefined)
      saveMs.push(performance.now() - t0)
    }
    const bytes = statSync(file).size
    return { orders, bytes, parts, serializeMs, saveMs, load: load(dir) }
  } finally {
    cleanup(dir)
  }
}

/** One figure of each load run. */
const of = (m: Measured, pick: (l: Load) => number): number[] => m.load.map(pick)
const sum = (m: Measured, pick: (l: Load) => number): number =>
  of(m, pick).reduce((a, b) => a + b, 0)
const ms = (m: Measured, pick: (l: Load) => number): string =>
  `${of(m, pick)
    .map((v) => v.toFixed(1))
    .join(', ')} ms`

/** Measures the snapshot at 1,000 and at 100,000 closed orders. */
export async function benchSnapshotSize(): Promise<BenchResult[]> {
  const measured: Measured[] = []
  for (const orders of SIZES) {
    console.error(`  ${orders.toLocaleString('en-US')} orders…`)
    measured.push(await measure(orders))
  }
  const small = measured[0] as Measured
  const large = measured.at(-1) as Measured
  const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(2)} MB`
  // The targets: the snapshot stays within 1.2 × its size at 1,000 orders, and nothing
  // (a snapshot included) holds the event loop over 50 ms.
  const targets: BenchResult[] = [
    {
      name: `snapshot size at ${large.orders.toLocaleString('en-US')} / at ${small.orders.toLocaleString('en-US')} closed orders`,
      unit: '×',
      samples: [large.bytes / small.bytes],
      target: { value: 1.2, lowerIsBetter: true },
    },
    {
      name: `snapshot serialize at ${large.orders.toLocaleString('en-US')} closed orders (one event-loop block)`,
      unit: 'ms',
      samples: large.serializeMs,
      target: { value: 50, lowerIsBetter: true },
    },
    {
      name: `longest event-loop block, orders at 100/s and snapshots, ${large.orders.toLocaleString('en-US')} closed orders`,
      unit: 'ms',
      samples: of(large, (l) => l.blockMs),
      target: { value: 50, lowerIsBetter: true },
      note: `each run's longest block over ${LOAD_SECONDS} s of orders with a snapshot every 5 s (${sum(large, (l) => l.placed)} placed, ${sum(large, (l) => l.refused)} refused); an idle loop in the same process: ${ms(large, (l) => l.idleMs)}; at ${small.orders.toLocaleString('en-US')} orders: ${ms(small, (l) => l.blockMs)}`,
    },
    {
      name: `RSS at ${large.orders.toLocaleString('en-US')} / (1.2 × RSS at ${small.orders.toLocaleString('en-US')} + 50 MB)`,
      unit: '×',
      samples: of(large, (l) => l.rss / (1.2 * median(of(small, (s) => s.rss)) + 50e6)),
      target: { value: 1, lowerIsBetter: true },
      note: `RSS ${mb(median(of(large, (l) => l.rss)))} against ${mb(median(of(small, (l) => l.rss)))} (heap used ${mb(median(of(large, (l) => l.heapUsed)))} against ${mb(median(of(small, (l) => l.heapUsed)))}), medians after each load run and a full GC`,
    },
  ]
  return measured
    .flatMap((m) => {
      const shares = Object.entries(m.parts)
        .map(([name, bytes]) => `${name} ${mb(bytes)} (${Math.round((100 * bytes) / m.bytes)} %)`)
        .join(', ')
      const label = `${m.orders.toLocaleString('en-US')} closed orders`
      const note = `${label}, ${(m.orders * RECORDS_PER_ORDER).toLocaleString('en-US')} records; ${shares}; ${MIXED_HISTORY_MIX}`
      return [
        {
          name: `snapshot size, ${label}`,
          unit: 'MB',
          samples: [m.bytes / 1e6],
          note: `${(m.bytes / small.bytes).toFixed(2)} × the size at ${small.orders.toLocaleString('en-US')} orders (target 1.2 ×); ${note}`,
        },
        {
          name: `snapshot size without the ledger, ${label}`,
          unit: 'kB',
          samples: [(m.parts['everything else'] as number) / 1e3],
          note: `what is not the ledger's orders and fills (the audit trail was here); ${note}`,
        },
        {
          name: `snapshot serialize (holds the event loop), ${label}`,
          unit: 'ms',
          samples: m.serializeMs,
          note: `JSON.stringify of the snapshot, median ${median(m.serializeMs).toFixed(1)} ms`,
        },
        {
          name: `snapshot save (serialize + write + fsync + rename), ${label}`,
          unit: 'ms',
          samples: m.saveMs,
        },
      ]
    })
    .concat(targets)
}
