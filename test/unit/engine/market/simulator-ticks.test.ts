import { describe, expect, it } from 'vitest'
import { HISTORY_MINUTES, MarketSimulator } from '../../../../electron/engine/market'
import { FakeClock } from '../../../kit/fake-clock'
import type { Quote } from '../../../../shared/types'

describe('simulated market', () => {
  it('reproduces the same prices from the same seed and start time', () => {
    const run = (seed: number) => {
      const clock = new FakeClock()
      const market = new MarketSimulator({ clock, seed })
      const seen: Quote[] = []
      market.subscribe({ quote: (q) => seen.push(q) })
      market.start()
      clock.advance(30_000)
      return seen
    }
    expect(run(42)).toEqual(run(42))
    expect(run(42)).not.toEqual(run(43))
  })

  it('ticks every second for each symbol, quoting a bid below the ask', () => {
    const clock = new FakeClock()
    const market = new MarketSimulator({ clock, seed: 1 })
    const seen: Quote[] = []
    market.subscribe({ quote: (q) => seen.push(q) })
    market.start()
    clock.advance(10_000)
    expect(seen).toHaveLength(30)
    for (const q of seen) expect(Number(q.bid)).toBeLessThan(Number(q.ask))
    expect(new Set(seen.map((q) => q.symbol))).toEqual(new Set(['BTC-USD', 'ETH-USD', 'SOL-USD']))
  })

  it('keeps one-minute candles, with history before the start', () => {
    const clock = new FakeClock()
    const market = new MarketSimulator({ clock, seed: 1 })
    const history = market.candles('ETH-USD', 10_000)
    expect(history.length).toBe(HISTORY_MINUTES + 1)
    for (let i = 1; i < history.length; i++)
      expect(history[i]!.time - history[i - 1]!.time).toBe(60_000)
    for (const c of history) {
      expect(c.high).toBeGreaterThanOrEqual(Math.max(c.open, c.close))
      expect(c.low).toBeLessThanOrEqual(Math.min(c.open, c.close))
    }
    market.start()
    clock.advance(120_000)
    expect(market.candles('ETH-USD', 10_000).length).toBe(HISTORY_MINUTES + 3)
  })
})
