/**
 * A rehearsal: a strategy trading paper accounts on generated one-minute candles, through the
 * whole engine (gate with the plan's size bands, paper exchange with fees and impact,
 * journal, verification, costs, alerts, breaker, drills, daily reports), as fast as the
 * machine allows. One paper account per symbol, in a scratch data folder.
 */
import type { MarketSymbol, Order } from '../../../shared/types'
import { PHASE_DAYS, type ValidationView } from '../../../shared/validation'
import { localDate } from '../core'
import { DEFAULT_ACCOUNT_ID } from '../accounts'
import { simulateMinuteCandles, ReplayMarket } from '../market'
import { call, type EngineFactory, type RehearsalEngine } from './engine-port'
import {
  DEFAULT_DRILLS,
  DrillSchedule,
  type RehearsalDrill,
  type RehearsalDrillOutcome,
} from './drills'
import { JumpClock } from './jump-clock'
import { RehearsalPlan, type RehearsalSignOff } from './plan'

const SECOND = 1_000
const MINUTE = 60_000
const MINUTES_A_DAY = 1_440
/** The rehearsal's days are UTC days: the plan's days and the daily reports agree with them. */
const TIME_ZONE = 'UTC'
/** How old a quote may be: two minutes, as the replay quotes once a minute. */
const QUOTE_AGE_MS = 2 * MINUTE

/** What to rehearse. */
export interface RehearsalOptions {
  /** A scratch folder; it is filled with the rehearsal's journal. */
  readonly dataDir: string
  readonly days: number
  readonly seed: number
  readonly symbols: readonly MarketSymbol[]
  readonly strategyId: string
  /**
   * Run the 90-day validation plan on the rehearsal's accounts (default true): enrolled on
   * the first day, order sizes in the current phase's band, each phase signed off at its end
   * when its gating criteria pass.
   */
  readonly plan?: boolean
  /** Base quantity per order, per symbol: required without the plan (the plan sizes orders). */
  readonly quantity?: Readonly<Partial<Record<MarketSymbol, string>>>
  /** Drills and the days they start on (default: days 35 and 50), on the accounts in turn. */
  readonly drillDays?: readonly RehearsalDrill[]
  /**
   * Which days get their daily report, made at the day's end: every day ('daily'), the last
   * day of each phase and the last day run ('phase-ends', the default), or none. A report
   * folds the journal from its start, so ninety of them cost more than the rest of the run.
   */
  readonly reports?: RehearsalReports
  /** Epoch ms of the first candle. Default 2026-01-01. */
  readonly start?: number
  /** Stops the rehearsal at the next minute (after a drill in flight ends): state 'stopped'. */
  readonly signal?: AbortSignal
  /** Called at the end of every simulated day. */
  onProgress?(day: number, days: number): void
}

/** Which days of a rehearsal get their daily report. */
export type RehearsalReports = 'daily' | 'phase-ends' | 'none'

/** How one account (one symbol) did. */
export interface RehearsalAccount {
  readonly accountId: string
  readonly symbol: MarketSymbol
  readonly orders: number
  readonly filled: number
  readonly rejected: number
  /** Why the gate refused, by reason code, most frequent first. */
  readonly rejections: Readonly<Record<string, number>>
  readonly fees: string
  readonly endingCash: string
  readonly endingPosition: string
}

/** The outcome of a rehearsal. */
export interface RehearsalReport {
  /** 'done' when every day ran, 'stopped' when the signal stopped it first. */
  readonly state: 'done' | 'stopped'
  /** Days that ran to their end. */
  readonly daysRun: number
  readonly minutes: number
  readonly accounts: readonly RehearsalAccount[]
  readonly journalRecords: number
  /** Daily reports made, and the days whose report failed (with why). */
  readonly reports: { readonly made: number; readonly failed: readonly string[] }
  readonly drills: readonly RehearsalDrillOutcome[]
  /** Each end-of-phase check of the plan: signed off, or its blockers. */
  readonly signOffs: readonly RehearsalSignOff[]
  /** The plan at the end (the same view as `validation:get`); null without the plan. */
  readonly validation: ValidationView | null
  /** The plan's final audit (`validation:report`); null without the plan. */
  readonly reportHtml: string | null
}

/**
 * Runs a rehearsal on engines `create` builds, to the end (or until stopped), and reports
 * what each account did and where the plan got to.
 */
