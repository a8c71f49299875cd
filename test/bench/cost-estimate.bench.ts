/**
 * The expected-slippage estimate, measured per order: the model alone on varied orders and
 * books, and the whole live path an order takes at intent (the quote, the book, the symbol's
 * features and the model) on the simulated market. Medians over several runs; never asserted.
 */
import { performance } from 'node:perf_hooks'
import {
  CostService,
  estimateSlippage,
  type CostBookLevel,
  type SlippageFeatures,
} from '../../electron/engine/costs'
import type { Clock } from '../../electron/engine/core'
import { MarketSimulator } from '../../electron/engine/market'
import type { BenchResult } from './harness'

const ORDERS = 20_000
const RUNS = 7
const START = Date.UTC(2026, 0, 5)
const still: Clock = {
  now: () => START,
  setTimeout: () => ({ cancel: () => undefined }),
  setInterval: () => ({ cancel: () => undefined }),
}

/** Ten ask levels around 100, each a little deeper, as the simulator's book has. */
function levels(shift: number): CostBookLevel[] {
  return Array.from({ length: 10 }, (_, i) => ({ price: 100.01 + i * 0.01 + shift, size: i + 1 }))
}

/** µs per estimate over ORDERS orders of every size, from inside the touch to past the book. */
function modelRun(books: readonly CostBookLevel[][]): number {
  let sink = 0
  const t0 = performance.now()
  for (let i = 0; i < ORDERS; i++) {
    const features: SlippageFeatures = {
      spreadBps: 1 + (i % 5),
      atrPercent: 0.05 + (i % 7) * 0.01,
      longAtrPercent: 0.06,
      levels: books[i % books.length] as CostBookLevel[],
      dayVolume: 40_000,
      activity: 0.7 + (i % 10) * 0.1,
    }
    const e = estimateSlippage({ side: 'buy', quantity: 0.05 + (i % 80), price: 100 }, features)
    if (e.ok) sink += e.bps
  }
  const us = ((performance.now() - t0) * 1000) / ORDERS
  if (!(sink > 0)) throw new Error('no estimate')
  return us
}

/** µs per estimate through the engine's live path, on the simulated market. */
function liveRun(market: MarketSimulator, costs: CostService): number {
  const symbols = ['BTC-USD', 'ETH-USD', 'SOL-USD'] as const
  const n = ORDERS / 4
  let sink = 0
  const t0 = performance.now()
  for (let i = 0; i < n; i++) {
    const e = costs.estimate(
      market,
      {
        symbol: symbols[i % 3] as (typeof symbols)[number],
        side: i % 2 ? 'buy' : 'sell',
        quantity: 0.01 + (i % 5),
      },
      START,
    )
    if (e.ok) sink += e.bps
  }
  const us = ((performance.now() - t0) * 1000) / n
  if (!(sink > 0)) throw new Error('no estimate')
  return us
}

/** The estimate per order: the model, and the live path. */
export function benchCostEstimate(): BenchResult[] {
  const books = Array.from({ length: 16 }, (_, i) => levels(i * 0.001))
  modelRun(books) // warm up: the first run pays for compiling the code
  const model: number[] = []
  for (let run = 0; run < RUNS; run++) model.push(modelRun(books))
  const market = new MarketSimulator({ clock: still, seed: 1 })
  const costs = new CostService()
  liveRun(market, costs) // warm up, and the features seeded from the market's history
  const live: number[] = []
  for (let run = 0; run < RUNS; run++) live.push(liveRun(market, costs))
  costs.close()
  return [
    {
      name: 'expected-slippage estimate',
      unit: 'µs',
      samples: model,
      target: { value: 10, lowerIsBetter: true },
      note: `the model per order, ${ORDERS} orders a run: parts, band, naive figure, words`,
    },
    {
      name: 'expected-slippage estimate, live path',
      unit: 'µs',
      samples: live,
      note: 'quote, 10-level book, the symbol’s features and the model, as at intent',
    },
  ]
}
