/**
 * The header's health badge: HEALTHY (green), DEGRADED (amber) or CRITICAL (red), written out
 * so colour is never the only signal. It is a button: pressing it opens the Health screen.
 * Health is the round of health checks; while a critical alert is open a green HEALTHY would
 * reassure wrongly, so it reads CHECKS OK (uncoloured) with the red alarm chip beside it.
 */
import { STATUS_CLASS, STATUS_MEANING } from '../lib/health-format'
import { selectOpenCriticalCount, useAlertsStore } from '../stores/alerts-store'
import { useHealthStore } from '../stores/health-store'
import { AlarmChip } from './alarm-chip'

/** Props of HealthBadge. */
export interface HealthBadgeProps {
  /** Opens the Health screen. */
  readonly onOpen: () => void
}

/** Shows the engine's overall health; before the first round it says it is not known yet. */
export function HealthBadge({ onOpen }: HealthBadgeProps) {
  const status = useHealthStore((s) => s.latest?.status ?? null)
  const failing = useHealthStore(
    (s) => s.latest?.checks.filter((c) => c.level !== 'OK').length ?? 0,
  )
  const alarm = useAlertsStore(selectOpenCriticalCount) > 0
  const checksOkOnly = alarm && status === 'HEALTHY'
  const word = checksOkOnly ? 'CHECKS OK' : (status ?? 'HEALTH —')
  const hint = status
    ? `${STATUS_MEANING[status]}${failing > 0 ? ` ${failing} check${failing === 1 ? '' : 's'} not OK.` : ''}${checksOkOnly ? ' A critical alert is open all the same.' : ''} Open the Health screen.`
    : 'No health round has run yet. Open the Health screen.'
  const colour = checksOkOnly ? 'health-unknown' : status ? STATUS_CLASS[status] : 'health-unknown'
  return (
    <>
      <button
        type="button"
        className={`health-badge ${colour}`}
        data-testid="health-badge"
        data-status={status ?? 'UNKNOWN'}
        aria-label={`System health: ${checksOkOnly ? 'every check passed, but a critical alert is open' : (status ?? 'not known yet')}. Open the Health screen.`}
        title={hint}
        onClick={onOpen}
      >
        {word}
      </button>
      <AlarmChip />
    </>
  )
}
