/**
 * A critical alert cannot be missed: the bar under the header on every screen (with its text,
 * time, a way to it and Acknowledge), the header's alarm beside the health badge, the offer of
 * desktop notifications on first start, and the optional alarm sound.
 */
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  DEFAULT_ALERT_RULES,
  DEFAULT_NOTIFICATIONS,
  type AlertItem,
} from '../../../shared/performance'
import { err, ok } from '../../../shared/result'
import type { VigilBridge } from '../../../shared/bridge'
import type { Alert, HealthReport } from '../../../shared/types'
import { App } from '../../../renderer/src/app'
import { useAlarmSoundStore } from '../../../renderer/src/stores/alarm-sound-store'
import { connectFake, FakeTransport, snapshot } from './harness'

vi.mock('lightweight-charts', async () => ({
  ...(await import('./chart-mock')).lightweightChartsMock(),
  HistogramSeries: { type: 'Histogram' },
}))

const NOW = Date.now()

function item(overrides: Partial<AlertItem> = {}): AlertItem {
  return {
    id: 'crit-1',
    ts: NOW - 5 * 60_000,
    accountId: 'paper-main',
    severity: 'critical',
    kind: 'low_balance',
    message: 'Cash $800.00 is below $1,000.00',
    ruleId: 'low_balance',
    state: 'active',
    ...overrides,
  }
}

function raised(overrides: Partial<Alert> = {}): Alert {
  return {
    id: 'crit-new',
    ts: NOW,
    accountId: 'paper-main',
    severity: 'critical',
    kind: 'drawdown',
    message: 'Drawdown 12.40% is above 10.00%',
    ...overrides,
  }
}

const HEALTHY: HealthReport = { ts: NOW - 10_000, status: 'HEALTHY', checks: [], durationMs: 5 }

/** The browser's Notification API, not yet answered, recording the permission requests. */
class FakeNotification {
  static permission: NotificationPermission = 'default'
  static requestPermission = vi.fn(async () => {
    FakeNotification.permission = 'granted'
    return FakeNotification.permission
  })
  onclick: (() => void) | null = null
  close(): void {}
}

interface Beep {
  frequency: number
  start: number
  stop: number
}

/** A Web Audio context that records the oscillators it was asked to play. */
class FakeAudioContext {
  static beeps: Beep[] = []
  /** Whether the browser lets the page start sound (false: no click in the page yet). */
  static allowed = true
  state: AudioContextState = 'suspended'
  currentTime = 10
  readonly destination = {}
  async resume(): Promise<void> {
    if (FakeAudioContext.allowed) this.state = 'running'
  }
  createGain() {
    return { gain: { value: 1 }, connect: () => undefined }
  }
  createOscillator() {
    const beep: Beep = { frequency: 0, start: -1, stop: -1 }
    return {
      type: 'sine',
      frequency: {
        get value() {
          return beep.frequency
        },
        set value(v: number) {
          beep.frequency = v
        },
      },
      connect: () => undefined,
      start: (t: number) => {
        beep.start = t
        FakeAudioContext.beeps.push(beep)
      },
      stop: (t: number) => {
        beep.stop = t
      },
    }
  }
}

