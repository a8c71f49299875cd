/**
 * The cost watch: turns the cost book's alarm into the "execution costs degraded" alert (which
 * may halt the account, if the trader set the rule to), and answers `costs:summary`.
 */
import { err, ok, type Result } from '../../../../shared/result'
import type { AccountMeasures, AlertLog, CostMeasure } from '../../alerts'
import type { EventBus, Handlers } from '../../core'
import { CUSUM_DEFAULTS } from '../stats/cusum'
import { median } from '../stats/ranks'
import { costAlarmH, type CostBook } from './cost-book'
import { costSummary } from './summary'

export interface CostWatchDeps {
  readonly bus: EventBus
  readonly book: CostBook
  readonly alertLog: AlertLog
  /** Judges the rule (the alert center, by its shape). */
  readonly alerts: { evaluate(accountId: string, measures: AccountMeasures): void }
  readonly timeZone: string
}

export class CostWatch {
  private unsubscribe: (() => void) | null = null

  constructor(private readonly deps: CostWatchDeps) {}

  /** Follows the alarm from now on, and judges the alarms the book holds already. */
  start(): void {
    this.unsubscribe = this.deps.bus.subscribe((event) => {
      if (event.type === 'costs:alarm') this.judge(event.payload.accountId)
    })
    for (const id of this.deps.book.accountIds()) this.judge(id)
  }

  stop(): void {
    this.unsubscribe?.()
    this.unsubscribe = null
  }

  /** The rule's measure of one account: the CUSUM, and the rise that led to its alarm. */
  measure(accountId: string): CostMeasure | null {
    const acc = this.deps.book.account(accountId)
    if (!acc) return null
    const c = acc.cusum
    const rise = acc.points.filter(
      (p) =>
        c.changeSeq !== null &&
        c.alarmSeq !== null &&
        p.seq >= c.changeSeq &&
        p.seq <= c.alarmSeq &&
        p.vsExpectedBps !== null,
    )
    return {
      active: c.active,
      statistic: c.s,
      k: CUSUM_DEFAULTS.k,
      h: costAlarmH(this.deps.alertLog),
      alarmTs: c.alarmTs,
      changeTs: c.changeTs,
      orders: rise.length,
      medianMissBps: rise.length === 0 ? null : median(rise.map((p) => p.vsExpectedBps as number)),
    }
  }

  private judge(accountId: string): void {
    const costs = this.measure(accountId)
    if (costs) this.deps.alerts.evaluate(accountId, { costs })
  }

  handlers(resolve: (accountId: string | undefined) => Result<string>): Handlers<'costs:summary'> {
    return {
      'costs:summary': (payload) => {
        let accountId: string | null = null
        if (payload.accountId !== undefined) {
          const id = resolve(payload.accountId)
          if (!id.ok) return err(id.error.code, id.error.message)
          accountId = id.value
        }
        const h = costAlarmH(this.deps.alertLog)
        return ok(costSummary(this.deps.book, accountId, this.deps.timeZone, h))
      },
    }
  }
}
