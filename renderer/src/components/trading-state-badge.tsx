/**
 * The header's trading state of the account in view: ACTIVE (green), RECOVERING or REDUCE ONLY
 * (amber), HALTED or BLOCKED by reconciliation (red): what the gate applies. When the state set
 * for every account is not ACTIVE the header says so too, so the trader knows switching
 * accounts will not help. Next to it, who or what set it, the countdown to the end of a breaker
 * cool-down and RECOVERING's cap in dollars; pressing it opens the whole story with the way
 * out. The words are always written out, so color is never the only signal.
 */
import { useEffect, useState } from 'react'
import { formatUsd } from '../lib/format'
import { TRADING_STATE_CLASS, TRADING_STATE_HINT, TRADING_STATE_TEXT } from '../lib/trading-state'
import type { ShownState, StateStory } from '../lib/trading-story'
import { selectAccountIdInView, useLedgerStore } from '../stores/ledger-store'
import { useRiskStore } from '../stores/risk-store'
import { countdownText, StoryLines, useAccountState, useEngineNow } from './state-story'

const SHOWN_TEXT: Record<ShownState, string> = { ...TRADING_STATE_TEXT, BLOCKED: 'BLOCKED' }
const SHOWN_CLASS: Record<ShownState, string> = {
  ...TRADING_STATE_CLASS,
  BLOCKED: 'trading-halted',
}
const BLOCKED_HINT = 'Blocked by reconciliation: no order is sent until its findings are settled.'

/** The short words of the chip: who set it, and the countdown or the cap. */
function chipText(story: StateStory, now: number): string {
  // The header is one line at 1280 px: "breaker" is enough there; the details say it in full.
  const who = story.setter === 'circuit breaker' ? 'breaker' : story.setter
  if (story.until !== null) return `${who} · RECOVERING ${countdownText(story.until, now)}`
  if (story.cap !== null) return `${who} · orders ≤ ${formatUsd(story.cap)}`
  return who
}

/** Shows the trading state of the account in view, once the engine has said what it is. */
export function TradingStateBadge() {
  const accountId = useLedgerStore(selectAccountIdInView)
  const { shown, stories } = useAccountState(accountId)
  const global = useRiskStore((s) => s.globalTradingState)
  const now = useEngineNow()
  const [open, setOpen] = useState(false)
  const top = stories[0]
  useEffect(() => {
    if (!open) return
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') setOpen(false)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [open])
  const hint =
    shown === undefined
      ? ''
      : `${shown === 'BLOCKED' ? BLOCKED_HINT : TRADING_STATE_HINT[shown]}${top ? ` Set by: ${top.who} Why: ${top.why}` : ''}`
  return (
    <span className="trading-state-group">
      {shown ? (
        <span
          // When every account is in this state, the badge beside it says it once, for both.
          className={
            global !== 'ACTIVE' && shown === global
              ? 'sr-only'
              : `trading-state ${SHOWN_CLASS[shown]}`
          }
          data-testid="trading-state"
          data-state={shown}
          role="status"
          aria-label={`Trading state: ${SHOWN_TEXT[shown]}${top ? `, set by the ${top.setter}` : ''}`}
          title={hint}
        >
          {SHOWN_TEXT[shown]}
        </span>
      ) : null}
      {global && global !== 'ACTIVE' ? (
        <span
          className={`trading-state ${TRADING_STATE_CLASS[global]}`}
          data-testid="global-trading-state"
          data-state={global}
          role="status"
          title="Set for every account at once: switching accounts does not help. Press the words beside it for who set it, why and the way out."
        >
          {/* One span: in the badge's flex box, loose text would lose the spaces at its edges. */}
          <span>
            {TRADING_STATE_TEXT[global]} · ALL<span className="wide-only"> ACCOUNTS</span>
          </span>
        </span>
      ) : null}
      {top ? (
        <button
          type="button"
          className="trading-cause"
          data-testid="trading-cause"
          aria-expanded={open}
          aria-controls="trading-state-details"
          title="Who or what set it, why, since when, and the way out"
          onClick={() => setOpen((o) => !o)}
        >
          {chipText(top, now)}
        </button>
      ) : null}
      {open && top ? (
        <div
          className="trading-details"
          id="trading-state-details"
          data-testid="trading-state-details"
          role="dialog"
          aria-label="Why trading is limited"
        >
          {stories.map((story, i) => (
            <section key={story.source}>
              <h3 className="trading-details-title">{story.title}</h3>
              <StoryLines
                story={story}
                now={now}
                testId={i === 0 ? 'trading-story' : `trading-story-${story.source}`}
                onAction={() => setOpen(false)}
              />
            </section>
          ))}
          <button type="button" className="small" onClick={() => setOpen(false)}>
            Close
          </button>
        </div>
      ) : null}
    </span>
  )
}
