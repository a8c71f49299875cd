/**
 * The whole story of what stops or limits trading in an account, as the engine journaled it:
 * who or what set it, why, since when, what it still allows (the cap of RECOVERING in dollars),
 * when it changes by itself and the one action that lifts it. The header, the Risk limits panel
 * and the drills screen all tell it from here, so they never disagree.
 */
import Decimal from 'decimal.js'
import type {
  BreakerTrigger,
  ReconcileFinding,
  RiskLimits,
  TradingCause,
  TradingState,
} from '../../../shared/types'
import { formatClockTime, formatUsd } from './format'
import { TRADING_STATE_TEXT } from './trading-state'

/** A state the header can show: a trading state, or BLOCKED by reconciliation. */
export type ShownState = TradingState | 'BLOCKED'

/** Where the action that lifts a state is done. */
export interface StoryAction {
  readonly text: string
  /** The screen's address (the console follows the hash). */
  readonly href: string
  readonly label: string
}

/** One thing that stops or limits trading in an account. */
export interface StateStory {
  readonly source: 'global' | 'account' | 'reconciliation'
  readonly state: ShownState
  /** "HALTED for every account", "RECOVERING in Paper". */
  readonly title: string
  /** Who or what set it, short: "circuit breaker", "kill switch". */
  readonly setter: string
  /** Who or what set it, in a sentence. */
  readonly who: string
  /** The journaled reason, or that it is not known. */
  readonly why: string
  readonly since: number | null
  /** What it still allows, in words and dollars. */
  readonly allows: string
  /** RECOVERING: the largest order allowed, in dollars; else null. */
  readonly cap: string | null
  /** When it changes by itself (engine time), for a countdown; null when it does not. */
  readonly until: number | null
  /** What it becomes by itself, or what makes it change. */
  readonly next: string | null
  readonly action: StoryAction
}

const TRIGGER_TEXT: Record<BreakerTrigger, string> = {
  broker_errors: 'broker errors in a row',
  verification: 'a failed post-trade verification',
  loss_limit: 'the daily-loss or drawdown limit',
  health: 'a critical health check',
  alert_rule: 'an alert rule set to halt',
  recovery_failure: 'a new failure while recovering',
}

const STRICTNESS: Record<ShownState, number> = {
  ACTIVE: 0,
  RECOVERING: 1,
  REDUCE_ONLY: 2,
  BLOCKED: 3,
  HALTED: 4,
}

const LIMITS_SCREEN = '#/limits'

/** The order-size cap of RECOVERING in dollars: the share of the maximum order size. */
export function recoveryCap(fraction: number, limits: RiskLimits | undefined): string | null {
  if (!limits) return null
  try {
    return new Decimal(limits.maxOrderNotional).times(new Decimal(String(fraction))).toFixed()
  } catch {
    return null
  }
}

