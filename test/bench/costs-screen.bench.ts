/**
 * The Costs screen with 100,000 filled orders in Chromium: the built console, served by the
 * real server host, in front of a stand-in engine whose 'costs:summary' answers with 100,000
 * points (the real engine keeps the newest 1,000 per account, so this is a hundred accounts'
 * worth, or more than it will ever send) and whose 'costs:fees' answers one account's fees.
 * Each run opens a fresh page, signs in, starts a Chromium trace and a long-task observer,
 * opens the Costs screen and waits until the scatter is drawn; then the screen is asked again
 * (as a new fill does) and redrawn. Reported: the longest main-thread task in CPU time from the
 * trace and in wall time from the page's observer (target: none over 50 ms), and the time from
 * the click to the scatter on screen. The screen draws at most MAX_DRAWN points of each chart.
 */
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import type { Page } from 'playwright-core'
import type { Command, EngineEvent } from '../../shared/contract'
import type { CostPoint, CostSummary } from '../../shared/costs'
import { err, ok, type Result } from '../../shared/result'
import type { Engine } from '../../electron/engine'
import { startServer } from '../../electron/server'
import { launchBrowser } from '../kit/browser'
import { cleanup, tempDir } from '../kit/engine'
import { snapshot } from './audit-scroll.bench'
import { median, type BenchResult } from './harness'

/** Points in the summary the screen is fed. */
export const COSTS_SCREEN_POINTS = Number(process.env.VIGIL_BENCH_COST_POINTS ?? 100_000)
const RUNS = 3
const ACCOUNT = 'paper-1'
const T0 = Date.parse('2026-11-20T00:00:00Z')
const SYMBOLS = ['BTC-USD', 'ETH-USD', 'SOL-USD'] as const

/** A summary of `n` orders with a rise at the end, as costs:summary shapes it. */
export function bigSummary(n: number): CostSummary {
  const points: CostPoint[] = []
  let s = 0
  for (let i = 0; i < n; i++) {
    const expected = 0.5 + (i % 37) / 10
    const miss = Math.sin(i * 1.7) * 0.8 + (i > n - 200 ? 1.5 : 0)
    const z = miss / 0.78
    s = Math.max(0, s + z - 0.5)
    points.push({
      seq: i * 6 + 1,
      ts: T0 + i * 30_000,
      orderId: `ord-${i}`,
      accountId: ACCOUNT,
      symbol: SYMBOLS[i % 3] as string,
      side: i % 2 === 0 ? 'buy' : 'sell',
      notionalUsd: 100 + (i % 50) * 40,
      hour: Math.floor(i / 120) % 24,
      expectedBps: expected,
      lowBps: expected - 1,
      highBps: expected + 1,
      regime: 'normal',
      actualBps: expected + miss,
      vsExpectedBps: miss,
      z,
      cusum: s,
      feesUsd: 1.2,
      shortfallUsd: 1.5,
      shortfallBps: 61,
    })
  }
  const group = (key: string) => ({
    key,
    orders: n,
    filled: n,
    medianArrivalBps: 2,
    meanArrivalBps: 2.1,
    meanExpectedBps: 2,
    medianVsExpectedBps: 0.1,
    shortfallUsd: 1.5 * n,
    shortfallBps: 61,
  })
  return {
    accountId: ACCOUNT,
    window: 1_000,
    points,
    bySymbol: SYMBOLS.map(group),
    bySize: ['$0–$100', '$100–$1k', '$1k–$10k'].map(group),
    byHour: Array.from({ length: 24 }, (_, h) => group(String(h))),
    byRegime: ['calm', 'normal', 'volatile'].map(group),
    tests: {
      verdict: 'degraded',
      words: [],
      n,
      minFills: 20,
      bias: { p: 0.2, medianMissBps: 0.1 },
      recentVsBaseline: { p: 0.0001, recent: 30, baseline: n - 30 },
      medianRatio: { median: 1.1, low: 1.0, high: 1.2, n, excluded: 0 },
    },
    alarms: [
      {
        accountId: ACCOUNT,
        k: 0.5,
        h: 5,
        statistic: s,
        active: true,
        episodes: 3,
        alarmSeq: points[n - 150]?.seq ?? null,
        alarmTs: points[n - 150]?.ts ?? null,
        changeSeq: points[n - 199]?.seq ?? null,
        changeTs: points[n - 199]?.ts ?? null,
      },
    ],
    calibration: {
      status: 'fitted',
      fills: n,
      minFills: 30,
      spread: { value: 0.9, se: 0.01 },
      impact: { value: 0.8, se: 0.02 },
      prior: { spread: 1, impact: 0.7 },
      history: [],
    },
    validation: {
      inBand: { inside: Math.round(n * 0.7), total: n, share: 0.7 },
      bandCoverage: 0.8,
      biasP: 0.2,
      verdict: 'degraded',
    },
  }
}

