/**
 * Drills at set days of a rehearsal. A drill waits on the engine's clock (it polls the health
 * checks, holds the failure, waits for recovery), so it is started and left running while the
 * rehearsal keeps moving the clock, a second at a time while it runs, and collected after.
 */
import type { DrillKind, DrillResult } from '../../../shared/types'
import { call, type RehearsalEngine } from './engine-port'

/** A drill on a day of the rehearsal (it starts at the day's first minute). */
export interface RehearsalDrill {
  readonly day: number
  readonly kind: DrillKind
}

/**
 * The drills a rehearsal runs by default: two that a paper account on a replayed market can
 * go through (the replay has no price faults, and a failed verification is an integrity
 * violation the plan would rightly count against the phase).
 */
export const DEFAULT_DRILLS: readonly RehearsalDrill[] = [
  { day: 35, kind: 'broker_outage' },
  { day: 50, kind: 'rate_limit_storm' },
]

/** A drill the rehearsal started, its answer or its failure. */
export interface RehearsalDrillOutcome {
  readonly day: number
  readonly kind: DrillKind
  readonly accountId: string
  /** The drill's result as journaled, or null when the engine refused to run it. */
  readonly result: DrillResult | null
  /** Why it did not run, when it did not. */
  readonly error: string | null
}

/**
 * Starts the day's drills, each on the next account in turn (a drill can leave its account
 * recovering for a while), and tells the rehearsal while one is running.
 */
export class DrillSchedule {
  readonly outcomes: RehearsalDrillOutcome[] = []
  private inFlight: Promise<void> | null = null

  constructor(
    private readonly engine: RehearsalEngine,
    private readonly drills: readonly RehearsalDrill[],
    /** The accounts drills take turns on (a drill needs an ACTIVE account). */
    private readonly accountIds: readonly string[],
  ) {}

  /** Whether a drill is waiting on the clock. */
  get running(): boolean {
    return this.inFlight !== null
  }

  /** Starts the drills of `day` without waiting for them (one at a time: the engine's rule). */
  start(day: number): void {
    for (const drill of this.drills.filter((d) => d.day === day)) {
      const before = this.inFlight ?? Promise.resolve()
      const turn = this.drills.indexOf(drill) % this.accountIds.length
      const accountId = this.accountIds[turn] as string
      const done = before
        .then(() => call(this.engine, 'drills:run', { accountId, kind: drill.kind }))
        .then(
          (result) => this.outcomes.push({ ...drill, accountId, result, error: null }),
          (error: unknown) =>
            this.outcomes.push({
              ...drill,
              accountId,
              result: null,
              error: (error as Error).message,
            }),
        )
        .then(() => {
          if (this.inFlight === done) this.inFlight = null
        })
      this.inFlight = done
    }
  }
}
