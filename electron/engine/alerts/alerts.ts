/**
 * Alerts: every alert the engine raises (integrity, health, reconciliation, and the performance
 * rules) goes through here, is journaled, and can be acknowledged or snoozed. The rules watch
 * each account; one condition raises one alert (it clears only past a margin, and is not raised
 * again within its cool-down), and a rule may also halt the account.
 */
import {
  DEFAULT_ALERT_RULES,
  DEFAULT_NOTIFICATIONS,
  type AlertItem,
  type AlertRule,
  type AlertRuleId,
  type AlertsStatus,
  type NotificationSettings,
} from '../../../shared/performance'
import type { Alert } from '../../../shared/types'
import { dec, usd } from '../core'
import type { EngineEvent } from '../../../shared/contract'
import type { JournalRecord, Recorder, Fold } from '../journal'
import type { Ledger } from '../ledger'

/** Alerts kept in memory and in the snapshot, newest first (the journal keeps them all). */
const KEPT = 500

/**
 * How far a measure must come back before its condition clears: drawdown and slippage to 80 %
 * of the threshold, win rate 5 points above it, cash 10 % above it; a losing run on a win.
 */
const CLEAR_MARGIN = { ratio: 0.8, winRate: 0.05, balance: 1.1 } as const

/** The alerts and rule settings, folded from the journal. */
export class AlertLog {
  private items: AlertItem[] = []
  rules: AlertRule[] = [...DEFAULT_ALERT_RULES]
  notifications: NotificationSettings = DEFAULT_NOTIFICATIONS

  apply(record: JournalRecord): AlertItem | null {
    switch (record.type) {
      case 'alert.raised':
        this.remember(record.payload)
        return record.payload
      case 'alert.updated': {
        const { id, ...change } = record.payload
        const i = this.items.findIndex((a) => a.id === id)
        if (i < 0) return null
        const item: AlertItem = { ...(this.items[i] as AlertItem), ...change }
        this.items[i] = item
        return item
      }
      case 'alerts.settings':
        this.rules = record.payload.rules
        this.notifications = record.payload.notifications
        return null
      default:
        return null
    }
  }

  /** Keeps an alert (from the journal, or one that could not be written to it). */
  remember(item: AlertItem): void {
    this.items = [item, ...this.items].slice(0, KEPT)
  }

  find(id: string): AlertItem | undefined {
    return this.items.find((a) => a.id === id)
  }

  /** The open alert of a rule on an account (active, acknowledged or snoozed). */
  open(ruleId: AlertRuleId, accountId: string): AlertItem | undefined {
    return this.items.find(
      (a) => a.ruleId === ruleId && a.accountId === accountId && a.state !== 'cleared',
    )
  }

  /** When the rule's last alert on the account cleared, or null. */
  lastCleared(ruleId: AlertRuleId, accountId: string): number | null {
    const last = this.items.find((a) => a.ruleId === ruleId && a.accountId === accountId)
    return last?.clearedAt ?? null
  }

  snoozed(): AlertItem[] {
    return this.items.filter((a) => a.state === 'snoozed')
  }

  status(): AlertsStatus {
    return { rules: this.rules, notifications: this.notifications, alerts: this.items }
  }

  toState(): AlertsStatus {
    return this.status()
  }

  static fromState(state: AlertsStatus | undefined): AlertLog {
    const log = new AlertLog()
    if (state) {
      log.items = [...state.alerts]
      // Rules added since the snapshot was written start with their defaults.
      log.rules = DEFAULT_ALERT_RULES.map((d) => state.rules.find((r) => r.id === d.id) ?? d)
      log.notifications = state.notifications
    }
    return log
  }
}

/** What the rules measure on one account, each when it is known. */
export interface AccountMeasures {
  /** 1 − equity / peak equity. */
  readonly drawdown?: number
  /** With the number of closed trades behind it. */
  readonly winRate?: { readonly value: number | null; readonly trades: number }
  /** Losing trades in a row now. */
  readonly lossRun?: number
  /** Mean slippage of the last N executed orders (N = the rule's minTrades), and N seen. */
  readonly slippage?: { readonly meanBps: number; readonly orders: number }
  /** Cash of the quote asset. */
  readonly cash?: number
  /** Fees of the window against the published schedule, on the fills it judged. */
  readonly fees?: FeeMeasure
  /** The execution-cost alarm: the CUSUM of the orders' misses against the model. */
  readonly costs?: CostMeasure
}

