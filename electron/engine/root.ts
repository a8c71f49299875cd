/**
 * The composition root: builds the trading system for one data folder and wires its domains,
 * lowest first. Start-up = lock the folder, rebuild the folds (snapshot + journal tail), open
 * the accounts, start the market, the samplers and the watchers. Each domain answers its own
 * commands; the root only combines the maps.
 */
import { performance } from 'node:perf_hooks'
import type { Engine, EngineOptions } from './api'
import {
  type CopyEngine,
  CircuitBreaker,
  DEFAULT_BREAKER,
  JournalCheck,
  removeLeftoverTemps,
  TrackerAudit,
} from './resilience'
import { Venues } from './accounts'
import { AlertCenter, AlertChannels, fetchSender } from './alerts'
import { BotWatch } from './bots'
import { EventBus, journalDir, journalIndexDir, makePrivateDir, privatizeDataDir } from './core'
import { engineFolds } from './folds'
import { CommitPipeline, JournalIndex, walkChainInBackground } from './journal'
import { MarketService } from './market'
import { RehearsalRunner, rehearseOn } from './rehearsal'
import * as resilience from './resilience'
import { engineCommands } from './commands'
import { openTradingFloor } from './trading-floor'
import { openDrillCopy } from './drill-copy'
import { runningEngine } from './running'
import { startWatching } from './watching'
import { ValidationService } from './validation'

