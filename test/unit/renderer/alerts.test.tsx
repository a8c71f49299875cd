import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  DEFAULT_ALERT_RULES,
  DEFAULT_NOTIFICATIONS,
  type AlertItem,
  type AlertRule,
  type NotificationSettings,
} from '../../../shared/performance'
import { err, ok } from '../../../shared/result'
import type { Alert } from '../../../shared/types'
import { App } from '../../../renderer/src/app'
import type { VigilBridge } from '../../../shared/bridge'
import { connectFake, FakeTransport, snapshot } from './harness'

vi.mock('lightweight-charts', async () => (await import('./chart-mock')).lightweightChartsMock())

const NOW = Date.now()

function item(overrides: Partial<AlertItem> = {}): AlertItem {
  return {
    id: 'alert-1',
    ts: NOW - 5 * 60_000,
    accountId: 'paper-main',
    severity: 'critical',
    kind: 'drawdown',
    message: 'Drawdown 12.40% is above 10.00%',
    ruleId: 'drawdown',
    state: 'active',
    ...overrides,
  }
}

function raised(overrides: Partial<Alert> = {}): Alert {
  return {
    id: 'alert-9',
    ts: NOW,
    accountId: 'paper-main',
    severity: 'critical',
    kind: 'low_balance',
    message: 'Cash $800.00 is below $1,000.00',
    ...overrides,
  }
}

/** A stand-in for the browser's Notification API that records what it was asked to show. */
class FakeNotification {
  static permission: NotificationPermission = 'granted'
  static shown: { title: string; options?: NotificationOptions }[] = []
  static requestPermission = vi.fn(async () => {
    FakeNotification.permission = 'granted'
    return FakeNotification.permission
  })
  onclick: (() => void) | null = null
  constructor(title: string, options?: NotificationOptions) {
    FakeNotification.shown.push({ title, options })
  }
  close(): void {}
}

