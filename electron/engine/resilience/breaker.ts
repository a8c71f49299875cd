/**
 * The circuit breaker: per account (and global, for system-wide trouble), it trips to HALTED on
 * consecutive broker errors, a failed post-execution verification, the daily-loss or drawdown
 * limit, or a critical health round. After a cool-down it moves to RECOVERING, where orders are
 * capped at a fraction of the maximum order size that steps up (25 %, 50 %, 100 %) after a
 * number of clean verified trades, and back to ACTIVE; any new failure while recovering halts
 * again. An operator's halt is never lifted by the breaker.
 *
 * Every change is journaled through the trading states, and the clean trades of a recovery
 * are counted from the journal (`trading.scope(scope).clean`): a restart resumes a cool-down and a
 * recovery where they were. Only the count of broker errors in a row starts again from zero.
 */
import type { BreakerTrigger, TradingState } from '../../../shared/types'
import type { BreakerMark, TradingStates } from './trading-state'
import type { Clock, TimerHandle } from '../core'

/** The breaker's settings. */
export interface BreakerSettings {
  /** Broker errors in a row that trip it. */
  readonly consecutiveErrors: number
  /** How long HALTED lasts before RECOVERING, ms. */
  readonly cooldownMs: number
  /** The order-size fractions of RECOVERING, in order; the last is followed by ACTIVE. */
  readonly steps: readonly number[]
  /** Clean verified trades that move recovery one step up. */
  readonly cleanTradesPerStep: number
}

/** Defaults: 3 errors, 5 minutes, 25 % → 50 % → 100 %, 3 clean trades a step. */
export const DEFAULT_BREAKER: BreakerSettings = {
  consecutiveErrors: 3,
  cooldownMs: 5 * 60_000,
  steps: [0.25, 0.5, 1],
  cleanTradesPerStep: 3,
}

/** "5 min", or "40 s" for a cool-down shorter than a minute or not a whole one. */
function coolDownText(ms: number): string {
  return ms >= 60_000 && ms % 60_000 === 0 ? `${ms / 60_000} min` : `${Math.round(ms / 1000)} s`
}

/** What the breaker works with. */
export interface BreakerDeps {
  readonly clock: Clock
  readonly settings?: BreakerSettings
  /** The trading states it reads and sets (its changes are journaled as the breaker's). */
  readonly trading: TradingStates
}

/** Drives trading states from what happens to orders and to the system. */
export class CircuitBreaker {
  private readonly settings: BreakerSettings
  private readonly errors = new Map<string, number>()
  private readonly cooldowns = new Map<string, TimerHandle>()

  constructor(private readonly deps: BreakerDeps) {
    this.settings = deps.settings ?? DEFAULT_BREAKER
  }

  /** A broker call for the account failed. */
  brokerError(accountId: string, message: string): void {
    const n = (this.errors.get(accountId) ?? 0) + 1
    this.errors.set(accountId, n)
    if (n >= this.settings.consecutiveErrors)
      this.trip(accountId, `${n} broker errors in a row, the last: ${message}`, 'broker_errors')
    else this.failureWhileRecovering(accountId, `a broker error: ${message}`)
  }

  /** The broker answered an order. */
  brokerAnswered(accountId: string): void {
    this.errors.set(accountId, 0)
  }

  /** An order of the account finished verification. */
  verified(accountId: string, passed: boolean, what: string): void {
    if (!passed) {
      this.trip(accountId, `verification failed for ${what}`, 'verification')
      return
    }
    // A clean trade counts towards the account's recovery and the global one.
    this.cleanTrade(accountId)
    this.cleanTrade(null)
  }

  private cleanTrade(scope: string | null): void {
    const { state, fraction, clean } = this.deps.trading.scope(scope)
    if (state !== 'RECOVERING' || clean < this.settings.cleanTradesPerStep) return
    const steps = this.settings.steps
    const at = steps.findIndex((s) => s === fraction)
    const next = at >= 0 ? steps[at + 1] : undefined
    const reason = `${this.settings.cleanTradesPerStep} clean verified trades`
    void (next === undefined
      ? this.switchState(scope, 'ACTIVE', `Recovered: ${reason} at full size.`, null)
      : this.switchState(
          scope,
          'RECOVERING',
          `${reason}: order size up to ${Math.round(next * 100)}%.`,
          next,
          this.triggerOf(scope),
        ))
  }