/** Builds and starts the engine on a data folder. */
export async function createEngine(options: EngineOptions): Promise<Engine> {
  const started = performance.now()
  const { clock, dataDir } = options
  const beganAt = clock.now()
  await makePrivateDir(dataDir)
  const release = resilience.lockDataDir(dataDir)
  // First, so that the chain is walked on the other core while the snapshot is read and folded.
  const walk = walkChainInBackground(journalDir(dataDir))
  try {
    // Once it is ours: what an older build left readable by every local user becomes private.
    await privatizeDataDir(dataDir)
    await removeLeftoverTemps(dataDir)
    const durable = options.scratch !== true
    const store = new resilience.SnapshotStore(dataDir)
    // The journal's index by seq and order id: where past decisions are read from.
    const history = await JournalIndex.open(journalDir(dataDir), journalIndexDir(dataDir))
    const recovered = await resilience
      .recover(
        engineFolds(history, options.keepRecent, dataDir),
        { ...options, sync: durable, observer: history, onFullCheck: () => walk.stop() },
        store,
      )
      .catch((error: unknown) => {
        history.close()
        throw error
      })
    const { folds, journal } = recovered
    // How the run before ended, read before start-up writes anything.
    const previousRun = folds.state.uptime.previous()
    // Asked before anything is appended: the walk vouches only for the chain the journal opened on.
    const walked = journal.uncheckedUpTo > 0 ? walk.vouches(journal.head) : Promise.resolve(false)
    if (journal.uncheckedUpTo === 0) walk.stop()
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
    const spine = { clock, dataDir, ledger, bus, recorder }
    const life = new resilience.EngineLife(
      { clock, recorder, heartbeatMs: options.heartbeatMs },
      previousRun,
      beganAt,
    )
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
    // Alerts leave the desk through the trader's channels as soon as they are raised.
    const channels = new AlertChannels({
      clock,
      recorder,
      log: f.alertChannels,
      secrets: options.channelSecrets ?? null,
      send: options.sendAlert ?? fetchSender,
      accountName: (id) => (id === null ? null : (ledger.getAccount(id)?.name ?? id)),
    })
    bus.subscribe((event) => {
      if (event.type === 'alerts:raised') channels.notify(event.payload)
    })
    for (const alert of resilience.changedSnapshotAlerts(recovered.notVouched, dataDir))
      alerts.raise(alert)
    // Start-up checked the journal only after the snapshot's place: the rest is walked now.
    const journalCheck = new JournalCheck({ dataDir, journal, alerts, trading, bus, walked })

    // The trading floor, then the watchers; then every command is answered by its domain.
    const base = { ...spine, options, timeZone, durable, journal, folds, f, store, market, venues }
    const floor = await openTradingFloor({ ...base, trading, breaker, alerts, journalCheck })
    warnings.push(...floor.warnings)
    const { accounts, orders, reconciler, reconciliation, strategies } = floor
    const runtime = accounts.runtime
    const openCopy = (copy: string): Promise<CopyEngine> =>
      openDrillCopy(createEngine, options, copy)
    const safety = { trading, breaker, alerts, trackerAudit, journalCheck }
    const watchers = await startWatching({
      ...base,
      ...safety,
      ...floor,
      runtime,
      openCopy,
      onlyHeartbeats: (after, upTo) => life.onlyHeartbeats(after, upTo),
    })
    const { peakTimer, reports, live, snapshots, health, fees, costs } = watchers
    // Bots that promised heartbeats are watched on the engine's clock from now on.
    const bots = new BotWatch({
      clock,
      bus,
      recorder,
      book: f.bots,
      alertLog: f.alerts,
      alerts,
      cancel: (accountId, orderId, why) => orders.cancel(accountId, orderId, why),
    })
    const validation = new ValidationService({
      clock,
      recorder,
      timeZone,
      book: () => f.validation,
      sources: () => ({
        closes: f.equityCloses,
        capital: (id) => f.trades.book.capital(id),
        uptime: (from, to) =>
          resilience.uptimeOver(f.uptime, from, to, f.validation.settings.timeZone),
        journal: journal.head,
      }),
      resolve: (id) => accounts.resolve(id),
    })
    // The Roadmap's rehearsals: each on its own engine and scratch folder, never this journal.
    const rehearsals = new RehearsalRunner({
      clock,
      dataDir,
      bus,
      rehearse: (o) => rehearseOn(createEngine, o),
    })
    const firstStep = breakerSettings.steps[0] ?? 1
    const breakerSteps = { firstStep, cooldownMs: breakerSettings.cooldownMs }
    const handlers = engineCommands({
      ...base,
      ...safety,
      ...floor,
      ...watchers,
      audit: f.audit,
      alertLog: f.alerts,
      channels,
      breakerSteps,
      bots,
      validation,
      rehearsals,
    })
    // The curve and the rules start at once, not a minute after start.
    live.sample(true)
    // Ready: the start record, then a heartbeat at its interval.
    await life.ready()

    return runningEngine({
      info: {
        dataDir,
        journalSeq: journal.head.seq,
        replayed: recovered.replayed,
        startupMs: performance.now() - started,
        warnings,
      },
      bus,
      journal,
      bots,
      handlers,
      async idle() {
        for (const waiter of [
          journalCheck.started,
          reconciler.idle(),
          reports.idle(),
          orders.idle(),
          live.idle(),
          fees.idle(),
        ])
          await waiter
        await snapshots.idle()
        await journal.flush()
        await snapshots.idle()
      },
      // Stops what starts work first, then waits for work in flight, then the snapshot and the journal.
      async close(reason) {
        await rehearsals.close()
        life.stopBeating()
        journalCheck.stop()
        bots.close()
        channels.close()
        walk.stop()
        market.market.stop()
        venues.stopFeeds()
        await strategies.close()
        snapshots.stop()
        peakTimer.cancel()
        fees.stop()
        costs.stop()
        reconciliation.stop()
        breaker.close()
        await health.close()
        await reconciler.idle()
        await orders.idle()
        orders.close()
        await fees.idle()
        await runtime.close()
        await live.close()
        venues.close()
        // The stop record goes in the snapshot: a clean stop replays nothing.
        await life.stop(reason)
        try {
          await snapshots.save()
        } finally {
          await journal.close()
          history.close()
          f.trades.book.close()
          release()
        }
      },
    })
  } catch (error) {
    walk.stop()
    release()
    throw error
  }
}