/** "4:32", "1:02:05": what is left of a countdown, never negative. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000))
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = String(total % 60).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`
}

function setterOf(cause: TradingCause): { short: string; sentence: string } {
  switch (cause.by) {
    case 'breaker': {
      const what = cause.trigger ? TRIGGER_TEXT[cause.trigger] : 'a trigger Vigil did not record'
      return { short: 'circuit breaker', sentence: `The circuit breaker, tripped by ${what}.` }
    }
    case 'kill-switch':
      return { short: 'kill switch', sentence: 'The kill switch.' }
    case 'operator':
      return { short: 'override', sentence: 'An override by hand on the Risk limits screen.' }
    case 'journal':
      return { short: 'journal failure', sentence: 'Vigil itself: the journal cannot be written.' }
    case 'unknown':
      return {
        short: 'cause unknown',
        sentence: 'Not known: it was set before Vigil recorded who sets a trading state.',
      }
  }
}

function allowsOf(state: TradingState, cause: TradingCause, limits?: RiskLimits): string {
  switch (state) {
    case 'HALTED':
      return 'No order is sent. Open orders stay open.'
    case 'REDUCE_ONLY':
      return 'Only orders that make a position smaller; new buying is refused.'
    case 'ACTIVE':
      return 'Every order, checked against the risk limits.'
    case 'RECOVERING': {
      const fraction = cause.fraction ?? 1
      const cap = recoveryCap(fraction, limits)
      const pct = `${Math.round(fraction * 100)} %`
      return cap === null || !limits
        ? `Orders up to ${pct} of the maximum order size (the limits are not loaded yet).`
        : `Orders up to ${formatUsd(cap)} (${pct} of the ${formatUsd(limits.maxOrderNotional)} maximum order size); the cap steps up after clean verified trades.`
    }
  }
}

function nextOf(state: TradingState, cause: TradingCause): string | null {
  if (cause.by === 'breaker' && state === 'HALTED')
    return cause.until === null
      ? 'Moves to RECOVERING by itself after the breaker’s cool-down (its end was not recorded).'
      : `Moves to RECOVERING by itself at ${formatClockTime(cause.until)}, at a reduced order size; halts again if the failure is still there.`
  if (state === 'RECOVERING')
    return cause.by === 'breaker'
      ? 'Steps up to full size (ACTIVE) by itself after clean verified trades; any new failure halts again.'
      : 'Steps up to full size (ACTIVE) after clean verified trades; any new failure halts again.'
  if (cause.by === 'journal') return 'Lasts until the journal can be written again.'
  return null
}

function actionOf(state: TradingState, cause: TradingCause, global: boolean): StoryAction {
  const scope = global ? ' all accounts' : ''
  if (cause.by === 'journal')
    return {
      text: 'Free disk space or repair the data folder, then restart Vigil.',
      href: '#/health',
      label: 'Open Health',
    }
  if (state === 'RECOVERING')
    return {
      text: `To trade at full size now: Risk limits → Resume${scope}.`,
      href: LIMITS_SCREEN,
      label: 'Open Risk limits',
    }
  if (cause.by === 'breaker')
    return {
      text: `Wait for the cool-down, or after fixing the cause: Risk limits → Resume${global ? ' all accounts' : ''} gradually.`,
      href: LIMITS_SCREEN,
      label: 'Open Risk limits',
    }
  return {
    text: `Risk limits → Resume${scope} (gradually, or at full size).`,
    href: LIMITS_SCREEN,
    label: 'Open Risk limits',
  }
}

/** The story of a trading state set on a scope (every account, or one). */
export function stateStory(
  cause: TradingCause,
  scope: { readonly global: true } | { readonly global: false; readonly name: string },
  limits?: RiskLimits,
): StateStory {
  const setter = setterOf(cause)
  const where = scope.global ? 'for every account' : `in ${scope.name}`
  return {
    source: scope.global ? 'global' : 'account',
    state: cause.state,
    title: `${TRADING_STATE_TEXT[cause.state]} ${where}`,
    setter: setter.short,
    who: setter.sentence,
    why: cause.reason ?? 'Not known: the reason was not kept by the Vigil that set it.',
    since: cause.since,
    allows: allowsOf(cause.state, cause, limits),
    cap: cause.state === 'RECOVERING' ? recoveryCap(cause.fraction ?? 1, limits) : null,
    until: cause.by === 'breaker' && cause.state === 'HALTED' ? cause.until : null,
    next: nextOf(cause.state, cause),
    action: actionOf(cause.state, cause, scope.global),
  }
}

/** The story of an account blocked by open reconciliation findings. */
export function reconcileStory(
  name: string,
  findings: readonly ReconcileFinding[],
): StateStory | null {
  const first = findings[0]
  if (!first) return null
  const more = findings.length > 1 ? ` (and ${findings.length - 1} more)` : ''
  return {
    source: 'reconciliation',
    state: 'BLOCKED',
    title: `BLOCKED in ${name}`,
    setter: 'reconciliation',
    who: `Reconciliation: the ledger and the broker disagree (${findings.length} open finding${findings.length === 1 ? '' : 's'}).`,
    why: `${first.message}${more}`,
    since: Math.min(...findings.map((f) => f.ts)),
    allows: 'No order is sent in this account until every finding is settled.',
    cap: null,
    until: null,
    next: null,
    action: {
      text: 'Settle each finding on the Reconciliation screen.',
      href: '#/reconcile',
      label: 'Open Reconciliation',
    },
  }
}

/** What the header, the panel and the drills need to tell an account's state. */
export interface AccountStateInput {
  readonly name: string
  readonly global: TradingCause | undefined
  readonly own: TradingCause | undefined
  readonly limits: RiskLimits | undefined
  readonly findings: readonly ReconcileFinding[]
}

/**
 * Everything that stops or limits an account, strictest first: the state set for every
 * account, the account's own, and a reconciliation block. Empty when it trades freely.
 */
export function accountStories(input: AccountStateInput): StateStory[] {
  const stories: StateStory[] = []
  if (input.global && input.global.state !== 'ACTIVE')
    stories.push(stateStory(input.global, { global: true }, input.limits))
  if (input.own && input.own.state !== 'ACTIVE')
    stories.push(stateStory(input.own, { global: false, name: input.name }, input.limits))
  const blocked = reconcileStory(input.name, input.findings)
  if (blocked) stories.push(blocked)
  return stories.sort((a, b) => STRICTNESS[b.state] - STRICTNESS[a.state])
}

/** The state shown for an account: its effective trading state, or BLOCKED when stricter. */
export function shownState(effective: TradingState, stories: readonly StateStory[]): ShownState {
  const top = stories[0]?.state
  return top !== undefined && STRICTNESS[top] > STRICTNESS[effective] ? top : effective
}

/** Whether a state limits trading more than another. */
export function stricterThan(a: ShownState, b: ShownState): boolean {
  return STRICTNESS[a] > STRICTNESS[b]
}
