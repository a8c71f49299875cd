import { describe, expect, it } from 'vitest'
import { dec } from '../../../../electron/engine/core'
import {
  DEFAULT_INTRADAY,
  instrument,
  MarketSimulator,
  normalizeIntraday,
  type OrderBook,
} from '../../../../electron/engine/market'
import type { Candle, MarketSymbol, Quote } from '../../../../shared/types'
import { FakeClock } from '../../../kit/fake-clock'

const SYMBOLS: MarketSymbol[] = ['BTC-USD', 'ETH-USD', 'SOL-USD']

function market(seed = 1, at?: number): { clock: FakeClock; sim: MarketSimulator } {
  const clock = new FakeClock(at)
  return { clock, sim: new MarketSimulator({ clock, seed }) }
}

describe('a seed reproduces the market', () => {
  const run = (seed: number, readBooks: boolean) => {
    const { clock, sim } = market(seed)
    const quotes: Quote[] = []
    const candles: Candle[] = []
    const books: OrderBook[] = []
    sim.subscribe({ quote: (q) => quotes.push(q), candle: (c) => candles.push(c) })
    sim.start()
    for (let i = 0; i < 30; i++) {
      clock.advance(1_000)
      if (readBooks) books.push(...SYMBOLS.map((s) => sim.book(s, 5)))
    }
    sim.setSpeed(60)
    clock.advance(30_000)
    return {
      quotes,
      candles,
      books: [...books, ...SYMBOLS.map((s) => sim.book(s))],
      history: SYMBOLS.map((s) => sim.candles(s, 1_000)),
    }
  }

  it('gives identical quotes, candles and books from one seed, and others from another', () => {
    const a = run(42, true)
    const b = run(42, true)
    expect(b).toEqual(a)
    const c = run(43, true)
    expect(c.quotes).not.toEqual(a.quotes)
    expect(c.history).not.toEqual(a.history)
    expect(c.books).not.toEqual(a.books)
  })

  it('does not change the prices when someone reads the book', () => {
    expect(run(7, false).quotes).toEqual(run(7, true).quotes)
  })
})

describe('a market made again from its origin', () => {
  it('has the same candles and quotes as the one that ran, from the origin or from a checkpoint', () => {
    const start = Date.UTC(2026, 10, 24, 12)
    const origin = start - 240 * 60_000
    const clock = new FakeClock(start)
    const ran = new MarketSimulator({ clock, seed: 5, origin })
    ran.start()
    // An hour at real speed, then one at 30 times: it ran ahead of the clock, then stopped.
    clock.advance(60 * 60_000)
    const checkpoint = ran.checkpoint()
    ran.setSpeed(30)
    clock.advance(60 * 60_000)
    ran.stop()
    const reached = ran.simulatedTime
    expect(reached).toBeGreaterThan(clock.now())

    const again = (resumeFrom?: ReturnType<MarketSimulator['checkpoint']>) =>
      new MarketSimulator({
        clock,
        seed: 5,
        origin,
        resumeAt: reached,
        ...(resumeFrom ? { resumeFrom } : {}),
      })
    const fromOrigin = again()
    const fromCheckpoint = again(checkpoint)
    for (const symbol of SYMBOLS) {
      expect(fromOrigin.candles(symbol, 2_000)).toEqual(ran.candles(symbol, 2_000))
      expect(fromOrigin.quote(symbol)).toEqual(ran.quote(symbol))
      // From the checkpoint on, the same candles (the ones before it are not made again).
      const after = ran.candles(symbol, 2_000).filter((c) => c.time >= checkpoint.time)
      expect(fromCheckpoint.candles(symbol, after.length)).toEqual(after)
      expect(fromCheckpoint.quote(symbol)).toEqual(ran.quote(symbol))
    }
  })
})

