/**
 * Live performance: the trades and order outcomes of the trades fold (which resumes from the
 * snapshot and the trade-history file, never from the ledger's history), and the equity curve;
 * each minute every account's equity goes into the curve (and the minute log on disk), the
 * alert rules judge it, and a local day that ended is closed in the journal.
 */
import type { PerformanceView } from '../../../shared/performance'
import { ok, type Result } from '../../../shared/result'
import type { Equity, Accounts } from '../accounts'
import type { AlertCenter, AlertLog } from '../alerts'
import {
  ZERO,
  dec,
  localDate,
  str,
  type Clock,
  type Decimal,
  type EventBus,
  type Handlers,
} from '../core'
import type { Recorder } from '../journal'
import type { Ledger } from '../ledger'
import { INSTRUMENTS } from '../market'
import type { DayClose } from './day-closes'
import { MINUTE_CURVE_MS } from './equity'
import { EquityLog, type EquitySample } from './equity-log'
import { PERIODS_PER_YEAR, ROLLING_WINDOW, rollingSharpe } from './returns'
import type { ExposureWindow } from './stats'
import { PerformanceTracker } from './tracker'
import type { MarkedPosition } from './trades'
import type { LiveTrades } from './trades-fold'

/** The equity curve is sampled every minute; the equity log keeps a day of samples. */
const SAMPLE_MS = 60_000
const KEEP_MS = 86_400_000

/** What live performance works with. */
export interface LivePerformanceDeps {
  /** ms between samples of every account's equity (default a minute). */
  readonly sampleMs?: number
  readonly clock: Clock
  readonly timeZone: string
  readonly dataDir: string
  /** fsync the minute log (not in a scratch folder). */
  readonly durable: boolean
  /** Balances and accounts only: the history is the trades fold's. */
  readonly ledger: Pick<Ledger, 'listAccounts' | 'getAccount' | 'cash' | 'cashBeforeFills'>
  /** The trades fold: round trips, order outcomes and their statistics. */
  readonly trades: LiveTrades
  readonly accounts: Pick<Accounts, 'feed' | 'problem'>
  readonly equity: Equity
  readonly alerts: AlertCenter
  readonly alertLog: AlertLog
  readonly recorder: Recorder
  readonly bus: EventBus
  /** The day closes folded from the journal. */
  readonly dayCloses: readonly DayClose[]
  /** After each minute's sample (the daily report is due then). */
  readonly afterSample: () => void
}

/** The live tracker of every account, its minute samples and the rules that watch it. */
export class LivePerformance {
  private readonly perf: PerformanceTracker
  /** The latest equity point of each account: a clock set back must not go before it. */
  private readonly since = new Map<string, number>()
  private readonly lastSample = new Map<string, { ts: number; day: string; equity: Decimal }>()
  private readonly closedDays: Set<string>
  private readonly timer: { cancel(): void }

  /**
   * Folds the past and the minute log, and samples every minute from then on (the first
   * sample, at once, is the caller's: `sample(true)` once everything is wired).
   */
  static async start(deps: LivePerformanceDeps): Promise<LivePerformance> {
    const { log, samples } = await EquityLog.open(
      deps.dataDir,
      KEEP_MS,
      deps.clock.now(),
      deps.durable,
    )
    return new LivePerformance(deps, log, samples)
  }

