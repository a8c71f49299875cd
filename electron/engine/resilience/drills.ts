/**
 * Drills: a failure is injected on purpose into a paper account, and the drill measures how
 * long Vigil takes to notice it (detection, from injection) and to be well again once the
 * failure is over (recovery, from its end). Detection and recovery are read from what the
 * trader sees: the health checks and the circuit breaker. Results are journaled.
 */
import type {
  Account,
  DrillKind,
  DrillProgress,
  DrillResult,
  DrillsStatus,
  HealthCheck,
  MarketSymbol,
  Order,
  OrderSource,
} from '../../../shared/types'
import type { CommandPayload } from '../../../shared/contract'
import { err, ok, type Result } from '../../../shared/result'
import type { Accounts, Venues } from '../accounts'
import { dec, str, type Clock, type EventBus, type Handlers } from '../core'
import type { Fold, JournalRecord, Recorder } from '../journal'
import type { Ledger } from '../ledger'
import { instrument, type SimulatedMarket } from '../market'
import type { HealthMonitor } from './health-monitor'
import type { TradingStates } from './trading-state'

/** Results kept in memory and in the snapshot (the journal keeps them all). */
const RESULTS_KEPT = 200

/** How a drill polls and how long it waits. */
export interface DrillTimings {
  readonly probeMs: number
  /** How long the failure lasts after it was detected. */
  readonly holdMs: number
  readonly detectTimeoutMs: number
  readonly recoverTimeoutMs: number
}

export const DEFAULT_DRILL_TIMINGS: DrillTimings = {
  probeMs: 500,
  holdMs: 2_000,
  detectTimeoutMs: 120_000,
  recoverTimeoutMs: 120_000,
}

/** The drill results, folded from the journal. */
export class DrillLog {
  private results: DrillResult[] = []
  private readonly recoveries: Partial<Record<DrillKind, number>> = {}

  apply(record: JournalRecord): void {
    if (record.type !== 'drill.completed') return
    const result = record.payload
    this.results = [result, ...this.results].slice(0, RESULTS_KEPT)
    if (result.outcome === 'recovered')
      this.recoveries[result.kind] = (this.recoveries[result.kind] ?? 0) + 1
  }

  status(running: DrillProgress | null): DrillsStatus {
    return { running, results: this.results, recoveries: { ...this.recoveries } }
  }

  toState(): DrillLogState {
    return { results: this.results, recoveries: { ...this.recoveries } }
  }

  static fromState(state: DrillLogState | undefined): DrillLog {
    const log = new DrillLog()
    log.results = [...(state?.results ?? [])]
    Object.assign(log.recoveries, state?.recoveries ?? {})
    return log
  }
}

export interface DrillLogState {
  readonly results: readonly DrillResult[]
  readonly recoveries: Readonly<Partial<Record<DrillKind, number>>>
}

/** What a crash-and-restart drill measured on its copy of the data folder. */
export interface CrashDrillOutcome {
  /** Until the second engine had verified the journal and replayed the tail. */
  readonly startedMs: number
  /** Until it was ready to trade: orders settled, ledger equal to the journal's fold. */
  readonly readyMs: number
  /** What it found on the way (a torn line, interrupted orders), or why it failed. */
  readonly found: string
  readonly ok: boolean
}

/** What the drills work with. */
export interface DrillDeps {
  readonly clock: Clock
  readonly log: DrillLog
  /** Records each step (drill ids come from its next seq). */
  readonly recorder: Recorder
  readonly ledger: Pick<Ledger, 'getAccount'>
  /** The paper exchange each paper account trades on. */
  readonly venues: Pick<Venues, 'paperOf'>
  readonly market: SimulatedMarket
  readonly health: Pick<HealthMonitor, 'check'>
  readonly trading: Pick<TradingStates, 'of'>
  /**
   * Places the probe orders, through the gate like any other (the order service; named by its
   * shape so that resilience does not depend on execution, which depends on it).
   */
  readonly orders: {
    submit(
      accountId: string,
      payload: CommandPayload<'orders:submit'>,
      source: OrderSource,
    ): Promise<Result<Order>>
  }
  readonly accounts: Pick<Accounts, 'feed'>
  /** Opens a crash-like copy of the data folder in a second engine. */
  readonly crashCopy: () => Promise<CrashDrillOutcome>
  readonly bus: EventBus
  readonly timings?: DrillTimings
}