describe('Alerts', () => {
  let disconnect: () => void = () => undefined
  let host: FakeTransport

  async function start(
    alerts: readonly AlertItem[] = [],
    notifications: NotificationSettings = DEFAULT_NOTIFICATIONS,
  ): Promise<void> {
    const status = { rules: DEFAULT_ALERT_RULES, notifications, alerts }
    host = new FakeTransport(snapshot({ alerts: status }))
    host.responders['alerts:status'] = () => ok(status)
    disconnect = await connectFake(host)
  }

  function openAlerts(): void {
    render(<App />)
    fireEvent.click(screen.getByTestId('nav-alerts'))
  }

  beforeEach(() => {
    history.replaceState(null, '', '#/')
    FakeNotification.permission = 'granted'
    FakeNotification.shown = []
    vi.stubGlobal('Notification', FakeNotification)
  })

  afterEach(() => {
    cleanup()
    disconnect()
    vi.unstubAllGlobals()
    delete window.vigil
  })

  it('counts the active alerts on the navigation item as they are raised and settled', async () => {
    await start([item(), item({ id: 'alert-2', severity: 'warning' })])
    render(<App />)
    expect(screen.getByTestId('nav-alerts-count').textContent).toContain('2')
    act(() => host.emit({ type: 'alerts:raised', payload: raised({ id: 'c-1' }) }))
    expect(screen.getByTestId('nav-alerts-count').textContent).toContain('3')
    act(() =>
      host.emit({
        type: 'alerts:updated',
        payload: item({ state: 'acknowledged', acknowledgedAt: NOW }),
      }),
    )
    expect(screen.getByTestId('nav-alerts-count').textContent).toContain('2')
  })

  it('acknowledges and snoozes an active alert with the right commands', async () => {
    await start([item(), item({ id: 'alert-2', severity: 'warning', message: 'Win rate 35%' })])
    host.responders['alerts:acknowledge'] = (p) =>
      ok(
        item({
          id: (p as { alertId: string }).alertId,
          state: 'acknowledged',
          acknowledgedAt: NOW,
        }),
      )
    host.responders['alerts:snooze'] = (p) => {
      const { alertId, minutes } = p as { alertId: string; minutes: number }
      return ok(
        item({
          id: alertId,
          severity: 'warning',
          message: 'Win rate 35%',
          state: 'snoozed',
          snoozedUntil: NOW + minutes * 60_000,
        }),
      )
    }
    openAlerts()

    fireEvent.click(within(screen.getByTestId('alert-alert-1')).getByTestId('alert-acknowledge'))
    await waitFor(() => expect(screen.queryByTestId('alert-alert-1')).toBeNull())
    expect(host.callsTo('alerts:acknowledge')).toEqual([{ alertId: 'alert-1' }])

    fireEvent.click(within(screen.getByTestId('alert-alert-2')).getByTestId('alert-snooze-60'))
    await waitFor(() => expect(screen.queryByTestId('alert-alert-2')).toBeNull())
    expect(host.callsTo('alerts:snooze')).toEqual([{ alertId: 'alert-2', minutes: 60 }])

    expect(screen.getByTestId('alerts-none-active')).toBeTruthy()
    const states = screen.getAllByTestId('history-state').map((cell) => cell.textContent)
    expect(states).toEqual([
      expect.stringMatching(/^Acknowledged at/),
      expect.stringMatching(/^Snoozed until/),
    ])
  })

  it('shows why the engine refused to acknowledge', async () => {
    await start([item()])
    host.responders['alerts:acknowledge'] = () =>
      err('NOT_FOUND', 'No alert alert-1: it was already cleared.')
    openAlerts()
    fireEvent.click(screen.getByTestId('alert-acknowledge'))
    expect((await screen.findByTestId('alert-action-error')).textContent).toBe(
      'No alert alert-1: it was already cleared.',
    )
  })

  it('filters the history by severity', async () => {
    await start([
      item({ id: 'a', state: 'cleared', clearedAt: NOW }),
      item({ id: 'b', severity: 'info', state: 'acknowledged', message: 'Info thing' }),
    ])
    openAlerts()
    expect(screen.getAllByTestId('history-row')).toHaveLength(2)
    fireEvent.click(screen.getByTestId('history-filter-critical'))
    const rows = screen.getAllByTestId('history-row')
    expect(rows).toHaveLength(1)
    expect(rows[0]?.textContent).toContain('Info thing')
  })

  it('edits a percent threshold in percent and sends it as a fraction', async () => {
    await start()
    host.responders['alerts:update-rule'] = (p) => {
      const patch = p as Partial<AlertRule> & { id: AlertRule['id'] }
      const rule = DEFAULT_ALERT_RULES.find((r) => r.id === patch.id) as AlertRule
      return ok({ ...rule, ...patch })
    }
    openAlerts()
    const row = screen.getByTestId('rule-drawdown')
    const threshold = within(row).getByTestId('rule-threshold') as HTMLInputElement
    expect(threshold.value).toBe('10')
    expect(within(row).getByTestId('rule-unit').textContent).toBe('%')
    fireEvent.change(threshold, { target: { value: '15' } })
    fireEvent.change(within(row).getByTestId('rule-cooldown'), { target: { value: '30' } })
    fireEvent.click(within(row).getByTestId('rule-save'))
    await waitFor(() => expect(host.callsTo('alerts:update-rule')).toHaveLength(1))
    expect(host.callsTo('alerts:update-rule')[0]).toEqual({
      id: 'drawdown',
      threshold: 0.15,
      cooldownMs: 30 * 60_000,
    })
    await waitFor(() =>
      expect(
        (
          within(screen.getByTestId('rule-drawdown')).getByTestId(
            'rule-threshold',
          ) as HTMLInputElement
        ).value,
      ).toBe('15'),
    )
  })

  it('sends a count threshold as it is, and shows the engine refusal verbatim', async () => {
    await start()
    host.responders['alerts:update-rule'] = () =>
      err('INVALID_INPUT', 'minTrades: must be at most 10000')
    openAlerts()
    const row = screen.getByTestId('rule-win_rate')
    fireEvent.change(within(row).getByTestId('rule-min-trades'), { target: { value: '20000' } })
    fireEvent.click(within(row).getByTestId('rule-save'))
    expect((await within(row).findByTestId('rule-error')).textContent).toBe(
      'minTrades: must be at most 10000',
    )
    expect(host.callsTo('alerts:update-rule')).toEqual([{ id: 'win_rate', minTrades: 20000 }])
    // Rules without a trade count offer none.
    expect(
      within(screen.getByTestId('rule-low_balance')).queryByTestId('rule-min-trades'),
    ).toBeNull()
  })

  it('edits the fee tolerance in percent and the fills it waits for', async () => {
    await start()
    host.responders['alerts:update-rule'] = (p) => {
      const patch = p as Partial<AlertRule> & { id: AlertRule['id'] }
      const rule = DEFAULT_ALERT_RULES.find((r) => r.id === patch.id) as AlertRule
      return ok({ ...rule, ...patch })
    }
    openAlerts()
    const row = screen.getByTestId('rule-fees_above_schedule')
    expect(row.textContent).toContain('Fees above the published schedule by more than')
    expect((within(row).getByTestId('rule-threshold') as HTMLInputElement).value).toBe('5')
    expect(row.textContent).toMatch(/Judged after at least.*fills/)
    fireEvent.change(within(row).getByTestId('rule-threshold'), { target: { value: '2.5' } })
    fireEvent.change(within(row).getByTestId('rule-min-trades'), { target: { value: '30' } })
    fireEvent.click(within(row).getByTestId('rule-save'))
    await waitFor(() => expect(host.callsTo('alerts:update-rule')).toHaveLength(1))
    expect(host.callsTo('alerts:update-rule')[0]).toEqual({
      id: 'fees_above_schedule',
      threshold: 0.025,
      minTrades: 30,
    })
  })

  it('asks before a rule may trip the circuit breaker', async () => {
    await start()
    host.responders['alerts:update-rule'] = (p) =>
      ok({ ...(DEFAULT_ALERT_RULES[4] as AlertRule), ...(p as object) })
    openAlerts()
    const row = screen.getByTestId('rule-low_balance')
    const breaker = within(row).getByTestId('rule-trips-breaker') as HTMLInputElement
    fireEvent.click(breaker)
    fireEvent.click(
      within(screen.getByTestId('rule-breaker-confirm')).getByTestId('confirm-cancel'),
    )
    expect(breaker.checked).toBe(false)

    fireEvent.click(breaker)
    fireEvent.click(within(screen.getByTestId('rule-breaker-confirm')).getByTestId('confirm-ok'))
    expect(breaker.checked).toBe(true)
    fireEvent.click(within(row).getByTestId('rule-save'))
    await waitFor(() =>
      expect(host.callsTo('alerts:update-rule')).toEqual([
        { id: 'low_balance', tripsBreaker: true },
      ]),
    )
  })

  it('notifies a raised alert of an enabled severity, and not one of a disabled severity', async () => {
    await start([], { info: false, warning: true, critical: true })
    render(<App />)
    act(() => host.emit({ type: 'alerts:raised', payload: raised({ id: 'n-critical' }) }))
    expect(FakeNotification.shown).toHaveLength(1)
    expect(FakeNotification.shown[0]?.title).toBe('Vigil: Critical alert')
    expect(FakeNotification.shown[0]?.options?.body).toBe('Paper: Cash $800.00 is below $1,000.00')

    act(() =>
      host.emit({ type: 'alerts:raised', payload: raised({ id: 'i-1', severity: 'info' }) }),
    )
    expect(FakeNotification.shown).toHaveLength(1)
    // Both are listed all the same.
    expect(screen.getByTestId('nav-alerts-count').textContent).toContain('2')
  })

  it('follows the notification settings as the engine changes them', async () => {
    await start()
    host.responders['alerts:set-notifications'] = (p) =>
      ok({ ...DEFAULT_NOTIFICATIONS, ...(p as object) })
    openAlerts()
    fireEvent.click(screen.getByTestId('notify-info'))
    await waitFor(() =>
      expect((screen.getByTestId('notify-info') as HTMLInputElement).checked).toBe(true),
    )
    expect(host.callsTo('alerts:set-notifications')).toEqual([{ info: true }])
    act(() =>
      host.emit({ type: 'alerts:raised', payload: raised({ id: 'i-2', severity: 'info' }) }),
    )
    expect(FakeNotification.shown).toHaveLength(1)
  })

  it('does not notify inside the desktop app, whose main process does', async () => {
    window.vigil = {} as VigilBridge
    await start()
    render(<App />)
    act(() => host.emit({ type: 'alerts:raised', payload: raised({ id: 'e-1' }) }))
    expect(FakeNotification.shown).toHaveLength(0)
  })

  it('asks the browser for permission from the Alerts screen and shows the answer', async () => {
    FakeNotification.permission = 'default'
    await start()
    openAlerts()
    expect(screen.getByTestId('notify-permission').dataset.access).toBe('default')
    fireEvent.click(screen.getByTestId('notify-ask'))
    await waitFor(() =>
      expect(screen.getByTestId('notify-permission').dataset.access).toBe('granted'),
    )
    expect(FakeNotification.requestPermission).toHaveBeenCalled()
    expect(screen.queryByTestId('notify-ask')).toBeNull()
  })

  it('lists alerts where the browser has no Notification API', async () => {
    vi.stubGlobal('Notification', undefined)
    await start()
    openAlerts()
    expect(screen.getByTestId('notify-permission').dataset.access).toBe('unsupported')
    act(() => host.emit({ type: 'alerts:raised', payload: raised({ id: 'n-1' }) }))
    expect(
      within(screen.getByTestId('active-alerts')).getByTestId('alert-message').textContent,
    ).toBe('Cash $800.00 is below $1,000.00')
  })
})
