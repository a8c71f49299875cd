/**
 * Reconciliation with the brokers, scheduled: every account when the engine starts, each one
 * again when it (re)connects, all of them every 5 minutes, and on demand; with the commands
 * that run it and settle its findings.
 */
import { ok, type Result } from '../../../shared/result'
import type { Accounts } from '../accounts'
import type { Clock, TimerHandle, EventBus, Handlers } from '../core'
import type { Ledger } from '../ledger'
import type { Reconciler } from './reconcile'

/** Every 5 minutes by default. */
const INTERVAL_MS = 5 * 60_000

/** What the schedule works with. */
export interface ReconciliationDeps {
  readonly clock: Clock
  readonly ledger: Ledger
  readonly accounts: Pick<Accounts, 'problem'>
  readonly reconciler: Reconciler
  readonly bus: EventBus
}

/** Runs the reconciler when it is due. */
export class Reconciliation {
  /** Accounts connected when last seen: a new connection is reconciled at once. */
  private readonly connected = new Set<string>()
  private timer: TimerHandle | null = null

  /** Starts with a round of every account (in the background: start-up does not wait). */
  constructor(private readonly deps: ReconciliationDeps) {
    for (const account of deps.ledger.listAccounts())
      if (deps.accounts.problem(account.id) === null) this.connected.add(account.id)
    deps.bus.subscribe((event) => {
      if (event.type !== 'accounts:status') return
      const { accountId, connection } = event.payload
      if (connection !== 'connected') this.connected.delete(accountId)
      else if (!this.connected.has(accountId)) {
        this.connected.add(accountId)
        void deps.reconciler.run(accountId)
      }
    })
    // Orders a crash interrupted are settled with their brokers: an unsettled order keeps its
    // cash reserved meanwhile.
    void this.all()
  }

  /** Reconciles every account every `intervalMs` (5 minutes by default; 0: never). */
  repeat(intervalMs = INTERVAL_MS): void {
    if (intervalMs > 0) this.timer = this.deps.clock.setInterval(() => void this.all(), intervalMs)
  }

  /** Reconciles every account. */
  all(): Promise<unknown> {
    return Promise.all(this.deps.ledger.listAccounts().map((a) => this.deps.reconciler.run(a.id)))
  }

  /** The reconciliation commands. */
  handlers(
    resolve: (accountId: string | undefined) => Result<string>,
  ): Handlers<'reconcile:run' | 'reconcile:status' | 'reconcile:resolve'> {
    const { reconciler } = this.deps
    return {
      'reconcile:run': async ({ accountId }) => {
        if (accountId === undefined) await this.all()
        else {
          const account = resolve(accountId)
          if (!account.ok) return account
          await reconciler.run(account.value)
        }
        return ok(reconciler.status())
      },
      'reconcile:status': () => ok(reconciler.status()),
      'reconcile:resolve': async ({ findingId, action, reason }) => {
        const settled = await reconciler.resolve(findingId, action, reason)
        return settled.ok ? ok(reconciler.status()) : settled
      },
    }
  }

  /** Stops the timer. */
  stop(): void {
    this.timer?.cancel()
  }
}
