/**
 * The state snapshot: the folded ledger plus the journal head it covers, kept with lowdb
 * through an adapter that writes atomically (unique temp file, fsync, rename, fsync of the
 * folder) and keeps the previous snapshot as a fallback. lowdb's own writer never fsyncs.
 *
 * The journal vouches for each snapshot: the SHA-256 of its bytes is journaled before the file
 * takes its place, so start-up can tell a snapshot Vigil wrote from one changed by hand.
 */
import { createHash, randomBytes } from 'node:crypto'
import { promises as fsp } from 'node:fs'
import path from 'node:path'
import { Low, type Adapter } from 'lowdb'
import { isLeftoverStateTemp, previousOf, snapshotFile } from '../core'
import { syncDir, type JournalHead, type JournalPosition, type RecordPayloads } from '../journal'
import type { LedgerState } from '../ledger'
import type { ReconcileLogState } from './reconcile'
import type { DrillLogState } from './drills'
import type { AlertsStatus, ReportSettings } from '../../../shared/performance'
import type { RiskLimits, TradingState } from '../../../shared/types'

/** What the snapshot holds: the journal place it covers and every fold's state there. */
export interface SnapshotData {
  readonly version: 4
  /** The last record covered; where it ends in the journal, in snapshots that say it. */
  readonly journal: JournalHead | JournalPosition
  /** Each fold's state, by the fold's key in the engine's registry. */
  readonly folds: Readonly<Record<string, unknown>>
}

/** The fold states a format 2 or 3 snapshot kept at its top level. */
interface FlatFolds {
  readonly ledger: LedgerState
  /** Every decision ever made (ignored: decisions are read from the journal's index). */
  readonly audit?: unknown
  readonly limits?: Readonly<Record<string, RiskLimits>>
  readonly tradingStates?: Readonly<Record<string, TradingState>>
  readonly tradingMeta?: Readonly<Record<string, unknown>>
  readonly reconcile?: ReconcileLogState
  readonly drills?: DrillLogState
  readonly alerts?: AlertsStatus
  readonly equityCloses?: readonly RecordPayloads['equity.closed'][]
  readonly reportSettings?: ReportSettings
  readonly peakEquity?: Readonly<Record<string, string>>
}

/** A lowdb adapter that writes a JSON file durably and keeps the previous version. */
export class AtomicJsonFile<T> implements Adapter<T> {
  constructor(readonly file: string) {}

  /** The fallback copy of the previous write. */
  get previousFile(): string {
    return previousOf(this.file)
  }

  async read(): Promise<T | null> {
    return (await readJson<T>(this.file))?.data ?? null
  }

  /** Writes `data` whole and durably; the file takes its place only when all of it is on disk. */
  async write(data: T): Promise<void> {
    const prepared = await this.prepare(data)
    try {
      await prepared.install()
    } finally {
      await prepared.discard()
    }
  }