describe('spread', () => {
  it('widens with volatility: spreadBps × (0.5 + 0.5 × current/average σ), to a tick', () => {
    const { clock, sim } = market(3)
    const inst = instrument('BTC-USD')
    sim.setSpeed(60)
    sim.start()
    const samples: { ratio: number; bps: number }[] = []
    for (let i = 0; i < 1_440; i++) {
      clock.advance(1_000)
      const q = sim.quote('BTC-USD')
      const mid = (Number(q.bid) + Number(q.ask)) / 2
      const ratio = sim.volatilityRatio('BTC-USD')
      const bps = ((Number(q.ask) - Number(q.bid)) / mid) * 10_000
      const tickBps = (Number(inst.tickSize) / mid) * 10_000
      expect(Math.abs(bps - inst.spreadBps * (0.5 + 0.5 * ratio))).toBeLessThanOrEqual(2 * tickBps)
      samples.push({ ratio, bps })
    }
    const calm = samples.filter((s) => s.ratio < 0.8)
    const wild = samples.filter((s) => s.ratio > 1.4)
    // A simulated day has both calm and wild stretches, and the spread shows it.
    expect(calm.length).toBeGreaterThan(20)
    expect(wild.length).toBeGreaterThan(20)
    const mean = (xs: { bps: number }[]) => xs.reduce((a, s) => a + s.bps, 0) / xs.length
    expect(mean(wild)).toBeGreaterThan(1.4 * mean(calm))
  })

  it('is never below one tick', () => {
    const clock = new FakeClock()
    const tight = { ...instrument('SOL-USD'), spreadBps: 0.0001 }
    const sim = new MarketSimulator({ clock, seed: 1, instruments: [tight] })
    sim.start()
    for (let i = 0; i < 60; i++) {
      clock.advance(1_000)
      const q = sim.quote('SOL-USD')
      expect(dec(q.ask).minus(q.bid).toString()).toBe('0.01')
    }
  })
})

describe('order book', () => {
  it('lies on the tick and lot grid, sorted, best levels at the quote, growing away from it', () => {
    const { clock, sim } = market(5)
    sim.start()
    for (let t = 0; t < 20; t++) {
      clock.advance(1_000)
      for (const symbol of SYMBOLS) {
        const inst = instrument(symbol)
        const book = sim.book(symbol, 10)
        const quote = sim.quote(symbol)
        expect(book.ts).toBe(clock.now())
        expect(book.bids).toHaveLength(10)
        expect(book.asks).toHaveLength(10)
        expect(book.bids[0]!.price).toBe(quote.bid)
        expect(book.asks[0]!.price).toBe(quote.ask)
        expect(dec(book.bids[0]!.price).lt(book.asks[0]!.price)).toBe(true)
        for (const side of [book.bids, book.asks]) {
          for (const level of side) {
            expect(dec(level.price).mod(inst.tickSize).isZero()).toBe(true)
            expect(dec(level.size).mod(inst.lotSize).isZero()).toBe(true)
            expect(dec(level.size).gt(0)).toBe(true)
          }
          for (let i = 1; i < side.length; i++)
            expect(dec(side[i]!.size).gt(side[i - 1]!.size)).toBe(true)
        }
        for (let i = 1; i < 10; i++) {
          expect(dec(book.bids[i]!.price).lt(book.bids[i - 1]!.price)).toBe(true)
          expect(dec(book.asks[i]!.price).gt(book.asks[i - 1]!.price)).toBe(true)
        }
      }
    }
  })

  it('is deeper in busy hours than in quiet ones, as the volume profile says', () => {
    const depth = (hourUtc: number): number => {
      const { clock, sim } = market(9, Date.UTC(2026, 10, 24, hourUtc, 30))
      sim.start()
      let total = 0
      for (let i = 0; i < 30; i++) {
        clock.advance(1_000)
        const book = sim.book('ETH-USD', 10)
        for (const l of [...book.bids, ...book.asks]) total += Number(l.size)
      }
      return total
    }
    const profile = normalizeIntraday(DEFAULT_INTRADAY).volume
    const expected = profile[15]! / profile[4]!
    expect(depth(15) / depth(4)).toBeGreaterThan(expected * 0.85)
    expect(depth(15) / depth(4)).toBeLessThan(expected * 1.15)
  })
})

