/**
 * Statistics of a daily-return series (quant.md 1.1–1.4, 1.6 and 2): Sharpe, Sortino, compounded
 * drawdown, CAGR, Calmar and the rolling 30-day Sharpe. Plain float64 throughout.
 */
import { MIN_ANNUALIZED_DAYS, type ReturnMetrics } from '../../../shared/performance'
export type { ReturnMetrics } from '../../../shared/performance'
import { CompensatedSum, undefinedReasons } from './numeric'
import type { Value } from './stats'

/** Crypto trades every day: P = 365 (quant.md 0). */
export const PERIODS_PER_YEAR = 365
/** The rolling Sharpe window, in daily returns (quant.md 2). */
export const ROLLING_WINDOW = 30

/**
 * Below MIN_ANNUALIZED_DAYS daily returns CAGR and Calmar are undefined. Sharpe and Sortino
 * scale by √P whatever N is, so they do not blow up the same way and keep quant.md's N ≥ 2.
 */
export { MIN_ANNUALIZED_DAYS }

/** Options of the return statistics. */
export interface ReturnStatsOptions {
  /** P, periods per year (365 for daily crypto returns). */
  readonly periodsPerYear?: number
  /** Fewest returns CAGR and Calmar are given for (MIN_ANNUALIZED_DAYS by default). */
  readonly minAnnualizedDays?: number
}

/**
 * Return statistics updated one period at a time in O(1): Welford's mean and M2 for the
 * variance (stable without a second pass), a compensated Σr for the mean, the downside sum of
 * squares, the compounded equity with its peak, and the last 30 returns for the rolling Sharpe.
 */
export class ReturnStats {
  private readonly periods: number
  private readonly minDays: number
  private n = 0
  private readonly sum = new CompensatedSum()
  private welfordMean = 0
  private m2 = 0
  private min = Infinity
  private max = -Infinity
  private negatives = 0
  private readonly downside = new CompensatedSum()
  private equity = 1
  private peak = 1
  private maxDrawdown = 0
  private readonly window = new Float64Array(ROLLING_WINDOW)

  constructor(options: ReturnStatsOptions = {}) {
    this.periods = checkPeriods(options.periodsPerYear ?? PERIODS_PER_YEAR)
    const minDays = options.minAnnualizedDays ?? MIN_ANNUALIZED_DAYS
    if (!(Number.isInteger(minDays) && minDays >= 1))
      throw new RangeError(
        `The fewest days to annualize must be a whole number ≥ 1, got ${minDays}`,
      )
    this.minDays = minDays
  }

  /** Folds in the next period's simple return (0.01 = +1 %). */
  add(r: number): void {
    if (!Number.isFinite(r)) throw new RangeError(`A return must be finite, got ${r}`)
    this.window[this.n % ROLLING_WINDOW] = r
    this.n++
    this.sum.add(r)
    const delta = r - this.welfordMean
    this.welfordMean += delta / this.n
    this.m2 += delta * (r - this.welfordMean)
    if (r < this.min) this.min = r
    if (r > this.max) this.max = r
    if (r < 0) {
      this.negatives++
      this.downside.add(r * r)
    }
    this.equity *= 1 + r
    if (this.equity > this.peak) this.peak = this.equity
    else if (this.equity / this.peak - 1 < this.maxDrawdown)
      this.maxDrawdown = this.equity / this.peak - 1
  }

