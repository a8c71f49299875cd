/**
 * The count of open reconciliation findings on the navigation item: each one blocks trading on
 * its account, so it shows on every screen. Nothing is shown while there is none.
 */
import { selectOpenCount, useReconcileStore } from '../../stores/reconcile-store'
import './reconcile.css'

/** A red count badge, with words for screen readers. */
export function ReconcileNavBadge() {
  const count = useReconcileStore(selectOpenCount)
  if (count === 0) return null
  const words = `${count === 1 ? '1 open finding' : `${count} open findings`}, trading blocked`
  return (
    <span className="nav-badge nav-badge-critical" data-testid="nav-reconcile-count" title={words}>
      {count}
      <span className="sr-only"> {words}</span>
    </span>
  )
}
