/**
 * Desktop notifications for alerts, through Electron's Notification, for the severities the
 * trader chose (Alerts screen). The settings come from the engine and follow its changes.
 */
import { DEFAULT_NOTIFICATIONS, type NotificationSettings } from '../../shared/performance'
import type { Engine } from '../engine'

export interface NotifierDeps {
  readonly engine: Engine
  /** Whether the system can show notifications at all. */
  isSupported(): boolean
  show(title: string, body: string): void
}

const TITLES = { info: 'Vigil', warning: 'Vigil: warning', critical: 'Vigil: CRITICAL' } as const

/** Shows each raised alert of an enabled severity; returns the remover. */
export function registerAlertNotifications(deps: NotifierDeps): () => void {
  let settings: NotificationSettings = DEFAULT_NOTIFICATIONS
  void deps.engine
    .handle({ name: 'alerts:status', payload: {} }, { source: 'ticket' })
    .then((result) => {
      if (result.ok) settings = result.value.notifications ?? settings
    })
  return deps.engine.subscribe((event) => {
    if (event.type === 'alerts:rules') settings = event.payload.notifications
    else if (
      event.type === 'alerts:raised' &&
      settings[event.payload.severity] &&
      deps.isSupported()
    )
      deps.show(TITLES[event.payload.severity], event.payload.message)
  })
}
