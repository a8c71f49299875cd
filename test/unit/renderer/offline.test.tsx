/**
 * A browser tab whose link to Vigil dropped (the server stopped or restarted) or whose session
 * Vigil refuses: what the trader reads, what is greyed, and that no control offers an action
 * that can only fail. The status is driven the way the desk drives it, or set in the store for
 * the states the test transport cannot produce.
 */
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ok } from '../../../shared/result'
import type { KillSwitchReport } from '../../../shared/types'
import { App } from '../../../renderer/src/app'
import { useConnectionStore } from '../../../renderer/src/stores/connection-store'
// The console's own stylesheet, as the browser gets it, so the test sees what the trader sees.
import STYLES from '../../../renderer/src/styles.css?raw'
import { connectFake, FakeTransport, order, position, snapshot } from './harness'

vi.mock('lightweight-charts', async () => ({
  ...(await import('./chart-mock')).lightweightChartsMock(),
  HistogramSeries: { type: 'Histogram' },
}))

// A local wall-clock time, so the console's "14:03:07" reads the same in any time zone.
const DROP = new Date(2026, 10, 24, 14, 3, 7).getTime()

let disconnect: () => void = () => undefined
let host: FakeTransport

function goOffline(): void {
  act(() => host.handlers?.state('offline'))
}

function setStatus(status: 'online' | 'offline' | 'connecting' | 'signed-out'): void {
  act(() => useConnectionStore.getState().setStatus(status))
}

async function backOnline(): Promise<void> {
  act(() => host.handlers?.state('open'))
  await waitFor(() => expect(useConnectionStore.getState().status).toBe('online'))
}

function banner(): HTMLElement {
  return screen.getByTestId('connection-banner')
}

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'], now: DROP })
  history.replaceState(null, '', '#/')
  host = new FakeTransport(
    snapshot({
      positions: [position('BTC-USD', '0.25', '64000.00')],
      orders: [order({ id: 'ord-open', status: 'open', type: 'limit', limitPrice: '60000.00' })],
    }),
  )
  host.responders['orders:estimate'] = () =>
    ok({
      symbol: 'BTC-USD',
      side: 'buy',
      quantity: '0.01',
      price: '65000.00',
      notional: '650.00',
      fee: '3.90',
      feeRate: '0.006',
      total: '653.90',
    })
  disconnect = await connectFake(host)
})

afterEach(() => {
  cleanup()
  disconnect()
  vi.useRealTimers()
})

describe('The connection store', () => {
  it('remembers when the tab stopped being online, through retries, until it is back', () => {
    const store = useConnectionStore.getState
    expect(store().offlineSince).toBeNull()
    host.handlers?.state('offline')
    expect(store().offlineSince).toBe(DROP)
    vi.setSystemTime(DROP + 5_000)
    host.handlers?.state('connecting')
    host.handlers?.state('offline')
    expect(store().status).toBe('offline')
    expect(store().offlineSince).toBe(DROP)
    store().setStatus('online')
    expect(store().offlineSince).toBeNull()
    store().setStatus('signed-out')
    expect(store().offlineSince).toBe(DROP + 5_000)
  })

  it('has no "as of" before the tab was ever online: nothing on screen came from Vigil', () => {
    useConnectionStore.setState(useConnectionStore.getInitialState(), true)
    useConnectionStore.getState().setStatus('offline')
    expect(useConnectionStore.getState().offlineSince).toBeNull()
  })
})

