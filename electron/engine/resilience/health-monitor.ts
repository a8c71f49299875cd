/**
 * The health monitor: a round of health checks every 30 s (and on demand), a day of rounds
 * kept; a CRITICAL round raises one alert (cleared when a round is not) and trips the breaker
 * for what it is about (an account, or every account).
 */
import { promises as fsp } from 'node:fs'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import type { HealthCheck, HealthReport, RiskLimits } from '../../../shared/types'
import { ok } from '../../../shared/result'
import type { Accounts } from '../accounts'
import type { AlertCenter } from '../alerts'
import type { Clock, TimerHandle, EventBus, Handlers } from '../core'
import type { Journal, Recorder } from '../journal'
import type { Ledger } from '../ledger'
import type { CircuitBreaker } from './breaker'
import { runHealthRound, type HealthQuote } from './health'
import type { TrackerAudit } from './tracker-audit'

/** Health rounds: every 30 s by default, a day of them kept. */
const INTERVAL_MS = 30_000
const HISTORY = 2_880

/** What the health monitor watches. */
export interface HealthMonitorDeps {
  readonly clock: Clock
  readonly dataDir: string
  readonly ledger: Ledger
  readonly accounts: Pick<Accounts, 'problem' | 'broker' | 'feed'>
  readonly limits: (accountId: string) => RiskLimits
  readonly trackerAudit: TrackerAudit
  readonly journal: Journal
  readonly recorder: Recorder
  /** Why the last snapshot could not be written, or null. */
  readonly snapshotFailure: () => string | null
  readonly alerts: AlertCenter
  readonly breaker: CircuitBreaker
  readonly bus: EventBus
  /** ms between rounds; 0: only on demand. */
  readonly intervalMs?: number
}

/** Runs health rounds and keeps their history. */
export class HealthMonitor {
  private readonly history: HealthReport[] = []
  /** Since when each feed's price has stayed the same: a frozen feed still sends fresh quotes. */
  private readonly priceMoves = new Map<string, { price: string; since: number }>()
  private readonly loopDelay = monitorEventLoopDelay({ resolution: 10 })
  private running: Promise<HealthReport> | null = null
  private alertId: string | null = null
  /** The checks failing in the last round, by key: a failure is journaled once, when it starts. */
  private failing = new Set<string>()
  private readonly timer: TimerHandle | null

  constructor(private readonly deps: HealthMonitorDeps) {
    this.loopDelay.enable()
    deps.bus.subscribe((event) => {
      if (event.type !== 'market:quote') return
      const q = event.payload
      const key = `${q.source ?? 'simulator'}/${q.symbol}`
      const price = `${q.bid}/${q.ask}/${q.last}`
      if (this.priceMoves.get(key)?.price !== price)
        this.priceMoves.set(key, { price, since: q.ts })
    })
    const interval = deps.intervalMs ?? INTERVAL_MS
    this.timer =
      interval === 0
        ? null
        : deps.clock.setInterval(() => void this.check().catch(() => undefined), interval)
    // A first round at once, so the console never starts without a health status.
    if (interval !== 0) void this.check().catch(() => undefined)
  }

  /** The newest round, if any. */
  latest(): HealthReport | null {
    return this.history.at(-1) ?? null
  }

  /** A round now; a round under way is shared. */
  check(): Promise<HealthReport> {
    return (this.running ??= this.round().finally(() => (this.running = null)))
  }

  /** The health commands. */
  handlers(): Handlers<'health:check' | 'health:history'> {
    return {
      'health:check': async () => ok(await this.check()),
      'health:history': ({ limit }) => ok(this.history.slice(-(limit ?? HISTORY))),
    }
  }

  /** Stops the rounds; waits for one under way. */
  async close(): Promise<void> {
    this.timer?.cancel()
    this.loopDelay.disable()
    await this.running?.catch(() => undefined)
  }

  private async round(): Promise<HealthReport> {
    const { clock, ledger, accounts, journal, recorder, alerts, breaker, bus } = this.deps
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
      quotes: () => this.quotes(),
      // The ledger and its seq are read together, now (commits fold as they are written);
      // the flush then makes that seq durable, and later commits wait for the next round.
      tracker: () =>
        this.deps.trackerAudit.compare(ledger, journal.head.seq, () => journal.flush()),
      diskFreeBytes: async () => {
        const stats = await fsp.statfs(this.deps.dataDir)
        return stats.bavail * stats.bsize
      },
      memory: () => process.memoryUsage(),
      eventLoopLagMs: () => {
        const p99 = this.loopDelay.percentile(99) / 1e6
        this.loopDelay.reset()
        return p99
      },
      journalFailure: () => recorder.failure,
      snapshotFailure: this.deps.snapshotFailure,
    })
    const failing = report.checks.filter((c) => c.level === 'FAIL')
    await this.journalNewFailures(failing)
    // One alert while the system is CRITICAL, cleared when it is not.
    if (failing.length > 0 && this.alertId === null)
      this.alertId = alerts.raise({
        accountId: null,
        severity: 'critical',
        kind: 'health_critical',
        message: `Health is CRITICAL: ${failing.map((c) => `${c.label}: ${c.message}`).join('; ')}`,
      }).id
    else if (failing.length === 0 && this.alertId !== null) {
      alerts.clear(this.alertId)
      this.alertId = null
    }
    for (const scope of new Set(failing.map((c) => c.accountId)))
      breaker.critical(
        failing
          .filter((c) => c.accountId === scope)
          .map((c) => `${c.label}: ${c.message}`)
          .join('; '),
        scope,
      )
    this.history.push(report)
    if (this.history.length > HISTORY) this.history.shift()
    bus.publish({ type: 'health:report', payload: report })
    return report
  }

  /**
   * Journals each check that fails now and did not in the last round. A check is its name and
   * account; a system check also its label (each price feed is a check of its own).
   */
  private async journalNewFailures(failing: readonly HealthCheck[]): Promise<void> {
    const { recorder } = this.deps
    const before = this.failing
    this.failing = new Set(failing.map(failureKey))
    // A journal that cannot be written is itself the failure the round reports.
    if (recorder.failure !== null) return
    for (const c of failing) {
      if (before.has(failureKey(c))) continue
      await recorder
        .commit('health.failed', {
          check: c.name,
          label: c.label,
          accountId: c.accountId,
          message: c.message,
        })
        .catch(() => undefined)
    }
  }

  /** Each feed an account trades on, each symbol once, at the strictest freshness limit. */
  private quotes(): HealthQuote[] {
    const { ledger, accounts, limits } = this.deps
    const byKey = new Map<string, HealthQuote>()
    for (const a of ledger.listAccounts()) {
      if (accounts.problem(a.id) !== null) continue
      const maxAgeMs = limits(a.id).maxQuoteAgeMs
      for (const q of accounts.feed(a.id).quotes()) {
        const source = q.source ?? 'simulator'
        const key = `${source}/${q.symbol}`
        const known = byKey.get(key)
        const moved = this.priceMoves.get(key)
        const unchangedMs =
          moved && moved.price === `${q.bid}/${q.ask}/${q.last}` ? q.ts - moved.since : 0
        if (!known || maxAgeMs < known.maxAgeMs)
          byKey.set(key, { symbol: q.symbol, source, ts: q.ts, maxAgeMs, unchangedMs })
      }
    }
    return [...byKey.values()]
  }
}

const failureKey = (c: HealthCheck): string =>
  c.accountId === null ? `${c.name}\u0000${c.label}` : `${c.name}\u0000${c.accountId}`
