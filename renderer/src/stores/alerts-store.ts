/**
 * Alerts as the console shows them: the rules, which severities become desktop notifications,
 * and the alerts themselves, newest first. The snapshot brings all three; 'alerts:raised' adds
 * an active alert, 'alerts:updated' replaces one (acknowledged, snoozed, awake again, cleared)
 * and 'alerts:rules' replaces the rules and the notification settings.
 */
import { create } from 'zustand'
import type { CommandPayload } from '../../../shared/contract'
import {
  DEFAULT_ALERT_RULES,
  DEFAULT_NOTIFICATIONS,
  type AlertItem,
  type AlertRule,
  type AlertsStatus,
  type NotificationSettings,
} from '../../../shared/performance'
import type { Result } from '../../../shared/result'
import type { Alert, Snapshot } from '../../../shared/types'
import { invoke } from '../lib/desk'

/** Alerts kept in the console: the newest ones. */
export const ALERTS_CAP = 1_000

/** The changes a rule can take (everything but its id). */
export type RulePatch = Omit<CommandPayload<'alerts:update-rule'>, 'id'>

/** State and actions of the alerts store. */
export interface AlertsState {
  readonly rules: readonly AlertRule[]
  readonly notifications: NotificationSettings
  /** Newest first. */
  readonly alerts: readonly AlertItem[]
  /** Why the last full load failed, or null. */
  readonly loadError: string | null
  /** An alert the Alerts screen should bring into view and focus once (from the header), or null. */
  readonly focusId: string | null
  resetFromSnapshot(snapshot: Snapshot): void
  applyRaised(alert: Alert): void
  applyUpdated(item: AlertItem): void
  applyRules(payload: {
    readonly rules: readonly AlertRule[]
    readonly notifications: NotificationSettings
  }): void
  /** Loads every alert the engine keeps (the snapshot carries the latest only). */
  load(): Promise<Result<AlertsStatus>>
  updateRule(id: AlertRule['id'], patch: RulePatch): Promise<Result<AlertRule>>
  acknowledge(alertId: string): Promise<Result<AlertItem>>
  snooze(alertId: string, minutes: number): Promise<Result<AlertItem>>
  setNotifications(patch: Partial<NotificationSettings>): Promise<Result<NotificationSettings>>
  /** Asks the Alerts screen to bring an alert into view; it calls clearFocus once it has. */
  focusAlert(alertId: string): void
  clearFocus(): void
}

function upsert(alerts: readonly AlertItem[], item: AlertItem): AlertItem[] {
  const next = alerts.filter((a) => a.id !== item.id)
  next.push(item)
  next.sort((a, b) => b.ts - a.ts)
  return next.length > ALERTS_CAP ? next.slice(0, ALERTS_CAP) : next
}

/** The alerts store. */
export const useAlertsStore = create<AlertsState>()((set, get) => ({
  rules: DEFAULT_ALERT_RULES,
  notifications: DEFAULT_NOTIFICATIONS,
  alerts: [],
  loadError: null,
  focusId: null,

  resetFromSnapshot(snapshot) {
    // An engine older than the alert system sends none; the defaults then show.
    const status = snapshot.alerts
    set({
      rules: status?.rules ?? DEFAULT_ALERT_RULES,
      notifications: status?.notifications ?? DEFAULT_NOTIFICATIONS,
      alerts: [...(status?.alerts ?? [])].sort((a, b) => b.ts - a.ts),
      loadError: null,
    })
  },

  applyRaised(alert) {
    // An update about it may have come first; it is newer than the raise.
    if (get().alerts.some((a) => a.id === alert.id)) return
    const item: AlertItem = {
      id: alert.id,
      ts: alert.ts,
      accountId: alert.accountId,
      severity: alert.severity,
      kind: alert.kind,
      message: alert.message,
      state: 'active',
    }
    set((s) => ({ alerts: upsert(s.alerts, item) }))
  },

  applyUpdated(item) {
    set((s) => ({ alerts: upsert(s.alerts, item) }))
  },

  applyRules({ rules, notifications }) {
    set({ rules, notifications })
  },

  async load() {
    const result = await invoke('alerts:status', {})
    if (result.ok) {
      set({
        rules: result.value.rules,
        notifications: result.value.notifications,
        alerts: [...result.value.alerts].sort((a, b) => b.ts - a.ts).slice(0, ALERTS_CAP),
        loadError: null,
      })
    } else {
      set({ loadError: result.error.message })
    }
    return result
  },

  async updateRule(id, patch) {
    const result = await invoke('alerts:update-rule', { id, ...patch })
    if (result.ok) set((s) => ({ rules: s.rules.map((r) => (r.id === id ? result.value : r)) }))
    return result
  },

  async acknowledge(alertId) {
    const result = await invoke('alerts:acknowledge', { alertId })
    if (result.ok) get().applyUpdated(result.value)
    return result
  },

  async snooze(alertId, minutes) {
    const result = await invoke('alerts:snooze', { alertId, minutes })
    if (result.ok) get().applyUpdated(result.value)
    return result
  },

  async setNotifications(patch) {
    const result = await invoke('alerts:set-notifications', patch)
    if (result.ok) set({ notifications: result.value })
    return result
  },

  focusAlert(alertId) {
    set({ focusId: alertId })
  },

  clearFocus() {
    set({ focusId: null })
  },
}))

/** How many alerts are active (neither acknowledged, snoozed nor cleared). */
export function selectActiveCount(state: AlertsState): number {
  return state.alerts.filter((a) => a.state === 'active').length
}

/** The open critical alerts (active: neither acknowledged, snoozed nor cleared), newest first. */
export function openCritical(alerts: readonly AlertItem[]): AlertItem[] {
  return alerts.filter((a) => a.state === 'active' && a.severity === 'critical')
}

/** How many critical alerts are open. */
export function selectOpenCriticalCount(state: AlertsState): number {
  return openCritical(state.alerts).length
}
