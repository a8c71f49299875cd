/**
 * The ticket shows the expected slippage of a market order: bps and dollars, the band, each
 * part with its units behind a disclosure, the naive formula small beside it; and the reason
 * when the engine has no estimate.
 */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { CostEstimate, CostPart } from '../../../shared/costs'
import { ok } from '../../../shared/result'
import type { OrderEstimate } from '../../../shared/types'
import { OrderTicket } from '../../../renderer/src/features/trade/order-ticket'
import { connectFake, FakeTransport, snapshot } from './harness'

vi.mock('lightweight-charts', async () => (await import('./chart-mock')).lightweightChartsMock())

const part = (bps: number, usd: number, basis: string): CostPart => ({ bps, usd, basis })

/** 0.01 BTC at a mid of 65,000: $650 of notional, so 1 bp = $0.065. */
const cost: CostEstimate = {
  ok: true,
  arrivalMid: 65_000,
  bps: 2.4,
  usd: 0.156,
  band: { lowBps: -0.3, highBps: 5.1, lowUsd: -0.0195, highUsd: 0.3315 },
  parts: {
    halfSpread: part(0.5, 0.0325, 'spread 1.00 bps'),
    volatility: part(0.3, 0.0195, 'ATR 0.050 %, σ 0.61 bps over 250 ms'),
    bookWalk: part(0, 0, 'fits in the asks shown (55.0000 visible)'),
    impact: part(1.2, 0.078, 'Y 0.70 · σ 3.14 %/day · √(2.31e-7 of 24 h volume)'),
    timeOfDay: part(0.25, 0.01625, 'activity ×0.64 of average'),
    regime: part(0.15, 0.00975, 'volatile: ATR 1.30× its longer average'),
  },
  sizeMethod: 'book-walk',
  visibleQuantity: 55,
  participation: 2.31e-7,
  spreadBps: 1.2,
  dailyVolatility: 0.031,
  regime: 'volatile',
  naiveBps: 3.03,
}

function estimate(payload: unknown, expectedCost: CostEstimate): OrderEstimate {
  const { symbol, side, quantity } = payload as Pick<OrderEstimate, 'symbol' | 'side' | 'quantity'>
  return {
    symbol,
    side,
    quantity,
    price: '65003.25',
    notional: '650.0325',
    fee: '3.90',
    feeRate: '0.006',
    total: '653.9325',
    expectedCost,
  }
}

describe('expected slippage on the ticket', () => {
  let disconnect: () => void = () => undefined
  let host: FakeTransport

  beforeEach(async () => {
    host = new FakeTransport(snapshot())
    disconnect = await connectFake(host)
  })
  afterEach(() => {
    cleanup()
    disconnect()
  })

  it('shows the cost in bps and dollars, the band, and each part with units', async () => {
    host.responders['orders:estimate'] = (payload) => ok(estimate(payload, cost))
    render(<OrderTicket />)
    fireEvent.change(screen.getByTestId('ticket-quantity'), { target: { value: '0.01' } })
    const value = await screen.findByTestId('estimate-cost-value')
    expect(value.textContent).toBe('2.40 bps ($0.16)')
    expect(screen.getByTestId('estimate-cost-band').textContent).toBe('−0.30 to 5.10 bps')
    expect(screen.getByTestId('estimate-cost-naive').textContent).toBe('naive formula: 3.03 bps')

    const breakdown = screen.getByTestId('cost-breakdown') as HTMLDetailsElement
    expect(breakdown.open).toBe(false)
    fireEvent.click(within(breakdown).getByText(/how it adds up/))
    const rows = Object.fromEntries(
      ['halfSpread', 'volatility', 'bookWalk', 'impact', 'timeOfDay', 'regime'].map((key) => [
        key,
        screen.getByTestId(`cost-part-${key}`).textContent,
      ]),
    )
    expect(rows).toEqual({
      halfSpread: 'Half-spreadspread 1.00 bps0.50 bps$0.03',
      volatility: 'Volatility (ATR)ATR 0.050 %, σ 0.61 bps over 250 ms0.30 bps$0.02',
      bookWalk: 'Book walkfits in the asks shown (55.0000 visible)0.00 bps$0.00',
      impact: 'Size: √ impactY 0.70 · σ 3.14 %/day · √(2.31e-7 of 24 h volume)1.20 bps$0.08',
      timeOfDay: 'Time of dayactivity ×0.64 of average0.25 bps$0.02',
      regime: 'Regimevolatile: ATR 1.30× its longer average0.15 bps<$0.01',
    })
    expect(breakdown.textContent).toContain('The band is −$0.02 to $0.33')
  })

  it('says why there is no estimate', async () => {
    host.responders['orders:estimate'] = (payload) =>
      ok(
        estimate(payload, {
          ok: false,
          reason: 'No cost estimate: no ATR yet (it needs 15 one-minute candles).',
        }),
      )
    render(<OrderTicket />)
    fireEvent.change(screen.getByTestId('ticket-quantity'), { target: { value: '0.01' } })
    await waitFor(() =>
      expect(screen.getByTestId('estimate-cost-unavailable').textContent).toBe(
        'Expected slippage unavailable. Why: no ATR yet (it needs 15 one-minute candles).',
      ),
    )
    expect(screen.queryByTestId('estimate-cost-value')).toBeNull()
  })
})