describe('The connection banner', () => {
  it('says when the link dropped, that it reconnects by itself and what to do, on every screen', () => {
    render(<App />)
    goOffline()
    const text = banner().textContent ?? ''
    expect(text).toMatch(/Lost the connection to Vigil at 14:03:07 \S+ \(under a minute ago\)/)
    expect(text).toContain('Reconnecting by itself…')
    expect(text).toContain('If Vigil was stopped, start it again in the Vigil folder with')
    expect(text).toContain('npx vigil serve')
    expect(screen.getByTestId('connection-banner-stale').textContent).toMatch(
      /figures below are greyed out: they are as of 14:03:07 \S+/,
    )
    // Announced once: the age, which changes every minute, is outside the alert.
    expect(within(banner()).getByRole('alert').textContent).toMatch(
      /^Lost the connection to Vigil at 14:03:07 \S+$/,
    )
    for (const id of ['trade', 'orders', 'limits', 'health']) {
      fireEvent.click(screen.getByTestId(`nav-${id}`))
      expect(banner().textContent).toMatch(/Lost the connection to Vigil at 14:03:07/)
    }
  })

  it('counts the minutes since the drop, and keeps the first drop through retries', () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'], now: DROP })
    render(<App />)
    goOffline()
    act(() => vi.advanceTimersByTime(3 * 60_000 + 5_000))
    act(() => host.handlers?.state('connecting'))
    act(() => host.handlers?.state('offline'))
    expect(banner().textContent).toMatch(/at 14:03:07 \S+ \(3 min ago\)/)
  })

  it('is there only while the tab is off the link', async () => {
    render(<App />)
    expect(screen.queryByTestId('connection-banner')).toBeNull()
    goOffline()
    expect(banner()).toBeTruthy()
    await backOnline()
    expect(screen.queryByTestId('connection-banner')).toBeNull()
  })

  it('tells a signed-out tab to open a new link and how to get one, with a copy button', async () => {
    const writeText = vi.fn(async () => undefined)
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
    render(<App />)
    setStatus('signed-out')
    expect(banner().textContent).toContain(
      'Vigil does not accept this tab. Its session expired or was ended. Vigil itself is running.',
    )
    // Vigil's own reason, when the transport has it, replaces the generic one.
    act(() =>
      host.handlers?.state(
        'signed-out',
        'This link was already used: a link signs in one tab, once.',
      ),
    )
    const text = banner().textContent ?? ''
    expect(text).toContain(
      'Vigil does not accept this tab. This link was already used: a link signs in one tab, once.',
    )
    expect(text).toMatch(/Open a new link: run npx vigil link\s*Copy in the Vigil folder/)
    expect(text).toContain('a link works once, within a minute')
    expect(text).toMatch(/as of 14:03:07/)
    const copy = within(screen.getByTestId('copy-new-link')).getByRole('button', { name: 'Copy' })
    copy.focus()
    expect(document.activeElement).toBe(copy)
    fireEvent.click(copy)
    expect(writeText).toHaveBeenCalledWith('npx vigil link')
    await waitFor(() => expect(copy.textContent).toBe('Copied'))
  })

  it('shows a light "Connecting…" at the first load, and says so when Vigil cannot be reached', () => {
    useConnectionStore.setState(useConnectionStore.getInitialState(), true)
    render(<App />)
    expect(banner().getAttribute('data-kind')).toBe('loading')
    expect(banner().textContent).toBe(
      'Connecting to Vigil… The figures appear once they have loaded.',
    )
    setStatus('offline')
    expect(banner().textContent).toMatch(/This tab cannot reach Vigil\. It keeps trying by itself/)
    expect(banner().textContent).not.toMatch(/as of/)
  })
})

describe('Figures off the link', () => {
  function opacity(el: Element): string {
    return getComputedStyle(el).opacity
  }

  it('greys the money, quantities, PnL and trading state while the tab cannot vouch for them', async () => {
    const style = document.createElement('style')
    style.textContent = STYLES
    document.head.append(style)
    try {
      const { container } = render(<App />)
      const shell = container.querySelector('.shell')!
      const figures = [
        screen.getByTestId('header-equity'),
        screen.getAllByTestId('cash-balance')[0]!,
        screen.getAllByTestId('equity')[0]!,
        // "ACTIVE" is as old as the figures.
        screen.getByTestId('trading-state'),
      ]
      expect(shell.getAttribute('data-stale')).toBe('false')
      for (const f of figures) expect(opacity(f)).toBe('1')

      goOffline()
      expect(shell.getAttribute('data-connection')).toBe('offline')
      expect(shell.getAttribute('data-stale')).toBe('true')
      for (const f of figures) {
        expect(opacity(f)).toBe('0.45')
        expect(getComputedStyle(f).filter).toBe('grayscale(1)')
      }
      // The words that say why stay readable.
      expect(opacity(banner())).toBe('1')

      setStatus('signed-out')
      expect(opacity(figures[0]!)).toBe('0.45')

      await backOnline()
      expect(shell.getAttribute('data-stale')).toBe('false')
      for (const f of figures) expect(opacity(f)).toBe('1')
    } finally {
      style.remove()
    }
  })

  it('shows the state in words in the header badge', () => {
    render(<App />)
    const badge = screen.getByTestId('connection-status')
    expect(badge.textContent).toBe('Online')
    goOffline()
    expect(badge.textContent).toBe('Offline, reconnecting…')
    act(() => host.handlers?.state('connecting'))
    expect(badge.textContent).toBe('Offline, reconnecting…')
    setStatus('signed-out')
    expect(badge.textContent).toBe('Signed out')
    expect(badge.getAttribute('title')).toMatch(/npx vigil link/)
  })
})