describe('critical alerts', () => {
  let disconnect: () => void = () => undefined
  let host: FakeTransport
  // What the engine holds: the Alerts screen reloads it as it opens.
  let held: AlertItem[] = []

  async function start(alerts: readonly AlertItem[] = []): Promise<void> {
    held = [...alerts]
    const status = () => ({
      rules: DEFAULT_ALERT_RULES,
      notifications: DEFAULT_NOTIFICATIONS,
      alerts: held,
    })
    host = new FakeTransport(snapshot({ alerts: status(), health: HEALTHY }))
    host.responders['alerts:status'] = () => ok(status())
    host.responders['alerts:acknowledge'] = (p) => {
      const { alertId } = p as { alertId: string }
      const found = held.find((h) => h.id === alertId)
      if (!found) return err('NOT_FOUND', `No alert "${alertId}".`)
      const done: AlertItem = { ...found, state: 'acknowledged', acknowledgedAt: NOW }
      held = held.map((h) => (h.id === alertId ? done : h))
      return ok(done)
    }
    disconnect = await connectFake(host)
  }

  /** The engine raises an alert: it holds it and tells the console. */
  function raise(...alerts: Alert[]): void {
    for (const a of alerts)
      if (!held.some((h) => h.id === a.id)) held = [{ ...a, state: 'active' }, ...held]
    act(() => host.emit(...alerts.map((a) => ({ type: 'alerts:raised' as const, payload: a }))))
  }

  beforeEach(() => {
    history.replaceState(null, '', '#/')
    localStorage.clear()
    FakeNotification.permission = 'granted'
    FakeNotification.requestPermission.mockClear()
    vi.stubGlobal('Notification', FakeNotification)
    FakeAudioContext.beeps = []
    FakeAudioContext.allowed = true
    // A class of its own per test: the console keeps one audio context per class.
    vi.stubGlobal('AudioContext', class extends FakeAudioContext {})
    useAlarmSoundStore.setState(useAlarmSoundStore.getInitialState(), true)
  })

  afterEach(() => {
    cleanup()
    disconnect()
    vi.unstubAllGlobals()
    delete window.vigil
  })

  describe('the bar under the header', () => {
    it('shows an open critical alert on every screen, with its text, time and zone', async () => {
      await start([item()])
      render(<App />)
      const bar = screen.getByTestId('critical-alert-bar')
      expect(within(bar).getByTestId('critical-alert-count').textContent).toBe(
        '1 critical alert open',
      )
      expect(within(bar).getByTestId('critical-alert-message').textContent).toBe(
        'Cash $800.00 is below $1,000.00',
      )
      // The time stands alone, so it names its zone.
      expect(within(bar).getByTestId('critical-alert-time').textContent).toMatch(
        /^raised at \d\d:\d\d:\d\d \S+/,
      )
      for (const id of ['orders', 'performance', 'health']) {
        fireEvent.click(screen.getByTestId(`nav-${id}`))
        expect(screen.getByTestId(`nav-${id}`).getAttribute('aria-current')).toBe('page')
        expect(screen.getByTestId('critical-alert-message').textContent).toBe(
          'Cash $800.00 is below $1,000.00',
        )
      }
    })

    it('shows nothing for warnings, or for critical alerts already acknowledged or snoozed', async () => {
      await start([
        item({ id: 'w', severity: 'warning' }),
        item({ id: 'a', state: 'acknowledged', acknowledgedAt: NOW }),
        item({ id: 's', state: 'snoozed', snoozedUntil: NOW + 60_000 }),
      ])
      render(<App />)
      expect(screen.queryByTestId('critical-alert-bar')).toBeNull()
      expect(screen.queryByTestId('header-alarm')).toBeNull()
      expect(screen.getByTestId('health-badge').textContent).toBe('HEALTHY')
    })

    it('counts several and shows the newest one', async () => {
      await start([item()])
      render(<App />)
      raise(raised())
      expect(screen.getByTestId('critical-alert-count').textContent).toBe('2 critical alerts open')
      expect(screen.getByTestId('critical-alert-message').textContent).toBe(
        'Drawdown 12.40% is above 10.00%',
      )
      expect(screen.getByTestId('critical-alert-open').textContent).toBe('See all 2 in Alerts')
    })

    it('opens the alert on the Alerts screen and gives it the focus', async () => {
      await start([item()])
      render(<App />)
      fireEvent.click(screen.getByTestId('nav-orders'))
      fireEvent.click(screen.getByTestId('critical-alert-open'))
      const shown = await screen.findByTestId('alert-crit-1')
      expect(screen.getByTestId('nav-alerts').getAttribute('aria-current')).toBe('page')
      await waitFor(() => expect(document.activeElement).toBe(shown))
    })

    it('acknowledges the newest from the bar (the engine command), then shows the next, then goes', async () => {
      await start([item()])
      render(<App />)
      raise(raised())
      fireEvent.click(screen.getByTestId('critical-alert-acknowledge'))
      await waitFor(() =>
        expect(screen.getByTestId('critical-alert-count').textContent).toBe(
          '1 critical alert open',
        ),
      )
      expect(host.callsTo('alerts:acknowledge')).toEqual([{ alertId: 'crit-new' }])
      expect(screen.getByTestId('critical-alert-message').textContent).toBe(
        'Cash $800.00 is below $1,000.00',
      )
      fireEvent.click(screen.getByTestId('critical-alert-acknowledge'))
      await waitFor(() => expect(screen.queryByTestId('critical-alert-bar')).toBeNull())
      expect(host.callsTo('alerts:acknowledge')).toEqual([
        { alertId: 'crit-new' },
        { alertId: 'crit-1' },
      ])
      expect(screen.queryByTestId('nav-alerts-count')).toBeNull()
    })

    it('says why the engine refused to acknowledge, and keeps the bar', async () => {
      await start([item()])
      host.responders['alerts:acknowledge'] = () => err('NOT_FOUND', 'No alert "crit-1".')
      render(<App />)
      fireEvent.click(screen.getByTestId('critical-alert-acknowledge'))
      expect((await screen.findByTestId('critical-alert-error')).textContent).toBe(
        'Vigil could not acknowledge it: No alert "crit-1".',
      )
      expect(screen.getByTestId('critical-alert-bar')).toBeTruthy()
    })

    it('announces a newly shown alert once, not the older one the bar falls back to', async () => {
      await start([item()])
      render(<App />)
      const announced = (): string[] =>
        within(screen.getByTestId('critical-alert-bar'))
          .queryAllByRole('alert')
          .map((node) => node.textContent ?? '')
      expect(announced()).toEqual([expect.stringContaining('Cash $800.00')])
      raise(raised())
      expect(announced()).toEqual([expect.stringContaining('Drawdown 12.40%')])
      act(() =>
        host.emit({
          type: 'alerts:updated',
          payload: item({
            id: 'crit-new',
            message: 'Drawdown 12.40% is above 10.00%',
            state: 'acknowledged',
            acknowledgedAt: NOW,
          }),
        }),
      )
      expect(screen.getByTestId('critical-alert-message').textContent).toBe(
        'Cash $800.00 is below $1,000.00',
      )
      expect(announced()).toEqual([])
      // Snoozed, then awake again: it is news again.
      act(() => host.emit({ type: 'alerts:updated', payload: item({ state: 'snoozed' }) }))
      expect(screen.queryByTestId('critical-alert-bar')).toBeNull()
      act(() => host.emit({ type: 'alerts:updated', payload: item() }))
      expect(announced()).toEqual([expect.stringContaining('Cash $800.00')])
    })

    it('keeps the header from reading HEALTHY while a critical alert is open', async () => {
      await start()
      render(<App />)
      expect(screen.getByTestId('health-badge').textContent).toBe('HEALTHY')
      raise(raised())
      expect(screen.getByTestId('health-badge').textContent).toBe('CHECKS OK')
      expect(screen.getByTestId('health-badge').className).not.toContain('health-healthy')
      const alarm = screen.getByTestId('header-alarm')
      expect(alarm.textContent).toBe('1 CRITICAL ALERT')
      fireEvent.click(alarm)
      await screen.findByTestId('alert-crit-new')
      fireEvent.click(screen.getByTestId('critical-alert-acknowledge'))
      await waitFor(() => expect(screen.queryByTestId('header-alarm')).toBeNull())
      expect(screen.getByTestId('health-badge').textContent).toBe('HEALTHY')
    })
  })

  describe('the offer of desktop notifications on first start', () => {
    it('asks the browser with one click, and is not made again', async () => {
      FakeNotification.permission = 'default'
      await start()
      render(<App />)
      const offer = screen.getByTestId('notification-offer')
      fireEvent.click(within(offer).getByText('Allow desktop notifications for critical alerts'))
      await waitFor(() => expect(screen.queryByTestId('notification-offer')).toBeNull())
      expect(FakeNotification.requestPermission).toHaveBeenCalledTimes(1)
      cleanup()
      // The browser may keep the question open (permission still 'default'): not asked twice.
      FakeNotification.permission = 'default'
      render(<App />)
      expect(screen.queryByTestId('notification-offer')).toBeNull()
    })

    it('is not made again after Not now, and asks nothing', async () => {
      FakeNotification.permission = 'default'
      await start()
      render(<App />)
      fireEvent.click(screen.getByTestId('notification-offer-later'))
      expect(screen.queryByTestId('notification-offer')).toBeNull()
      cleanup()
      render(<App />)
      expect(screen.queryByTestId('notification-offer')).toBeNull()
      expect(FakeNotification.requestPermission).not.toHaveBeenCalled()
    })

    it('is not made where the answer is known or the desktop app notifies', async () => {
      FakeNotification.permission = 'denied'
      await start()
      render(<App />)
      expect(screen.queryByTestId('notification-offer')).toBeNull()
      cleanup()
      FakeNotification.permission = 'default'
      window.vigil = {} as VigilBridge
      render(<App />)
      expect(screen.queryByTestId('notification-offer')).toBeNull()
    })
  })

  describe('the alarm sound', () => {
    /** Opens the Alerts screen and lets its reload of the list land. */
    async function openAlerts(): Promise<void> {
      render(<App />)
      fireEvent.click(screen.getByTestId('nav-alerts'))
      await act(async () => undefined)
    }

    it('is off at first: a critical alert makes no sound', async () => {
      await start()
      await openAlerts()
      expect((screen.getByTestId('alarm-sound-enabled') as HTMLInputElement).checked).toBe(false)
      raise(raised({ id: 'quiet' }))
      await screen.findByTestId('critical-alert-bar')
      expect(FakeAudioContext.beeps).toEqual([])
    })

    it('once turned on, beeps once per new critical alert and is remembered', async () => {
      await start()
      await openAlerts()
      fireEvent.click(screen.getByTestId('alarm-sound-enabled'))
      raise(raised({ id: 'loud' }))
      await waitFor(() => expect(FakeAudioContext.beeps).toHaveLength(3))
      expect(FakeAudioContext.beeps.map((b) => b.frequency)).toEqual([880, 880, 880])
      expect(FakeAudioContext.beeps.map((b) => b.start)).toEqual([10, 10.25, 10.5])
      // The same alert again (a reconnect replays it), and a warning: no sound.
      raise(raised({ id: 'loud' }), raised({ id: 'warn', severity: 'warning' }))
      await waitFor(() => expect(useAlarmSoundStore.getState().outcome).toBe('played'))
      expect(FakeAudioContext.beeps).toHaveLength(3)
      // A new tab of this browser keeps the choice.
      useAlarmSoundStore.setState(useAlarmSoundStore.getInitialState(), true)
      cleanup()
      await openAlerts()
      expect(localStorage.getItem('vigil.alarm.sound')).toBe('on')
    })

    it('plays the test sound on demand', async () => {
      await start()
      await openAlerts()
      fireEvent.click(screen.getByTestId('alarm-sound-test'))
      expect((await screen.findByTestId('alarm-sound-outcome')).dataset.outcome).toBe('played')
      expect(FakeAudioContext.beeps).toHaveLength(3)
    })

    it('says so when the browser blocks the sound before any click', async () => {
      FakeAudioContext.allowed = false
      await start()
      await openAlerts()
      fireEvent.click(screen.getByTestId('alarm-sound-enabled'))
      fireEvent.click(screen.getByTestId('nav-overview'))
      raise(raised({ id: 'blocked' }))
      expect((await screen.findByTestId('critical-alert-sound-blocked')).textContent).toMatch(
        /could not play/,
      )
      expect(FakeAudioContext.beeps).toEqual([])
      fireEvent.click(screen.getByTestId('nav-alerts'))
      expect(screen.getByTestId('alarm-sound-outcome').textContent).toMatch(/could not sound/)
    })
  })
})
