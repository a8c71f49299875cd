/**
 * The count of active alerts on the navigation item, in the colour of the worst of them, so an
 * alert is noticed from every screen. Nothing is shown while none is active.
 */
import { selectActiveCount, useAlertsStore } from '../../stores/alerts-store'
import './alerts.css'

/** A count badge, with words for screen readers. */
export function AlertsNavBadge() {
  const count = useAlertsStore(selectActiveCount)
  const critical = useAlertsStore((s) =>
    s.alerts.some((a) => a.state === 'active' && a.severity === 'critical'),
  )
  if (count === 0) return null
  const words = count === 1 ? '1 active alert' : `${count} active alerts`
  return (
    <span
      className={`nav-badge ${critical ? 'nav-badge-critical' : ''}`}
      data-testid="nav-alerts-count"
      title={words}
    >
      {count}
      <span className="sr-only"> {words}</span>
    </span>
  )
}
