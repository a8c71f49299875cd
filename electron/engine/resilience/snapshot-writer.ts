/**
 * The periodic state snapshot: every minute (and at close) the folds' state, vouched for by a
 * `snapshot.written` record in the journal before the file takes its place. Not redone while
 * nothing but heartbeats was written; never written from folds that hold records the disk
 * refused.
 */
import path from 'node:path'
import { snapshotFile, type Clock, type TimerHandle } from '../core'
import type { FoldRegistry, FoldSet, Journal, Recorder } from '../journal'
import type { SnapshotStore } from './snapshot'

const INTERVAL_MS = 60_000

/** What the snapshot writer works with. */
export interface SnapshotWriterDeps {
  readonly clock: Clock
  readonly dataDir: string
  readonly journal: Journal
  readonly recorder: Recorder
  readonly folds: FoldSet<FoldRegistry>
  readonly store: SnapshotStore
  /** Runs before each write (saving state kept beside the snapshot). */
  readonly beforeWrite: () => void
  /** Write only when asked (a scratch folder is snapshotted once, when it closes). */
  readonly onlyOnDemand: boolean
  /** How often, ms (default a minute). */
  readonly intervalMs?: number
  /** Whether every record in (after, upTo] is a heartbeat (the engine's life says). */
  readonly onlyHeartbeats?: (after: number, upTo: number) => boolean
}

/** Writes the snapshot every minute and on demand, one write at a time. */
export class SnapshotWriter {
  private saving: Promise<void> = Promise.resolve()
  private failed: string | null = null
  /** The journal head and fold states just after the last snapshot: unchanged, not redone. */
  private lastSaved: { seq: number; peaks: string } | null = null
  private readonly timer: TimerHandle | null

  constructor(private readonly deps: SnapshotWriterDeps) {
    this.timer = deps.onlyOnDemand
      ? null
      : deps.clock.setInterval(
          () => void this.save().catch(() => undefined),
          deps.intervalMs ?? INTERVAL_MS,
        )
  }

  /** Why the last snapshot could not be written, or null when it was. */
  get failure(): string | null {
    return this.failed
  }

  /** Writes a snapshot after the one under way (a failed one does not stop the next). */
  save(): Promise<void> {
    this.saving = this.saving.catch(() => undefined).then(() => this.write())
    return this.saving
  }

  /** Waits for the write under way. */
  async idle(): Promise<void> {
    await this.saving.catch(() => undefined)
  }

  /** Stops the timer. */
  stop(): void {
    this.timer?.cancel()
  }

  private async write(): Promise<void> {
    const { journal, recorder, folds, clock } = this.deps
    // The folds may hold records the disk refused: a snapshot of them would claim more than
    // the journal has. The last good snapshot and the journal are what a restart uses.
    if (recorder.failure !== null) return
    await journal.flush()
    const covered = journal.position
    const state = folds.toState()
    // Each snapshot adds a record: an idle engine would add one a minute for nothing, or one
    // after each heartbeat (which only says when it was last seen). Only the peaks change
    // without a record.
    const peaks = JSON.stringify((state as Record<string, unknown>)['peakEquity'] ?? null)
    const last = this.lastSaved
    if (
      last?.peaks === peaks &&
      (last.seq === covered.seq || this.deps.onlyHeartbeats?.(last.seq, covered.seq) === true)
    )
      return
    try {
      this.deps.beforeWrite()
    } catch {
      // What is kept beside the snapshot is best effort (the market's place).
    }
    let recordSeq = 0
    try {
      await this.deps.store.save(
        { version: 4, journal: covered, folds: state },
        // The journal vouches for the snapshot before it takes its place.
        (sha256) => {
          const vouched = recorder.commit('snapshot.written', {
            file: path.basename(snapshotFile(this.deps.dataDir)),
            seq: covered.seq,
            hash: covered.hash,
            sha256,
          })
          // The record's own seq: records after it are not in this snapshot.
          recordSeq = journal.head.seq
          return vouched
        },
      )
      this.failed = null
      // Records appended while it was written are not in it: then the next one is due.
      this.lastSaved = recordSeq === covered.seq + 1 ? { seq: recordSeq, peaks } : null
    } catch (error) {
      this.failed = `${(error as Error).message} (at ${new Date(clock.now()).toISOString()})`
      throw error
    }
  }
}
