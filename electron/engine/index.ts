/**
 * The composition root: builds the trading system for one data folder and wires its domains.
 * Start-up = lock the folder, load the snapshot, open (and verify) the journal, replay what the
 * snapshot does not cover, close orders a crash interrupted, start the market.
 */
import { promises as fsp } from 'node:fs'
import path from 'node:path'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import type { Command, CommandResponses, EngineEvent } from '../../shared/contract'
import { err, ok, type Result } from '../../shared/result'
import type {
  Account,
  AccountKind,
  HealthReport,
  KillSwitchReport,
  MarketStatus,
  Order,
  TradingStatus,
  RiskLimits,
  Snapshot,
  TradingState,
  VerifyReport,
} from '../../shared/types'
import { TERMINAL_STATUSES } from '../../shared/types'
import {
  DEFAULT_REPORT_SETTINGS,
  type PerformanceView,
  type ReportInfo,
  type ReportSettings,
} from '../../shared/performance'
import {
  buildDailyReport,
  listReports,
  localDate,
  readReport,
  reportInputFromJournal,
  saveReport,
} from './reports'
import type { CallContext, Engine, EngineInfo, EngineOptions } from './api'
import { Accounts, type PaperVenue } from './accounts'
import { connectExchange } from './brokers/exchange'
import { PaperBroker } from './brokers/paper'
import { Decimal, ZERO, dec, str, startOfLocalDay, usd } from './core'
import { EventBus } from './core/event-bus'
import { DEFAULT_LIMITS, OrderService, type Commit } from './execution'
import {
  AuditTrail,
  Journal,
  JournalCorruptError,
  JournalWriteError,
  verifyJournal,
  walkChainInBackground,
  type BackgroundWalk,
  type JournalRecord,
} from './journal'
import type { AccountSettings, RecordPayloads } from './journal/records'
import { Ledger, type LedgerChange } from './ledger'
import { INSTRUMENTS, MarketSimulator } from './market'
import { marketStart, openMarketTime, saveMarketTime, withCheckpoint } from './market/market-time'
import { ccxtTickers } from './market/ccxt-tickers'
import type { MarketFeed, SimulatedMarket } from './market/feed'
import { LiveFeed, type TickerSource } from './market/live-feed'
import { STRATEGIES, StrategyRunners } from './signals'
import {
  SettingsStore,
  SnapshotStore,
  lockDataDir,
  makePrivateDir,
  privatizeDataDir,
  type SnapshotData,
} from './resilience'
import {
  UnreadableSnapshotError,
  removeLeftoverTemps,
  type StoredSnapshotFile,
} from './resilience/snapshot'
import { outlineMalformed } from './malformed'
import { runHealthRound, type HealthQuote } from './resilience/health'
import { CircuitBreaker, DEFAULT_BREAKER } from './resilience/breaker'
import { TrackerAudit } from './resilience/tracker-audit'
import { ReconcileLog, Reconciler } from './resilience/reconcile'
import { DrillLog, Drills, type CrashDrillOutcome } from './resilience/drills'
import { AlertCenter, AlertLog } from './alerts'
import {
  EquityLog,
  PERIODS_PER_YEAR,
  PerformanceTracker,
  ROLLING_WINDOW,
  rollingSharpe,
  slippageBps,
  type RoundTrip,
} from './performance'

export type { CallContext, Engine, EngineInfo, EngineOptions } from './api'

const defaultTickerSource = (exchangeId: string): TickerSource => ccxtTickers({ exchangeId })

/** The account every new data folder starts with. */
export const DEFAULT_ACCOUNT_ID = 'paper-1'
const SNAPSHOT_INTERVAL_MS = 60_000
const LIST_LIMIT = 500
/** Health rounds: every 30 s by default, a day of them kept. */
const HEALTH_INTERVAL_MS = 30_000
const HEALTH_HISTORY = 2_880
/** The equity curve is sampled every minute; the equity log keeps a day of samples. */
const EQUITY_SAMPLE_MS = 60_000
const EQUITY_KEEP_MS = 86_400_000
/** Reconciliation with the brokers: every 5 minutes by default, differences above a cent. */
const RECONCILE_INTERVAL_MS = 5 * 60_000
const RECONCILE_CASH_TOLERANCE = '0.01'
/** The paper exchange's state file in the data folder (one per venue, see makeVenue). */
const PAPER_STATE = 'paper-exchange'

/** The journal is shorter than the snapshot says, or differs from it: it was cut or replaced. */
export class JournalMismatchError extends Error {
  constructor(detail: string) {
    super(
      `The audit journal does not match the state snapshot: ${detail}. Vigil will not start; restore the data folder from a backup.`,
    )
    this.name = 'JournalMismatchError'
  }
}

function toEvent(change: LedgerChange): EngineEvent {
  switch (change.kind) {
    case 'order':
      return { type: 'orders:updated', payload: change.order }
    case 'fill':
      return { type: 'fills:created', payload: change.fill }
    case 'position':
      return { type: 'ledger:position', payload: change.position }
    case 'balance':
      return { type: 'ledger:balance', payload: change.balance }
  }
}

/**
 * Cuts text so that its JSON encoding takes at most `maxBytes` bytes: escaping can make a
 * string of control characters six times longer than it looks, so the cut is by encoded size.
 */
export function cutToJsonBytes(
  text: string,
  maxBytes: number,
): { text: string; truncated: boolean } {
  const size = (t: string): number => Buffer.byteLength(JSON.stringify(t))
  if (size(text) <= maxBytes) return { text, truncated: false }
  let lo = 0
  let hi = Math.min(text.length, maxBytes)
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (size(text.slice(0, mid)) <= maxBytes) lo = mid
    else hi = mid - 1
  }
  // Never split a surrogate pair.
  const code = text.charCodeAt(lo - 1)
  if (code >= 0xd800 && code <= 0xdbff) lo -= 1
  return { text: text.slice(0, lo), truncated: true }
}

/** The state every fold keeps, rebuilt together from the snapshot and the journal tail. */
interface Folds {
  readonly ledger: Ledger
  readonly audit: AuditTrail
  readonly limits: Map<string, RiskLimits>
  /** Trading states set by hand, the kill switch or the breaker; GLOBAL for every account. */
  readonly tradingStates: Map<string, TradingState>
  /** Who set each state, and the order-size fraction of RECOVERING. */
  readonly tradingMeta: Map<string, TradingMeta>
  /** Reconciliation findings, open and settled. */
  readonly reconcile: ReconcileLog
  /** Drill results. */
  readonly drills: DrillLog
  /** Alerts and their rules. */
  readonly alerts: AlertLog
  /** Each account's equity at the close of each local day. */
  readonly equityCloses: EquityClose[]
  /** How daily reports are made. */
  readonly reports: { settings: ReportSettings }
}

type EquityClose = RecordPayloads['equity.closed']

/** Who set a trading state, and for RECOVERING the share of the maximum order size. */
interface TradingMeta {
  readonly by: string
  readonly fraction: number | null
  /** When it was set (absent in older snapshots). */
  readonly since?: number
  /** Clean verified trades since it was set: what steps a recovery up. */
  readonly clean?: number
}

/** The key of the trading state that applies to every account. */
const GLOBAL = '*'
const STRICTNESS: Record<TradingState, number> = {
  ACTIVE: 0,
  RECOVERING: 1,
  REDUCE_ONLY: 2,
  HALTED: 3,
}
/** The stricter of two trading states. */
const stricter = (a: TradingState, b: TradingState): TradingState =>
  STRICTNESS[a] >= STRICTNESS[b] ? a : b

function applyRecord(
  folds: Folds,
  record: JournalRecord,
): { changes: LedgerChange[]; events: EngineEvent[] } {
  const changes = folds.ledger.apply(record)
  const events: EngineEvent[] = changes.map(toEvent)
  const row = folds.audit.apply(record)
  if (row) events.push({ type: 'audit:row', payload: row })
  if (record.type === 'trading.state') {
    const scope = record.payload.accountId ?? GLOBAL
    folds.tradingStates.set(scope, record.payload.new)
    folds.tradingMeta.set(scope, {
      by: record.payload.by,
      fraction: record.payload.fraction ?? null,
      since: record.ts,
      clean: 0,
    })
  }
  // A clean trade while recovering (a refused order is no trade) counts for its account and
  // for the global state, in the journal, so a restart resumes the recovery where it was.
  if (record.type === 'order.verified' && record.payload.passed) {
    const { accountId, orderId } = record.payload
    if (folds.ledger.findOrder(accountId, orderId)?.status !== 'failed')
      for (const scope of [accountId, GLOBAL]) {
        const meta = folds.tradingMeta.get(scope)
        if (meta && folds.tradingStates.get(scope) === 'RECOVERING')
          folds.tradingMeta.set(scope, { ...meta, clean: (meta.clean ?? 0) + 1 })
      }
  }
  folds.reconcile.apply(record)
  folds.drills.apply(record)
  folds.alerts.apply(record)
  if (record.type === 'equity.closed') folds.equityCloses.push(record.payload)
  if (record.type === 'reports.settings') folds.reports.settings = record.payload
  if (record.type === 'settings.changed') {
    folds.limits.set(record.payload.accountId, record.payload.new)
    events.push({
      type: 'limits:updated',
      payload: { accountId: record.payload.accountId, limits: record.payload.new },
    })
  }
  return { changes, events }
}

