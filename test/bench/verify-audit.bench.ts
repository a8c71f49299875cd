/**
 * verify-audit speed on a 1,000,000-record journal: the journal is built once with big
 * concurrent batches of appends, then the whole chain is verified three times (verifyJournal,
 * what `vigil verify-audit` runs), and once more through the built CLI end to end.
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { verifyJournal } from '../../electron/engine/journal'
import { cleanup, tempDir } from '../kit/engine'
import { CLI } from '../kit/server-process'
import type { BenchResult } from './harness'
import { appendFills } from './journal-records'

const RECORDS = 1_000_000
const RUNS = 3

/** Measures records verified per second. */
export async function benchVerifyAudit(): Promise<BenchResult[]> {
  const dir = tempDir('vigil-bench-verify-')
  try {
    await appendFills(dir, RECORDS, 50_000)
    const samples: number[] = []
    for (let run = 0; run < RUNS; run++) {
      const report = await verifyJournal(dir)
      if (!report.ok || report.records !== RECORDS) {
        throw new Error(`the benchmark journal did not verify: ${JSON.stringify(report.firstBad)}`)
      }
      samples.push(RECORDS / (report.durationMs / 1000))
    }
    const results: BenchResult[] = [
      {
        name: 'verify-audit, 1,000,000-record journal',
        unit: 'records/s',
        samples,
        target: { value: 500_000, lowerIsBetter: false },
        note: 'verifyJournal over the whole chain (hash of every line, seq and prev links)',
      },
    ]
    if (existsSync(CLI)) {
      const t0 = performance.now()
      execFileSync(process.execPath, [CLI, 'verify-audit', dir], { stdio: 'ignore' })
      const seconds = (performance.now() - t0) / 1000
      results.push({
        name: 'vigil verify-audit CLI, 1,000,000 records',
        unit: 'records/s',
        samples: [RECORDS / seconds],
        target: { value: 500_000, lowerIsBetter: false },
        note: 'one run of the built CLI as a child process, Node start-up included',
      })
    }
    return results
  } finally {
    cleanup(dir)
  }
}
