/**
 * The Close button of a position, on Overview and on Trade: it asks first, saying what it sells
 * or buys at market, how much and about how many dollars, then places the closing market order
 * through the gate; a refusal is shown in the gate's own words and the position stays.
 */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { err, ok } from '../../../shared/result'
import { OverviewScreen } from '../../../renderer/src/features/overview/overview-screen'
import { TradeScreen } from '../../../renderer/src/features/trade/trade-screen'
import { connectFake, FakeTransport, order, position, quote, snapshot } from './harness'

vi.mock('lightweight-charts', async () => (await import('./chart-mock')).lightweightChartsMock())

const HALT_REFUSAL =
  'Trading is HALTED for this account: no order is sent until trading is resumed on the Risk limits screen.'

describe('Close a position', () => {
  let disconnect: () => void = () => undefined
  let host: FakeTransport

  beforeEach(async () => {
    host = new FakeTransport(
      snapshot({
        positions: [position('BTC-USD', '0.25', '64000.00')],
        quotes: [quote('BTC-USD', '66000.00')],
      }),
    )
    disconnect = await connectFake(host)
  })

  afterEach(() => {
    cleanup()
    disconnect()
  })

  it('on Overview: says what it sells at market and its value, then sends the market order', async () => {
    host.responders['orders:submit'] = (payload) =>
      ok(order({ id: 'ord-close', side: 'sell', quantity: '0.25', ...(payload as object) }))
    render(<OverviewScreen />)
    fireEvent.click(
      within(screen.getByTestId('position-row-BTC-USD')).getByTestId('position-close'),
    )
    const dialog = screen.getByTestId('confirm-dialog')
    expect(within(dialog).getByTestId('position-close-message').textContent).toBe(
      'Sell 0.25 BTC of BTC-USD at market on Paper, the whole position.' +
        'About $16,500.00 at the last price of $66,000.00; the fill is at whatever price the book gives. The order goes through the risk checks like any other.',
    )
    expect(within(dialog).getByTestId('confirm-ok').textContent).toBe('Sell 0.25 BTC at market')
    // Focus starts on the safe choice.
    expect(document.activeElement).toBe(within(dialog).getByTestId('confirm-cancel'))
    expect(host.callsTo('orders:submit')).toHaveLength(0)

    fireEvent.click(within(dialog).getByTestId('confirm-ok'))
    await waitFor(() => expect(screen.queryByTestId('confirm-dialog')).toBeNull())
    expect(host.callsTo('orders:submit')).toEqual([
      {
        accountId: 'paper-main',
        symbol: 'BTC-USD',
        side: 'sell',
        type: 'market',
        quantity: '0.25',
      },
    ])
  })

  it('on Trade: shows a refusal in the gate’s words and keeps the dialog open', async () => {
    host.responders['orders:submit'] = () => err('GATE_REJECTED', HALT_REFUSAL)
    render(<TradeScreen />)
    const row = screen.getByTestId('position-row-BTC-USD')
    expect(within(row).getByTestId('position-qty').textContent).toBe('0.25 BTC')
    fireEvent.click(within(row).getByTestId('position-close'))
    fireEvent.click(screen.getByTestId('confirm-ok'))
    expect((await screen.findByTestId('confirm-error')).textContent).toBe(HALT_REFUSAL)
    expect(screen.getByTestId('confirm-dialog')).toBeTruthy()
    expect(host.callsTo('orders:submit')).toHaveLength(1)
  })

  it('buys back a short position', async () => {
    render(<OverviewScreen />)
    host.emit({ type: 'ledger:position', payload: position('BTC-USD', '-0.1', '64000.00') })
    await waitFor(() => expect(screen.getByTestId('position-qty').textContent).toBe('-0.1 BTC'))
    fireEvent.click(screen.getByTestId('position-close'))
    expect(screen.getByTestId('position-close-message').textContent).toMatch(
      /^Buy 0.1 BTC of BTC-USD at market on Paper, the whole position.About \$6,600.00/,
    )
  })

  it('under All accounts, sends the trader to the account: a summed line has no Close', () => {
    render(<OverviewScreen />)
    fireEvent.click(screen.getByTestId('scope-all'))
    expect(screen.getByTestId('position-row-BTC-USD')).toBeTruthy()
    expect(screen.queryByTestId('position-close')).toBeNull()
    expect(screen.getByTestId('positions-close-hint').textContent).toMatch(
      /To close a position, open its account with Show/,
    )
  })
})
