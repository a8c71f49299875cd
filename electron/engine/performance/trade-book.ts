/**
 * The trades side of performance: fills matched into round trips (FIFO), the outcome and
 * slippage of every order that ended, and their statistics per account and for all accounts as
 * running totals. What a time range or a list needs is read from the compact history
 * (history.ts), not from objects kept for every trade.
 */
import type { DecimalString, Order } from '../../../shared/types'
import type { ExecutionMetrics, OrderOutcome } from '../../../shared/performance'
import { type Decimal, ZERO, str } from '../core'
import { ExecutionStats, orderOutcome, slippageBps } from './execution'
import { Names, OrderColumns, TripColumns, type TripSource } from './history'
import type { Frames, HistoryFile } from './history-file'
import { inRange, tradeMetricsInRange, type TimeRange } from './range'
import {
  TradeStats,
  type ExposureWindow,
  type TradeInput,
  type TradeMetrics,
  type TradeTotals,
} from './stats'
import {
  FifoMatcher,
  type BookState,
  type FillInput,
  type MarkedPosition,
  type RoundTrip,
} from './trades'

/** A round trip's numbers as the statistics take them. */
export function tradeInput(trip: RoundTrip): TradeInput {
  return { pnl: trip.pnl, fee: trip.fees, openedAt: trip.openedAt, closedAt: trip.closedAt }
}

/** What a restart resumes the book from (its history is in the trade-history file). */
export interface TradeBookState {
  /** Round trips and order outcomes in the history: the file must hold this many. */
  readonly trips: number
  readonly orders: number
  readonly books: readonly BookState[]
  readonly capitals: Readonly<Record<string, number>>
  /** The running totals of each account's trades, and of all accounts' (`all`). */
  readonly totals: Readonly<Record<string, TradeTotals>>
  readonly all: TradeTotals
}

interface Stats {
  capital: number | undefined
  trades: TradeStats
  execution: ExecutionStats
}

function statsOptions(capital: number | undefined): { capital?: number } {
  // No capital (an exchange account before its first sync): relative drawdowns are undefined.
  return capital === undefined || !(capital > 0) ? {} : { capital }
}

/** Round trips and order outcomes of every account, with their statistics. */
export class TradeBook {
  private matcher: FifoMatcher
  private readonly accounts = new Names()
  private readonly symbols = new Names()
  private readonly trips = new TripColumns()
  private readonly orders = new OrderColumns()
  private readonly stats = new Map<string, Stats>()
  private readonly all: Stats
  private readonly capitals: Map<string, number>

  /**
   * `file`: the trade-history file each round trip and outcome is appended to (and read back
   * from); without one, round trips are kept in memory.
   */
  constructor(
    options: {
      readonly capital?: Readonly<Record<string, number>>
      readonly file?: HistoryFile | null
      readonly checkRepeats?: boolean
    } = {},
  ) {
    this.file = options.file ?? null
    this.matcher = new FifoMatcher({ checkRepeats: options.checkRepeats ?? true })
    this.capitals = new Map(Object.entries(options.capital ?? {}))
    const capital = this.totalCapital()
    this.all = {
      capital,
      trades: new TradeStats(statsOptions(capital)),
      execution: new ExecutionStats(),
    }
  }

  private readonly file: HistoryFile | null

  /** Takes a fill (in journal order); returns the round trip it closed, if any. */
  addFill(fill: FillInput, seq = 0): RoundTrip | null {
    const trip = this.matcher.add(fill)
    if (!trip) return null
    const source: TripSource = this.file ? this.file.appendTrip(seq, trip) : trip
    this.trips.push(this.accounts.number(trip.accountId), trip, source)
    const input = tradeInput(trip)
    this.scope(trip.accountId).trades.add(input)
    this.all.trades.add(input)
    return trip
  }

  /** Counts a terminal order's outcome and slippage; false when it has no outcome. */
  addOrder(
    order: Pick<
      Order,
      | 'accountId'
      | 'symbol'
      | 'updatedAt'
      | 'status'
      | 'side'
      | 'filledQuantity'
      | 'expectedPrice'
      | 'averagePrice'
    >,
    seq = 0,
  ): boolean {
    const outcome = orderOutcome(order)
    if (outcome === null) return false
    // −0 (a sell filled at its price) is 0: the file, like the wire, keeps no sign on zero.
    const bps = slippageBps(order)
    const slippage = bps === null ? null : bps + 0
    const { accountId: account, updatedAt: ts, symbol } = order
    this.file?.appendOrder(seq, { account, ts, symbol, outcome }, slippage)
    this.countOrder(order.accountId, order.updatedAt, order.symbol, outcome, slippage)
    return true
  }

  private countOrder(
    accountId: string,
    ts: number,
    symbol: string,
    outcome: Parameters<OrderColumns['push']>[3],
    slippage: number | null,
  ): void {
    this.orders.push(
      this.accounts.number(accountId),
      ts,
      this.symbols.number(symbol),
      outcome,
      slippage,
    )
    for (const { execution } of [this.scope(accountId), this.all]) {
      execution.addOutcome(outcome)
      if (slippage !== null) execution.addSlippage(symbol, slippage)
    }
  }

