import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createEventBatcher } from '../../../shared/batcher'
import type { EngineEvent } from '../../../shared/contract'

const quote = (symbol: 'BTC-USD' | 'ETH-USD', last: string): EngineEvent => ({
  type: 'market:quote',
  payload: { symbol, ts: 0, bid: last, ask: last, last },
})

describe('event batcher', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('delivers at most one batch per interval, keeping only the newest quote per symbol', () => {
    const batches: EngineEvent[][] = []
    const batcher = createEventBatcher((events) => batches.push(events), 100)
    for (let i = 0; i < 50; i++) batcher.push(quote('BTC-USD', String(i)))
    batcher.push(quote('ETH-USD', '1'))
    expect(batches).toHaveLength(0)
    vi.advanceTimersByTime(100)
    expect(batches).toHaveLength(1)
    expect(batches[0]?.map((e) => (e.payload as { last: string }).last)).toEqual(['49', '1'])
  })

  it('never drops a fill', () => {
    const batches: EngineEvent[][] = []
    const batcher = createEventBatcher((events) => batches.push(events), 100)
    const fill = (id: string): EngineEvent => ({
      type: 'fills:created',
      payload: {
        id,
        orderId: 'o',
        clientOrderId: 'c',
        accountId: 'a',
        symbol: 'BTC-USD',
        side: 'buy',
        quantity: '1',
        price: '1',
        fee: '0',
        feeAsset: 'USD',
        liquidity: 'taker',
        ts: 0,
        seq: 1,
      },
    })
    batcher.push(fill('f1'))
    batcher.push(fill('f2'))
    vi.advanceTimersByTime(100)
    expect(batches[0]?.map((e) => (e.payload as { id: string }).id)).toEqual(['f1', 'f2'])
  })
})
