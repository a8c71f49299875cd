/**
 * Journal appends with group commit: 200,000 order.fill records appended in chunks of 10,000
 * concurrent appends, each chunk written and fsynced together; records per second of wall time
 * until the last one is durable.
 */
import { cleanup, tempDir } from '../kit/engine'
import type { BenchResult } from './harness'
import { appendFills } from './journal-records'

const RECORDS = 200_000
const CHUNK = 10_000
const RUNS = 5

/** Measures durable journal appends per second. */
export async function benchJournalAppend(): Promise<BenchResult[]> {
  const samples: number[] = []
  for (let run = 0; run < RUNS; run++) {
    const dir = tempDir('vigil-bench-append-')
    try {
      const ms = await appendFills(dir, RECORDS, CHUNK)
      samples.push(RECORDS / (ms / 1000))
    } finally {
      cleanup(dir)
    }
  }
  return [
    {
      name: 'journal appends, group commit',
      unit: 'records/s',
      samples,
      target: { value: 200_000, lowerIsBetter: false },
      note: `${RECORDS.toLocaleString('en-US')} order.fill records, ${CHUNK.toLocaleString('en-US')} concurrent appends per fsynced group, wall time to the last durable record`,
    },
  ]
}
