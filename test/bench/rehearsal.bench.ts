/**
 * A 90-day rehearsal of the validation plan with the reference strategy on one-minute candles
 * for three symbols, through the whole engine (gate with the size bands, paper exchange,
 * journal, verification, drills on days 35 and 50, a report a day, sign-offs); and, once, the
 * strategy alone as before the plan, for comparison.
 */
import { performance } from 'node:perf_hooks'
import { rehearse } from '../../electron/engine'
import type { RehearsalOptions, RehearsalReport } from '../../electron/engine/rehearsal'
import { cleanup, tempDir } from '../kit/engine'
import type { BenchResult } from './harness'

const SYMBOLS = ['BTC-USD', 'ETH-USD', 'SOL-USD'] as const

async function timed(
  options: Omit<RehearsalOptions, 'dataDir'>,
): Promise<{ seconds: number; cpu: number; report: RehearsalReport }> {
  const dir = tempDir('vigil-bench-rehearsal-')
  try {
    const t0 = performance.now()
    const cpu0 = process.cpuUsage()
    const report = await rehearse({ ...options, dataDir: dir })
    const cpu = process.cpuUsage(cpu0)
    return {
      seconds: (performance.now() - t0) / 1000,
      // Less sensitive than the wall clock to other work on the machine.
      cpu: (cpu.user + cpu.system) / 1e6,
      report,
    }
  } finally {
    cleanup(dir)
  }
}

/** Seconds for a 90-day rehearsal with the plan (three runs) and without it (one). */
export async function benchRehearsal(): Promise<BenchResult[]> {
  const seconds: number[] = []
  const cpu: number[] = []
  const orders: number[] = []
  let outcome = ''
  for (let run = 0; run < 3; run++) {
    const {
      seconds: s,
      cpu: c,
      report,
    } = await timed({
      days: 90,
      seed: 1 + run,
      symbols: [...SYMBOLS],
      strategyId: 'sma-cross',
    })
    seconds.push(s)
    cpu.push(c)
    orders.push(report.accounts.reduce((sum, a) => sum + a.orders, 0))
    if (run === 0) outcome = planOutcome(report)
  }
  const before = await timed({
    days: 90,
    seed: 1,
    symbols: [...SYMBOLS],
    strategyId: 'sma-cross',
    quantity: { 'BTC-USD': '0.01', 'ETH-USD': '0.2', 'SOL-USD': '4' },
    // The strategy alone, as before the plan: fixed sizes, no drills, no daily reports.
    plan: false,
    drillDays: [],
    reports: 'none',
  })
  return [
    {
      name: '90-day rehearsal with the plan, 1-min candles, 3 symbols',
      unit: 's',
      samples: seconds,
      target: { value: 30, lowerIsBetter: true },
      note: `gate with size bands, paper exchange, journal, drills, daily reports, sign-offs; seed 1: ${outcome}`,
    },
    {
      name: 'CPU time of a 90-day rehearsal with the plan',
      unit: 's',
      samples: cpu,
      note: 'user + system of the process, worker threads included',
    },
    { name: 'orders sent in a 90-day rehearsal with the plan', unit: 'orders', samples: orders },
    {
      name: '90-day rehearsal without the plan (comparison)',
      unit: 's',
      samples: [before.seconds],
      note: `the strategy alone at fixed sizes: no plan, drills or reports; CPU ${before.cpu.toFixed(1)} s`,
    },
  ]
}

/** Where the plan got to, in a few words. */
function planOutcome(report: RehearsalReport): string {
  const phase = report.validation?.phase
  const signed = report.signOffs.filter((s) => s.signedOff).map((s) => s.phase)
  const blocked = report.signOffs.find((s) => !s.signedOff)
  return `${phase === 'complete' ? 'plan complete' : `ended in phase ${phase}`}; signed off: ${signed.join(', ') || 'none'}${blocked ? `; phase ${blocked.phase} blocked: ${blocked.blockers.length} reason(s)` : ''}`
}
