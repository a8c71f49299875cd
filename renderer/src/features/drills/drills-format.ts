/**
 * How drills are written for the trader: each kind in words with one sentence on what it does
 * (from DRILL_KINDS in shared/types.ts) and a warning where it reaches beyond the account, the
 * phases of a running drill and the outcomes.
 */
import type { DrillKind, DrillPhase, DrillResult } from '../../../../shared/types'

/** Each drill in a few words. */
export const DRILL_LABEL: Record<DrillKind, string> = {
  broker_outage: 'Broker outage',
  rate_limit_storm: 'Rate-limit storm',
  frozen_prices: 'Frozen prices',
  failed_verification: 'Failed verification',
  crash_restart: 'Crash and restart',
}

/** What each drill does, in one sentence. */
export const DRILL_WHAT: Record<DrillKind, string> = {
  broker_outage: 'The paper exchange drops the connection, as if the broker went offline.',
  rate_limit_storm: 'The paper exchange answers every call with HTTP 429 (too many requests).',
  frozen_prices: 'The simulated market keeps sending the same price, as if the feed froze.',
  failed_verification: 'The paper exchange misreports the position after a small probe order.',
  crash_restart:
    'A copy of the data folder, as a crash leaves it, is opened by a second engine to recover it.',
}

/** What a drill does beyond the account it runs on, where that matters. */
export const DRILL_WARNING: Partial<Record<DrillKind, string>> = {
  frozen_prices:
    'It trips the circuit breaker for every account on the simulated market, not only this one.',
  failed_verification: 'It places one small probe order on this paper account.',
}

/** Where a running drill is, in words. */
export const PHASE_TEXT: Record<DrillPhase, string> = {
  detecting: 'Detecting: the failure is on; waiting for Vigil to notice it',
  recovering: 'Recovering: the failure is over; waiting for Vigil to come back',
  done: 'Done: writing down the result',
}

/** The outcome of a drill in words, and the badge class that colors it. */
export const OUTCOME: Record<
  DrillResult['outcome'],
  { readonly label: string; readonly badge: string }
> = {
  recovered: { label: 'Recovered', badge: 'badge-filled' },
  not_detected: { label: 'Not detected', badge: 'badge-failed' },
  not_recovered: { label: 'Not recovered', badge: 'badge-failed' },
}
