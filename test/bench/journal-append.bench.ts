/**
 * Durable appends, side by side with the machine's floor and with SQLite:
 *
 * - the floor: a plain synchronous write + fdatasync of the very bytes Vigil's journal stores;
 * - Vigil's journal: `append` (one record) or `write` × N then the last one's `durable`;
 * - SQLite in WAL mode with synchronous=FULL, as a journal: the same chained record (the JSON
 *   of seq, ts, type, payload and the previous hash, and the SHA-256 of it) in one INSERT,
 *   autocommitted alone or N in one transaction. The records cost both the same to make; what
 *   differs is how they reach the disk.
 *
 * Each run measures them in turn on the same disk, so they share the machine's mood; beside
 * them, the floor in place (a file that does not grow, as the journal's preallocated segment)
 * and Vigil with every group on the main thread. Then how long the event loop stands still
 * while a group is written, with large groups in the thread pool and without; and the
 * throughput of group commit at scale: 200,000 records, 10,000 concurrent appends a group.
 */
import { closeSync, fdatasyncSync, openSync, readFileSync, writeSync } from 'node:fs'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import {
  ASYNC_GROUP_BYTES,
  GENESIS,
  Journal,
  listSegments,
  sha256,
} from '../../electron/engine/journal'
import { systemClock } from '../../electron/host'
import { cleanup, tempDir } from '../kit/engine'
import { median, percentile, type BenchResult } from './harness'
import { appendFills, fillPayload } from './journal-records'
import { loadSqlite, type SqliteDatabase } from './sqlite'

const RECORDS = 200_000
const CHUNK = 10_000
const RUNS = 5
/** Single appends a run, each waited for before the next. */
const SINGLES = 400
/** Each group size is measured in this many turns per contender. */
const BATCHES = 4
/** Group sizes and how many groups of each a run writes. */
const GROUPS: readonly (readonly [size: number, count: number])[] = [
  [1, 400],
  [10, 200],
  [100, 60],
  [1000, 12],
]

/** The stored lines of `count` fill records, exactly as the journal writes them. */
async function journalLines(count: number): Promise<Buffer[]> {
  const dir = tempDir('vigil-bench-lines-')
  try {
    const journal = await Journal.open({ dir, clock: systemClock, sync: false })
    for (let i = 0; i < count; i++) journal.write('order.fill', fillPayload(i))
    await journal.close()
    const text = listSegments(dir)
      .map((s) => readFileSync(path.join(dir, s), 'utf8'))
      .join('')
    return text
      .split('\n')
      .filter(Boolean)
      .map((line) => Buffer.from(`${line}\n`))
  } finally {
    cleanup(dir)
  }
}

/** One contender: `append(n)` makes n records durable and resolves when they are. */
interface Contender {
  append(n: number): Promise<void> | void
  /** Resolves once what the contender does in the background after a warm-up is done. */
  settle?(): Promise<void>
  close(): Promise<void> | void
}

function floor(dir: string, lines: readonly Buffer[]): Contender {
  const fd = openSync(path.join(dir, 'floor.jsonl'), 'a', 0o600)
  let next = 0
  return {
    append(n) {
      const parts: Buffer[] = []
      for (let i = 0; i < n; i++) parts.push(lines[next++ % lines.length] as Buffer)
      const bytes = n === 1 ? (parts[0] as Buffer) : Buffer.concat(parts)
      let done = 0
      while (done < bytes.length) done += writeSync(fd, bytes, done)
      fdatasyncSync(fd)
    },
    close: () => closeSync(fd),
  }
}

/**
 * The same bytes written over a file that does not grow (made first, to its full size), as
 * SQLite's write-ahead log is once it wraps: fdatasync then has no file size to commit, which
 * an append always has. Not a journal (a crash leaves old bytes after the last line); it shows
 * what an append-only file cannot have.
 */
