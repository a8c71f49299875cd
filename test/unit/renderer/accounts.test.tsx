import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { err, ok } from '../../../shared/result'
import type { StrategyStatus } from '../../../shared/types'
import { App } from '../../../renderer/src/app'
import { AccountsScreen } from '../../../renderer/src/features/accounts/accounts-screen'
import {
  accountStatus,
  connectFake,
  exchangeAccount,
  exchangeStatus,
  FakeTransport,
  paperAccount,
  snapshot,
} from './harness'

vi.mock('lightweight-charts', async () => (await import('./chart-mock')).lightweightChartsMock())

const SECRET = 'S3cr3t-never-shown-back'
const API_KEY = 'live-key-0000wxyz'

function strategyStatus(overrides: Partial<StrategyStatus> = {}): StrategyStatus {
  return {
    accountId: 'paper-main',
    strategyId: 'sma-cross',
    name: 'Moving-average crossover (demonstration)',
    demonstration: true,
    running: true,
    symbol: 'BTC-USD',
    ordersSent: 0,
    lastSignal: null,
    message: 'Waiting for 21 closed one-minute candles of BTC-USD.',
    ...overrides,
  }
}

/** A paper account, a paper account on live prices that are offline, and a kraken sandbox one. */
function threeAccounts() {
  return snapshot({
    accounts: [
      paperAccount(),
      paperAccount({
        id: 'paper-live',
        name: 'Live paper',
        priceSource: 'live',
        exchangeId: 'coinbase',
      }),
      exchangeAccount(),
    ],
    accountStatuses: [
      accountStatus(),
      accountStatus({
        accountId: 'paper-live',
        prices: {
          source: 'simulator',
          online: false,
          message:
            'coinbase did not answer (getaddrinfo ENOTFOUND). Trading on the simulated market instead.',
        },
      }),
      exchangeStatus(),
    ],
  })
}