  /** An account's starting capital: its figures and all accounts' are measured from it. */
  setCapital(accountId: string, capital: number): void {
    if (this.capitals.get(accountId) === capital) return
    this.capitals.set(accountId, capital)
    const scope = this.stats.get(accountId)
    if (scope) this.refold(scope, capital, this.accounts.find(accountId))
    this.refold(this.all, this.totalCapital(), -1)
  }

  /** An account's starting capital, if known. */
  capital(accountId: string): number | undefined {
    return this.capitals.get(accountId)
  }

  /** Trades, wins and the current losing run of an account (what the alert rules watch). */
  streak(accountId: string): { trades: number; wins: number; lossRun: number } {
    return { ...(this.stats.get(accountId)?.trades.counts ?? { trades: 0, wins: 0, lossRun: 0 }) }
  }

  /** The slippage of an account's last `size` orders that had one, oldest first. */
  slippageWindow(accountId: string, size: number): number[] {
    const account = this.accounts.find(accountId)
    const out: number[] = []
    for (let i = this.orders.length - 1; i >= 0 && out.length < size; i--) {
      if (this.orders.account.at(i) !== account) continue
      const bps = this.orders.slippageAt(i)
      if (bps !== null) out.push(bps)
    }
    return out.reverse()
  }

  /** Trade and execution metrics of one account (or all), over everything or a time range. */
  metrics(
    accountId?: string,
    range?: TimeRange,
    window?: ExposureWindow,
  ): { trades: TradeMetrics; execution: ExecutionMetrics } {
    const scope = accountId === undefined ? this.all : this.stats.get(accountId)
    const capital = scope ? scope.capital : this.capitals.get(accountId ?? '')
    if (range === undefined) {
      if (scope)
        return { trades: scope.trades.metrics(window), execution: scope.execution.metrics() }
      return {
        trades: new TradeStats(statsOptions(capital)).metrics(window),
        execution: new ExecutionStats().metrics(),
      }
    }
    const account = this.numberOf(accountId)
    const inputs: TradeInput[] = []
    for (const i of this.tripIndexes(account)) inputs.push(this.inputAt(i))
    const execution = new ExecutionStats()
    for (let i = 0; i < this.orders.length; i++) {
      if (
        (account !== null && this.orders.account.at(i) !== account) ||
        !inRange(this.orders.ts.at(i), range)
      )
        continue
      execution.addOutcome(this.orders.outcomeAt(i))
      const bps = this.orders.slippageAt(i)
      if (bps !== null)
        execution.addSlippage(this.symbols.list[this.orders.symbol.at(i)] as string, bps)
    }
    return {
      trades: tradeMetricsInRange(inputs, range, { capital, window }),
      execution: execution.metrics(),
    }
  }

  /** Round trips so far, in closing order: one account's, or all. */
  trades(accountId?: string): RoundTrip[] {
    return this.read([...this.tripIndexes(this.numberOf(accountId))])
  }

  /** The newest `limit` round trips closed in the range (all when absent), oldest first. */
  tradesIn(accountId: string | undefined, range: TimeRange, limit: number): RoundTrip[] {
    const account = this.numberOf(accountId)
    const out: number[] = []
    for (let i = this.trips.length - 1; i >= 0 && out.length < limit; i--) {
      if (account !== null && this.trips.account.at(i) !== account) continue
      if (inRange(this.trips.closedAt.at(i), range)) out.push(i)
    }
    return this.read(out.reverse())
  }

  /** The PnL of the round trips closed in the range, exactly. */
  realizedPnl(accountId: string | undefined, range: TimeRange): DecimalString {
    const account = this.numberOf(accountId)
    let sum: Decimal = ZERO
    for (const i of this.tripIndexes(account))
      if (inRange(this.trips.closedAt.at(i), range)) sum = sum.plus(this.trips.pnl[i] as string)
    return str(sum)
  }

  /** Each executed order's slippage with its time and symbol, oldest first. */
  slippage(accountId?: string): { ts: number; symbol: string; bps: number }[] {
    const account = this.numberOf(accountId)
    const out: { ts: number; symbol: string; bps: number }[] = []
    for (let i = 0; i < this.orders.length; i++) {
      if (account !== null && this.orders.account.at(i) !== account) continue
      const bps = this.orders.slippageAt(i)
      if (bps === null) continue
      const symbol = this.symbols.list[this.orders.symbol.at(i)] as string
      out.push({ ts: this.orders.ts.at(i), symbol, bps })
    }
    return out
  }

  /** Open positions marked at `marks` (symbol → price), with their unrealized PnL. */
  positions(marks: Readonly<Record<string, DecimalString>>, accountId?: string): MarkedPosition[] {
    return this.matcher.markToMarket(marks, accountId)
  }

