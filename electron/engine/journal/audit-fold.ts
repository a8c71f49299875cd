/** The audit trail as a fold of the journal: each record may change one decision's row. */
import type { Fold } from './folds'
import { AuditTrail, type Decision } from './audit'

/** The trail of trade decisions, and the row each record changes. */
export const auditFold: Fold<AuditTrail, readonly Decision[]> = {
  fromState: (state) => (state ? AuditTrail.fromState(state) : new AuditTrail()),
  toState: (trail) => trail.toState(),
  apply: (trail, record) => {
    const row = trail.apply(record)
    return row ? [{ type: 'audit:row', payload: row }] : []
  },
}