  /** The gate refused an order on the daily-loss or drawdown limit. */
  limitHit(accountId: string, message: string): void {
    this.trip(accountId, message, 'loss_limit')
  }

  /**
   * A health check failed: the account it is about stops, or every account when it is about
   * the whole system (journal, disk, memory, prices).
   */
  critical(summary: string, accountId: string | null = null): void {
    this.trip(accountId, `a critical health check: ${summary}`, 'health')
  }

  /** An alert rule set to trip the breaker fired on an account. */
  alertRule(accountId: string, why: string): void {
    this.trip(accountId, why, 'alert_rule')
  }

  /**
   * At start: a breaker halt whose cool-down had not ended moves to RECOVERING when it ends, as
   * it would have without the restart.
   */
  resume(scope: string | null): void {
    const current = this.deps.trading.scope(scope)
    if (current.state !== 'HALTED' || current.by !== 'breaker') return
    const now = this.deps.clock.now()
    const until = this.deps.trading.cause(scope).until
    const end = until ?? (current.since ?? now) + this.settings.cooldownMs
    this.coolDown(scope, Math.max(0, end - now))
  }

  /** Stops every cool-down timer. */
  close(): void {
    for (const timer of this.cooldowns.values()) timer.cancel()
    this.cooldowns.clear()
  }

  private failureWhileRecovering(accountId: string, what: string): void {
    if (this.deps.trading.scope(accountId).state === 'RECOVERING')
      this.trip(accountId, `while recovering, ${what}`, 'recovery_failure')
  }

  /** HALTED now, RECOVERING after the cool-down unless someone else changed it meanwhile. */
  private trip(scope: string | null, why: string, trigger: BreakerTrigger): void {
    const current = this.deps.trading.scope(scope)
    // An operator's halt stands; a breaker halt already cooling down is not restarted.
    if (current.state === 'HALTED') return
    // The end of the cool-down is journaled with the halt, so every window counts down to the
    // engine's own moment, and a restart ends it on time.
    const until = this.deps.clock.now() + this.settings.cooldownMs
    // A reason that ends a sentence already is not given a second full stop.
    const sentence = why.endsWith('.') ? why : `${why}.`
    void this.switchState(scope, 'HALTED', `Circuit breaker tripped: ${sentence}`, null, {
      trigger,
      until,
    })
    this.coolDown(scope, this.settings.cooldownMs)
  }

  private switchState(
    scope: string | null,
    state: TradingState,
    reason: string,
    fraction: number | null,
    mark: BreakerMark = {},
  ): Promise<void> {
    return this.deps.trading
      .set(scope, state, reason, 'breaker', fraction, mark)
      .catch(() => undefined)
  }

  /** The trigger of the trip a recovery comes from, carried to each of its steps. */
  private triggerOf(scope: string | null): BreakerMark {
    const trigger = this.deps.trading.cause(scope).trigger
    return trigger === null ? {} : { trigger }
  }

  private coolDown(scope: string | null, ms: number): void {
    const key = scope ?? '*'
    this.cooldowns.get(key)?.cancel()
    this.cooldowns.set(
      key,
      this.deps.clock.setTimeout(() => {
        this.cooldowns.delete(key)
        const now = this.deps.trading.scope(scope)
        if (now.state !== 'HALTED' || now.by !== 'breaker') return
        const first = this.settings.steps[0] ?? 1
        void this.switchState(
          scope,
          'RECOVERING',
          `Cool-down of ${coolDownText(this.settings.cooldownMs)} over: recovering at ${Math.round(first * 100)}% order size.`,
          first,
          this.triggerOf(scope),
        )
      }, ms),
    )
  }
}
