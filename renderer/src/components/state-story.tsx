/**
 * The story of an account's state for the screen: a hook that gathers it from the stores (the
 * engine's causes, the limits for the cap in dollars, open reconciliation findings), a live
 * countdown to the engine's own moment, and the block of lines every screen shows.
 */
import { useEffect, useState } from 'react'
import type { TradingState } from '../../../shared/types'
import { formatClockTime } from '../lib/format'
import {
  accountStories,
  formatCountdown,
  shownState,
  stricterThan,
  type ShownState,
  type StateStory,
} from '../lib/trading-story'
import { useLedgerStore } from '../stores/ledger-store'
import { useReconcileStore } from '../stores/reconcile-store'
import { useRiskStore } from '../stores/risk-store'

/** The engine's time now (this clock plus the offset measured at the snapshot), ticking. */
export function useEngineNow(everyMs = 1000): number {
  const offset = useRiskStore((s) => s.clockOffsetMs)
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs)
    return () => clearInterval(timer)
  }, [everyMs])
  return now + offset
}

/** What an account's state is and every story behind it, strictest first. */
export interface AccountState {
  /** The trading state the gate applies; undefined until the engine said. */
  readonly effective: TradingState | undefined
  /** What the screen shows: the effective state, or BLOCKED when reconciliation is stricter. */
  readonly shown: ShownState | undefined
  readonly stories: readonly StateStory[]
}

/** The state of one account (null: none in view) as every screen tells it. */
export function useAccountState(accountId: string | null): AccountState {
  const name = useLedgerStore((s) =>
    accountId ? (s.accounts.find((a) => a.id === accountId)?.name ?? accountId) : '',
  )
  const effective = useRiskStore((s) => (accountId ? s.tradingStates[accountId] : undefined))
  const globalState = useRiskStore((s) => s.globalTradingState)
  const global = useRiskStore((s) => s.tradingCauses['*'])
  const own = useRiskStore((s) => (accountId ? s.tradingCauses[accountId] : undefined))
  const limits = useRiskStore((s) => (accountId ? s.limits[accountId] : undefined))
  const open = useReconcileStore((s) => s.status.open)
  if (!accountId) return { effective: undefined, shown: undefined, stories: [] }
  const findings = open.filter((f) => f.accountId === accountId)
  // A cause the engine has not yet restated after a change (a command's answer comes before
  // its event) never outranks the state in force.
  const stories = accountStories({
    name,
    global: global?.state === globalState ? global : undefined,
    own: own && effective !== undefined && !stricterThan(own.state, effective) ? own : undefined,
    limits,
    findings,
  })
  return {
    effective,
    shown: effective === undefined ? undefined : shownState(effective, stories),
    stories,
  }
}

/** "in 4:32" to the engine's moment, or that it is due now. */
export function countdownText(until: number, now: number): string {
  return until > now ? `in ${formatCountdown(until - now)}` : 'due now'
}

/** The lines of one story: who, why, since, what it allows, what changes it, the way out. */
export function StoryLines(props: {
  readonly story: StateStory
  readonly now: number
  readonly testId: string
  readonly onAction?: () => void
  /** The screen this is shown on: a way out there needs no link. */
  readonly here?: string
}) {
  const { story, now } = props
  return (
    <dl className="state-story" data-testid={props.testId} data-source={story.source}>
      <dt>Set by</dt>
      <dd data-testid={`${props.testId}-who`}>{story.who}</dd>
      <dt>Why</dt>
      <dd data-testid={`${props.testId}-why`}>{story.why}</dd>
      <dt>Since</dt>
      <dd data-testid={`${props.testId}-since`}>
        {story.since === null ? 'Not known (not recorded).' : formatClockTime(story.since)}
      </dd>
      <dt>Allows</dt>
      <dd data-testid={`${props.testId}-allows`}>{story.allows}</dd>
      {story.next ? (
        <>
          <dt>Changes</dt>
          <dd data-testid={`${props.testId}-next`}>
            {story.next}
            {story.until !== null ? (
              <strong className="state-countdown" data-testid={`${props.testId}-countdown`}>
                {' '}
                ({countdownText(story.until, now)})
              </strong>
            ) : null}
          </dd>
        </>
      ) : null}
      <dt>Way out</dt>
      <dd data-testid={`${props.testId}-action`}>
        {story.action.text}
        {story.action.href === props.here ? null : (
          <>
            {' '}
            <a href={story.action.href} onClick={props.onAction}>
              {story.action.label}
            </a>
          </>
        )}
      </dd>
    </dl>
  )
}