/** An engine that answers the snapshot, the summary and no fees: nothing else. */
function costsEngine(dataDir: string, summary: CostSummary): Engine {
  const run = async (command: Command): Promise<Result<unknown>> => {
    switch (command.name) {
      case 'app:get-snapshot':
        return ok(snapshot(1))
      case 'market:get-candles':
      case 'orders:list':
      case 'fills:list':
        return ok([])
      case 'costs:summary':
        return ok(summary)
      case 'costs:fees':
        return ok({ from: T0, to: T0 + 1, accounts: [] })
      default:
        return err('UNAVAILABLE', `The benchmark engine does not run ${command.name}.`)
    }
  }
  return {
    info: { dataDir, journalSeq: 1, replayed: 0, startupMs: 0, warnings: [] },
    handle: async (command) => (await run(command)) as never,
    recordMalformedOrder: async () => undefined,
    subscribe: (_listener: (event: EngineEvent) => void) => () => undefined,
    idle: async () => undefined,
    close: async () => undefined,
  }
}

/** One event of a Chromium trace, as much of it as the bench reads. */
interface TraceEvent {
  readonly name: string
  readonly ph: string
  readonly pid: number
  readonly tid: number
  readonly dur?: number
  readonly tdur?: number
  readonly args?: { readonly name?: string }
}

/** The renderer main thread's tasks (CPU ms) while `work` runs. */
async function traceTasks(page: Page, work: () => Promise<void>): Promise<number[]> {
  const cdp = await page.context().newCDPSession(page)
  const events: TraceEvent[] = []
  cdp.on('Tracing.dataCollected', (data) => {
    events.push(...(data.value as unknown as TraceEvent[]))
  })
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: ['toplevel', '__metadata'] },
  })
  await work()
  const complete = new Promise<void>((resolve) =>
    cdp.once('Tracing.tracingComplete', () => resolve()),
  )
  await cdp.send('Tracing.end')
  await complete
  await cdp.detach()
  const mains = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  )
  return events
    .filter(
      (e) =>
        e.ph === 'X' &&
        e.name === 'ThreadControllerImpl::RunTask' &&
        mains.has(`${e.pid}:${e.tid}`),
    )
    .map((e) => (e.tdur ?? e.dur ?? 0) / 1000)
}

const OBSERVE_LONG_TASKS = `
  window.__longTasks = []
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push(e.duration)
  }).observe({ type: 'longtask', buffered: true })
`

/** Measures opening the Costs screen on a summary of COSTS_SCREEN_POINTS orders. */
export async function benchCostsScreen(): Promise<BenchResult[]> {
  const rendererDir = path.resolve('out/renderer')
  const dataDir = tempDir('vigil-bench-costs-')
  const summary = bigSummary(COSTS_SCREEN_POINTS)
  const engine = costsEngine(dataDir, summary)
  const server = await startServer({ engine, rendererDir, dataDir, port: 0, log: () => undefined })
  const browser = await launchBrowser()
  const cpuMax: number[] = []
  const wallMax: number[] = []
  const openMs: number[] = []
  let drawn = 0
  try {
    for (let i = 0; i < RUNS; i++) {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
      await page.goto(server.url)
      await page
        .getByTestId('connection-status')
        .filter({ hasText: 'Online' })
        .waitFor({ timeout: 120_000 })
      await page.evaluate(OBSERVE_LONG_TASKS)
      const tasks = await traceTasks(page, async () => {
        const t0 = performance.now()
        await page.getByTestId('nav-costs').click()
        await page.getByTestId('cost-scatter').waitFor({ timeout: 120_000 })
        openMs.push(performance.now() - t0)
        // The next answer (a new fill): the whole summary again, redrawn.
        await page.getByTestId('nav-performance').click()
        await page.getByTestId('nav-costs').click()
        await page.getByTestId('cost-scatter').waitFor({ timeout: 120_000 })
        await page.waitForTimeout(500)
      })
      drawn = Number(await page.getByTestId('cost-scatter').getAttribute('data-points'))
      const long = (await page.evaluate('window.__longTasks')) as number[]
      cpuMax.push(Math.max(0, ...tasks))
      wallMax.push(Math.max(0, ...long))
      await page.close()
    }
    const note = `${COSTS_SCREEN_POINTS.toLocaleString('en-US')} orders in costs:summary, ${drawn.toLocaleString('en-US')} drawn per chart, open twice per run, ${RUNS} runs`
    return [
      {
        name: 'costs screen: longest main-thread task, CPU',
        unit: 'ms',
        samples: cpuMax,
        target: { value: 50, lowerIsBetter: true },
        note: `CPU time from a Chromium trace (includes reading the engine's answer); ${note}`,
      },
      {
        name: 'costs screen: longest main-thread task',
        unit: 'ms',
        samples: wallMax,
        target: { value: 50, lowerIsBetter: true },
        note: `wall clock, the page's long-task observer; ${note}`,
      },
      {
        name: 'costs screen: click to scatter drawn',
        unit: 'ms',
        samples: [median(openMs)],
        note,
      },
    ]
  } finally {
    await browser.close()
    await server.close()
    await engine.close()
    cleanup(dataDir)
  }
}