  /**
   * Writes `data` to a unique temp file and fsyncs it, without touching the file yet: the
   * caller learns the SHA-256 of its bytes, then installs it (or discards it). A failed write
   * removes its temp file.
   */
  async prepare(data: T): Promise<PreparedWrite> {
    const dir = path.dirname(this.file)
    const temp = path.join(
      dir,
      `.${path.basename(this.file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
    )
    const bytes = Buffer.from(JSON.stringify(data), 'utf8')
    let pending = true
    const discard = async (): Promise<void> => {
      if (!pending) return
      pending = false
      await fsp.rm(temp, { force: true }).catch(() => undefined)
    }
    try {
      const fh = await fsp.open(temp, 'wx', 0o600)
      try {
        await fh.writeFile(bytes)
        await fh.sync()
      } finally {
        await fh.close()
      }
    } catch (error) {
      await discard()
      throw error
    }
    return {
      sha256: sha256Of(bytes),
      install: async () => {
        try {
          await fsp.rename(this.file, this.previousFile)
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
        }
        await fsp.rename(temp, this.file)
        pending = false
        await syncDir(dir)
      },
      discard,
    }
  }
}

/**
 * Removes temp files a crash left in the data folder (a failed write removes its own). Only
 * the folder's owner calls it, so no write is under way.
 */
export async function removeLeftoverTemps(dataDir: string): Promise<void> {
  const names = await fsp.readdir(dataDir).catch(() => [] as string[])
  for (const name of names)
    if (isLeftoverStateTemp(name)) await fsp.rm(path.join(dataDir, name), { force: true })
}

/** A file written to its temp file, not yet in place. */
export interface PreparedWrite {
  /** SHA-256 of the bytes written, hex. */
  readonly sha256: string
  /** Puts the file in place (the current one becomes the previous). */
  install(): Promise<void>
  /** Removes the temp file, if it was not installed. */
  discard(): Promise<void>
}

async function readBytes(file: string): Promise<Buffer | null> {
  try {
    return await fsp.readFile(file)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
}

async function readJson<T>(file: string): Promise<{ data: T } | null> {
  const bytes = await readBytes(file)
  // Decoded at once: readFile's own decoding, chunk by chunk, is several times slower on a
  // snapshot of tens of megabytes.
  return bytes && { data: JSON.parse(bytes.toString('utf8')) as T }
}

const sha256Of = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex')

/** A snapshot file is there but cannot be used as a snapshot; its bytes' SHA-256 is known. */
export class UnreadableSnapshotError extends Error {
  constructor(
    readonly file: string,
    readonly sha256: string,
    cause: Error,
  ) {
    super(cause.message)
    this.name = 'UnreadableSnapshotError'
  }
}

/**
 * The file's format: 4 keeps every fold's state under `folds`, and no audit decisions (they are
 * read from the journal through its index). 2 and 3 kept the folds at the top level and every
 * decision ever made; their decisions are ignored. Builds that know only 2 or 3 rebuild from
 * the journal.
 */
const FORMAT = 4

/** A snapshot as stored, in this format or an older one. */
type StoredSnapshot =
  | (Omit<SnapshotData, 'version'> & { readonly version: typeof FORMAT })
  | (Omit<SnapshotData, 'version' | 'folds'> & FlatFolds & { readonly version: 2 | 3 })

/** The snapshot store of a data folder. */
export class SnapshotStore {
  private readonly adapter: AtomicJsonFile<StoredSnapshot | null>
  private readonly db: Low<StoredSnapshot | null>

  constructor(dataDir: string) {
    this.adapter = new AtomicJsonFile<StoredSnapshot | null>(snapshotFile(dataDir))
    this.db = new Low<StoredSnapshot | null>(this.adapter, null)
  }

  /**
   * Reads one snapshot file as it is on disk, with the SHA-256 of its bytes: null when there
   * is none (or it is of a format this build does not know); throws when it cannot be read.
   */
  async read(which: 'current' | 'previous'): Promise<StoredSnapshotFile | null> {
    const file = which === 'current' ? this.adapter.file : this.adapter.previousFile
    const bytes = await readBytes(file)
    if (!bytes) return null
    const sha256 = sha256Of(bytes)
    let data: SnapshotData | null
    try {
      data = unpack(JSON.parse(bytes.toString('utf8')) as StoredSnapshot)
    } catch (error) {
      throw new UnreadableSnapshotError(path.basename(file), sha256, error as Error)
    }
    return data && { file: path.basename(file), data, sha256 }
  }

  /**
   * Loads the newest readable snapshot: the current one, or the previous one if the current is
   * unreadable. Returns null when there is none (a full replay follows). Does not ask whether
   * the journal vouches for it.
   */
  async load(): Promise<{ data: SnapshotData | null; warning: string | null }> {
    try {
      return { data: (await this.read('current'))?.data ?? null, warning: null }
    } catch (error) {
      const prev = await this.read('previous').catch(() => null)
      return {
        data: prev?.data ?? null,
        warning: `The state snapshot could not be read (${(error as Error).message}); ${prev ? 'using the previous snapshot' : 'rebuilding from the journal'}.`,
      }
    }
  }

  /**
   * Writes a snapshot durably: its bytes go to a temp file, `vouch` journals their SHA-256
   * (the snapshot takes its place only once that record is durable), then it replaces the
   * current one. A failure at any step leaves the current snapshot and no temp file.
   */
  async save(data: SnapshotData, vouch: (sha256: string) => Promise<void>): Promise<void> {
    this.db.data = pack(data)
    const prepared = await this.adapter.prepare(this.db.data)
    try {
      await vouch(prepared.sha256)
      await prepared.install()
    } finally {
      await prepared.discard()
    }
  }
}

/** A snapshot file read from disk. */
export interface StoredSnapshotFile {
  /** Its name in the data folder. */
  readonly file: string
  readonly data: SnapshotData
  /** SHA-256 of its bytes, hex. */
  readonly sha256: string
}

function pack(data: SnapshotData): StoredSnapshot {
  return { ...data, version: FORMAT }
}

function unpack(data: StoredSnapshot | null): SnapshotData | null {
  if (!data || ![2, 3, FORMAT].includes(data.version)) return null
  if (typeof data.journal?.seq !== 'number') return null
  if (data.version === FORMAT) return data
  // Older formats kept the folds at the top level, the trading states in two maps, and every
  // decision (the audit trail now keeps none in the snapshot).
  const { version: _, journal, audit: _decisions, tradingStates, tradingMeta, ...rest } = data
  return {
    version: FORMAT,
    journal,
    folds: {
      ...rest,
      audit: null,
      trading: { states: tradingStates ?? {}, meta: tradingMeta ?? {} },
    },
  }
}
