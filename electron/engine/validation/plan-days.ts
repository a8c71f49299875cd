/**
 * What the plan counts each local day, and the day arithmetic of the plan (days between two
 * local dates; a date's plan day).
 */

/** What one local day of the plan counted, for the enrolled accounts. */
export interface DayCounts {
  /** Orders verified after they filled, and of those: failed, not taken up by the tracker. */
  verified: number
  violations: number
  trackerFailures: number
  /** Orders that ended filled. */
  filled: number
  /** Reconciliation findings. */
  syncErrors: number
  /** Round trips closed, won, and their net PnL (sum and sum of squares), USD. */
  trades: number
  wins: number
  pnl: number
  pnlSq: number
  /** Fills with a model band, and those inside it. */
  banded: number
  inBand: number
  /** Restarts after a crash. */
  crashes: number
  /** Health checks that went to failing, by check. */
  health: Record<string, number>
}

/** A recovery measured: a drill, or a restart after a crash. */
export interface Recovery {
  readonly ts: number
  readonly day: string
  readonly kind: 'restart' | 'drill'
  readonly ms: number | null
  readonly recovered: boolean
  readonly text: string
}

/** A health failure counted on a day. */
export interface HealthFailure {
  readonly ts: number
  readonly date: string
  readonly check: string
  readonly accountId: string | null
  readonly seq: number
}

export const DAY_MS = 86_400_000

export const newDay = (): DayCounts => ({
  verified: 0,
  violations: 0,
  trackerFailures: 0,
  filled: 0,
  syncErrors: 0,
  trades: 0,
  wins: 0,
  pnl: 0,
  pnlSq: 0,
  banded: 0,
  inBand: 0,
  crashes: 0,
  health: {},
})

/** Days from `from` to `to` (both YYYY-MM-DD): 0 on the same day. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS)
}

/** The plan's day number of a local date (1 on the start day). */
export function planDay(startDay: string, date: string): number {
  return daysBetween(startDay, date) + 1
}
