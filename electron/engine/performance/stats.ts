/**
 * Trade statistics (quant.md 1.3, 1.5, 1.6), updated one closed trade at a time in O(1)
 * amortized (the hold-time median in O(log n), two heaps): running sums, counts, runs and the
 * drawdown of C₀ + cumulative PnL; every read is O(1). Ratios are float64; money sums are
 * float64 with compensated summation (numeric.ts), exact to the cent for any realistic list.
 */
import type { TradeMetrics } from '../../../shared/performance'
export type { TradeMetrics, Value } from '../../../shared/performance'
import { CompensatedSum, Samples, undefinedReasons } from './numeric'

/** A closed trade as the statistics see it. */
export interface TradeInput {
  /** Profit or loss after fees (a RoundTrip's `pnl`): what wins, losses and drawdown use. */
  readonly pnl: number
  /** Fees the trade paid, already inside `pnl`. */
  readonly fee?: number
  /** Epoch ms; with `closedAt`, gives the hold time and the exposure. */
  readonly openedAt?: number | null
  readonly closedAt?: number | null
}

/** Options of the trade statistics. */
export interface TradeStatsOptions {
  /** Starting capital C₀ (> 0): the first equity point, needed for the relative drawdown. */
  readonly capital?: number
}

/** Trade statistics updated one trade at a time, in the order the trades closed. */
export class TradeStats {
  private readonly capital: number | null
  private n = 0
  private wins = 0
  private losses = 0
  private readonly net = new CompensatedSum()
  private readonly fees = new CompensatedSum()
  private readonly gp = new CompensatedSum()
  private readonly gl = new CompensatedSum()
  private winRun = 0
  private lossRun = 0
  private longestWinRun = 0
  private longestLossRun = 0
  private peak: number
  private maxDrawdownAmount = 0
  private maxDrawdown = 0
  private readonly holdTimes = new Samples()
  private readonly exposure = new IntervalUnion()

  constructor(options: TradeStatsOptions = {}) {
    const capital = options.capital
    if (capital !== undefined && !(capital > 0 && Number.isFinite(capital)))
      throw new RangeError(`Starting capital must be above zero, got ${capital}`)
    this.capital = capital ?? null
    this.peak = capital ?? 0
  }

  /** Folds one closed trade in. */
  add(trade: TradeInput): void {
    const pnl = trade.pnl
    const fee = trade.fee ?? 0
    if (!Number.isFinite(pnl) || !Number.isFinite(fee))
      throw new RangeError(`A trade's pnl and fee must be finite, got ${pnl} and ${fee}`)
    this.n++
    this.net.add(pnl)
    this.fees.add(fee)
    if (pnl > 0) {
      this.wins++
      this.gp.add(pnl)
      this.lossRun = 0
      if (++this.winRun > this.longestWinRun) this.longestWinRun = this.winRun
    } else if (pnl < 0) {
      this.losses++
      this.gl.add(-pnl)
      this.winRun = 0
      if (++this.lossRun > this.longestLossRun) this.longestLossRun = this.lossRun
    } else {
      this.winRun = 0
      this.lossRun = 0
    }

    const equity = (this.capital ?? 0) + this.net.value
    if (equity > this.peak) this.peak = equity
    else {
      // The deepest fall in currency and the deepest relative one can come at different peaks.
      if (this.peak - equity > this.maxDrawdownAmount) this.maxDrawdownAmount = this.peak - equity
      if (this.capital !== null && equity / this.peak - 1 < this.maxDrawdown)
        this.maxDrawdown = equity / this.peak - 1
    }

    const { openedAt, closedAt } = trade
    if (openedAt != null && closedAt != null) {
      if (!(closedAt >= openedAt))
        throw new RangeError(`A trade closed at ${closedAt}, before it opened at ${openedAt}`)
      this.holdTimes.add(closedAt - openedAt)
      this.exposure.add(openedAt, closedAt)
    }
  }

  /** The statistics so far. */
  metrics(): TradeMetrics {
    const n = this.n
    const net = this.net.value
    const fees = this.fees.value
    const gp = this.gp.value
    const gl = this.gl.value
    const { reasons, value: undefinedIf } = undefinedReasons<keyof TradeMetrics>()
    const noTrades = 'no closed trades'
    const averageWin = undefinedIf(
      this.wins === 0,
      'averageWin',
      'no winning trades',
      () => gp / this.wins,
    )
    const averageLoss = undefinedIf(
      this.losses === 0,
      'averageLoss',
      'no losing trades',
      () => -gl / this.losses,
    )
    const untimed = this.holdTimes.count === 0
    const noTimes = 'no trade has both an opening and a closing time'
    const span = this.exposure.span
    return {
      trades: n,
      wins: this.wins,
      losses: this.losses,
      breakeven: n - this.wins - this.losses,
      winRate: undefinedIf(n === 0, 'winRate', noTrades, () => this.wins / n),
      averageProfit: undefinedIf(n === 0, 'averageProfit', noTrades, () => net / n),
      totalProfit: net + fees,
      fees,
      netProfit: net,
      grossProfit: gp,
      grossLoss: gl,
      averageWin,
      averageLoss,
      profitFactor: gl === 0 ? (gp > 0 ? Infinity : 0) : gp / gl,
      payoffRatio: undefinedIf(
        averageWin === null || averageLoss === null,
        'payoffRatio',
        this.wins === 0 ? 'no winning trades' : 'no losing trades',
        () => (averageWin as number) / -(averageLoss as number),
      ),
      expectancy: undefinedIf(n === 0, 'expectancy', noTrades, () => net / n),
      longestWinRun: this.longestWinRun,
      longestLossRun: this.longestLossRun,
      maxDrawdownAmount: this.maxDrawdownAmount,
      maxDrawdown: undefinedIf(
        this.capital === null,
        'maxDrawdown',
        'needs the starting capital',
        () => this.maxDrawdown,
      ),
      feeEfficiency: undefinedIf(
        gp === 0,
        'feeEfficiency',
        'no gross profit (no winning trades)',
        () => fees / gp,
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
      exposure: undefinedIf(
        untimed || span === 0,
        'exposure',
        untimed ? noTimes : 'the trades span no time',
        () => this.exposure.covered / span,
      ),
      reasons,
    }
  }
}

/** Folds a list of trades (in closing order) into their statistics. */
export function tradeMetrics(
  trades: Iterable<TradeInput>,
  options: TradeStatsOptions = {},
): TradeMetrics {
  const stats = new TradeStats(options)
  for (const trade of trades) stats.add(trade)
  return stats.metrics()
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