describe('The kill switch off the link', () => {
  it('is marked unavailable and explains what still stops trading, sending nothing', () => {
    render(<App />)
    goOffline()
    expect(screen.queryByRole('button', { name: 'Kill switch' })).toBeNull()
    const off = screen.getByTestId('kill-switch-unavailable')
    expect(off.textContent).toBe('Kill switch unavailable')
    expect(off.getAttribute('aria-disabled')).toBe('true')
    expect(off.getAttribute('title')).toMatch(/not connected to Vigil/)
    fireEvent.click(off)
    expect(screen.queryByTestId('kill-switch-dialog')).toBeNull()
    const why = screen.getByTestId('kill-switch-unavailable-dialog').textContent ?? ''
    expect(why).toContain('This tab is not connected to Vigil (since 14:03:07')
    expect(why).toContain('POST http://localhost:3000/api/v1/kill-switch')
    expect(why).toContain('Authorization: Bearer YOUR_API_TOKEN')
    expect(why).toContain('If Vigil is stopped, it sends no orders at all.')
    expect(why).not.toMatch(/try again/i)
    expect(host.callsTo('trading:kill-switch')).toHaveLength(0)
  })

  it('offers the real kill switch from the explanation once the link is back', async () => {
    render(<App />)
    goOffline()
    fireEvent.click(screen.getByTestId('kill-switch-unavailable'))
    await backOnline()
    expect(screen.getByRole('button', { name: 'Kill switch' })).toBeTruthy()
    fireEvent.click(screen.getByTestId('kill-switch-reopen'))
    expect(screen.queryByTestId('kill-switch-unavailable-dialog')).toBeNull()
    expect(screen.getByTestId('kill-switch-dialog')).toBeTruthy()
  })

  it('for a signed-out tab, says how to sign in again', () => {
    render(<App />)
    setStatus('signed-out')
    fireEvent.click(screen.getByTestId('kill-switch-unavailable'))
    const why = screen.getByTestId('kill-switch-unavailable-dialog').textContent ?? ''
    expect(why).toContain('Vigil no longer accepts this tab, so it cannot run the kill switch.')
    expect(why).toContain('npx vigil link')
  })

  it('says so inside its open dialog when the link drops, instead of letting Confirm fail', async () => {
    const report: KillSwitchReport = {
      canceled: 1,
      closing: [],
      problems: [],
      status: { global: 'HALTED', accounts: { 'paper-main': 'HALTED' } },
    }
    host.responders['trading:kill-switch'] = () => ok(report)
    render(<App />)
    fireEvent.click(screen.getByTestId('kill-switch'))
    fireEvent.change(screen.getByTestId('kill-switch-reason'), {
      target: { value: 'the link is about to drop' },
    })
    goOffline()
    const dialog = screen.getByTestId('kill-switch-dialog')
    expect(within(dialog).getByTestId('kill-switch-elsewhere').textContent).toContain(
      'so it cannot run the kill switch',
    )
    const confirm = screen.getByTestId('kill-switch-confirm') as HTMLButtonElement
    expect(confirm.disabled).toBe(true)
    expect(confirm.textContent).toBe('Unavailable: not connected to Vigil')
    fireEvent.click(confirm)
    expect(host.callsTo('trading:kill-switch')).toHaveLength(0)

    await backOnline()
    expect(within(dialog).queryByTestId('kill-switch-elsewhere')).toBeNull()
    expect(confirm.disabled).toBe(false)
    expect((screen.getByTestId('kill-switch-reason') as HTMLTextAreaElement).value).toBe(
      'the link is about to drop',
    )
    fireEvent.click(confirm)
    expect(await screen.findByTestId('kill-switch-report')).toBeTruthy()
  })

  it('does not claim it did not run when the link dropped before Vigil answered', async () => {
    host.responders['trading:kill-switch'] = () => {
      host.handlers?.state('offline')
      return {
        ok: false,
        error: {
          code: 'UNAVAILABLE',
          message: 'The connection to Vigil was lost before it answered.',
        },
      }
    }
    render(<App />)
    fireEvent.click(screen.getByTestId('kill-switch'))
    fireEvent.change(screen.getByTestId('kill-switch-reason'), {
      target: { value: 'pressed just as the link dropped' },
    })
    fireEvent.click(screen.getByTestId('kill-switch-confirm'))
    expect((await screen.findByTestId('kill-switch-error')).textContent).toBe(
      'Vigil did not confirm the kill switch (it may have run): The connection to Vigil was lost before it answered.',
    )
  })
})

