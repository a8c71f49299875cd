/**
 * The header's trading state of the account in view: ACTIVE (green), REDUCE ONLY (amber) or
 * HALTED (red). The words are always written out, so color is never the only signal.
 */
import type { TradingState } from '../../../shared/types'
import { selectAccountIdInView, useLedgerStore } from '../stores/ledger-store'
import { useRiskStore } from '../stores/risk-store'

const TEXT: Record<TradingState, string> = {
  ACTIVE: 'ACTIVE',
  REDUCE_ONLY: 'REDUCE ONLY',
  HALTED: 'HALTED',
}

const HINT: Record<TradingState, string> = {
  ACTIVE: 'Trading is on: every order is checked against the risk limits, then sent.',
  REDUCE_ONLY: 'Only orders that make a position smaller are accepted; new buying is refused.',
  HALTED: 'Trading is halted: no order is sent until the account is made active again.',
}

const CLASS: Record<TradingState, string> = {
  ACTIVE: 'trading-active',
  REDUCE_ONLY: 'trading-reduce-only',
  HALTED: 'trading-halted',
}

/** Shows the trading state of the account in view, once the engine has said what it is. */
export function TradingStateBadge() {
  const accountId = useLedgerStore(selectAccountIdInView)
  const state = useRiskStore((s) => (accountId ? s.tradingStates[accountId] : undefined))
  if (!state) return null
  return (
    <span
      className={`trading-state ${CLASS[state]}`}
      data-testid="trading-state"
      data-state={state}
      role="status"
      aria-label={`Trading state: ${TEXT[state]}`}
      title={HINT[state]}
    >
      {TEXT[state]}
    </span>
  )
}
