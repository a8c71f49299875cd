/**
 * The order path, measured: the gate's decision alone, and a paper order from intent to
 * verified with a durable (fsynced) journal, at a steady 100 orders/s and flat out.
 */
import { closeSync, fdatasyncSync, openSync, writeSync } from 'node:fs'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { createEngine, type Engine } from '../../electron/engine'
import { Decimal } from '../../electron/engine/core'
import { DEFAULT_LIMITS, evaluateGate, type GateInput } from '../../electron/engine/execution'
import { PaperBroker } from '../../electron/engine/brokers'
import { instrument, MarketSimulator } from '../../electron/engine/market'
import type { MarketSymbol } from '../../shared/types'
import { systemClock } from '../../electron/host'
import { parseCommand } from '../../shared/contract'
import { cleanup, tempDir } from '../kit/engine'
import { median, percentile, type BenchResult } from './harness'

const us = (ms: number): number => ms * 1000

/** p99 of 20,000 busy loops of `ms` each, five times: the machine's own tail for that length. */
function busyLoopP99(ms: number): number[] {
  const runs: number[] = []
  for (let run = 0; run < 5; run++) {
    const samples: number[] = []
    for (let i = 0; i < 20_000; i++) {
      const t0 = performance.now()
      while (performance.now() - t0 < ms);
      samples.push(performance.now() - t0)
    }
    runs.push(us(percentile(samples, 99)))
  }
  return runs
}

/** p99 of the gate's decision on a realistic account. */
export function benchGate(): BenchResult[] {
  const now = 1_795_000_000_000
  const input: GateInput = {
    symbol: 'BTC-USD',
    side: 'buy',
    quantity: '0.01',
    instrument: instrument('BTC-USD'),
    quote: { symbol: 'BTC-USD', ts: now - 500, bid: '65000.00', ask: '65006.50', last: '65003.25' },
    now,
    feeRate: '0.006',
    limits: DEFAULT_LIMITS,
    tradingState: 'ACTIVE',
    trackerProblem: null,
    reconciliationBlock: null,
    journalVerified: true,
    availableCash: new Decimal('8000'),
    availableQuantity: new Decimal('0.02'),
    holdings: [
      { symbol: 'BTC-USD', quantity: new Decimal('0.02'), price: new Decimal('65003.25') },
      { symbol: 'ETH-USD', quantity: new Decimal('0.5'), price: new Decimal('3200.10') },
    ],
    workingOrders: [{ symbol: 'SOL-USD', side: 'buy', id: 'ord-1' }],
    ordersLastMinute: 3,
    realizedToday: new Decimal('-12.5'),
    equity: new Decimal('9950'),
    peakEquity: new Decimal('10020'),
  }
  const runs: number[] = []
  const medians: number[] = []
  for (let run = 0; run < 5; run++) {
    const samples: number[] = []
    for (let i = 0; i < 20_000; i++) {
      const t0 = performance.now()
      evaluateGate(input)
      samples.push(performance.now() - t0)
    }
    runs.push(us(percentile(samples.slice(2_000), 99)))
    medians.push(us(percentile(samples.slice(2_000), 50)))
  }
  return [
    {
      name: 'gate decision p99',
      unit: 'µs',
      samples: runs,
      target: { value: 50, lowerIsBetter: true },
      note: '17 checks, 20,000 decisions a run',
    },
    { name: 'gate decision p50', unit: 'µs', samples: medians },
    {
      name: 'floor: p99 of a busy loop as long as the gate p50',
      unit: 'µs',
      samples: busyLoopP99(median(medians) / 1000),
      note: 'what this machine adds to any 20,000 timings of that length (timer ticks, steal time)',
    },
  ]
}

const BENCH_LIMITS = {
  maxOrderNotional: '1000000',
  maxPositionNotional: '100000000',
  maxTotalExposure: '100000000',
  maxOpenPositions: 10,
  maxOrdersPerMinute: 1_000_000,
  pendingOrderRule: 'off',
  maxDailyLoss: '100000000',
  maxDrawdownPct: 100,
}