/** One drill's parts: what it breaks, how it is seen, how it is mended. */
interface DrillPlan {
  readonly inject: () => Promise<void> | void
  readonly clear: () => void
  /** What noticed the failure, or null while nothing has. */
  readonly detected: () => Promise<string | null>
  /** What shows it is over, or null while it is not. */
  readonly recovered: () => Promise<string | null>
  readonly recoverTimeoutMs?: number
  readonly notes: string
  /** After the drill, whatever it left behind is undone (a probe position sold). */
  readonly tidy?: () => Promise<string>
}

/** The symbol drills freeze or misreport. */
const DRILL_SYMBOL: MarketSymbol = 'BTC-USD'

export class Drills {
  private running: DrillProgress | null = null
  private readonly timings: DrillTimings

  constructor(private readonly deps: DrillDeps) {
    this.timings = deps.timings ?? DEFAULT_DRILL_TIMINGS
  }

  status(): DrillsStatus {
    return this.deps.log.status(this.running)
  }

  /** The drill commands; a drill waits out the breaker's cool-down of `cooldownMs`. */
  handlers(
    resolve: (accountId: string | undefined) => Result<string>,
    cooldownMs: number,
  ): Handlers<'drills:run' | 'drills:status'> {
    return {
      'drills:run': ({ accountId, kind }) => {
        const account = resolve(accountId)
        return account.ok ? this.run(account.value, kind, cooldownMs) : Promise.resolve(account)
      },
      'drills:status': () => ok(this.status()),
    }
  }

  /** Runs a drill; answers when it is over. */
  async run(
    accountId: string,
    kind: DrillKind,
    breakerCooldownMs: number,
  ): Promise<Result<DrillResult>> {
    if (this.running)
      return err(
        'CONFLICT',
        `A ${words(this.running.kind)} drill is running on ${this.running.accountId}; wait for it to end.`,
      )
    const account = this.deps.ledger.getAccount(accountId)
    if (!account) return err('NOT_FOUND', `Unknown account "${accountId}".`)
    if (account.kind !== 'paper')
      return err(
        'FORBIDDEN',
        `Drills run only on paper accounts; ${account.name} trades real money on ${account.exchangeId}.`,
      )
    const state = this.deps.trading.of(accountId)
    if (kind !== 'crash_restart' && state !== 'ACTIVE')
      return err(
        'CONFLICT',
        `${account.name} is ${state}; a drill needs an ACTIVE account to measure detection and recovery.`,
      )
    if (kind === 'frozen_prices' && account.priceSource !== 'simulator')
      return err(
        'INVALID_INPUT',
        `A frozen-prices drill freezes the simulated market; ${account.name} trades on live prices.`,
      )
    const id = `drill-${this.deps.recorder.nextSeq()}`
    const startedAt = this.deps.clock.now()
    this.running = {
      id,
      kind,
      accountId,
      phase: 'detecting',
      startedAt,
      message: 'Injecting the failure.',
    }
    this.publish()
    try {
      const result =
        kind === 'crash_restart'
          ? await this.crash(id, accountId, startedAt)
          : await this.drill(
              id,
              kind,
              accountId,
              startedAt,
              this.plan(kind, account, breakerCooldownMs),
            )
      await this.deps.recorder.commit('drill.completed', result)
      return ok(result)
    } finally {
      this.running = null
      this.publish()
    }
  }

