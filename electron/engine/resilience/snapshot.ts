/**
 * The state snapshot: the folded ledger plus the journal head it covers, kept with lowdb
 * through an adapter that writes atomically (unique temp file, fsync, rename, fsync of the
 * folder) and keeps the previous snapshot as a fallback. lowdb's own writer never fsyncs.
 */
import { randomBytes } from 'node:crypto'
import { promises as fsp } from 'node:fs'
import path from 'node:path'
import { Low, type Adapter } from 'lowdb'
import { syncDir, type JournalHead, type JournalPosition } from '../journal/journal'
import type { Decision } from '../journal/audit'
import type { LedgerState } from '../ledger/ledger'
import type { ReconcileLogState } from './reconcile'
import type { DrillLogState } from './drills'
import type { AlertsStatus, ReportSettings } from '../../../shared/performance'
import type { RecordPayloads } from '../journal/records'
import type { GateCheck, RiskLimits, TradingState } from '../../../shared/types'

/** What the snapshot holds. */
export interface SnapshotData {
  readonly version: 2
  /** The last record covered; where it ends in the journal, in snapshots that say it. */
  readonly journal: JournalHead | JournalPosition
  readonly ledger: LedgerState
  readonly audit: readonly Decision[]
  readonly limits: Readonly<Record<string, RiskLimits>>
  /** Trading states set by hand or by the breaker, by account id ('*': every account). */
  readonly tradingStates?: Readonly<Record<string, TradingState>>
  /** Who set each trading state, and RECOVERING's order-size fraction. */
  readonly tradingMeta?: Readonly<
    Record<string, { by: string; fraction: number | null; since?: number; clean?: number }>
  >
  /** Reconciliation findings, open and lately settled. */
  readonly reconcile?: ReconcileLogState
  /** Drill results. */
  readonly drills?: DrillLogState
  /** Alerts, rules and notification settings. */
  readonly alerts?: AlertsStatus
  /** Each account's equity at each local day's close. */
  readonly equityCloses?: readonly RecordPayloads['equity.closed'][]
  /** How daily reports are made. */
  readonly reportSettings?: ReportSettings
  /** Peak equity per account, for the drawdown limit. */
  readonly peakEquity: Readonly<Record<string, string>>
  /** Each account's minute equity samples of the last day, [time, equity], oldest first. */
  readonly equityMinutes?: Readonly<Record<string, readonly (readonly [number, number])[]>>
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
    // Read whole, then decoded at once: readFile's own decoding, chunk by chunk, is several
    // times slower on a snapshot of tens of megabytes.
    return JSON.parse((await fsp.readFile(file)).toString('utf8')) as T
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
}

/**
 * The file's format: 3 keeps a decision's gate checks once, with its order in the ledger (they
 * are a third of a snapshot otherwise). Builds that know only 2 rebuild from the journal.
 */
const FORMAT = 3

/** A decision as stored: a gate without checks has its ledger order's. */
type StoredDecision = Omit<Decision, 'gate'> & {
  readonly gate: (Omit<NonNullable<Decision['gate']>, 'checks'> & { checks?: GateCheck[] }) | null
}

/** A snapshot as stored. */
type StoredSnapshot = Omit<SnapshotData, 'version' | 'audit'> & {
  readonly version: 2 | typeof FORMAT
  readonly audit: readonly StoredDecision[]
}

/** The snapshot store of a data folder. */
export class SnapshotStore {
  private readonly adapter: AtomicJsonFile<StoredSnapshot | null>
  private readonly db: Low<StoredSnapshot | null>

  constructor(dataDir: string) {
    this.adapter = new AtomicJsonFile<StoredSnapshot | null>(path.join(dataDir, 'state.json'))
    this.db = new Low<StoredSnapshot | null>(this.adapter, null)
  }

  /**
   * Loads the newest readable snapshot: the current one, or the previous one if the current is
   * unreadable. Returns null when there is none (a full replay follows).
   */
  async load(): Promise<{ data: SnapshotData | null; warning: string | null }> {
    try {
      await this.db.read()
      return { data: unpack(this.db.data), warning: null }
    } catch (error) {
      const prev = await readJson<StoredSnapshot>(this.adapter.previousFile)
        .then(unpack)
        .catch(() => null)
      return {
        data: prev,
        warning: `The state snapshot could not be read (${(error as Error).message}); ${prev ? 'using the previous snapshot' : 'rebuilding from the journal'}.`,
      }
    }
  }

  /** Writes a snapshot durably. */
  async save(data: SnapshotData): Promise<void> {
    this.db.data = pack(data)
    await this.db.write()
  }
}

const orderKey = (accountId: string, orderId: string): string => `${accountId}\n${orderId}`

function ordersChecks(ledger: LedgerState): Map<string, readonly GateCheck[]> {
  const checks = new Map<string, readonly GateCheck[]>()
  for (const account of ledger.accounts)
    for (const { order } of account.orders)
      checks.set(orderKey(order.accountId, order.id), order.checks)
  return checks
}

/** Whether two check lists say the same (their fields are plain values). */
const sameChecks = (a: readonly GateCheck[], b: readonly GateCheck[] | undefined): boolean =>
  a === b ||
  (b !== undefined &&
    a.length === b.length &&
    a.every((check, i) => {
      const x = check as unknown as Record<string, unknown>
      const y = b[i] as unknown as Record<string, unknown>
      const keys = Object.keys(x)
      return keys.length === Object.keys(y).length && keys.every((k) => x[k] === y[k])
    }))

function pack(data: SnapshotData): StoredSnapshot {
  const checks = ordersChecks(data.ledger)
  return {
    ...data,
    version: FORMAT,
    audit: data.audit.map((d) => {
      if (!d.gate || !sameChecks(d.gate.checks, checks.get(orderKey(d.accountId, d.orderId))))
        return d
      const { checks: _, ...gate } = d.gate
      return { ...d, gate }
    }),
  }
}

function unpack(data: StoredSnapshot | null): SnapshotData | null {
  if (!data || (data.version !== 2 && data.version !== FORMAT)) return null
  if (typeof data.journal?.seq !== 'number') return null
  const checks = ordersChecks(data.ledger)
  const audit = data.audit.map((d): Decision => {
    if (!d.gate || d.gate.checks) return d as Decision
    const kept = checks.get(orderKey(d.accountId, d.orderId))
    if (!kept) throw new Error(`the gate checks of order ${d.orderId} are missing`)
    return { ...d, gate: { ...d.gate, checks: kept as GateCheck[] } }
  })
  return { ...data, version: 2, audit }
}