describe('clock speed', () => {
  it('runs in real time by default: a real second is one step', () => {
    const { clock, sim } = market()
    expect(sim.speed).toBe(1)
    sim.start()
    const before = sim.simulatedTime
    clock.advance(1_000)
    expect(sim.simulatedTime - before).toBe(1_000)
  })

  it('at 60, each real second carries a simulated minute, quotes keep the clock time', () => {
    const { clock, sim } = market()
    const candles: Candle[] = []
    sim.subscribe({ candle: (c) => c.symbol === 'BTC-USD' && candles.push(c) })
    sim.setSpeed(60)
    expect(sim.speed).toBe(60)
    sim.start()
    const before = sim.simulatedTime
    const history = sim.candles('BTC-USD', 10_000).length
    clock.advance(10_000)
    expect(sim.simulatedTime - before).toBe(600_000)
    expect(sim.quote('BTC-USD').ts).toBe(clock.now())
    expect(sim.candles('BTC-USD', 10_000).length).toBe(history + 10)
    // Every simulated minute reaches listeners in its final state, none is skipped.
    const finals = new Map(candles.map((c) => [c.time, c]))
    const stored = sim.candles('BTC-USD', 11)
    for (const c of stored) expect(finals.get(c.time)).toEqual(c)
  })

  it('refuses a speed that is not a whole number from 1 to a day a second', () => {
    const { sim } = market()
    expect(() => sim.setSpeed(0)).toThrow(/whole number from 1/)
    expect(() => sim.setSpeed(1.5)).toThrow(RangeError)
    expect(() => sim.setSpeed(86_401)).toThrow(RangeError)
    expect(sim.speed).toBe(1)
  })
})

describe('faults', () => {
  it('stale: a symbol stops quoting while the others go on, then resumes', () => {
    const { clock, sim } = market()
    const seen: Quote[] = []
    sim.subscribe({ quote: (q) => seen.push(q) })
    sim.start()
    clock.advance(2_000)
    sim.setFault('ETH-USD', 'stale')
    expect(sim.fault('ETH-USD')).toBe('stale')
    const frozenAt = sim.quote('ETH-USD')
    seen.length = 0
    clock.advance(5_000)
    expect(seen.filter((q) => q.symbol === 'ETH-USD')).toHaveLength(0)
    expect(seen.filter((q) => q.symbol === 'BTC-USD')).toHaveLength(5)
    expect(sim.quote('ETH-USD')).toBe(frozenAt)
    expect(clock.now() - sim.quote('ETH-USD').ts).toBe(5_000)
    sim.setFault('ETH-USD', null)
    expect(sim.fault('ETH-USD')).toBeNull()
    clock.advance(1_000)
    expect(sim.quote('ETH-USD').ts).toBe(clock.now())
  })

  it('frozen: quotes keep coming with fresh times but the price never moves', () => {
    const { clock, sim } = market()
    const seen: Quote[] = []
    const candles: Candle[] = []
    sim.subscribe({
      quote: (q) => q.symbol === 'SOL-USD' && seen.push(q),
      candle: (c) => c.symbol === 'SOL-USD' && candles.push(c),
    })
    sim.start()
    clock.advance(1_000)
    sim.setFault('SOL-USD', 'frozen')
    const at = sim.quote('SOL-USD')
    seen.length = 0
    candles.length = 0
    clock.advance(120_000)
    expect(seen).toHaveLength(120)
    seen.forEach((q, i) => {
      expect(q.ts).toBe(at.ts + (i + 1) * 1_000)
      expect([q.bid, q.ask, q.last]).toEqual([at.bid, at.ask, at.last])
    })
    const flat = candles.filter((c) => c.time > at.ts)
    expect(flat.length).toBeGreaterThan(0)
    for (const c of flat) {
      expect([c.open, c.high, c.low, c.close]).toEqual(Array(4).fill(Number(at.last)))
      expect(c.volume).toBe(0)
    }
    sim.setFault('SOL-USD', null)
    clock.advance(60_000)
    expect(seen.slice(-60).some((q) => q.last !== at.last)).toBe(true)
  })
})
