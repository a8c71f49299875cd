import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { err, ok } from '../../../shared/result'
import type { OrderEstimate } from '../../../shared/types'
import { OrderTicket } from '../../../renderer/src/features/trade/order-ticket'
import { useMarketStore } from '../../../renderer/src/stores/market-store'
import { connectFake, FakeTransport, order, snapshot } from './harness'

vi.mock('lightweight-charts', async () => (await import('./chart-mock')).lightweightChartsMock())

function estimateFor(payload: unknown): OrderEstimate {
  const { symbol, side, quantity } = payload as {
    symbol: OrderEstimate['symbol']
    side: 'buy' | 'sell'
    quantity: string
  }
  return {
    symbol,
    side,
    quantity,
    price: '65012.34',
    notional: '650.1234',
    fee: '3.90',
    feeRate: '0.006',
    total: '654.0234',
  }
}

function typeQuantity(text: string): void {
  fireEvent.change(screen.getByTestId('ticket-quantity'), { target: { value: text } })
}

describe('Order ticket', () => {
  let disconnect: () => void = () => undefined
  let host: FakeTransport

  beforeEach(async () => {
    host = new FakeTransport(snapshot())
    host.responders['orders:estimate'] = (payload) => ok(estimateFor(payload))
    disconnect = await connectFake(host)
  })

  afterEach(() => {
    cleanup()
    disconnect()
  })

  it('explains a bad quantity and will not review it', async () => {
    render(<OrderTicket />)
    typeQuantity('abc')
    expect(screen.getByTestId('ticket-quantity-error').textContent).toMatch(/plain decimal number/)
    expect((screen.getByTestId('ticket-review') as HTMLButtonElement).disabled).toBe(true)
    typeQuantity('0')
    expect(screen.getByTestId('ticket-quantity-error').textContent).toMatch(/greater than zero/)
    typeQuantity('0.000001')
    expect(screen.getByTestId('ticket-quantity-error').textContent).toMatch(/steps of 0.00001 BTC/)
    typeQuantity('0.01')
    expect(screen.getByTestId('ticket-quantity-error').textContent).toBe('')
    expect((screen.getByTestId('ticket-review') as HTMLButtonElement).disabled).toBe(false)
  })

  it('shows the live estimate with units for the typed quantity and side', async () => {
    render(<OrderTicket />)
    typeQuantity('0.01')
    const estimate = screen.getByTestId('ticket-estimate')
    await waitFor(() => expect(estimate.textContent).toContain('$65,012.34'))
    expect(estimate.textContent).toContain('$650.12')
    expect(estimate.textContent).toContain('Fee (0.60%)')
    expect(estimate.textContent).toContain('$3.90')
    expect(estimate.textContent).toContain('Total you pay$654.02')
    expect(host.callsTo('orders:estimate').at(-1)).toEqual({
      symbol: 'BTC-USD',
      side: 'buy',
      quantity: '0.01',
    })

    fireEvent.click(screen.getByTestId('ticket-side-sell'))
    await waitFor(() => expect(estimate.textContent).toContain('Total you receive'))
    expect(host.callsTo('orders:estimate').at(-1)).toEqual({
      symbol: 'BTC-USD',
      side: 'sell',
      quantity: '0.01',
    })
  })

  it('sends nothing until Review and then Confirm, and shows the fill', async () => {
    host.responders['orders:submit'] = (payload) =>
      ok(order({ clientOrderId: (payload as { clientOrderId: string }).clientOrderId }))
    render(<OrderTicket />)
    typeQuantity('0.01')
    expect(screen.queryByTestId('ticket-confirm')).toBeNull()

    fireEvent.click(screen.getByTestId('ticket-review'))
    const confirm = await screen.findByTestId('ticket-confirm')
    expect(host.callsTo('orders:submit')).toHaveLength(0)

    fireEvent.click(confirm)
    const result = await screen.findByTestId('ticket-result')
    expect(result.textContent).toBe('Filled 0.01 BTC-USD at $65,012.34, fee $3.90')
    const sent = host.callsTo('orders:submit')
    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatchObject({
      symbol: 'BTC-USD',
      side: 'buy',
      type: 'market',
      quantity: '0.01',
    })
    expect((sent[0] as { clientOrderId: string }).clientOrderId).toMatch(/^ticket-[0-9a-f]{16}$/)
  })

  it('shows the reason when the order is rejected', async () => {
    host.responders['orders:submit'] = () =>
      err('GATE_REJECTED', 'Insufficient balance: need $650,123.40, have $10,000.00')
    render(<OrderTicket />)
    typeQuantity('10')
    fireEvent.click(screen.getByTestId('ticket-review'))
    fireEvent.click(await screen.findByTestId('ticket-confirm'))
    const result = await screen.findByTestId('ticket-result')
    expect(result.textContent).toBe(
      'Rejected: Insufficient balance: need $650,123.40, have $10,000.00',
    )
    expect(result.getAttribute('role')).toBe('alert')
    expect(screen.queryByTestId('ticket-confirm')).toBeNull()
  })

  it('retries a lost submission with the same client order id', async () => {
    let attempt = 0
    host.responders['orders:submit'] = (payload) => {
      attempt += 1
      return attempt === 1
        ? err('UNAVAILABLE', 'The connection to Vigil was lost before it answered.')
        : ok(order({ clientOrderId: (payload as { clientOrderId: string }).clientOrderId }))
    }
    render(<OrderTicket />)
    typeQuantity('0.01')
    fireEvent.click(screen.getByTestId('ticket-review'))
    fireEvent.click(await screen.findByTestId('ticket-confirm'))
    await screen.findByText(/Press Confirm again to retry/)
    fireEvent.click(screen.getByTestId('ticket-confirm'))
    await screen.findByTestId('ticket-result')
    const ids = host
      .callsTo('orders:submit')
      .map((p) => (p as { clientOrderId: string }).clientOrderId)
    expect(ids).toHaveLength(2)
    expect(ids[1]).toBe(ids[0])
  })

  it('follows an order that is still open until it fills', async () => {
    host.responders['orders:submit'] = () =>
      ok(order({ status: 'open', filledQuantity: '0', averagePrice: null }))
    render(<OrderTicket />)
    typeQuantity('0.01')
    fireEvent.click(screen.getByTestId('ticket-review'))
    fireEvent.click(await screen.findByTestId('ticket-confirm'))
    const result = await screen.findByTestId('ticket-result')
    expect(result.textContent).toMatch(/waiting for the fill/)
    host.emit({ type: 'orders:updated', payload: order({ updatedAt: 1_700_000_000_500 }) })
    await waitFor(() =>
      expect(result.textContent).toBe('Filled 0.01 BTC-USD at $65,012.34, fee $3.90'),
    )
  })

  it('trades the symbol chosen in the ticket, which the chart follows', async () => {
    host.responders['orders:submit'] = () => ok(order({ symbol: 'ETH-USD' }))
    render(<OrderTicket />)
    fireEvent.change(screen.getByTestId('ticket-symbol'), { target: { value: 'ETH-USD' } })
    expect(useMarketStore.getState().selectedSymbol).toBe('ETH-USD')
    typeQuantity('0.5')
    fireEvent.click(screen.getByTestId('ticket-review'))
    fireEvent.click(await screen.findByTestId('ticket-confirm'))
    await screen.findByTestId('ticket-result')
    expect(host.callsTo('orders:submit')[0]).toMatchObject({ symbol: 'ETH-USD', quantity: '0.5' })
  })

  it('abandons a review when the chart switches to another symbol', async () => {
    render(<OrderTicket />)
    typeQuantity('0.01')
    fireEvent.click(screen.getByTestId('ticket-review'))
    await screen.findByTestId('ticket-confirm')
    act(() => useMarketStore.getState().selectSymbol('ETH-USD'))
    expect(screen.queryByTestId('ticket-confirm')).toBeNull()
    expect(host.callsTo('orders:submit')).toHaveLength(0)
  })
})