/** A snapshot file that was not used because the journal does not vouch for its bytes. */
interface NotVouched {
  readonly file: string
  /**
   * True when the journal vouches for other snapshots, so this one was changed after it was
   * written; false when no snapshot was ever vouched for (written by a version before this).
   */
  readonly changed: boolean
}

/** The folds as a snapshot holds them (empty without one). */
function foldsFrom(data: SnapshotData | null): Folds {
  return {
    ledger: data ? Ledger.fromState(data.ledger) : new Ledger(),
    audit: data ? AuditTrail.fromState(data.audit) : new AuditTrail(),
    limits: new Map(Object.entries(data?.limits ?? {})),
    tradingStates: new Map(Object.entries(data?.tradingStates ?? {})),
    tradingMeta: new Map(Object.entries(data?.tradingMeta ?? {})),
    reconcile: ReconcileLog.fromState(data?.reconcile),
    drills: DrillLog.fromState(data?.drills),
    alerts: AlertLog.fromState(data?.alerts),
    equityCloses: [...(data?.equityCloses ?? [])],
    reports: { settings: data?.reportSettings ?? DEFAULT_REPORT_SETTINGS },
  }
}

/**
 * Opens the journal and rebuilds the folds: from the newest snapshot the journal vouches for
 * (a `snapshot.written` record after the seq it covers names the SHA-256 of its bytes), with
 * the journal tail after it replayed; from the whole journal when there is none.
 */
