/**
 * The composition root: builds the trading system for one data folder and wires its domains,
 * lowest first. Start-up = lock the folder, rebuild the folds (snapshot + journal tail), open
 * the accounts, start the market, the samplers and the watchers. Each domain answers its own
 * commands; the root only combines the maps.
 */
import { performance } from 'node:perf_hooks'
import { err } from '../../shared/result'
import type { Engine, EngineOptions } from './api'
import {
  type CopyEngine,
  CircuitBreaker,
  DEFAULT_BREAKER,
  JournalCheck,
  Reconciler,
  Reconciliation,
  removeLeftoverTemps,
  TrackerAudit,
} from './resilience'
import { AccountService, Equity, Venues } from './accounts'
import { AlertCenter } from './alerts'
import {
  EventBus,
  journalDir,
  makePrivateDir,
  privatizeDataDir,
  startOfLocalDay,
  str,
  type Handler,
} from './core'
import { OrderService, RiskLimitsBook } from './execution'
import { FOLDS } from './folds'
import { CommitPipeline } from './journal'
import { cutToJsonBytes, outlineMalformed } from './malformed'
import { MarketService } from './market'
import * as resilience from './resilience'
import { StrategyRunners } from './signals'
import { engineCommands } from './commands'
import { startWatching } from './watching'

