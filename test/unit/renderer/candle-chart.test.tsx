import { cleanup, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ok } from '../../../shared/result'
import { CandleChart } from '../../../renderer/src/charts/candle-chart'
import { chartCalls } from './chart-mock'
import { candle, connectFake, FakeTransport, order, position, snapshot } from './harness'

vi.mock('lightweight-charts', async () => (await import('./chart-mock')).lightweightChartsMock())

const MINUTE = 60_000
const T0 = 1_700_000_040_000
const HISTORY = 240

describe('Candle chart', () => {
  let disconnect: () => void = () => undefined
  let host: FakeTransport

  beforeEach(async () => {
    chartCalls.reset()
    host = new FakeTransport(snapshot())
    // Answers as many one-minute candles as asked for, newest first, closing 1 higher each minute.
    host.responders['market:get-candles'] = (payload) => {
      const { symbol, limit } = payload as { symbol: 'BTC-USD' | 'ETH-USD'; limit: number }
      const base = symbol === 'BTC-USD' ? 65_000 : 3_200
      return ok(
        Array.from({ length: limit }, (_, i) => {
          const minute = limit - 1 - i
          return candle(symbol, T0 + minute * MINUTE, base + minute)
        }),
      )
    }
    disconnect = await connectFake(host)
  })

  afterEach(() => {
    cleanup()
    disconnect()
  })

  it('loads 240 candles of history and draws them in seconds, oldest first', async () => {
    render(<CandleChart symbol="BTC-USD" />)
    await waitFor(() => expect(chartCalls.setData.at(-1)).toHaveLength(HISTORY))
    expect(host.callsTo('market:get-candles')).toEqual([{ symbol: 'BTC-USD', limit: HISTORY }])
    const bars = chartCalls.setData.at(-1) as { time: number; close: number }[]
    expect(bars[0]).toEqual({
      time: T0 / 1000,
      open: 64_990,
      high: 65_005,
      low: 64_985,
      close: 65_000,
    })
    expect(bars.at(-1)).toEqual({
      time: (T0 + (HISTORY - 1) * MINUTE) / 1000,
      open: 65_229,
      high: 65_244,
      low: 65_224,
      close: 65_239,
    })
    // Every minute once, a minute (60 s) apart, oldest first: what lightweight-charts requires.
    expect(bars.every((bar, i) => i === 0 || bar.time - bars[i - 1]!.time === 60)).toBe(true)
  })

  it('applies live candles of its symbol as updates, not redraws', async () => {
    render(<CandleChart symbol="BTC-USD" />)
    await waitFor(() => expect(chartCalls.setData.at(-1)).toHaveLength(HISTORY))
    const redraws = chartCalls.setData.length
    const next = T0 + HISTORY * MINUTE
    host.emit({ type: 'market:candle', payload: candle('BTC-USD', next, 65_100) })
    host.emit({ type: 'market:candle', payload: candle('ETH-USD', next, 3_300) })
    await waitFor(() => expect(chartCalls.update).toHaveLength(1))
    expect(chartCalls.update[0]).toMatchObject({ time: next / 1000, close: 65_100 })
    expect(chartCalls.setData).toHaveLength(redraws)
  })

  it('loads and draws the new symbol when it changes', async () => {
    const { rerender } = render(<CandleChart symbol="BTC-USD" />)
    await waitFor(() => expect(chartCalls.setData.at(-1)).toHaveLength(HISTORY))
    rerender(<CandleChart symbol="ETH-USD" />)
    await waitFor(() => expect(chartCalls.setData.at(-1)?.[0]).toMatchObject({ close: 3_200 }))
    expect(host.callsTo('market:get-candles').at(-1)).toEqual({ symbol: 'ETH-USD', limit: HISTORY })
    expect(chartCalls.setData.at(-1)).toHaveLength(HISTORY)
  })
})

describe('Candle chart levels', () => {
  let disconnect: () => void = () => undefined
  let host: FakeTransport

  beforeEach(async () => {
    chartCalls.reset()
    host = new FakeTransport(
      snapshot({
        positions: [position('BTC-USD', '0.01', '65000'), position('ETH-USD', '0.5', '3200')],
        orders: [
          order({ id: 'rest-buy', type: 'limit', limitPrice: '64000', status: 'open' }),
          order({
            id: 'rest-sell',
            side: 'sell',
            type: 'limit',
            quantity: '0.005',
            limitPrice: '70000',
            status: 'open',
          }),
          order({ id: 'done', type: 'limit', limitPrice: '63000', status: 'filled' }),
          order({
            id: 'other-account',
            accountId: 'paper-2',
            type: 'limit',
            limitPrice: '60000',
            status: 'open',
          }),
        ],
      }),
    )
    host.responders['market:get-candles'] = () => ok([])
    disconnect = await connectFake(host)
  })

  afterEach(() => {
    cleanup()
    disconnect()
  })

  const drawn = () =>
    [...chartCalls.priceLines].map((l) => `${String(l.title)} @ ${String(l.price)}`).sort()

  it("draws the position's entry and each resting limit of the account in view, and nothing else", async () => {
    render(<CandleChart symbol="BTC-USD" />)
    await waitFor(() =>
      expect(drawn()).toEqual([
        'Buy limit 0.01 BTC @ 64000',
        'Position 0.01 BTC entry @ 65000',
        'Sell limit 0.005 BTC @ 70000',
      ]),
    )
    // A resting order that ends takes its line with it.
    host.emit({
      type: 'orders:updated',
      payload: order({ id: 'rest-buy', type: 'limit', limitPrice: '64000', status: 'canceled' }),
    })
    await waitFor(() =>
      expect(drawn()).toEqual(['Position 0.01 BTC entry @ 65000', 'Sell limit 0.005 BTC @ 70000']),
    )
  })
})
