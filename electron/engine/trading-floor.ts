/**
 * The trading floor: the accounts (their venues, brokers and connections), equity and risk
 * limits, the order service with its gate, reconciliation with the brokers, and strategies.
 * The account runtime, the order service and the strategies need each other: each reaches the
 * others only through these services, once all exist.
 */
import type { EngineOptions } from './api'
import { AccountService, Equity, type Venues } from './accounts'
import type { AlertCenter } from './alerts'
import { startOfLocalDay, str, type Clock, type EventBus } from './core'
import { OrderService, RiskLimitsBook } from './execution'
import { calibratedCoefficients } from './costs'
import type { EngineFolds } from './folds'
import type { Recorder } from './journal'
import type { Ledger } from './ledger'
import {
  type TradingStates,
  type CircuitBreaker,
  type JournalCheck,
  Reconciler,
  Reconciliation,
} from './resilience'
import { StrategyRunners } from './signals'

/** What the floor is built on. */
export interface FloorFoundation {
  readonly options: EngineOptions
  readonly clock: Clock
  readonly dataDir: string
  readonly timeZone: string
  readonly ledger: Ledger
  readonly bus: EventBus
  readonly recorder: Recorder
  readonly f: EngineFolds
  readonly venues: Venues
  readonly trading: TradingStates
  readonly breaker: CircuitBreaker
  readonly alerts: AlertCenter
  readonly journalCheck: JournalCheck
}

/** The floor's services. */
export interface TradingFloor {
  readonly accounts: AccountService
  readonly equity: Equity
  readonly limits: RiskLimitsBook
  readonly orders: OrderService
  readonly reconciler: Reconciler
  readonly reconciliation: Reconciliation
  readonly strategies: StrategyRunners
  /** Where settings.json differs from the journal. */
  readonly warnings: readonly string[]
}

/** Builds the floor, opens every account and starts reconciling them. */
export async function openTradingFloor(b: FloorFoundation): Promise<TradingFloor> {
  const { options, clock, ledger, bus, f, trading, alerts } = b
  const spine = { clock, dataDir: b.dataDir, ledger, bus, recorder: b.recorder }
  const accounts: AccountService = new AccountService({
    ...spine,
    ...options,
    venues: b.venues,
    credentials: options.credentials ?? null,
    strategy: (id) => strategies.status(id),
    onBrokerUpdate: (update) => orders.onBrokerUpdate(update),
  })
  const runtime = accounts.runtime
  const equity = new Equity(ledger, runtime, f.peakEquity)
  const opened = await RiskLimitsBook.open(b.dataDir, f.limits, ledger, b.recorder)
  const limits = opened.book
  const orders: OrderService = new OrderService({
    ...spine,
    accounts: {
      limits: (id) => limits.of(id),
      tradingState: (id) => trading.of(id),
      recoveryFraction: (id) => trading.recoveryFraction(id),
      sizeBand: (id) => f.validation.band(id),
      breaker: b.breaker,
      trackerProblem: (id) => runtime.problem(id),
      reconciliationBlock: (id) => reconciler.blocking(id),
      journalVerified: () => b.journalCheck.verified,
      broker: (id) => runtime.broker(id),
      market: (id) => runtime.feed(id),
      equity: (id) => equity.markPeak(id),
      startOfDay: (ts) => startOfLocalDay(ts, b.timeZone),
      raiseAlert: (alert) => void alerts.raise(alert),
      botHaltedAt: (bot) => f.bots.haltedAt(bot),
      costCoefficients: (id) => calibratedCoefficients(f.costs, id).coefficients,
    },
  })
  const reconciler = new Reconciler({
    ...spine,
    log: f.reconcile,
    accounts: runtime,
    orders,
    alerts,
    cashTolerance: options.reconcileCashTolerance ?? '0.01',
  })
  const strategies: StrategyRunners = new StrategyRunners({
    feed: (id) => runtime.feed(id),
    position: (id, symbol) => str(ledger.positionQuantity(id, symbol)),
    submit: (id, payload) => orders.submit(id, payload, 'strategy'),
    onStatus: (status) =>
      bus.publish({ type: 'accounts:status', payload: runtime.status(status.accountId) }),
  })
  // An account no longer allowed to run strategies (and not paper) stops the one it runs.
  bus.subscribe(
    (e) =>
      e.type === 'accounts:added' &&
      !e.payload.strategiesAllowed &&
      e.payload.kind !== 'paper' &&
      void strategies.stop(e.payload.id),
  )
  await accounts.openAll(options.initialBalance)
  const reconciliation = new Reconciliation({ ...spine, accounts: runtime, reconciler })
  return {
    accounts,
    equity,
    limits,
    orders,
    reconciler,
    reconciliation,
    strategies,
    warnings: opened.warnings,
  }
}
