import { beforeEach, describe, expect, it } from 'vitest'
import { useMarketStore } from '../../../renderer/src/stores/market-store'
import { useOrdersStore } from '../../../renderer/src/stores/orders-store'
import { applyEvent } from '../../../renderer/src/stores/sync'
import { candle, fill, order, resetStores, snapshot } from './harness'

describe('stores', () => {
  beforeEach(() => resetStores())

  it('lists orders and fills newest first', () => {
    useOrdersStore.getState().resetFromSnapshot(
      snapshot({
        orders: [order({ id: 'a', createdAt: 1 }), order({ id: 'c', createdAt: 3 })],
        fills: [fill({ id: 'f1', ts: 1 }), fill({ id: 'f3', ts: 3 })],
      }),
    )
    applyEvent({ type: 'orders:updated', payload: order({ id: 'b', createdAt: 2 }) })
    applyEvent({ type: 'fills:created', payload: fill({ id: 'f4', ts: 4 }) })
    expect(useOrdersStore.getState().orders.map((o) => o.id)).toEqual(['c', 'b', 'a'])
    expect(useOrdersStore.getState().fills.map((f) => f.id)).toEqual(['f4', 'f3', 'f1'])
  })

  it('lists the fills and orders of one millisecond in journal order, newest first', () => {
    // One book walk: three fills of one order at the same millisecond, and a second order
    // placed in that millisecond too. Their ids compared as text would put 9 above 10 and 11.
    const ts = 1_700_000_000_000
    useOrdersStore.getState().resetFromSnapshot(
      snapshot({
        orders: [order({ id: 'paper-o-9', createdAt: ts, seq: 20 })],
        fills: [fill({ id: 'paper-f-9', orderId: 'paper-o-9', ts, seq: 22 })],
      }),
    )
    applyEvent({
      type: 'fills:created',
      payload: fill({ id: 'paper-f-10', orderId: 'paper-o-9', ts, seq: 23 }),
    })
    applyEvent({
      type: 'orders:updated',
      payload: order({ id: 'paper-o-10', createdAt: ts, seq: 24 }),
    })
    applyEvent({
      type: 'fills:created',
      payload: fill({ id: 'paper-f-11', orderId: 'paper-o-9', ts, seq: 25 }),
    })
    expect(useOrdersStore.getState().fills.map((f) => f.id)).toEqual([
      'paper-f-11',
      'paper-f-10',
      'paper-f-9',
    ])
    expect(useOrdersStore.getState().orders.map((o) => o.id)).toEqual(['paper-o-10', 'paper-o-9'])
  })

  it('lists the fills of one broker answer, which share a journal seq, newest first', () => {
    const ts = 1_700_000_000_000
    useOrdersStore
      .getState()
      .resetFromSnapshot(
        snapshot({ fills: [fill({ id: 'paper-f-9', orderId: 'paper-o-8', ts, seq: 20 })] }),
      )
    for (const id of ['paper-f-10', 'paper-f-11', 'paper-f-12'])
      applyEvent({
        type: 'fills:created',
        payload: fill({ id, orderId: 'paper-o-9', ts, seq: 22 }),
      })
    expect(useOrdersStore.getState().fills.map((f) => f.id)).toEqual([
      'paper-f-12',
      'paper-f-11',
      'paper-f-10',
      'paper-f-9',
    ])
  })

  it('never rolls an order back to an older state, and never counts a fill twice', () => {
    applyEvent({ type: 'orders:updated', payload: order({ status: 'filled', updatedAt: 20 }) })
    applyEvent({ type: 'orders:updated', payload: order({ status: 'open', updatedAt: 10 }) })
    expect(useOrdersStore.getState().orders.map((o) => o.status)).toEqual(['filled'])
    applyEvent({ type: 'fills:created', payload: fill() })
    applyEvent({ type: 'fills:created', payload: fill() })
    expect(useOrdersStore.getState().fills).toHaveLength(1)
  })

  it('keeps candles in time order, replacing the minute in progress', () => {
    applyEvent({ type: 'market:candle', payload: candle('BTC-USD', 60_000, 1) })
    applyEvent({ type: 'market:candle', payload: candle('BTC-USD', 120_000, 2) })
    applyEvent({ type: 'market:candle', payload: candle('BTC-USD', 120_000, 3) })
    expect(
      useMarketStore.getState().candles['BTC-USD']?.items.map((c) => [c.time, c.close]),
    ).toEqual([
      [60_000, 1],
      [120_000, 3],
    ])
  })
})
