/**
 * Trade statistics (quant.md 1.3, 1.5, 1.6), updated one closed trade at a time in O(1)
 * amortized (the hold-time median in O(log n), two heaps): running sums, counts, runs and the
 * drawdown of C₀ + cumulative PnL; every read is O(1). Money is summed exactly in the engine's
 * decimal type and leaves as decimal strings (averages rounded once, to 8 places, like the
 * ledger's); ratios are float64.
 */
import type { Money, TradeMetrics, Value } from '../../../shared/performance'
import type { DecimalString } from '../../../shared/types'
export type { Money, TradeMetrics, Value } from '../../../shared/performance'
import { type Decimal, ZERO, dec, str } from '../core'
import { Samples, undefinedReasons } from './numeric'

/** Places an average of money is rounded to, once, as the ledger rounds its averages. */
const AVERAGE_PLACES = 8

/** A closed trade as the statistics see it. */
export interface TradeInput {
  /**
   * Profit or loss after fees (a RoundTrip's `pnl`): what wins, losses and drawdown use. A
   * decimal string is taken exactly; a number as the decimal it prints as.
   */
  readonly pnl: DecimalString | number
  /** Fees the trade paid, already inside `pnl`. */
  readonly fee?: DecimalString | number
  /** Epoch ms; with `closedAt`, gives the hold time and the exposure. */
  readonly openedAt?: number | null
  readonly closedAt?: number | null
}

/**
 * The time the exposure is measured over: the range shown, up to now. Without one, the span
 * from the first opening to the last closing is all that is known (a bare trade list).
 */
export interface ExposureWindow {
  readonly from: number
  readonly to: number
  /** Opening times of positions still open at `to`: in the market from then until `to`. */
  readonly openSince?: readonly number[]
}

/** Options of the trade statistics. */
export interface TradeStatsOptions {
  /** Starting capital C₀ (> 0): the first equity point, needed for the relative drawdown. */
  readonly capital?: DecimalString | number
}

/** A money input as a decimal; NaN, Infinity and non-numbers are refused. */
function money(value: DecimalString | number): Decimal | null {
  if (typeof value === 'number' && !Number.isFinite(value)) return null
  try {
    return dec(value)
  } catch {
    return null
  }
}

/**
 * The running totals of trade statistics, as plain data: what a restart resumes from without
 * folding every trade again (the hold times and exposure are rebuilt from the trades' times).
 */
export interface TradeTotals {
  readonly n: number
  readonly wins: number
  readonly losses: number
  readonly net: string
  readonly fees: string
  readonly gp: string
  readonly gl: string
  readonly winRun: number
  readonly lossRun: number
  readonly longestWinRun: number
  readonly longestLossRun: number
  readonly peak: string
  readonly maxDrawdownAmount: string
  readonly maxDrawdown: string
}

/** Trade statistics updated one trade at a time, in the order the trades closed. */
export class TradeStats {
  private readonly capital: Decimal | null
  private n = 0
  private wins = 0
  private losses = 0
  private net = ZERO
  private fees = ZERO
  private gp = ZERO
  private gl = ZERO
  private winRun = 0
  private lossRun = 0
  private longestWinRun = 0
  private longestLossRun = 0
  private peak: Decimal
  private maxDrawdownAmount = ZERO
  private maxDrawdown = ZERO
  private holdTimes = new Samples()
  private readonly exposure = new IntervalUnion()

  constructor(options: TradeStatsOptions = {}) {
    const capital = options.capital === undefined ? undefined : money(options.capital)
    if (capital === null || (capital !== undefined && !capital.greaterThan(0)))
      throw new RangeError(`Starting capital must be above zero, got ${options.capital}`)
    this.capital = capital ?? null
    this.peak = capital ?? ZERO
  }

  /** The running totals (see `resume`). */
  totals(): TradeTotals {
    return {
      n: this.n,
      wins: this.wins,
      losses: this.losses,
      net: str(this.net),
      fees: str(this.fees),
      gp: str(this.gp),
      gl: str(this.gl),
      winRun: this.winRun,
      lossRun: this.lossRun,
      longestWinRun: this.longestWinRun,
      longestLossRun: this.longestLossRun,
      peak: str(this.peak),
      maxDrawdownAmount: str(this.maxDrawdownAmount),
      maxDrawdown: str(this.maxDrawdown),
    }
  }

