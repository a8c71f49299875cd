/**
 * The validation plan as a fold of the journal: its settings, the phase it is in and how it got
 * there, the checklist and sign-offs, and per local day of the plan the counts its criteria are
 * measured from (for the enrolled accounts). State grows with the plan's days and incidents,
 * never with its orders. A critical failure (an integrity violation, a tracker failure, a crash)
 * sends the plan back a phase when the plan says so: folded here, so it takes effect on the
 * record itself, before the next order is checked.
 */
import type { EngineEvent } from '../../../shared/contract'
import {
  DEFAULT_PLAN,
  type ChecklistItem,
  type PhaseChange,
  type PhaseNumber,
  type PlanIncident,
  type PlanSettings,
  type SignOff,
} from '../../../shared/validation'
import { localDate, startOfLocalDay } from '../core'
import type { Fold, JournalRecord } from '../journal'
import type { LiveTrades } from '../performance'
import type { CostBook } from '../costs'
import {
  DAY_MS,
  newDay,
  planDay,
  type DayCounts,
  type HealthFailure,
  type Recovery,
} from './plan-days'

export { daysBetween, planDay, type DayCounts, type Recovery } from './plan-days'

/** What the snapshot keeps. */
export interface PlanBookState {
  readonly settings: PlanSettings
  readonly phase: PhaseNumber | 'complete' | null
  /** When the plan began: its first day's start, or when it was set up that day. */
  readonly startTs?: number | null
  readonly changes: readonly PhaseChange[]
  readonly items: readonly ChecklistItem[]
  readonly signOffs: readonly SignOff[]
  readonly days: Readonly<Record<string, DayCounts>>
  readonly incidents: readonly PlanIncident[]
  readonly recoveries: readonly Recovery[]
  /** Drill orders still open (a drill's probe is not the trader's trading). */
  readonly drillOrders?: readonly string[]
  /** The latest health failures: a drill that ends discounts the ones it caused. */
  readonly recentHealth?: readonly HealthFailure[]
}

/** Incidents kept (the plan's own, oldest dropped first). */
const INCIDENTS_KEPT = 2_000
const RECOVERIES_KEPT = 500
const RECENT_HEALTH_KEPT = 200

/** The validation plan, folded. */
export class PlanBook {
  settings: PlanSettings
  phase: PhaseNumber | 'complete' | null
  /** When the plan began: its first day's start, or when it was set up that day. */
  startTs: number | null
  readonly changes: PhaseChange[]
  readonly items: Map<string, ChecklistItem>
  readonly signOffs: SignOff[]
  readonly days: Map<string, DayCounts>
  incidents: PlanIncident[]
  recoveries: Recovery[]
  private enrolled: Set<string>
  private readonly drillOrders: Set<string>
  private recentHealth: HealthFailure[]
  /** The local day the last record fell on, and when it ends (a day is worked out once). */
  private day = { date: '', start: 0, end: 0 }

  constructor(state?: PlanBookState) {
    this.settings = state?.settings ?? DEFAULT_PLAN
    this.phase = state?.phase ?? null
    this.startTs = state?.startTs ?? null
    this.changes = [...(state?.changes ?? [])]
    this.items = new Map((state?.items ?? []).map((i) => [i.id, i]))
    this.signOffs = [...(state?.signOffs ?? [])]
    this.days = new Map(Object.entries(state?.days ?? {}).map(([d, c]) => [d, { ...c }]))
    this.incidents = [...(state?.incidents ?? [])]
    this.recoveries = [...(state?.recoveries ?? [])]
    this.enrolled = new Set(this.settings.accounts)
    this.drillOrders = new Set(state?.drillOrders ?? [])
    this.recentHealth = [...(state?.recentHealth ?? [])]
  }

  /** Whether the account is enrolled in a plan that is running (started and not complete). */
  governs(accountId: string): boolean {
    return this.running() && this.enrolled.has(accountId)
  }

