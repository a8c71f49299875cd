/**
 * The watchers, started once the accounts are open: peak equity every second, live
 * performance and the daily report, the periodic snapshot, reconciliation rounds, health
 * rounds and the drills.
 */
import type { EngineOptions } from './api'
import type { Equity, Venues, Accounts } from './accounts'
import type { AlertCenter } from './alerts'
import { COINBASE_ADVANCED_2022_09_20 } from './brokers'
import type { Clock, TimerHandle, EventBus } from './core'
import { CostWatch, FeeWatch } from './costs'
import type { OrderService, RiskLimitsBook } from './execution'
import type { EngineFolds, EngineRegistry } from './folds'
import type { FoldSet, Journal, Recorder } from './journal'
import type { Ledger } from './ledger'
import type { MarketService } from './market'
import { LivePerformance } from './performance'
import { ReportService } from './reports'
import {
  type SnapshotStore,
  type TradingStates,
  type CircuitBreaker,
  crashCopy,
  type CopyEngine,
  Drills,
  HealthMonitor,
  type Reconciliation,
  SnapshotWriter,
  type TrackerAudit,
} from './resilience'

/** What the watchers watch. */
export interface WatchedParts {
  readonly options: EngineOptions
  readonly clock: Clock
  readonly dataDir: string
  readonly timeZone: string
  /** Not a scratch folder: fsynced, snapshotted every minute, reports made on time. */
  readonly durable: boolean
  readonly bus: EventBus
  readonly journal: Journal
  readonly recorder: Recorder
  readonly folds: FoldSet<EngineRegistry>
  readonly f: EngineFolds
  readonly ledger: Ledger
  readonly store: SnapshotStore
  readonly market: MarketService
  readonly venues: Venues
  readonly runtime: Accounts
  readonly equity: Equity
  readonly limits: RiskLimitsBook
  readonly trading: TradingStates
  readonly breaker: CircuitBreaker
  readonly alerts: AlertCenter
  readonly orders: OrderService
  readonly reconciliation: Reconciliation
  readonly trackerAudit: TrackerAudit
  /** Opens a crash-like copy of the data folder in a second engine (the crash drill). */
  readonly openCopy: (copy: string) => Promise<CopyEngine>
  /** Whether every record in (after, upTo] is a heartbeat. */
  readonly onlyHeartbeats: (after: number, upTo: number) => boolean
}

/** The watchers, running. */
export interface Watchers {
  readonly peakTimer: TimerHandle
  readonly reports: ReportService
  readonly live: LivePerformance
  readonly snapshots: SnapshotWriter
  readonly health: HealthMonitor
  readonly drills: Drills
  readonly fees: FeeWatch
  readonly costs: CostWatch
}

/** Starts every watcher; the first equity sample is the caller's, once commands are wired. */
export async function startWatching(p: WatchedParts): Promise<Watchers> {
  const { options, clock, dataDir, ledger, f, durable, journal, recorder, equity } = p
  const spine = { clock, dataDir, ledger, bus: p.bus, recorder }
  for (const account of ledger.listAccounts()) equity.markPeak(account.id)
  p.market.start(false)
  const peakTimer = clock.setInterval(
    () => ledger.listAccounts().forEach((a) => equity.markPeak(a.id)),
    1_000,
  )
  const reports = await ReportService.open({
    ...spine,
    timeZone: p.timeZone,
    journal,
    recorder,
    settings: f.reportSettings,
  })
  const live = await LivePerformance.start({
    ...spine,
    timeZone: p.timeZone,
    durable,
    accounts: p.runtime,
    equity,
    alerts: p.alerts,
    alertLog: f.alerts,
    dayCloses: f.equityCloses,
    trades: f.trades,
    // A scratch folder (a rehearsal, minutes a step) makes reports only when asked.
    afterSample: () => durable && reports.schedule(),
    ...(options.equitySampleMs !== undefined ? { sampleMs: options.equitySampleMs } : {}),
  })
  if (options.startMarket !== false) p.market.market.start()
  const snapshots = new SnapshotWriter({
    clock,
    dataDir,
    journal,
    recorder,
    folds: p.folds,
    store: p.store,
    beforeWrite: () => p.market.savePlace(),
    onlyOnDemand: !durable,
    onlyHeartbeats: p.onlyHeartbeats,
    ...(options.snapshotIntervalMs === undefined ? {} : { intervalMs: options.snapshotIntervalMs }),
  })
  p.reconciliation.repeat(options.reconcileIntervalMs)
  const health = new HealthMonitor({
    ...spine,
    journal,
    recorder,
    accounts: p.runtime,
    limits: (id) => p.limits.of(id),
    trackerAudit: p.trackerAudit,
    snapshotFailure: () => snapshots.failure,
    alerts: p.alerts,
    breaker: p.breaker,
    intervalMs: options.healthIntervalMs,
  })
  const drills = new Drills({
    ...spine,
    log: f.drills,
    venues: p.venues,
    market: p.market.market,
    health,
    trading: p.trading,
    orders: p.orders,
    accounts: p.runtime,
    timings: options.drillTimings,
    crashCopy: () => crashCopy(dataDir, journal, p.openCopy),
  })
  // Fee tiers from the 30-day volume, each change journaled; fees against the schedule.
  const fees = new FeeWatch({
    clock,
    ledger,
    recorder,
    book: f.feeTiers,
    alerts: p.alerts,
    runtime: p.runtime,
    paperSchedule: options.paper?.feeSchedule ?? COINBASE_ADVANCED_2022_09_20,
    rules: () => f.alerts.rules,
    ...(options.feeCheckMs !== undefined ? { checkMs: options.feeCheckMs } : {}),
    onFill: (listener) =>
      p.bus.subscribe((event) => {
        if (event.type === 'fills:created') listener(event.payload.accountId)
      }),
  })
  fees.start()
  // Execution costs against the model: the alarm becomes the rule's alert.
  const costs = new CostWatch({
    bus: p.bus,
    book: f.costs,
    alertLog: f.alerts,
    alerts: p.alerts,
    timeZone: p.timeZone,
  })
  costs.start()
  return { peakTimer, reports, live, snapshots, health, drills, fees, costs }
}
