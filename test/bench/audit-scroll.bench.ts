/**
 * Scrolling the Audit screen through 1,000,000 decisions in Chromium: the built console, served
 * by the real server host, in front of an engine whose audit trail reads every decision from a
 * real journal on disk (6 records a decision, one segment a day) through the journal's index.
 * Also measured: building that index from the journal, opening it again, its size, and how long
 * the engine takes to read a page (and holds its event loop) while the console scrolls.
 *
 * Each run opens a fresh page, waits for the first rows, installs a long-task observer, sweeps
 * the grid from top to bottom over about five seconds (one scroll position per frame), then
 * jumps to the middle, the end, the top and a quarter of the way, waiting each time for the
 * rows to arrive. Reported: main-thread tasks over 50 ms (target 0) and the longest one, both as
 * the page's long-task observer sees them (wall clock) and in CPU time from a Chromium trace
 * (a busy machine stretches wall-clock tasks with time spent elsewhere), frame intervals during
 * the sweep, and how long a jump takes to show real rows.
 */
import {
  DEFAULT_ALERT_RULES,
  DEFAULT_NOTIFICATIONS,
  DEFAULT_REPORT_SETTINGS,
} from '../../shared/performance'
import { mkdirSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import type { Page } from 'playwright-core'
import type { Command, EngineEvent } from '../../shared/contract'
import { err, ok, type Result } from '../../shared/result'
import { SYMBOLS, type Snapshot } from '../../shared/types'
import type { Engine } from '../../electron/engine'
import { AuditTrail, JournalIndex, listSegments } from '../../electron/engine/journal'
import { AUDIT_BASE_TS, writeAuditJournal } from './audit-journal'
import { DEFAULT_LIMITS } from '../../electron/engine/execution'
import { startServer } from '../../electron/server'
import { launchBrowser } from '../kit/browser'
import { cleanup, tempDir } from '../kit/engine'
import { median, type BenchResult } from './harness'

/** Decisions in the journal the Audit screen scrolls through. */
export const AUDIT_SCROLL_TOTAL = Number(process.env.VIGIL_BENCH_AUDIT_DECISIONS ?? 1_000_000)
/** Decisions a day: one journal segment each (100 segments). */
const PER_DAY = 10_000
const RUNS = 3
const SWEEP_MS = 5_000
const ACCOUNT = 'paper-1'

const LIMITS = DEFAULT_LIMITS

/** The snapshot of one paper account with nothing in it (the Costs bench uses it too). */
export function snapshot(newestSeq: number): Snapshot {
  return {
    defaultAccountId: ACCOUNT,
    accounts: [
      {
        id: ACCOUNT,
        name: 'Paper',
        kind: 'paper',
        quoteAsset: 'USD',
        createdAt: 0,
        exchangeId: null,
        sandbox: false,
        priceSource: 'simulator',
        strategiesAllowed: true,
      },
    ],
    instruments: SYMBOLS.map((symbol) => ({
      symbol,
      baseAsset: symbol.split('-')[0] as string,
      quoteAsset: 'USD',
      lotSize: '0.00001',
      tickSize: '0.01',
      minNotional: '1',
    })),
    balances: [{ accountId: ACCOUNT, asset: 'USD', total: '10000', available: '10000' }],
    positions: [],
    orders: [],
    fills: [],
    quotes: [],
    journal: { seq: newestSeq, hash: '0'.repeat(64) },
    serverTime: AUDIT_BASE_TS,
    limits: { [ACCOUNT]: LIMITS },
    tradingStates: { [ACCOUNT]: 'ACTIVE' },
    accountStatuses: [],
    strategies: [],
    market: { speed: 1, faults: {} },
    health: null,
    globalTradingState: 'ACTIVE',
    reconciliation: { open: [], resolved: [], runs: {} },
    drills: { running: null, results: [], recoveries: {} },
    alerts: { rules: DEFAULT_ALERT_RULES, notifications: DEFAULT_NOTIFICATIONS, alerts: [] },
    reports: { list: [], settings: DEFAULT_REPORT_SETTINGS },
  }
}

/** How long the engine took to answer each read, and how long its event loop was held. */
interface EngineReads {
  readonly queryMs: number[]
  readonly getMs: number[]
  /** The pages asked for, to ask again without the browser. */
  readonly pages: { offset: number; limit: number }[]
}

/**
 * An engine that answers the console's reads with the real audit trail, reading every
 * decision from the journal on disk through its index, and nothing else.
 */
export function diskAuditEngine(
  dataDir: string,
  trail: AuditTrail,
  newestSeq: number,
  reads: EngineReads,
): Engine {
  const run = async (command: Command): Promise<Result<unknown>> => {
    switch (command.name) {
      case 'app:get-snapshot':
        return ok(snapshot(newestSeq))
      case 'limits:get':
        return ok(LIMITS)
      case 'market:get-candles':
      case 'orders:list':
      case 'fills:list':
        return ok([])
      case 'audit:query': {
        const t0 = performance.now()
        const offset = command.payload.offset ?? 0
        const limit = command.payload.limit ?? 200
        reads.pages.push({ offset, limit })
        const page = await trail.query(command.payload.filter, offset, limit)
        reads.queryMs.push(performance.now() - t0)
        return ok(page)
      }
      case 'audit:get': {
        const t0 = performance.now()
        const found = await trail.record(command.payload.seq)
        reads.getMs.push(performance.now() - t0)
        return found
          ? ok(found)
          : err('NOT_FOUND', `No trade decision starts at seq ${command.payload.seq}.`)
      }
      default:
        return err('UNAVAILABLE', `The benchmark engine does not run ${command.name}.`)
    }
  }
  return {
    info: { dataDir, journalSeq: newestSeq, replayed: 0, startupMs: 0, warnings: [] },
    handle: async (command) => (await run(command)) as never,
    recordMalformedOrder: async () => undefined,
    subscribe: (_listener: (event: EngineEvent) => void) => () => undefined,
    idle: async () => undefined,
    close: async () => undefined,
  }
}

/**
 * The most CPU time the process spent between two turns of a 1 ms timer, from now until
 * `stop`: the longest stretch the event loop was held by work, without the time a busy
 * machine gave to other processes (which a wall-clock delay counts).
 */
function cpuBetweenTurns(): { stop(): number } {
  let last = process.cpuUsage()
  let max = 0
  const timer = setInterval(() => {
    const now = process.cpuUsage()
    max = Math.max(max, (now.user - last.user + now.system - last.system) / 1000)
    last = now
  }, 1)
  return {
    stop() {
      clearInterval(timer)
      return max
    },
  }
}

/** What one run measured in the page. */
interface RunStats {
  readonly longTasks: number[]
  readonly frameIntervals: number[]
  readonly sweepFrames: number
  readonly jumpsMs: number[]
  readonly lastRowSeq: number | null
}

/** The few browser globals scrollInPage uses (the bench compiles without the DOM library). */
interface PageElement {
  scrollTop: number
  readonly scrollHeight: number
  readonly clientHeight: number
  readonly dataset: Readonly<Record<string, string | undefined>>
  querySelectorAll(selector: string): ArrayLike<PageElement>
}
interface PageGlobals {
  readonly document: { querySelector(selector: string): PageElement | null }
  requestAnimationFrame(callback: (time: number) => void): number
  readonly performance: { now(): number }
  readonly PerformanceObserver: new (
    callback: (list: { getEntries(): readonly { readonly duration: number }[] }) => void,
  ) => { observe(options: { type: string }): void; disconnect(): void }
}

// Runs in the page: everything it needs is inside, since it is serialized to Chromium.
async function scrollInPage(sweepMs: number): Promise<RunStats> {
  const { document, requestAnimationFrame, performance, PerformanceObserver } =
    globalThis as unknown as PageGlobals
  const grid = document.querySelector('[data-testid=audit-table]')
  if (!grid) throw new Error('The audit grid is not on the page.')
  const longTasks: number[] = []
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longTasks.push(entry.duration)
  })
  observer.observe({ type: 'longtask' })
  const frame = (): Promise<number> => new Promise((resolve) => requestAnimationFrame(resolve))
  const max = grid.scrollHeight - grid.clientHeight

  const frameIntervals: number[] = []
  const start = await frame()
  let last = start
  let now = start
  while (now - start < sweepMs) {
    grid.scrollTop = Math.round(((now - start) / sweepMs) * max)
    now = await frame()
    frameIntervals.push(now - last)
    last = now
  }

  const loaded = async (): Promise<void> => {
    const deadline = performance.now() + 5_000
    for (;;) {
      await frame()
      const rows = grid.querySelectorAll('[role=rowgroup] [role=row]')
      const busy = grid.querySelectorAll('[role=rowgroup] [aria-busy=true]')
      if (rows.length > 0 && busy.length === 0) return
      if (performance.now() > deadline) throw new Error('Rows did not load within 5 seconds.')
    }
  }
  const jumpsMs: number[] = []
  for (const target of [0.5, 1, 0, 0.25]) {
    const t0 = performance.now()
    grid.scrollTop = Math.round(target * max)
    await loaded()
    jumpsMs.push(performance.now() - t0)
  }
  grid.scrollTop = max
  await loaded()
  const seqs = Array.from(grid.querySelectorAll('[data-seq]'), (r) => Number(r.dataset.seq))
  // Long tasks are reported after they end; give the last ones a moment to arrive.
  await frame()
  await frame()
  observer.disconnect()
  return {
    longTasks,
    frameIntervals,
    sweepFrames: frameIntervals.length,
    jumpsMs,
    lastRowSeq: seqs.length > 0 ? Math.min(...seqs) : null,
  }
}

