/**
 * Checking the audit journal's chain: on demand (the Audit screen's Verify, one walk at a time,
 * with progress), and at start for the records before the snapshot's place, which start-up did
 * not read. Until that walk has passed, orders are refused (fail closed); a broken chain raises
 * a critical alert and halts every account.
 */
import type { VerifyReport } from '../../../shared/types'
import { ok, type Result } from '../../../shared/result'
import type { AlertCenter } from '../alerts'
import { journalDir, type EventBus, type Handlers } from '../core'
import { verifyJournal, type Journal } from '../journal'
import type { TradingStates } from './trading-state'

/** What the check works with. */
export interface JournalCheckDeps {
  readonly dataDir: string
  readonly journal: Journal
  readonly alerts: AlertCenter
  readonly trading: TradingStates
  readonly bus: EventBus
  /** Whether the walk of the chain started with the engine vouched for it (false: not asked). */
  readonly walked: Promise<boolean>
}

/** Walks the journal's chain. */
export class JournalCheck {
  private verifying: Promise<Result<VerifyReport>> | null = null
  private readonly walking = new AbortController()
  /** Records before the snapshot's place that start-up did not check, until the walk passes. */
  private unchecked: boolean
  /** The walk of the records start-up did not read; done at once when there are none. */
  readonly started: Promise<unknown>

  constructor(private readonly deps: JournalCheckDeps) {
    this.unchecked = deps.journal.uncheckedUpTo > 0
    this.started = !this.unchecked
      ? Promise.resolve()
      : deps.walked
          .then(async (vouched) => {
            if (vouched) {
              this.unchecked = false
              return
            }
            // On any doubt the whole chain is verified here, which names what is wrong.
            const result = await this.verify()
            const bad = result.ok ? result.value.firstBad : null
            if (result.ok && !bad) this.unchecked = false
            if (bad && !this.walking.signal.aborted)
              await deps.trading.set(
                null,
                'HALTED',
                `The audit journal failed verification at seq ${bad.seq} in ${bad.segment}: ${bad.reason}. Restore the data folder from a backup.`,
                'kill-switch',
              )
          })
          .catch(() => undefined)
  }

  /** Whether the walk at start has passed (orders wait for it: fail closed). */
  get verified(): boolean {
    return !this.unchecked
  }

  /** Walks the whole chain up to the head; a second call while one walks shares its answer. */
  verify(): Promise<Result<VerifyReport>> {
    return (this.verifying ??= this.walk().finally(() => (this.verifying = null)))
  }

  /** The Audit screen's Verify. */
  handlers(): Handlers<'audit:verify'> {
    return { 'audit:verify': () => this.verify() }
  }

  /** Stops a walk under way. */
  stop(): void {
    this.walking.abort()
  }

  private async walk(): Promise<Result<VerifyReport>> {
    const { journal, bus, alerts } = this.deps
    await journal.flush()
    const head = journal.head
    const report = await verifyJournal(journalDir(this.deps.dataDir), {
      expectedHead: head,
      stopAtSeq: head.seq,
      signal: this.walking.signal,
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
}
