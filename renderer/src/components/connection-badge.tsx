/**
 * The header's connection indicator: online, connecting or offline, in words and color.
 */
import { useConnectionStore } from '../stores/connection-store'

const TEXT = {
  online: 'Online',
  connecting: 'Connecting…',
  offline: 'Offline, reconnecting',
  'signed-out': 'Signed out',
} as const

const HINT = {
  online: 'Live: prices, orders and balances are up to date.',
  connecting: 'Loading the latest state from Vigil.',
  offline:
    'The link to Vigil dropped; figures on screen may be stale until it comes back. ' +
    'If Vigil was restarted, open the new link it printed.',
  'signed-out': 'Vigil no longer accepts this tab: open a new link (`npx vigil link` prints one).',
} as const

/** Shows the connection status. */
export function ConnectionBadge() {
  const status = useConnectionStore((s) => s.status)
  return (
    <span
      className={`connection connection-${status}`}
      data-testid="connection-status"
      data-status={status}
      role="status"
      title={HINT[status]}
    >
      <span className="dot" aria-hidden="true" />
      {TEXT[status]}
    </span>
  )
}
