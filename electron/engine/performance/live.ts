/**
 * Live performance: trades from fills, outcomes of orders and the equity curve, folded from
 * the ledger at start and kept up to date as fills and closes happen; each minute every
 * account's equity goes into the curve (and the minute log on disk), the alert rules judge it,
 * and a local day that ended is closed in the journal.
 */
import { type Order, TERMINAL_STATUSES } from '../../../shared/types'
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
import { EquityLog, type EquitySample } from './equity-log'
import { slippageBps } from './execution'
import { PERIODS_PER_YEAR, ROLLING_WINDOW, rollingSharpe } from './returns'
import { PerformanceTracker } from './tracker'
import type { RoundTrip } from './trades'

/** The equity curve is sampled every minute; the equity log keeps a day of samples. */
const SAMPLE_MS = 60_000
const KEEP_MS = 86_400_000

/** What live performance works with. */
export interface LivePerformanceDeps {
  readonly clock: Clock
  readonly timeZone: string
  readonly dataDir: string
  /** fsync the minute log (not in a scratch folder). */
  readonly durable: boolean
  readonly ledger: Ledger
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

type Streak = { trades: number; wins: number; lossRun: number }

/** The live tracker of every account, its minute samples and the rules that watch it. */
export class LivePerformance {
  private readonly perf: PerformanceTracker
  /** The latest equity point of each account: a clock set back must not go before it. */
  private readonly since = new Map<string, number>()
  private readonly streaks = new Map<string, Streak>()
  private readonly slippage = new Map<string, number[]>()
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
    const { ledger, timeZone, bus, clock } = deps
    this.perf = new PerformanceTracker({
      timeZone,
      capital: Object.fromEntries(
        ledger.listAccounts().map((a) => [a.id, this.startingCash(a.id)]),
      ),
    })
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
    // The past is folded in journal order, as it happened live: fills of one book walk share a
    // timestamp, and only their seq tells FIFO which came first. The alert rules' streaks and
    // windows resume where they were.
    for (const fill of ledger.fillsInJournalOrder()) {
      const trip = this.perf.addFill(fill)
      if (trip) this.countTrip(trip)
    }
    for (const order of ledger.endedOrders())
      if (this.perf.addOrder(order)) this.countSlippage(order)
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
      else if (event.type === 'fills:created') this.filled(event.payload)
      else if (event.type === 'orders:updated' && TERMINAL_STATUSES.includes(event.payload.status))
        this.ended(event.payload)
    })
    this.timer = clock.setInterval(() => this.sample(), SAMPLE_MS)
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
    await this.log.idle()
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
    const trades = this.perf.trades(accountId).filter((t) => within(t.closedAt))
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
      metrics: this.perf.metrics(accountId, range),
      equity: {
        minutes: equity.minutes.filter((p) => p.ts >= clock.now() - 86_400_000 && within(p.ts)),
        days: equity.days.filter((p) => within(p.ts)),
      },
      rollingSharpe: daily
        .map((d, i) => ({ ts: d.day, value: sharpe[i] ?? null }))
        .filter((p) => within(p.ts)),
      slippage: this.perf.slippage(accountId).filter((p) => within(p.ts)),
      trades: trades.slice(-500).reverse(),
      positions,
      realizedPnl: str(trades.reduce((sum, t) => sum.plus(t.pnl), ZERO)),
      unrealizedPnl: str(positions.reduce((sum, p) => sum.plus(p.unrealizedPnl), ZERO)),
    }
  }

  /** An account's cash before any of its fills: the capital it is measured from. */
  private startingCash(accountId: string): number {
    return this.deps.ledger.cashBeforeFills(accountId).toNumber()
  }

  /**
   * An account added, or an exchange account whose opening balances were adopted when it
   * connected, is measured from its capital at once, not from the next start.
   */
  private accountChanged(accountId: string, added: boolean): void {
    const account = this.deps.ledger.getAccount(accountId)
    if (added || account?.kind === 'exchange')
      this.perf.setCapital(accountId, this.startingCash(accountId))
    if (added && account && !this.since.has(accountId)) {
      this.perf.recordEquity(accountId, account.createdAt, this.startingCash(accountId))
      this.since.set(accountId, account.createdAt)
    }
  }

  private filled(fill: Parameters<PerformanceTracker['addFill']>[0]): void {
    const trip = this.perf.addFill(fill)
    if (!trip) return
    const s = this.countTrip(trip)
    this.deps.alerts.evaluate(trip.accountId, {
      lossRun: s.lossRun,
      winRate: { value: s.wins / s.trades, trades: s.trades },
    })
  }

  private ended(order: Order): void {
    // An order counts once, when it first ends (an adopted late fill publishes it again).
    if (!this.perf.addOrder(order)) return
    const window = this.countSlippage(order)
    if (window === null) return
    this.deps.alerts.evaluate(order.accountId, {
      slippage: {
        meanBps: window.reduce((a, b) => a + b, 0) / window.length,
        orders: window.length,
      },
    })
  }

  private countTrip(trip: RoundTrip): Streak {
    const pnl = dec(trip.pnl)
    const s = this.streaks.get(trip.accountId) ?? { trades: 0, wins: 0, lossRun: 0 }
    s.trades += 1
    if (pnl.isPositive() && !pnl.isZero()) s.wins += 1
    s.lossRun = pnl.isNegative() ? s.lossRun + 1 : 0
    this.streaks.set(trip.accountId, s)
    return s
  }

  private countSlippage(order: Order): number[] | null {
    const bps = slippageBps(order)
    if (bps === null) return null
    const size = this.deps.alertLog.rules.find((r) => r.id === 'slippage')?.minTrades ?? 20
    const window = [...(this.slippage.get(order.accountId) ?? []), bps].slice(-size)
    this.slippage.set(order.accountId, window)
    return window
  }
}
