/**
 * Default risk limits: conservative for a 10,000 USD paper account, every one editable in the
 * Risk Limits screen.
 */
import type { RiskLimits } from '../../../shared/types'
import type { Fold } from '../journal'

/** The limits a new account starts with. */
export const DEFAULT_LIMITS: RiskLimits = {
  minOrderNotional: '1',
  maxOrderNotional: '5000',
  maxPositionNotional: '5000',
  maxOpenPositions: 5,
  pendingOrderRule: 'per-side',
  maxDailyLoss: '500',
  maxDrawdownPct: 20,
  maxTotalExposure: '9000',
  maxOrdersPerMinute: 30,
  priceBandPct: 5,
  maxQuoteAgeMs: 10_000,
  slippageToleranceBps: 50,
  verificationTimeoutMs: 10_000,
}

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