  /**
   * The size band the gate applies to an enrolled account in the current phase, or null when
   * the account is not held by a running plan (made once per phase and settings).
   */
  band(
    accountId: string,
  ): { readonly phase: number; readonly min: string; readonly max: string | null } | null {
    if (!this.governs(accountId)) return null
    const phase = this.phase as PhaseNumber
    const band = this.settings.bands[phase]
    if (this.bandCache?.phase !== phase || this.bandCache.band !== band)
      this.bandCache = { phase, band, rule: { phase, min: band.min, max: band.max } }
    return this.bandCache.rule
  }

  private bandCache: {
    phase: PhaseNumber
    band: PlanSettings['bands'][PhaseNumber]
    rule: { readonly phase: number; readonly min: string; readonly max: string | null }
  } | null = null

  /** A plan has a start and is not complete. */
  running(): boolean {
    return this.settings.startDay !== null && this.phase !== null && this.phase !== 'complete'
  }

  /** The local date of `ts` in the plan's time zone. */
  dateOf(ts: number): string {
    if (ts >= this.day.start && ts < this.day.end) return this.day.date
    const tz = this.settings.timeZone
    const start = startOfLocalDay(ts, tz)
    this.day = { date: localDate(ts, tz), start, end: startOfLocalDay(start + 26 * 3_600_000, tz) }
    return this.day.date
  }

  /** When a local day (YYYY-MM-DD) of the plan's time zone ends (each worked out once). */
  endOf(date: string): number {
    let end = this.ends.get(date)
    if (end === undefined) {
      const tz = this.settings.timeZone
      end = startOfLocalDay(Date.parse(`${date}T12:00:00Z`) + DAY_MS, tz)
      if (this.ends.size > 1_000) this.ends.clear()
      this.ends.set(date, end)
    }
    return end
  }

  private ends = new Map<string, number>()

  /** The plan day of `ts` (1 on the start day), or null without a plan. */
  dayOf(ts: number): number | null {
    const start = this.settings.startDay
    return start === null ? null : planDay(start, this.dateOf(ts))
  }

