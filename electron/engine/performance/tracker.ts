/**
 * Live performance per account and for all accounts: fills become round trips, trades and
 * orders update the statistics as they come (the trade book), and equity samples become daily
 * returns. A time range is answered by filtering what was kept and folding it again.
 */
import type { PerformanceMetrics } from '../../../shared/performance'
export type { PerformanceMetrics } from '../../../shared/performance'
import type { DecimalString, Order } from '../../../shared/types'
import { EquityCurve, type EquityPoint } from './equity'
import { returnMetricsInRange, type DailyReturn, type TimeRange } from './range'
import { ReturnStats, type ReturnMetrics } from './returns'
import type { ExposureWindow } from './stats'
import { TradeBook } from './trade-book'
import type { FillInput, MarkedPosition, RoundTrip } from './trades'

/** Options of the tracker. */
export interface PerformanceTrackerOptions {
  /** Days are the trader's local days. */
  readonly timeZone: string
  readonly periodsPerYear?: number
  /** Starting capital by account, for drawdowns relative to equity; all accounts use the sum. */
  readonly capital?: Readonly<Record<string, number>>
  /** The trade book to read trades from (live performance's fold); a new one when absent. */
  readonly book?: TradeBook
}

/** One account's (or all accounts') equity curve and daily returns. */
class Scope {
  readonly curve: EquityCurve
  readonly returns: ReturnStats
  readonly daily: DailyReturn[] = []
  private previousClose: number | null = null
  private dayFlow = 0
  private equityGone: string | null = null

  constructor(private readonly options: PerformanceTrackerOptions) {
    this.curve = new EquityCurve({ timeZone: options.timeZone })
    this.returns = new ReturnStats({ periodsPerYear: options.periodsPerYear })
  }

  /**
   * `flow` is money that arrived rather than was earned (an account joining all accounts): it
   * counts as if present at the start of its day, so it is not a return.
   */
  recordEquity(ts: number, equity: number, flow = 0): void {
    const first = this.curve.opening === null
    const closed = this.curve.record(ts, equity)
    for (const day of closed) {
      const previous =
        (this.previousClose ?? (this.curve.opening as EquityPoint).equity) + this.dayFlow
      this.previousClose = day.equity
      this.dayFlow = 0
      if (this.equityGone !== null) continue
      if (!(previous > 0)) {
        this.equityGone = `the equity fell to ${previous}, so later daily returns are undefined`
        continue
      }
      const r = day.equity / previous - 1
      this.daily.push({ day: day.ts, r })
      this.returns.add(r)
    }
    if (!first) this.dayFlow += flow
  }

  metrics(range: TimeRange | undefined): ReturnMetrics {
    const metrics =
      range === undefined
        ? this.returns.metrics()
        : returnMetricsInRange(this.daily, range, { periodsPerYear: this.options.periodsPerYear })
    if (this.equityGone === null) return metrics
    return { ...metrics, reasons: { ...metrics.reasons, days: this.equityGone } }
  }
}

/** Performance of every account and of all of them together. */
export class PerformanceTracker {
  /** The round trips, order outcomes and their statistics. */
  readonly book: TradeBook
  private readonly accounts = new Map<string, Scope>()
  private readonly all: Scope
  private readonly latestEquity = new Map<string, number>()
  private readonly ordersSeen = new Set<string>()

  constructor(private readonly options: PerformanceTrackerOptions) {
    this.book = options.book ?? new TradeBook({ capital: options.capital })
    this.all = new Scope(options)
  }

  /**
   * Sets an account's starting capital (an account added while running, or one whose opening
   * balances were just adopted): its figures and those of all accounts are measured from it at
   * once, exactly as they will be after the next start.
   */
  setCapital(accountId: string, capital: number): void {
    this.book.setCapital(accountId, capital)
  }

  /** Takes a fill (in time order); returns the round trip it closed, if any. */
  addFill(fill: FillInput): RoundTrip | null {
    return this.book.addFill(fill)
  }

  /** Takes an order once it is terminal: its outcome and slippage count once (then true). */
  addOrder(order: Order): boolean {
    if (this.ordersSeen.has(order.id) || !this.book.addOrder(order)) return false
    this.ordersSeen.add(order.id)
    return true
  }

  /**
   * Records an account's equity (cash plus positions at their marks) at `ts`;
   * all accounts together get the sum of every account's latest equity, an account's first
   * value joining it as money brought in, not as a gain.
   */
  recordEquity(accountId: string, ts: number, equity: number): void {
    this.scope(accountId).recordEquity(ts, equity)
    const joining = !this.latestEquity.has(accountId)
    this.latestEquity.set(accountId, equity)
    let total = 0
    for (const value of this.latestEquity.values()) total += value
    this.all.recordEquity(ts, total, joining ? equity : 0)
  }

  /** Round trips so far, in closing order: one account's, or all. */
  trades(accountId?: string): readonly RoundTrip[] {
    return this.book.trades(accountId)
  }

  /** Open positions marked at `marks` (symbol → price), with their unrealized PnL. */
  positions(marks: Readonly<Record<string, DecimalString>>, accountId?: string): MarkedPosition[] {
    return this.book.positions(marks, accountId)
  }

  /** The equity curve, per minute and per day (the current period last). */
  equity(accountId?: string): { minutes: EquityPoint[]; days: EquityPoint[] } {
    const curve = this.scopeOf(accountId)?.curve
    return { minutes: curve?.minutes() ?? [], days: curve?.days() ?? [] }
  }

  /** Each executed order's slippage with its time and symbol, oldest first. */
  slippage(accountId?: string): { ts: number; symbol: string; bps: number }[] {
    return this.book.slippage(accountId)
  }

  /** The daily returns of completed days (day start, return), oldest first. */
  dailyReturns(accountId?: string): readonly DailyReturn[] {
    return this.scopeOf(accountId)?.daily ?? []
  }

  /**
   * Metrics of one account (or all accounts), over everything or a time range; time in the
   * market over `window` (the range up to now) when given.
   */
  metrics(accountId?: string, range?: TimeRange, window?: ExposureWindow): PerformanceMetrics {
    const scope = this.scopeOf(accountId) ?? new Scope(this.options)
    return { ...this.book.metrics(accountId, range, window), daily: scope.metrics(range) }
  }

  private scopeOf(accountId: string | undefined): Scope | undefined {
    return accountId === undefined ? this.all : this.accounts.get(accountId)
  }

  private scope(accountId: string): Scope {
    let scope = this.accounts.get(accountId)
    if (!scope) {
      scope = new Scope(this.options)
      this.accounts.set(accountId, scope)
    }
    return scope
  }
}
