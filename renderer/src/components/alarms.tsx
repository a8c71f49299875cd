/**
 * Under the header on every screen: the open critical alerts.
 */
import { CriticalAlertBar } from './critical-alert-bar'

/** The alarm area of the shell (its own grid row, empty while there is nothing to say). */
export function Alarms() {
  return (
    <div className="alarms" data-testid="alarms">
      <CriticalAlertBar />
    </div>
  )
}
