/**
 * Words and colors of the trading states, and the rule for an operator's reason, shared by the
 * header badge, the kill switch and the trading-state panel.
 */
import type { TradingState } from '../../../shared/types'

/** The state as the header writes it. */
export const TRADING_STATE_TEXT: Record<TradingState, string> = {
  ACTIVE: 'ACTIVE',
  RECOVERING: 'RECOVERING',
  REDUCE_ONLY: 'REDUCE ONLY',
  HALTED: 'HALTED',
}

/** What each state lets through, in words. */
export const TRADING_STATE_HINT: Record<TradingState, string> = {
  ACTIVE: 'Trading is on: every order is checked against the risk limits, then sent.',
  RECOVERING:
    'Recovering: orders are capped at a share of the maximum order size, stepping up after clean trades.',
  REDUCE_ONLY: 'Only orders that make a position smaller are accepted; new buying is refused.',
  HALTED: 'Trading is halted: no order is sent until the account is made active again.',
}

/** The CSS class that colors a state. */
export const TRADING_STATE_CLASS: Record<TradingState, string> = {
  ACTIVE: 'trading-active',
  RECOVERING: 'trading-recovering',
  REDUCE_ONLY: 'trading-reduce-only',
  HALTED: 'trading-halted',
}

/** The engine's bounds on a reason (it goes into the journal). */
export const REASON_MIN = 3
export const REASON_MAX = 300

/** What is wrong with a reason, or null when the engine will take it. */
export function reasonProblem(reason: string): string | null {
  const text = reason.trim()
  if (text.length < REASON_MIN) return 'Say why, in a few words: it goes into the audit journal.'
  if (text.length > REASON_MAX) return `Keep it under ${REASON_MAX} characters.`
  return null
}
