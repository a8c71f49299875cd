/**
 * Execution quality: fill rate (orders executed against orders rejected or failed) and slippage
 * against the price each order was checked at, overall and by symbol. Counts update in O(1),
 * medians in O(log n); the 95th percentile is computed on read (one sort until the next order).
 */
import type { ExecutionMetrics, OrderOutcome, SlippageMetrics } from '../../../shared/performance'
export type { ExecutionMetrics, OrderOutcome, SlippageMetrics } from '../../../shared/performance'
import type { Order } from '../../../shared/types'
import { slippageBps as priceSlippageBps } from '../journal'
import { dec } from '../core'
import { Samples } from './numeric'

/** The outcome of a terminal order, or null while it is live or when it was canceled unfilled. */
export function orderOutcome(order: Pick<Order, 'status' | 'filledQuantity'>): OrderOutcome | null {
  if (dec(order.filledQuantity).gt(0)) return 'executed'
  if (order.status === 'rejected' || order.status === 'failed') return order.status
  return null
}

/**
 * An order's slippage in basis points: (average fill − expected) / expected · 10,000 for a buy,
 * the reverse for a sell. Null without fills or without the price it was checked at.
 */
export function slippageBps(
  order: Pick<Order, 'side' | 'expectedPrice' | 'averagePrice' | 'filledQuantity'>,
): number | null {
  if (order.expectedPrice === null || order.averagePrice === null) return null
  if (!dec(order.filledQuantity).gt(0) || !dec(order.expectedPrice).gt(0)) return null
  return priceSlippageBps(order.side, order.expectedPrice, order.averagePrice)
}

/** Fill rate and slippage, one order at a time. */
export class ExecutionStats {
  private readonly counts = { executed: 0, rejected: 0, failed: 0 }
  private all = new Samples()
  private readonly bySymbol = new Map<string, Samples>()

  /**
   * The statistics of many orders at once (a start reading its history back): the outcomes,
   * and each order's slippage with its symbol, in the order the orders ended.
   */
  static of(
    outcomes: readonly OrderOutcome[],
    slippage: readonly { readonly symbol: string; readonly bps: number }[],
  ): ExecutionStats {
    const stats = new ExecutionStats()
    for (const outcome of outcomes) stats.counts[outcome]++
    stats.all = Samples.of(slippage.map((s) => s.bps))
    const bySymbol = new Map<string, number[]>()
    for (const { symbol, bps } of slippage) {
      const list = bySymbol.get(symbol)
      if (list) list.push(bps)
      else bySymbol.set(symbol, [bps])
    }
    for (const [symbol, values] of bySymbol) stats.bySymbol.set(symbol, Samples.of(values))
    return stats
  }

  /** Counts one order's outcome. */
  addOutcome(outcome: OrderOutcome): void {
    this.counts[outcome]++
  }

  /** Adds one order's slippage, in basis points. */
  addSlippage(symbol: string, bps: number): void {
    if (!Number.isFinite(bps)) throw new RangeError(`Slippage must be finite, got ${bps}`)
    this.all.add(bps)
    let samples = this.bySymbol.get(symbol)
    if (!samples) this.bySymbol.set(symbol, (samples = new Samples()))
    samples.add(bps)
  }

  /** The statistics so far. */
  metrics(): ExecutionMetrics {
    const { executed, rejected, failed } = this.counts
    const decided = executed + rejected + failed
    const reasons: Partial<Record<'fillRate' | 'slippage', string>> = {}
    if (decided === 0) reasons.fillRate = 'no order has executed, been rejected or failed'
    if (this.all.count === 0) reasons.slippage = 'no order with a fill and an expected price'
    const bySymbol: Record<string, SlippageMetrics> = {}
    for (const symbol of [...this.bySymbol.keys()].sort())
      bySymbol[symbol] = slippageOf(this.bySymbol.get(symbol) as Samples)
    return {
      executed,
      rejected,
      failed,
      fillRate: decided === 0 ? null : executed / decided,
      slippage: slippageOf(this.all),
      slippageBySymbol: bySymbol,
      reasons,
    }
  }
}

function slippageOf(samples: Samples): SlippageMetrics {
  return {
    orders: samples.count,
    meanBps: samples.mean(),
    medianBps: samples.median(),
    p95Bps: samples.quantile(0.95),
  }
}