  /**
   * Statistics that resume from `totals` (made with the same options), given the opening and
   * closing times of the same trades in closing order (for the hold times and exposure).
   */
  static resume(
    options: TradeStatsOptions,
    totals: TradeTotals,
    times: Iterable<readonly [number, number]>,
  ): TradeStats {
    const stats = new TradeStats(options)
    stats.n = totals.n
    stats.wins = totals.wins
    stats.losses = totals.losses
    stats.net = dec(totals.net)
    stats.fees = dec(totals.fees)
    stats.gp = dec(totals.gp)
    stats.gl = dec(totals.gl)
    stats.winRun = totals.winRun
    stats.lossRun = totals.lossRun
    stats.longestWinRun = totals.longestWinRun
    stats.longestLossRun = totals.longestLossRun
    stats.peak = dec(totals.peak)
    stats.maxDrawdownAmount = dec(totals.maxDrawdownAmount)
    stats.maxDrawdown = dec(totals.maxDrawdown)
    const holds: number[] = []
    for (const [openedAt, closedAt] of times) {
      holds.push(closedAt - openedAt)
      stats.exposure.add(openedAt, closedAt)
    }
    stats.holdTimes = Samples.of(holds)
    return stats
  }

  /** Trades, wins and the current run of losing trades (a win or a breakeven trade ends it). */
  get counts(): { readonly trades: number; readonly wins: number; readonly lossRun: number } {
    return { trades: this.n, wins: this.wins, lossRun: this.lossRun }
  }

  /** Folds one closed trade in. */
  add(trade: TradeInput): void {
    const pnl = money(trade.pnl)
    const fee = money(trade.fee ?? 0)
    if (pnl === null || fee === null)
      throw new RangeError(
        `A trade's pnl and fee must be finite, got ${trade.pnl} and ${trade.fee ?? 0}`,
      )
    this.n++
    this.net = this.net.plus(pnl)
    this.fees = this.fees.plus(fee)
    if (pnl.greaterThan(0)) {
      this.wins++
      this.gp = this.gp.plus(pnl)
      this.lossRun = 0
      if (++this.winRun > this.longestWinRun) this.longestWinRun = this.winRun
    } else if (pnl.lessThan(0)) {
      this.losses++
      this.gl = this.gl.minus(pnl)
      this.winRun = 0
      if (++this.lossRun > this.longestLossRun) this.longestLossRun = this.lossRun
    } else {
      this.winRun = 0
      this.lossRun = 0
    }

    const equity = (this.capital ?? ZERO).plus(this.net)
    if (equity.greaterThan(this.peak)) this.peak = equity
    else {
      // The deepest fall in currency and the deepest relative one can come at different peaks.
      const fall = this.peak.minus(equity)
      if (fall.greaterThan(this.maxDrawdownAmount)) this.maxDrawdownAmount = fall
      if (this.capital !== null) {
        const relative = equity.dividedBy(this.peak).minus(1)
        if (relative.lessThan(this.maxDrawdown)) this.maxDrawdown = relative
      }
    }

    const { openedAt, closedAt } = trade
    if (openedAt != null && closedAt != null) {
      if (!(closedAt >= openedAt))
        throw new RangeError(`A trade closed at ${closedAt}, before it opened at ${openedAt}`)
      this.holdTimes.add(closedAt - openedAt)
      this.exposure.add(openedAt, closedAt)
    }
  }

  /** The statistics so far; time in the market over `window` when given. */
  metrics(window?: ExposureWindow): TradeMetrics {
    const { n, net, fees, gp, gl } = this
    const { reasons, value: undefinedIf } = undefinedReasons<keyof TradeMetrics>()
    // A money figure, or null with its reason noted.
    const moneyIf = (
      undefinedWhen: boolean,
      key: keyof TradeMetrics,
      reason: string,
      compute: () => Decimal,
    ): Money => {
      if (!undefinedWhen) return str(compute())
      reasons[key] = reason
      return null
    }
    const average = (sum: Decimal, count: number): Decimal =>
      sum.dividedBy(count).toDecimalPlaces(AVERAGE_PLACES)
    const noTrades = 'no closed trades'
    const averageWin = moneyIf(this.wins === 0, 'averageWin', 'no winning trades', () =>
      average(gp, this.wins),
    )
    const averageLoss = moneyIf(this.losses === 0, 'averageLoss', 'no losing trades', () =>
      average(gl, this.losses).negated(),
    )
    const untimed = this.holdTimes.count === 0
    const noTimes = 'no trade has both an opening and a closing time'
    return {
      trades: n,
      wins: this.wins,
      losses: this.losses,
      breakeven: n - this.wins - this.losses,
      winRate: undefinedIf(n === 0, 'winRate', noTrades, () => this.wins / n),
      averageProfit: moneyIf(n === 0, 'averageProfit', noTrades, () => average(net, n)),
      totalProfit: str(net.plus(fees)),
      fees: str(fees),
      netProfit: str(net),
      grossProfit: str(gp),
      grossLoss: str(gl),
      averageWin,
      averageLoss,
      // No trade at all leaves it undefined; breakeven trades alone are 0 (quant.md 1.6).
      profitFactor: undefinedIf(n === 0, 'profitFactor', noTrades, () =>
        gl.isZero() ? (gp.greaterThan(0) ? Infinity : 0) : gp.dividedBy(gl).toNumber(),
      ),
      payoffRatio: undefinedIf(
        this.wins === 0 || this.losses === 0,
        'payoffRatio',
        this.wins === 0 ? 'no winning trades' : 'no losing trades',
        () => gp.dividedBy(this.wins).dividedBy(gl.dividedBy(this.losses)).toNumber(),
      ),
      expectancy: moneyIf(n === 0, 'expectancy', noTrades, () => average(net, n)),
      longestWinRun: this.longestWinRun,
      longestLossRun: this.longestLossRun,
      maxDrawdownAmount: str(this.maxDrawdownAmount),
      maxDrawdown: undefinedIf(
        this.capital === null,
        'maxDrawdown',
        'needs the starting capital',
        () => this.maxDrawdown.toNumber(),
      ),
      feeEfficiency: undefinedIf(
        gp.isZero(),
        'feeEfficiency',
        'no gross profit (no winning trades)',
        () => fees.dividedBy(gp).toNumber(),
      ),
      holdTimeMeanMs: undefinedIf(
        untimed,
        'holdTimeMeanMs',
        noTimes,
        () => this.holdTimes.mean() as number,
      ),
      holdTimeMedianMs: undefinedIf(
        untimed,
        'holdTimeMedianMs',
        noTimes,
        () => this.holdTimes.median() as number,
      ),
      exposure: this.exposureIn(window, untimed, noTimes, undefinedIf),
      reasons,
    }
  }

