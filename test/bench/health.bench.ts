/**
 * A round of health checks on a console with a trading history: every check, the tracker's
 * re-fold of what was written since the last round included; the paper broker answers at once,
 * so broker latency is not in the figure.
 */
import { performance } from 'node:perf_hooks'
import { createEngine } from '../../electron/engine'
import { systemClock } from '../../electron/host'
import { parseCommand } from '../../shared/contract'
import { cleanup, tempDir } from '../kit/engine'
import { median, type BenchResult } from './harness'

/** Milliseconds per health round, median of 20 rounds, three runs. */
export async function benchHealth(): Promise<BenchResult[]> {
  const runs: number[] = []
  for (let run = 0; run < 3; run++) {
    const dir = tempDir('vigil-bench-health-')
    const engine = await createEngine({
      dataDir: dir,
      clock: systemClock,
      initialBalance: '1000000',
      paper: { latencyMs: 0 },
      healthIntervalMs: 0,
    })
    try {
      const check = parseCommand('health:check', {})
      if (!check.ok) throw new Error(check.error.message)
      const rounds: number[] = []
      for (let round = 0; round < 20; round++) {
        // Some trading between rounds, so the tracker has records to fold.
        for (let i = 0; i < 5; i++) {
          const order = parseCommand('orders:submit', {
            symbol: 'SOL-USD',
            side: 'buy',
            type: 'market',
            quantity: '0.01',
          })
          if (!order.ok) throw new Error(order.error.message)
          await engine.handle(order.value, { source: 'api' })
        }
        const t0 = performance.now()
        const result = await engine.handle(check.value, { source: 'api' })
        if (!result.ok) throw new Error(result.error.message)
        rounds.push(performance.now() - t0)
      }
      runs.push(median(rounds))
    } finally {
      await engine.close()
      cleanup(dir)
    }
  }
  return [
    {
      name: 'health round',
      unit: 'ms',
      samples: runs,
      target: { value: 50, lowerIsBetter: true },
      note: 'every check; paper broker answers at once',
    },
  ]
}
