/**
 * The plan as the Roadmap screen, the REST API, the rehearsal and the final audit see it: the
 * day and phase, what the phase allows, each phase's window and criteria, the checklist and
 * sign-offs, incidents, downtime, recoveries, and the journal's head.
 */
import {
  CRITERIA,
  PHASES,
  PHASE_DAYS,
  PHASE_GOALS,
  PLAN_DAYS,
  type CriterionResult,
  type Downtime,
  type PhaseNumber,
  type PhaseView,
  type ValidationView,
} from '../../../shared/validation'
import { localDate, startOfLocalDay } from '../core'
import { measureWindow, type WindowInput } from './criteria'
import { sharpeProvableIn } from './intervals'
import { daysBetween, planDay, type PlanBook } from './plan-book'

/** What the view is built from, besides the plan fold. */
export interface ViewSources {
  readonly now: number
  /** Each enrolled account's equity at each day's close. */
  readonly closes: readonly { accountId: string; day: string; equity: string }[]
  /** An account's initial capital, USD (undefined when unknown). */
  readonly capital: (accountId: string) => number | undefined
  /** The heartbeats' uptime and downtime over [from, to). */
  readonly uptime: (
    from: number,
    to: number,
  ) => { uptime: number | null; gaps: readonly Downtime[] }
  /** The journal's head, for the audit. */
  readonly journal: { readonly seq: number; readonly hash: string }
}

/** A phase's window: where it last began and where it ended (null: still running). */
interface Span {
  readonly fromTs: number
  readonly fromDate: string
  readonly toTs: number | null
}

/** The latest span of each phase the plan has been in. */
function spans(book: PlanBook): Map<PhaseNumber, Span> {
  const out = new Map<PhaseNumber, Span>()
  const start = book.settings.startDay!
  const startTs =
    book.startTs ?? startOfLocalDay(Date.parse(`${start}T12:00:00Z`), book.settings.timeZone)
  let current: { phase: PhaseNumber; fromTs: number; fromDate: string } = {
    phase: 1,
    fromTs: startTs,
    fromDate: start,
  }
  for (const c of book.changes) {
    out.set(current.phase, { fromTs: current.fromTs, fromDate: current.fromDate, toTs: c.ts })
    if (c.to === 'complete') return out
    const date = book.dateOf(c.ts)
    current = { phase: c.to, fromTs: c.ts, fromDate: date < start ? start : date }
  }
  out.set(current.phase, { fromTs: current.fromTs, fromDate: current.fromDate, toTs: null })
  return out
}

function allowsText(book: PlanBook): string {
  const { phase, settings } = book
  if (phase === null) return 'No validation plan: the gate applies only the risk limits.'
  const accounts = settings.accounts.join(', ')
  if (phase === 'complete')
    return `The plan is complete: ${accounts} trade within their own risk limits.`
  const band = settings.bands[phase]
  const size =
    band.max === null
      ? `from $${band.min} up to each account's own limits`
      : `from $${band.min} to $${band.max}`
  return `Phase ${phase}: orders that add exposure on ${accounts} must be worth ${size} each; sales of what is held are allowed at any size.`
}

