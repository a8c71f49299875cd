/**
 * The state snapshot: the folded ledger plus the journal head it covers, kept with lowdb
 * through an adapter that writes atomically (unique temp file, fsync, rename, fsync of the
 * folder) and keeps the previous snapshot as a fallback. lowdb's own writer never fsyncs.
 */
import { randomBytes } from 'node:crypto'
import { promises as fsp } from 'node:fs'
import path from 'node:path'
import { Low, type Adapter } from 'lowdb'
import { syncDir, type JournalHead } from '../journal/journal'
import type { Decision } from '../journal/audit'
import type { LedgerState } from '../ledger/ledger'
import type { RiskLimits, TradingState } from '../../../shared/types'

/** What the snapshot holds. */
export interface SnapshotData {
  readonly version: 2
  readonly journal: JournalHead
  readonly ledger: LedgerState
  readonly audit: readonly Decision[]
  readonly limits: Readonly<Record<string, RiskLimits>>
  /** Trading states set by hand or by the breaker, by account id ('*': every account). */
  readonly tradingStates?: Readonly<Record<string, TradingState>>
  /** Who set each trading state, and RECOVERING's order-size fraction. */
  readonly tradingMeta?: Readonly<Record<string, { by: string; fraction: number | null }>>
  /** Peak equity per account, for the drawdown limit. */
  readonly peakEquity: Readonly<Record<string, string>>
}

/** A lowdb adapter that writes a JSON file durably and keeps the previous version. */
export class AtomicJsonFile<T> implements Adapter<T> {
  constructor(private readonly file: string) {}

  /** The fallback copy of the previous write. */
  get previousFile(): string {
    return `${this.file}.prev`
  }

  async read(): Promise<T | null> {
    return readJson<T>(this.file)
  }

  async write(data: T): Promise<void> {
    const dir = path.dirname(this.file)
    const temp = path.join(
      dir,
      `.${path.basename(this.file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
    )
    const fh = await fsp.open(temp, 'wx', 0o600)
    try {
      await fh.writeFile(JSON.stringify(data))
      await fh.sync()
    } finally {
      await fh.close()
    }
    try {
      await fsp.rename(this.file, this.previousFile)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
    await fsp.rename(temp, this.file)
    await syncDir(dir)
  }
}

async function readJson<T>(file: string): Promise<T | null> {
  try {
    return JSON.parse(await fsp.readFile(file, 'utf8')) as T
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
}

/** The snapshot store of a data folder. */
export class SnapshotStore {
  private readonly adapter: AtomicJsonFile<SnapshotData | null>
  private readonly db: Low<SnapshotData | null>

  constructor(dataDir: string) {
    this.adapter = new AtomicJsonFile<SnapshotData | null>(path.join(dataDir, 'state.json'))
    this.db = new Low<SnapshotData | null>(this.adapter, null)
  }

  /**
   * Loads the newest readable snapshot: the current one, or the previous one if the current is
   * unreadable. Returns null when there is none (a full replay follows).
   */
  async load(): Promise<{ data: SnapshotData | null; warning: string | null }> {
    try {
      await this.db.read()
      return { data: valid(this.db.data), warning: null }
    } catch (error) {
      const prev = await readJson<SnapshotData>(this.adapter.previousFile).catch(() => null)
      return {
        data: valid(prev),
        warning: `The state snapshot could not be read (${(error as Error).message}); ${prev ? 'using the previous snapshot' : 'rebuilding from the journal'}.`,
      }
    }
  }

  /** Writes a snapshot durably. */
  async save(data: SnapshotData): Promise<void> {
    this.db.data = data
    await this.db.write()
  }
}

function valid(data: SnapshotData | null): SnapshotData | null {
  return data && data.version === 2 && typeof data.journal?.seq === 'number' ? data : null
}
