import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { App } from '../../../renderer/src/app'
import { connectFake, FakeTransport, order, snapshot } from './harness'

vi.mock('lightweight-charts', async () => (await import('./chart-mock')).lightweightChartsMock())

describe('App shell', () => {
  let disconnect: () => void = () => undefined
  let host: FakeTransport

  beforeEach(async () => {
    history.replaceState(null, '', '#/')
    host = new FakeTransport(
      snapshot({
        orders: [order({ id: 'ord-7', status: 'rejected', reason: 'Trading is halted.' })],
      }),
    )
    disconnect = await connectFake(host)
  })

  afterEach(() => {
    cleanup()
    disconnect()
  })

  it('opens on the Overview and switches screens from the navigation', () => {
    render(<App />)
    expect(screen.getByTestId('cash-balance')).toBeTruthy()
    expect(screen.getByTestId('nav-overview').getAttribute('aria-current')).toBe('page')

    fireEvent.click(screen.getByTestId('nav-trade'))
    expect(screen.getByTestId('ticket-quantity')).toBeTruthy()
    expect(screen.queryByTestId('cash-balance')).toBeNull()
    expect(screen.getByTestId('nav-trade').getAttribute('aria-current')).toBe('page')
    expect(screen.getByTestId('nav-overview').getAttribute('aria-current')).toBeNull()

    fireEvent.click(screen.getByTestId('nav-orders'))
    expect(screen.getByTestId('orders-table')).toBeTruthy()
    expect(screen.getByTestId('fills-table')).toBeTruthy()
    expect(screen.queryByTestId('ticket-quantity')).toBeNull()
    expect(location.hash).toBe('#/orders')
  })

  it('offers only working screens, as real buttons', () => {
    render(<App />)
    const names = [
      'Overview',
      'Trade',
      'Orders',
      'Accounts',
      'Market',
      'Risk limits',
      'Performance',
      'Costs',
      'Alerts',
      'Bots',
      'Reports',
      'Audit',
      'Health',
      'Reconciliation',
      'Drills',
      'Roadmap',
    ]
    const items = screen.getAllByRole('button', { name: new RegExp(`^(${names.join('|')})$`) })
    expect(items.map((b) => b.textContent)).toEqual(names)
    expect(screen.getByRole('navigation').querySelectorAll('button')).toHaveLength(names.length)
  })

  it('shows each order with a status badge and its reason', () => {
    render(<App />)
    fireEvent.click(screen.getByTestId('nav-orders'))
    const row = screen.getByTestId('order-row-ord-7')
    const badge = row.querySelector('[data-testid=order-status]')
    expect(badge?.textContent).toBe('Rejected')
    expect(badge?.className).toContain('badge-rejected')
    expect(row.textContent).toContain('Trading is halted.')
  })

  it('shows the trading state of the account in the header, in words and color', async () => {
    render(<App />)
    const badge = screen.getByTestId('trading-state')
    expect(badge.textContent).toBe('ACTIVE')
    expect(badge.className).toContain('trading-active')
    host.responders['app:get-snapshot'] = () => ({
      ok: true,
      value: snapshot({ tradingStates: { 'paper-main': 'HALTED' } }),
    })
    host.handlers?.state('offline')
    host.handlers?.state('open')
    await waitFor(() => expect(screen.getByTestId('trading-state').textContent).toBe('HALTED'))
    expect(screen.getByTestId('trading-state').className).toContain('trading-halted')
    expect(screen.getByTestId('trading-state').getAttribute('title')).toMatch(/no order is sent/)
  })

  it('follows a trading-state change as it happens, without a reconnect', async () => {
    render(<App />)
    await waitFor(() => expect(screen.getByTestId('trading-state').textContent).toBe('ACTIVE'))
    host.emit({
      type: 'trading:state',
      payload: { accountId: 'paper-main', state: 'REDUCE_ONLY', global: 'ACTIVE' },
    })
    await waitFor(() => expect(screen.getByTestId('trading-state').textContent).toBe('REDUCE ONLY'))
  })

  it('shows the connection status and the equity in the header', async () => {
    render(<App />)
    expect(screen.getByTestId('connection-status').textContent).toBe('Online')
    expect(screen.getByTestId('header-equity').textContent).toBe('$10,000.00')
    host.handlers?.state('offline')
    await waitFor(() =>
      expect(screen.getByTestId('connection-status').textContent).toMatch(/Offline/),
    )
  })
})
