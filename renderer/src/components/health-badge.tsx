/**
 * The header's health badge: HEALTHY (green), DEGRADED (amber) or CRITICAL (red), written out
 * so colour is never the only signal. It is a button: pressing it opens the Health screen.
 */
import { STATUS_CLASS, STATUS_MEANING } from '../lib/health-format'
import { useHealthStore } from '../stores/health-store'

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
  const word = status ?? 'HEALTH —'
  const hint = status
    ? `${STATUS_MEANING[status]}${failing > 0 ? ` ${failing} check${failing === 1 ? '' : 's'} not OK.` : ''} Open the Health screen.`
    : 'No health round has run yet. Open the Health screen.'
  return (
    <button
      type="button"
      className={`health-badge ${status ? STATUS_CLASS[status] : 'health-unknown'}`}
      data-testid="health-badge"
      data-status={status ?? 'UNKNOWN'}
      aria-label={`System health: ${status ?? 'not known yet'}. Open the Health screen.`}
      title={hint}
      onClick={onOpen}
    >
      {word}
    </button>
  )
}
