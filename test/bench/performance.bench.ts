/**
 * Performance metrics, measured: one trade folded into the running statistics, a whole list of
 * 1,000,000 trades folded and read, and fills matched into round trips.
 */
import { performance } from 'node:perf_hooks'
import { createRandom } from '../../electron/engine/core'
import {
  FifoMatcher,
  TradeStats,
  tradeMetrics,
  type FillInput,
  type TradeInput,
} from '../../electron/engine/performance'
import type { BenchResult } from './harness'

const TRADES = 1_000_000
const RUNS = 5

function makeTrades(seed: number, count: number): TradeInput[] {
  const random = createRandom(seed)
  const trades: TradeInput[] = []
  let t = Date.UTC(2026, 0, 5)
  for (let i = 0; i < count; i++) {
    const openedAt = t + Math.floor(random.next() * 600_000)
    t = openedAt + Math.floor(random.next() * 3_600_000)
    trades.push({
      pnl: Math.round(random.normal() * 5_000) / 100,
      fee: Math.round(random.next() * 200) / 100,
      openedAt,
      closedAt: t,
    })
  }
  return trades
}

function makeFills(count: number): FillInput[] {
  const random = createRandom(3)
  const fills: FillInput[] = []
  for (let i = 0; i < count; i++) {
    fills.push({
      id: `f${i}`,
      orderId: `o${i}`,
      accountId: 'paper-1',
      symbol: 'BTC-USD',
      // Two buys then a sell of one and a half: partial lots all along.
      side: i % 3 === 2 ? 'sell' : 'buy',
      quantity: i % 3 === 2 ? '0.015' : '0.01',
      price: (60_000 + Math.round(random.normal() * 50_000) / 100).toFixed(2),
      fee: '0.36',
      ts: i * 1_000,
    })
  }
  return fills
}

/** Per-trade update (µs), a 1,000,000-trade fold (ms), and FIFO matching per fill (µs). */
export function benchPerformance(): BenchResult[] {
  const trades = makeTrades(1, TRADES)
  const perTrade: number[] = []
  const fold: number[] = []
  let sink = 0
  for (let run = 0; run <= RUNS; run++) {
    const stats = new TradeStats({ capital: 10_000 })
    let t0 = performance.now()
    for (const trade of trades) stats.add(trade)
    const addMs = performance.now() - t0
    sink += stats.metrics().trades

    t0 = performance.now()
    const metrics = tradeMetrics(trades, { capital: 10_000 })
    const foldMs = performance.now() - t0
    sink += metrics.trades
    // The first run warms the code up and is not counted.
    if (run === 0) continue
    perTrade.push((addMs * 1_000) / TRADES)
    fold.push(foldMs)
  }

  const fills = makeFills(90_000)
  const perFill: number[] = []
  for (let run = 0; run <= RUNS; run++) {
    const matcher = new FifoMatcher()
    const t0 = performance.now()
    for (const fill of fills) if (matcher.add(fill)) sink++
    if (run > 0) perFill.push(((performance.now() - t0) * 1_000) / fills.length)
  }
  if (sink === 0) throw new Error('nothing was folded')

  return [
    {
      name: 'metric update per trade',
      unit: 'µs',
      samples: perTrade,
      target: { value: 2, lowerIsBetter: true },
      note: 'TradeStats.add over 1,000,000 trades with fees and times (sums, runs, drawdown, hold-time median, exposure)',
    },
    {
      name: 'fold 1,000,000 trades',
      unit: 'ms',
      samples: fold,
      target: { value: 2_000, lowerIsBetter: true },
      note: 'tradeMetrics: every trade folded, then all metrics read',
    },
    {
      name: 'FIFO matching per fill',
      unit: 'µs',
      samples: perFill,
      note: '90,000 decimal fills, partial lots, one round trip per closing fill',
    },
  ]
}
