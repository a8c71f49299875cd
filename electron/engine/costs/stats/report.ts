/**
 * The degradation report over a trader's fills: is the model biased (Wilcoxon signed-rank), are
 * the recent fills worse than the earlier ones (Mann–Whitney U), how far actual costs sit from
 * the model (bootstrap interval of the median actual/expected), and the live alarm (CUSUM). Every
 * figure is plain JSON. Below MIN_FILLS fills it says "not enough fills" and gives no p-value.
 *
 * Residuals: d = actual − expected (bps; positive = cost more than expected). Standardized
 * z = d / s with s the fill's own predicted dispersion (scaleBps) when every fill has one;
 * otherwise one robust scale for all fills: 1.4826 · MAD of the baseline's residuals (the fills
 * before the recent window, or all fills when that baseline is shorter than MIN_FILLS), falling
 * back to their standard deviation and then to 1 bps when the residuals do not vary. z is
 * not centred: 0 is the model's own expectation. The rank tests use z (with one shared scale this
 * is the same as using d); CUSUM runs on z in time order.
 *
 * Verdict: "degraded" when the recent fills are worse than the baseline (one-sided p < alpha) or
 * the latest CUSUM alarm is still on (S has not come back to 0 since it: an alarm that cleared
 * is reported, but a long history holds false alarms, about one in 900 fills); else "biased"
 * when the bias test's one-sided p < alpha; else "ok".
 */
import {
  MIN_EXPECTED_BPS,
  medianInterval,
  costRatios,
  type BootstrapOptions,
  type MedianInterval,
} from './bootstrap'
import { cusum, type CusumOptions } from './cusum'
import { rankSumTest, type RankSumResult } from './mann-whitney'
import { median } from './ranks'
import { signedRankTest, type SignedRankResult } from './wilcoxon'

/** Fewer fills than this give "not enough fills" and no p-value (reference §2.3: n ≈ 15–20). */
export const MIN_FILLS = 20
/** The recent window: the last this many fills, compared with every fill before them. */
export const RECENT_FILLS = 30
/** Significance level of the verdict's words. */
export const ALPHA = 0.05

export interface CostFill {
  /** Epoch milliseconds. */
  readonly time: number
  readonly symbol: string
  readonly side: 'buy' | 'sell'
  readonly quantity: number
  readonly expectedBps: number
  readonly actualBps: number
  /** The model's predicted dispersion of this fill's cost (bps), if it has one. */
  readonly scaleBps?: number
}

export interface DegradationOptions {
  readonly recentFills?: number
  readonly alpha?: number
  readonly cusum?: Omit<CusumOptions, 'resetAfterAlarm'>
  readonly bootstrap?: BootstrapOptions
}

type NotEnough = {
  readonly status: 'not-enough-fills'
  readonly need: number
  readonly have: number
}
type Ran<T> = { readonly status: 'ran' } & T

export interface DegradationReport {
  readonly n: number
  readonly minFills: number
  readonly verdict: 'not-enough-fills' | 'ok' | 'biased' | 'degraded'
  readonly words: string[]
  readonly standardization: {
    readonly method: 'per-fill scale' | 'robust MAD'
    readonly scaleBps: number | null
  } | null
  readonly bias:
    | Ran<SignedRankResult & { medianResidualBps: number }>
    | NotEnough
    | { readonly status: 'no-differences' }
  readonly recentVsBaseline:
    | Ran<
        RankSumResult & {
          window: {
            recentFrom: number
            recentTo: number
            baselineFrom: number | null
            baselineTo: number | null
          }
        }
      >
    | NotEnough
  readonly ratio:
    Ran<MedianInterval & { n: number; excluded: number; minExpectedBps: number }> | NotEnough
  readonly cusum: {
    readonly k: number
    readonly h: number
    readonly last: number
    readonly max: number
    /** Alarm episodes over the whole history (a new one after S came back to 0). */
    readonly alarms: number
    /** The latest episode is still on: S has not come back to 0 since its alarm. */
    readonly active: boolean
    /** The latest alarm, and the fill where the rise that led to it began (the chart's marker). */
    readonly alarmIndex: number | null
    readonly alarmTime: number | null
    readonly changeStartIndex: number | null
    readonly changeStartTime: number | null
  } | null
}

