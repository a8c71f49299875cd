/**
 * What the Orders screen lets a trader do with the orders in view: narrow them to the open ones,
 * read a long reason on one line and open its full text by keyboard, see each order's client
 * order id, and cancel every open order after a confirmation that lists them.
 */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { err, ok } from '../../../shared/result'
import type { Order } from '../../../shared/types'
import { OrdersScreen } from '../../../renderer/src/features/orders/orders-screen'
import { accountStatus, connectFake, FakeTransport, order, paperAccount, snapshot } from './harness'

const LONG_REASON =
  'Order value $657,139.50 is above the per-order maximum of $5,000.00. BTC-USD position would be $657,139.50, above the per-symbol maximum of $5,000.00. Insufficient balance: need $661,082.34 including fee, have $9,688.11.'

const openOrder = (id: string, overrides: Partial<Order> = {}): Order =>
  order({
    id,
    clientOrderId: `bot-grid-${id}`,
    type: 'limit',
    limitPrice: '60000.00',
    status: 'open',
    filledQuantity: '0',
    averagePrice: null,
    fee: '0',
    ...overrides,
  })

const OPEN_A = openOrder('ord-a', { seq: 5 })
const OPEN_B = openOrder('ord-b', { side: 'sell', limitPrice: '70000.00', seq: 4 })
const OPEN_OTHER = openOrder('ord-other', { accountId: 'paper-2', symbol: 'ETH-USD', seq: 3 })
const REJECTED = order({
  id: 'ord-rejected',
  clientOrderId: 'bot-oversized-7',
  quantity: '10',
  status: 'rejected',
  filledQuantity: '0',
  averagePrice: null,
  fee: '0',
  reason: LONG_REASON,
  seq: 2,
})
const FILLED = order({ id: 'ord-filled', seq: 1 })

const rowIds = () =>
  [...screen.getByTestId('orders-table').querySelectorAll('[data-testid^="order-row-"]')].map((r) =>
    r.getAttribute('data-testid')?.replace('order-row-', ''),
  )

