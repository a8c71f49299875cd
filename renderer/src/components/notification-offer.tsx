/**
 * The offer of desktop notifications for critical alerts, under the header on first start, so a
 * critical alert is seen while this tab is in the background. One click asks the browser; the
 * answer (or "Not now") is remembered in this browser and the offer is not made again. The
 * desktop app notifies by itself, and a browser that already allowed or refused is not asked:
 * the Alerts screen keeps the setting either way.
 */
import { useState } from 'react'
import { offerAnswer, saveOfferAnswer } from '../lib/alarm-prefs'
import { askNotificationPermission, notificationAccess } from '../lib/notifications'
import { useAlertsStore } from '../stores/alerts-store'

function shouldOffer(): boolean {
  return notificationAccess() === 'default' && offerAnswer() === null
}

/** The notification offer; renders nothing once answered or where it does not apply. */
export function NotificationOffer() {
  const [offered, setOffered] = useState(shouldOffer)
  if (!offered) return null

  const allow = async (): Promise<void> => {
    saveOfferAnswer('asked')
    setOffered(false)
    const access = await askNotificationPermission()
    const store = useAlertsStore.getState()
    // The trader asked for critical alerts; an engine that had them off turns them on.
    if (access === 'granted' && !store.notifications.critical)
      await store.setNotifications({ critical: true })
  }

  const later = (): void => {
    saveOfferAnswer('later')
    setOffered(false)
  }

  return (
    <section
      className="notification-offer"
      aria-label="Desktop notifications"
      data-testid="notification-offer"
    >
      <p>
        A critical alert can show as a desktop notification, even while this tab is in the
        background. You can change this later on the Alerts screen.
      </p>
      <div className="notification-offer-actions">
        <button
          type="button"
          className="small primary"
          data-testid="notification-offer-allow"
          onClick={() => void allow()}
        >
          Allow desktop notifications for critical alerts
        </button>
        <button
          type="button"
          className="small"
          data-testid="notification-offer-later"
          onClick={later}
        >
          Not now
        </button>
      </div>
    </section>
  )
}