describe('Accounts screen', () => {
  let disconnect: () => void = () => undefined
  let host: FakeTransport

  beforeEach(async () => {
    history.replaceState(null, '', '#/')
    host = new FakeTransport(threeAccounts())
    disconnect = await connectFake(host)
  })

  afterEach(() => {
    cleanup()
    disconnect()
  })

  const card = (id: string) => screen.getByTestId(`account-card-${id}`)

  it('shows each account with its kind, connection, prices and fee tier in force', () => {
    render(<AccountsScreen />)
    const paper = within(card('paper-main'))
    expect(paper.getByTestId('account-kind').textContent).toBe('PAPER')
    expect(paper.getByTestId('account-connection').textContent).toBe('CONNECTED')
    expect(paper.getByTestId('account-prices').textContent).toBe('Simulated market')
    expect(paper.getByTestId('account-fee-tier').textContent).toBe(
      'Coinbase Advanced (2022-09-20)maker 0.40% · taker 0.60%30-day volume $0.00 (tier from $0)',
    )

    const kraken = within(card('exchange-2'))
    expect(kraken.getByTestId('account-kind').textContent).toBe('SANDBOX')
    expect(kraken.getByTestId('account-kind-text').textContent).toBe('Exchange (kraken)')
    expect(kraken.getByTestId('account-sandbox').textContent).toBe('Sandbox (test money)')
    expect(kraken.getByTestId('account-prices').textContent).toBe('Live from kraken')
  })

  it('says when live prices are offline and the account stays on the simulator', () => {
    render(<AccountsScreen />)
    const live = within(card('paper-live'))
    const prices = live.getByTestId('account-prices')
    expect(prices.getAttribute('data-offline')).toBe('true')
    expect(prices.textContent).toMatch(/^Offline — on the simulator/)
    expect(live.getByTestId('account-prices-message').textContent).toMatch(
      /coinbase did not answer .*simulated market instead/,
    )
  })

  it('tries live prices again on request, and shows them once they are back', async () => {
    host.responders['accounts:connect'] = () =>
      ok(
        accountStatus({
          accountId: 'paper-live',
          prices: { source: 'live', online: true, message: null },
        }),
      )
    render(<AccountsScreen />)
    fireEvent.click(within(card('paper-live')).getByTestId('account-retry-prices'))
    await waitFor(() =>
      expect(within(card('paper-live')).getByTestId('account-prices').textContent).toBe(
        'Live from coinbase',
      ),
    )
    expect(host.callsTo('accounts:connect')).toEqual([{ accountId: 'paper-live' }])
  })

  it('follows connection changes as they happen, with the message of an error', async () => {
    render(<AccountsScreen />)
    host.emit({
      type: 'accounts:status',
      payload: exchangeStatus({
        connection: 'error',
        message: 'Could not connect to kraken: invalid API key',
      }),
    })
    const kraken = within(card('exchange-2'))
    await waitFor(() => expect(kraken.getByTestId('account-connection').textContent).toBe('ERROR'))
    expect(kraken.getByTestId('account-message').textContent).toBe(
      'Could not connect to kraken: invalid API key',
    )
    expect(kraken.getByTestId('account-connect').textContent).toBe('Connect again')
  })

  it('asks before disconnecting, and sends nothing when the trader keeps the connection', async () => {
    host.responders['accounts:disconnect'] = () =>
      ok(exchangeStatus({ connection: 'disconnected', message: 'Disconnected by the trader.' }))
    render(<AccountsScreen />)
    const kraken = within(card('exchange-2'))

    fireEvent.click(kraken.getByTestId('account-disconnect'))
    const dialog = screen.getByTestId('confirm-dialog')
    expect(dialog.textContent).toMatch(/open orders on the exchange are not canceled/)
    // The safe choice has the focus, so a reflexive Enter keeps the connection.
    expect(document.activeElement).toBe(within(dialog).getByTestId('confirm-cancel'))
    fireEvent.click(within(dialog).getByTestId('confirm-cancel'))
    expect(screen.queryByTestId('confirm-dialog')).toBeNull()
    expect(host.callsTo('accounts:disconnect')).toHaveLength(0)

    fireEvent.click(kraken.getByTestId('account-disconnect'))
    fireEvent.keyDown(screen.getByTestId('confirm-dialog'), { key: 'Escape' })
    expect(screen.queryByTestId('confirm-dialog')).toBeNull()
    expect(host.callsTo('accounts:disconnect')).toHaveLength(0)

    fireEvent.click(kraken.getByTestId('account-disconnect'))
    fireEvent.click(screen.getByTestId('confirm-ok'))
    await waitFor(() =>
      expect(kraken.getByTestId('account-connection').textContent).toBe('DISCONNECTED'),
    )
    expect(host.callsTo('accounts:disconnect')).toEqual([{ accountId: 'exchange-2' }])
    expect(screen.queryByTestId('confirm-dialog')).toBeNull()
  })

  it('never shows a secret back: password fields, cleared on close, only the key hint after', async () => {
    host.responders['accounts:set-credentials'] = () =>
      ok(
        exchangeStatus({
          credentials: { ...exchangeStatus().credentials, apiKeyHint: 'wxyz', canTrade: false },
        }),
      )
    render(<AccountsScreen />)
    const kraken = within(card('exchange-2'))
    expect(kraken.getByTestId('account-key-state').textContent).toBe(
      'Key …abcd stored (read-only).',
    )

    fireEvent.click(kraken.getByTestId('account-enter-keys'))
    let dialog = within(screen.getByTestId('credentials-dialog'))
    for (const id of ['cred-apiKey', 'cred-secret', 'cred-password'])
      expect((dialog.getByTestId(id) as HTMLInputElement).type).toBe('password')
    expect(dialog.getByTestId('cred-where').textContent).toBe(
      'Where keys live: the OS key store (libsecret)',
    )
    fireEvent.change(dialog.getByTestId('cred-apiKey'), { target: { value: API_KEY } })
    fireEvent.change(dialog.getByTestId('cred-secret'), { target: { value: SECRET } })
    fireEvent.click(dialog.getByTestId('cred-cancel'))
    expect(screen.queryByTestId('credentials-dialog')).toBeNull()

    // Reopened: nothing typed before is still there.
    fireEvent.click(kraken.getByTestId('account-enter-keys'))
    dialog = within(screen.getByTestId('credentials-dialog'))
    expect((dialog.getByTestId('cred-apiKey') as HTMLInputElement).value).toBe('')
    expect((dialog.getByTestId('cred-secret') as HTMLInputElement).value).toBe('')

    fireEvent.change(dialog.getByTestId('cred-apiKey'), { target: { value: API_KEY } })
    fireEvent.change(dialog.getByTestId('cred-secret'), { target: { value: SECRET } })
    fireEvent.click(dialog.getByTestId('cred-save'))
    await waitFor(() => expect(screen.queryByTestId('credentials-dialog')).toBeNull())
    expect(host.callsTo('accounts:set-credentials')).toEqual([
      { accountId: 'exchange-2', apiKey: API_KEY, secret: SECRET, canTrade: false },
    ])
    expect(kraken.getByTestId('account-key-state').textContent).toBe(
      'Key …wxyz stored (read-only).',
    )
    expect(document.body.innerHTML).not.toContain(SECRET)
    expect(document.body.innerHTML).not.toContain(API_KEY)

    fireEvent.click(kraken.getByTestId('account-enter-keys'))
    dialog = within(screen.getByTestId('credentials-dialog'))
    expect((dialog.getByTestId('cred-secret') as HTMLInputElement).value).toBe('')
    expect(dialog.getByTestId('cred-current').textContent).toMatch(/Key …wxyz is stored now/)
  })

  it('explains, and does not send, keys that can trade when the key store refuses them', () => {
    host.emit({
      type: 'accounts:status',
      payload: exchangeStatus({
        credentials: {
          stored: false,
          apiKeyHint: null,
          canTrade: false,
          where: 'a plain-text file (basic_text backend)',
          tradingKeysAllowed: false,
          explanation: 'The OS key store is the weak basic_text backend, which does not encrypt.',
        },
      }),
    })
    render(<AccountsScreen />)
    const kraken = within(card('exchange-2'))
    expect(kraken.getByTestId('account-key-explanation').textContent).toMatch(/basic_text/)
    fireEvent.click(kraken.getByTestId('account-enter-keys'))
    const dialog = within(screen.getByTestId('credentials-dialog'))
    fireEvent.change(dialog.getByTestId('cred-apiKey'), { target: { value: API_KEY } })
    fireEvent.change(dialog.getByTestId('cred-secret'), { target: { value: SECRET } })
    fireEvent.click(dialog.getByTestId('cred-can-trade'))
    expect(dialog.getByTestId('cred-refused').textContent).toMatch(
      /will not store a key that can place orders.*basic_text/,
    )
    expect((dialog.getByTestId('cred-save') as HTMLButtonElement).disabled).toBe(true)
    fireEvent.submit(dialog.getByTestId('cred-save').closest('form') as HTMLFormElement)
    expect(host.callsTo('accounts:set-credentials')).toHaveLength(0)
  })

  it('asks before deleting stored keys', async () => {
    host.responders['accounts:delete-credentials'] = () =>
      ok(
        exchangeStatus({
          credentials: { ...exchangeStatus().credentials, stored: false, apiKeyHint: null },
        }),
      )
    render(<AccountsScreen />)
    const kraken = within(card('exchange-2'))
    fireEvent.click(kraken.getByTestId('account-delete-keys'))
    expect(host.callsTo('accounts:delete-credentials')).toHaveLength(0)
    fireEvent.click(screen.getByTestId('confirm-ok'))
    await waitFor(() =>
      expect(kraken.getByTestId('account-key-state').textContent).toBe('No API keys stored.'),
    )
    expect(host.callsTo('accounts:delete-credentials')).toEqual([{ accountId: 'exchange-2' }])
  })

  it('starts and stops the demonstration strategy on a paper account', async () => {
    host.responders['strategies:start'] = () => ok(strategyStatus({ symbol: 'ETH-USD' }))
    host.responders['strategies:stop'] = () =>
      ok(strategyStatus({ symbol: 'ETH-USD', running: false, ordersSent: 2, message: 'Stopped.' }))
    render(<AccountsScreen />)
    const paper = within(card('paper-main'))
    expect(paper.getAllByTestId('strategy-demo')[0]?.textContent).toBe('DEMONSTRATION')

    fireEvent.change(paper.getByTestId('strategy-symbol'), { target: { value: 'ETH-USD' } })
    fireEvent.change(paper.getByTestId('strategy-quantity'), { target: { value: '0.00001' } })
    fireEvent.click(paper.getByTestId('strategy-start'))
    expect(paper.getByTestId('strategy-quantity-help').textContent).toMatch(/steps of 0.0001 ETH/)
    expect(host.callsTo('strategies:start')).toHaveLength(0)

    fireEvent.change(paper.getByTestId('strategy-quantity'), { target: { value: '0.05' } })
    expect(paper.getByTestId('strategy-quantity-help').textContent).toBe(
      'About $160.00 per order at the last price.',
    )
    fireEvent.click(paper.getByTestId('strategy-start'))
    await waitFor(() =>
      expect(paper.getByTestId('strategy-state').textContent).toBe('Running on ETH-USD'),
    )
    expect(host.callsTo('strategies:start')).toEqual([
      { accountId: 'paper-main', strategyId: 'sma-cross', symbol: 'ETH-USD', quantity: '0.05' },
    ])

    // What it does arrives as status events.
    host.emit({
      type: 'accounts:status',
      payload: accountStatus({
        strategy: strategyStatus({
          symbol: 'ETH-USD',
          ordersSent: 1,
          lastSignal: 'BUY 0.05 ETH-USD: Crossed above',
          message: 'Last order ord-9 filled.',
        }),
      }),
    })
    await waitFor(() => expect(paper.getByTestId('strategy-orders-sent').textContent).toBe('1'))
    expect(paper.getByTestId('strategy-last-signal').textContent).toBe(
      'BUY 0.05 ETH-USD: Crossed above',
    )
    expect(paper.getByTestId('strategy-message').textContent).toBe('Last order ord-9 filled.')

    fireEvent.click(paper.getByTestId('strategy-stop'))
    await waitFor(() => expect(paper.getByTestId('strategy-state').textContent).toMatch(/^Stopped/))
    expect(host.callsTo('strategies:stop')).toEqual([{ accountId: 'paper-main' }])
    expect(paper.getByTestId('strategy-orders-sent').textContent).toBe('2')
  })

  it('shows why a strategy did not start', async () => {
    host.responders['strategies:start'] = () =>
      err('FORBIDDEN', 'Strategies may not trade on Paper: switched off.')
    render(<AccountsScreen />)
    const paper = within(card('paper-main'))
    fireEvent.change(paper.getByTestId('strategy-quantity'), { target: { value: '0.001' } })
    fireEvent.click(paper.getByTestId('strategy-start'))
    expect((await paper.findByTestId('strategy-error')).textContent).toBe(
      'Not started: Strategies may not trade on Paper: switched off.',
    )
  })

  it('lets strategies trade on an exchange account only after a confirmation', async () => {
    host.responders['accounts:update'] = () => ok(exchangeAccount({ strategiesAllowed: true }))
    host.responders['strategies:start'] = () =>
      ok(strategyStatus({ accountId: 'exchange-2', symbol: 'BTC-USD' }))
    render(<AccountsScreen />)
    const kraken = within(card('exchange-2'))
    expect(kraken.getByTestId('strategies-off')).toBeTruthy()
    const allow = kraken.getByTestId('account-allow-strategies') as HTMLInputElement
    expect(allow.checked).toBe(false)

    fireEvent.click(allow)
    expect(screen.getByTestId('confirm-dialog').textContent).toMatch(/kraken \(sandbox\)/)
    expect(allow.checked).toBe(false)
    expect(host.callsTo('accounts:update')).toHaveLength(0)
    fireEvent.click(screen.getByTestId('confirm-ok'))
    await waitFor(() => expect(allow.checked).toBe(true))
    expect(host.callsTo('accounts:update')).toEqual([
      { accountId: 'exchange-2', strategiesAllowed: true },
    ])

    // Starting it there is a second, separate decision.
    fireEvent.change(kraken.getByTestId('strategy-quantity'), { target: { value: '0.001' } })
    fireEvent.click(kraken.getByTestId('strategy-start'))
    expect(screen.getByTestId('confirm-dialog').textContent).toMatch(/send orders of 0.001 BTC/)
    expect(host.callsTo('strategies:start')).toHaveLength(0)
    fireEvent.click(screen.getByTestId('confirm-ok'))
    await waitFor(() => expect(host.callsTo('strategies:start')).toHaveLength(1))
  })

  it('checks the add-account form before sending, then adds a paper account', async () => {
    const added = paperAccount({ id: 'paper-3', name: 'Rehearsal' })
    host.responders['accounts:add'] = () => ok(added)
    render(<AccountsScreen />)
    fireEvent.click(screen.getByTestId('add-account'))
    fireEvent.change(screen.getByTestId('add-cash'), { target: { value: '12.345' } })
    fireEvent.click(screen.getByTestId('add-submit'))
    expect(screen.getByTestId('add-name-help').textContent).toMatch(/Enter a name/)
    expect(screen.getByTestId('add-cash-help').textContent).toMatch(/dollars and cents/)
    fireEvent.click(screen.getByTestId('add-prices-live'))
    expect(screen.getByTestId('add-exchangeId-help').textContent).toMatch(/ccxt exchange id/)
    expect(host.callsTo('accounts:add')).toHaveLength(0)

    fireEvent.change(screen.getByTestId('add-name'), { target: { value: ' Rehearsal ' } })
    fireEvent.change(screen.getByTestId('add-cash'), { target: { value: '2,500' } })
    fireEvent.change(screen.getByTestId('add-exchange'), { target: { value: 'coinbase' } })
    fireEvent.click(screen.getByTestId('add-submit'))
    await screen.findByTestId('add-result')
    expect(host.callsTo('accounts:add')).toEqual([
      {
        name: 'Rehearsal',
        kind: 'paper',
        initialBalance: '2500',
        priceSource: 'live',
        exchangeId: 'coinbase',
      },
    ])
    expect(screen.getByTestId('account-card-paper-3')).toBeTruthy()
  })

  it('adds an exchange account on the sandbox unless the trader unticks it', async () => {
    host.responders['accounts:add'] = () => ok(exchangeAccount({ id: 'exchange-9' }))
    render(<AccountsScreen />)
    fireEvent.click(screen.getByTestId('add-account'))
    fireEvent.click(screen.getByTestId('add-kind-exchange'))
    expect(screen.queryByTestId('add-cash')).toBeNull()
    expect((screen.getByTestId('add-sandbox') as HTMLInputElement).checked).toBe(true)
    fireEvent.click(screen.getByTestId('add-sandbox'))
    expect(screen.getByTestId('add-sandbox-note').textContent).toMatch(/real money/)
    fireEvent.change(screen.getByTestId('add-name'), { target: { value: 'Kraken main' } })
    fireEvent.change(screen.getByTestId('add-exchange'), { target: { value: 'Kraken' } })
    fireEvent.click(screen.getByTestId('add-submit'))
    expect(screen.getByTestId('add-exchangeId-help').textContent).toMatch(/lower-case/)
    fireEvent.change(screen.getByTestId('add-exchange'), { target: { value: 'kraken' } })
    fireEvent.click(screen.getByTestId('add-submit'))
    await screen.findByTestId('add-result')
    expect(host.callsTo('accounts:add')).toEqual([
      { name: 'Kraken main', kind: 'exchange', exchangeId: 'kraken', sandbox: false },
    ])
  })
})

