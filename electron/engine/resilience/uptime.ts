/**
 * Uptime as a fold of the journal: the engine's runs (from its start records to its stop
 * record, or to the last record before the next start when it crashed), the spans every
 * account was HALTED, the restarts, and the health checks that failed. Heartbeats only move
 * the current run's last-seen time: the state grows with what happened (runs, halts,
 * failures), never with time. `uptimeOver` reads time up and the gaps, with their causes.
 */
import type { Fold, JournalRecord } from '../journal'

/** The failures kept one by one (older ones are counted as one block). */
const FAILURES_KEPT = 500

/** One run of the engine, from ready to its stop (or its last sign of life before a crash). */
export interface Run {
  /** When it was ready (its start record), or the first record of a journal without one. */
  readonly start: number
  /** Its last record's time (a heartbeat, or anything it wrote). */
  lastSeen: number
  /** Its stop record's time; or, after a crash, its last-seen time; null while it runs. */
  end: number | null
  endedBy: 'stop' | 'crash' | null
  stopReason?: string
  /** The interval its last heartbeat promised (0: none yet). */
  everyMs: number
  /** A run read from a journal that has no start record before it (an older build's). */
  readonly implicit?: true
}

/** A span in which every account was HALTED. */
export interface Halt {
  readonly from: number
  to: number | null
  readonly reason: string
  readonly by: string
}

/** A start of the engine: how the run before ended, and how long start-up took. */
export interface Restart {
  readonly ts: number
  readonly previous: 'stopped' | 'crashed' | 'new'
  readonly readyMs: number
  /** When the run before was last seen alive (null: none). */
  readonly lastSeen: number | null
}

/** A health check that went to failing. */
export interface HealthFailure {
  readonly ts: number
  readonly seq: number
  readonly check: string
  readonly label: string
  readonly accountId: string | null
  readonly message: string
}

/** Failures pushed out of the kept list: counted by check, with the span they fall in. */
export interface OlderFailures {
  readonly from: number
  readonly to: number
  readonly counts: Record<string, number>
}

/** What the snapshot keeps of the uptime fold. */
export interface UptimeState {
  readonly runs: readonly Run[]
  readonly halts: readonly Halt[]
  readonly restarts: readonly Restart[]
  readonly healthFailures: {
    /** Every failure, by the check's name. */
    readonly counts: Readonly<Record<string, number>>
    /** The latest ones, oldest first. */
    readonly recent: readonly HealthFailure[]
    readonly older?: OlderFailures
  }
}

/** The engine's runs, halts, restarts and health failures, folded from the journal. */
export class Uptime {
  private readonly _runs: Run[] = []
  private readonly _halts: Halt[] = []
  private readonly _restarts: Restart[] = []
  private readonly counts: Record<string, number> = {}
  private readonly recent: HealthFailure[] = []
  private older: OlderFailures | null = null

  get runs(): readonly Readonly<Run>[] {
    return this._runs
  }

  get halts(): readonly Readonly<Halt>[] {
    return this._halts
  }

  get restarts(): readonly Restart[] {
    return this._restarts
  }

  /** Every health failure, by the check's name. */
  get healthFailureCounts(): Readonly<Record<string, number>> {
    return this.counts
  }

  /** The latest health failures, oldest first. */
  get recentHealthFailures(): readonly HealthFailure[] {
    return this.recent
  }

  /** Failures older than the kept ones, as one block (null: none dropped). */
  get olderHealthFailures(): OlderFailures | null {
    return this.older
  }

  /** The run in progress, if any. */
  openRun(): Readonly<Run> | null {
    const last = this._runs.at(-1)
    return last && last.end === null ? last : null
  }

  /**
   * How the last run ended, as a start record says it: 'new' without one, 'stopped' after a
   * stop record, else 'crashed'; and when it was last seen.
   */
  previous(): { previous: 'stopped' | 'crashed' | 'new'; lastSeen: number | null } {
    const last = this._runs.at(-1)
    if (!last) return { previous: 'new', lastSeen: null }
    return { previous: last.endedBy === 'stop' ? 'stopped' : 'crashed', lastSeen: last.lastSeen }
  }