export async function rehearseOn(
  create: EngineFactory,
  options: RehearsalOptions,
): Promise<RehearsalReport> {
  if (!Number.isInteger(options.days) || options.days < 1)
    throw new Error(`A rehearsal runs a whole number of days from 1; got ${options.days}.`)
  const start = Math.floor((options.start ?? Date.UTC(2026, 0, 1)) / MINUTE) * MINUTE
  const minutes = options.days * MINUTES_A_DAY
  const series = simulateMinuteCandles({
    seed: options.seed,
    start,
    minutes,
    symbols: options.symbols,
  })
  const clock = new JumpClock(start)
  const market = new ReplayMarket(clock, series)
  const engine = await create({
    dataDir: options.dataDir,
    clock,
    market,
    scratch: true,
    startMarket: false,
    timeZone: TIME_ZONE,
    healthIntervalMs: 0,
    // The paper exchange is the ledger's mirror here: nothing to reconcile every 5 minutes.
    reconcileIntervalMs: 0,
    // The paper exchange charges the published schedule to the cent, so the "fees above
    // schedule" rule has nothing to find; judging 30 days of a strategy's fills each minute
    // would cost more than the rest of the run. Fee tiers still follow every fill.
    feeCheckMs: 0,
    // The curve and the rules that watch it every 5 simulated minutes rather than every
    // minute: a day still closes on its last sample, and 90 days stay under half a minute.
    equitySampleMs: 5 * 60_000,
    paper: { latencyMs: 0 },
  })
  try {
    const accounts = await openAccounts(engine, options.symbols)
    // Each order as last seen, in brief: tens of thousands of whole orders (every check of
    // each) would be most of the rehearsal's memory.
    const final = new Map<string, OrderBrief>()
    engine.subscribe((e) => {
      if (e.type === 'orders:updated') final.set(e.payload.id, brief(e.payload))
    })
    market.next()
    const price = (symbol: MarketSymbol): number => Number(market.quote(symbol).last)
    const plan =
      options.plan === false ? null : new RehearsalPlan(engine, options.strategyId, accounts, price)
    if (plan) {
      await plan.enrol(localDate(start, TIME_ZONE))
      await plan.size(true)
    } else await startFixedSizes(engine, options, accounts)
    const drills = new DrillSchedule(
      engine,
      options.drillDays ?? DEFAULT_DRILLS,
      accounts.map((a) => a.accountId),
    )
    const reports = { made: 0, failed: [] as string[] }

    /** Moves the clock: a minute at once, or a second at a time while a drill waits on it. */
    const advance = async (ms: number): Promise<void> => {
      if (!drills.running) return clock.jump(ms)
      for (let step = 0; step < ms; step += SECOND) {
        clock.jump(Math.min(SECOND, ms - step))
        await settle(engine)
      }
    }
    /**
     * Lets the orders this minute triggered go through before the clock moves again; while a
     * drill holds a failure, an order can be waiting for a retry on the engine's clock, so
     * then the clock must keep moving: the work is given a few turns, not waited for.
     */
    const caughtUp = (): Promise<void> => (drills.running ? settle(engine) : engine.idle())
    /** The end of `day`: its report, the progress, the plan's checkpoint and the next drills. */
    const dayEnds = async (day: number): Promise<void> => {
      if (reportDue(options.reports ?? 'phase-ends', day, options.days)) {
        const date = localDate(start + (day - 1) * MINUTES_A_DAY * MINUTE, TIME_ZONE)
        try {
          await call(engine, 'reports:generate', { date })
          reports.made += 1
        } catch (error) {
          reports.failed.push(`${date}: ${(error as Error).message}`)
        }
      }
      options.onProgress?.(day, options.days)
      if (plan) {
        await plan.checkpoint(day + 1)
        await plan.size()
      }
      drills.start(day + 1)
    }

    let daysRun = 0
    let stopped = false
    for (let minute = 1; minute < market.length; minute++) {
      if (options.signal?.aborted && !drills.running) {
        stopped = true
        break
      }
      await advance(MINUTE)
      market.next()
      await caughtUp()
      if (plan?.phaseChanged) await plan.size()
      // A host running a rehearsal (the Roadmap's button) keeps answering meanwhile.
      if (minute % 15 === 0) await new Promise((resolve) => setImmediate(resolve))
      if (minute % MINUTES_A_DAY === 0) await dayEnds((daysRun = minute / MINUTES_A_DAY))
    }
    if (!stopped) {
      // The last candle's minute ends: the last day is over.
      await advance(MINUTE)
      await caughtUp()
      await dayEnds((daysRun = options.days))
    }
    // A drill still waiting on the clock is seen through (it takes seconds of clock time).
    for (let s = 0; drills.running && s < 3_600; s++) await advance(SECOND)
    await engine.idle()
    const snapshot = await call(engine, 'app:get-snapshot', {})
    const orders = [...final.values()]
    return {
      state: stopped ? 'stopped' : 'done',
      daysRun,
      minutes,
      journalRecords: snapshot.journal.seq,
      reports,
      drills: drills.outcomes,
      signOffs: plan?.signOffs ?? [],
      validation: plan ? await plan.view() : null,
      reportHtml: plan ? (await call(engine, 'validation:report', {})).html : null,
      accounts: accounts.map(({ accountId, symbol }) => {
        const mine = orders.filter((o) => o.accountId === accountId)
        return {
          accountId,
          symbol,
          orders: mine.length,
          filled: mine.filter((o) => o.status === 'filled').length,
          rejected: mine.filter((o) => o.status === 'rejected').length,
          rejections: countReasons(mine),
          fees: mine.reduce((sum, o) => sum + Number(o.fee), 0).toFixed(2),
          endingCash: snapshot.balances.find((b) => b.accountId === accountId)?.total ?? '0',
          endingPosition:
            snapshot.positions.find((p) => p.accountId === accountId && p.symbol === symbol)
              ?.quantity ?? '0',
        }
      }),
    }
  } finally {
    await engine.close('the rehearsal is over')
  }
}