/** Builds and starts the engine on a data folder. */
export async function createEngine(options: EngineOptions): Promise<Engine> {
  const started = performance.now()
  const { clock, dataDir } = options
  await makePrivateDir(dataDir)
  const release = resilience.lockDataDir(dataDir)
  try {
    // Once it is ours: what an older build left readable by every local user becomes private.
    await privatizeDataDir(dataDir)
    await removeLeftoverTemps(dataDir)
    const durable = options.scratch !== true
    const store = new resilience.SnapshotStore(dataDir)
    const recovered = await resilience.recover(FOLDS, { ...options, sync: durable }, store)
    const { folds, journal } = recovered
    const f = folds.state
    const { ledger } = f
    const timeZone = options.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone
    const breakerSettings = options.breaker ?? DEFAULT_BREAKER
    const warnings = [...recovered.warnings]
    if (journal.tornLines) warnings.push(`${journal.tornLines} torn journal line moved aside`)

    // The spine: every change is journaled, folded and published here.
    const bus = new EventBus()
    const recorder = new CommitPipeline(journal, {
      apply: (r) => folds.apply(r),
      publish: (e) => bus.publish(e),
    })
    const spine = { clock, dataDir, ledger, bus, journal: recorder }
    const market = new MarketService({ ...options, bus, durable })
    const venues = new Venues({ ...spine, ...options, market: market.market, durable })
    const trading = new resilience.TradingStates({
      ...spine,
      folds: f.trading,
      accountIds: () => ledger.listAccounts().map((a) => a.id),
    })
    const breaker = new CircuitBreaker({ clock, settings: breakerSettings, trading })
    // A breaker halt cooling down when the engine stopped ends on time.
    for (const scope of trading.scopes()) breaker.resume(scope)
    // Started before anything new is written: it folds, from disk, everything written after.
    const trackerAudit = await TrackerAudit.start(journalDir(dataDir), ledger, journal.head.seq)
    const alerts = new AlertCenter({ ...spine, now: () => clock.now(), log: f.alerts, breaker })
    for (const alert of resilience.changedSnapshotAlerts(recovered.notVouched, dataDir))
      alerts.raise(alert)
    // Start-up checked the journal only after the snapshot's place: the rest is walked now.
    const journalCheck = new JournalCheck({ dataDir, journal, alerts, trading, bus })

    // Accounts and orders (the account runtime, the order service and the strategies need
    // each other: each is reached through the others only once all exist).
    const accounts: AccountService = new AccountService({
      ...spine,
      ...options,
      venues,
      credentials: options.credentials ?? null,
      strategy: (id) => strategies.status(id),
      onBrokerUpdate: (update) => orders.onBrokerUpdate(update),
    })
    const runtime = accounts.runtime
    const equity = new Equity(ledger, runtime, f.peakEquity)
    const { book: limits, warnings: differ } = await RiskLimitsBook.open(
      dataDir,
      f.limits,
      ledger,
      recorder,
    )
    warnings.push(...differ)
    const orders: OrderService = new OrderService({
      ...spine,
      accounts: {
        limits: (id) => limits.of(id),
        tradingState: (id) => trading.of(id),
        recoveryFraction: (id) => trading.recoveryFraction(id),
        breaker,
        trackerProblem: (id) =>
          runtime.problem(id) ?? journalCheck.pending() ?? reconciler.blocking(id),
        broker: (id) => runtime.broker(id),
        market: (id) => runtime.feed(id),
        equity: (id) => equity.markPeak(id),
        startOfDay: (ts) => startOfLocalDay(ts, timeZone),
        raiseAlert: (alert) => void alerts.raise(alert),
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

    const watchers = await startWatching({
      ...spine,
      options,
      timeZone,
      durable,
      journal,
      recorder,
      folds,
      f,
      store,
      market,
      venues,
      runtime,
      equity,
      limits,
      trading,
      breaker,
      alerts,
      orders,
      reconciliation,
      trackerAudit,
      openCopy: (copy) => openCopy(options, copy),
    })
    const { peakTimer, reports, live, snapshots, health } = watchers
    const handlers = engineCommands({
      ...watchers,
      clock,
      journal,
      ledger,
      audit: f.audit,
      accounts,
      venues,
      market,
      limits,
      trading,
      orders,
      strategies,
      journalCheck,
      reconciler,
      reconciliation,
      alerts,
      alertLog: f.alerts,
      breaker: { firstStep: breakerSettings.steps[0] ?? 1, cooldownMs: breakerSettings.cooldownMs },
    })
    // The curve and the rules start at once, not a minute after start.
    live.sample(true)

    let closed = false
    return {
      info: {
        dataDir,
        journalSeq: journal.head.seq,
        replayed: recovered.replayed,
        startupMs: performance.now() - started,
        warnings,
      },
      subscribe: (listener) => bus.subscribe(listener),
      async handle(command, context) {
        if (closed) return err('UNAVAILABLE', 'Vigil is shutting down; the request was not taken.')
        try {
          const handler = handlers[command.name] as Handler<typeof command.name>
          return (await handler(command.payload as never, context)) as never
        } catch (error) {
          return err(
            'INTERNAL',
            `Vigil could not complete ${command.name}: ${(error as Error).message}`,
          )
        }
      },
      async recordMalformedOrder(raw, reason, context) {
        if (closed) return
        // Its outline only: the raw body may hold anything the caller pasted by mistake.
        const received = outlineMalformed(raw)
        // Journaling a bad request must never turn into a second failure for the caller.
        await journal
          .append('order.malformed', {
            source: context.source,
            reason: cutToJsonBytes(reason, 512).text,
            received,
          })
          .catch(() => undefined)
      },
      async idle() {
        for (const waiter of [
          journalCheck.started,
          reconciler.idle(),
          reports.idle(),
          orders.idle(),
          live.idle(),
        ])
          await waiter
        await snapshots.idle()
        await journal.flush()
        await snapshots.idle()
      },
      async close() {
        if (closed) return
        closed = true
        journalCheck.stop()
        market.market.stop()
        venues.stopFeeds()
        await strategies.close()
        snapshots.stop()
        peakTimer.cancel()
        reconciliation.stop()
        breaker.close()
        await health.close()
        await reconciler.idle()
        await orders.idle()
        await runtime.close()
        await live.close()
        venues.close()
        try {
          await snapshots.save()
        } finally {
          await journal.close()
          release()
        }
      },
    }
  } catch (error) {
    release()
    throw error
  }
}

/** The crash drill's second engine on a copy of the folder: no market, no exchange, no rounds. */
async function openCopy(options: EngineOptions, copy: string): Promise<CopyEngine> {
  const second = await createEngine({
    dataDir: copy,
    clock: options.clock,
    startMarket: false,
    healthIntervalMs: 0,
    reconcileIntervalMs: 0,
    ...(options.paper ? { paper: options.paper } : {}),
    exchangeBroker: async () => {
      throw new Error('a drill copy never connects to an exchange')
    },
    tickerSource: (exchangeId) => ({ exchangeId, fetchTickers: async () => ({}) }),
  })
  return {
    info: second.info,
    idle: () => second.idle(),
    close: () => second.close(),
    checkHealth: () => second.handle({ name: 'health:check', payload: {} }, { source: 'api' }),
  }
}