  private plan(
    kind: Exclude<DrillKind, 'crash_restart'>,
    account: Account,
    cooldownMs: number,
  ): DrillPlan {
    const accountId = account.id
    const paper = this.deps.venues.paperOf(accountId)
    const brokerCheck = async (): Promise<HealthCheck | undefined> =>
      (await this.deps.health.check()).checks.find(
        (c) => c.name === 'broker' && c.accountId === accountId,
      )
    const priceCheck = async (): Promise<HealthCheck | undefined> =>
      (await this.deps.health.check()).checks.find(
        (c) => c.name === 'market_data' && c.label === `Prices ${DRILL_SYMBOL} (simulator)`,
      )
    const failed = (c: HealthCheck | undefined): string | null =>
      c && c.level === 'FAIL' ? `Health check "${c.label}": ${c.message}` : null
    const passed = (c: HealthCheck | undefined): string | null =>
      c && c.level === 'OK' ? `Health check "${c.label}" OK again: ${c.message}` : null
    const breakerNote =
      'The circuit breaker halts the account when the check fails; trading resumes gradually after its cool-down.'
    switch (kind) {
      case 'broker_outage':
        return {
          inject: () => paper.injectFault({ kind: 'disconnect', accountId }),
          clear: () => paper.clearFaults('disconnect'),
          detected: async () => failed(await brokerCheck()),
          recovered: async () => passed(await brokerCheck()),
          notes: `The paper exchange dropped ${account.name}'s connection. ${breakerNote}`,
        }
      case 'rate_limit_storm':
        return {
          inject: () => paper.injectFault({ kind: 'rate_limited', accountId, retryAfterMs: 1_000 }),
          clear: () => paper.clearFaults('rate_limited'),
          detected: async () => failed(await brokerCheck()),
          recovered: async () => passed(await brokerCheck()),
          notes: `The paper exchange answered every call of ${account.name} with 429. ${breakerNote}`,
        }
      case 'frozen_prices': {
        const before = this.deps.market.fault(DRILL_SYMBOL)
        return {
          inject: () => this.deps.market.setFault(DRILL_SYMBOL, 'frozen'),
          clear: () => this.deps.market.setFault(DRILL_SYMBOL, before),
          detected: async () => failed(await priceCheck()),
          recovered: async () => passed(await priceCheck()),
          notes: `${DRILL_SYMBOL} on the simulated market kept sending one price. The circuit breaker halts every account while prices fail; trading resumes gradually after its cool-down.`,
        }
      }
      case 'failed_verification': {
        let probe: Order | null = null
        return {
          inject: async () => {
            paper.injectFault({
              kind: 'misreport_position',
              accountId,
              symbol: DRILL_SYMBOL,
              by: '1',
            })
            const placed = await this.probeOrder(accountId, 'buy')
            probe = placed.ok ? placed.value : ((placed.error.details as Order | undefined) ?? null)
          },
          clear: () => paper.clearFaults('misreport_position'),
          detected: async () =>
            this.deps.trading.of(accountId) === 'HALTED'
              ? `Post-trade verification of probe order ${probe?.id ?? '(none)'} failed and the circuit breaker halted ${account.name}.`
              : null,
          recovered: async () => {
            const state = this.deps.trading.of(accountId)
            return state === 'HALTED'
              ? null
              : `The circuit breaker moved ${account.name} to ${state} after its cool-down.`
          },
          // Recovery waits for the breaker's cool-down.
          recoverTimeoutMs: cooldownMs + this.timings.recoverTimeoutMs,
          notes: `The paper exchange misreported ${account.name}'s ${DRILL_SYMBOL} position by 1 after a small probe buy.`,
          tidy: async () => {
            if (!probe || probe.status !== 'filled') return ''
            const sold = await this.probeOrder(accountId, 'sell', probe.filledQuantity)
            return sold.ok
              ? ` The probe position was sold (${sold.value.id}).`
              : ` The probe position could not be sold: ${sold.error.message}`
          },
        }
      }
    }
  }