  private constructor(
    private readonly deps: LivePerformanceDeps,
    private readonly log: EquityLog,
    minutes: EquitySample[],
  ) {
    const { ledger, timeZone, bus, clock, trades } = deps
    this.perf = new PerformanceTracker({ timeZone, book: trades.book })
    // The day closes, and the minutes of the last day, in time order: the minute curve goes on
    // from where it was. Each curve opens at the account's starting capital when it was
    // opened (as it does live), so the first day's return has the same base after restarts.
    const history = [
      ...ledger.listAccounts().map((a) => [a.id, a.createdAt, this.startingCash(a.id)] as const),
      ...deps.dayCloses.map((c) => [c.accountId, c.ts, Number(c.equity)] as const),
      ...minutes.flatMap(({ ts, equity }) =>
        Object.entries(equity).map(([id, e]) => [id, ts, Number(e)] as const),
      ),
    ].sort((a, b) => a[1] - b[1])
    // The peaks a crash may have kept out of the snapshot are in the minutes.
    for (const { equity } of minutes)
      for (const [id, e] of Object.entries(equity)) deps.equity.raisePeak(id, dec(e))
    for (const [accountId, ts, equity] of history) {
      this.perf.recordEquity(accountId, ts, equity)
      this.since.set(accountId, ts)
    }
    // The trades fold has folded the past in journal order, as it happened live (fills of one
    // book walk share a timestamp; only their seq tells FIFO which came first); the alert
    // rules' streaks and windows are read from it, so they resume where they were. What it
    // folded before now was judged when it happened.
    trades.takeDue()
    // The newest sample before the stop, so the day it belongs to is closed with it (once) when
    // the first sample after the start falls on a later day.
    for (const { ts, equity } of minutes)
      for (const [id, e] of Object.entries(equity))
        this.lastSample.set(id, { ts, day: localDate(ts, timeZone), equity: dec(e) })
    this.closedDays = new Set(deps.dayCloses.map((c) => `${c.accountId} ${c.day}`))
    bus.subscribe((event) => {
      if (event.type === 'accounts:added' || event.type === 'accounts:status')
        this.accountChanged(
          'id' in event.payload ? event.payload.id : event.payload.accountId,
          event.type === 'accounts:added',
        )
      else if (event.type === 'fills:created' || event.type === 'orders:updated') this.judge()
    })
    this.timer = clock.setInterval(() => this.sample(), deps.sampleMs ?? SAMPLE_MS)
  }

  /**
   * Every account's equity into the curve and the minute log, the rules that watch it, and
   * the close of a day that ended. `starting`: the first sample after a start.
   */
  sample(starting = false): void {
    const { clock, timeZone, ledger, accounts, recorder, alerts } = this.deps
    const now = clock.now()
    const today = localDate(now, timeZone)
    const sampled: Record<string, string> = {}
    for (const account of ledger.listAccounts()) {
      if (accounts.problem(account.id) !== null) continue
      const since = this.since.get(account.id) ?? now
      // A start at the instant of the last sample keeps it: it saw the state the trader saw
      // then, not what happened later in that instant before the stop.
      if (now < since || (starting && now === since)) continue
      const { equity, peak } = this.deps.equity.markPeak(account.id)
      const last = this.lastSample.get(account.id)
      if (last && last.day !== today && !this.closedDays.has(`${account.id} ${last.day}`)) {
        this.closedDays.add(`${account.id} ${last.day}`)
        void recorder
          .commit('equity.closed', {
            accountId: account.id,
            day: last.day,
            ts: last.ts,
            equity: str(last.equity),
          })
          .catch(() => undefined)
      }
      this.lastSample.set(account.id, { ts: now, day: today, equity })
      this.perf.recordEquity(account.id, now, equity.toNumber())
      sampled[account.id] = str(equity)
      alerts.evaluate(account.id, {
        drawdown: peak.isZero() ? 0 : dec(1).minus(equity.dividedBy(peak)).toNumber(),
        cash: ledger.cash(account.id).toNumber(),
      })
    }
    // On disk at once: a crash before the next snapshot keeps the curve the trader saw. Not
    // on a disk the journal found full, which nothing more is written to.
    if (recorder.failure === null && Object.keys(sampled).length > 0)
      void this.log.append({ ts: now, equity: sampled }).catch(() => undefined)
    alerts.wake()
    this.deps.afterSample()
  }

  /** The Performance screen's command. */
  handlers(
    resolve: (accountId: string | undefined) => Result<string>,
  ): Handlers<'performance:get'> {
    return {
      'performance:get': ({ accountId, from, to }) => {
        if (accountId === undefined) return ok(this.view(undefined, from, to))
        const account = resolve(accountId)
        return account.ok ? ok(this.view(account.value, from, to)) : account
      },
    }
  }

  /** Waits for the minute log's writes. */
  idle(): Promise<void> {
    return this.log.idle()
  }

  /** Stops sampling; waits for the minute log. */
  async close(): Promise<void> {
    this.timer.cancel()
    await this.log.close()
  }

