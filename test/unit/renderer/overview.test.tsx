import { cleanup, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { OverviewScreen } from '../../../renderer/src/features/overview/overview-screen'
import {
  balance,
  connectFake,
  FakeTransport,
  fill,
  order,
  position,
  quote,
  snapshot,
} from './harness'

vi.mock('lightweight-charts', async () => (await import('./chart-mock')).lightweightChartsMock())

describe('Overview fed by the snapshot and events', () => {
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

  it('shows the snapshot cash and equity and no positions', () => {
    render(<OverviewScreen />)
    expect(screen.getByTestId('cash-balance').textContent).toBe('$10,000.00')
    expect(screen.getByTestId('equity').textContent).toBe('$10,000.00')
    expect(screen.getByTestId('positions-table').textContent).toContain('No open positions')
  })

  it('shows a position once a fill and a position event arrive, valued at the last price', async () => {
    render(<OverviewScreen />)
    host.emit(
      { type: 'orders:updated', payload: order() },
      { type: 'fills:created', payload: fill() },
      { type: 'ledger:position', payload: position('BTC-USD', '0.01', '65012.34') },
      { type: 'ledger:balance', payload: balance('9346.0366') },
    )
    const row = await screen.findByTestId('position-row-BTC-USD')
    expect(within(row).getByTestId('position-qty').textContent).toBe('0.01 BTC')
    expect(row.textContent).toContain('$65,012.34')
    expect(screen.getByTestId('cash-balance').textContent).toBe('$9,346.04')
    // 9346.0366 + 0.01 × 65000 = 9996.0366; unrealized 0.01 × (65000 − 65012.34) = −0.1234
    expect(screen.getByTestId('equity').textContent).toBe('$9,996.04')
    expect(screen.getByTestId('unrealized-pnl').textContent).toBe('-$0.12')

    host.emit({ type: 'market:quote', payload: quote('BTC-USD', '66000.00') })
    await waitFor(() => expect(screen.getByTestId('equity').textContent).toBe('$10,006.04'))
    expect(screen.getByTestId('unrealized-pnl').textContent).toBe('+$9.88')
    expect(screen.getByTestId('position-row-BTC-USD').textContent).toContain('$660.00')
  })

  it('drops a position from the table when it is closed', async () => {
    render(<OverviewScreen />)
    host.emit({ type: 'ledger:position', payload: position('ETH-USD', '1.5', '3000') })
    await screen.findByTestId('position-row-ETH-USD')
    host.emit({ type: 'ledger:position', payload: position('ETH-USD', '0', '0') })
    await waitFor(() => expect(screen.queryByTestId('position-row-ETH-USD')).toBeNull())
  })

  it('resets from a new snapshot after a reconnect instead of keeping stale rows', async () => {
    render(<OverviewScreen />)
    host.emit({ type: 'ledger:position', payload: position('ETH-USD', '1.5', '3000') })
    await screen.findByTestId('position-row-ETH-USD')
    host.responders['app:get-snapshot'] = () => ({
      ok: true,
      value: snapshot({
        balances: [balance('5000.00')],
        positions: [position('SOL-USD', '2', '150')],
      }),
    })
    host.handlers?.state('offline')
    host.handlers?.state('open')
    await screen.findByTestId('position-row-SOL-USD')
    expect(screen.queryByTestId('position-row-ETH-USD')).toBeNull()
    expect(screen.getByTestId('cash-balance').textContent).toBe('$5,000.00')
  })
})