/** One event of a Chromium trace, as much of it as the bench reads. */
interface TraceEvent {
  readonly name: string
  readonly ph: string
  readonly pid: number
  readonly tid: number
  readonly dur?: number
  /** Thread (CPU) time, microseconds. */
  readonly tdur?: number
  readonly args?: { readonly name?: string }
}

/**
 * Traces the renderer's main-thread tasks while the page scrolls. Their CPU time tells the
 * console's own cost apart from time the machine spent elsewhere, which a shared machine adds
 * to every wall-clock measure.
 */
async function startCpuTrace(page: Page): Promise<{ stop(): Promise<number[]> }> {
  const cdp = await page.context().newCDPSession(page)
  const events: TraceEvent[] = []
  cdp.on('Tracing.dataCollected', (data) => {
    events.push(...(data.value as unknown as TraceEvent[]))
  })
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: ['toplevel', '__metadata'] },
  })
  return {
    async stop() {
      const complete = new Promise<void>((resolve) =>
        cdp.once('Tracing.tracingComplete', () => resolve()),
      )
      await cdp.send('Tracing.end')
      await complete
      await cdp.detach()
      const mains = new Set(
        events
          .filter(
            (e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain',
          )
          .map((e) => `${e.pid}:${e.tid}`),
      )
      const tasks = events.filter(
        (e) =>
          e.ph === 'X' &&
          e.name === 'ThreadControllerImpl::RunTask' &&
          mains.has(`${e.pid}:${e.tid}`),
      )
      return tasks.map((e) => (e.tdur ?? e.dur ?? 0) / 1000)
    },
  }
}