  /**
   * Share of the window in which a trade (or a still-open position) was open. Without a window,
   * the span of the trades themselves: a single trade is then 100 % of its own time.
   */
  private exposureIn(
    window: ExposureWindow | undefined,
    untimed: boolean,
    noTimes: string,
    undefinedIf: (when: boolean, key: 'exposure', reason: string, f: () => number) => Value,
  ): Value {
    if (window === undefined) {
      const span = this.exposure.span
      return undefinedIf(
        untimed || span === 0,
        'exposure',
        untimed ? noTimes : 'the trades span no time',
        () => this.exposure.covered / span,
      )
    }
    const { from, to } = window
    return undefinedIf(!(to > from), 'exposure', 'the period has no length yet', () => {
      const since = Math.min(...(window.openSince ?? []))
      return this.exposure.coveredIn(from, to, since) / (to - from)
    })
  }
}

/** Folds a list of trades (in closing order) into their statistics. */
export function tradeMetrics(
  trades: Iterable<TradeInput>,
  options: TradeStatsOptions = {},
  window?: ExposureWindow,
): TradeMetrics {
  const stats = new TradeStats(options)
  for (const trade of trades) stats.add(trade)
  return stats.metrics(window)
}

/**
 * The union of closed time intervals, kept as sorted disjoint intervals. Trades arrive in
 * closing order, so a new interval reaches past every earlier end and merges at the tail:
 * amortized O(1). An out-of-order one costs a binary search and a splice.
 */
class IntervalUnion {
  private readonly starts: number[] = []
  private readonly ends: number[] = []
  private first = Infinity
  private last = -Infinity
  covered = 0

  get span(): number {
    return this.last - this.first
  }

  /**
   * Time covered inside [from, to), counting [since, to) as covered too (positions still open;
   * Infinity for none): O(k) over the kept intervals.
   */
  coveredIn(from: number, to: number, since: number): number {
    const open = Math.max(from, since)
    let total = open < to ? to - open : 0
    for (let i = 0; i < this.starts.length; i++) {
      const s = Math.max(from, this.starts[i] as number)
      const e = Math.min(to, this.ends[i] as number)
      if (e <= s) continue
      // The part already counted with the open positions is not counted twice.
      const overlap = Math.max(0, e - Math.max(s, open))
      total += e - s - (open < to ? overlap : 0)
    }
    return total
  }

  add(start: number, end: number): void {
    if (start < this.first) this.first = start
    if (end > this.last) this.last = end
    const { starts, ends } = this
    const n = ends.length
    if (n === 0 || start > (ends[n - 1] as number)) {
      starts.push(start)
      ends.push(end)
      this.covered += end - start
      return
    }
    // First interval that ends at or after `start`: it and those after it that begin by `end` merge.
    let lo = 0
    let hi = n
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if ((ends[mid] as number) < start) lo = mid + 1
      else hi = mid
    }
    let s = start
    let e = end
    let j = lo
    while (j < n && (starts[j] as number) <= end) {
      s = Math.min(s, starts[j] as number)
      e = Math.max(e, ends[j] as number)
      this.covered -= (ends[j] as number) - (starts[j] as number)
      j++
    }
    starts.splice(lo, j - lo, s)
    ends.splice(lo, j - lo, e)
    this.covered += e - s
  }
}