describe('Account switcher', () => {
  let disconnect: () => void = () => undefined
  let host: FakeTransport

  beforeEach(async () => {
    history.replaceState(null, '', '#/')
    host = new FakeTransport(
      snapshot({
        accounts: [paperAccount(), paperAccount({ id: 'paper-2', name: 'Rehearsal' })],
        accountStatuses: [accountStatus(), accountStatus({ accountId: 'paper-2' })],
        balances: [
          { accountId: 'paper-main', asset: 'USD', total: '10000.00', available: '10000.00' },
          { accountId: 'paper-2', asset: 'USD', total: '2500.10', available: '2500.10' },
        ],
      }),
    )
    disconnect = await connectFake(host)
  })

  afterEach(() => {
    cleanup()
    disconnect()
  })

  it('opens on the default account and switches every screen to the chosen one', () => {
    render(<App />)
    const switcher = screen.getByTestId('account-switcher') as HTMLSelectElement
    expect(switcher.value).toBe('paper-main')
    expect(screen.getByTestId('header-account-kind').textContent).toBe('PAPER')
    expect(screen.getByTestId('cash-balance').textContent).toBe('$10,000.00')

    fireEvent.change(switcher, { target: { value: 'paper-2' } })
    expect(screen.getByTestId('cash-balance').textContent).toBe('$2,500.10')
    expect(screen.getByTestId('header-equity').textContent).toBe('$2,500.10')
    fireEvent.click(screen.getByTestId('nav-trade'))
    expect(screen.getByTestId('ticket-account').textContent).toMatch(/Rehearsal/)
  })

  it('lists an account added elsewhere as soon as it is announced', async () => {
    render(<App />)
    host.emit({
      type: 'accounts:added',
      payload: paperAccount({ id: 'paper-4', name: 'From the API' }),
    })
    await waitFor(() =>
      expect(
        [...(screen.getByTestId('account-switcher') as HTMLSelectElement).options].map(
          (o) => o.value,
        ),
      ).toEqual(['paper-main', 'paper-2', 'paper-4']),
    )
  })

  it('shows in the header when the account in view is not connected', async () => {
    render(<App />)
    expect(screen.queryByTestId('header-account-connection')).toBeNull()
    host.emit({
      type: 'accounts:status',
      payload: accountStatus({ connection: 'error', message: 'The paper exchange is down.' }),
    })
    await waitFor(() =>
      expect(screen.getByTestId('header-account-connection').textContent).toBe('ERROR'),
    )
  })
})