  /** Folds one record in; `earlier` holds the trades and costs folds, already up to date. */
  apply(record: JournalRecord, trades: LiveTrades | undefined, costs: CostBook | undefined) {
    switch (record.type) {
      case 'validation.plan':
        return this.planChanged(record)
      case 'validation.item':
        this.items.set(record.payload.id, {
          ...record.payload,
          done: false,
          note: '',
          ts: record.ts,
        })
        return this.changed()
      case 'validation.item_checked': {
        const item = this.items.get(record.payload.id)
        if (!item) return
        this.items.set(item.id, { ...item, ...record.payload, ts: record.ts })
        return this.changed()
      }
      case 'validation.signed_off':
        return this.signedOff(record)
      default:
        break
    }
    if (!this.running()) return
    switch (record.type) {
      case 'order.intent':
        if (record.payload.source === 'drill') this.drillOrders.add(record.payload.orderId)
        return
      case 'order.verified': {
        const p = record.payload
        if (!this.enrolled.has(p.accountId) || this.drillOrders.delete(p.orderId)) return
        const counts = this.counts(record.ts)
        counts.verified++
        if (!p.passed) {
          counts.violations++
          this.incident(record, 'integrity_violation', `Order ${p.orderId} failed verification`)
        }
        if (!p.post.trackerUpdated) {
          counts.trackerFailures++
          this.incident(record, 'tracker_failure', `Order ${p.orderId} was not tracked`)
        }
        if (!p.passed || !p.post.trackerUpdated)
          return this.critical(record, `order ${p.orderId} failed verification`)
        return
      }
      case 'order.closed': {
        const p = record.payload
        if (this.drillOrders.has(p.orderId)) {
          // A probe that ended without a fill is never verified.
          if (p.status !== 'filled') this.drillOrders.delete(p.orderId)
          return
        }
        if (p.status !== 'filled' || !this.enrolled.has(p.accountId)) return
        const counts = this.counts(record.ts)
        counts.filled++
        const point = costs?.account(p.accountId)?.points.at(-1)
        if (point?.orderId === p.orderId && point.lowBps !== null && point.highBps !== null) {
          counts.banded++
          if (point.actualBps >= point.lowBps && point.actualBps <= point.highBps) counts.inBand++
        }
        return
      }
      case 'order.fill': {
        const last = trades?.lastTrip
        if (!last || last.seq !== record.seq || !this.enrolled.has(last.trip.accountId)) return
        if (this.drillOrders.has(record.payload.orderId)) return
        const pnl = Number(last.trip.pnl)
        const counts = this.counts(record.ts)
        counts.trades++
        if (pnl > 0) counts.wins++
        counts.pnl += pnl
        counts.pnlSq += pnl * pnl
        return
      }
      case 'reconcile.finding': {
        const p = record.payload
        if (!this.enrolled.has(p.accountId)) return
        this.counts(record.ts).syncErrors++
        return this.incident(record, 'sync_error', p.message)
      }
      case 'health.failed': {
        const p = record.payload
        if (p.accountId !== null && !this.enrolled.has(p.accountId)) return
        const health = this.counts(record.ts).health
        health[p.check] = (health[p.check] ?? 0) + 1
        this.recentHealth.push({
          ts: record.ts,
          date: this.dateOf(record.ts),
          check: p.check,
          accountId: p.accountId,
          seq: record.seq,
        })
        if (this.recentHealth.length > RECENT_HEALTH_KEPT)
          this.recentHealth = this.recentHealth.slice(-RECENT_HEALTH_KEPT)
        return this.incident(record, 'health_failure', `${p.label}: ${p.message}`)
      }
      case 'drill.completed': {
        const d = record.payload
        this.discountDrill(d.accountId, d.startedAt, d.kind)
        const recovered = d.outcome === 'recovered'
        this.recovery(record.ts, {
          kind: 'drill',
          ms: d.recoveredAfterMs,
          recovered,
          text: `Drill ${d.kind} on ${d.accountId}: ${d.outcome.replace('_', ' ')}`,
        })
        return this.incident(record, 'drill', `Drill ${d.kind}: ${d.outcome.replace('_', ' ')}`)
      }
      case 'engine.started': {
        const p = record.payload
        if (p.previous !== 'crashed') return
        this.counts(record.ts).crashes++
        this.recovery(record.ts, {
          kind: 'restart',
          ms: p.readyMs,
          recovered: true,
          text: `Restarted after a crash in ${(p.readyMs / 1000).toFixed(1)} s`,
        })
        this.incident(record, 'crash', 'Vigil stopped without a clean stop (a crash)')
        return this.critical(record, 'a crash: Vigil stopped without a clean stop')
      }
      default:
        return
    }
  }

  /**
   * The health failures a drill caused on purpose (on its account, or the prices a frozen-prices
   * drill froze, since it started) are not failures of the system: they are taken off the
   * days' counts, and their incidents say they were the drill's.
   */
  private discountDrill(accountId: string, startedAt: number, kind: string): void {
    const caused = (h: HealthFailure) =>
      h.ts >= startedAt &&
      (h.accountId === accountId || (kind === 'frozen_prices' && h.accountId === null))
    const seqs = new Set<number>()
    for (const h of this.recentHealth) {
      if (!caused(h)) continue
      const health = this.days.get(h.date)?.health
      if (health && (health[h.check] ?? 0) > 0) health[h.check]! -= 1
      seqs.add(h.seq)
    }
    if (seqs.size === 0) return
    this.recentHealth = this.recentHealth.filter((h) => !seqs.has(h.seq))
    this.incidents = this.incidents.map((i) =>
      seqs.has(i.seq)
        ? { ...i, kind: 'drill', text: `${i.text} (caused by the ${kind.replace('_', ' ')} drill)` }
        : i,
    )
  }

  private counts(ts: number): DayCounts {
    const date = this.dateOf(ts)
    let counts = this.days.get(date)
    if (!counts) this.days.set(date, (counts = newDay()))
    return counts
  }

  private changed(): EngineEvent[] {
    return [
      {
        type: 'validation:changed',
        payload: {
          phase: this.phase,
          day: this.day.date === '' ? null : this.dayOf(this.day.start),
        },
      },
    ]
  }

