/**
 * The engine's life in the journal: a start record once it is ready (how the run before it
 * ended, when that run was last seen, how long start-up took), a heartbeat at a fixed interval
 * on the engine's clock while it runs, and a stop record, with why, when it closes. Uptime
 * and recovery times are read from these (the uptime fold).
 */
import type { Clock, TimerHandle } from '../core'
import type { Recorder } from '../journal'
import type { Uptime } from './uptime'

/** A heartbeat every 5 minutes by default. */
export const HEARTBEAT_MS = 300_000

/** What the engine's life is written with. */
export interface EngineLifeDeps {
  readonly clock: Clock
  readonly recorder: Recorder
  /** ms between heartbeats; 0: none. */
  readonly heartbeatMs?: number
}

/** Journals the engine's start, heartbeats and stop. */
export class EngineLife {
  private timer: TimerHandle | null = null
  private stopped = false
  /** The seqs of the heartbeats written one after another since the last other record. */
  private quiet: { from: number; to: number } | null = null

  /**
   * `previous`: how the run before ended, as the uptime fold read it right after recovery
   * (before start-up wrote anything); `beganAt`: when start-up began, on the engine's clock.
   */
  constructor(
    private readonly deps: EngineLifeDeps,
    private readonly previous: ReturnType<Uptime['previous']>,
    private readonly beganAt: number,
  ) {}

  /** The engine is ready: its start record, then heartbeats. */
  async ready(): Promise<void> {
    const { clock, recorder } = this.deps
    // A journal that cannot be written has halted trading and says so; start-up goes on.
    if (recorder.failure === null)
      await recorder
        .commit('engine.started', {
          ...this.previous,
          readyMs: Math.max(0, clock.now() - this.beganAt),
        })
        .catch(() => undefined)
    const everyMs = this.deps.heartbeatMs ?? HEARTBEAT_MS
    if (everyMs > 0 && !this.stopped)
      this.timer = clock.setInterval(() => {
        if (recorder.failure !== null) return
        const seq = recorder.nextSeq()
        recorder.commit('engine.heartbeat', { everyMs }).catch(() => undefined)
        this.quiet =
          this.quiet?.to === seq - 1 ? { ...this.quiet, to: seq } : { from: seq, to: seq }
      }, everyMs)
  }

  /**
   * Whether the records after `after`, up to `upTo`, are all heartbeats: an idle engine's, which
   * change nothing but when it was last seen (a snapshot need not be redone for them; a restart
   * replays them).
   */
  onlyHeartbeats(after: number, upTo: number): boolean {
    return this.quiet !== null && this.quiet.from <= after + 1 && this.quiet.to === upTo
  }

  /** Stops the heartbeats (first, when the engine starts closing). */
  stopBeating(): void {
    this.stopped = true
    this.timer?.cancel()
    this.timer = null
  }

  /** The stop record, with why; a journal that cannot be written keeps no record of it. */
  async stop(reason: string): Promise<void> {
    this.stopBeating()
    if (this.deps.recorder.failure !== null) return
    await this.deps.recorder.commit('engine.stopped', { reason }).catch(() => undefined)
  }
}
