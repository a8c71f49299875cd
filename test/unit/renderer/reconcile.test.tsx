import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { err, ok, type Result } from '../../../shared/result'
import type { ReconcileFinding, ReconcileStatus } from '../../../shared/types'
import { App } from '../../../renderer/src/app'
import { useReconcileStore } from '../../../renderer/src/stores/reconcile-store'
import { connectFake, exchangeAccount, FakeTransport, paperAccount, snapshot } from './harness'

vi.mock('lightweight-charts', async () => (await import('./chart-mock')).lightweightChartsMock())

const NOW = Date.now()

function finding(overrides: Partial<ReconcileFinding> = {}): ReconcileFinding {
  return {
    id: 'rec-1',
    accountId: 'paper-main',
    kind: 'unknown_position',
    severity: 'critical',
    subject: 'BTC-USD',
    symbol: 'BTC-USD',
    orderId: null,
    local: '0',
    broker: '0.5',
    message: 'the broker holds 0.5 BTC-USD but the ledger only 0',
    ts: NOW - 150_000,
    ...overrides,
  }
}

const UNKNOWN_POSITION = finding()
const ORPHAN = finding({
  id: 'rec-2',
  accountId: 'exchange-2',
  kind: 'orphan_order',
  subject: 'bot-77',
  symbol: 'ETH-USD',
  local: 'none',
  broker: 'open',
  message: 'order bot-77 on ETH-USD is open at the broker but unknown to the ledger',
})
const DRIFT = finding({
  id: 'rec-3',
  kind: 'balance_drift',
  subject: 'USD',
  symbol: null,
  local: '10000',
  broker: '9950.25',
  message: 'the ledger has 10000 USD but the broker reports 9950.25 USD',
})

function status(overrides: Partial<ReconcileStatus> = {}): ReconcileStatus {
  return { open: [], resolved: [], runs: {}, ...overrides }
}

