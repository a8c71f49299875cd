/**
 * The daily report of day 90 of a 90-day history, built and rendered (JSON, CSV, HTML): three
 * paper accounts, one per symbol, each trading 27 round trips a day (14,580 filled orders in
 * all, about the rehearsal's 14,500 orders over 90 days), with daily equity closes.
 */
import { performance } from 'node:perf_hooks'
import { DEFAULT_REPORT_SETTINGS, type EquityClose } from '../../shared/performance'
import type { Account, Fill, MarketSymbol, Order } from '../../shared/types'
import { createRandom } from '../../electron/engine/core'
import {
  buildDailyReport,
  renderReportCsv,
  renderReportHtml,
  renderReportJson,
  type ReportInput,
} from '../../electron/engine/reports'
import { median, type BenchResult } from './harness'

const DAYS = 90
const TRIPS_PER_DAY = 27
const RUNS = 7
const DAY_MS = 86_400_000
const START = Date.UTC(2026, 0, 1)
const SYMBOLS: readonly { symbol: MarketSymbol; price: number; quantity: number }[] = [
  { symbol: 'BTC-USD', price: 65_000, quantity: 0.01 },
  { symbol: 'ETH-USD', price: 3_400, quantity: 0.2 },
  { symbol: 'SOL-USD', price: 150, quantity: 4 },
]

/** A 90-day history of round trips with fees, slippage and daily closes. */
function history(): ReportInput {
  const random = createRandom(90)
  const accounts: Account[] = []
  const fills: Fill[] = []
  const orders: Order[] = []
  const equityCloses: EquityClose[] = []
  let n = 0
  const fill = (
    accountId: string,
    symbol: MarketSymbol,
    side: 'buy' | 'sell',
    quantity: number,
    price: number,
    ts: number,
  ) => {
    const id = ++n
    const slip = random.next() * 5
    const expected = side === 'buy' ? price / (1 + slip / 10_000) : price / (1 - slip / 10_000)
    const fee = Math.round(quantity * price * 0.001 * 100) / 100
    const p = price.toFixed(2)
    orders.push({
      id: `o${id}`,
      clientOrderId: `c${id}`,
      accountId,
      symbol,
      side,
      type: 'market',
      quantity: String(quantity),
      limitPrice: null,
      source: 'strategy',
      status: 'filled',
      filledQuantity: String(quantity),
      averagePrice: p,
      fee: fee.toFixed(2),
      expectedPrice: expected.toFixed(2),
      createdAt: ts,
      updatedAt: ts,
      checks: [],
      reason: null,
      seq: 2 * id - 1,
    })
    fills.push({
      id: `f${id}`,
      orderId: `o${id}`,
      clientOrderId: `c${id}`,
      accountId,
      symbol,
      side,
      quantity: String(quantity),
      price: p,
      fee: fee.toFixed(2),
      feeAsset: 'USD',
      liquidity: 'taker',
      ts,
      seq: 2 * id,
    })
    return side === 'buy' ? -(quantity * Number(p)) - fee : quantity * Number(p) - fee
  }
  SYMBOLS.forEach(({ symbol, price: start, quantity }, k) => {
    const accountId = `paper-${k + 2}`
    accounts.push({
      id: accountId,
      name: `Rehearsal ${symbol}`,
      kind: 'paper',
      quoteAsset: 'USD',
      createdAt: START,
      exchangeId: null,
      sandbox: false,
      priceSource: 'simulator',
      strategiesAllowed: true,
    })
    let price = start
    let cash = 10_000
    for (let d = 0; d < DAYS; d++) {
      const day = START + d * DAY_MS
      for (let t = 0; t < TRIPS_PER_DAY; t++) {
        const at = day + Math.floor(((t + random.next() * 0.5) / TRIPS_PER_DAY) * DAY_MS * 0.98)
        cash += fill(accountId, symbol, 'buy', quantity, price, at)
        price *= 1 + random.normal() * 0.003
        cash += fill(accountId, symbol, 'sell', quantity, price, at + 20 * 60_000)
      }
      equityCloses.push({
        accountId,
        day: new Date(day).toISOString().slice(0, 10),
        ts: day + DAY_MS - 60_000,
        equity: cash.toFixed(2),
      })
    }
  })
  fills.sort((a, b) => a.ts - b.ts)
  orders.sort((a, b) => a.createdAt - b.createdAt)
  return {
    date: new Date(START + (DAYS - 1) * DAY_MS).toISOString().slice(0, 10),
    timeZone: 'UTC',
    generatedAt: START + DAYS * DAY_MS,
    accounts,
    openings: Object.fromEntries(accounts.map((a) => [a.id, { cash: '10000', positions: [] }])),
    fills,
    orders,
    equityCloses,
    settings: DEFAULT_REPORT_SETTINGS,
  }
}

/** Milliseconds to build and render the report of day 90, and each part. */
export function benchReport(): BenchResult[] {
  const input = history()
  const total: number[] = []
  const build: number[] = []
  const render: number[] = []
  let bytes = 0
  for (let run = 0; run < RUNS; run++) {
    const t0 = performance.now()
    const report = buildDailyReport(input)
    const t1 = performance.now()
    const html = renderReportHtml(report)
    const text = renderReportJson(report) + renderReportCsv(report)
    const t2 = performance.now()
    total.push(t2 - t0)
    build.push(t1 - t0)
    render.push(t2 - t1)
    bytes = html.length + text.length
    if (report.summary.trades.trades !== TRIPS_PER_DAY * SYMBOLS.length)
      throw new Error(`expected ${TRIPS_PER_DAY * SYMBOLS.length} trades on day 90`)
  }
  const note = `${input.orders.length} orders, ${input.fills.length} fills over ${DAYS} days; ${(bytes / 1024).toFixed(0)} KiB written`
  return [
    {
      name: 'daily report of day 90 of 90, built and rendered',
      unit: 'ms',
      samples: total,
      target: { value: 500, lowerIsBetter: true },
      note: `${note}; median build ${median(build).toFixed(0)} ms, render ${median(render).toFixed(0)} ms`,
    },
  ]
}
