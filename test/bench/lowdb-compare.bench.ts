/**
 * The journal against the naive alternative: the same order.fill appends through a lowdb
 * JSONFile document that rewrites itself on every record (push, then `await db.write()`), at
 * 10,000 and 100,000 records, reported as records per second and as a ratio at 100,000.
 *
 * A rewrite costs time in proportion to the document's size, so n naive appends cost O(n²):
 * 10,000 are measured in full (once: it takes minutes), while 100,000 would take hours. For
 * 100,000 the per-append time is sampled on a document already holding 90,000 records and the
 * total is extrapolated from the measured 10,000-record run and that sample (per-append time
 * grows linearly with size); the figure is labelled as extrapolated.
 */
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { Low } from 'lowdb'
import { JSONFile } from 'lowdb/node'
import { cleanup, tempDir } from '../kit/engine'
import { median, type BenchResult } from './harness'
import { appendFills, fillPayload } from './journal-records'

const SMALL = 10_000
const LARGE = 100_000
const JOURNAL_RUNS = 5
/** Where the large document is sampled, and for how many appends (or how long, if sooner). */
const SAMPLE_AT = 90_000
const SAMPLE_APPENDS = 200
const SAMPLE_BUDGET_MS = 20_000
/** The appends at the end of the full run that tell its per-append time at 10,000. */
const TAIL = 200

interface Doc {
  records: unknown[]
}

function naiveRecord(i: number): unknown {
  return { seq: i + 1, ts: 1_795_521_600_000 + i, type: 'order.fill', payload: fillPayload(i) }
}

/** Appends `count` records one by one, rewriting the document each time; per-append ms. */
async function naiveAppends(file: string, from: number, count: number, budgetMs = Infinity) {
  const db = new Low<Doc>(new JSONFile<Doc>(file), { records: [] })
  if (from > 0) {
    // The starting document, written once and not timed.
    db.data.records = Array.from({ length: from }, (_, i) => naiveRecord(i))
    await db.write()
  }
  const times: number[] = []
  const started = performance.now()
  for (let i = from; i < from + count; i++) {
    const t0 = performance.now()
    db.data.records.push(naiveRecord(i))
    await db.write()
    times.push(performance.now() - t0)
    if (performance.now() - started > budgetMs) break
  }
  return { times, totalMs: performance.now() - started }
}

/** Journal records/s for `count` appends, over several runs. */
async function journalRate(count: number): Promise<number[]> {
  const samples: number[] = []
  for (let run = 0; run < JOURNAL_RUNS; run++) {
    const dir = tempDir('vigil-bench-journal-')
    try {
      const ms = await appendFills(dir, count, 10_000)
      samples.push(count / (ms / 1000))
    } finally {
      cleanup(dir)
    }
  }
  return samples
}

/** Compares the journal with a naive lowdb document. */
export async function benchLowdbComparison(): Promise<BenchResult[]> {
  const journalSmall = await journalRate(SMALL)
  const journalLarge = await journalRate(LARGE)

  const dir = tempDir('vigil-bench-lowdb-')
  try {
    const full = await naiveAppends(path.join(dir, 'small.json'), 0, SMALL)
    const lowdbSmall = SMALL / (full.totalMs / 1000)

    const sample = await naiveAppends(
      path.join(dir, 'large.json'),
      SAMPLE_AT,
      SAMPLE_APPENDS,
      SAMPLE_BUDGET_MS,
    )
    // Per-append time as a line through two measured points: the end of the full run and
    // the sample on the large document.
    const n1 = SMALL - TAIL / 2
    const t1 = median(full.times.slice(-TAIL))
    const n2 = SAMPLE_AT + sample.times.length / 2
    const t2 = median(sample.times)
    const slope = (t2 - t1) / (n2 - n1)
    let extrapolatedMs = full.totalMs
    for (let n = SMALL + 1; n <= LARGE; n++) extrapolatedMs += t1 + slope * (n - n1)
    const lowdbLarge = LARGE / (extrapolatedMs / 1000)
    const ratio = median(journalLarge) / lowdbLarge
    const hours = extrapolatedMs / 3_600_000

    return [
      {
        name: 'journal appends, 10,000 records',
        unit: 'records/s',
        samples: journalSmall,
        note: 'fsynced group commits of up to 10,000 appends',
      },
      {
        name: 'naive lowdb appends, 10,000 records',
        unit: 'records/s',
        samples: [lowdbSmall],
        note: `measured in full, one run (${(full.totalMs / 1000).toFixed(0)} s); lowdb JSONFile rewrites the whole document per record and never fsyncs`,
      },
      {
        name: 'journal appends, 100,000 records',
        unit: 'records/s',
        samples: journalLarge,
      },
      {
        name: 'naive lowdb appends, 100,000 records (extrapolated)',
        unit: 'records/s',
        samples: [lowdbLarge],
        note: `EXTRAPOLATED: ${sample.times.length} appends timed on a ${SAMPLE_AT.toLocaleString('en-US')}-record document (median ${t2.toFixed(0)} ms each) and the last ${TAIL} of the full 10,000 run (median ${t1.toFixed(1)} ms); per-append time taken as linear in size, total about ${hours.toFixed(1)} h`,
      },
      {
        name: 'journal vs naive lowdb at 100,000 records',
        unit: '×',
        samples: [ratio],
        target: { value: 100, lowerIsBetter: false },
        note: 'median journal records/s over the extrapolated lowdb records/s',
      },
    ]
  } finally {
    cleanup(dir)
  }
}