async function openVouched(
  options: EngineOptions,
  snapshots: SnapshotStore,
  walk: BackgroundWalk,
): Promise<{
  folds: Folds
  journal: Journal
  data: SnapshotData | null
  replayed: number
  warnings: string[]
  notVouched: NotVouched[]
}> {
  const warnings: string[] = []
  const notVouched: NotVouched[] = []
  const open = async (data: SnapshotData | null) => {
    const folds = foldsFrom(data)
    const covered = data?.journal ?? { seq: 0, hash: '' }
    let replayed = 0
    const vouchers: RecordPayloads['snapshot.written'][] = []
    let hashAtCovered: string | null = covered.seq === 0 ? '' : null
    const journal = await Journal.open({
      dir: path.join(options.dataDir, 'journal'),
      clock: options.clock,
      sync: options.scratch !== true,
      ...(options.journalFiles ? { files: options.journalFiles } : {}),
      onFullCheck: () => walk.stop(),
      // With the snapshot's position, only the tail after it is read now (see verifyAudit).
      after: covered,
      onLink: (seq, hash) => {
        if (seq === covered.seq) hashAtCovered = hash
      },
      onRecord: (record) => {
        // A snapshot's own record changes no state: it is not counted as replayed.
        if (record.type === 'snapshot.written') vouchers.push(record.payload)
        else replayed += 1
        applyRecord(folds, record)
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
    if (attempt.vouchers.some((v) => v.seq === seq && v.sha256 === stored.sha256)) {
      attempt.journal.tornLines += torn
      if (which === 'previous') explain('using the previous snapshot', attempt.vouchers)
      return { ...attempt, warnings, notVouched }
    }
    await attempt.journal.close()
    torn += attempt.journal.tornLines
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

/** Builds and starts the engine on a data folder. */
export async function createEngine(options: EngineOptions): Promise<Engine> {
  const started = performance.now()
  await makePrivateDir(options.dataDir)
  const release = lockDataDir(options.dataDir)
  // First, so that the chain is walked on the other core while the snapshot is read and folded.
  const walk = walkChainInBackground(path.join(options.dataDir, 'journal'))
  try {
    // Once it is ours: what an older build left readable by every local user becomes private.
    await privatizeDataDir(options.dataDir)
    await removeLeftoverTemps(options.dataDir)
    const snapshots = new SnapshotStore(options.dataDir)
    const opened = await openVouched(options, snapshots, walk)
    const { folds, journal, data } = opened
    const peaks = new Map(Object.entries(data?.peakEquity ?? {}).map(([k, v]) => [k, dec(v)]))
    return await assemble(options, {
      folds,
      journal,
      snapshots,
      peaks,
      release,
      replayed: opened.replayed,
      started,
      warnings: opened.warnings,
      notVouched: opened.notVouched,
      walk,
    })
  } catch (error) {
    walk.stop()
    release()
    throw error
  }
}

interface Parts {
  readonly folds: Folds
  readonly journal: Journal
  readonly snapshots: SnapshotStore
  readonly peaks: Map<string, Decimal>
  readonly release: () => void
  readonly replayed: number
  readonly started: number
  readonly warnings: readonly string[]
  /** Snapshot files the journal does not vouch for: not used. */
  readonly notVouched: readonly NotVouched[]
  /** The walk of the chain started with the engine. */
  readonly walk: BackgroundWalk
}

async function assemble(options: EngineOptions, parts: Parts): Promise<Engine> {
  const { clock } = options
  const { folds, journal, snapshots, peaks } = parts
  /** Records before the snapshot's place that start-up did not check; walked in the background. */
  let chainUnchecked = journal.uncheckedUpTo > 0
  // Read before anything is appended: the walk vouches only for the chain the journal opened on.
  const chainWalked = chainUnchecked ? parts.walk.vouches(journal.head) : Promise.resolve(false)
  if (!chainUnchecked) parts.walk.stop()
  const { ledger, audit, limits } = folds
  const timeZone = options.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone
  const bus = new EventBus()
  // The simulated market goes on from where it was: same origin, same prices, same candles.
  const marketFile = path.join(options.dataDir, 'market.json')
  const marketTime = options.market
    ? null
    : openMarketTime(marketFile, options.seed ?? 1, clock.now(), options.scratch !== true)
  const resumeFrom = marketTime ? marketStart(marketTime, clock.now()) : undefined
  const simulator = marketTime
    ? new MarketSimulator({
        clock,
        seed: marketTime.seed,
        origin: marketTime.origin,
        resumeAt: marketTime.simulatedTime,
        ...(resumeFrom ? { resumeFrom } : {}),
      })
    : null
  const market: SimulatedMarket = options.market ?? (simulator as MarketSimulator)
  let savedMarketTime = marketTime
  /**
   * Saves how far the market ran when that is ahead of the clock (a higher speed; at real speed
   * the clock says where it is), and a checkpoint when one is due.
   */
  const saveMarketPlace = (): void => {
    if (!savedMarketTime || !simulator) return
    const next = withCheckpoint(savedMarketTime, simulator.checkpoint())
    const ahead = simulator.simulatedTime > Math.max(clock.now(), savedMarketTime.simulatedTime)
    if (next === savedMarketTime && !ahead) return
    savedMarketTime = { ...next, simulatedTime: simulator.simulatedTime }
    saveMarketTime(marketFile, savedMarketTime, options.scratch !== true)
  }
  const paperOptions = { clock, ...options.paper }
  // Each paper exchange (on the simulator, or on one exchange's live prices) keeps its own id
  // counter and book in its state file; balances and the fills behind its fee tier come from
  // the journal when it is made, and an account is brought up to date when it moves to it.
  const makeVenue = <F extends MarketFeed>(
    feed: F,
    stateName: string,
    exchangeId: string | null,
  ): PaperVenue<F> => {
    const paper = new PaperBroker({
      ...paperOptions,
      market: feed,
      stateFile: path.join(options.dataDir, `${stateName}.json`),
      durable: options.scratch !== true,
    })
    const paperAccounts = ledger.listAccounts().filter((a) => a.kind === 'paper')
    paper.restore(
      ledger.positions().filter((p) => paperAccounts.some((a) => a.id === p.accountId)),
      {
        balances: paperAccounts.map((a) => ({
          accountId: a.id,
          asset: a.quoteAsset,
          amount: str(ledger.cash(a.id)),
        })),
        // The 30-day volume behind the fee tier.
        trades: ledger
          .fills(undefined)
          .filter((f) => f.ts >= clock.now() - 30 * 86_400_000)
          .map((f) => ({
            accountId: f.accountId,
            ts: f.ts,
            notional: str(dec(f.quantity).times(f.price)),
          })),
        journaledFills: (accountId, clientOrderId) => {
          const order = ledger.findOrder(accountId, clientOrderId)
          return order ? ledger.fillsOfOrder(accountId, order.id).map((f) => f.id) : null
        },
        // A data folder from before the exchange kept its book: its resting orders come back.
        openOrders: paperAccounts
          .filter((a) => (a.priceSource === 'live' ? a.exchangeId : null) === exchangeId)
          .flatMap((a) => ledger.workingOrders(a.id))
          .filter((o) => o.status === 'open' && o.type === 'limit' && o.limitPrice !== null)
          .map((o) => ({
            accountId: o.accountId,
            clientOrderId: o.clientOrderId,
            symbol: o.symbol,
            side: o.side,
            quantity: o.quantity,
            limitPrice: o.limitPrice as string,
            fills: ledger.fillsOfOrder(o.accountId, o.id).map(({ id, ...f }) => ({
              fillId: id,
              quantity: f.quantity,
              price: f.price,
              fee: f.fee,
              feeAsset: f.feeAsset,
              liquidity: f.liquidity,
              ts: f.ts,
            })),
          })),
      },
    )
    return { paper, broker: options.wrapBroker ? options.wrapBroker(paper) : paper, feed }
  }
  const simulatorVenue = makeVenue<MarketFeed>(market, PAPER_STATE, null)
  const liveVenues = new Map<string, PaperVenue<LiveFeed>>()
  const settings = new SettingsStore(options.dataDir)
  const tradingStates = folds.tradingStates
  /** Why the journal cannot be written (then every account is HALTED), or null. */
  let journalFailure: string | null = null
  /** What the gate applies: the stricter of the account's own state and the global one. */
  const tradingStateOf = (accountId: string): TradingState =>
    journalFailure !== null
      ? 'HALTED'
      : stricter(tradingStates.get(GLOBAL) ?? 'ACTIVE', tradingStates.get(accountId) ?? 'ACTIVE')
  /** The order-size cap of RECOVERING in force for an account (the smaller of its and the global). */
  const recoveryFractionOf = (accountId: string): number | null => {
    const caps = [GLOBAL, accountId].flatMap((scope) =>
      tradingStates.get(scope) === 'RECOVERING'
        ? [folds.tradingMeta.get(scope)?.fraction ?? 1]
        : [],
    )
    return caps.length ? Math.min(...caps) : null
  }
  const publishTradingStates = (): void => {
    for (const a of ledger.listAccounts())
      bus.publish({
        type: 'trading:state',
        payload: {
          accountId: a.id,
          state: tradingStateOf(a.id),
          global: journalFailure !== null ? 'HALTED' : (tradingStates.get(GLOBAL) ?? 'ACTIVE'),
        },
      })
  }
  const switchTrading = async (
    accountId: string | null,
    state: TradingState,
    reason: string,
    by: 'operator' | 'kill-switch' | 'breaker',
    fraction: number | null = null,
  ): Promise<void> => {
    const scope = accountId ?? GLOBAL
    const old = tradingStates.get(scope) ?? 'ACTIVE'
    if (old === state && (folds.tradingMeta.get(scope)?.fraction ?? null) === fraction) return
    await commit('trading.state', {
      accountId,
      old,
      new: state,
      reason,
      by,
      ...(fraction === null ? {} : { fraction }),
    })
    publishTradingStates()
  }
  const breaker = new CircuitBreaker({
    clock,
    ...(options.breaker ? { settings: options.breaker } : {}),
    state: (scope) => ({
      state: tradingStates.get(scope ?? GLOBAL) ?? 'ACTIVE',
      fraction: folds.tradingMeta.get(scope ?? GLOBAL)?.fraction ?? null,
      by: folds.tradingMeta.get(scope ?? GLOBAL)?.by ?? 'operator',
      since: folds.tradingMeta.get(scope ?? GLOBAL)?.since,
      clean: folds.tradingMeta.get(scope ?? GLOBAL)?.clean ?? 0,
    }),
    switchState: (scope, state, reason, fraction) =>
      switchTrading(scope, state, reason, 'breaker', fraction).catch(() => undefined),
  })
  // A breaker halt cooling down when the engine stopped ends on time.
  for (const scope of tradingStates.keys()) breaker.resume(scope === GLOBAL ? null : scope)
  // Started before anything new is written: it folds, from disk, everything written after.
  const journalDir = path.join(options.dataDir, 'journal')
  const trackerAudit = await TrackerAudit.start(journalDir, ledger, journal.head.seq)
  const warnings: string[] = [...parts.warnings]
  if (journal.tornLines) warnings.push(`${journal.tornLines} torn journal line moved aside`)

  /** The journal failed: every account is HALTED, and nothing more is written or sent. */
  const journalFailed = (error: Error): void => {
    if (journalFailure !== null) return
    journalFailure = error.message
    // The journal cannot take it: the alert is shown, not written.
    alerts.raise(
      {
        accountId: null,
        severity: 'critical',
        kind: 'journal_write_failed',
        message: `${error.message}. Trading is HALTED on every account: no order can be recorded.`,
      },
      false,
    )
    publishTradingStates()
  }
  const commit: Commit = (type, payload) => {
    let written: ReturnType<typeof journal.write>
    try {
      written = journal.write(type, payload)
    } catch (error) {
      // Anything but a journal that failed is a bug: thrown as before, loudly.
      if (!(error instanceof JournalWriteError)) throw error
      // Refused at once, without touching the disk: nothing is folded.
      journalFailed(error)
      const refused = Promise.reject(error)
      refused.catch(() => undefined)
      return refused
    }
    const { record, durable } = written
    for (const event of applyRecord(folds, record).events) bus.publish(event)
    durable.catch(journalFailed)
    return durable
  }
  let alertSerial = 0
  const alerts = new AlertCenter({
    now: () => clock.now(),
    log: folds.alerts,
    // With the journal failed, an alert is shown and kept in memory, never tried on the disk.
    commit: (type, payload) => {
      if (journalFailure === null || type !== 'alert.raised') return commit(type, payload)
      folds.alerts.remember(payload as RecordPayloads['alert.raised'])
      return Promise.resolve()
    },
    nextId: () => {
      // An alert the journal could not take keeps its id in the log (and the snapshot): after
      // a restart at the same place in the journal, that id must not be given again.
      let id: string
      do id = `alert-${journal.head.seq + 1}-${++alertSerial}`
      while (folds.alerts.find(id))
      return id
    },
    accountName: (accountId) => ledger.getAccount(accountId)?.name ?? accountId,
    trip: (accountId, why) => breaker.alertRule(accountId, why),
    publish: (event) => bus.publish(event),
  })
  for (const { file } of parts.notVouched.filter((n) => n.changed))
    alerts.raise({
      accountId: null,
      severity: 'critical',
      kind: 'snapshot_changed',
      message: `The state snapshot ${file} was changed after Vigil wrote it: its SHA-256 is not the one the audit journal recorded. It was not used; the state was rebuilt from the journal. Find out what changed ${path.join(options.dataDir, file)}.`,
    })

  const limitsOf = (accountId: string): RiskLimits => limits.get(accountId) ?? DEFAULT_LIMITS
  const equityOf = (accountId: string): Decimal =>
    ledger
      .holdings(accountId)
      .reduce(
        (sum, h) => sum.plus(h.quantity.times(accounts.feed(accountId).quote(h.symbol).last)),
        ledger.cash(accountId),
      )
  const markPeak = (accountId: string): { equity: Decimal; peak: Decimal } => {
    const equity = equityOf(accountId)
    const peak = Decimal.max(peaks.get(accountId) ?? ZERO, equity)
    peaks.set(accountId, peak)
    return { equity, peak }
  }
  const orders = new OrderService({
    clock,
    ledger,
    commit,
    nextSeq: () => journal.head.seq + 1,
    journalFailure: () => journalFailure,
    accounts: {
      limits: limitsOf,
      tradingState: tradingStateOf,
      recoveryFraction: recoveryFractionOf,
      breaker,
      trackerProblem: (accountId) =>
        accounts.problem(accountId) ??
        (chainUnchecked
          ? 'the audit journal written before the last snapshot is still being verified (about a second after start); try again in a moment'
          : null) ??
        reconciler.blocking(accountId),
      broker: (accountId) => accounts.broker(accountId),
      market: (accountId) => accounts.feed(accountId),
      equity: markPeak,
      startOfDay: (ts) => startOfLocalDay(ts, timeZone),
      raiseAlert: (alert) => void alerts.raise(alert),
    },
  })

  const reconciler: Reconciler = new Reconciler({
    clock,
    ledger,
    log: folds.reconcile,
    commit,
    nextSeq: () => journal.head.seq + 1,
    problem: (accountId) => accounts.problem(accountId),
    broker: (accountId) => accounts.broker(accountId),
    price: (accountId, symbol) => accounts.feed(accountId).quote(symbol).last,
    orders,
    cashTolerance: options.reconcileCashTolerance ?? RECONCILE_CASH_TOLERANCE,
    onFinding: (finding) =>
      void alerts.raise({
        accountId: finding.accountId,
        severity: 'critical',
        kind: `reconcile_${finding.kind}`,
        message: `Reconciliation: ${finding.message}. Trading on this account is blocked until it is resolved.`,
        ...(finding.orderId ? { orderId: finding.orderId } : {}),
      }),
    onChange: () => bus.publish({ type: 'reconcile:status', payload: reconciler.status() }),
  })
  const reconcileAll = (): Promise<unknown> =>
    Promise.all(ledger.listAccounts().map((a) => reconciler.run(a.id)))
  /** Each account is reconciled when it connects (and at start, when it is connected then). */
  const connected = new Set<string>()
  let opened = false

  const strategies = new StrategyRunners({
    feed: (accountId) => accounts.feed(accountId),
    position: (accountId, symbol) => str(ledger.positionQuantity(accountId, symbol)),
    submit: (accountId, payload) => orders.submit(accountId, payload, 'strategy'),
    onStatus: (status) =>
      bus.publish({ type: 'accounts:status', payload: accounts.status(status.accountId) }),
  })
  const accounts: Accounts = new Accounts({
    simulator: simulatorVenue,
    live: (exchangeId) => {
      let venue = liveVenues.get(exchangeId)
      if (!venue) {
        const feed = new LiveFeed({
          clock,
          source: (options.tickerSource ?? defaultTickerSource)(exchangeId),
          symbols: INSTRUMENTS.map((i) => i.symbol),
        })
        feed.subscribe({
          quote: (quote) => bus.publish({ type: 'market:quote', payload: quote }),
        })
        feed.start()
        venue = makeVenue(
          feed,
          `${PAPER_STATE}-${exchangeId.replace(/[^a-z0-9_-]/gi, '_')}`,
          exchangeId,
        )
        liveVenues.set(exchangeId, venue)
      }
      return venue
    },
    exchangeFeed: (source) => {
      const feed = new LiveFeed({ clock, source, symbols: INSTRUMENTS.map((i) => i.symbol) })
      feed.subscribe({ quote: (quote) => bus.publish({ type: 'market:quote', payload: quote }) })
      feed.start()
      return feed
    },
    paperBalances: (accountId) => {
      const account = ledger.getAccount(accountId)
      const balances: Record<string, string> = {}
      if (!account) return balances
      balances[account.quoteAsset] = str(ledger.cash(accountId))
      for (const inst of INSTRUMENTS)
        balances[inst.baseAsset] = str(ledger.positionQuantity(accountId, inst.symbol))
      return balances
    },
    exchangeBroker: (account, credentials) =>
      (options.exchangeBroker ?? ((a, c) => connectExchange(a, c, clock)))(account, credentials),
    exchangeConnected: async (account, broker, feed) => {
      const held = await broker.balances(account.id)
      const cash = held[account.quoteAsset] ?? '0'
      if (ledger.isSynced(account.id)) {
        const local = ledger.cash(account.id)
        return local.equals(cash)
          ? null
          : `The exchange reports ${usd(dec(cash))} of ${account.quoteAsset}; the ledger has ${usd(local)}. Reconcile before trading on it.`
      }
      const positions = INSTRUMENTS.flatMap((inst) => {
        const quantity = held[inst.baseAsset]
        if (!quantity || !dec(quantity).greaterThan(0)) return []
        return [{ symbol: inst.symbol, quantity, price: feed.quote(inst.symbol).last }]
      })
      await commit('account.synced', { accountId: account.id, cash, positions })
      return `Opening balances adopted from ${account.exchangeId}: ${usd(dec(cash))} of ${account.quoteAsset}${positions.length ? ` and ${positions.map((p) => `${p.quantity} ${p.symbol}`).join(', ')}` : ''}.`
    },
    credentials: options.credentials ?? null,
    strategy: (accountId) => strategies.status(accountId),
    onStatus: (status) => {
      bus.publish({ type: 'accounts:status', payload: status })
      if (status.connection !== 'connected') connected.delete(status.accountId)
      else if (!connected.has(status.accountId) && opened) {
        connected.add(status.accountId)
        void reconciler.run(status.accountId)
      }
    },
    onBrokerUpdate: (update) => orders.onBrokerUpdate(update),
  })

  if (!ledger.hasAccount(DEFAULT_ACCOUNT_ID)) {
    await commit('account.opened', {
      accountId: DEFAULT_ACCOUNT_ID,
      name: 'Paper account (simulated market)',
      kind: 'paper',
      quoteAsset: 'USD',
      initialBalance: options.initialBalance ?? '10000',
    })
  }
  for (const account of ledger.listAccounts()) await accounts.open(account)
  // Orders a crash interrupted are settled with their brokers, in the background: start-up
  // does not wait for brokers, and an unsettled order keeps its cash reserved meanwhile.
  opened = true
  for (const account of ledger.listAccounts())
    if (accounts.problem(account.id) === null) connected.add(account.id)
  void reconcileAll()

  // The journal is the source of truth for settings; settings.json is its readable copy.
  const onDisk = await settings.load()
  if (onDisk.warning) warnings.push(onDisk.warning)
  for (const [accountId, value] of Object.entries(onDisk.limits)) {
    if (JSON.stringify(value) !== JSON.stringify(limitsOf(accountId))) {
      warnings.push(
        `settings.json differs from the journal for ${accountId}; the journal's values are in force.`,
      )
    }
  }
  const saveSettings = (): Promise<void> =>
    settings.save(Object.fromEntries(ledger.listAccounts().map((a) => [a.id, limitsOf(a.id)])))
  await saveSettings()

  for (const account of ledger.listAccounts()) markPeak(account.id)
  market.subscribe({
    quote: (quote) => bus.publish({ type: 'market:quote', payload: quote }),
    candle: (candle) => bus.publish({ type: 'market:candle', payload: candle }),
  })
  const peakTimer = clock.setInterval(() => {
    for (const account of ledger.listAccounts()) markPeak(account.id)
  }, 1_000)

  // Performance: trades from fills, outcomes of orders and the equity curve, folded from the
  // ledger at start and then kept up to date as fills and closes happen.
  const startingCash = (accountId: string): number =>
    ledger
      .fills(accountId)
      .reduce((cash, f) => {
        const notional = dec(f.quantity).times(f.price)
        return f.side === 'buy' ? cash.plus(notional).plus(f.fee) : cash.minus(notional).plus(f.fee)
      }, ledger.cash(accountId))
      .toNumber()
  const perf = new PerformanceTracker({
    timeZone,
    capital: Object.fromEntries(ledger.listAccounts().map((a) => [a.id, startingCash(a.id)])),
  })
  /** The latest equity point of each account: a clock set back must not go before it. */
  const equitySince = new Map<string, number>()
  // The day closes, and the minutes of the last day (from the equity log), in time order: the
  // minute curve goes on from where it was rather than starting again. Each curve opens at the
  // account's starting capital when it was opened (as it does live, below), so the first day's
  // return has the same base after any number of restarts.
  const { log: equityLog, samples: equityMinutes } = await EquityLog.open(
    options.dataDir,
    EQUITY_KEEP_MS,
    clock.now(),
    options.scratch !== true,
  )
  const equityHistory = [
    ...ledger.listAccounts().map((a) => [a.id, a.createdAt, startingCash(a.id)] as const),
    ...folds.equityCloses.map((c) => [c.accountId, c.ts, Number(c.equity)] as const),
    ...equityMinutes.flatMap(({ ts, equity }) =>
      Object.entries(equity).map(([id, e]) => [id, ts, Number(e)] as const),
    ),
  ].sort((a, b) => a[1] - b[1])
  // The peaks a crash may have kept out of the snapshot are in the minutes.
  for (const { equity } of equityMinutes)
    for (const [id, e] of Object.entries(equity))
      peaks.set(id, Decimal.max(peaks.get(id) ?? ZERO, dec(e)))
  for (const [accountId, ts, equity] of equityHistory) {
    perf.recordEquity(accountId, ts, equity)
    equitySince.set(accountId, ts)
  }
  /** Per account, for the alert rules: the trade record and the latest orders' slippage. */
  const streaks = new Map<string, { trades: number; wins: number; lossRun: number }>()
  const recentSlippage = new Map<string, number[]>()
  const ruleOf = (id: 'slippage'): number =>
    folds.alerts.rules.find((r) => r.id === id)?.minTrades ?? 20
  const countTrip = (trip: RoundTrip): { trades: number; wins: number; lossRun: number } => {
    const pnl = dec(trip.pnl)
    const s = streaks.get(trip.accountId) ?? { trades: 0, wins: 0, lossRun: 0 }
    s.trades += 1
    if (pnl.isPositive() && !pnl.isZero()) s.wins += 1
    s.lossRun = pnl.isNegative() ? s.lossRun + 1 : 0
    streaks.set(trip.accountId, s)
    return s
  }
  const countSlippage = (order: Order): number[] | null => {
    const bps = slippageBps(order)
    if (bps === null) return null
    const window = [...(recentSlippage.get(order.accountId) ?? []), bps].slice(-ruleOf('slippage'))
    recentSlippage.set(order.accountId, window)
    return window
  }
  // The past is folded in journal order, as it happened live: fills of one book walk share a
  // timestamp, and only their seq tells FIFO which came first. The alert rules' streaks and
  // windows resume where they were.
  for (const fill of ledger.fillsInJournalOrder()) {
    const trip = perf.addFill(fill)
    if (trip) countTrip(trip)
  }
  for (const order of ledger.endedOrders()) if (perf.addOrder(order)) countSlippage(order)
  bus.subscribe((event) => {
    // An account added, or an exchange account whose opening balances were adopted when it
    // connected, is measured from its capital at once, not from the next start.
    if (event.type === 'accounts:added' || event.type === 'accounts:status') {
      const accountId = 'id' in event.payload ? event.payload.id : event.payload.accountId
      const account = ledger.getAccount(accountId)
      if (event.type === 'accounts:added' || account?.kind === 'exchange')
        perf.setCapital(accountId, startingCash(accountId))
      if (event.type === 'accounts:added' && account && !equitySince.has(accountId)) {
        perf.recordEquity(accountId, account.createdAt, startingCash(accountId))
        equitySince.set(accountId, account.createdAt)
      }
    } else if (event.type === 'fills:created') {
      const trip = perf.addFill(event.payload)
      if (!trip) return
      const s = countTrip(trip)
      alerts.evaluate(trip.accountId, {
        lossRun: s.lossRun,
        winRate: { value: s.wins / s.trades, trades: s.trades },
      })
    } else if (
      event.type === 'orders:updated' &&
      TERMINAL_STATUSES.includes(event.payload.status)
    ) {
      const order = event.payload
      // An order counts once, when it first ends (an adopted late fill publishes it again).
      if (!perf.addOrder(order)) return
      const window = countSlippage(order)
      if (window === null) return
      alerts.evaluate(order.accountId, {
        slippage: {
          meanBps: window.reduce((a, b) => a + b, 0) / window.length,
          orders: window.length,
        },
      })
    }
  })
  const lastSample = new Map<string, { ts: number; day: string; equity: Decimal }>()
  // The newest sample before the stop, so the day it belongs to is closed with it (once) when
  // the first sample after the start falls on a later day.
  for (const { ts, equity } of equityMinutes)
    for (const [id, e] of Object.entries(equity))
      lastSample.set(id, { ts, day: localDate(ts, timeZone), equity: dec(e) })
  const closedDays = new Set(folds.equityCloses.map((c) => `${c.accountId} ${c.day}`))
  /** Every minute: each account's equity into the curve, the rules that watch it, day closes. */
  const sampleEquity = (starting = false): void => {
    const now = clock.now()
    const today = localDate(now, timeZone)
    const sampled: Record<string, string> = {}
    for (const account of ledger.listAccounts()) {
      if (accounts.problem(account.id) !== null) continue
      const since = equitySince.get(account.id) ?? now
      // A start at the instant of the last sample keeps it: it saw the state the trader saw
      // then, not what happened later in that instant before the stop.
      if (now < since || (starting && now === since)) continue
      const { equity, peak } = markPeak(account.id)
      const last = lastSample.get(account.id)
      if (last && last.day !== today && !closedDays.has(`${account.id} ${last.day}`)) {
        closedDays.add(`${account.id} ${last.day}`)
        void commit('equity.closed', {
          accountId: account.id,
          day: last.day,
          ts: last.ts,
          equity: str(last.equity),
        }).catch(() => undefined)
      }
      lastSample.set(account.id, { ts: now, day: today, equity })
      perf.recordEquity(account.id, now, equity.toNumber())
      sampled[account.id] = str(equity)
      alerts.evaluate(account.id, {
        drawdown: peak.isZero() ? 0 : dec(1).minus(equity.dividedBy(peak)).toNumber(),
        cash: ledger.cash(account.id).toNumber(),
      })
    }
    // On disk at once: a crash before the next snapshot keeps the curve the trader saw. Not
    // on a disk the journal found full, which nothing more is written to.
    if (journalFailure === null && Object.keys(sampled).length > 0)
      void equityLog.append({ ts: now, equity: sampled }).catch(() => undefined)
    alerts.wake()
    // A scratch folder (a rehearsal, minutes a step) makes reports only when asked.
    if (!options.scratch) scheduleReports()
  }
  const equityTimer = clock.setInterval(() => sampleEquity(), EQUITY_SAMPLE_MS)
  if (options.startMarket !== false) market.start()

  let saving: Promise<void> = Promise.resolve()
  /** Why the last snapshot could not be written, or null when it was. */
  let snapshotFailure: string | null = null
  /** The journal head and peaks just after the last snapshot: unchanged, it is not redone. */
  let lastSaved: { seq: number; peaks: string } | null = null
  const saveSnapshot = (): Promise<void> => {
    // One failed save must not stop the next.
    saving = saving
      .catch(() => undefined)
      .then(async () => {
        // The folds may hold records the disk refused: a snapshot of them would claim more
        // than the journal has. The last good snapshot and the journal are what a restart uses.
        if (journalFailure !== null) return
        await journal.flush()
        const covered = journal.position
        // Each snapshot adds a record: an idle engine would add one a minute for nothing.
        const peakEquity = Object.fromEntries([...peaks].map(([k, v]) => [k, str(v)]))
        const peaksNow = JSON.stringify(peakEquity)
        if (lastSaved?.seq === covered.seq && lastSaved.peaks === peaksNow) return
        try {
          saveMarketPlace()
        } catch {
          // The origin is on disk already; only how far a faster market had run is lost.
        }
        let recordSeq = 0
        try {
          await snapshots.save(
            {
              version: 2,
              journal: covered,
              ledger: ledger.toState(),
              audit: audit.toState(),
              limits: Object.fromEntries(limits),
              tradingStates: Object.fromEntries(folds.tradingStates),
              tradingMeta: Object.fromEntries(folds.tradingMeta),
              reconcile: folds.reconcile.toState(),
              drills: folds.drills.toState(),
              alerts: folds.alerts.toState(),
              equityCloses: folds.equityCloses,
              reportSettings: folds.reports.settings,
              peakEquity,
            },
            // The journal vouches for the snapshot before it takes its place.
            (sha256) => {
              const vouched = commit('snapshot.written', {
                file: 'state.json',
                seq: covered.seq,
                hash: covered.hash,
                sha256,
              })
              // The record's own seq: records after it are not in this snapshot.
              recordSeq = journal.head.seq
              return vouched
            },
          )
          snapshotFailure = null
          // Records appended while it was written are not in it: then the next one is due.
          lastSaved = recordSeq === covered.seq + 1 ? { seq: recordSeq, peaks: peaksNow } : null
        } catch (error) {
          snapshotFailure = `${(error as Error).message} (at ${new Date(clock.now()).toISOString()})`
          throw error
        }
      })
    return saving
  }
  // A scratch folder (a rehearsal, minutes a step) is snapshotted once, when it closes.
  const snapshotTimer = options.scratch
    ? { cancel: () => undefined }
    : clock.setInterval(() => void saveSnapshot().catch(() => undefined), SNAPSHOT_INTERVAL_MS)

  const snapshot = (): Snapshot => ({
    defaultAccountId: DEFAULT_ACCOUNT_ID,
    accounts: ledger.listAccounts(),
    instruments: INSTRUMENTS.map(
      ({ symbol, baseAsset, quoteAsset, lotSize, tickSize, minNotional }) => ({
        symbol,
        baseAsset,
        quoteAsset,
        lotSize,
        tickSize,
        minNotional,
      }),
    ),
    balances: ledger.balances(),
    positions: ledger.positions(),
    orders: ledger.orders(undefined, LIST_LIMIT),
    fills: ledger.fills(undefined, LIST_LIMIT),
    quotes: [...market.quotes(), ...[...liveVenues.values()].flatMap((v) => v.feed.quotes())],
    journal: journal.head,
    serverTime: clock.now(),
    limits: Object.fromEntries(ledger.listAccounts().map((a) => [a.id, limitsOf(a.id)])),
    tradingStates: tradingStatus().accounts,
    globalTradingState: tradingStatus().global,
    recoveryFractions: Object.fromEntries(
      ledger.listAccounts().flatMap((a) => {
        const f = recoveryFractionOf(a.id)
        return f === null ? [] : [[a.id, f]]
      }),
    ),
    accountStatuses: accounts.statuses(),
    strategies: STRATEGIES.map(({ id, name, description, demonstration }) => ({
      id,
      name,
      description,
      demonstration,
    })),
    market: marketStatus(),
    health: healthHistory.at(-1) ?? null,
    reconciliation: reconciler.status(),
    drills: drills.status(),
    alerts: folds.alerts.status(),
    reports: { list: reportList, settings: folds.reports.settings },
  })
  const marketStatus = (): MarketStatus => ({
    speed: market.speed,
    faults: Object.fromEntries(
      INSTRUMENTS.flatMap((i) => {
        const fault = market.fault(i.symbol)
        return fault ? [[i.symbol, fault]] : []
      }),
    ),
  })
  const publishMarket = (): MarketStatus => {
    const status = marketStatus()
    bus.publish({ type: 'market:status', payload: status })
    return status
  }
  let accountSerial = ledger.listAccounts().length
  const newAccountId = (kind: AccountKind): string => {
    let id: string
    do id = `${kind}-${++accountSerial}`
    while (ledger.hasAccount(id))
    return id
  }
  const changeAccount = async (
    accountId: string,
    change: Partial<AccountSettings>,
  ): Promise<Result<Account>> => {
    const account = ledger.getAccount(accountId)
    if (!account) return err('NOT_FOUND', `Unknown account "${accountId}".`)
    const old: AccountSettings = {
      name: account.name,
      exchangeId: account.exchangeId,
      priceSource: account.priceSource,
      strategiesAllowed: account.strategiesAllowed,
    }
    const next: AccountSettings = { ...old, ...change }
    if (next.priceSource === 'live' && !next.exchangeId)
      return err(
        'INVALID_INPUT',
        'Live prices need an exchange id (for example coinbase or kraken).',
      )
    if (
      account.kind === 'exchange' &&
      next.priceSource === 'live' &&
      next.exchangeId !== account.exchangeId
    )
      return err('INVALID_INPUT', 'An exchange account always trades on its own exchange.')
    if (JSON.stringify(next) === JSON.stringify(old)) return ok(account)
    await commit('account.updated', { accountId, old, new: next })
    const updated = ledger.getAccount(accountId) as Account
    // Every window shows the change (the renderer treats this event as add-or-replace).
    bus.publish({ type: 'accounts:added', payload: updated })
    await accounts.update(updated)
    if (!updated.strategiesAllowed && account.kind !== 'paper') strategies.stop(accountId)
    return ok(updated)
  }

  const accountOf = (accountId: string | undefined): Result<string> => {
    const id = accountId ?? DEFAULT_ACCOUNT_ID
    return ledger.hasAccount(id)
      ? ok(id)
      : err(
          'NOT_FOUND',
          `Unknown account "${id}". Accounts: ${ledger
            .listAccounts()
            .map((a) => a.id)
            .join(', ')}`,
        )
  }

  let verifying: Promise<Result<VerifyReport>> | null = null
  const walking = new AbortController()
  const verifyAudit = async (): Promise<Result<VerifyReport>> => {
    await journal.flush()
    const head = journal.head
    const report = await verifyJournal(path.join(options.dataDir, 'journal'), {
      expectedHead: head,
      stopAtSeq: head.seq,
      signal: walking.signal,
      onProgress: (checked, total) =>
        bus.publish({ type: 'audit:verify-progress', payload: { checked, total } }),
    })
    if (!report.ok) {
      // Shown, not written into the journal that just failed its check.
      alerts.raise(
        {
          accountId: null,
          severity: 'critical',
          kind: 'journal_tampered',
          message: `The audit journal failed verification at seq ${report.firstBad?.seq} in ${report.firstBad?.segment}: ${report.firstBad?.reason}.`,
        },
        false,
      )
    }
    return ok(report)
  }

  // Since when each feed's price has stayed the same: a frozen feed still sends fresh quotes.
  const priceMoves = new Map<string, { price: string; since: number }>()
  bus.subscribe((event) => {
    if (event.type !== 'market:quote') return
    const q = event.payload
    const key = `${q.source ?? 'simulator'}/${q.symbol}`
    const price = `${q.bid}/${q.ask}/${q.last}`
    if (priceMoves.get(key)?.price !== price) priceMoves.set(key, { price, since: q.ts })
  })
  const loopDelay = monitorEventLoopDelay({ resolution: 10 })
  loopDelay.enable()
  const healthHistory: HealthReport[] = []
  let checkingHealth: Promise<HealthReport> | null = null
  let healthAlert: string | null = null
  const checkHealth = (): Promise<HealthReport> =>
    (checkingHealth ??= (async () => {
      const report = await runHealthRound({
        now: () => clock.now(),
        accounts: () =>
          ledger.listAccounts().map((a) => ({
            accountId: a.id,
            name: a.name,
            kind: a.kind,
            problem: accounts.problem(a.id),
            broker: accounts.broker(a.id),
            quoteAsset: a.quoteAsset,
            ledger: () => ({
              cash: ledger.cash(a.id),
              orderAtBroker: ledger.workingOrders(a.id).some((o) => o.status === 'pending'),
            }),
          })),
        quotes: () => {
          // Each feed an account trades on, each symbol once, at the strictest freshness limit.
          const byKey = new Map<string, HealthQuote>()
          for (const a of ledger.listAccounts()) {
            if (accounts.problem(a.id) !== null) continue
            const maxAgeMs = limitsOf(a.id).maxQuoteAgeMs
            for (const q of accounts.feed(a.id).quotes()) {
              const source = q.source ?? 'simulator'
              const key = `${source}/${q.symbol}`
              const known = byKey.get(key)
              const moved = priceMoves.get(key)
              const unchangedMs =
                moved && moved.price === `${q.bid}/${q.ask}/${q.last}` ? q.ts - moved.since : 0
              if (!known || maxAgeMs < known.maxAgeMs)
                byKey.set(key, { symbol: q.symbol, source, ts: q.ts, maxAgeMs, unchangedMs })
            }
          }
          return [...byKey.values()]
        },
        // The ledger and its seq are read together, now (commits fold as they are written);
        // the flush then makes that seq durable, and later commits wait for the next round.
        tracker: () => trackerAudit.compare(ledger, journal.head.seq, () => journal.flush()),
        diskFreeBytes: async () => {
          const stats = await fsp.statfs(options.dataDir)
          return stats.bavail * stats.bsize
        },
        memory: () => process.memoryUsage(),
        eventLoopLagMs: () => {
          const p99 = loopDelay.percentile(99) / 1e6
          loopDelay.reset()
          return p99
        },
        journalFailure: () => journalFailure,
        snapshotFailure: () => snapshotFailure,
      })
      const failing = report.checks.filter((c) => c.level === 'FAIL')
      // One alert while the system is CRITICAL, cleared when it is not.
      if (failing.length > 0 && healthAlert === null)
        healthAlert = alerts.raise({
          accountId: null,
          severity: 'critical',
          kind: 'health_critical',
          message: `Health is CRITICAL: ${failing.map((c) => `${c.label}: ${c.message}`).join('; ')}`,
        }).id
      else if (failing.length === 0 && healthAlert !== null) {
        alerts.clear(healthAlert)
        healthAlert = null
      }
      for (const scope of new Set(failing.map((c) => c.accountId)))
        breaker.critical(
          failing
            .filter((c) => c.accountId === scope)
            .map((c) => `${c.label}: ${c.message}`)
            .join('; '),
          scope,
        )
      healthHistory.push(report)
      if (healthHistory.length > HEALTH_HISTORY) healthHistory.shift()
      bus.publish({ type: 'health:report', payload: report })
      return report
    })().finally(() => (checkingHealth = null)))
  const reconcileTimer =
    options.reconcileIntervalMs === 0
      ? { cancel: () => undefined }
      : clock.setInterval(
          () => void reconcileAll(),
          options.reconcileIntervalMs ?? RECONCILE_INTERVAL_MS,
        )
  const healthTimer =
    options.healthIntervalMs === 0
      ? { cancel: () => undefined }
      : clock.setInterval(
          () => void checkHealth().catch(() => undefined),
          options.healthIntervalMs ?? HEALTH_INTERVAL_MS,
        )
  // A first round at once, so the console never starts without a health status.
  if (options.healthIntervalMs !== 0) void checkHealth().catch(() => undefined)

  /**
   * The crash drill: the data folder as a crash would leave it (journal and snapshot as they
   * are now, a half-written last line) is copied and opened by a second engine, which never
   * connects to an exchange; the live engine keeps running.
   */
  const crashCopy = async (): Promise<CrashDrillOutcome> => {
    await journal.flush()
    const copy = await fsp.mkdtemp(path.join(options.dataDir, '.drill-'))
    const t0 = performance.now()
    let second: Engine | null = null
    try {
      // Snapshots first: the record that vouches for each is in the journal before it is.
      for (const file of ['state.json', 'state.json.prev'])
        await fsp.copyFile(path.join(options.dataDir, file), path.join(copy, file)).catch(() => {})
      await fsp.cp(path.join(options.dataDir, 'journal'), path.join(copy, 'journal'), {
        recursive: true,
      })
      // The paper exchange's book after the journal: it is never behind the journal.
      await fsp
        .copyFile(
          path.join(options.dataDir, `${PAPER_STATE}.json`),
          path.join(copy, `${PAPER_STATE}.json`),
        )
        .catch(() => {})
      const segments = (await fsp.readdir(path.join(copy, 'journal')))
        .filter((f) => f.endsWith('.jsonl'))
        .sort()
      const last = segments.at(-1)
      if (last) await fsp.appendFile(path.join(copy, 'journal', last), '{"seq":')
      const t1 = performance.now()
      second = await createEngine({
        dataDir: copy,
        clock,
        startMarket: false,
        healthIntervalMs: 0,
        reconcileIntervalMs: 0,
        ...(options.paper ? { paper: options.paper } : {}),
        exchangeBroker: async () => {
          throw new Error('a drill copy never connects to an exchange')
        },
        tickerSource: (exchangeId) => ({ exchangeId, fetchTickers: async () => ({}) }),
      })
      const startedMs = performance.now() - t1
      await second.idle()
      const health = await second.handle({ name: 'health:check', payload: {} }, { source: 'api' })
      const tracker = health.ok ? health.value.checks.find((c) => c.name === 'tracker') : undefined
      const ok = tracker?.level === 'OK'
      return {
        startedMs: Math.round(startedMs),
        readyMs: Math.round(performance.now() - t1),
        found: `Copying took ${Math.round(t1 - t0)} ms. ${second.info.warnings.length ? `${second.info.warnings.join('; ')}.` : 'Nothing needed repair.'} ${second.info.replayed} journal records replayed. ${tracker ? tracker.message : 'No tracker check.'}`,
        ok,
      }
    } catch (error) {
      return {
        startedMs: 0,
        readyMs: 0,
        found: `The copy did not start: ${(error as Error).message}`,
        ok: false,
      }
    } finally {
      await second?.close().catch(() => undefined)
      await fsp.rm(copy, { recursive: true, force: true })
    }
  }
  const drills = new Drills({
    clock,
    log: folds.drills,
    commit,
    nextSeq: () => journal.head.seq + 1,
    account: (accountId) => ledger.getAccount(accountId),
    paper: (accountId) => {
      const account = ledger.getAccount(accountId)
      const exchange = account?.priceSource === 'live' ? account.exchangeId : null
      return exchange
        ? (liveVenues.get(exchange)?.paper ?? simulatorVenue.paper)
        : simulatorVenue.paper
    },
    market,
    checkHealth,
    tradingState: tradingStateOf,
    probeOrder: (accountId, side, quantity) => {
      const inst = INSTRUMENTS.find((i) => i.symbol === 'BTC-USD') as (typeof INSTRUMENTS)[number]
      // About $20, on the lot size: small, and above any minimum.
      const lots = dec(20)
        .dividedBy(accounts.feed(accountId).quote(inst.symbol).ask)
        .dividedBy(inst.lotSize)
        .ceil()
      return orders.submit(
        accountId,
        {
          symbol: inst.symbol,
          side,
          type: 'market',
          quantity: quantity ?? str(lots.times(inst.lotSize)),
        },
        'drill',
      )
    },
    crashCopy,
    onStatus: (status) => bus.publish({ type: 'drills:status', payload: status }),
    ...(options.drillTimings ? { timings: options.drillTimings } : {}),
  })

  /** The Performance screen's data for one account (or all), over [from, to). */
  const performanceView = (
    accountId: string | undefined,
    from: number | undefined,
    to: number | undefined,
  ): PerformanceView => {
    const range = from === undefined && to === undefined ? undefined : { from, to }
    const within = (ts: number): boolean =>
      (from === undefined || ts >= from) && (to === undefined || ts < to)
    // Each account's open lots at the prices it trades on.
    const positions = (accountId ? [accountId] : ledger.listAccounts().map((a) => a.id)).flatMap(
      (id) =>
        perf.positions(
          Object.fromEntries(
            INSTRUMENTS.map((i) => [i.symbol, accounts.feed(id).quote(i.symbol).last]),
          ),
          id,
        ),
    )
    const trades = perf.trades(accountId).filter((t) => within(t.closedAt))
    const equity = perf.equity(accountId)
    const daily = perf.dailyReturns(accountId)
    const sharpe = rollingSharpe(
      daily.map((d) => d.r),
      ROLLING_WINDOW,
      PERIODS_PER_YEAR,
    )
    return {
      accountId: accountId ?? null,
      from: from ?? null,
      to: to ?? null,
      metrics: perf.metrics(accountId, range),
      equity: {
        minutes: equity.minutes.filter((p) => p.ts >= clock.now() - 86_400_000 && within(p.ts)),
        days: equity.days.filter((p) => within(p.ts)),
      },
      rollingSharpe: daily
        .map((d, i) => ({ ts: d.day, value: sharpe[i] ?? null }))
        .filter((p) => within(p.ts)),
      slippage: perf.slippage(accountId).filter((p) => within(p.ts)),
      trades: trades.slice(-500).reverse(),
      positions,
      realizedPnl: str(trades.reduce((sum, t) => sum.plus(t.pnl), ZERO)),
      unrealizedPnl: str(positions.reduce((sum, p) => sum.plus(p.unrealizedPnl), ZERO)),
    }
  }

  // Daily reports: made from the journal on disk (the same fold `vigil report` does), saved in
  // DIR/reports, and made automatically at the set local time for the day before.
  const reportsDir = path.join(options.dataDir, 'reports')
  let reportList: ReportInfo[] = await listReports(reportsDir).catch(() => [])
  let reporting: Promise<Result<ReportInfo>> | null = null
  const makeReport = (date: string): Promise<Result<ReportInfo>> =>
    (reporting ??= (async (): Promise<Result<ReportInfo>> => {
      if (date > localDate(clock.now(), timeZone))
        return err('INVALID_INPUT', `${date} has not begun yet; a report covers a day up to now.`)
      try {
        await journal.flush()
        const input = await reportInputFromJournal(journalDir, date, {
          timeZone,
          generatedAt: clock.now(),
          settings: folds.reports.settings,
        })
        const info = await saveReport(reportsDir, buildDailyReport(input))
        reportList = [info, ...reportList.filter((r) => r.date !== date)].sort((a, b) =>
          b.date.localeCompare(a.date),
        )
        bus.publish({ type: 'reports:created', payload: info })
        return ok(info)
      } catch (error) {
        return err(
          'INTERNAL',
          `Vigil could not make the report of ${date}: ${(error as Error).message}`,
        )
      }
    })().finally(() => (reporting = null)))
  /** At the set time each day, the report of the day before, once. */
  const scheduleReports = (): void => {
    const now = clock.now()
    const yesterday = localDate(startOfLocalDay(now, timeZone) - 1, timeZone)
    const [h, m] = folds.reports.settings.time.split(':').map(Number) as [number, number]
    const due = startOfLocalDay(now, timeZone) + (h * 60 + m) * 60_000
    const firstDay = Math.min(...ledger.listAccounts().map((a) => a.createdAt))
    if (
      now >= due &&
      startOfLocalDay(now, timeZone) > firstDay &&
      !reportList.some((r) => r.date === yesterday)
    )
      void makeReport(yesterday)
  }
  // The curve and the rules start at once, not a minute after start.
  sampleEquity(true)

  const tradingStatus = (): TradingStatus => ({
    global: journalFailure !== null ? 'HALTED' : (tradingStates.get(GLOBAL) ?? 'ACTIVE'),
    accounts: Object.fromEntries(ledger.listAccounts().map((a) => [a.id, tradingStateOf(a.id)])),
  })

  /**
   * The kill switch: nothing new may open (REDUCE_ONLY everywhere), every open order is
   * canceled, every position is sold if asked, and then trading is HALTED everywhere.
   */
  const killSwitch = async (closePositions: boolean, reason: string): Promise<KillSwitchReport> => {
    const why = `Kill switch: ${reason}`
    await switchTrading(null, closePositions ? 'REDUCE_ONLY' : 'HALTED', why, 'kill-switch')
    const problems: string[] = []
    let canceled = 0
    for (const o of ledger.orders().filter((o) => o.status === 'open' || o.status === 'pending')) {
      const result = await orders.cancel(o.accountId, o.id)
      if (result.ok && result.value.status === 'canceled') canceled += 1
      else if (!result.ok) problems.push(`${o.id}: ${result.error.message}`)
    }
    const closing: Order[] = []
    if (closePositions) {
      for (const p of ledger.positions()) {
        const result = await orders.submit(
          p.accountId,
          { symbol: p.symbol, side: 'sell', type: 'market', quantity: p.quantity },
          'ticket',
        )
        if (result.ok) closing.push(result.value)
        else
          problems.push(
            `closing ${p.quantity} ${p.symbol} in ${p.accountId}: ${result.error.message}`,
          )
      }
      await switchTrading(null, 'HALTED', why, 'kill-switch')
    }
    return { canceled, closing, problems, status: tradingStatus() }
  }

  let closed = false
  const run = async (command: Command, context: CallContext): Promise<Result<unknown>> => {
    if (closed) return err('UNAVAILABLE', 'Vigil is shutting down; the request was not taken.')
    switch (command.name) {
      case 'app:get-snapshot':
        return ok(snapshot())
      case 'orders:submit': {
        const account = accountOf(command.payload.accountId)
        if (!account.ok) return account
        return orders.submit(account.value, command.payload, context.source)
      }
      case 'orders:estimate': {
        const account = accountOf(command.payload.accountId)
        if (!account.ok) return account
        return orders.estimate(account.value, command.payload)
      }
      case 'orders:get': {
        const { accountId, id } = command.payload
        const order = accountId ? ledger.findOrder(accountId, id) : ledger.findOrderAnywhere(id)
        return order ? ok(order) : err('NOT_FOUND', `No order with id or client order id "${id}".`)
      }
      case 'orders:list':
      case 'fills:list': {
        const account = command.payload.accountId
          ? accountOf(command.payload.accountId)
          : ok(undefined)
        if (!account.ok) return account
        const limit = command.payload.limit ?? LIST_LIMIT
        return ok(
          command.name === 'orders:list'
            ? ledger.orders(account.value, limit)
            : ledger.fills(account.value, limit),
        )
      }
      case 'market:get-candles':
        return ok(market.candles(command.payload.symbol, command.payload.limit ?? 240))
      case 'limits:get': {
        const account = accountOf(command.payload.accountId)
        return account.ok ? ok(limitsOf(account.value)) : account
      }
      case 'limits:update': {
        const account = accountOf(command.payload.accountId)
        if (!account.ok) return account
        const old = limitsOf(account.value)
        const next: RiskLimits = { ...old, ...command.payload.limits }
        if (dec(next.minOrderNotional).greaterThan(next.maxOrderNotional)) {
          return err(
            'INVALID_INPUT',
            `limits.minOrderNotional ($${next.minOrderNotional}) must not be above limits.maxOrderNotional ($${next.maxOrderNotional}).`,
          )
        }
        if (JSON.stringify(next) === JSON.stringify(old)) return ok(old)
        await commit('settings.changed', {
          accountId: account.value,
          key: 'limits',
          old: limits.get(account.value) ?? null,
          new: next,
        })
        await saveSettings()
        return ok(next)
      }
      case 'audit:query':
        return ok(
          audit.query(
            command.payload.filter,
            command.payload.offset ?? 0,
            command.payload.limit ?? 200,
          ),
        )
      case 'audit:list':
        return ok(audit.since(command.payload.fromSeq ?? 1, command.payload.limit ?? LIST_LIMIT))
      case 'audit:get': {
        const record = audit.record(command.payload.seq)
        return record
          ? ok(record)
          : err('NOT_FOUND', `No trade decision starts at seq ${command.payload.seq}.`)
      }
      case 'audit:verify': {
        // One walk at a time: a second click waits for the same answer.
        verifying ??= verifyAudit().finally(() => (verifying = null))
        return verifying
      }
      case 'orders:cancel': {
        const account = accountOf(command.payload.accountId)
        if (!account.ok) return account
        return orders.cancel(account.value, command.payload.id)
      }
      case 'accounts:add': {
        const p = command.payload
        const id = newAccountId(p.kind)
        await commit('account.opened', {
          accountId: id,
          name: p.name,
          kind: p.kind,
          quoteAsset: 'USD',
          initialBalance: p.kind === 'paper' ? (p.initialBalance ?? '10000') : '0',
          exchangeId: p.exchangeId ?? null,
          sandbox: p.sandbox ?? false,
          priceSource: p.kind === 'exchange' ? 'live' : (p.priceSource ?? 'simulator'),
          strategiesAllowed: p.kind === 'paper',
        })
        const account = ledger.getAccount(id) as Account
        bus.publish({ type: 'accounts:added', payload: account })
        await accounts.open(account)
        await saveSettings()
        return ok(account)
      }
      case 'accounts:update': {
        const { accountId, ...change } = command.payload
        return changeAccount(accountId, change)
      }
      case 'accounts:connect':
      case 'accounts:disconnect': {
        const account = accountOf(command.payload.accountId)
        if (!account.ok) return account
        return ok(
          command.name === 'accounts:connect'
            ? await accounts.connect(account.value)
            : await accounts.disconnect(account.value),
        )
      }
      case 'accounts:set-credentials':
      case 'accounts:delete-credentials': {
        const account = accountOf(command.payload.accountId)
        if (!account.ok) return account
        if (ledger.getAccount(account.value)?.kind !== 'exchange')
          return err(
            'INVALID_INPUT',
            'Only an exchange account has API keys; a paper account needs none.',
          )
        const store = options.credentials
        if (!store) return err('UNAVAILABLE', 'This host keeps no API keys.')
        try {
          if (command.name === 'accounts:delete-credentials') await store.delete(account.value)
          else {
            const { apiKey, secret, password, canTrade } = command.payload
            await store.set(account.value, {
              apiKey,
              secret,
              ...(password ? { password } : {}),
              canTrade,
            })
          }
        } catch (error) {
          return err('INVALID_INPUT', (error as Error).message)
        }
        return ok(await accounts.refreshKeys(account.value))
      }
      case 'strategies:start': {
        const account = accountOf(command.payload.accountId)
        if (!account.ok) return account
        const { strategyId, symbol, quantity } = command.payload
        const strategy = STRATEGIES.find((s) => s.id === strategyId)
        if (!strategy)
          return err(
            'NOT_FOUND',
            `Unknown strategy "${strategyId}". Strategies: ${STRATEGIES.map((s) => s.id).join(', ')}`,
          )
        const settings = ledger.getAccount(account.value) as Account
        if (!settings.strategiesAllowed)
          return err(
            'FORBIDDEN',
            `Strategies may not trade on ${settings.name}: it is an exchange account and strategies run on paper accounts only, until you allow them for this account.`,
          )
        return ok(strategies.start(account.value, strategy, symbol, quantity))
      }
      case 'strategies:stop': {
        const account = accountOf(command.payload.accountId)
        if (!account.ok) return account
        const stopped = strategies.stop(account.value)
        return stopped
          ? ok(stopped)
          : err('NOT_FOUND', `No strategy is running on account ${account.value}.`)
      }
      case 'health:check':
        return ok(await checkHealth())
      case 'health:history': {
        const limit = command.payload.limit ?? HEALTH_HISTORY
        return ok(healthHistory.slice(-limit))
      }
      case 'trading:set-state': {
        const { global, state, reason } = command.payload
        let scope: string | null = null
        if (!global) {
          const account = accountOf(command.payload.accountId)
          if (!account.ok) return account
          scope = account.value
        }
        // Resuming by hand goes through recovery at the first step, unless forced ACTIVE.
        await switchTrading(
          scope,
          state,
          reason,
          'operator',
          state === 'RECOVERING' ? ((options.breaker ?? DEFAULT_BREAKER).steps[0] ?? 1) : null,
        )
        return ok(tradingStatus())
      }
      case 'reconcile:run': {
        if (command.payload.accountId === undefined) await reconcileAll()
        else {
          const account = accountOf(command.payload.accountId)
          if (!account.ok) return account
          await reconciler.run(account.value)
        }
        return ok(reconciler.status())
      }
      case 'reconcile:status':
        return ok(reconciler.status())
      case 'reconcile:resolve': {
        const { findingId, action, reason } = command.payload
        const settled = await reconciler.resolve(findingId, action, reason)
        return settled.ok ? ok(reconciler.status()) : settled
      }
      case 'drills:run': {
        const account = accountOf(command.payload.accountId)
        if (!account.ok) return account
        return drills.run(
          account.value,
          command.payload.kind,
          (options.breaker ?? DEFAULT_BREAKER).cooldownMs,
        )
      }
      case 'drills:status':
        return ok(drills.status())
      case 'performance:get': {
        const { from, to } = command.payload
        let accountId: string | undefined
        if (command.payload.accountId !== undefined) {
          const account = accountOf(command.payload.accountId)
          if (!account.ok) return account
          accountId = account.value
        }
        return ok(performanceView(accountId, from, to))
      }
      case 'alerts:status':
        return ok(folds.alerts.status())
      case 'alerts:update-rule': {
        const { id, ...change } = command.payload
        const rule = await alerts.updateRule(id, change)
        if (typeof rule === 'string') return err('INVALID_INPUT', rule)
        // A changed rule judges the equity and cash now, not at the next minute.
        sampleEquity()
        return ok(rule)
      }
      case 'alerts:acknowledge':
      case 'alerts:snooze': {
        const p = command.payload
        const item =
          'minutes' in p ? alerts.snooze(p.alertId, p.minutes) : alerts.acknowledge(p.alertId)
        if (typeof item !== 'string') return ok(item)
        return err(item.startsWith('No alert') ? 'NOT_FOUND' : 'CONFLICT', item)
      }
      case 'alerts:set-notifications':
        return ok(await alerts.setNotifications(command.payload))
      case 'reports:list':
        return ok(reportList)
      case 'reports:generate':
        return makeReport(command.payload.date)
      case 'reports:get': {
        const saved = await readReport(reportsDir, command.payload.date)
        return saved
          ? ok({ info: saved.info, html: saved.html })
          : err(
              'NOT_FOUND',
              `No report for ${command.payload.date}. Generate it first (reports are made each day at ${folds.reports.settings.time} for the day before).`,
            )
      }
      case 'reports:update-settings': {
        const next: ReportSettings = { ...folds.reports.settings, ...command.payload }
        if (JSON.stringify(next) !== JSON.stringify(folds.reports.settings))
          await commit('reports.settings', next)
        return ok(next)
      }
      case 'trading:kill-switch':
        return ok(await killSwitch(command.payload.closePositions, command.payload.reason))
      case 'market:set-speed':
        market.setSpeed(command.payload.speed)
        return ok(publishMarket())
      case 'market:set-fault': {
        const { symbol, fault } = command.payload
        market.setFault(symbol, fault === 'none' ? null : fault)
        return ok(publishMarket())
      }
    }
  }

  const info: EngineInfo = {
    dataDir: options.dataDir,
    journalSeq: journal.head.seq,
    replayed: parts.replayed,
    startupMs: performance.now() - parts.started,
    warnings,
  }
  // Start-up checked the journal only after the snapshot's place in it: the whole chain is
  // walked now, off the start path, raising verify's alert; a broken chain also halts trading.
  // Until the walk has passed, the gate refuses orders (fail closed).
  const chainChecked: Promise<unknown> = !chainUnchecked
    ? Promise.resolve()
    : chainWalked
        .then(async (vouched) => {
          if (vouched) {
            chainUnchecked = false
            return
          }
          const result = await (verifying ??= verifyAudit().finally(() => (verifying = null)))
          const bad = result.ok ? result.value.firstBad : null
          if (result.ok && !bad) chainUnchecked = false
          if (bad && !closed)
            await switchTrading(
              null,
              'HALTED',
              `The audit journal failed verification at seq ${bad.seq} in ${bad.segment}: ${bad.reason}. Restore the data folder from a backup.`,
              'kill-switch',
            )
        })
        .catch(() => undefined)

  return {
    info,
    subscribe: (listener) => bus.subscribe(listener),
    async handle<C extends Command>(command: C, context: CallContext) {
      try {
        return (await run(command, context)) as Result<CommandResponses[C['name']]>
      } catch (error) {
        return err(
          'INTERNAL',
          `Vigil could not complete ${command.name}: ${(error as Error).message}`,
        )
      }
    },
    async recordMalformedOrder(raw, reason, context) {
      if (closed) return
      try {
        await journal.append('order.malformed', {
          source: context.source,
          reason: cutToJsonBytes(reason, 512).text,
          // Its outline only: the raw body may hold anything the caller pasted by mistake.
          received: outlineMalformed(raw),
        })
      } catch {
        // Journaling a bad request must never turn into a second failure for the caller.
      }
    },
    setTradingState(
      accountId: string,
      state: TradingState,
      reason = 'Set by the circuit breaker.',
    ) {
      // Folded at once (the next gate sees it) and journaled; durability follows.
      void switchTrading(accountId, state, reason, 'breaker').catch(() => undefined)
    },
    async idle() {
      await chainChecked
      await reconciler.idle()
      await reporting
      await orders.idle()
      await equityLog.idle()
      await saving.catch(() => undefined)
      await journal.flush()
      await saving.catch(() => undefined)
    },
    async close() {
      if (closed) return
      closed = true
      walking.abort()
      parts.walk.stop()
      market.stop()
      for (const venue of liveVenues.values()) venue.feed.stop()
      await strategies.close()
      snapshotTimer.cancel()
      peakTimer.cancel()
      equityTimer.cancel()
      healthTimer.cancel()
      reconcileTimer.cancel()
      breaker.close()
      loopDelay.disable()
      await checkingHealth?.catch(() => undefined)
      await reconciler.idle()
      await orders.idle()
      await accounts.close()
      await equityLog.idle()
      simulatorVenue.paper.close()
      for (const venue of liveVenues.values()) venue.paper.close()
      try {
        await saveSnapshot()
      } finally {
        await journal.close()
        parts.release()
      }
    },
  }
}
