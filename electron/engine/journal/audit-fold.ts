/** The audit trail as a fold of the journal: each record may change one decision's row. */
import type { Fold } from './folds'
import { AuditTrail } from './audit-trail'
import type { JournalIndex } from './journal-index'

/**
 * The trail of trade decisions, and the row each record changes. The snapshot keeps nothing
 * of it: open decisions and the past are read from the journal through `history`, its index.
 */
export function auditFold(history: JournalIndex | null): Fold<AuditTrail, null> {
  return {
    fromState: () => new AuditTrail(history),
    toState: () => null,
    apply: (trail, record) => {
      const row = trail.apply(record)
      return row ? [{ type: 'audit:row', payload: row }] : []
    },
  }
}