/** The CUSUM of an account's misses against the cost model, as the rule reads it. */
export interface CostMeasure {
  readonly active: boolean
  readonly statistic: number
  readonly k: number
  readonly h: number
  /** The order that passed h, and the first order of the rise (epoch ms). */
  readonly alarmTs: number | null
  readonly changeTs: number | null
  /** Orders from the start of the rise to the alarm, and their median miss (bps, the effect). */
  readonly orders: number
  readonly medianMissBps: number | null
}

/** Fees over a window against what the schedule publishes for the same fills. */
export interface FeeMeasure {
  /** Fills judged against the schedule. */
  readonly fills: number
  /** Their net fees and what the schedule charges for them, quote asset. */
  readonly fees: number
  readonly published: number
  /** Their notional, quote asset. */
  readonly notional: number
  /** The window, epoch ms. */
  readonly from: number
  readonly to: number
  /** The schedule's name ("Kraken Pro (2026-05-30)"). */
  readonly schedule: string
}

/** Each fill's fee may be rounded by the venue: half a cent of slack per fill. */
export const FEE_ROUNDING_PER_FILL = 0.005

/** Fees above the published ones, beyond the rounding slack: the share of the published. */
function feeExcess(f: FeeMeasure): number {
  const over = f.fees - f.published - FEE_ROUNDING_PER_FILL * f.fills
  if (f.published > 0) return over / f.published
  return over > 0 ? Number.POSITIVE_INFINITY : 0
}

