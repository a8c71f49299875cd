import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { OverviewScreen } from '../../../renderer/src/features/overview/overview-screen'
import {
  accountStatus,
  balance,
  connectFake,
  FakeTransport,
  fill,
  order,
  paperAccount,
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

describe('Overview of all accounts', () => {
  let disconnect: () => void = () => undefined
  let host: FakeTransport

  beforeEach(async () => {
    host = new FakeTransport(
      snapshot({
        accounts: [
          paperAccount(),
          paperAccount({ id: 'paper-2', name: 'Rehearsal' }),
          paperAccount({
            id: 'paper-live',
            name: 'Live paper',
            priceSource: 'live',
            exchangeId: 'coinbase',
          }),
        ],
        accountStatuses: [
          accountStatus(),
          accountStatus({ accountId: 'paper-2' }),
          accountStatus({
            accountId: 'paper-live',
            prices: { source: 'live', online: true, message: null },
          }),
        ],
        balances: [
          balance('10000.10'),
          { accountId: 'paper-2', asset: 'USD', total: '2500.20', available: '2500.20' },
          { accountId: 'paper-live', asset: 'USD', total: '1000.00', available: '1000.00' },
        ],
        positions: [
          position('BTC-USD', '0.01', '60000'),
          { ...position('BTC-USD', '0.03', '64000'), accountId: 'paper-2' },
          { ...position('BTC-USD', '0.01', '65000'), accountId: 'paper-live' },
        ],
        quotes: [
          quote('BTC-USD', '65000.00'),
          { ...quote('BTC-USD', '66000.00'), source: 'coinbase' },
        ],
      }),
    )
    disconnect = await connectFake(host)
  })

  afterEach(() => {
    cleanup()
    disconnect()
  })

  it('sums cash, equity and positions over every account, with a line per account', () => {
    render(<OverviewScreen />)
    expect(screen.getByTestId('cash-balance').textContent).toBe('$10,000.10')
    fireEvent.click(screen.getByTestId('scope-all'))

    // Cash 10,000.10 + 2,500.20 + 1,000.00; positions 0.04 × 65,000 + 0.01 × 66,000 (live).
    expect(screen.getByTestId('cash-balance').textContent).toBe('$13,500.30')
    expect(screen.getByTestId('equity').textContent).toBe('$16,760.30')
    // 0.01 × 5,000 + 0.03 × 1,000 + 0.01 × 1,000
    expect(screen.getByTestId('unrealized-pnl').textContent).toBe('+$90.00')

    const rehearsal = within(screen.getByTestId('account-row-paper-2'))
    expect(rehearsal.getByTestId('account-cash').textContent).toBe('$2,500.20')
    expect(rehearsal.getByTestId('account-equity').textContent).toBe('$4,450.20')
    // The live-priced account is valued at its own exchange's price.
    expect(
      within(screen.getByTestId('account-row-paper-live')).getByTestId('account-equity')
        .textContent,
    ).toBe('$1,660.00')
    expect(
      within(screen.getByTestId('position-row-BTC-USD')).getByTestId('position-qty').textContent,
    ).toBe('0.05 BTC')
  })

  it('opens one account from the table', () => {
    render(<OverviewScreen />)
    fireEvent.click(screen.getByTestId('scope-all'))
    fireEvent.click(within(screen.getByTestId('account-row-paper-2')).getByText('Show'))
    expect(screen.getByTestId('cash-balance').textContent).toBe('$2,500.20')
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Overview · Rehearsal')
  })
})

describe('Overview: realized profit and loss', () => {
  let disconnect: () => void = () => undefined
  const now = Date.now()
  const midnight = new Date(now)
  midnight.setHours(0, 0, 0, 0)

  beforeEach(async () => {
    disconnect = await connectFake(
      new FakeTransport(
        snapshot({
          positions: [
            { ...position('BTC-USD', '0', '0'), realizedPnl: '31.10' },
            { ...position('ETH-USD', '0.5', '3000'), realizedPnl: '-2.40' },
          ],
          fills: [
            // Yesterday's sell is in the all-time figure only.
            fill({ id: 'f-old', side: 'sell', realizedPnl: '40.00', ts: midnight.getTime() - 1 }),
            fill({ id: 'f-1', realizedPnl: '-3.90', ts: midnight.getTime() + 1 }),
            fill({ id: 'f-2', side: 'sell', realizedPnl: '-5.00', ts: now - 1 }),
            fill({ id: 'f-3', symbol: 'ETH-USD', realizedPnl: '-2.40', ts: now - 2 }),
          ],
        }),
      ),
    )
  })

  afterEach(() => {
    cleanup()
    disconnect()
  })

  it("shows today's realized PnL from today's fills and the all-time figure from the ledger", () => {
    render(<OverviewScreen />)
    // Today: −3.90 − 5.00 − 2.40 = −11.30; all time: 31.10 − 2.40 = 28.70.
    expect(screen.getByTestId('realized-today').textContent).toBe('-$11.30')
    expect(screen.getByTestId('realized-total').textContent).toBe('+$28.70')
  })

  it("withholds today's figure when the kept fills do not reach back to midnight", async () => {
    cleanup()
    disconnect()
    const busy = Array.from({ length: 1_000 }, (_, i) =>
      fill({ id: `b-${i}`, realizedPnl: '-0.01', ts: Math.max(midnight.getTime(), now - i) }),
    )
    disconnect = await connectFake(new FakeTransport(snapshot({ fills: busy })))
    render(<OverviewScreen />)
    expect(screen.getByTestId('realized-today').textContent).toBe('—')
    expect(
      screen.getByText(/More than 1,000 fills today; Performance has the day's figures\./),
    ).toBeTruthy()
  })
})
