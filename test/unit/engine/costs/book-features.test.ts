/**
 * The spread of a quote in bps and the size visible near the mid of an order book.
 */
import { describe, expect, it } from 'vitest'
import { bookDepth, spreadBps } from '../../../../electron/engine/costs'
import { expectClose } from '../performance/close-to'

const level = (price: string, size: string) => ({ price, size })

describe('spread', () => {
  it('is (ask − bid) over the mid, in bps', () => {
    const spread = spreadBps({ bid: '99.95', ask: '100.05' })
    expect(spread.ok).toBe(true)
    if (spread.ok) {
      expectClose(spread.bps, 10)
      expect(spread.mid).toBe(100)
    }
    expect(spreadBps({ bid: '100', ask: '100' })).toEqual({ ok: true, bps: 0, mid: 100 })
  })

  it('says why there is none: a missing side or a crossed quote', () => {
    expect(spreadBps({ bid: '0', ask: '100' })).toEqual({ ok: false, reason: 'no bid (bid 0)' })
    expect(spreadBps({ bid: '99', ask: 'x' })).toEqual({ ok: false, reason: 'no ask (ask x)' })
    expect(spreadBps({ bid: '101', ask: '100' })).toEqual({
      ok: false,
      reason: 'crossed quote: ask 100 below bid 101',
    })
  })
})

describe('visible depth', () => {
  const book = {
    bids: [level('99.99', '1'), level('99.95', '2'), level('99.90', '4'), level('99.80', '8')],
    asks: [level('100.01', '0.5'), level('100.05', '1.5'), level('100.11', '3')],
  }

  it('sums the size within the band on each side of the mid', () => {
    // Mid 100; 10 bps reaches 99.90 and 100.10.
    const depth = bookDepth(book, 10)
    expect(depth.ok).toBe(true)
    if (!depth.ok) return
    expect(depth.mid).toBe(100)
    expect(depth.bids).toMatchObject({ size: 7, levels: 3 })
    expectClose(depth.bids.notional, 99.99 + 99.95 * 2 + 99.9 * 4)
    expect(depth.asks).toMatchObject({ size: 2, levels: 2 })
    expectClose(depth.asks.notional, 100.01 * 0.5 + 100.05 * 1.5)
    const wide = bookDepth(book, 25)
    expect(wide.ok && [wide.bids.size, wide.asks.size]).toEqual([15, 5])
    const touch = bookDepth(book, 0)
    expect(touch.ok && [touch.bids.size, touch.asks.size]).toEqual([0, 0])
  })

  it('says why there is none', () => {
    expect(bookDepth({ bids: [], asks: book.asks })).toEqual({
      ok: false,
      reason: 'one side of the book is empty',
    })
    expect(bookDepth({ bids: [level('100.02', '1')], asks: book.asks })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/crossed/),
    })
    expect(bookDepth({ ...book, asks: [...book.asks, level('100.2', '-1')] })).toEqual({
      ok: false,
      reason: "a level's size -1 is not ≥ 0",
    })
    expect(bookDepth(book, -1)).toMatchObject({ ok: false })
  })
})
