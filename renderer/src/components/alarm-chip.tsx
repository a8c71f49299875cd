/**
 * The header's alarm: "1 CRITICAL ALERT" in red, next to the health badge, on every screen while
 * a critical alert is open; pressing it opens the newest on the Alerts screen. Nothing shows
 * while none is open.
 */
import { useMemo } from 'react'
import { openCritical, useAlertsStore } from '../stores/alerts-store'
import { openAlertOnAlertsScreen } from './critical-alert-bar'

/** The alarm chip of the header. */
export function AlarmChip() {
  const alerts = useAlertsStore((s) => s.alerts)
  const open = useMemo(() => openCritical(alerts), [alerts])
  const newest = open[0]
  if (!newest) return null
  const plural = open.length === 1 ? '' : 'S'
  return (
    <button
      type="button"
      className="alarm-chip"
      data-testid="header-alarm"
      title={`Newest: ${newest.message}. Open it on the Alerts screen.`}
      onClick={() => openAlertOnAlertsScreen(newest.id)}
    >
      {/* In a narrow window "1 ALERT": the red bar under the header says it is critical. */}
      {/* One span: in the chip's flex box, loose text would lose the spaces at its edges. */}
      <span>
        {open.length} <span className="wide-only">CRITICAL </span>ALERT{plural}
      </span>
    </button>
  )
}