async function benchEngine(dir: string): Promise<Engine> {
  const engine = await createEngine({
    dataDir: dir,
    clock: systemClock,
    startMarket: true,
    initialBalance: '1000000000',
    // Vigil's own path: the paper exchange's simulated network latency (50 ms by default)
    // would otherwise be most of every figure.
    paper: { latencyMs: 0 },
    // The health round has its own group. Here, with 1,000 orders in flight, a round can read
    // the exchange's balances between an order's fill and its record, see drift and halt
    // trading (the trust issue's race): that would end the run rather than measure it.
    healthIntervalMs: 0,
  })
  const limits = parseCommand('limits:update', { limits: BENCH_LIMITS })
  if (!limits.ok) throw new Error(limits.error.message)
  await engine.handle(limits.value, { source: 'api' })
  return engine
}

async function submit(engine: Engine, i: number, symbol: string): Promise<number> {
  const command = parseCommand('orders:submit', {
    clientOrderId: `b-${i}`,
    symbol,
    side: 'buy',
    type: 'market',
    quantity: '0.01',
  })
  if (!command.ok) throw new Error(command.error.message)
  const t0 = performance.now()
  const result = await engine.handle(command.value, { source: 'api' })
  if (!result.ok) throw new Error(result.error.message)
  return performance.now() - t0
}

const SYMBOLS = ['BTC-USD', 'ETH-USD', 'SOL-USD']

/**
 * The floor under the order path: one 600-byte append plus fdatasync on the data folder's
 * disk, synchronous. It is taken at each tick of the orders' own 100/s schedule, just before
 * that tick's order, so the disk is probed at the cadence the orders see it (a disk left idle
 * between two syncs takes longer than one kept busy). An order waits for three of these in a
 * row (the intent before the broker, the exchange's own save, the rest before the answer).
 */
function fsyncProbe(dir: string): { sample(): number; close(): void } {
  const fd = openSync(path.join(dir, 'fsync-probe'), 'a')
  const line = Buffer.from('x'.repeat(600) + '\n')
  return {
    sample() {
      const t0 = performance.now()
      writeSync(fd, line)
      fdatasyncSync(fd)
      return performance.now() - t0
    },
    close: () => closeSync(fd),
  }
}

/**
 * The paper exchange alone, as durable as in the engine (its state file and log, fdatasynced):
 * 20,000 market orders on one account, 1,000 in flight; orders per second until the last answer.
 */
async function paperSustained(dir: string): Promise<number> {
  const market = new MarketSimulator({ clock: systemClock, seed: 1 })
  market.start()
  const paper = new PaperBroker({
    clock: systemClock,
    market,
    latencyMs: 0,
    stateFile: path.join(dir, 'paper-exchange.json'),
  })
  paper.openAccount('paper-1', { USD: '1000000000' })
  try {
    const total = 20_000
    let next = 0
    const t0 = performance.now()
    const worker = async (): Promise<void> => {
      while (next < total) {
        const i = next++
        const ack = await paper.placeOrder({
          accountId: 'paper-1',
          clientOrderId: `p-${i}`,
          symbol: SYMBOLS[i % 3] as MarketSymbol,
          side: 'buy',
          type: 'market',
          quantity: '0.01',
        })
        if (ack.status !== 'filled') throw new Error(`order ${i} ${ack.status}: ${ack.reason}`)
      }
    }
    await Promise.all(Array.from({ length: 1_000 }, worker))
    return total / ((performance.now() - t0) / 1000)
  } finally {
    paper.close()
    market.stop()
  }
}

