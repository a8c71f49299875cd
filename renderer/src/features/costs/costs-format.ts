/**
 * What the Costs screen computes for display: basis points and p-values in words with their
 * units, fee rates as percentages, and the thinning that keeps the charts quick with a long
 * window (the newest orders all drawn, an even sample of the older ones).
 */
import type { CostPoint, CostTests } from '../../../../shared/costs'
import { toNumber } from '../../lib/format'
import type { DecimalString } from '../../../../shared/types'

/** Points the scatter and the CUSUM chart draw at most; the rest are sampled. */
export const MAX_DRAWN = 2_000

/** "1.25 bps" (a cost), "-0.40 bps" (an improvement); "—" when unknown. */
export function formatBps(value: number | null | undefined, places = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—'
  const text = value.toFixed(places)
  return `${/^-0\.0*$/.test(text) ? text.slice(1) : text} bps`
}

/** A p-value as read in a report: "p = 0.031", "p < 0.001". */
export function formatP(p: number): string {
  if (!Number.isFinite(p)) return 'p = —'
  return p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`
}

/** A fraction as a percentage: "80 %", "37.5 %". */
export function formatShare(share: number, places = 0): string {
  return `${(share * 100).toFixed(places)} %`
}

/** A fee rate (a decimal fraction) as a percentage with three places: "0.600 %". */
export function formatRate(rate: DecimalString | null): string {
  if (rate === null) return '—'
  return `${(toNumber(rate) * 100).toFixed(3)} %`
}

/** The verdict in a few words, for the headline. */
export function verdictTitle(tests: CostTests): string {
  switch (tests.verdict) {
    case 'not-enough-fills':
      return `Not enough fills: ${tests.n} of ${tests.minFills}`
    case 'ok':
      return 'Execution costs are in line with the model'
    case 'biased':
      return 'Fills cost more than the model expects'
    case 'degraded':
      return 'Execution costs have got worse'
  }
}

/** The items a chart draws: every one up to `max`, else the newest half and a sample of the rest. */
export function thinPoints<T>(points: readonly T[], max = MAX_DRAWN): readonly T[] {
  if (points.length <= max) return points
  return thinIndexes(points.length, max).map((i) => points[i] as T)
}

/** One point of the scatter: expected and actual, bps. */
export interface ScatterPoint {
  readonly x: number
  readonly y: number
  readonly seq: number
  readonly inBand: boolean
}

/**
 * Which of `total` items to draw: all up to `max`, else the newest half and an even sample of
 * the rest (indexes, in order).
 */
export function thinIndexes(total: number, max = MAX_DRAWN): readonly number[] {
  if (total <= max) return Array.from({ length: total }, (_, i) => i)
  const newest = Math.floor(max / 2)
  const older = total - newest
  const sampled = max - newest
  const out: number[] = []
  for (let i = 0; i < sampled; i++) out.push(Math.floor((i * older) / sampled))
  for (let i = older; i < total; i++) out.push(i)
  return out
}

/** The orders with an estimate, as the scatter draws them (thinned past MAX_DRAWN). */
export function scatterPoints(points: readonly CostPoint[]): {
  readonly drawn: readonly ScatterPoint[]
  readonly total: number
} {
  // One pass without allocating per order: a long window has 100,000 of them.
  const estimated = new Int32Array(points.length)
  let total = 0
  for (let i = 0; i < points.length; i++)
    if (points[i]?.expectedBps !== null) estimated[total++] = i
  const drawn = thinIndexes(total).map((k) => {
    const p = points[estimated[k] as number] as CostPoint
    const inBand =
      p.lowBps !== null && p.highBps !== null && p.actualBps >= p.lowBps && p.actualBps <= p.highBps
    return { x: p.expectedBps as number, y: p.actualBps, seq: p.seq, inBand }
  })
  return { drawn, total }
}

/** The CUSUM statistic per counted order, in order: `n` is the order's place (1 = first). */
export interface CusumPoint {
  readonly n: number
  readonly seq: number
  readonly value: number
}

/**
 * The counted orders' statistic, and the places of `marks` (seqs) among them; past MAX_DRAWN,
 * the highest and lowest of each stretch, so the line keeps its shape (and its peaks).
 */
export function cusumPoints(
  points: readonly CostPoint[],
  marks: readonly (number | null)[] = [],
): {
  readonly drawn: readonly CusumPoint[]
  readonly all: number
  /** Each mark's place (1 = the first counted order), or null when not among them. */
  readonly places: readonly (number | null)[]
} {
  const counted = new Int32Array(points.length)
  let all = 0
  const places: (number | null)[] = marks.map(() => null)
  for (let i = 0; i < points.length; i++) {
    const p = points[i] as CostPoint
    if (p.cusum === null) continue
    counted[all++] = i
    for (let m = 0; m < marks.length; m++) if (marks[m] === p.seq) places[m] = all
  }
  const at = (k: number): CusumPoint => {
    const p = points[counted[k] as number] as CostPoint
    return { n: k + 1, seq: p.seq, value: p.cusum as number }
  }
  if (all <= MAX_DRAWN) return { drawn: Array.from({ length: all }, (_, k) => at(k)), all, places }
  const buckets = MAX_DRAWN / 2
  const drawn: CusumPoint[] = []
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor((b * all) / buckets)
    const to = Math.floor(((b + 1) * all) / buckets)
    let lo = from
    let hi = from
    let loV = points[counted[from] as number]?.cusum ?? 0
    let hiV = loV
    for (let k = from + 1; k < to; k++) {
      const v = points[counted[k] as number]?.cusum ?? 0
      if (v < loV) [lo, loV] = [k, v]
      if (v > hiV) [hi, hiV] = [k, v]
    }
    if (lo === hi) drawn.push(at(lo))
    else drawn.push(...(lo < hi ? [at(lo), at(hi)] : [at(hi), at(lo)]))
  }
  return { drawn, all, places }
}

/** Round axis ticks over [lo, hi]: about `count` of them at 1, 2 or 5 × 10^k. */
export function niceTicks(lo: number, hi: number, count = 5): readonly number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi <= lo) return [lo]
  const raw = (hi - lo) / count
  const mag = 10 ** Math.floor(Math.log10(raw))
  const step = ([1, 2, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag
  const ticks: number[] = []
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step)
    ticks.push(Math.abs(t) < step * 1e-9 ? 0 : Number(t.toPrecision(12)))
  return ticks
}
