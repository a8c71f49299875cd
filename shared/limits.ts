/**
 * Default risk limits: conservative for a 10,000 USD paper account, every one editable in the
 * Risk Limits screen. The engine gives them to a new account; the console shows them.
 */
import type { RiskLimits } from './types'

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