function inPlace(dir: string, lines: readonly Buffer[]): Contender {
  const file = path.join(dir, 'in-place.bin')
  const fd = openSync(file, 'w', 0o600)
  const size = 32 << 20
  const zeros = Buffer.alloc(1 << 20)
  for (let at = 0; at < size; at += zeros.length) writeSync(fd, zeros, 0, zeros.length, at)
  fdatasyncSync(fd)
  let next = 0
  let at = 0
  return {
    append(n) {
      const parts: Buffer[] = []
      for (let i = 0; i < n; i++) parts.push(lines[next++ % lines.length] as Buffer)
      const bytes = n === 1 ? (parts[0] as Buffer) : Buffer.concat(parts)
      if (at + bytes.length > size) at = 0
      let done = 0
      while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done, at + done)
      at += bytes.length
      fdatasyncSync(fd)
    },
    close: () => closeSync(fd),
  }
}

/**
 * Vigil's journal; `asyncGroupBytes` Infinity writes every group on the main thread (as before
 * large groups went through the thread pool), for the comparison.
 */
async function vigil(dir: string, asyncGroupBytes?: number): Promise<Contender> {
  const journal = await Journal.open({
    dir: path.join(dir, asyncGroupBytes === undefined ? 'journal' : 'journal-main'),
    clock: systemClock,
    ...(asyncGroupBytes === undefined ? {} : { asyncGroupBytes }),
  })
  let next = 0
  return {
    async append(n) {
      if (n === 1) {
        await journal.append('order.fill', fillPayload(next++))
        return
      }
      let durable: Promise<void> = Promise.resolve()
      for (let i = 0; i < n; i++) durable = journal.write('order.fill', fillPayload(next++)).durable
      await durable
    },
    // Its zeros ahead of the data, which a fresh journal writes behind its first small groups.
    settle: async () => {
      await journal.append('order.fill', fillPayload(next++))
      await journal.idle()
    },
    close: () => journal.close(),
  }
}

function sqlite(dir: string, open: new (file: string) => SqliteDatabase): Contender {
  const db = new open(path.join(dir, 'journal.sqlite'))
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.exec('CREATE TABLE journal (seq INTEGER PRIMARY KEY, body TEXT, hash TEXT)')
  const insert = db.prepare('INSERT INTO journal VALUES (?, ?, ?)')
  let next = 0
  let prev = GENESIS
  const one = (): void => {
    const seq = ++next
    const payload = fillPayload(seq)
    const body = JSON.stringify({ seq, ts: systemClock.now(), type: 'order.fill', payload, prev })
    prev = sha256(body)
    insert.run(seq, body, prev)
  }
  const many = db.transaction((n: number) => {
    for (let i = 0; i < n; i++) one()
  })
  return {
    append: (n) => (n === 1 ? one() : many(n)),
    close: () => db.close(),
  }
}

/**
 * The contenders take turns, one append (or one batch of groups) each, so that a slow moment of
 * this shared machine's disk falls on all of them alike.
 */
async function measureRun(
  contenders: readonly (readonly [Name, Contender])[],
  p50: Record<Name, number[]>,
  rate: (name: Name, size: number) => number[],
): Promise<void> {
  const singles = new Map<Name, number[]>(contenders.map(([name]) => [name, []]))
  for (let i = 0; i < SINGLES; i++)
    for (const [name, contender] of contenders) {
      const t0 = performance.now()
      await contender.append(1)
      singles.get(name)?.push(performance.now() - t0)
    }
  for (const [name, samples] of singles) p50[name].push(percentile(samples.slice(SINGLES / 10), 50))
  for (const [size, count] of GROUPS) {
    const elapsed = new Map<Name, number>(contenders.map(([name]) => [name, 0]))
    for (let batch = 0; batch < BATCHES; batch++)
      for (const [name, contender] of contenders) {
        const t0 = performance.now()
        for (let i = 0; i < count / BATCHES; i++) await contender.append(size)
        elapsed.set(name, (elapsed.get(name) ?? 0) + performance.now() - t0)
      }
    for (const [name, ms] of elapsed) rate(name, size).push((size * count) / (ms / 1000))
  }
}

/** Group sizes whose main-thread stall is measured, and how many groups of each a run. */
const STALL_GROUPS: readonly (readonly [size: number, count: number])[] = [
  [1000, 20],
  [3000, 10],
  [10_000, 6],
]

