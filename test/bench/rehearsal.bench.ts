/**
 * A 90-day rehearsal of the reference strategy on one-minute candles for three symbols,
 * through the whole engine (gate, paper exchange, journal, verification).
 */
import { performance } from 'node:perf_hooks'
import { rehearse } from '../../electron/engine'
import { cleanup, tempDir } from '../kit/engine'
import type { BenchResult } from './harness'

/** Seconds for a 90-day rehearsal, three runs. */
export async function benchRehearsal(): Promise<BenchResult[]> {
  const seconds: number[] = []
  const orders: number[] = []
  for (let run = 0; run < 3; run++) {
    const dir = tempDir('vigil-bench-rehearsal-')
    try {
      const t0 = performance.now()
      const report = await rehearse({
        dataDir: dir,
        days: 90,
        seed: 1 + run,
        symbols: ['BTC-USD', 'ETH-USD', 'SOL-USD'],
        strategyId: 'sma-cross',
        quantity: { 'BTC-USD': '0.01', 'ETH-USD': '0.2', 'SOL-USD': '4' },
        // The strategy alone, as before the plan: fixed sizes, no drills, no daily reports.
        plan: false,
        drillDays: [],
        reports: false,
      })
      seconds.push((performance.now() - t0) / 1000)
      orders.push(report.accounts.reduce((sum, a) => sum + a.orders, 0))
    } finally {
      cleanup(dir)
    }
  }
  return [
    {
      name: '90-day rehearsal, 1-min candles, 3 symbols',
      unit: 's',
      samples: seconds,
      target: { value: 30, lowerIsBetter: true },
      note: 'reference strategy through gate, paper exchange and journal',
    },
    { name: 'orders sent in a 90-day rehearsal', unit: 'orders', samples: orders },
  ]
}
