/**
 * Actual against expected, grouped the ways a trader asks about it: by symbol, by order size
 * (notional at the arrival mid), by hour of day in the trader's time zone, and by the market
 * regime the model saw. Each group gives its order count, the median and mean slippage against
 * arrival, the mean the model expected, the median miss against the model, and the
 * implementation shortfall in dollars and bps. Medians, because one bad fill should not set a
 * group's figure; means beside them, because costs add up.
 */
import type { CostGroupView } from '../../../../shared/costs'
import { median } from '../stats/ranks'
import type { OrderCost } from './order-cost'

/** Lower bounds (USD, inclusive) of the size buckets; the last is open-ended. */
export const SIZE_BUCKETS = [0, 100, 1_000, 10_000, 100_000] as const

/** A bucket's label, e.g. "$100–$1k" or "≥ $100k". */
export function sizeBucket(notionalUsd: number): string {
  const short = (usd: number): string => (usd >= 1_000 ? `$${usd / 1_000}k` : `$${usd}`)
  for (let i = SIZE_BUCKETS.length - 1; i >= 0; i--) {
    const from = SIZE_BUCKETS[i] as number
    if (notionalUsd >= from) {
      const to = SIZE_BUCKETS[i + 1]
      if (to === undefined) return `≥ ${short(from)}`
      return from === 0 ? `< ${short(to)}` : `${short(from)}–${short(to)}`
    }
  }
  return `< ${short(SIZE_BUCKETS[1])}`
}

/** One order's cost with what it is grouped by. */
export interface CostRow {
  readonly symbol: string
  /** Intended quantity × arrival mid, USD. */
  readonly notionalUsd: number
  /** Hour of day (0–23) of the intent in the trader's time zone. */
  readonly hour: number
  /** The regime the model saw (null: no estimate). */
  readonly regime: string | null
  readonly cost: Pick<OrderCost, 'arrivalBps' | 'expectedBps' | 'vsExpectedBps' | 'shortfallUsd'>
}

/** One group's figures; slippage figures count only orders that filled. */
export type CostGroup = CostGroupView

/** The groups of each kind, each sorted by its key's natural order. */
export interface CostBreakdown {
  readonly bySymbol: readonly CostGroup[]
  readonly bySize: readonly CostGroup[]
  readonly byHour: readonly CostGroup[]
  readonly byRegime: readonly CostGroup[]
}

const medianOrNull = (values: readonly number[]): number | null =>
  values.length === 0 ? null : median(values)

const mean = (values: readonly number[]): number | null =>
  values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length

function group(key: string, rows: readonly CostRow[]): CostGroup {
  const arrival: number[] = []
  const expected: number[] = []
  const miss: number[] = []
  let shortfallUsd = 0
  let notional = 0
  for (const { cost, notionalUsd } of rows) {
    shortfallUsd += cost.shortfallUsd
    notional += notionalUsd
    if (cost.arrivalBps === null) continue
    arrival.push(cost.arrivalBps)
    if (cost.expectedBps !== null) expected.push(cost.expectedBps)
    if (cost.vsExpectedBps !== null) miss.push(cost.vsExpectedBps)
  }
  return {
    key,
    orders: rows.length,
    filled: arrival.length,
    medianArrivalBps: medianOrNull(arrival),
    meanArrivalBps: mean(arrival),
    meanExpectedBps: mean(expected),
    medianVsExpectedBps: medianOrNull(miss),
    shortfallUsd,
    shortfallBps: notional > 0 ? (shortfallUsd / notional) * 1e4 : null,
  }
}

function groupBy(
  rows: readonly CostRow[],
  keyOf: (row: CostRow) => string,
  order: (a: string, b: string) => number,
): CostGroup[] {
  const groups = new Map<string, CostRow[]>()
  for (const row of rows) {
    const key = keyOf(row)
    const list = groups.get(key)
    if (list) list.push(row)
    else groups.set(key, [row])
  }
  return [...groups.keys()].sort(order).map((key) => group(key, groups.get(key) as CostRow[]))
}

const bySizeOrder = (a: string, b: string): number => {
  const rank = (label: string): number =>
    SIZE_BUCKETS.findIndex((from) => sizeBucket(from) === label)
  return rank(a) - rank(b)
}

/** The four breakdowns of `rows`. */
export function costBreakdown(rows: readonly CostRow[]): CostBreakdown {
  return {
    bySymbol: groupBy(
      rows,
      (r) => r.symbol,
      (a, b) => a.localeCompare(b),
    ),
    bySize: groupBy(rows, (r) => sizeBucket(r.notionalUsd), bySizeOrder),
    byHour: groupBy(
      rows,
      (r) => String(r.hour).padStart(2, '0'),
      (a, b) => a.localeCompare(b),
    ),
    byRegime: groupBy(
      rows,
      (r) => r.regime ?? 'no estimate',
      (a, b) => a.localeCompare(b),
    ),
  }
}