/** The report over fills in any order (they are put in time order first). */
export function degradationReport(
  fills: readonly CostFill[],
  options: DegradationOptions = {},
): DegradationReport {
  const recentSize = options.recentFills ?? RECENT_FILLS
  const alpha = options.alpha ?? ALPHA
  if (!Number.isInteger(recentSize) || recentSize < 1)
    throw new RangeError(`the recent window must be a whole number of fills ≥ 1; got ${recentSize}`)
  const sorted = [...fills].sort((a, b) => a.time - b.time)
  const n = sorted.length
  if (n < MIN_FILLS) {
    const notEnough: NotEnough = { status: 'not-enough-fills', need: MIN_FILLS, have: n }
    return {
      n,
      minFills: MIN_FILLS,
      verdict: 'not-enough-fills',
      words: [`not enough fills: ${n} of the ${MIN_FILLS} a test needs; no p-value is given`],
      standardization: null,
      bias: notEnough,
      recentVsBaseline: notEnough,
      ratio: notEnough,
      cusum: null,
    }
  }
  const d = sorted.map((f) => f.actualBps - f.expectedBps)
  const split = Math.max(0, n - recentSize)
  const { scale, method } = standardize(sorted, d, split)
  const z = d.map((di, i) => di / (scale ?? sorted[i]!.scaleBps!))

  const bias = d.some((x) => x !== 0)
    ? { status: 'ran' as const, ...signedRankTest(z, 'greater'), medianResidualBps: median(d) }
    : null
  const recentVsBaseline =
    split >= MIN_FILLS
      ? {
          status: 'ran' as const,
          ...rankSumTest(z.slice(split), z.slice(0, split), 'greater'),
          window: {
            recentFrom: sorted[split]!.time,
            recentTo: sorted[n - 1]!.time,
            baselineFrom: sorted[0]!.time,
            baselineTo: sorted[split - 1]!.time,
          },
        }
      : ({ status: 'not-enough-fills', need: MIN_FILLS, have: split } as const)
  const { ratios, excluded } = costRatios(sorted)
  const ratio =
    ratios.length >= MIN_FILLS
      ? {
          status: 'ran' as const,
          ...medianInterval(ratios, options.bootstrap),
          n: ratios.length,
          excluded,
          minExpectedBps: MIN_EXPECTED_BPS,
        }
      : ({ status: 'not-enough-fills', need: MIN_FILLS, have: ratios.length } as const)
  const run = cusum(z, options.cusum)
  const alarm = run.alarms.at(-1) ?? null
  const cusumFigures = {
    k: run.k,
    h: run.h,
    alarms: run.alarms.length,
    active: run.active,
    last: run.statistic[n - 1]!,
    max: run.statistic.reduce((a, b) => Math.max(a, b), 0),
    alarmIndex: alarm?.index ?? null,
    alarmTime: alarm ? sorted[alarm.index]!.time : null,
    changeStartIndex: alarm?.changeStartIndex ?? null,
    changeStartTime: alarm ? sorted[alarm.changeStartIndex]!.time : null,
  }

  const words: string[] = []
  const biased = bias !== null && bias.pValue < alpha
  const worse = recentVsBaseline.status === 'ran' && recentVsBaseline.pValue < alpha
  if (bias === null) words.push('every fill cost exactly what the model expected')
  else
    words.push(
      biased
        ? `fills cost more than the model expects (Wilcoxon p = ${fmt(bias.pValue)}, r = ${fmt(bias.rankBiserial)})`
        : `no evidence the model is biased low (Wilcoxon p = ${fmt(bias.pValue)})`,
    )
  if (recentVsBaseline.status === 'ran')
    words.push(
      worse
        ? `the last ${n - split} fills cost more than the ${split} before them (Mann–Whitney p = ${fmt(recentVsBaseline.pValue)}, P(recent > baseline) = ${fmt(recentVsBaseline.commonLanguage)})`
        : `the last ${n - split} fills are not worse than the ${split} before them (Mann–Whitney p = ${fmt(recentVsBaseline.pValue)})`,
    )
  else
    words.push(`not enough baseline fills before the last ${recentSize}: ${split} of ${MIN_FILLS}`)
  if (alarm)
    words.push(
      `CUSUM alarm at fill ${alarm.index + 1}, ${run.active ? 'still on' : 'since cleared'}; the rise began at fill ${alarm.changeStartIndex + 1}`,
    )
  // An alarm that cleared long ago is history, not the state of execution now.
  const verdict = worse || run.active ? 'degraded' : biased ? 'biased' : 'ok'
  return {
    n,
    minFills: MIN_FILLS,
    verdict,
    words,
    standardization: { method, scaleBps: scale },
    bias: bias ?? ({ status: 'no-differences' } as const),
    recentVsBaseline,
    ratio,
    cusum: cusumFigures,
  }
}

/** One scale for all fills, or null when each fill brings its own. */
function standardize(
  fills: readonly CostFill[],
  d: readonly number[],
  split: number,
): { scale: number | null; method: 'per-fill scale' | 'robust MAD' } {
  if (fills.every((f) => f.scaleBps !== undefined && f.scaleBps > 0))
    return { scale: null, method: 'per-fill scale' }
  const base = split >= MIN_FILLS ? d.slice(0, split) : d
  const center = median(base)
  const mad = 1.4826 * median(base.map((x) => Math.abs(x - center)))
  if (mad > 0) return { scale: mad, method: 'robust MAD' }
  const mean = base.reduce((s, x) => s + x, 0) / base.length
  const sd = Math.sqrt(base.reduce((s, x) => s + (x - mean) ** 2, 0) / Math.max(1, base.length - 1))
  return { scale: sd > 0 ? sd : 1, method: 'robust MAD' }
}

function fmt(x: number): string {
  return x < 0.001 && x > 0 ? x.toExponential(1) : x.toFixed(3)
}
