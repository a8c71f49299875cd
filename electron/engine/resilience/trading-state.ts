/**
 * Trading states: per account, and one for every account ('*'), who set each (by hand, the
 * kill switch or the circuit breaker), when, and RECOVERING's order-size cap. The state in
 * force for an account is the stricter of its own and the global one; a journal that cannot
 * be written halts every account.
 */
import type {
  BreakerTrigger,
  TradingCause,
  TradingState,
  TradingStatus,
} from '../../../shared/types'
import type { EventBus } from '../core'
import type { Fold, Recorder } from '../journal'
import type { Ledger } from '../ledger'

/** Who set a trading state, and for RECOVERING the share of the maximum order size. */
export interface TradingMeta {
  readonly by: string
  readonly fraction: number | null
  /** When it was set (absent in older snapshots). */
  readonly since?: number
  /** Clean verified trades since it was set: what steps a recovery up. */
  readonly clean?: number
  /** The journaled reason (absent in older snapshots: unknown). */
  readonly reason?: string
  /** The breaker's trigger, when the breaker set it and journaled one. */
  readonly trigger?: BreakerTrigger
  /** When the breaker's cool-down ends, when journaled. */
  readonly until?: number
}

/** What the breaker adds to a state it sets: its trigger and the end of its cool-down. */
export interface BreakerMark {
  readonly trigger?: BreakerTrigger
  readonly until?: number
}

/** Who may set a trading state. */
export type StateSetter = 'operator' | 'kill-switch' | 'breaker'

/** The trading states as folded from the journal, by scope (an account id, or '*'). */
export interface TradingFolds {
  readonly states: Map<string, TradingState>
  readonly meta: Map<string, TradingMeta>
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

/** Trading states as a fold of the journal (after the ledger, which tells a refused order). */
export const tradingFold: Fold<
  TradingFolds,
  { states: Record<string, TradingState>; meta: Record<string, TradingMeta> }
> = {
  fromState: (state) => ({
    states: new Map(Object.entries(state?.states ?? {})),
    meta: new Map(Object.entries(state?.meta ?? {})),
  }),
  toState: ({ states, meta }) => ({
    states: Object.fromEntries(states),
    meta: Object.fromEntries(meta),
  }),
  apply: ({ states, meta }, record, earlier) => {
    if (record.type === 'trading.state') {
      const scope = record.payload.accountId ?? GLOBAL
      states.set(scope, record.payload.new)
      meta.set(scope, {
        by: record.payload.by,
        fraction: record.payload.fraction ?? null,
        since: record.ts,
        clean: 0,
        reason: record.payload.reason,
        ...(record.payload.trigger === undefined ? {} : { trigger: record.payload.trigger }),
        ...(record.payload.until === undefined ? {} : { until: record.payload.until }),
      })
    }
    // A clean trade while recovering (a refused order is no trade) counts for its account and
    // for the global state, in the journal, so a restart resumes the recovery where it was.
    if (record.type === 'order.verified' && record.payload.passed) {
      const { accountId, orderId } = record.payload
      const ledger = earlier['ledger'] as Ledger
      if (ledger.findOrder(accountId, orderId)?.status === 'failed') return
      for (const scope of [accountId, GLOBAL]) {
        const m = meta.get(scope)
        if (m && states.get(scope) === 'RECOVERING')
          meta.set(scope, { ...m, clean: (m.clean ?? 0) + 1 })
      }
    }
  },
}

/** What the trading states service works with. */
export interface TradingStatesDeps {
  readonly folds: TradingFolds
  readonly recorder: Recorder
  readonly bus: EventBus
  /** The accounts whose states are published. */
  readonly accountIds: () => readonly string[]
}

/** Reads and sets trading states; every change is journaled and published. */
export class TradingStates {
  constructor(private readonly deps: TradingStatesDeps) {
    // A journal that fails halts every account: every window is told at once.
    deps.recorder.onFailure(() => this.publish())
  }

  /** What the gate applies: the stricter of the account's own state and the global one. */
  of(accountId: string): TradingState {
    return this.deps.recorder.failure !== null
      ? 'HALTED'
      : stricter(this.global(), this.deps.folds.states.get(accountId) ?? 'ACTIVE')
  }

