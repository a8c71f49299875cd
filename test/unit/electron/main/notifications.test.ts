/**
 * Alerts as desktop notifications in Electron: shown for the severities the trader chose, with
 * the choice read from the engine at start and followed when it changes.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { runApp } from '../../../../electron/main/lifecycle'
import { resolveAppLocations } from '../../../../electron/main/paths'
import { DEFAULT_ALERT_RULES } from '../../../../shared/performance'
import { ok } from '../../../../shared/result'
import { Notification, recorded, resetFakeElectron } from '../fake-electron'
import { createFakeEngine } from '../fake-engine'

vi.mock('electron', () => import('../fake-electron'))

const locations = resolveAppLocations({
  isPackaged: true,
  mainModuleUrl: 'file:///opt/Vigil/out/main/index.js',
})
beforeEach(() => resetFakeElectron())

const alert = (severity: 'info' | 'warning' | 'critical', message: string) => ({
  type: 'alerts:raised' as const,
  payload: { id: message, ts: 0, accountId: 'paper-1', severity, kind: 'rule_drawdown', message },
})

describe('alert notifications', () => {
  it('shows the enabled severities and follows a change of setting', async () => {
    const fake = createFakeEngine()
    fake.handle.mockImplementation(async (command) =>
      command.name === 'alerts:status'
        ? ok({
            rules: [],
            alerts: [],
            notifications: { info: false, warning: false, critical: true },
          })
        : command.name === 'app:get-snapshot'
          ? ok({ globalTradingState: 'ACTIVE', tradingStates: {} })
          : ok({}),
    )
    await runApp({ startEngine: async () => fake.engine, locations }).started
    await vi.waitFor(() =>
      expect(fake.handle.mock.calls.some(([c]) => c.name === 'alerts:status')).toBe(true),
    )
    fake.emit(alert('warning', 'Win rate low'))
    fake.emit(alert('critical', 'Drawdown 12%'))
    expect(recorded.notifications).toEqual([{ title: 'Vigil: CRITICAL', body: 'Drawdown 12%' }])

    fake.emit({
      type: 'alerts:rules',
      payload: {
        rules: DEFAULT_ALERT_RULES,
        notifications: { info: false, warning: true, critical: true },
      },
    })
    fake.emit(alert('warning', 'Win rate low'))
    expect(recorded.notifications.at(-1)).toEqual({ title: 'Vigil: warning', body: 'Win rate low' })
  })

  it('shows nothing where the system has no notifications', async () => {
    Notification.isSupported.mockReturnValue(false)
    const fake = createFakeEngine()
    await runApp({ startEngine: async () => fake.engine, locations }).started
    fake.emit(alert('critical', 'Drawdown 12%'))
    expect(recorded.notifications).toEqual([])
    Notification.isSupported.mockReturnValue(true)
  })
})
