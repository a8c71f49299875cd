import { cleanup, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ok } from '../../../shared/result'
import { CandleChart } from '../../../renderer/src/charts/candle-chart'
import { chartCalls } from './chart-mock'
import { candle, connectFake, FakeTransport, snapshot } from './harness'

vi.mock('lightweight-charts', async () => (await import('./chart-mock')).lightweightChartsMock())

const MINUTE = 60_000
const T0 = 1_700_000_040_000

describe('Candle chart', () => {
  let disconnect: () => void = () => undefined
  let host: FakeTransport

  beforeEach(async () => {
    chartCalls.reset()
    host = new FakeTransport(snapshot())
    host.responders['market:get-candles'] = (payload) => {
      const { symbol } = payload as { symbol: 'BTC-USD' | 'ETH-USD' }
      const base = symbol === 'BTC-USD' ? 65_000 : 3_200
      return ok([candle(symbol, T0 + MINUTE, base + 1), candle(symbol, T0, base)])
    }
    disconnect = await connectFake(host)
  })

  afterEach(() => {
    cleanup()
    disconnect()
  })

  it('loads 240 candles of history and draws them in seconds, oldest first', async () => {
    render(<CandleChart symbol="BTC-USD" />)
    await waitFor(() => expect(chartCalls.setData.at(-1)).toHaveLength(2))
    expect(host.callsTo('market:get-candles')).toEqual([{ symbol: 'BTC-USD', limit: 240 }])
    expect(chartCalls.setData.at(-1)).toEqual([
      { time: T0 / 1000, open: 64_990, high: 65_005, low: 64_985, close: 65_000 },
      { time: (T0 + MINUTE) / 1000, open: 64_991, high: 65_006, low: 64_986, close: 65_001 },
    ])
  })

  it('applies live candles of its symbol as updates, not redraws', async () => {
    render(<CandleChart symbol="BTC-USD" />)
    await waitFor(() => expect(chartCalls.setData.at(-1)).toHaveLength(2))
    const redraws = chartCalls.setData.length
    host.emit({ type: 'market:candle', payload: candle('BTC-USD', T0 + 2 * MINUTE, 65_100) })
    host.emit({ type: 'market:candle', payload: candle('ETH-USD', T0 + 2 * MINUTE, 3_300) })
    await waitFor(() => expect(chartCalls.update).toHaveLength(1))
    expect(chartCalls.update[0]).toMatchObject({ time: (T0 + 2 * MINUTE) / 1000, close: 65_100 })
    expect(chartCalls.setData).toHaveLength(redraws)
  })

  it('loads and draws the new symbol when it changes', async () => {
    const { rerender } = render(<CandleChart symbol="BTC-USD" />)
    await waitFor(() => expect(chartCalls.setData.at(-1)).toHaveLength(2))
    rerender(<CandleChart symbol="ETH-USD" />)
    await waitFor(() => expect(chartCalls.setData.at(-1)?.[0]).toMatchObject({ close: 3_200 }))
    expect(host.callsTo('market:get-candles').at(-1)).toEqual({ symbol: 'ETH-USD', limit: 240 })
  })
})