  private planChanged(record: Extract<JournalRecord, { type: 'validation.plan' }>) {
    const next = record.payload.new
    const started = this.settings.startDay === null && next.startDay !== null
    // Before any sign-off the start may move: the plan is then measured from the new one.
    const moved = !started && next.startDay !== null && next.startDay !== this.settings.startDay
    this.settings = next
    this.enrolled = new Set(next.accounts)
    this.day = { date: '', start: 0, end: 0 }
    this.ends = new Map()
    if (next.startDay === null) {
      // The plan ended: its history stays in the journal; a new plan starts from nothing.
      this.phase = null
      this.startTs = null
      this.changes.length = 0
      this.items.clear()
      this.signOffs.length = 0
      this.days.clear()
      this.incidents = []
      this.recoveries = []
      this.recentHealth = []
      this.drillOrders.clear()
    } else if (started || moved || this.phase === null) {
      if (started || this.phase === null) this.phase = 1
      const firstDay = startOfLocalDay(Date.parse(`${next.startDay}T12:00:00Z`), next.timeZone)
      this.startTs = Math.max(record.ts, firstDay)
    }
    return this.changed()
  }

  private signedOff(record: Extract<JournalRecord, { type: 'validation.signed_off' }>) {
    const s = record.payload
    this.signOffs.push(s)
    const to = s.phase === 3 ? 'complete' : ((s.phase + 1) as PhaseNumber)
    this.changes.push({
      ts: record.ts,
      day: s.day,
      from: s.phase,
      to,
      kind: 'advance',
      reason: `Signed off by ${s.by}: ${s.note}`,
      seq: record.seq,
    })
    this.phase = to
    return this.changed()
  }

  /** A critical failure: back a phase when the plan says so (phase 1 starts again). */
  private critical(record: JournalRecord, what: string): EngineEvent[] | undefined {
    if (!this.settings.rollBackOnCritical || typeof this.phase !== 'number') return
    const from = this.phase
    const to = Math.max(1, from - 1) as PhaseNumber
    this.changes.push({
      ts: record.ts,
      day: this.dayOf(record.ts) ?? 0,
      from,
      to,
      kind: 'roll_back',
      reason:
        to === from ? `Phase 1 starts again after ${what}` : `Back to phase ${to} after ${what}`,
      seq: record.seq,
    })
    this.phase = to
    return this.changed()
  }

  private incident(record: JournalRecord, kind: PlanIncident['kind'], text: string) {
    this.incidents.push({
      ts: record.ts,
      day: this.dayOf(record.ts) ?? 0,
      kind,
      text,
      seq: record.seq,
    })
    if (this.incidents.length > INCIDENTS_KEPT)
      this.incidents = this.incidents.slice(-INCIDENTS_KEPT)
    return this.changed()
  }

  private recovery(ts: number, r: Omit<Recovery, 'ts' | 'day'>): void {
    this.recoveries.push({ ...r, ts, day: this.dateOf(ts) })
    if (this.recoveries.length > RECOVERIES_KEPT)
      this.recoveries = this.recoveries.slice(-RECOVERIES_KEPT)
  }

  toState(): PlanBookState {
    return {
      settings: this.settings,
      phase: this.phase,
      startTs: this.startTs,
      changes: this.changes,
      items: [...this.items.values()],
      signOffs: this.signOffs,
      days: Object.fromEntries(this.days),
      incidents: this.incidents,
      recoveries: this.recoveries,
      drillOrders: [...this.drillOrders],
      recentHealth: this.recentHealth,
    }
  }
}

/** The validation plan's fold, registered after the trades and costs folds it reads. */
export const planFold: Fold<PlanBook, PlanBookState> = {
  fromState: (state) => new PlanBook(state),
  toState: (book) => book.toState(),
  apply: (book, record, earlier) =>
    book.apply(
      record,
      earlier.trades as LiveTrades | undefined,
      earlier.costs as CostBook | undefined,
    ),
}
