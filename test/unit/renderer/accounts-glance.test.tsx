import { cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AccountsScreen } from '../../../renderer/src/features/accounts/accounts-screen'
import { useLedgerStore } from '../../../renderer/src/stores/ledger-store'
import {
  accountStatus,
  balance,
  connectFake,
  FakeTransport,
  paperAccount,
  position,
  snapshot,
} from './harness'

/** Two paper accounts: the main one holds BTC bought at 60,000 and has closed ETH at a loss. */
function twoAccounts() {
  return snapshot({
    accounts: [paperAccount(), paperAccount({ id: 'paper-2', name: 'Second paper' })],
    balances: [
      balance('9400.00'),
      { accountId: 'paper-2', asset: 'USD', total: '5000.00', available: '5000.00' },
    ],
    positions: [
      { ...position('BTC-USD', '0.01', '60000'), realizedPnl: '12.50' },
      { ...position('ETH-USD', '0', '3000'), realizedPnl: '-20.25' },
    ],
    tradingStates: { 'paper-main': 'ACTIVE', 'paper-2': 'HALTED' },
    accountStatuses: [
      accountStatus({
        strategy: {
          accountId: 'paper-main',
          strategyId: 'sma-cross',
          name: 'Moving-average crossover',
          demonstration: true,
          running: true,
          symbol: 'BTC-USD',
          ordersSent: 3,
          lastSignal: null,
          message: null,
        },
      }),
      accountStatus({ accountId: 'paper-2' }),
    ],
  })
}

describe('Accounts at a glance', () => {
  let disconnect: () => void = () => undefined

  beforeEach(async () => {
    disconnect = await connectFake(new FakeTransport(twoAccounts()))
  })

  afterEach(() => {
    cleanup()
    disconnect()
  })

  const cells = (id: string) =>
    within(screen.getByTestId(`accounts-glance-${id}`))
      .getAllByRole('cell')
      .map((c) => c.textContent)

  it("shows each account's cash, equity, PnL, trading state and strategy on one table", () => {
    render(<AccountsScreen />)
    // BTC marked at 65,000: 0.01 BTC is worth $650, $50 above its cost.
    expect(cells('paper-main')).toEqual([
      '$9,400.00',
      '$10,050.00',
      '+$50.00',
      '-$7.75',
      'ACTIVE',
      'Moving-average crossover: running',
    ])
    expect(cells('paper-2')).toEqual(['$5,000.00', '$5,000.00', '$0.00', '$0.00', 'HALTED', 'None'])
  })

  it('opens another account from its row', () => {
    render(<AccountsScreen />)
    const row = within(screen.getByTestId('accounts-glance-paper-2'))
    fireEvent.click(row.getByRole('button', { name: 'Second paper' }))
    expect(useLedgerStore.getState().selectedAccountId).toBe('paper-2')
    expect(screen.getByTestId('accounts-glance-paper-2').textContent).toContain('(in view)')
  })
})