describe('The order ticket off the link', () => {
  function typeQuantity(text: string): void {
    fireEvent.change(screen.getByTestId('ticket-quantity'), { target: { value: text } })
  }

  it('says it cannot send orders instead of offering Review', () => {
    history.replaceState(null, '', '#/trade')
    render(<App />)
    typeQuantity('0.01')
    goOffline()
    const review = screen.getByTestId('ticket-review') as HTMLButtonElement
    expect(review.disabled).toBe(true)
    expect(review.textContent).toBe('Orders unavailable: not connected')
    expect(screen.getByTestId('ticket-offline').textContent).toBe(
      'This tab is not connected to Vigil, so it cannot send orders. It reconnects by itself (see the banner above).',
    )
    setStatus('signed-out')
    expect(screen.getByTestId('ticket-offline').textContent).toMatch(/open a new link/)
  })

  it('keeps an order under review, with Confirm off until the link is back', async () => {
    host.responders['orders:submit'] = (payload) =>
      ok(order({ clientOrderId: (payload as { clientOrderId: string }).clientOrderId }))
    history.replaceState(null, '', '#/trade')
    render(<App />)
    typeQuantity('0.01')
    fireEvent.click(screen.getByTestId('ticket-review'))
    const confirm = (await screen.findByTestId('ticket-confirm')) as HTMLButtonElement
    goOffline()
    expect(confirm.disabled).toBe(true)
    expect(confirm.textContent).toBe('Confirm unavailable: not connected')
    expect(screen.getByTestId('ticket-offline').textContent).toMatch(
      /The order under review waits here; Confirm comes back with the connection\./,
    )
    fireEvent.click(confirm)
    expect(host.callsTo('orders:submit')).toHaveLength(0)

    await backOnline()
    expect(confirm.disabled).toBe(false)
    expect(confirm.textContent).toBe('Confirm buy')
    fireEvent.click(confirm)
    await screen.findByTestId('ticket-result')
    expect(host.callsTo('orders:submit')).toHaveLength(1)
  })
})

describe('Cancel order off the link', () => {
  it('is off with the reason and what still cancels, and says so in its open dialog', async () => {
    history.replaceState(null, '', '#/orders')
    render(<App />)
    const row = within(screen.getByTestId('order-row-ord-open'))
    fireEvent.click(row.getByTestId('order-cancel'))
    expect(screen.queryByTestId('confirm-unavailable')).toBeNull()

    goOffline()
    const dialog = within(screen.getByTestId('confirm-dialog'))
    expect(dialog.getByTestId('confirm-unavailable').textContent).toBe(
      'Cancel unavailable: this tab is not connected to Vigil. While Vigil runs, DELETE /api/v1/orders/ord-open with the API token still cancels the order.',
    )
    const confirm = dialog.getByTestId('confirm-ok') as HTMLButtonElement
    expect(confirm.disabled).toBe(true)
    fireEvent.click(confirm)
    expect(host.callsTo('orders:cancel')).toHaveLength(0)
    fireEvent.click(dialog.getByTestId('confirm-cancel'))

    const cancel = row.getByTestId('order-cancel') as HTMLButtonElement
    expect(cancel.disabled).toBe(true)
    expect(cancel.getAttribute('title')).toMatch(/^Cancel unavailable: this tab is not connected/)

    await backOnline()
    expect(cancel.disabled).toBe(false)
    expect(cancel.getAttribute('title')).toBeNull()
  })
})