  apply(record: JournalRecord): void {
    switch (record.type) {
      case 'engine.started':
        return this.started(record.ts, record.payload)
      case 'engine.stopped': {
        const run = this.seen(record.ts)
        if (run) {
          run.end = record.ts
          run.endedBy = 'stop'
          run.stopReason = record.payload.reason
        }
        return
      }
      case 'engine.heartbeat': {
        const run = this.seen(record.ts)
        if (run) run.everyMs = record.payload.everyMs
        return
      }
      case 'trading.state':
        this.seen(record.ts)
        if (record.payload.accountId === null) this.halt(record.ts, record.payload)
        return
      case 'health.failed':
        this.seen(record.ts)
        return this.failed({ ts: record.ts, seq: record.seq, ...record.payload })
      default:
        this.seen(record.ts)
    }
  }

  /**
   * A record is a sign of life of the open run. A journal with no run yet (an older build's,
   * or a new folder's start-up) starts one implicitly; after a stop, what start-up writes
   * before its start record belongs to the run that starts.
   */
  private seen(ts: number): Run | null {
    const open = this.openRun() as Run | null
    if (open) {
      open.lastSeen = Math.max(open.lastSeen, ts)
      return open
    }
    if (this._runs.length > 0) return null
    const run: Run = {
      start: ts,
      lastSeen: ts,
      end: null,
      endedBy: null,
      everyMs: 0,
      implicit: true,
    }
    this._runs.push(run)
    return run
  }

  private started(
    ts: number,
    payload: { previous: Restart['previous']; lastSeen: number | null; readyMs: number },
  ): void {
    const beganAt = ts - payload.readyMs
    const open = this.openRun() as Run | null
    if (open?.implicit && open.start >= beganAt) {
      // Only this start-up's own records: the run is the one starting.
      this._runs.pop()
    } else if (open) {
      // No stop record: it crashed. Start-up's records moved its last-seen time; the start
      // record says when it was last seen before that.
      const lastSeen = Math.max(open.start, Math.min(open.lastSeen, payload.lastSeen ?? Infinity))
      open.lastSeen = lastSeen
      open.end = lastSeen
      open.endedBy = 'crash'
    }
    this._runs.push({ start: ts, lastSeen: ts, end: null, endedBy: null, everyMs: 0 })
    this._restarts.push({
      ts,
      previous: payload.previous,
      readyMs: payload.readyMs,
      lastSeen: payload.lastSeen,
    })
  }

  private halt(ts: number, payload: { new: string; reason: string; by: string }): void {
    const open = this._halts.at(-1)
    const halted = open !== undefined && open.to === null
    if (payload.new === 'HALTED' && !halted)
      this._halts.push({ from: ts, to: null, reason: payload.reason, by: payload.by })
    else if (payload.new !== 'HALTED' && halted) open.to = ts
  }

  private failed(failure: HealthFailure): void {
    this.counts[failure.check] = (this.counts[failure.check] ?? 0) + 1
    this.recent.push(failure)
    if (this.recent.length <= FAILURES_KEPT) return
    const dropped = this.recent.shift()!
    const counts = { ...(this.older?.counts ?? {}) }
    counts[dropped.check] = (counts[dropped.check] ?? 0) + 1
    this.older = { from: this.older?.from ?? dropped.ts, to: dropped.ts, counts }
  }

  toState(): UptimeState {
    return {
      runs: this._runs.map((r) => ({ ...r })),
      halts: this._halts.map((h) => ({ ...h })),
      restarts: [...this._restarts],
      healthFailures: {
        counts: { ...this.counts },
        recent: [...this.recent],
        ...(this.older ? { older: this.older } : {}),
      },
    }
  }

  static fromState(state: UptimeState | undefined): Uptime {
    const u = new Uptime()
    if (!state) return u
    u._runs.push(...state.runs.map((r) => ({ ...r })))
    u._halts.push(...state.halts.map((h) => ({ ...h })))
    u._restarts.push(...state.restarts)
    Object.assign(u.counts, state.healthFailures.counts)
    u.recent.push(...state.healthFailures.recent)
    u.older = state.healthFailures.older ?? null
    return u
  }
}

/** Uptime as a fold of the journal. */
export const uptimeFold: Fold<Uptime, UptimeState> = {
  fromState: (state) => Uptime.fromState(state),
  toState: (uptime) => uptime.toState(),
  apply: (uptime, record) => uptime.apply(record),
}
