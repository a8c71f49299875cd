/**
 * Live performance per account and for all accounts together: fills become round trips, trades
 * and orders update the statistics as they come, and equity samples become daily returns. Any
 * time range is answered by filtering what was kept and folding it again.
 */
import type { PerformanceMetrics } from '../../../shared/performance'
export type { PerformanceMetrics } from '../../../shared/performance'
import type { DecimalString, Order } from '../../../shared/types'
import { EquityCurve, type EquityPoint } from './equity'
import { ExecutionStats, orderOutcome, slippageBps, type OrderOutcome } from './execution'
import {
  inRange,
  returnMetricsInRange,
  tradeMetricsInRange,
  type DailyReturn,
  type TimeRange,
} from './range'
import { ReturnStats, type ReturnMetrics } from './returns'
import { TradeStats, type TradeInput } from './stats'
import { FifoMatcher, type FillInput, type MarkedPosition, type RoundTrip } from './trades'

/** Options of the tracker. */
export interface PerformanceTrackerOptions {
  /** Days are the trader's local days. */
  readonly timeZone: string
  readonly periodsPerYear?: number
  /** Starting capital by account, for drawdowns relative to equity; all accounts use the sum. */
  readonly capital?: Readonly<Record<string, number>>
}

/** A round trip's numbers as the statistics take them. */
export function tradeInput(trip: RoundTrip): TradeInput {
  return {
    pnl: trip.pnl,
    fee: trip.fees,
    openedAt: trip.openedAt,
    closedAt: trip.closedAt,
  }
}

interface OrderRecord {
  readonly ts: number
  readonly symbol: string
  readonly outcome: OrderOutcome
  readonly slippage: number | null
}

/** One account's (or all accounts') running state. */
class Scope {
  readonly trips: RoundTrip[] = []
  readonly inputs: TradeInput[] = []
  trades: TradeStats
  readonly execution = new ExecutionStats()
  readonly orders: OrderRecord[] = []
  readonly curve: EquityCurve
  readonly returns: ReturnStats
  readonly daily: DailyReturn[] = []
  private previousClose: number | null = null
  private dayFlow = 0
  private equityGone: string | null = null

  constructor(
    public capital: number | undefined,
    private readonly options: PerformanceTrackerOptions,
  ) {
    this.trades = Scope.stats(capital)
    this.curve = new EquityCurve({ timeZone: options.timeZone })
    this.returns = new ReturnStats({ periodsPerYear: options.periodsPerYear })
  }

  private static stats(capital: number | undefined): TradeStats {
    // No capital (an exchange account before its first sync): relative drawdowns are undefined.
    return new TradeStats(capital === undefined || !(capital > 0) ? {} : { capital })
  }

  /** A new starting capital: the trade statistics are folded again from it. */
  setCapital(capital: number | undefined): void {
    if (capital === this.capital) return
    this.capital = capital
    this.trades = Scope.stats(capital)
    for (const input of this.inputs) this.trades.add(input)
  }

  addTrip(trip: RoundTrip): void {
    const input = tradeInput(trip)
    this.trips.push(trip)
    this.inputs.push(input)
    this.trades.add(input)
  }

  addOrder(record: OrderRecord): void {
    this.orders.push(record)
    this.execution.addOutcome(record.outcome)
    if (record.slippage !== null) this.execution.addSlippage(record.symbol, record.slippage)
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

  metrics(range: TimeRange | undefined): PerformanceMetrics {
    if (range === undefined) {
      return {
        trades: this.trades.metrics(),
        execution: this.execution.metrics(),
        daily: this.dailyMetrics(this.returns.metrics()),
      }
    }
    const execution = new ExecutionStats()
    for (const order of this.orders) {
      if (!inRange(order.ts, range)) continue
      execution.addOutcome(order.outcome)
      if (order.slippage !== null) execution.addSlippage(order.symbol, order.slippage)
    }
    return {
      trades: tradeMetricsInRange(
        this.inputs,
        range,
        this.capital === undefined ? {} : { capital: this.capital },
      ),
      execution: execution.metrics(),
      daily: this.dailyMetrics(
        returnMetricsInRange(this.daily, range, { periodsPerYear: this.options.periodsPerYear }),
      ),
    }
  }

  private dailyMetrics(metrics: ReturnMetrics): ReturnMetrics {
    if (this.equityGone === null) return metrics
    return { ...metrics, reasons: { ...metrics.reasons, days: this.equityGone } }
  }
}

/** Performance of every account and of all of them together. */
export class PerformanceTracker {
  private readonly matcher = new FifoMatcher()
  private readonly accounts = new Map<string, Scope>()
  private readonly all: Scope
  private readonly latestEquity = new Map<string, number>()
  private readonly ordersSeen = new Set<string>()
  private readonly capitals: Map<string, number>

