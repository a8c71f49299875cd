/**
 * Desktop notifications of alerts in the browser host, with the Web Notification API. Inside
 * Electron the main process shows them (the console there would only notify twice), so nothing
 * is shown from here; where the API is missing (an old browser, jsdom) nothing breaks.
 */
import type { NotificationSettings } from '../../../shared/performance'
import type { Alert } from '../../../shared/types'
import { SEVERITY_LABEL } from './alert-severity'
import { inElectron } from './desk'

/**
 * Whether this console can notify: 'electron' (the desktop app notifies), 'unsupported' (no
 * Notification API), or the browser's permission: 'default' (not asked yet), 'granted', 'denied'.
 */
export type NotificationAccess = 'electron' | 'unsupported' | NotificationPermission

function notificationApi(): typeof Notification | null {
  if (typeof window === 'undefined' || typeof window.Notification !== 'function') return null
  return window.Notification
}

/** What this console can do about notifications now. */
export function notificationAccess(): NotificationAccess {
  if (inElectron()) return 'electron'
  return notificationApi()?.permission ?? 'unsupported'
}

/** Asks the browser for permission (it shows its own prompt); answers the access after. */
export async function askNotificationPermission(): Promise<NotificationAccess> {
  const api = notificationApi()
  if (inElectron() || !api) return notificationAccess()
  try {
    await api.requestPermission()
  } catch {
    // A browser may refuse to ask (no user gesture); the permission then stays as it was.
  }
  return notificationAccess()
}

// An alert that arrives twice (a reconnect replays the buffer) is shown once.
const shown = new Set<string>()
const SHOWN_CAP = 500

/**
 * Shows an alert as a desktop notification when its severity is turned on, the browser allows
 * it and this is not the Electron window. Answers whether one was shown.
 */
export function notifyAlert(
  alert: Alert,
  settings: NotificationSettings,
  accountName?: string,
): boolean {
  const api = notificationApi()
  if (!api || inElectron() || !settings[alert.severity] || api.permission !== 'granted')
    return false
  if (shown.has(alert.id)) return false
  if (shown.size >= SHOWN_CAP) shown.clear()
  shown.add(alert.id)
  try {
    const notification = new api(`Vigil: ${SEVERITY_LABEL[alert.severity]} alert`, {
      body: accountName ? `${accountName}: ${alert.message}` : alert.message,
      tag: alert.id,
      requireInteraction: alert.severity === 'critical',
    })
    notification.onclick = () => {
      window.focus()
      location.hash = '#/alerts'
      notification.close()
    }
    return true
  } catch {
    // Some browsers only notify from a service worker and throw here; the Alerts screen still lists it.
    return false
  }
}