/** Intent → verified latency at 100 orders/s, and sustained throughput. */
export async function benchOrderPath(): Promise<BenchResult[]> {
  const p99s: number[] = []
  const medians: number[] = []
  const rates: number[] = []
  const paperRates: number[] = []
  const diskP50: number[] = []
  const diskP99: number[] = []
  const p99Ratios: number[] = []
  const p50Ratios: number[] = []
  const failedVerifications: number[] = []
  for (let run = 0; run < 3; run++) {
    const dir = tempDir('vigil-bench-orders-')
    const paperDir = tempDir('vigil-bench-paper-')
    try {
      paperRates.push(await paperSustained(paperDir))
    } finally {
      cleanup(paperDir)
    }
    const disk: number[] = []
    const probe = fsyncProbe(dir)
    const engine = await benchEngine(dir)
    try {
      // Warm up (the first orders of a fresh process pay for compiling the code), then a
      // steady 100 orders/s for 5 seconds.
      for (let i = 0; i < 500; i++) await submit(engine, -1 - i, SYMBOLS[i % 3]!)
      const latencies: number[] = []
      const pending: Promise<void>[] = []
      const start = performance.now()
      for (let i = 0; i < 500; i++) {
        const due = start + i * 10
        while (performance.now() < due)
          await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())))
        // The disk's own fdatasync at this tick, then the tick's order.
        disk.push(probe.sample())
        pending.push(submit(engine, i, SYMBOLS[i % 3]!).then((ms) => void latencies.push(ms)))
      }
      await Promise.all(pending)
      p99s.push(percentile(latencies, 99))
      medians.push(percentile(latencies, 50))
      diskP50.push(percentile(disk, 50))
      diskP99.push(percentile(disk, 99))
      p99Ratios.push(percentile(latencies, 99) / percentile(disk, 99))
      p50Ratios.push(percentile(latencies, 50) / percentile(disk, 50))

      // Flat out: 20,000 orders, 1,000 in flight.
      const total = 20_000
      let next = 0
      const t0 = performance.now()
      const worker = async (): Promise<void> => {
        while (next < total) {
          const i = next++
          await submit(engine, 1_000 + i, SYMBOLS[i % 3]!)
        }
      }
      await Promise.all(Array.from({ length: 1_000 }, worker))
      rates.push(total / ((performance.now() - t0) / 1000))
      // Speed is worth nothing if the orders are not right: every one must have verified.
      const query = parseCommand('audit:query', { filter: { outcome: 'verification_failed' } })
      if (!query.ok) throw new Error(query.error.message)
      const failed = await engine.handle(query.value, { source: 'api' })
      if (!failed.ok) throw new Error(failed.error.message)
      failedVerifications.push((failed.value as { total: number }).total)
    } finally {
      probe.close()
      await engine.close()
      cleanup(dir)
    }
  }
  return [
    {
      name: 'disk: append + fdatasync p50',
      unit: 'ms',
      samples: diskP50,
      note: 'the floor: writeSync + fdatasyncSync of 600 bytes at each 10 ms tick of the steady phase, just before its order (500 a run); an order waits for three in a row',
    },
    { name: 'disk: append + fdatasync p99', unit: 'ms', samples: diskP99 },
    {
      name: 'order intent→verified p50 @100/s',
      unit: 'ms',
      samples: medians,
      target: { value: 3, lowerIsBetter: true },
      note: 'paper broker saving its book, fdatasynced journal; 500 orders a run',
    },
    {
      name: 'order p50 @100/s / disk fdatasync p50',
      unit: '×',
      samples: p50Ratios,
      note: 'the same run’s disk: how many syncs in a row the p50 is worth (three at the least)',
    },
    { name: 'order intent→verified p99 @100/s', unit: 'ms', samples: p99s },
    {
      name: 'order p99 @100/s / disk fdatasync p99',
      unit: '×',
      samples: p99Ratios,
      target: { value: 3, lowerIsBetter: true },
      note: 'the same run’s disk',
    },
    {
      name: 'paper exchange orders sustained, group commit',
      unit: 'orders/s',
      samples: paperRates,
      target: { value: 10_000, lowerIsBetter: false },
      note: '20,000 market orders on one account, 1,000 in flight; the exchange alone, every answer after its save is fdatasynced',
    },
    {
      name: 'orders sustained',
      unit: 'orders/s',
      samples: rates,
      target: { value: 10_000, lowerIsBetter: false },
      note: '20,000 orders, 1,000 in flight, one account; the paper exchange saves group-committed',
    },
    {
      name: 'orders failing verification',
      unit: 'orders',
      samples: failedVerifications,
      target: { value: 0, lowerIsBetter: true },
      note: 'of all orders of the run; must be 0',
    },
  ]
}
