/**
 * Each account's risk limits: the journal is the source of truth (every change journaled with
 * its old and new values); settings.json is the readable copy a trader can back up, rewritten
 * after each change and checked against the journal at start.
 */
import type { RiskLimits } from '../../../shared/types'
import { err, ok, type Result } from '../../../shared/result'
import { dec, type Handlers } from '../core'
import type { Recorder } from '../journal'
import type { Ledger } from '../ledger'
import { SettingsStore } from '../resilience'
import { DEFAULT_LIMITS } from './limits'

/** The limits in force and their readable copy. */
export class RiskLimitsBook {
  private constructor(
    private readonly limits: Map<string, RiskLimits>,
    private readonly store: SettingsStore,
    private readonly ledger: Ledger,
    private readonly recorder: Recorder,
  ) {}

  /**
   * Reads settings.json, says where it differs from the journal (whose values are in force),
   * and rewrites it from the journal.
   */
  static async open(
    dataDir: string,
    limits: Map<string, RiskLimits>,
    ledger: Ledger,
    recorder: Recorder,
  ): Promise<{ book: RiskLimitsBook; warnings: string[] }> {
    const book = new RiskLimitsBook(limits, new SettingsStore(dataDir), ledger, recorder)
    const warnings: string[] = []
    const onDisk = await book.store.load()
    if (onDisk.warning) warnings.push(onDisk.warning)
    for (const [accountId, value] of Object.entries(onDisk.limits))
      if (JSON.stringify(value) !== JSON.stringify(book.of(accountId)))
        warnings.push(
          `settings.json differs from the journal for ${accountId}; the journal's values are in force.`,
        )
    await book.save()
    return { book, warnings }
  }

  /** An account's limits (the defaults until it is given its own). */
  of(accountId: string): RiskLimits {
    return this.limits.get(accountId) ?? DEFAULT_LIMITS
  }

  /** Every account's limits. */
  all(): Record<string, RiskLimits> {
    return Object.fromEntries(this.ledger.listAccounts().map((a) => [a.id, this.of(a.id)]))
  }

  /** Rewrites settings.json from the journal's values. */
  save(): Promise<void> {
    return this.store.save(this.all())
  }

  /** The limits commands. */
  handlers(
    resolve: (accountId: string | undefined) => Result<string>,
  ): Handlers<'limits:get' | 'limits:update'> {
    return {
      'limits:get': ({ accountId }) => {
        const account = resolve(accountId)
        return account.ok ? ok(this.of(account.value)) : account
      },
      'limits:update': async ({ accountId, limits }) => {
        const account = resolve(accountId)
        if (!account.ok) return account
        const old = this.of(account.value)
        const next: RiskLimits = { ...old, ...limits }
        if (dec(next.minOrderNotional).greaterThan(next.maxOrderNotional))
          return err(
            'INVALID_INPUT',
            `limits.minOrderNotional ($${next.minOrderNotional}) must not be above limits.maxOrderNotional ($${next.maxOrderNotional}).`,
          )
        if (JSON.stringify(next) === JSON.stringify(old)) return ok(old)
        await this.recorder.commit('settings.changed', {
          accountId: account.value,
          key: 'limits',
          old: this.limits.get(account.value) ?? null,
          new: next,
        })
        await this.save()
        return ok(next)
      },
    }
  }
}
