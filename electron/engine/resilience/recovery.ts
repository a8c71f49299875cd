/**
 * Recovery: opens the journal and rebuilds every fold, from the newest snapshot the journal
 * vouches for (a `snapshot.written` record after the seq it covers names the SHA-256 of its
 * bytes) with the journal tail after it replayed, or from the whole journal when there is none.
 */
import path from 'node:path'
import type { Alert } from '../../../shared/types'
import { journalDir, type Clock } from '../core'
import {
  FoldSet,
  Journal,
  JournalCorruptError,
  type FoldRegistry,
  type FoldStates,
  type JournalFiles,
  type JournalObserver,
  type RecordPayloads,
} from '../journal'
import {
  UnreadableSnapshotError,
  type SnapshotData,
  type SnapshotStore,
  type StoredSnapshotFile,
} from './snapshot'

/** The journal is shorter than the snapshot says, or differs from it: it was cut or replaced. */
export class JournalMismatchError extends Error {
  constructor(detail: string) {
    super(
      `The audit journal does not match the state snapshot: ${detail}. Vigil will not start; restore the data folder from a backup.`,
    )
    this.name = 'JournalMismatchError'
  }
}

/** A snapshot file that was not used because the journal does not vouch for its bytes. */
export interface NotVouched {
  readonly file: string
  /**
   * True when the journal vouches for other snapshots, so this one was changed after it was
   * written; false when no snapshot was ever vouched for (written by a version before this).
   */
  readonly changed: boolean
}

/** How to open the journal. */
export interface RecoveryOptions {
  readonly dataDir: string
  readonly clock: Clock
  /** fsync the journal (not in a scratch folder). */
  readonly sync: boolean
  readonly journalFiles?: JournalFiles
  /** Told of every record appended and written (the journal's on-disk index). */
  readonly observer?: JournalObserver
  /** Called when the journal is read and checked whole on open (no snapshot place used). */
  readonly onFullCheck?: () => void
}

/** What recovery rebuilt. */
export interface Recovered<R extends FoldRegistry> {
  readonly folds: FoldSet<R>
  readonly journal: Journal
  /** The snapshot used, or null when the whole journal was replayed. */
  readonly data: SnapshotData | null
  /** Journal records replayed on top of it. */
  readonly replayed: number
  readonly warnings: string[]
  readonly notVouched: NotVouched[]
}

