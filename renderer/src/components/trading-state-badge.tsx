/**
 * The header's trading state of the account in view: ACTIVE (green), REDUCE ONLY (amber) or
 * HALTED (red), the effective one the gate applies. When the state set for every account is not
 * ACTIVE the header says so too, so the trader knows switching accounts will not help. The
 * words are always written out, so color is never the only signal.
 */
import { TRADING_STATE_CLASS, TRADING_STATE_HINT, TRADING_STATE_TEXT } from '../lib/trading-state'
import { selectAccountIdInView, useLedgerStore } from '../stores/ledger-store'
import { useRiskStore } from '../stores/risk-store'

/** Shows the trading state of the account in view, once the engine has said what it is. */
export function TradingStateBadge() {
  const accountId = useLedgerStore(selectAccountIdInView)
  const state = useRiskStore((s) => (accountId ? s.tradingStates[accountId] : undefined))
  const global = useRiskStore((s) => s.globalTradingState)
  return (
    <>
      {state ? (
        <span
          className={`trading-state ${TRADING_STATE_CLASS[state]}`}
          data-testid="trading-state"
          data-state={state}
          role="status"
          aria-label={`Trading state: ${TRADING_STATE_TEXT[state]}`}
          title={TRADING_STATE_HINT[state]}
        >
          {TRADING_STATE_TEXT[state]}
        </span>
      ) : null}
      {global && global !== 'ACTIVE' ? (
        <span
          className={`trading-state ${TRADING_STATE_CLASS[global]}`}
          data-testid="global-trading-state"
          data-state={global}
          role="status"
          title="Set for every account at once (the kill switch or an override for all accounts). Resume it on the Risk limits screen."
        >
          {TRADING_STATE_TEXT[global]} · ALL ACCOUNTS
        </span>
      ) : null}
    </>
  )
}