/** The whole plan, measured now. */
export function validationView(book: PlanBook, src: ViewSources): ValidationView {
  const { settings } = book
  const today = localDate(src.now, settings.timeZone)
  const base = {
    settings,
    timeZone: settings.timeZone,
    today,
    changes: book.changes,
    journal: src.journal,
    generatedAt: src.now,
    allows: allowsText(book),
    proof: proofText(),
  }
  const day = settings.startDay === null ? null : planDay(settings.startDay, today)
  // No plan, or one whose first day has not come: nothing is measured yet.
  if (settings.startDay === null || book.phase === null || day === null || day < 1)
    return {
      ...base,
      day: null,
      phase: settings.startDay === null ? null : book.phase,
      phases: PHASES.map((p) => phaseShell(book, p, [], 'upcoming')),
      incidents: [],
      downtime: [],
      healthFailures: {},
      recoveries: [],
    }
  const startDay = settings.startDay
  const enrolled = new Set(settings.accounts)
  const equity = new Map<string, number>()
  for (const c of src.closes) {
    if (!enrolled.has(c.accountId)) continue
    equity.set(c.day, (equity.get(c.day) ?? 0) + Number(c.equity))
  }
  const capital = settings.accounts.reduce((sum, id) => sum + (src.capital(id) ?? 0), 0)
  let planPnl = 0
  for (const [date, counts] of book.days) if (date >= startDay) planPnl += counts.pnl
  const windowOf = (span: Span, fromDate: string, fromTs: number): WindowInput => {
    const toTs = span.toTs ?? src.now
    const toDate = localDate(Math.max(fromTs, toTs - 1), settings.timeZone)
    return {
      fromDate,
      toDate: toDate < fromDate ? fromDate : toDate,
      firstPlanDay: planDay(startDay, fromDate),
      fromTs,
      toTs,
      days: book.days,
      recoveries: book.recoveries,
      equity,
      capital,
      planPnl,
      uptime: (from, to) => src.uptime(from, to).uptime,
      endOf: (date) => book.endOf(date),
    }
  }
  const phaseSpans = spans(book)
  const planStart = {
    fromTs: Math.min(...[...phaseSpans.values()].map((s) => s.fromTs)),
    fromDate: startDay,
  }
  const phases = PHASES.map((p): PhaseView => {
    const span = phaseSpans.get(p)
    const status =
      book.phase === p
        ? 'current'
        : span && span.toTs !== null && isDone(book, p)
          ? 'done'
          : 'upcoming'
    if (!span || status === 'upcoming') return phaseShell(book, p, [], 'upcoming')
    // Phase 3 is the final audit: measured over the whole plan.
    const w =
      p === 3
        ? windowOf(span, planStart.fromDate, planStart.fromTs)
        : windowOf(span, span.fromDate, span.fromTs)
    if (daysBetween(today, w.fromDate) > 0) return phaseShell(book, p, [], status)
    return phaseShell(book, p, measureWindow(settings.targets[p], w), status, day)
  })
  const whole = src.uptime(planStart.fromTs, src.now)
  const healthFailures: Record<string, number> = {}
  for (const [date, counts] of book.days) {
    if (date < startDay) continue
    for (const [k, n] of Object.entries(counts.health))
      if (n > 0) healthFailures[k] = (healthFailures[k] ?? 0) + n
  }
  return {
    ...base,
    day,
    phase: book.phase,
    phases,
    incidents: book.incidents,
    downtime: whole.gaps,
    healthFailures,
    recoveries: book.recoveries.map(({ day: _day, ...r }) => r),
  }
}

function isDone(book: PlanBook, p: PhaseNumber): boolean {
  const last = [...book.changes].reverse().find((c) => c.from === p || c.to === p)
  return last !== undefined && last.from === p && last.kind === 'advance'
}

function phaseShell(
  book: PlanBook,
  p: PhaseNumber,
  measured: CriterionResult[],
  status: PhaseView['status'],
  day: number | null = null,
): PhaseView {
  const targets = book.settings.targets[p]
  const criteria =
    measured.length > 0
      ? measured
      : Object.keys(targets).map((id): CriterionResult => {
          const def = CRITERIA[id as keyof typeof CRITERIA]
          return {
            id: def.id,
            label: def.label,
            group: def.group,
            gating: def.gating,
            unit: def.unit,
            op: def.op,
            target: targets[def.id]!,
            value: null,
            verdict: 'not_enough_data',
            sample: { n: 0, unit: 'days' },
            interval: null,
            note:
              status === 'upcoming' ? `Measured once phase ${p} starts.` : 'Nothing measured yet.',
            history: [],
          }
        })
  const checklist = [...book.items.values()].filter((i) => i.phase === p)
  const signOff =
    status === 'done' ? ([...book.signOffs].reverse().find((s) => s.phase === p) ?? null) : null
  const blockers: string[] = []
  if (status !== 'current') blockers.push(`Phase ${p} is not the current phase.`)
  else {
    const lastDay = p * PHASE_DAYS
    if (day === null || day < lastDay)
      blockers.push(
        `Phase ${p} runs to day ${lastDay}; today is day ${day ?? 0}: it can be signed off from day ${lastDay}.`,
      )
    for (const c of criteria)
      if (c.gating && c.verdict !== 'pass')
        blockers.push(
          `${c.label}: ${c.verdict === 'fail' ? 'fails' : 'not enough data'}. ${c.note}`,
        )
    for (const item of checklist)
      if (!item.done) blockers.push(`Checklist: "${item.text}" is not ticked.`)
    if (book.settings.accounts.length === 0) blockers.push('No account is enrolled in the plan.')
  }
  return {
    phase: p,
    firstDay: (p - 1) * PHASE_DAYS + 1,
    lastDay: p * PHASE_DAYS,
    goals: PHASE_GOALS[p],
    band: book.settings.bands[p],
    status,
    criteria,
    checklist,
    signOff,
    canSignOff: { ok: blockers.length === 0, blockers },
  }
}

function proofText(): string {
  const sharpe = sharpeProvableIn(PLAN_DAYS)
  return `${PLAN_DAYS} days of daily returns show an edge at 95 % confidence only if the annual Sharpe ratio is above about ${sharpe.toFixed(1)}; below that, profit is shown with its uncertainty and never gates a phase.`
}