describe('Reconciliation screen', () => {
  let disconnect: () => void = () => undefined
  let host: FakeTransport

  async function start(reconciliation: ReconcileStatus): Promise<void> {
    host = new FakeTransport(
      snapshot({ accounts: [paperAccount(), exchangeAccount()], reconciliation }),
    )
    disconnect = await connectFake(host)
    render(<App />)
  }

  beforeEach(() => {
    history.replaceState(null, '', '#/')
    useReconcileStore.setState(useReconcileStore.getInitialState(), true)
  })

  afterEach(() => {
    cleanup()
    disconnect()
  })

  it('lists open findings with the one action that settles each, and says trading is blocked', async () => {
    await start(
      status({
        open: [UNKNOWN_POSITION, ORPHAN, DRIFT],
        runs: { 'paper-main': { ts: NOW - 60_000, error: null } },
      }),
    )
    // Open findings block trading, so the count shows on the navigation from any screen.
    expect(screen.getByTestId('nav-reconcile-count').textContent).toContain('3')
    fireEvent.click(screen.getByTestId('nav-reconcile'))

    const banners = screen.getAllByTestId('reconcile-blocked')
    expect(banners.map((b) => b.querySelector('strong')?.textContent)).toEqual([
      'Trading is blocked on Paper until each finding is resolved',
      'Trading is blocked on Kraken sandbox until each finding is resolved',
    ])
    expect(banners[0]?.textContent).toContain('2 open findings')

    const rows = screen.getAllByTestId('reconcile-finding')
    expect(rows).toHaveLength(3)
    const byKind = (kind: string) => rows.find((r) => r.getAttribute('data-kind') === kind)!
    const position = byKind('unknown_position')
    expect(position.textContent).toContain('Unknown position')
    expect(position.textContent).toContain('The broker holds more than the ledger.')
    expect(within(position).getByTestId('finding-local').textContent).toBe('0 BTC')
    expect(within(position).getByTestId('finding-broker').textContent).toBe('0.5 BTC')
    expect(position.textContent).toContain('The broker holds 0.5 BTC-USD but the ledger only 0.')
    expect(position.textContent).toContain('3 min ago')
    expect(within(byKind('balance_drift')).getByTestId('finding-broker').textContent).toBe(
      '9,950.25 USD',
    )
    expect(byKind('orphan_order').textContent).toContain('Kraken sandbox')

    const labels = (kind: string) =>
      within(byKind(kind))
        .getAllByRole('button')
        .map((b) => b.textContent)
    expect(labels('unknown_position')).toEqual(["Adopt broker's position…", 'Dismiss…'])
    expect(labels('orphan_order')).toEqual(['Cancel at broker…', 'Dismiss…'])
    expect(labels('balance_drift')).toEqual(["Accept broker's balance…", 'Dismiss…'])
  })

  it('dismisses a finding the broker can no longer confirm, with a reason, changing nothing', async () => {
    const fill = finding({
      id: 'rec-4',
      kind: 'unknown_fill',
      subject: 'f-2',
      orderId: 'ord-9',
      local: 'none',
      broker: '0.01 @ 60000',
      message: 'the broker filled 0.01 BTC-USD at 60000 on order ord-9',
    })
    await start(status({ open: [fill], runs: { 'paper-main': { ts: NOW, error: null } } }))
    host.responders['reconcile:resolve'] = () =>
      ok(
        status({
          resolved: [
            {
              ...fill,
              resolution: {
                findingId: fill.id,
                action: 'dismiss',
                by: 'operator',
                reason: 'the exchange shows no such fill',
                ts: Date.now(),
              },
            },
          ],
          runs: { 'paper-main': { ts: NOW, error: null } },
        }),
      )
    fireEvent.click(screen.getByTestId('nav-reconcile'))
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss…' }))
    const dialog = screen.getByTestId('resolve-dialog')
    expect(within(dialog).getByTestId('resolve-effect').textContent).toMatch(
      /^In Paper, nothing changes in the ledger and nothing is sent to the broker/,
    )
    fireEvent.change(within(dialog).getByTestId('resolve-reason'), {
      target: { value: 'the exchange shows no such fill' },
    })
    await act(async () => {
      fireEvent.click(within(dialog).getByRole('button', { name: 'Dismiss' }))
    })
    expect(host.callsTo('reconcile:resolve')).toEqual([
      { findingId: 'rec-4', action: 'dismiss', reason: 'the exchange shows no such fill' },
    ])
    expect(screen.queryByTestId('reconcile-blocked')).toBeNull()
    const resolved = screen.getByTestId('reconcile-resolved-row')
    expect(within(resolved).getByTestId('resolved-action').textContent).toBe(
      'Dismissed: nothing changed',
    )
    expect(resolved.textContent).toContain('the exchange shows no such fill')
  })

  it('asks for a reason, says what will happen, and sends the action the finding needs', async () => {
    await start(status({ open: [DRIFT], runs: { 'paper-main': { ts: NOW, error: null } } }))
    const settledAt = Date.now()
    host.responders['reconcile:resolve'] = () =>
      ok(
        status({
          resolved: [
            {
              ...DRIFT,
              resolution: {
                findingId: DRIFT.id,
                action: 'accept_drift',
                by: 'operator',
                reason: 'checked the exchange statement',
                ts: settledAt,
              },
            },
          ],
          runs: { 'paper-main': { ts: NOW, error: null } },
        }),
      )
    fireEvent.click(screen.getByTestId('nav-reconcile'))
    fireEvent.click(screen.getByRole('button', { name: "Accept broker's balance…" }))

    const dialog = screen.getByTestId('resolve-dialog')
    expect(within(dialog).getByTestId('resolve-effect').textContent).toBe(
      "In Paper, the ledger's USD cash goes from 10,000 USD to the broker's 9,950.25 USD, a change of 49.75 USD. No order is sent and positions do not change.",
    )
    // Focus starts on the safe choice.
    expect(document.activeElement).toBe(
      within(dialog).getByRole('button', { name: 'Leave it open' }),
    )

    const confirm = within(dialog).getByRole('button', { name: "Accept broker's balance" })
    fireEvent.click(confirm)
    expect(host.callsTo('reconcile:resolve')).toEqual([])
    expect(within(dialog).getByRole('alert').textContent).toMatch(/Say why/)
    fireEvent.change(within(dialog).getByTestId('resolve-reason'), { target: { value: ' ok ' } })
    fireEvent.click(confirm)
    expect(host.callsTo('reconcile:resolve')).toEqual([])

    fireEvent.change(within(dialog).getByTestId('resolve-reason'), {
      target: { value: 'checked the exchange statement' },
    })
    await act(async () => {
      fireEvent.click(confirm)
    })
    expect(host.callsTo('reconcile:resolve')).toEqual([
      { findingId: 'rec-3', action: 'accept_drift', reason: 'checked the exchange statement' },
    ])
    expect(screen.queryByTestId('resolve-dialog')).toBeNull()
    expect(screen.queryByTestId('reconcile-blocked')).toBeNull()
    expect(screen.queryByTestId('nav-reconcile-count')).toBeNull()
    expect(screen.getByTestId('reconcile-empty').textContent).toContain('Ledger and brokers agree')
    const resolved = screen.getByTestId('reconcile-resolved-row')
    expect(within(resolved).getByTestId('resolved-action').textContent).toBe(
      "Accept broker's balance",
    )
    expect(resolved.textContent).toContain('Operator')
    expect(resolved.textContent).toContain('checked the exchange statement')
  })

  it("shows the engine's refusal word for word and keeps the dialog open; Escape closes it", async () => {
    await start(status({ open: [UNKNOWN_POSITION] }))
    const refusal =
      'The broker is needed to settle this finding, but Paper is not connected to its broker.'
    host.responders['reconcile:resolve'] = () => err('UNAVAILABLE', refusal)
    fireEvent.click(screen.getByTestId('nav-reconcile'))
    fireEvent.click(screen.getByRole('button', { name: "Adopt broker's position…" }))
    const dialog = screen.getByTestId('resolve-dialog')
    expect(within(dialog).getByTestId('resolve-effect').textContent).toMatch(
      /position goes from 0 BTC up to the broker's 0\.5 BTC\. The 0\.5 BTC added is booked at the current market price/,
    )
    fireEvent.change(within(dialog).getByTestId('resolve-reason'), {
      target: { value: 'bought it on the exchange by hand' },
    })
    await act(async () => {
      fireEvent.click(within(dialog).getByRole('button', { name: "Adopt broker's position" }))
    })
    expect(host.callsTo('reconcile:resolve')).toEqual([
      { findingId: 'rec-1', action: 'adopt', reason: 'bought it on the exchange by hand' },
    ])
    expect(within(dialog).getByTestId('confirm-error').textContent).toBe(refusal)
    expect(screen.getAllByTestId('reconcile-finding')).toHaveLength(1)

    // Focus is back in the dialog, on the reason, so the keyboard still works there.
    expect(document.activeElement).toBe(within(dialog).getByTestId('resolve-reason'))
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' })
    expect(screen.queryByTestId('resolve-dialog')).toBeNull()
  })

  it('reconciles on demand, shows it is running, then the last run of each account', async () => {
    await start(status())
    fireEvent.click(screen.getByTestId('nav-reconcile'))
    expect(screen.getByTestId('reconcile-empty').textContent).toMatch(/No reconciliation has run/)
    let answer: (value: Result<unknown>) => void = () => undefined
    host.responders['reconcile:run'] = () => new Promise((resolve) => (answer = resolve))

    const button = screen.getByRole('button', { name: 'Reconcile now' })
    fireEvent.click(button)
    expect(host.callsTo('reconcile:run')).toEqual([{}])
    expect(button.textContent).toBe('Reconciling…')
    expect(button.getAttribute('aria-disabled')).toBe('true')
    fireEvent.click(button)
    expect(host.callsTo('reconcile:run')).toHaveLength(1)

    const ranAt = Date.now()
    await act(async () => {
      answer(
        ok(
          status({
            runs: {
              'paper-main': { ts: ranAt, error: null },
              'exchange-2': {
                ts: ranAt,
                error: 'Not reconciled: Kraken sandbox is not connected.',
              },
            },
          }),
        ),
      )
    })
    expect(button.textContent).toBe('Reconcile now')
    const empty = screen.getByTestId('reconcile-empty')
    expect(empty.textContent).toContain('Ledger and brokers agree')
    expect(within(empty).getByTestId('reconcile-empty-last-run').textContent).toContain('just now')
    const runs = screen.getAllByTestId('reconcile-run')
    const result = (id: string) =>
      runs
        .find((r) => r.getAttribute('data-account') === id)
        ?.querySelector('[data-testid=reconcile-run-result]')?.textContent
    expect(result('paper-main')).toBe('In agreement with the broker.')
    expect(result('exchange-2')).toBe('Not reconciled: Kraken sandbox is not connected.')
  })

  it('follows findings opened and cleared by the engine as they happen', async () => {
    await start(status())
    fireEvent.click(screen.getByTestId('nav-reconcile'))
    act(() => host.emit({ type: 'reconcile:status', payload: status({ open: [ORPHAN] }) }))
    expect(screen.getByTestId('nav-reconcile-count').textContent).toContain('1')
    expect(screen.getAllByTestId('reconcile-finding')).toHaveLength(1)
    expect(screen.getByTestId('reconcile-blocked').textContent).toContain('Kraken sandbox')

    act(() =>
      host.emit({
        type: 'reconcile:status',
        payload: status({
          resolved: [
            {
              ...ORPHAN,
              resolution: {
                findingId: ORPHAN.id,
                action: 'cleared',
                by: 'reconciliation',
                reason: 'A later reconciliation found the ledger and the broker in agreement.',
                ts: Date.now(),
              },
            },
          ],
          runs: { 'exchange-2': { ts: Date.now(), error: null } },
        }),
      }),
    )
    expect(screen.queryByTestId('nav-reconcile-count')).toBeNull()
    expect(screen.getByTestId('resolved-action').textContent).toMatch(/^Cleared/)
    expect(screen.getByTestId('reconcile-resolved-row').textContent).toContain('Reconciliation')
  })
})