/**
 * How long the event loop stands still while the journal writes each of `count` groups of
 * `size`: the records are appended first (making them is the producer's work, not the disk's),
 * then a task that reschedules itself every turn of the loop measures the longest gap between
 * two turns until the group is durable. Returns each group's longest gap.
 */
async function groupStalls(journal: Journal, size: number, count: number): Promise<number[]> {
  const stalls: number[] = []
  let next = 0
  for (let g = 0; g < count; g++) {
    let durable: Promise<void> = Promise.resolve()
    for (let i = 0; i < size; i++)
      durable = journal.write('order.fill', fillPayload(next++)).durable
    let last = performance.now()
    let longest = 0
    let watching = true
    const tick = (): void => {
      const now = performance.now()
      longest = Math.max(longest, now - last)
      last = now
      if (watching) setImmediate(tick)
    }
    setImmediate(tick)
    await durable
    // One more turn, so the watch sees the turn that wrote the group.
    await new Promise((resolve) => setImmediate(resolve))
    watching = false
    stalls.push(longest)
  }
  return stalls
}

const NAMES = ['floor', 'inPlace', 'vigil', 'vigilMain', 'sqlite'] as const
type Name = (typeof NAMES)[number]

/** Measures durable journal appends against the floor and SQLite, and group commit at scale. */
export async function benchJournalAppend(): Promise<BenchResult[]> {
  const loaded = loadSqlite()
  if ('skipped' in loaded) console.error(`  SQLite column skipped: ${loaded.skipped}`)
  const lines = await journalLines(2_000)
  const p50: Record<Name, number[]> = {
    floor: [],
    inPlace: [],
    vigil: [],
    vigilMain: [],
    sqlite: [],
  }
  const series = (): ((name: Name, size: number) => number[]) => {
    const all = new Map<string, number[]>()
    return (name, size) => {
      const key = `${name}/${size}`
      if (!all.has(key)) all.set(key, [])
      return all.get(key) as number[]
    }
  }
  const rate = series()
  for (let run = 0; run < RUNS; run++) {
    const dir = tempDir('vigil-bench-append-')
    const contenders: [Name, Contender][] = [
      ['floor', floor(dir, lines)],
      ['inPlace', inPlace(dir, lines)],
      ['vigil', await vigil(dir)],
      ['vigilMain', await vigil(dir, Number.POSITIVE_INFINITY)],
    ]
    if ('open' in loaded) contenders.push(['sqlite', sqlite(dir, loaded.open)])
    try {
      // Warm up: the first appends of a fresh file or process pay for compiling and allocating.
      for (const [, contender] of contenders)
        for (const [size] of GROUPS) await contender.append(size)
      for (const [, contender] of contenders) await contender.settle?.()
      await measureRun(contenders, p50, rate)
    } finally {
      for (const [, contender] of contenders) await contender.close()
      cleanup(dir)
    }
  }
  const names = NAMES.filter((n) => n !== 'sqlite' || 'open' in loaded)

  const stallP50 = series()
  const stallMax = series()
  for (let run = 0; run < RUNS; run++) {
    const dir = tempDir('vigil-bench-stall-')
    try {
      for (const [size, count] of STALL_GROUPS)
        for (const [name, bytes] of [
          ['vigil', undefined],
          ['vigilMain', Number.POSITIVE_INFINITY],
        ] as const) {
          const journal = await Journal.open({
            dir: path.join(dir, `${name}-${size}`),
            clock: systemClock,
            ...(bytes === undefined ? {} : { asyncGroupBytes: bytes }),
          })
          await groupStalls(journal, size, 2)
          const stalls = await groupStalls(journal, size, count)
          stallP50(name, size).push(percentile(stalls, 50))
          stallMax(name, size).push(Math.max(...stalls))
          await journal.close()
        }
    } finally {
      cleanup(dir)
    }
  }

  const scale: number[] = []
  for (let run = 0; run < RUNS; run++) {
    const dir = tempDir('vigil-bench-append-')
    try {
      const ms = await appendFills(dir, RECORDS, CHUNK)
      scale.push(RECORDS / (ms / 1000))
    } finally {
      cleanup(dir)
    }
  }

  const ratios = (a: readonly number[], b: readonly number[]): number[] =>
    a.map((x, i) => x / (b[i] as number))
  const bytes = median(lines.map((l) => l.length))
  const results: BenchResult[] = [
    {
      name: 'durable append of one record p50: floor',
      unit: 'ms',
      samples: p50.floor,
      note: `writeSync + fdatasyncSync of one stored line (${bytes} bytes), ${SINGLES} a run`,
    },
    {
      name: 'durable write of one record p50: floor, in place',
      unit: 'ms',
      samples: p50.inPlace,
      note: 'the same line over a file that does not grow: no file size for fdatasync to commit',
    },
    {
      name: 'durable append of one record p50: Vigil',
      unit: 'ms',
      samples: p50.vigil,
      note: 'journal.append of an order.fill, awaited before the next',
    },
    {
      name: 'durable append p50: Vigil / floor',
      unit: '×',
      samples: ratios(p50.vigil, p50.floor),
      target: { value: 1.1, lowerIsBetter: true },
      note: 'the same run’s floor',
    },
  ]
  if (names.includes('sqlite'))
    results.push({
      name: 'durable append of one record p50: SQLite',
      unit: 'ms',
      samples: p50.sqlite,
      note: 'better-sqlite3, WAL, synchronous=FULL: the same chained record (JSON + SHA-256) in one autocommitted INSERT',
    })
  for (const [size, count] of GROUPS) {
    const of = `in groups of ${size}`
    results.push(
      { name: `records/s ${of}: floor`, unit: 'records/s', samples: rate('floor', size) },
      {
        name: `records/s ${of}: floor, in place`,
        unit: 'records/s',
        samples: rate('inPlace', size),
        note: 'the same bytes over a file that does not grow (as a wrapped write-ahead log)',
      },
      {
        name: `records/s ${of}: Vigil`,
        unit: 'records/s',
        samples: rate('vigil', size),
        note: `${count} groups a run, each durable before the next`,
      },
    )
    if (names.includes('sqlite'))
      results.push(
        { name: `records/s ${of}: SQLite`, unit: 'records/s', samples: rate('sqlite', size) },
        {
          name: `records/s ${of}: Vigil / SQLite`,
          unit: '×',
          samples: ratios(rate('vigil', size), rate('sqlite', size)),
          target: { value: 1, lowerIsBetter: false },
        },
      )
    results.push(
      {
        name: `records/s ${of}: Vigil / floor`,
        unit: '×',
        samples: ratios(rate('vigil', size), rate('floor', size)),
      },
      {
        name: `records/s ${of}: Vigil, every group on the main thread`,
        unit: 'records/s',
        samples: rate('vigilMain', size),
        note: 'one synchronous write + fdatasync per group, however large',
      },
    )
  }
  for (const [size, count] of STALL_GROUPS)
    results.push(
      {
        name: `main-thread stall per group of ${size} p50: Vigil`,
        unit: 'ms',
        samples: stallP50('vigil', size),
        note: `groups of ${ASYNC_GROUP_BYTES / 1024} KiB or more (about 2,400 records) are written and fdatasynced in the thread pool; ${count} groups a run`,
      },
      {
        name: `main-thread stall per group of ${size} p50: all on the main thread`,
        unit: 'ms',
        samples: stallP50('vigilMain', size),
        note: 'one synchronous write + fdatasync per group, however large (as before)',
      },
      {
        name: `main-thread stall per group of ${size} max: Vigil`,
        unit: 'ms',
        samples: stallMax('vigil', size),
      },
      {
        name: `main-thread stall per group of ${size} max: all on the main thread`,
        unit: 'ms',
        samples: stallMax('vigilMain', size),
      },
    )
  results.push({
    name: 'journal appends, group commit',
    unit: 'records/s',
    samples: scale,
    target: { value: 200_000, lowerIsBetter: false },
    note: `${RECORDS.toLocaleString('en-US')} order.fill records, ${CHUNK.toLocaleString('en-US')} concurrent appends per fsynced group, wall time to the last durable record`,
  })
  return results
}
