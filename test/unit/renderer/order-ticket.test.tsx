import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { err, ok } from '../../../shared/result'
import type { OrderEstimate } from '../../../shared/types'
import { OrderTicket } from '../../../renderer/src/features/trade/order-ticket'
import { useLedgerStore } from '../../../renderer/src/stores/ledger-store'
import { useMarketStore } from '../../../renderer/src/stores/market-store'
import { accountStatus, connectFake, FakeTransport, order, paperAccount, snapshot } from './harness'

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
      accountId: 'paper-main',
      symbol: 'BTC-USD',
      side: 'buy',
      quantity: '0.01',
    })

    fireEvent.click(screen.getByTestId('ticket-side-sell'))
    await waitFor(() => expect(estimate.textContent).toContain('Total you receive'))
    expect(host.callsTo('orders:estimate').at(-1)).toEqual({
      accountId: 'paper-main',
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

describe('Order ticket: limit orders and the account in view', () => {
  let disconnect: () => void = () => undefined
  let host: FakeTransport

  beforeEach(async () => {
    host = new FakeTransport(
      snapshot({
        accounts: [paperAccount(), paperAccount({ id: 'paper-2', name: 'Rehearsal' })],
        accountStatuses: [accountStatus(), accountStatus({ accountId: 'paper-2' })],
      }),
    )
    host.responders['orders:estimate'] = (payload) => ok(estimateFor(payload))
    host.responders['orders:submit'] = (payload) => {
      const p = payload as { clientOrderId: string; limitPrice?: string; accountId: string }
      return ok(
        order({
          accountId: p.accountId,
          clientOrderId: p.clientOrderId,
          type: 'limit',
          limitPrice: p.limitPrice ?? null,
          status: 'open',
          filledQuantity: '0',
          averagePrice: null,
        }),
      )
    }
    disconnect = await connectFake(host)
  })

  afterEach(() => {
    cleanup()
    disconnect()
  })

  const limitHelp = () => screen.getByTestId('ticket-limit-help').textContent
  const reviewButton = () => screen.getByTestId('ticket-review') as HTMLButtonElement
  const typePrice = (text: string) =>
    fireEvent.change(screen.getByTestId('ticket-limit-price'), { target: { value: text } })

  it('checks the limit price before anything can be reviewed: a decimal on the tick size', () => {
    render(<OrderTicket />)
    expect(screen.queryByTestId('ticket-limit-price')).toBeNull()
    fireEvent.click(screen.getByTestId('ticket-type-limit'))
    typeQuantity('0.01')
    expect(reviewButton().disabled).toBe(true)
    typePrice('$64,000')
    expect(limitHelp()).toMatch(/plain decimal number such as 64250.50/)
    expect(reviewButton().disabled).toBe(true)
    typePrice('0')
    expect(limitHelp()).toMatch(/greater than zero/)
    typePrice('64000.005')
    expect(limitHelp()).toBe('BTC-USD is priced in steps of $0.01.')
    expect(reviewButton().disabled).toBe(true)
    typePrice('64000.5')
    expect(limitHelp()).toBe('The most you pay per unit.')
    expect(reviewButton().disabled).toBe(false)
  })

  it('sends a limit order with its price, after a review that names price and account', async () => {
    render(<OrderTicket />)
    fireEvent.click(screen.getByTestId('ticket-type-limit'))
    typeQuantity('0.01')
    typePrice('64000.50')
    // The bound at the limit: 0.01 × 64,000.50 = 640.005, fee at most 0.6% = 3.84.
    await waitFor(() => expect(screen.getByTestId('estimate-total').textContent).toBe('$643.85'))
    expect(screen.getByTestId('ticket-estimate').textContent).toContain('You pay at most')
    expect(screen.getByTestId('estimate-limit-note').textContent).toBe(
      'It waits on the book until the price falls to $64,000.50.',
    )
    fireEvent.click(reviewButton())
    expect(screen.getByTestId('ticket-review-panel').textContent).toMatch(
      /^Buy 0.01 BTC of BTC-USD at a limit of \$64,000.50 or lower on Paper\./,
    )
    fireEvent.click(await screen.findByTestId('ticket-confirm'))
    const result = await screen.findByTestId('ticket-result')
    expect(result.textContent).toMatch(/at a limit of \$64,000.50; it waits on the book/)
    expect(host.callsTo('orders:submit')[0]).toMatchObject({
      accountId: 'paper-main',
      symbol: 'BTC-USD',
      side: 'buy',
      type: 'limit',
      quantity: '0.01',
      limitPrice: '64000.50',
    })
  })

  it('sends a market order without a limit price', async () => {
    render(<OrderTicket />)
    fireEvent.click(screen.getByTestId('ticket-type-limit'))
    typePrice('64000.50')
    fireEvent.click(screen.getByTestId('ticket-type-market'))
    typeQuantity('0.01')
    fireEvent.click(reviewButton())
    fireEvent.click(await screen.findByTestId('ticket-confirm'))
    await screen.findByTestId('ticket-result')
    const sent = host.callsTo('orders:submit')[0] as Record<string, unknown>
    expect(sent.type).toBe('market')
    expect('limitPrice' in sent).toBe(false)
  })

  it('acts on the account in view, and a switch abandons a review', async () => {
    render(<OrderTicket />)
    expect(screen.getByTestId('ticket-account').textContent).toMatch(/On Paper/)
    typeQuantity('0.01')
    fireEvent.click(reviewButton())
    await screen.findByTestId('ticket-confirm')
    act(() => useLedgerStore.getState().selectAccount('paper-2'))
    expect(screen.queryByTestId('ticket-confirm')).toBeNull()
    expect(screen.getByTestId('ticket-account').textContent).toMatch(/On Rehearsal/)

    await waitFor(() =>
      expect(host.callsTo('orders:estimate').at(-1)).toMatchObject({ accountId: 'paper-2' }),
    )
    fireEvent.click(reviewButton())
    expect(screen.getByTestId('ticket-review-panel').textContent).toMatch(/on Rehearsal/)
    fireEvent.click(await screen.findByTestId('ticket-confirm'))
    await screen.findByTestId('ticket-result')
    expect(host.callsTo('orders:submit')).toHaveLength(1)
    expect(host.callsTo('orders:submit')[0]).toMatchObject({ accountId: 'paper-2' })
  })

  it('will not review an order for an account that is not connected, and says why', async () => {
    render(<OrderTicket />)
    typeQuantity('0.01')
    expect(reviewButton().disabled).toBe(false)
    host.emit({
      type: 'accounts:status',
      payload: accountStatus({
        connection: 'disconnected',
        message: 'Disconnected by the trader.',
      }),
    })
    await waitFor(() => expect(reviewButton().disabled).toBe(true))
    expect(screen.getByTestId('ticket-account-problem').textContent).toBe(
      'Paper is DISCONNECTED: Disconnected by the trader. Connect it on the Accounts screen.',
    )
  })
})
