import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { err, ok } from '../../../shared/result'
import { OrdersScreen } from '../../../renderer/src/features/orders/orders-screen'
import { useLedgerStore } from '../../../renderer/src/stores/ledger-store'
import {
  accountStatus,
  connectFake,
  FakeTransport,
  fill,
  order,
  paperAccount,
  snapshot,
} from './harness'

const OPEN = order({
  id: 'ord-open',
  type: 'limit',
  limitPrice: '60000.00',
  status: 'open',
  filledQuantity: '0',
  averagePrice: null,
  fee: '0',
  createdAt: 1_700_000_000_300,
})
const FILLED = order({ id: 'ord-filled', createdAt: 1_700_000_000_200 })
const STRATEGY = order({
  id: 'ord-strategy',
  accountId: 'paper-2',
  source: 'strategy',
  createdAt: 1_700_000_000_100,
})

describe('Orders screen', () => {
  let disconnect: () => void = () => undefined
  let host: FakeTransport

  beforeEach(async () => {
    host = new FakeTransport(
      snapshot({
        accounts: [paperAccount(), paperAccount({ id: 'paper-2', name: 'Rehearsal' })],
        accountStatuses: [accountStatus(), accountStatus({ accountId: 'paper-2' })],
        orders: [OPEN, FILLED, STRATEGY],
        fills: [fill({ orderId: 'ord-filled' }), fill({ id: 'fill-2', accountId: 'paper-2' })],
      }),
    )
    disconnect = await connectFake(host)
  })

  afterEach(() => {
    cleanup()
    disconnect()
  })

  const rowIds = () =>
    [...screen.getByTestId('orders-table').querySelectorAll('[data-testid^="order-row-"]')].map(
      (r) => r.getAttribute('data-testid'),
    )

  it('shows the account in view, or every account with an account column', () => {
    render(<OrdersScreen />)
    expect(rowIds()).toEqual(['order-row-ord-open', 'order-row-ord-filled'])
    expect(screen.getByTestId('fills-table').querySelectorAll('tbody tr')).toHaveLength(1)

    fireEvent.click(screen.getByTestId('scope-all'))
    expect(rowIds()).toEqual([
      'order-row-ord-open',
      'order-row-ord-filled',
      'order-row-ord-strategy',
    ])
    const strategyRow = within(screen.getByTestId('order-row-ord-strategy'))
    expect(strategyRow.getByTestId('order-account').textContent).toBe('Rehearsal')
    expect(strategyRow.getByTestId('order-source').textContent).toBe('Strategy')
    expect(screen.getByTestId('fills-table').querySelectorAll('tbody tr')).toHaveLength(2)

    fireEvent.click(screen.getByTestId('scope-account'))
    expect(rowIds()).toHaveLength(2)
  })

  it('follows the account chosen in the header', async () => {
    render(<OrdersScreen />)
    act(() => useLedgerStore.getState().selectAccount('paper-2'))
    await waitFor(() => expect(rowIds()).toEqual(['order-row-ord-strategy']))
  })

  it('offers Cancel on open orders only, with the price type shown', () => {
    render(<OrdersScreen />)
    const open = within(screen.getByTestId('order-row-ord-open'))
    expect(open.getByTestId('order-side-type').textContent).toBe('Buy limit $60,000.00')
    expect(open.getByTestId('order-cancel')).toBeTruthy()
    expect(
      within(screen.getByTestId('order-row-ord-filled')).queryByTestId('order-cancel'),
    ).toBeNull()
  })

  it('asks before canceling, and sends nothing when the trader keeps the order', async () => {
    host.responders['orders:cancel'] = () =>
      ok({ ...OPEN, status: 'canceled', updatedAt: OPEN.updatedAt + 1 })
    render(<OrdersScreen />)
    const row = within(screen.getByTestId('order-row-ord-open'))

    fireEvent.click(row.getByTestId('order-cancel'))
    const dialog = screen.getByTestId('confirm-dialog')
    expect(dialog.textContent).toMatch(
      /Buy 0.01 BTC of BTC-USD at a limit of \$60,000.00 on Paper. Nothing has filled yet./,
    )
    fireEvent.click(within(dialog).getByTestId('confirm-cancel'))
    expect(host.callsTo('orders:cancel')).toHaveLength(0)
    expect(row.getByTestId('order-status').textContent).toBe('Open')

    fireEvent.click(row.getByTestId('order-cancel'))
    fireEvent.click(screen.getByTestId('confirm-ok'))
    await waitFor(() => expect(row.getByTestId('order-status').textContent).toBe('Canceled'))
    expect(host.callsTo('orders:cancel')).toEqual([{ accountId: 'paper-main', id: 'ord-open' }])
    expect(screen.queryByTestId('confirm-dialog')).toBeNull()
    expect(row.queryByTestId('order-cancel')).toBeNull()
  })

  it('keeps the dialog open with the reason when the cancel fails', async () => {
    host.responders['orders:cancel'] = () =>
      err('BROKER_ERROR', 'The broker did not cancel order ord-open: timeout after 10 s')
    render(<OrdersScreen />)
    fireEvent.click(within(screen.getByTestId('order-row-ord-open')).getByTestId('order-cancel'))
    fireEvent.click(screen.getByTestId('confirm-ok'))
    expect((await screen.findByTestId('confirm-error')).textContent).toBe(
      'The broker did not cancel order ord-open: timeout after 10 s',
    )
    expect(screen.getByTestId('confirm-dialog')).toBeTruthy()
  })
})
