/**
 * The daily report's execution costs: the day's filled orders that carried the model's
 * estimate, their cost against the arrival mid beside what the model expected, how many landed
 * inside its band, the shortfall, the dearest misses, and the tests over the period to date
 * (which say "not enough fills" rather than give a p-value on a few orders).
 */
import type { ExpectedCostsSection } from '../../../shared/performance'
import type { Fill, Order } from '../../../shared/types'
import { bandScaleBps, degradationReport, median, orderCost, orderCostProblem } from '../costs'

interface Costed {
  readonly order: Order
  readonly ts: number
  readonly expectedBps: number
  readonly lowBps: number
  readonly highBps: number
  readonly actualBps: number
  readonly shortfallUsd: number
}

function costed(order: Order, fills: readonly Fill[]): Costed | null {
  const e = order.expectedCost
  if (!e || !('mid' in e) || fills.length === 0) return null
  const input = {
    side: order.side,
    quantity: Number(order.quantity),
    arrivalMid: e.mid,
    expectedBps: e.bps,
    fills: fills.map((f) => ({
      quantity: Number(f.quantity),
      price: Number(f.price),
      fee: f.feeAsset === 'USD' ? Number(f.fee) : 0,
      ts: f.ts,
    })),
    closeMid: null,
  }
  if (orderCostProblem(input) !== null) return null
  const cost = orderCost(input)
  return {
    order,
    ts: (fills.at(-1) as Fill).ts,
    expectedBps: e.bps,
    lowBps: e.lowBps,
    highBps: e.highBps,
    actualBps: cost.arrivalBps as number,
    shortfallUsd: cost.shortfallUsd,
  }
}

const medianOrNull = (values: readonly number[]): number | null =>
  values.length === 0 ? null : median(values)

/** The section over the orders placed before `dayEnd`, the day being [dayStart, dayEnd). */
export function expectedCostsSection(
  orders: readonly Order[],
  fills: readonly Fill[],
  dayStart: number,
): ExpectedCostsSection {
  const byOrder = new Map<string, Fill[]>()
  for (const f of fills) {
    const list = byOrder.get(f.orderId)
    if (list) list.push(f)
    else byOrder.set(f.orderId, [f])
  }
  const all = orders.flatMap((o) => {
    const c = costed(o, byOrder.get(o.id) ?? [])
    return c ? [c] : []
  })
  const day = all.filter((c) => c.ts >= dayStart)
  const inside = day.filter((c) => c.actualBps >= c.lowBps && c.actualBps <= c.highBps).length
  const tests = degradationReport(
    all.map((c) => ({
      time: c.ts,
      symbol: c.order.symbol,
      side: c.order.side,
      quantity: Number(c.order.quantity),
      expectedBps: c.expectedBps,
      actualBps: c.actualBps,
      scaleBps: bandScaleBps(c.lowBps, c.highBps),
    })),
  )
  return {
    orders: day.length,
    medianExpectedBps: medianOrNull(day.map((c) => c.expectedBps)),
    medianActualBps: medianOrNull(day.map((c) => c.actualBps)),
    medianMissBps: medianOrNull(day.map((c) => c.actualBps - c.expectedBps)),
    inBand: day.length === 0 ? null : { inside, total: day.length, share: inside / day.length },
    shortfallUsd: day.reduce((sum, c) => sum + c.shortfallUsd, 0),
    worst: [...day]
      .sort((a, b) => b.actualBps - b.expectedBps - (a.actualBps - a.expectedBps))
      .slice(0, 3)
      .map((c) => ({
        orderId: c.order.id,
        symbol: c.order.symbol,
        side: c.order.side,
        expectedBps: c.expectedBps,
        actualBps: c.actualBps,
      })),
    toDate: { orders: all.length, verdict: tests.verdict, words: tests.words },
  }
}
