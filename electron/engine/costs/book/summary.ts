/**
 * `costs:summary`: the cost book's figures for one account or all, as the Costs screen, the
 * REST API, the daily report and the validation plan read them. The tests (Wilcoxon, Mann–
 * Whitney, the bootstrap interval) run over the orders kept, and say "not enough fills" below
 * their minimum rather than give a p-value.
 */
import type {
  CostAlarm,
  CostCalibration,
  CostPoint,
  CostSummary,
  CostTests,
  Fitted,
} from '../../../../shared/costs'
import { costBreakdown, type CostRow } from '../actual/breakdown'
import { MIN_CALIBRATION_FILLS, fitRows } from '../calibration/fit'
import { DEFAULT_SLIPPAGE_COEFFICIENTS } from '../model'
import { degradationReport } from '../stats/report'
import { calibratedCoefficients } from './coefficients'
import { COST_WINDOW, alarmOf, bandScaleBps, type CostBook } from './cost-book'

/** The share of orders the model's band is built to hold (its 10 % to 90 % points). */
export const BAND_COVERAGE = 0.8

const hourFormats = new Map<string, Intl.DateTimeFormat>()

/** The hour of day (0–23) of `ts` in `timeZone`. */
function hourOf(ts: number, timeZone: string): number {
  let format = hourFormats.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', hourCycle: 'h23' })
    hourFormats.set(timeZone, format)
  }
  return Number(format.format(ts)) % 24
}

function testsOf(points: readonly CostPoint[]): CostTests {
  const estimated = points.filter((p) => p.expectedBps !== null)
  const report = degradationReport(
    estimated.map((p) => ({
      time: p.ts,
      symbol: p.symbol,
      side: p.side,
      quantity: p.notionalUsd,
      expectedBps: p.expectedBps as number,
      actualBps: p.actualBps,
      scaleBps: bandScaleBps(p.lowBps ?? 0, p.highBps ?? 0),
    })),
  )
  const bias = report.bias.status === 'ran' ? report.bias : null
  const recent = report.recentVsBaseline.status === 'ran' ? report.recentVsBaseline : null
  const ratio = report.ratio.status === 'ran' ? report.ratio : null
  return {
    verdict: report.verdict,
    words: report.words,
    n: report.n,
    minFills: report.minFills,
    bias: bias ? { p: bias.pValue, medianMissBps: bias.medianResidualBps } : null,
    recentVsBaseline: recent
      ? { p: recent.pValue, recent: recent.nRecent, baseline: recent.nBaseline }
      : null,
    medianRatio: ratio
      ? {
          median: ratio.median,
          low: ratio.lower,
          high: ratio.upper,
          n: ratio.n,
          excluded: ratio.excluded,
        }
      : null,
  }
}

function calibrationOf(book: CostBook, accountIds: readonly string[]): CostCalibration {
  const prior = {
    spread: DEFAULT_SLIPPAGE_COEFFICIENTS.spread,
    impact: DEFAULT_SLIPPAGE_COEFFICIENTS.impact,
  }
  const rows = accountIds.flatMap((id) =>
    (book.account(id)?.calibration.toState().rows ?? []).map(([y, halfSpread, x, bucket]) => ({
      y,
      halfSpread,
      x,
      bucket,
    })),
  )
  // One account's fits over time; for all accounts together there is no one history.
  const history =
    accountIds.length === 1 ? (book.account(accountIds[0] as string)?.history ?? []) : []
  const fit = fitRows(rows)
  const used =
    accountIds.length === 1 ? calibratedCoefficients(book, accountIds[0] as string) : null
  const inUse = used && {
    source: used.source,
    spread: used.coefficients.spread,
    impact: used.coefficients.impact,
    reason: used.reason,
  }
  const of = (e: { value: number; standardError: number }): Fitted => ({
    value: e.value,
    se: e.standardError,
  })
  if (fit.status === 'fitted')
    return {
      status: 'fitted',
      fills: fit.fills,
      minFills: MIN_CALIBRATION_FILLS,
      spread: of(fit.spread),
      impact: of(fit.impact),
      prior,
      inUse,
      history,
    }
  return {
    status: fit.status === 'not-enough-fills' ? 'not-enough-fills' : 'not-separable',
    fills: fit.fills,
    minFills: MIN_CALIBRATION_FILLS,
    prior,
    inUse,
    reason: fit.reason,
    history,
  }
}

/** The summary of `accountIds` (one account, or every account the book follows). */
export function costSummary(
  book: CostBook,
  accountId: string | null,
  timeZone: string,
  h: number,
): CostSummary {
  const ids = accountId === null ? book.accountIds() : [accountId]
  const points: CostPoint[] = ids
    .flatMap((id) => book.account(id)?.points ?? [])
    .sort((a, b) => a.seq - b.seq)
    .map(({ intentTs, ...p }) => ({ ...p, hour: hourOf(intentTs, timeZone) }))
  const rows: CostRow[] = points.map((p) => ({
    symbol: p.symbol,
    notionalUsd: p.notionalUsd,
    hour: p.hour,
    regime: p.regime,
    cost: {
      arrivalBps: p.actualBps,
      expectedBps: p.expectedBps,
      vsExpectedBps: p.vsExpectedBps,
      shortfallUsd: p.shortfallUsd,
    },
  }))
  const alarms: (CostAlarm & { accountId: string })[] = ids.flatMap((id) => {
    const acc = book.account(id)
    return acc ? [{ accountId: id, active: acc.cusum.active, ...alarmOf(acc.cusum, h) }] : []
  })
  const tests = testsOf(points)
  const banded = points.filter((p) => p.lowBps !== null && p.highBps !== null)
  const inside = banded.filter(
    (p) => p.actualBps >= (p.lowBps as number) && p.actualBps <= (p.highBps as number),
  ).length
  return {
    accountId,
    window: COST_WINDOW,
    points,
    ...costBreakdown(rows),
    tests,
    alarms,
    calibration: calibrationOf(book, ids),
    validation: {
      inBand:
        banded.length === 0
          ? null
          : { inside, total: banded.length, share: inside / banded.length },
      bandCoverage: BAND_COVERAGE,
      biasP: tests.bias?.p ?? null,
      verdict: tests.verdict,
    },
  }
}
