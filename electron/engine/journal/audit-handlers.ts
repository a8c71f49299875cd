/** The Audit screen's commands: trade decisions, filtered, paged and one by one. */
import { err, ok } from '../../../shared/result'
import type { Handlers } from '../core'
import type { AuditTrail } from './audit'

const LIST_LIMIT = 500

/** Answers audit queries from the trail. */
export function auditHandlers(
  audit: AuditTrail,
): Handlers<'audit:query' | 'audit:list' | 'audit:get'> {
  return {
    'audit:query': ({ filter, offset, limit }) =>
      ok(audit.query(filter, offset ?? 0, limit ?? 200)),
    'audit:list': ({ fromSeq, limit }) => ok(audit.since(fromSeq ?? 1, limit ?? LIST_LIMIT)),
    'audit:get': ({ seq }) => {
      const record = audit.record(seq)
      return record ? ok(record) : err('NOT_FOUND', `No trade decision starts at seq ${seq}.`)
    },
  }
}