/** One paper account per symbol, without a limit on orders a minute. */
async function openAccounts(
  engine: RehearsalEngine,
  symbols: readonly MarketSymbol[],
): Promise<{ accountId: string; symbol: MarketSymbol }[]> {
  const accounts: { accountId: string; symbol: MarketSymbol }[] = []
  // The folder's own paper account watches the same feed: its limits set the health checks' too.
  await call(engine, 'limits:update', {
    accountId: DEFAULT_ACCOUNT_ID,
    limits: { maxQuoteAgeMs: QUOTE_AGE_MS },
  })
  for (const symbol of symbols) {
    const account = await call(engine, 'accounts:add', {
      name: `Rehearsal ${symbol}`,
      kind: 'paper',
      initialBalance: '10000',
    })
    // The strategy's own pace is the point: no limit on orders a minute. A replay of minute
    // candles quotes once a minute, so a quote is up to a minute old by design: the health
    // checks a drill runs mid-minute must not take that for a failing feed.
    await call(engine, 'limits:update', {
      accountId: account.id,
      limits: { pendingOrderRule: 'off', maxQuoteAgeMs: QUOTE_AGE_MS },
    })
    accounts.push({ accountId: account.id, symbol })
  }
  return accounts
}

/** Without the plan: each strategy at the quantity the options give. */
async function startFixedSizes(
  engine: RehearsalEngine,
  options: RehearsalOptions,
  accounts: readonly { accountId: string; symbol: MarketSymbol }[],
): Promise<void> {
  for (const { accountId, symbol } of accounts) {
    const quantity = options.quantity?.[symbol]
    if (!quantity) throw new Error(`No quantity per order for ${symbol}`)
    await call(engine, 'strategies:start', {
      accountId,
      strategyId: options.strategyId,
      symbol,
      quantity,
    })
  }
}

/** Whether `day` gets its report. */
function reportDue(which: RehearsalReports, day: number, days: number): boolean {
  if (which === 'none') return false
  return which === 'daily' || day % PHASE_DAYS === 0 || day === days
}

/**
 * Lets what a second of clock time set off (a drill's health probe, reading the disk) finish
 * before the next: the engine's work, or a couple of real milliseconds when an order waits
 * for a retry on the clock (which only moving the clock ends).
 */
async function settle(engine: RehearsalEngine): Promise<void> {
  const realMs = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
  await Promise.race([engine.idle(), realMs(2)])
  await realMs(1)
}

/** What the rehearsal's tally needs of an order. */
interface OrderBrief {
  readonly accountId: string
  readonly status: Order['status']
  readonly fee: string
  /** The codes of the checks a rejected order failed. */
  readonly refusedBy: readonly string[]
}

function brief(o: Order): OrderBrief {
  const refusedBy =
    o.status === 'rejected' ? o.checks.filter((c) => !c.passed).map((c) => c.code) : []
  return { accountId: o.accountId, status: o.status, fee: o.fee, refusedBy }
}

function countReasons(orders: readonly OrderBrief[]): Record<string, number> {
  const counts = new Map<string, number>()
  for (const o of orders)
    for (const code of o.refusedBy) counts.set(code, (counts.get(code) ?? 0) + 1)
  return Object.fromEntries([...counts].sort((a, b) => b[1] - a[1]))
}