  /** The statistics so far. */
  metrics(): ReturnMetrics {
    const n = this.n
    const P = this.periods
    const { reasons, value: undefinedIf } = undefinedReasons<keyof ReturnMetrics>()
    const mean = n === 0 ? null : this.sum.value / n
    if (mean === null) reasons.meanReturn = 'no returns'
    // All returns equal means std₁ = 0 exactly, whatever rounding left in M2.
    const stdev = undefinedIf(n < 2, 'stdev', 'needs at least 2 returns', () =>
      this.min === this.max ? 0 : Math.sqrt(this.m2 / (n - 1)),
    )
    const sharpe = undefinedIf(
      n < 2 || stdev === 0,
      'sharpe',
      n < 2 ? 'needs at least 2 returns' : 'the returns do not vary (standard deviation 0)',
      () => ((mean as number) / (stdev as number)) * Math.sqrt(P),
    )
    const downsideDeviation = undefinedIf(n === 0, 'downsideDeviation', 'no returns', () =>
      Math.sqrt(this.downside.value / n),
    )
    const sortino = undefinedIf(
      n < 2 || this.negatives === 0,
      'sortino',
      n < 2 ? 'needs at least 2 returns' : 'no negative returns (downside deviation 0)',
      () => ((mean as number) / (downsideDeviation as number)) * Math.sqrt(P),
    )
    const cagr = undefinedIf(
      n < this.minDays || this.equity < 0,
      'cagr',
      n < this.minDays
        ? `needs at least ${this.minDays} days of history; have ${n}`
        : 'equity ended below zero',
      () => Math.pow(this.equity, P / n) - 1,
    )
    const noDays = 'no completed day yet (a day closes at local midnight)'
    const maxDrawdown = undefinedIf(n === 0, 'maxDrawdown', noDays, () => this.maxDrawdown)
    const calmar = undefinedIf(
      cagr === null || maxDrawdown === 0,
      'calmar',
      cagr === null ? (reasons.cagr as string) : 'no drawdown (maximum drawdown 0)',
      () => (cagr as number) / Math.abs(this.maxDrawdown),
    )
    return {
      days: n,
      periodsPerYear: P,
      meanReturn: mean,
      stdev,
      sharpe,
      downsideDeviation,
      sortino,
      totalReturn: undefinedIf(n === 0, 'totalReturn', noDays, () => this.equity - 1),
      cagr,
      maxDrawdown,
      calmar,
      rollingSharpe: this.rollingSharpe(reasons),
      reasons,
    }
  }

  private rollingSharpe(reasons: Partial<Record<keyof ReturnMetrics, string>>): Value {
    if (this.n < ROLLING_WINDOW) {
      reasons.rollingSharpe = `needs ${ROLLING_WINDOW} returns`
      return null
    }
    const value = windowSharpe(this.window, 0, ROLLING_WINDOW, this.periods)
    if (value === null) reasons.rollingSharpe = 'the last 30 returns do not vary'
    return value
  }
}

/** Folds a daily-return series into its statistics. */
export function returnMetrics(
  returns: Iterable<number>,
  options: ReturnStatsOptions = {},
): ReturnMetrics {
  const stats = new ReturnStats(options)
  for (const r of returns) stats.add(r)
  return stats.metrics()
}

/**
 * Rolling Sharpe (quant.md 2): RS_t over r_(t−W+1)..r_t with std₁ (divisor W − 1), · √P; one
 * value per return, null for t < W − 1 and for a window whose returns do not vary.
 */
export function rollingSharpe(
  returns: ArrayLike<number>,
  window = ROLLING_WINDOW,
  periodsPerYear = PERIODS_PER_YEAR,
): Value[] {
  if (!Number.isInteger(window) || window < 2)
    throw new RangeError(`The window must be a whole number of at least 2, got ${window}`)
  checkPeriods(periodsPerYear)
  const out: Value[] = []
  for (let t = 0; t < returns.length; t++) {
    out.push(t < window - 1 ? null : windowSharpe(returns, t - window + 1, window, periodsPerYear))
  }
  return out
}

/** Sharpe of `length` values from `from` (two passes); null when they do not vary. */
function windowSharpe(
  values: ArrayLike<number>,
  from: number,
  length: number,
  periods: number,
): Value {
  let sum = 0
  let lo = Infinity
  let hi = -Infinity
  for (let i = from; i < from + length; i++) {
    const v = values[i] as number
    sum += v
    if (v < lo) lo = v
    if (v > hi) hi = v
  }
  if (lo === hi) return null
  const mean = sum / length
  let squares = 0
  for (let i = from; i < from + length; i++) squares += ((values[i] as number) - mean) ** 2
  return (mean / Math.sqrt(squares / (length - 1))) * Math.sqrt(periods)
}

/**
 * Simple returns of consecutive equity values: r_i = E_i / E_(i−1) − 1, starting from
 * `opening` (E₀). Throws when an equity value the next return divides by is zero or below.
 */
export function returnsFromEquity(opening: number, closes: readonly number[]): number[] {
  const out: number[] = []
  let previous = opening
  for (const equity of closes) {
    if (!(previous > 0))
      throw new RangeError(`Equity fell to ${previous}: later returns are undefined`)
    out.push(equity / previous - 1)
    previous = equity
  }
  return out
}

function checkPeriods(periods: number): number {
  if (!(periods > 0 && Number.isFinite(periods)))
    throw new RangeError(`Periods per year must be above zero, got ${periods}`)
  return periods
}
