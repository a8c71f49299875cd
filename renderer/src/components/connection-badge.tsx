/**
 * The header's connection indicator: online, connecting, reconnecting, offline or signed out,
 * in words and color (the color alone would not tell a color-blind trader anything).
 */
import { useConnectionStore } from '../stores/connection-store'

type Shown = 'online' | 'connecting' | 'reconnecting' | 'offline' | 'signed-out'

const TEXT: Record<Shown, string> = {
  online: 'Online',
  connecting: 'Connecting…',
  // The same words between attempts and during one, so the badge does not flicker.
  reconnecting: 'Offline, reconnecting…',
  offline: 'Offline, reconnecting…',
  'signed-out': 'Signed out',
}

const HINT: Record<Shown, string> = {
  online: 'Live: prices, orders and balances are up to date.',
  connecting: 'Loading the latest state from Vigil.',
  reconnecting:
    'The link to Vigil dropped and this tab is trying again now; the figures on screen are as ' +
    'of the drop.',
  offline:
    'The link to Vigil dropped; this tab retries by itself. The figures on screen are as of ' +
    'the drop. If Vigil was stopped, start it again.',
  'signed-out':
    'Vigil no longer accepts this tab: open a new link (`npx vigil link` in the Vigil folder ' +
    'prints one).',
}

/** Shows the connection status. */
export function ConnectionBadge() {
  const status = useConnectionStore((s) => s.status)
  const wasOnline = useConnectionStore((s) => s.wasOnline)
  // A retry after a drop passes through "connecting": it is still a tab that lost its link.
  const shown: Shown = status === 'connecting' && wasOnline ? 'reconnecting' : status
  return (
    <span
      className={`connection connection-${status}`}
      data-testid="connection-status"
      data-status={status}
      role="status"
      title={HINT[shown]}
    >
      <span className="dot" aria-hidden="true" />
      {TEXT[shown]}
    </span>
  )
}
