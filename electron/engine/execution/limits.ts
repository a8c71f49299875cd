/** Risk limits: their defaults (kept in shared/, the console shows them too) and their fold. */
import { DEFAULT_LIMITS } from '../../../shared/limits'
import type { RiskLimits } from '../../../shared/types'
import type { Fold } from '../journal'

/** The limits a new account starts with (shared with the console). */
export { DEFAULT_LIMITS }

/** Each account's risk limits as set in the journal (an account never set has the defaults). */
export const limitsFold: Fold<Map<string, RiskLimits>, Readonly<Record<string, RiskLimits>>> = {
  fromState: (state) => new Map(Object.entries(state ?? {})),
  toState: (limits) => Object.fromEntries(limits),
  apply: (limits, record) => {
    if (record.type !== 'settings.changed') return
    limits.set(record.payload.accountId, record.payload.new)
    return [
      {
        type: 'limits:updated',
        payload: { accountId: record.payload.accountId, limits: record.payload.new },
      },
    ]
  },
}