/** For each rule: is the condition on, off (past the margin), or in between (no change)? */
function condition(rule: AlertRule, m: AccountMeasures): boolean | null {
  const t = rule.threshold
  switch (rule.id) {
    case 'drawdown':
      if (m.drawdown === undefined) return null
      return m.drawdown > t ? true : m.drawdown < t * CLEAR_MARGIN.ratio ? false : null
    case 'win_rate': {
      const w = m.winRate
      if (!w || w.value === null || w.trades < rule.minTrades) return w ? false : null
      return w.value < t ? true : w.value > t + CLEAR_MARGIN.winRate ? false : null
    }
    case 'consecutive_losses':
      if (m.lossRun === undefined) return null
      return m.lossRun >= t ? true : m.lossRun === 0 ? false : null
    case 'slippage': {
      const s = m.slippage
      if (!s || s.orders < rule.minTrades) return s ? false : null
      return s.meanBps > t ? true : s.meanBps < t * CLEAR_MARGIN.ratio ? false : null
    }
    case 'low_balance':
      if (m.cash === undefined) return null
      return m.cash < t ? true : m.cash > t * CLEAR_MARGIN.balance ? false : null
    case 'bot_quiet':
      // Judged by the bot watch on its heartbeats, not on an account's measures.
      return null
    case 'execution_costs': {
      const c = m.costs
      if (!c) return null
      return c.active ? true : c.statistic === 0 ? false : null
    }
    case 'fees_above_schedule': {
      const f = m.fees
      if (!f || f.fills < rule.minTrades) return f ? false : null
      const excess = feeExcess(f)
      return excess > t ? true : excess < t * CLEAR_MARGIN.ratio ? false : null
    }
  }
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`

function describe(rule: AlertRule, m: AccountMeasures, account: string): string {
  const t = rule.threshold
  switch (rule.id) {
    case 'drawdown':
      return `${account}: drawdown ${pct(m.drawdown ?? 0)} is above ${pct(t)}.`
    case 'win_rate':
      return `${account}: win rate ${pct(m.winRate?.value ?? 0)} over ${m.winRate?.trades} trades is below ${pct(t)}.`
    case 'consecutive_losses':
      return `${account}: ${m.lossRun} losing trades in a row (alert at ${t}).`
    case 'slippage':
      return `${account}: average slippage ${m.slippage?.meanBps.toFixed(1)} bps over the last ${m.slippage?.orders} orders is above ${t} bps.`
    case 'low_balance':
      return `${account}: cash ${usd(dec(m.cash ?? 0))} is below ${usd(dec(t))}.`
    case 'bot_quiet':
      return ''
    case 'execution_costs': {
      const c = m.costs as CostMeasure
      const at = (ts: number | null): string =>
        ts === null ? 'the first order' : new Date(ts).toISOString().slice(0, 16).replace('T', ' ')
      const miss =
        c.medianMissBps === null
          ? ''
          : `, median miss ${c.medianMissBps >= 0 ? '+' : ''}${c.medianMissBps.toFixed(1)} bps against the model`
      return `${account}: execution costs degraded. One-sided CUSUM of each order's miss against the model (k ${c.k}, in the model's σ) reached ${c.statistic.toFixed(1)} above h ${t} at ${at(c.alarmTs)} UTC; the rise began at ${at(c.changeTs)} UTC, ${c.orders} ${c.orders === 1 ? 'order' : 'orders'}${miss}.`
    }
    case 'fees_above_schedule': {
      const f = m.fees as FeeMeasure
      const bp = (x: number): string => `${((x / f.notional) * 100).toFixed(3)}%`
      const day = (ts: number): string => new Date(ts).toISOString().slice(0, 16).replace('T', ' ')
      const over = f.published > 0 ? ` (${pct((f.fees - f.published) / f.published)} above)` : ''
      return `${account}: fees of ${bp(f.fees)} of notional over ${f.fills} fills from ${day(f.from)} to ${day(f.to)} UTC are above the ${bp(f.published)} published by ${f.schedule}${over}; tolerance ${pct(t)}.`
    }
  }
}

/** What the alert center works with. */
export interface AlertCenterDeps {
  readonly now: () => number
  readonly log: AlertLog
  /** Records alerts; while it has failed, an alert is shown and kept, never tried on the disk. */
  readonly recorder: Recorder
  /** Names accounts in the messages. */
  readonly ledger: Pick<Ledger, 'getAccount'>
  /**
   * Halts an account when a rule set to trip the breaker fires (the circuit breaker; named by
   * its shape so that alerts does not depend on resilience, which depends on it).
   */
  readonly breaker: { alertRule(accountId: string, why: string): void }
  readonly bus: { publish(event: EngineEvent): void }
}

/** Raises, updates and judges alerts; every change is journaled and published. */
export class AlertCenter {
  private serial = 0

  constructor(private readonly deps: AlertCenterDeps) {
    // The journal cannot take this one: it is shown, not written.
    deps.recorder.onFailure((error) =>
      this.raise(
        {
          accountId: null,
          severity: 'critical',
          kind: 'journal_write_failed',
          message: `${error.message}. Trading is HALTED on every account: no order can be recorded.`,
        },
        false,
      ),
    )
  }

  /**
   * Raises an alert. `persist: false` when the journal itself is what failed: the alert is
   * shown and listed until the engine stops, but not written.
   */
  raise(alert: Omit<Alert, 'id' | 'ts'> & { ruleId?: AlertRuleId }, persist = true): AlertItem {
    const item: AlertItem = {
      ...alert,
      id: this.nextId(),
      ts: this.deps.now(),
      state: 'active',
    }
    if (persist && this.deps.recorder.failure === null)
      void this.deps.recorder.commit('alert.raised', item).catch(() => undefined)
    else this.deps.log.remember(item)
    const { ruleId: _rule, state: _state, ...event } = item
    this.deps.bus.publish({ type: 'alerts:raised', payload: event })
    return item
  }

  /** Evaluates every enabled rule on an account's latest measures. */
  evaluate(accountId: string, measures: AccountMeasures): void {
    const now = this.deps.now()
    for (const rule of this.deps.log.rules) {
      if (!rule.enabled) continue
      const on = condition(rule, measures)
      if (on === null) continue
      const open = this.deps.log.open(rule.id, accountId)
      if (on === true && !open) {
        const cleared = this.deps.log.lastCleared(rule.id, accountId)
        if (cleared !== null && now - cleared < rule.cooldownMs) continue
        const name = this.deps.ledger.getAccount(accountId)?.name ?? accountId
        const message = describe(rule, measures, name)
        this.raise({
          accountId,
          severity: rule.severity,
          kind: `rule_${rule.id}`,
          message,
          ruleId: rule.id,
        })
        if (rule.tripsBreaker)
          this.deps.breaker.alertRule(accountId, `alert rule "${rule.label}": ${message}`)
      } else if (on === false && open) {
        this.update(open.id, { state: 'cleared', clearedAt: now })
      }
    }
  }

  acknowledge(id: string): AlertItem | string {
    const item = this.deps.log.find(id)
    if (!item) return `No alert "${id}".`
    if (item.state === 'cleared') return `Alert ${id} has cleared already; nothing to acknowledge.`
    return this.update(id, { state: 'acknowledged', acknowledgedAt: this.deps.now() })
  }

  snooze(id: string, minutes: number): AlertItem | string {
    const item = this.deps.log.find(id)
    if (!item) return `No alert "${id}".`
    if (item.state === 'cleared') return `Alert ${id} has cleared already; nothing to snooze.`
    return this.update(id, { state: 'snoozed', snoozedUntil: this.deps.now() + minutes * 60_000 })
  }

  /** The condition behind an alert is over (a health round is no longer critical). */
  clear(id: string): void {
    if (this.deps.log.find(id)?.state !== 'cleared')
      this.update(id, { state: 'cleared', clearedAt: this.deps.now() })
  }

  /** Snoozed alerts whose time is up come back as active. */
  wake(): void {
    const now = this.deps.now()
    for (const item of this.deps.log.snoozed())
      if ((item.snoozedUntil ?? 0) <= now) this.update(item.id, { state: 'active' })
  }

  async updateRule(
    id: AlertRuleId,
    change: Partial<Omit<AlertRule, 'id' | 'label' | 'unit'>>,
  ): Promise<AlertRule | string> {
    const rules = this.deps.log.rules.map((r) => (r.id === id ? { ...r, ...change } : r))
    const rule = rules.find((r) => r.id === id) as AlertRule
    if (rule.unit === '%' && rule.threshold > 1)
      return `threshold: ${rule.label.toLowerCase()} is a fraction between 0 and 1 (0.1 = 10%), not ${rule.threshold}.`
    if (rule.unit === 's' && (!Number.isInteger(rule.threshold) || rule.threshold > 3_600))
      return `threshold: the grace past a bot's heartbeat interval is a whole number of seconds from 1 to 3600, not ${rule.threshold}.`
    if (rule.unit === 'σ' && !(rule.threshold >= 1 && rule.threshold <= 50))
      return `threshold: the CUSUM's decision interval h is in the model's σ, from 1 to 50 (5 finds a 1σ rise in about 10 orders and false-alarms about once in 900), not ${rule.threshold}.`
    if (rule.id === 'bot_quiet' && rule.tripsBreaker)
      return 'tripsBreaker: a quiet bot does not halt an account; set "on quiet: halt" for the bot on the Bots screen, which cancels its resting orders and refuses its new ones.'
    await this.saveSettings(rules, this.deps.log.notifications)
    return rule
  }

  async setNotifications(change: Partial<NotificationSettings>): Promise<NotificationSettings> {
    const notifications = { ...this.deps.log.notifications, ...change }
    await this.saveSettings(this.deps.log.rules, notifications)
    return notifications
  }

  private async saveSettings(
    rules: AlertRule[],
    notifications: NotificationSettings,
  ): Promise<void> {
    await this.deps.recorder.commit('alerts.settings', { rules, notifications })
    this.deps.bus.publish({ type: 'alerts:rules', payload: { rules, notifications } })
  }

  /**
   * A new alert id. An alert the journal could not take keeps its id in the log (and the
   * snapshot): after a restart at the same place in the journal, that id is not given again.
   */
  private nextId(): string {
    let id: string
    do id = `alert-${this.deps.recorder.nextSeq()}-${++this.serial}`
    while (this.deps.log.find(id))
    return id
  }

  private update(id: string, change: Omit<Partial<AlertItem>, 'id'>): AlertItem {
    void this.deps.recorder.commit('alert.updated', { id, ...change }).catch(() => undefined)
    const item = this.deps.log.find(id) as AlertItem
    this.deps.bus.publish({ type: 'alerts:updated', payload: item })
    return item
  }
}

/** Alerts and their rules as a fold of the journal (the center publishes their events). */
export const alertsFold: Fold<AlertLog, AlertsStatus> = {
  fromState: (state) => AlertLog.fromState(state),
  toState: (log) => log.toState(),
  apply: (log, record) => void log.apply(record),
}