  constructor(private readonly options: PerformanceTrackerOptions) {
    this.capitals = new Map(Object.entries(options.capital ?? {}))
    this.all = new Scope(this.totalCapital(), options)
  }

  private totalCapital(): number | undefined {
    const capitals = [...this.capitals.values()]
    return capitals.length ? capitals.reduce((a, b) => a + b, 0) : undefined
  }

  /**
   * Sets an account's starting capital (an account added while running, or one whose opening
   * balances were just adopted): its figures and those of all accounts are measured from it at
   * once, exactly as they will be after the next start.
   */
  setCapital(accountId: string, capital: number): void {
    if (this.capitals.get(accountId) === capital) return
    this.capitals.set(accountId, capital)
    this.accounts.get(accountId)?.setCapital(capital)
    this.all.setCapital(this.totalCapital())
  }

  /** Takes a fill (in time order); returns the round trip it closed, if any. */
  addFill(fill: FillInput): RoundTrip | null {
    const trip = this.matcher.add(fill)
    if (trip) {
      this.scope(trip.accountId).addTrip(trip)
      this.all.addTrip(trip)
    }
    return trip
  }

  /** Takes an order once it is terminal: its outcome and slippage count once (then true). */
  addOrder(order: Order): boolean {
    const outcome = orderOutcome(order)
    if (outcome === null || this.ordersSeen.has(order.id)) return false
    this.ordersSeen.add(order.id)
    const record = {
      ts: order.updatedAt,
      symbol: order.symbol,
      outcome,
      slippage: slippageBps(order),
    }
    this.scope(order.accountId).addOrder(record)
    this.all.addOrder(record)
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
    return this.scopeOf(accountId)?.trips ?? []
  }

  /** Open positions marked at `marks` (symbol → price), with their unrealized PnL. */
  positions(marks: Readonly<Record<string, DecimalString>>, accountId?: string): MarkedPosition[] {
    return this.matcher.markToMarket(marks, accountId)
  }

  /** The equity curve, per minute and per day (the current period last). */
  equity(accountId?: string): { minutes: EquityPoint[]; days: EquityPoint[] } {
    const curve = this.scopeOf(accountId)?.curve
    return { minutes: curve?.minutes() ?? [], days: curve?.days() ?? [] }
  }

  /** Each executed order's slippage with its time and symbol, oldest first. */
  slippage(accountId?: string): { ts: number; symbol: string; bps: number }[] {
    return (this.scopeOf(accountId)?.orders ?? []).flatMap((o) =>
      o.slippage === null ? [] : [{ ts: o.ts, symbol: o.symbol, bps: o.slippage }],
    )
  }

  /** The daily returns of completed days (day start, return), oldest first. */
  dailyReturns(accountId?: string): readonly DailyReturn[] {
    return this.scopeOf(accountId)?.daily ?? []
  }

  /** Metrics of one account (or all accounts), over everything or a time range. */
  metrics(accountId?: string, range?: TimeRange): PerformanceMetrics {
    const scope =
      this.scopeOf(accountId) ?? new Scope(this.capitals.get(accountId ?? ''), this.options)
    return scope.metrics(range)
  }

  private scopeOf(accountId: string | undefined): Scope | undefined {
    return accountId === undefined ? this.all : this.accounts.get(accountId)
  }

  private scope(accountId: string): Scope {
    let scope = this.accounts.get(accountId)
    if (!scope) {
      scope = new Scope(this.capitals.get(accountId), this.options)
      this.accounts.set(accountId, scope)
    }
    return scope
  }
}
