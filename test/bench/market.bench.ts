/**
 * The market simulator, measured: a simulated day of one-second ticks for three symbols, and
 * the minute-candle fast path a 90-day rehearsal runs on.
 */
import { performance } from 'node:perf_hooks'
import { MarketSimulator, simulateMinuteCandles } from '../../electron/engine/market'
import type { Clock } from '../../electron/engine/core'
import type { BenchResult } from './harness'

const DAY = 86_400_000
const START = Date.UTC(2026, 0, 5)

// advanceTo is driven by hand, so the clock only tells the start and no timer ever fires.
const still: Clock = {
  now: () => START,
  setTimeout: () => ({ cancel: () => undefined }),
  setInterval: () => ({ cancel: () => undefined }),
}

/** Seconds for one simulated day at `speed`, with a listener taking every quote and candle. */
function simulatedDay(seed: number, speed: number): number {
  const sim = new MarketSimulator({ clock: still, seed })
  let events = 0
  sim.subscribe({ quote: () => events++, candle: () => events++ })
  sim.setSpeed(speed)
  const t0 = performance.now()
  for (let t = 1_000; t <= DAY / speed; t += 1_000) sim.advanceTo(START + t, true)
  const seconds = (performance.now() - t0) / 1000
  if (events === 0) throw new Error('the market published nothing')
  return seconds
}

/** A simulated day of one-second ticks (real time and rehearsal speed) and 90 fast days. */
export function benchMarket(): BenchResult[] {
  simulatedDay(0, 60) // warm up: the first run pays for compiling the code
  const realTime: number[] = []
  const rehearsal: number[] = []
  for (let run = 1; run <= 5; run++) {
    realTime.push(simulatedDay(run, 1))
    rehearsal.push(simulatedDay(run, 3_600))
  }
  const fast: number[] = []
  for (let run = 1; run <= 3; run++) {
    const t0 = performance.now()
    const candles = simulateMinuteCandles({ seed: run, start: START, minutes: 90 * 1_440 })
    fast.push((performance.now() - t0) / 1000)
    if (candles.get('SOL-USD')?.length !== 90 * 1_440) throw new Error('candles missing')
  }
  return [
    {
      name: 'simulated day, 1-s ticks, 3 symbols',
      unit: 's',
      samples: realTime,
      target: { value: 1, lowerIsBetter: true },
      note: '86,400 ticks, each quoting and publishing 3 symbols',
    },
    {
      name: 'simulated day at speed 3600, 3 symbols',
      unit: 's',
      samples: rehearsal,
      note: '24 ticks of 3,600 one-second steps, every candle published',
    },
    {
      name: 'minute candles, 90 days × 3 symbols',
      unit: 's',
      samples: fast,
      note: 'fast path: 23.3 M one-second steps; the 90-day rehearsal has 30 s in all',
    },
  ]
}
