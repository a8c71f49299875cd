/**
 * The colored badge of a decision's outcome: green passed, red rejected or verification
 * failed, amber pending, grey canceled (the gate passed it; the reason says who canceled it). The words are always written out, so color is never the only signal.
 */
import type { AuditOutcome } from '../../../../shared/types'

/** The words for each outcome, also used by the filter. */
export const OUTCOME_LABELS: Record<AuditOutcome, string> = {
  passed: 'Passed',
  rejected: 'Rejected',
  verification_failed: 'Verification failed',
  pending: 'Pending',
  canceled: 'Canceled',
}

/** A badge for one outcome; an empty placeholder of the same shape while the row loads. */
export function OutcomeBadge({ outcome }: { readonly outcome: AuditOutcome | null }) {
  if (outcome === null) return <span className="badge badge-empty" />
  return (
    <span
      className={`badge outcome-${outcome}`}
      data-testid="audit-outcome"
      data-outcome={outcome}
      title={
        outcome === 'canceled'
          ? 'The gate passed it; then it was canceled (see the reason).'
          : undefined
      }
    >
      {OUTCOME_LABELS[outcome] ?? outcome}
    </span>
  )
}