  /** Closes the trade-history file (the engine stops). */
  close(): void {
    this.file?.close()
  }

  /** What a restart resumes from; the history it counts is in the file. */
  toState(): TradeBookState {
    this.file?.flush()
    return {
      trips: this.trips.length,
      orders: this.orders.length,
      books: this.matcher.toState(),
      capitals: Object.fromEntries(this.capitals),
      totals: Object.fromEntries([...this.stats].map(([id, s]) => [id, s.trades.totals()])),
      all: this.all.trades.totals(),
    }
  }

  /** A book resumed from `state` and the first `count` frames of its file (which it counts). */
  static resume(
    state: TradeBookState,
    file: HistoryFile,
    frames: Frames,
    count: number,
  ): TradeBook {
    const book = new TradeBook({ capital: state.capitals, file, checkRepeats: false })
    book.matcher = FifoMatcher.fromState(state.books)
    const outcomes = new Map<string, OrderOutcome[]>()
    const slippage = new Map<string, { symbol: string; bps: number }[]>()
    const all = {
      outcomes: [] as OrderOutcome[],
      slippage: [] as { symbol: string; bps: number }[],
    }
    for (let i = 0; i < count; i++) {
      const e = frames.entry(i)
      if (e.kind === 'trip') {
        const trip = { openedAt: e.openedAt, closedAt: e.closedAt, pnl: e.pnl, fees: e.fee }
        book.trips.push(book.accounts.number(e.account), trip, e)
        book.scope(e.account)
        continue
      }
      book.orders.push(
        book.accounts.number(e.account),
        e.ts,
        book.symbols.number(e.symbol),
        e.outcome,
        e.slippage,
      )
      book.scope(e.account)
      const own = outcomes.get(e.account) ?? []
      outcomes.set(e.account, own)
      own.push(e.outcome)
      all.outcomes.push(e.outcome)
      if (e.slippage === null) continue
      const point = { symbol: e.symbol, bps: e.slippage }
      const ownSlippage = slippage.get(e.account) ?? []
      slippage.set(e.account, ownSlippage)
      ownSlippage.push(point)
      all.slippage.push(point)
    }
    // The execution statistics at once: one sort per sample rather than a heap push per order.
    for (const [id, scope] of book.stats)
      scope.execution = ExecutionStats.of(outcomes.get(id) ?? [], slippage.get(id) ?? [])
    book.all.execution = ExecutionStats.of(all.outcomes, all.slippage)
    const resumed = (scope: Stats, totals: TradeTotals | undefined, account: number | null) => {
      const times = [...book.tripIndexes(account)].map(
        (i) => [book.trips.openedAt.at(i), book.trips.closedAt.at(i)] as const,
      )
      if (totals) scope.trades = TradeStats.resume(statsOptions(scope.capital), totals, times)
      else book.refold(scope, scope.capital, account ?? -1)
    }
    for (const [id, scope] of book.stats) resumed(scope, state.totals[id], book.accounts.find(id))
    resumed(book.all, state.all, null)
    return book
  }

  private totalCapital(): number | undefined {
    const capitals = [...this.capitals.values()]
    return capitals.length ? capitals.reduce((a, b) => a + b, 0) : undefined
  }

  private refold(scope: Stats, capital: number | undefined, account: number): void {
    scope.capital = capital
    scope.trades = new TradeStats(statsOptions(capital))
    for (const i of this.tripIndexes(account === -1 ? null : account))
      scope.trades.add(this.inputAt(i))
  }

  private scope(accountId: string): Stats {
    let scope = this.stats.get(accountId)
    if (!scope) {
      const capital = this.capitals.get(accountId)
      scope = {
        capital,
        trades: new TradeStats(statsOptions(capital)),
        execution: new ExecutionStats(),
      }
      this.stats.set(accountId, scope)
    }
    return scope
  }

  /** The number of an account in the columns: null for all accounts, -1 for one never seen. */
  private numberOf(accountId: string | undefined): number | null {
    return accountId === undefined ? null : this.accounts.find(accountId)
  }

  private *tripIndexes(account: number | null): Generator<number> {
    for (let i = 0; i < this.trips.length; i++)
      if (account === null || this.trips.account.at(i) === account) yield i
  }

  private inputAt(i: number): TradeInput {
    return {
      pnl: this.trips.pnl[i] as string,
      fee: this.trips.fee[i] as string,
      openedAt: this.trips.openedAt.at(i),
      closedAt: this.trips.closedAt.at(i),
    }
  }

  /** The round trips at these indexes: kept in memory, or read from the file. */
  private read(indexes: readonly number[]): RoundTrip[] {
    const { trips, file } = this
    if (!file) return indexes.map((i) => trips.kept[i] as RoundTrip)
    return file.readTrips(
      indexes.map((i) => ({ at: trips.at.at(i), length: trips.lineLength.at(i) })),
    )
  }
}