/** Opens the journal and rebuilds the registry's folds from a vouched snapshot and the tail. */
export async function recover<R extends FoldRegistry>(
  registry: R,
  options: RecoveryOptions,
  snapshots: SnapshotStore,
): Promise<Recovered<R>> {
  const warnings: string[] = []
  const notVouched: NotVouched[] = []
  const open = async (data: SnapshotData | null) => {
    const folds = new FoldSet(registry, data?.folds as FoldStates<R> | undefined)
    const covered = data?.journal ?? { seq: 0, hash: '' }
    let replayed = 0
    const vouchers: RecordPayloads['snapshot.written'][] = []
    let hashAtCovered: string | null = covered.seq === 0 ? '' : null
    const journal = await Journal.open({
      dir: journalDir(options.dataDir),
      clock: options.clock,
      sync: options.sync,
      ...(options.journalFiles ? { files: options.journalFiles } : {}),
      ...(options.observer ? { observer: options.observer } : {}),
      ...(options.onFullCheck ? { onFullCheck: options.onFullCheck } : {}),
      // With the snapshot's position, only the tail after it is read now (the rest is walked
      // in the background).
      after: covered,
      onLink: (seq, hash) => {
        if (seq === covered.seq) hashAtCovered = hash
      },
      onRecord: (record) => {
        // A snapshot's own record changes no state: it is not counted as replayed.
        if (record.type === 'snapshot.written') vouchers.push(record.payload)
        else replayed += 1
        folds.apply(record)
      },
    })
    if (journal.head.seq < covered.seq) {
      throw new JournalMismatchError(
        `the snapshot covers ${covered.seq} records but the journal holds only ${journal.head.seq} (records were cut off the end)`,
      )
    }
    if (hashAtCovered !== covered.hash) {
      throw new JournalMismatchError(
        `record ${covered.seq} has a different hash from the one the snapshot recorded`,
      )
    }
    return { folds, journal, data, replayed, vouchers }
  }
  /** Torn lines an attempt moved aside: the next open no longer finds them. */
  let torn = 0
  /** Snapshot files that could not be read as snapshots. */
  const unreadable: { file: string; sha256: string | null; why: string }[] = []
  /**
   * Warnings for the files not used. An unreadable file whose bytes the journal vouches for
   * was written by Vigil (this build cannot read it); one it does not vouch for was changed.
   */
  const explain = (using: string, vouchers: readonly { sha256: string }[]): void => {
    for (const u of unreadable) {
      if (vouchers.length > 0 && !vouchers.some((v) => v.sha256 === u.sha256))
        notVouched.push({ file: u.file, changed: true })
      warnings.push(`The state snapshot could not be read (${u.why}); ${using}`)
    }
    for (const n of notVouched)
      warnings.push(
        n.changed
          ? `${n.file} was changed after Vigil wrote it (the audit journal does not vouch for it) and was not used; ${using}`
          : `${n.file} was written by an earlier version of Vigil that did not record snapshots in the journal; ${using}`,
      )
  }
  for (const which of ['current', 'previous'] as const) {
    let stored: StoredSnapshotFile | null
    try {
      stored = await snapshots.read(which)
    } catch (error) {
      unreadable.push({
        file: error instanceof UnreadableSnapshotError ? error.file : which,
        sha256: error instanceof UnreadableSnapshotError ? error.sha256 : null,
        why: (error as Error).message,
      })
      continue
    }
    if (!stored) continue
    let attempt: Awaited<ReturnType<typeof open>>
    try {
      attempt = await open(stored.data)
    } catch (error) {
      // A journal that is not the snapshot's, or is corrupt, stops the start whatever the
      // snapshot; anything else is the snapshot's own fault (its state does not fold).
      if (error instanceof JournalMismatchError || error instanceof JournalCorruptError) throw error
      notVouched.push({ file: stored.file, changed: true })
      continue
    }
    const { seq } = stored.data.journal
    const vouched = attempt.vouchers.some((v) => v.seq === seq && v.sha256 === stored.sha256)
    // A fold this snapshot has no state for (one added since it was written) must see the
    // whole journal, not only the tail: the state is rebuilt from the journal.
    const missing = Object.keys(registry).filter((key) => !(key in stored.data.folds))
    if (vouched && missing.length === 0) {
      attempt.journal.tornLines += torn
      if (which === 'previous') explain('using the previous snapshot', attempt.vouchers)
      return { ...attempt, warnings, notVouched }
    }
    await attempt.journal.close()
    torn += attempt.journal.tornLines
    if (vouched) {
      warnings.push(
        `${stored.file} was written before Vigil kept ${missing.join(', ')} in it; rebuilding from the journal`,
      )
      break
    }
    // Every snapshot Vigil writes has its record after the seq it covers.
    notVouched.push({ file: stored.file, changed: attempt.vouchers.length > 0 })
  }
  const rebuilt = await open(null)
  rebuilt.journal.tornLines += torn
  // A journal that vouches for any snapshot was written by a version that vouches for all.
  if (rebuilt.vouchers.length > 0)
    for (const [i, n] of notVouched.entries()) notVouched[i] = { ...n, changed: true }
  explain('rebuilding from the journal', rebuilt.vouchers)
  return { ...rebuilt, warnings, notVouched }
}

/** The critical alert for each snapshot file changed after Vigil wrote it. */
export function changedSnapshotAlerts(
  notVouched: readonly NotVouched[],
  dataDir: string,
): Omit<Alert, 'id' | 'ts'>[] {
  return notVouched
    .filter((n) => n.changed)
    .map(({ file }) => ({
      accountId: null,
      severity: 'critical',
      kind: 'snapshot_changed',
      message: `The state snapshot ${file} was changed after Vigil wrote it: its SHA-256 is not the one the audit journal recorded. It was not used; the state was rebuilt from the journal. Find out what changed ${path.join(dataDir, file)}.`,
    }))
}