describe('Orders you can act on', () => {
  let disconnect: () => void = () => undefined
  let host: FakeTransport

  beforeEach(async () => {
    host = new FakeTransport(
      snapshot({
        accounts: [paperAccount(), paperAccount({ id: 'paper-2', name: 'Rehearsal' })],
        accountStatuses: [accountStatus(), accountStatus({ accountId: 'paper-2' })],
        orders: [OPEN_A, OPEN_B, OPEN_OTHER, REJECTED, FILLED],
      }),
    )
    disconnect = await connectFake(host)
  })

  afterEach(() => {
    cleanup()
    disconnect()
  })

  it('narrows the table to the open orders and back', () => {
    render(<OrdersScreen />)
    expect(rowIds()).toEqual(['ord-a', 'ord-b', 'ord-rejected', 'ord-filled'])
    const filter = screen.getByTestId('orders-filter-open')
    expect(filter.textContent).toBe('Open orders (2)')
    fireEvent.click(filter)
    expect(filter.getAttribute('aria-pressed')).toBe('true')
    expect(rowIds()).toEqual(['ord-a', 'ord-b'])
    fireEvent.click(screen.getByTestId('orders-filter-all'))
    expect(rowIds()).toHaveLength(4)
  })

  it('after Cancel all, the open filter says nothing waits and Cancel all is off', async () => {
    host.responders['orders:cancel'] = (payload) => {
      const { id } = payload as { id: string }
      const o = [OPEN_A, OPEN_B].find((x) => x.id === id) as Order
      return ok({ ...o, status: 'canceled', updatedAt: o.updatedAt + 1 })
    }
    render(<OrdersScreen />)
    fireEvent.click(screen.getByTestId('orders-filter-open'))
    fireEvent.click(screen.getByTestId('orders-cancel-all'))
    fireEvent.click(screen.getByTestId('confirm-ok'))
    await waitFor(() =>
      expect(screen.getByTestId('orders-table').textContent).toContain(
        'No open orders: nothing is waiting to fill.',
      ),
    )
    expect((screen.getByTestId('orders-cancel-all') as HTMLButtonElement).disabled).toBe(true)
  })

  it('shows a long reason on one line and its full text, with the ids, from a button', () => {
    render(<OrdersScreen />)
    const row = within(screen.getByTestId('order-row-ord-rejected'))
    const line = row.getByTestId('order-reason')
    expect(line.textContent).toBe(LONG_REASON)
    expect(line.className).toBe('order-reason-text')
    expect(row.getByTestId('order-client-id').textContent).toBe('bot-oversized-7')
    expect(screen.queryByTestId('order-detail-ord-rejected')).toBeNull()

    const toggle = row.getByTestId('order-details-toggle')
    expect(toggle.tagName).toBe('BUTTON')
    expect(toggle.getAttribute('aria-expanded')).toBe('false')
    fireEvent.click(toggle)
    expect(toggle.getAttribute('aria-expanded')).toBe('true')
    const detail = screen.getByTestId('order-detail-ord-rejected')
    expect(toggle.getAttribute('aria-controls')).toBe(detail.id)
    expect(detail.textContent).toContain(`Reason: ${LONG_REASON}`)
    expect(detail.textContent).toContain(
      'Account: Paper · Client order id: bot-oversized-7 · Order id: ord-rejected',
    )
    fireEvent.click(toggle)
    expect(screen.queryByTestId('order-detail-ord-rejected')).toBeNull()
  })

  it('lists what Cancel all cancels, then cancels each, in this account only', async () => {
    host.responders['orders:cancel'] = (payload) => {
      const { id } = payload as { id: string }
      const o = [OPEN_A, OPEN_B].find((x) => x.id === id) as Order
      return ok({ ...o, status: 'canceled', updatedAt: o.updatedAt + 1 })
    }
    render(<OrdersScreen />)
    fireEvent.click(screen.getByTestId('orders-cancel-all'))
    const dialog = screen.getByTestId('cancel-all-dialog')
    expect(dialog.textContent).toContain('Cancel all 2 open orders of Paper?')
    expect(
      within(dialog)
        .getAllByTestId('cancel-all-item')
        .map((li) => li.textContent),
    ).toEqual([
      'Buy 0.01 BTC of BTC-USD at a limit of $60,000.00 on Paper (client id bot-grid-ord-a)',
      'Sell 0.01 BTC of BTC-USD at a limit of $70,000.00 on Paper (client id bot-grid-ord-b)',
    ])
    expect(host.callsTo('orders:cancel')).toHaveLength(0)

    fireEvent.click(within(dialog).getByTestId('confirm-ok'))
    await waitFor(() => expect(screen.queryByTestId('cancel-all-dialog')).toBeNull())
    expect(host.callsTo('orders:cancel')).toEqual([
      { accountId: 'paper-main', id: 'ord-a' },
      { accountId: 'paper-main', id: 'ord-b' },
    ])
    for (const id of ['ord-a', 'ord-b'])
      expect(
        within(screen.getByTestId(`order-row-${id}`)).getByTestId('order-status').textContent,
      ).toBe('Canceled')
  })

  it('covers every account under All accounts, and names an order it could not cancel', async () => {
    host.responders['orders:cancel'] = (payload) => {
      const { id } = payload as { id: string }
      if (id === 'ord-b') return err('BROKER_ERROR', 'The broker did not answer within 10 s')
      const o = [OPEN_A, OPEN_OTHER].find((x) => x.id === id) as Order
      return ok({ ...o, status: 'canceled', updatedAt: o.updatedAt + 1 })
    }
    render(<OrdersScreen />)
    fireEvent.click(screen.getByTestId('scope-all'))
    fireEvent.click(screen.getByTestId('orders-cancel-all'))
    const dialog = screen.getByTestId('cancel-all-dialog')
    expect(dialog.textContent).toContain('Cancel all 3 open orders in every account?')
    expect(within(dialog).getAllByTestId('cancel-all-item')[2]?.textContent).toBe(
      'Buy 0.01 ETH of ETH-USD at a limit of $60,000.00 on Rehearsal (client id bot-grid-ord-other)',
    )
    fireEvent.click(within(dialog).getByTestId('confirm-ok'))
    expect((await screen.findByTestId('confirm-error')).textContent).toBe(
      '2 of 3 canceled. Not canceled: Sell 0.01 BTC of BTC-USD at a limit of $70,000.00 on Paper: The broker did not answer within 10 s',
    )
    expect(host.callsTo('orders:cancel')).toHaveLength(3)
  })
})
