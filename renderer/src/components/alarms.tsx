/**
 * Under the header on every screen: the open critical alerts, and on first start the offer of
 * desktop notifications for them.
 */
import { CriticalAlertBar } from './critical-alert-bar'
import { NotificationOffer } from './notification-offer'

/** The alarm area of the shell (its own grid row, empty while there is nothing to say). */
export function Alarms() {
  return (
    <div className="alarms" data-testid="alarms">
      <CriticalAlertBar />
      <NotificationOffer />
    </div>
  )
}