  /** The Performance screen's data for one account (or all), over [from, to). */
  private view(accountId: string | undefined, from?: number, to?: number): PerformanceView {
    const { ledger, accounts, clock } = this.deps
    const range = from === undefined && to === undefined ? undefined : { from, to }
    const within = (ts: number): boolean =>
      (from === undefined || ts >= from) && (to === undefined || ts < to)
    // Each account's open lots at the prices it trades on.
    const positions = (accountId ? [accountId] : ledger.listAccounts().map((a) => a.id)).flatMap(
      (id) =>
        this.perf.positions(
          Object.fromEntries(
            INSTRUMENTS.map((i) => [i.symbol, accounts.feed(id).quote(i.symbol).last]),
          ),
          id,
        ),
    )
    const all = range ?? {}
    const book = this.perf.book
    const equity = this.perf.equity(accountId)
    const daily = this.perf.dailyReturns(accountId)
    const sharpe = rollingSharpe(
      daily.map((d) => d.r),
      ROLLING_WINDOW,
      PERIODS_PER_YEAR,
    )
    return {
      accountId: accountId ?? null,
      from: from ?? null,
      to: to ?? null,
      metrics: this.perf.metrics(
        accountId,
        range,
        this.exposureWindow(accountId, range, positions),
      ),
      equity: {
        minutes: equity.minutes.filter(
          (p) => p.ts >= clock.now() - MINUTE_CURVE_MS && within(p.ts),
        ),
        days: equity.days.filter((p) => within(p.ts)),
      },
      rollingSharpe: daily
        .map((d, i) => ({ ts: d.day, value: sharpe[i] ?? null }))
        .filter((p) => within(p.ts)),
      slippage: this.perf.slippage(accountId).filter((p) => within(p.ts)),
      trades: book.tradesIn(accountId, all, 500).reverse(),
      positions,
      realizedPnl:
        range === undefined
          ? book.metrics(accountId).trades.netProfit
          : book.realizedPnl(accountId, range),
      unrealizedPnl: str(positions.reduce((sum, p) => sum.plus(p.unrealizedPnl), ZERO)),
    }
  }

  /**
   * The time "time in the market" is a share of: the range shown, from when the account (the
   * first of all accounts) was opened, up to now; positions still open count until now.
   */
  private exposureWindow(
    accountId: string | undefined,
    range: { from?: number; to?: number } | undefined,
    positions: readonly MarkedPosition[],
  ): ExposureWindow | undefined {
    const { ledger, clock } = this.deps
    const opened = (accountId ? [ledger.getAccount(accountId)] : ledger.listAccounts())
      .filter((a) => a !== undefined && a !== null)
      .map((a) => a.createdAt)
    if (opened.length === 0) return undefined
    const now = clock.now()
    const from = Math.max(range?.from ?? -Infinity, Math.min(...opened))
    const to = Math.min(range?.to ?? Infinity, now)
    const openSince =
      range?.to !== undefined && range.to < now ? [] : positions.map((p) => p.openedAt)
    return { from, to: Math.max(from, to), openSince }
  }

  /** An account's cash before any of its fills: the capital it is measured from. */
  private startingCash(accountId: string): number {
    return this.deps.ledger.cashBeforeFills(accountId).toNumber()
  }

  /**
   * An account added is measured from its capital at once, not from the next start (the trades
   * fold sets the capital of its trades; its curve opens here).
   */
  private accountChanged(accountId: string, added: boolean): void {
    const account = this.deps.ledger.getAccount(accountId)
    if (added && account && !this.since.has(accountId)) {
      this.perf.recordEquity(accountId, account.createdAt, this.startingCash(accountId))
      this.since.set(accountId, account.createdAt)
    }
  }

  /** The alert rules judge each round trip and order outcome the trades fold made. */
  private judge(): void {
    const { trades, alerts, alertLog } = this.deps
    for (const { kind, accountId } of trades.takeDue()) {
      if (kind === 'trip') {
        const s = trades.book.streak(accountId)
        alerts.evaluate(accountId, {
          lossRun: s.lossRun,
          winRate: { value: s.wins / s.trades, trades: s.trades },
        })
        continue
      }
      const size = alertLog.rules.find((r) => r.id === 'slippage')?.minTrades ?? 20
      const window = trades.book.slippageWindow(accountId, size)
      alerts.evaluate(accountId, {
        slippage: {
          meanBps: window.reduce((a, b) => a + b, 0) / window.length,
          orders: window.length,
        },
      })
    }
  }
}
