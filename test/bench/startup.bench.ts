/**
 * Engine start-up on a data folder holding 10,000 orders: with the snapshot a clean shutdown
 * leaves, and with no snapshot at all (a full journal replay).
 */
import { rmSync } from 'node:fs'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { createEngine } from '../../electron/engine'
import { systemClock } from '../../electron/host'
import { cleanup, tempDir } from '../kit/engine'
import { writeOrderHistory } from '../kit/fixtures'
import type { BenchResult } from './harness'

const ORDERS = 10_000
const RUNS = 5

/** Measures time to a ready engine. */
export async function benchStartup(): Promise<BenchResult[]> {
  const dir = tempDir('vigil-bench-startup-')
  try {
    const records = await writeOrderHistory(dir, ORDERS)
    const withSnapshot: number[] = []
    const fullReplay: number[] = []
    // The first start replays everything and leaves a snapshot behind on close.
    const first = await createEngine({ dataDir: dir, clock: systemClock, startMarket: false })
    await first.close()
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now()
      const engine = await createEngine({ dataDir: dir, clock: systemClock, startMarket: false })
      withSnapshot.push(performance.now() - t0)
      await engine.close()
    }
    for (let i = 0; i < RUNS; i++) {
      rmSync(path.join(dir, 'state.json'), { force: true })
      rmSync(path.join(dir, 'state.json.prev'), { force: true })
      const t0 = performance.now()
      const engine = await createEngine({ dataDir: dir, clock: systemClock, startMarket: false })
      fullReplay.push(performance.now() - t0)
      await engine.close()
    }
    const note = `${ORDERS.toLocaleString('en-US')} orders, ${records.toLocaleString('en-US')} journal records`
    return [
      {
        name: 'engine ready, snapshot + tail',
        unit: 'ms',
        samples: withSnapshot,
        target: { value: 2000, lowerIsBetter: true },
        note,
      },
      {
        name: 'engine ready, full journal replay',
        unit: 'ms',
        samples: fullReplay,
        target: { value: 2000, lowerIsBetter: true },
        note,
      },
    ]
  } finally {
    cleanup(dir)
  }
}
