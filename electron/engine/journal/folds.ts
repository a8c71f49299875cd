/**
 * Folds: the state the engine keeps is what its folds made of the journal. Each fold says how
 * it is rebuilt from its part of the snapshot, what it keeps there, and how one record changes
 * it (and which events that change publishes). A `FoldSet` holds them in one fixed order: the
 * snapshot is the set's state, and recovery is the set's replay of the journal tail.
 */
import type { EngineEvent } from '../../../shared/contract'
import type { JournalRecord } from './records'
import { expandRecord, isMerged, type StoredRecord } from './stored'

/** One fold: how its state `F` is made from, kept in, and changed by the journal. */
export interface Fold<F, S> {
  /** Rebuilds it from what the snapshot kept (undefined: nothing, a new folder or a rebuild). */
  fromState(state: S | undefined): F
  /** What the snapshot keeps of it: what is needed to resume, never the whole history. */
  toState(fold: F): S
  /**
   * Folds one record in; returns the events the change publishes. `earlier` holds the folds
   * registered before this one, with the record already folded in.
   */
  apply(
    fold: F,
    record: JournalRecord,
    earlier: Readonly<Record<string, unknown>>,
  ): readonly EngineEvent[] | void
}

/** A registry of folds by the key of their state in the snapshot. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type FoldRegistry = Readonly<Record<string, Fold<any, any>>>

/** The live folds of a registry, by key. */
export type FoldsOf<R extends FoldRegistry> = {
  readonly [K in keyof R]: R[K] extends Fold<infer F, unknown> ? F : never
}

/** What a snapshot keeps of every fold of a registry. */
export type FoldStates<R extends FoldRegistry> = {
  readonly [K in keyof R]?: R[K] extends Fold<unknown, infer S> ? S : never
}

/** The folds of a registry, made from a snapshot's states and kept up to date record by record. */
export class FoldSet<R extends FoldRegistry> {
  /** Each fold's live state, by key. */
  readonly state: FoldsOf<R>

  constructor(
    private readonly registry: R,
    states: FoldStates<R> | undefined,
  ) {
    this.state = Object.fromEntries(
      Object.entries(registry).map(([key, fold]) => [
        key,
        fold.fromState((states as Record<string, unknown> | undefined)?.[key]),
      ]),
    ) as FoldsOf<R>
  }

  /**
   * Folds one stored record into every fold, in registry order; the events, in that order. A
   * merged record is folded as the records it stands for, one after the other.
   */
  apply(record: StoredRecord): EngineEvent[] {
    if (!isMerged(record)) return this.fold(record as JournalRecord)
    const events: EngineEvent[] = []
    for (const part of expandRecord(record)) events.push(...this.fold(part))
    return events
  }

  private fold(record: JournalRecord): EngineEvent[] {
    const events: EngineEvent[] = []
    for (const [key, fold] of Object.entries(this.registry)) {
      const all = this.state as Record<string, unknown>
      const made = fold.apply(all[key], record, all)
      if (made) events.push(...made)
    }
    return events
  }

  /** What the snapshot keeps: every fold's state, by key. */
  toState(): FoldStates<R> {
    return Object.fromEntries(
      Object.entries(this.registry).map(([key, fold]) => [
        key,
        fold.toState((this.state as Record<string, unknown>)[key]),
      ]),
    ) as FoldStates<R>
  }
}
