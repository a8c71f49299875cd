import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { err, ok } from '../../../shared/result'
import type { KillSwitchReport, Snapshot } from '../../../shared/types'
import { App } from '../../../renderer/src/app'
import { KillSwitch } from '../../../renderer/src/components/kill-switch'
import { TradingStateBadge } from '../../../renderer/src/components/trading-state-badge'
import { connectFake, exchangeAccount, FakeTransport, order, position, snapshot } from './harness'

vi.mock('lightweight-charts', async () => (await import('./chart-mock')).lightweightChartsMock())

const HALTED_EVERYWHERE = {
  global: 'HALTED',
  accounts: { 'paper-main': 'HALTED', 'exchange-2': 'HALTED' },
} as const

function start(): HTMLElement {
  fireEvent.click(screen.getByTestId('kill-switch'))
  return screen.getByTestId('kill-switch-dialog')
}

function typeReason(text: string): void {
  fireEvent.change(screen.getByTestId('kill-switch-reason'), { target: { value: text } })
}

describe('Kill switch', () => {
  let disconnect: () => void = () => undefined
  let host: FakeTransport
  let engine: Snapshot

  beforeEach(async () => {
    history.replaceState(null, '', '#/')
    engine = snapshot({
      accounts: [snapshot().accounts[0]!, exchangeAccount()],
      positions: [
        position('BTC-USD', '0.25', '64000.00'),
        { ...position('ETH-USD', '1.5', '3000.00'), accountId: 'exchange-2' },
      ],
      orders: [
        order({ id: 'ord-open', status: 'open', type: 'limit', limitPrice: '60000.00' }),
        order({ id: 'ord-done', status: 'filled' }),
      ],
      tradingStates: { 'paper-main': 'ACTIVE', 'exchange-2': 'ACTIVE' },
    })
    host = new FakeTransport(engine)
    host.responders['app:get-snapshot'] = () => ok(engine)
    disconnect = await connectFake(host)
  })

  afterEach(() => {
    cleanup()
    disconnect()
  })

  it('is in the header on every screen, red and labelled', () => {
    render(<App />)
    for (const id of ['overview', 'trade', 'orders', 'limits']) {
      fireEvent.click(screen.getByTestId(`nav-${id}`))
      const button = screen.getByRole('button', { name: 'Kill switch' })
      expect(button.closest('header')).toBeTruthy()
      expect(button.className).toContain('kill-switch')
    }
  })

  it('asks first, in words, with focus on Cancel; Escape and Cancel send nothing', () => {
    render(<KillSwitch />)
    const dialog = start()
    expect(screen.getByTestId('kill-switch-effect').textContent).toMatch(
      /cancels every open order in every account \(1 open now\), then HALTS trading everywhere/,
    )
    expect(document.activeElement).toBe(screen.getByTestId('kill-switch-cancel'))
    const box = screen.getByTestId('kill-switch-close-positions') as HTMLInputElement
    expect(box.checked).toBe(false)
    expect(screen.getByTestId('kill-switch-confirm').textContent).toBe(
      'Cancel all orders and halt trading',
    )

    fireEvent.keyDown(dialog, { key: 'Escape' })
    expect(screen.queryByTestId('kill-switch-dialog')).toBeNull()
    start()
    fireEvent.click(screen.getByTestId('kill-switch-cancel'))
    expect(screen.queryByTestId('kill-switch-dialog')).toBeNull()
    expect(host.callsTo('trading:kill-switch')).toHaveLength(0)
  })

  it('fires on Confirm with no reason, journaling the default, and closePositions false when not ticked', async () => {
    host.responders['trading:kill-switch'] = () =>
      ok({ canceled: 1, closing: [], problems: [], status: HALTED_EVERYWHERE })
    render(<KillSwitch />)
    start()
    expect(screen.getByText('Reason (optional, written to the audit journal)')).toBeTruthy()
    expect(
      screen.getByText(/Left empty, the journal says: "Kill switch: No reason given/),
    ).toBeTruthy()
    fireEvent.click(screen.getByTestId('kill-switch-confirm'))
    await screen.findByTestId('kill-switch-report')
    expect(host.callsTo('trading:kill-switch')).toEqual([
      { closePositions: false, reason: 'No reason given (from the console)' },
    ])
    expect(screen.getByTestId('kill-switch-canceled').textContent).toBe('1 open order canceled.')
    expect(screen.queryByTestId('kill-switch-closing')).toBeNull()
  })

  it('sends the reason typed, and keeps a too short one inside words the engine takes', async () => {
    host.responders['trading:kill-switch'] = () =>
      ok({ canceled: 1, closing: [], problems: [], status: HALTED_EVERYWHERE })
    render(<KillSwitch />)
    start()
    typeReason('  x ')
    fireEvent.click(screen.getByTestId('kill-switch-confirm'))
    await screen.findByTestId('kill-switch-report')
    fireEvent.click(screen.getByTestId('kill-switch-done'))
    start()
    typeReason(' prices look wrong ')
    fireEvent.click(screen.getByTestId('kill-switch-confirm'))
    await screen.findByTestId('kill-switch-report')
    expect(host.callsTo('trading:kill-switch')).toEqual([
      { closePositions: false, reason: 'From the console: x' },
      { closePositions: false, reason: 'prices look wrong' },
    ])
  })

  it('lists the positions it will sell when ticked, sends closePositions true and reports', async () => {
    const report: KillSwitchReport = {
      canceled: 1,
      closing: [
        order({
          id: 'ord-close-1',
          side: 'sell',
          quantity: '0.25',
          status: 'pending',
          filledQuantity: '0',
          source: 'ticket',
        }),
      ],
      problems: ['closing 1.5 ETH-USD in exchange-2: the exchange is not connected.'],
      status: HALTED_EVERYWHERE,
    }
    host.responders['trading:kill-switch'] = () => {
      engine = { ...engine, globalTradingState: 'HALTED' }
      return ok(report)
    }
    render(
      <>
        <TradingStateBadge />
        <KillSwitch />
      </>,
    )
    start()
    expect(screen.queryByTestId('kill-switch-position')).toBeNull()
    fireEvent.click(screen.getByTestId('kill-switch-close-positions'))
    const rows = screen.getAllByTestId('kill-switch-position').map((r) => r.textContent)
    expect(rows).toEqual(['PaperBTC-USD0.25 BTC', 'Kraken sandboxETH-USD1.5 ETH'])
    expect(screen.getByTestId('kill-switch-confirm').textContent).toBe(
      'Cancel all orders, sell every position and halt',
    )
    typeReason('stepping away, flatten everything')
    fireEvent.click(screen.getByTestId('kill-switch-confirm'))

    await screen.findByTestId('kill-switch-report')
    expect(host.callsTo('trading:kill-switch')).toEqual([
      { closePositions: true, reason: 'stepping away, flatten everything' },
    ])
    const closing = screen.getByTestId('kill-switch-closing')
    expect(closing.textContent).toMatch(/Sell 0\.25 BTC-USD in Paper: Pending/)
    expect(screen.getByTestId('kill-switch-problems').textContent).toContain(
      'the exchange is not connected',
    )
    expect(screen.getByTestId('kill-switch-new-state').textContent).toMatch(
      /Trading is now HALTED for every account \(Paper: HALTED, Kraken sandbox: HALTED\)/,
    )
    expect(screen.getByTestId('trading-state').textContent).toBe('HALTED')
    expect(screen.getByTestId('global-trading-state').textContent).toBe('HALTED · ALL ACCOUNTS')

    // The market sell fills after the answer: the report follows it.
    act(() =>
      host.emit({
        type: 'orders:updated',
        payload: {
          ...report.closing[0]!,
          status: 'filled',
          filledQuantity: '0.25',
          updatedAt: 2e12,
        },
      }),
    )
    await waitFor(() =>
      expect(screen.getByTestId('kill-switch-closing').getAttribute('data-status')).toBe('filled'),
    )
    fireEvent.click(screen.getByTestId('kill-switch-done'))
    expect(screen.queryByTestId('kill-switch-report')).toBeNull()
  })

  it('says so when the engine refuses, and keeps the dialog open', async () => {
    host.responders['trading:kill-switch'] = () =>
      err('UNAVAILABLE', 'Vigil is shutting down; the request was not taken.')
    render(<KillSwitch />)
    start()
    typeReason('test of the refusal')
    fireEvent.click(screen.getByTestId('kill-switch-confirm'))
    expect((await screen.findByTestId('kill-switch-error')).textContent).toContain(
      'The kill switch did not run: Vigil is shutting down',
    )
    expect(screen.getByTestId('kill-switch-dialog')).toBeTruthy()
    expect(screen.queryByTestId('kill-switch-report')).toBeNull()
  })
})
