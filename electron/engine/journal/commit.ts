/**
 * The commit pipeline, the lowest step of every change: a record is written to the journal,
 * folded into every fold, and its events published. Whoever records an event is given this.
 *
 * A record is folded as soon as it is written (the next gate sees it) and the returned promise
 * resolves when it is durable. When the journal cannot be written, the pipeline remembers why:
 * nothing more is written, every commit is refused at once, and its listeners are told once.
 */
import type { EngineEvent } from '../../../shared/contract'
import { JournalWriteError, type Journal } from './journal'
import type { StoredPayloads, StoredRecord, StoredType } from './stored'

/** Journals a record and folds it at once; resolves when it is durable. */
export type Commit = <T extends StoredType>(type: T, payload: StoredPayloads[T]) => Promise<void>

/** What the pipeline folds into and publishes to. */
export interface CommitTargets {
  /** Folds one stored record into every fold; returns the events the changes publish. */
  apply(record: StoredRecord): readonly EngineEvent[]
  /** Publishes an event to every listener. */
  publish(event: EngineEvent): void
}

/** What a domain that records events is given: the pipeline's commit, next seq and failure. */
export interface Recorder {
  readonly commit: Commit
  /** The seq the next record will have (ids minted from it are unique forever). */
  nextSeq(): number
  /** Why the journal cannot be written, or null. */
  readonly failure: string | null
  /** Calls `listener` once, when the journal fails. */
  onFailure(listener: (error: Error) => void): void
}

/** Journal write → every fold → publish, and the journal's failure. */
export class CommitPipeline implements Recorder {
  private failed: string | null = null
  private readonly failureListeners: ((error: Error) => void)[] = []

  constructor(
    private readonly journal: Journal,
    private readonly targets: CommitTargets,
  ) {}

  /** Journals a record and folds it at once; resolves when it is durable. */
  readonly commit: Commit = (type, payload) => {
    let written: ReturnType<Journal['write']>
    try {
      written = this.journal.write(type, payload)
    } catch (error) {
      // Anything but a journal that failed is a bug: thrown as before, loudly.
      if (!(error instanceof JournalWriteError)) throw error
      // Refused at once, without touching the disk: nothing is folded.
      this.fail(error)
      const refused = Promise.reject(error)
      refused.catch(() => undefined)
      return refused
    }
    const { record, durable } = written
    for (const event of this.targets.apply(record)) this.targets.publish(event)
    durable.catch((error: Error) => this.fail(error))
    return durable
  }

  /** Why the journal cannot be written (then nothing is traded), or null. */
  get failure(): string | null {
    return this.failed
  }

  /** The seq the next record will have. */
  nextSeq(): number {
    return this.journal.head.seq + 1
  }

  /** Calls `listener` once, when the journal fails. */
  onFailure(listener: (error: Error) => void): void {
    this.failureListeners.push(listener)
  }

  private fail(error: Error): void {
    if (this.failed !== null) return
    this.failed = error.message
    for (const listener of this.failureListeners) listener(error)
  }
}
