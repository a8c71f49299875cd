/**
 * Which severities become desktop notifications (an engine setting, shared by every console),
 * and whether this browser may show them: its permission, and a button to ask for it.
 */
import { useState } from 'react'
import { SEVERITIES, SEVERITY_LABEL, type Severity } from '../../lib/alert-severity'
import {
  askNotificationPermission,
  notificationAccess,
  type NotificationAccess,
} from '../../lib/notifications'
import { useAlertsStore } from '../../stores/alerts-store'
import { useConnectionStore } from '../../stores/connection-store'

const ACCESS_WORDS: Readonly<Record<NotificationAccess, string>> = {
  electron: 'The desktop app shows the notifications itself.',
  unsupported: 'This browser cannot show desktop notifications; alerts still show on this screen.',
  default: 'This browser has not been allowed to show notifications yet.',
  granted: 'This browser may show notifications.',
  denied:
    'This browser blocks notifications from Vigil. Allow them in the site settings (the icon left of the address) to see alerts outside this tab.',
}

/** The notifications panel. */
export function NotificationsPanel() {
  const settings = useAlertsStore((s) => s.notifications)
  const setNotifications = useAlertsStore((s) => s.setNotifications)
  const online = useConnectionStore((s) => s.status === 'online')
  const [access, setAccess] = useState<NotificationAccess>(notificationAccess)
  const [busy, setBusy] = useState<Severity | null>(null)
  const [error, setError] = useState<string | null>(null)

  const toggle = async (severity: Severity, on: boolean): Promise<void> => {
    setBusy(severity)
    setError(null)
    const result = await setNotifications({ [severity]: on })
    setBusy(null)
    if (!result.ok) setError(result.error.message)
  }

  return (
    <section className="panel" aria-labelledby="notifications-title">
      <h2 id="notifications-title" className="panel-title">
        Desktop notifications
      </h2>
      <fieldset className="notify-severities">
        <legend className="label">Notify me of alerts that are</legend>
        {SEVERITIES.map((severity) => (
          <label key={severity} className="check">
            <input
              type="checkbox"
              data-testid={`notify-${severity}`}
              checked={settings[severity]}
              disabled={busy !== null || !online}
              onChange={(event) => void toggle(severity, event.target.checked)}
            />
            <span>{SEVERITY_LABEL[severity]}</span>
          </label>
        ))}
      </fieldset>
      {error ? (
        <p className="negative" role="alert" data-testid="notify-error">
          {error}
        </p>
      ) : null}
      <div className="notify-permission">
        <span data-testid="notify-permission" data-access={access}>
          {ACCESS_WORDS[access]}
        </span>
        {access === 'default' ? (
          <button
            type="button"
            className="small primary"
            data-testid="notify-ask"
            onClick={() => void askNotificationPermission().then(setAccess)}
          >
            Allow notifications in this browser
          </button>
        ) : null}
      </div>
    </section>
  )
}