  /** The state set for every account. */
  global(): TradingState {
    return this.deps.recorder.failure !== null
      ? 'HALTED'
      : (this.deps.folds.states.get(GLOBAL) ?? 'ACTIVE')
  }

  /** The state set on one scope (an account id, or null for every account), as journaled. */
  scope(scope: string | null): {
    state: TradingState
    fraction: number | null
    by: string
    since?: number
    clean: number
  } {
    const key = scope ?? GLOBAL
    const meta = this.deps.folds.meta.get(key)
    return {
      state: this.deps.folds.states.get(key) ?? 'ACTIVE',
      fraction: meta?.fraction ?? null,
      by: meta?.by ?? 'operator',
      ...(meta?.since === undefined ? {} : { since: meta.since }),
      clean: meta?.clean ?? 0,
    }
  }

  /**
   * Who set a scope's state (null: every account), why, since and until when, as journaled.
   * A journal that cannot be written is the cause of the global halt while it lasts.
   */
  cause(scope: string | null): TradingCause {
    const failure = this.deps.recorder.failure
    if (scope === null && failure !== null)
      return {
        state: 'HALTED',
        by: 'journal',
        trigger: null,
        reason: `The journal cannot be written: ${failure}`,
        since: null,
        until: null,
        fraction: null,
      }
    const key = scope ?? GLOBAL
    const state = this.deps.folds.states.get(key) ?? 'ACTIVE'
    const meta = this.deps.folds.meta.get(key)
    return {
      state,
      by: (meta?.by as TradingCause['by'] | undefined) ?? 'unknown',
      trigger: meta?.trigger ?? null,
      reason: meta?.reason ?? null,
      since: meta?.since ?? null,
      // The cool-down's end only means something while the halt it ends is in force.
      until: state === 'HALTED' ? (meta?.until ?? null) : null,
      fraction: meta?.fraction ?? null,
    }
  }

  /** Every scope's cause: each account's own, and '*' for every account. */
  causes(): Record<string, TradingCause> {
    return Object.fromEntries([
      [GLOBAL, this.cause(null)],
      ...this.deps.accountIds().map((id) => [id, this.cause(id)]),
    ])
  }

  /** The scopes that have a state set (null: every account). */
  scopes(): (string | null)[] {
    return [...this.deps.folds.states.keys()].map((s) => (s === GLOBAL ? null : s))
  }

  /** The order-size cap of RECOVERING in force (the smaller of the account's and the global). */
  recoveryFraction(accountId: string): number | null {
    const caps = [GLOBAL, accountId].flatMap((scope) =>
      this.deps.folds.states.get(scope) === 'RECOVERING'
        ? [this.deps.folds.meta.get(scope)?.fraction ?? 1]
        : [],
    )
    return caps.length ? Math.min(...caps) : null
  }

  /** Every account's state in force, and the global one. */
  status(): TradingStatus {
    return {
      global: this.global(),
      accounts: Object.fromEntries(this.deps.accountIds().map((id) => [id, this.of(id)])),
    }
  }

  /** Sets a scope's state (null: every account); journaled, then published. */
  async set(
    accountId: string | null,
    state: TradingState,
    reason: string,
    by: StateSetter,
    fraction: number | null = null,
    mark: BreakerMark = {},
  ): Promise<void> {
    const current = this.scope(accountId)
    if (current.state === state && current.fraction === fraction) return
    await this.deps.recorder.commit('trading.state', {
      accountId,
      old: current.state,
      new: state,
      reason,
      by,
      ...(fraction === null ? {} : { fraction }),
      ...mark,
    })
    this.publish()
  }

  /** Tells every window each account's state in force. */
  publish(): void {
    for (const accountId of this.deps.accountIds())
      this.deps.bus.publish({
        type: 'trading:state',
        payload: {
          accountId,
          state: this.of(accountId),
          global: this.global(),
          cause: this.cause(accountId),
          globalCause: this.cause(null),
        },
      })
  }
}
