/** The Audit screen's commands: trade decisions, filtered, paged and one by one, from disk. */
import { err, ok } from '../../../shared/result'
import type { Handlers } from '../core'
import type { AuditTrail } from './audit-trail'

const LIST_LIMIT = 500

/** Answers audit queries from the trail (the past is read through the journal's index). */
export function auditHandlers(
  audit: AuditTrail,
): Handlers<'audit:query' | 'audit:list' | 'audit:get'> {
  return {
    'audit:query': async ({ filter, offset, limit }) =>
      ok(await audit.query(filter, offset ?? 0, limit ?? 200)),
    'audit:list': async ({ fromSeq, limit }) =>
      ok(await audit.since(fromSeq ?? 1, limit ?? LIST_LIMIT)),
    'audit:get': async ({ seq }) => {
      const record = await audit.record(seq)
      return record ? ok(record) : err('NOT_FOUND', `No trade decision starts at seq ${seq}.`)
    },
  }
}
