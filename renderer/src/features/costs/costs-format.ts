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

/** The orders a chart draws: every one up to `max`, else the newest half and a sample of the rest. */
export function thinPoints<T>(points: readonly T[], max = MAX_DRAWN): readonly T[] {
  if (points.length <= max) return points
  const newest = Math.floor(max / 2)
  const older = points.length - newest
  const sampled = max - newest
  const out: T[] = []
  for (let i = 0; i < sampled; i++) out.push(points[Math.floor((i * older) / sampled)] as T)
  for (let i = older; i < points.length; i++) out.push(points[i] as T)
  return out
}

/** One point of the scatter: expected and actual, bps. */
export interface ScatterPoint {
  readonly x: number
  readonly y: number
  readonly seq: number
  readonly inBand: boolean
}

/** The orders with an estimate, as the scatter draws them (thinned past MAX_DRAWN). */
export function scatterPoints(points: readonly CostPoint[]): {
  readonly drawn: readonly ScatterPoint[]
  readonly total: number
} {
  const withEstimate: ScatterPoint[] = []
  for (const p of points) {
    if (p.expectedBps === null) continue
    const inBand =
      p.lowBps !== null && p.highBps !== null && p.actualBps >= p.lowBps && p.actualBps <= p.highBps
    withEstimate.push({ x: p.expectedBps, y: p.actualBps, seq: p.seq, inBand })
  }
  return { drawn: thinPoints(withEstimate), total: withEstimate.length }
}

/** The CUSUM statistic per counted order, in order: `n` is the order's place (1 = first). */
export interface CusumPoint {
  readonly n: number
  readonly seq: number
  readonly value: number
}

/** The counted orders' statistic; past MAX_DRAWN, the highest and lowest of each stretch. */
export function cusumPoints(points: readonly CostPoint[]): {
  readonly drawn: readonly CusumPoint[]
  readonly all: number
} {
  const counted: CusumPoint[] = []
  for (const p of points)
    if (p.cusum !== null) counted.push({ n: counted.length + 1, seq: p.seq, value: p.cusum })
  if (counted.length <= MAX_DRAWN) return { drawn: counted, all: counted.length }
  // A line keeps its shape if each stretch keeps its extremes (in their order).
  const buckets = MAX_DRAWN / 2
  const drawn: CusumPoint[] = []
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor((b * counted.length) / buckets)
    const to = Math.floor(((b + 1) * counted.length) / buckets)
    let lo = counted[from] as CusumPoint
    let hi = lo
    for (let i = from + 1; i < to; i++) {
      const c = counted[i] as CusumPoint
      if (c.value < lo.value) lo = c
      if (c.value > hi.value) hi = c
    }
    if (lo === hi) drawn.push(lo)
    else drawn.push(...(lo.n < hi.n ? [lo, hi] : [hi, lo]))
  }
  return { drawn, all: counted.length }
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