async function openAudit(page: Page, url: string, newestSeq: number): Promise<void> {
  await page.goto(url)
  // Generous: on a loaded machine the first page load and sign-in can take a while.
  await page
    .getByTestId('connection-status')
    .filter({ hasText: 'Online' })
    .waitFor({ timeout: 120_000 })
  await page.getByTestId('nav-audit').click()
  await page.getByTestId(`audit-row-${newestSeq}`).waitFor({ timeout: 120_000 })
}

/** Measures scrolling the Audit screen through a million decisions read from disk. */
export async function benchAuditScroll(): Promise<BenchResult[]> {
  const rendererDir = path.resolve('out/renderer')
  const dataDir = tempDir('vigil-bench-audit-')
  const journalDir = path.join(dataDir, 'journal')
  const indexDir = path.join(dataDir, 'journal-index')
  mkdirSync(dataDir, { recursive: true })
  console.error(`  writing ${AUDIT_SCROLL_TOTAL.toLocaleString('en-US')} decisions…`)
  const written = await writeAuditJournal(journalDir, AUDIT_SCROLL_TOTAL, PER_DAY)
  const journalBytes = listSegments(journalDir).reduce(
    (sum, f) => sum + statSync(path.join(journalDir, f)).size,
    0,
  )
  // The index as an upgrade finds it (none), then as every later start finds it.
  let t0 = performance.now()
  ;(await JournalIndex.open(journalDir, indexDir)).close()
  const buildMs = performance.now() - t0
  const indexBytes = readdirSync(indexDir).reduce(
    (sum, f) => sum + statSync(path.join(indexDir, f)).size,
    0,
  )
  t0 = performance.now()
  const history = await JournalIndex.open(journalDir, indexDir)
  const reopenMs = performance.now() - t0
  const trail = new AuditTrail(history)
  const reads: EngineReads = { queryMs: [], getMs: [], pages: [] }
  const engine = diskAuditEngine(dataDir, trail, written.lastSeq, reads)
  const server = await startServer({ engine, rendererDir, dataDir, port: 0, log: () => undefined })
  const browser = await launchBrowser()
  try {
    const runs: RunStats[] = []
    const cpuRuns: number[][] = []
    for (let i = 0; i < RUNS; i++) {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
      // tsx keeps function names by wrapping them in __name(), which the page does not have;
      // scrollInPage is serialized with those calls in it.
      await page.addInitScript({ content: 'globalThis.__name ??= (fn) => fn' })
      // A link signs one tab in once, within 60 s: a new one for every page.
      await openAudit(page, server.newLink(), written.lastSeq)
      const trace = await startCpuTrace(page)
      const stats = await page.evaluate(scrollInPage, SWEEP_MS)
      const cpu = await trace.stop()
      if (stats.lastRowSeq !== written.firstSeq) {
        throw new Error(
          `The end of the list showed seq ${stats.lastRowSeq}, not the oldest (${written.firstSeq}).`,
        )
      }
      runs.push(stats)
      cpuRuns.push(cpu)
      await page.close()
    }
    // The engine's event loop while it reads the pages the sweeps asked for, asked again
    // without the browser (whose trace, collected in this process, would hold the loop too),
    // beside the same loop left idle for as long: what the machine alone adds.
    const loopDelays: number[] = []
    const loopCpu: number[] = []
    const idleDelays: number[] = []
    // The browser runs left garbage (their traces) that a collection would otherwise charge
    // to the first pages read: collect it first.
    setFlagsFromString('--expose-gc')
    const collect = runInNewContext('gc') as () => void
    for (let i = 0; i < RUNS; i++) {
      collect()
      const loop = monitorEventLoopDelay({ resolution: 1 })
      const cpu = cpuBetweenTurns()
      loop.enable()
      const started = performance.now()
      for (const p of reads.pages) await trail.query({}, p.offset, p.limit)
      const busyMs = performance.now() - started
      loop.disable()
      loopDelays.push(loop.max / 1e6)
      loopCpu.push(cpu.stop())
      const idle = monitorEventLoopDelay({ resolution: 1 })
      idle.enable()
      await new Promise((resolve) => setTimeout(resolve, busyMs))
      idle.disable()
      idleDelays.push(idle.max / 1e6)
    }
    const note = `${AUDIT_SCROLL_TOTAL.toLocaleString('en-US')} rows, ${SWEEP_MS / 1000} s sweep + 4 jumps, ${RUNS} runs`
    const p95 = (values: readonly number[]): number => {
      const sorted = [...values].sort((a, b) => a - b)
      return sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)] ?? 0
    }
    const disk = `${AUDIT_SCROLL_TOTAL.toLocaleString('en-US')} decisions, ${written.records.toLocaleString('en-US')} records, ${(journalBytes / 1e9).toFixed(2)} GB of journal in ${listSegments(journalDir).length} segments`
    return [
      {
        name: 'audit index: build from the journal (none on disk)',
        unit: 'ms',
        samples: [buildMs],
        note: `${disk}; once, when an older data folder is first opened`,
      },
      {
        name: 'audit index: open when up to date',
        unit: 'ms',
        samples: [reopenMs],
        note: `${disk}; rereads only the segment being written (${PER_DAY.toLocaleString('en-US')} decisions)`,
      },
      {
        name: 'audit index: size on disk',
        unit: 'MB',
        samples: [indexBytes / 1e6],
        note: `${disk}; ${((indexBytes / journalBytes) * 100).toFixed(1)} % of the journal`,
      },
      {
        name: 'audit scroll: engine audit:query from disk, p50',
        unit: 'ms',
        samples: [median(reads.queryMs)],
        note: `${reads.queryMs.length} pages of up to 200 rows asked by the sweeps and jumps; ${disk}`,
      },
      {
        name: 'audit scroll: engine audit:query from disk, max',
        unit: 'ms',
        samples: [Math.max(0, ...reads.queryMs)],
        note: `wall time of one page, yielding to the event loop every 50 rows; ${disk}`,
      },
      {
        name: "audit scroll: engine's longest event-loop delay",
        unit: 'ms',
        samples: loopDelays,
        target: { value: 50, lowerIsBetter: true },
        note: `every page the sweeps and jumps asked for (${reads.pages.length}), asked again one after another without the browser; ${disk}`,
      },
      {
        name: "audit scroll: engine's longest event-loop block, CPU",
        unit: 'ms',
        samples: loopCpu,
        target: { value: 50, lowerIsBetter: true },
        note: `the process's CPU time between two turns of a 1 ms timer while those pages are read: what the engine's own work holds the loop for, however busy the machine is; ${disk}`,
      },
      {
        name: 'audit scroll: idle event-loop delay (this machine)',
        unit: 'ms',
        samples: idleDelays,
        note: `the same loop doing nothing for as long as the pages took: the machine's own share of the figure above`,
      },
      {
        name: 'audit scroll: main-thread tasks > 50 ms',
        unit: 'tasks',
        samples: runs.map((r) => r.longTasks.length),
        target: { value: 0, lowerIsBetter: true },
        note,
      },
      {
        name: 'audit scroll: longest main-thread task',
        unit: 'ms',
        samples: runs.map((r) => Math.max(0, ...r.longTasks)),
        target: { value: 50, lowerIsBetter: true },
        note,
      },
      {
        name: 'audit scroll: main-thread tasks > 50 ms of CPU',
        unit: 'tasks',
        samples: cpuRuns.map((tasks) => tasks.filter((ms) => ms > 50).length),
        target: { value: 0, lowerIsBetter: true },
        note: `CPU time from a Chromium trace: wall-clock long tasks also count time the OS gave to other processes; ${note}`,
      },
      {
        name: 'audit scroll: longest main-thread task, CPU',
        unit: 'ms',
        samples: cpuRuns.map((tasks) => Math.max(0, ...tasks)),
        target: { value: 50, lowerIsBetter: true },
        note,
      },
      {
        name: 'audit scroll: frames during the sweep',
        unit: 'frames',
        samples: runs.map((r) => r.sweepFrames),
        note,
      },
      {
        name: 'audit scroll: p95 frame interval',
        unit: 'ms',
        samples: runs.map((r) => p95(r.frameIntervals)),
        note,
      },
      {
        name: 'audit scroll: jump to rows shown',
        unit: 'ms',
        samples: runs.map((r) => median(r.jumpsMs)),
        note: `median of jumps to the middle, end, top and a quarter; ${note}`,
      },
    ]
  } finally {
    await browser.close()
    await server.close()
    await engine.close()
    history.close()
    cleanup(dataDir)
  }
}