  private async drill(
    id: string,
    kind: DrillKind,
    accountId: string,
    startedAt: number,
    plan: DrillPlan,
  ): Promise<DrillResult> {
    const { clock } = this.deps
    const t = this.timings
    let detectedAfterMs: number | null = null
    let recoveredAfterMs: number | null = null
    let detectedBy: string | null = null
    let recoveredBy: string | null = null
    try {
      await plan.inject()
      this.progress('detecting', 'Failure injected; waiting for Vigil to notice it.')
      detectedBy = await this.poll(plan.detected, t.detectTimeoutMs)
      if (detectedBy !== null) {
        detectedAfterMs = clock.now() - startedAt
        this.progress('recovering', `Detected: ${detectedBy} Holding the failure, then ending it.`)
        await this.wait(t.holdMs)
      }
    } finally {
      plan.clear()
    }
    if (detectedBy !== null) {
      const endedAt = clock.now()
      this.progress('recovering', 'Failure ended; waiting for Vigil to be well again.')
      recoveredBy = await this.poll(plan.recovered, plan.recoverTimeoutMs ?? t.recoverTimeoutMs)
      if (recoveredBy !== null) recoveredAfterMs = clock.now() - endedAt
    }
    const tidied = plan.tidy ? await plan.tidy() : ''
    return {
      id,
      kind,
      accountId,
      startedAt,
      detectedAfterMs,
      recoveredAfterMs,
      outcome:
        detectedBy === null ? 'not_detected' : recoveredBy === null ? 'not_recovered' : 'recovered',
      detectedBy,
      recoveredBy,
      notes: plan.notes + tidied,
    }
  }

  private async crash(id: string, accountId: string, startedAt: number): Promise<DrillResult> {
    this.progress(
      'detecting',
      'Copying the data folder as a crash leaves it and opening it in a second engine.',
    )
    const outcome = await this.deps.crashCopy()
    return {
      id,
      kind: 'crash_restart',
      accountId,
      startedAt,
      detectedAfterMs: outcome.ok ? outcome.startedMs : null,
      recoveredAfterMs: outcome.ok ? outcome.readyMs : null,
      outcome: outcome.ok ? 'recovered' : 'not_recovered',
      detectedBy: outcome.ok
        ? 'The restarted engine verified the journal and replayed its tail.'
        : null,
      recoveredBy: outcome.ok
        ? 'Ready to trade: interrupted orders settled, ledger equal to the fold of the journal.'
        : null,
      notes: `The live console kept running; a copy of its data folder (journal and snapshot as they were, with a torn last line) was opened by a second engine. ${outcome.found}`,
    }
  }

  /** Asks `probe` every probeMs until it answers or the time is up. */
  private async poll(
    probe: () => Promise<string | null>,
    timeoutMs: number,
  ): Promise<string | null> {
    const deadline = this.deps.clock.now() + timeoutMs
    for (;;) {
      const seen = await probe()
      if (seen !== null) return seen
      if (this.deps.clock.now() >= deadline) return null
      await this.wait(this.timings.probeMs)
    }
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => this.deps.clock.setTimeout(resolve, ms))
  }

  private progress(phase: DrillProgress['phase'], message: string): void {
    if (!this.running) return
    this.running = { ...this.running, phase, message }
    this.publish()
  }

  private publish(): void {
    this.deps.bus.publish({ type: 'drills:status', payload: this.status() })
  }

  /** A small market order; without a quantity, about $20 of BTC-USD, on the lot size. */
  private probeOrder(
    accountId: string,
    side: 'buy' | 'sell',
    quantity?: string,
  ): Promise<Result<Order>> {
    const inst = instrument('BTC-USD')
    const lots = dec(20)
      .dividedBy(this.deps.accounts.feed(accountId).quote(inst.symbol).ask)
      .dividedBy(inst.lotSize)
      .ceil()
    return this.deps.orders.submit(
      accountId,
      {
        symbol: inst.symbol,
        side,
        type: 'market',
        quantity: quantity ?? str(lots.times(inst.lotSize)),
      },
      'drill',
    )
  }
}

const words = (kind: DrillKind): string => kind.replace(/_/g, ' ')

/** Drill results as a fold of the journal. */
export const drillsFold: Fold<DrillLog, DrillLogState> = {
  fromState: (state) => DrillLog.fromState(state),
  toState: (log) => log.toState(),
  apply: (log, record) => log.apply(record),
}
