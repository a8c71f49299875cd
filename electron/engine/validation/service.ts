/**
 * The validation plan's commands: the view, the plan's settings and targets, the checklist,
 * sign-off and the final audit. Every change is journaled and takes effect through the plan
 * fold; sign-offs are taken one at a time, each against the plan as it is when it is taken.
 */
import type { CommandPayload } from '../../../shared/contract'
import { err, ok, type Result } from '../../../shared/result'
import {
  CRITERIA,
  type PlanSettings,
  type SignOff,
  type ValidationView,
} from '../../../shared/validation'
import { localDate, type Clock, type Handlers } from '../core'
import type { Recorder } from '../journal'
import type { PlanBook } from './plan-book'
import { renderValidationAudit } from './audit-report'
import { validationView, type ViewSources } from './view'

/** What the plan's commands need. */
export interface ValidationDeps {
  readonly clock: Clock
  readonly recorder: Recorder
  /** The engine's time zone: a new plan counts its days in it. */
  readonly timeZone: string
  readonly book: () => PlanBook
  readonly sources: (now: number) => Omit<ViewSources, 'now'>
  /** Whether an account exists (an error that lists the accounts when not). */
  readonly resolve: (accountId: string) => Result<string>
}

type Commands =
  | 'validation:get'
  | 'validation:set-plan'
  | 'validation:set-target'
  | 'validation:add-item'
  | 'validation:check-item'
  | 'validation:sign-off'
  | 'validation:report'

/** Answers the plan's commands. */
export class ValidationService {
  /** Changes are taken one at a time: each is checked against the plan the one before left. */
  private queue: Promise<unknown> = Promise.resolve()

  constructor(private readonly deps: ValidationDeps) {}

  /** The plan, measured now. */
  view(): ValidationView {
    const now = this.deps.clock.now()
    return validationView(this.deps.book(), { now, ...this.deps.sources(now) })
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work)
    this.queue = next.catch(() => undefined)
    return next
  }

  private async savePlan(next: PlanSettings, reason: string): Promise<Result<ValidationView>> {
    const old = this.deps.book().settings
    if (JSON.stringify(old) !== JSON.stringify(next))
      await this.deps.recorder.commit('validation.plan', { old, new: next, reason })
    return ok(this.view())
  }

  private setPlan(p: CommandPayload<'validation:set-plan'>): Promise<Result<ValidationView>> {
    const book = this.deps.book()
    const old = book.settings
    const today = localDate(
      this.deps.clock.now(),
      old.startDay === null ? this.deps.timeZone : old.timeZone,
    )
    const accounts = p.accounts ?? old.accounts
    for (const id of accounts) {
      const found = this.deps.resolve(id)
      if (!found.ok) return Promise.resolve(found)
    }
    if (new Set(accounts).size !== accounts.length)
      return Promise.resolve(err('INVALID_INPUT', 'accounts: an account is listed twice.'))
    const startDay = p.startDay === undefined ? old.startDay : p.startDay
    if (startDay !== old.startDay) {
      if (book.signOffs.length > 0 && startDay !== null)
        return Promise.resolve(
          err(
            'CONFLICT',
            `startDay: the plan started on ${old.startDay} and a phase is signed off; its start can no longer move. To start over, end the plan (startDay null) and start a new one.`,
          ),
        )
      if (startDay !== null && startDay < today)
        return Promise.resolve(
          err(
            'INVALID_INPUT',
            `startDay: ${startDay} is in the past; a plan starts today (${today}) or later, so every day of it is measured.`,
          ),
        )
    }
    if (startDay !== null && accounts.length === 0)
      return Promise.resolve(
        err(
          'INVALID_INPUT',
          'accounts: enrol at least one account; the plan holds only the accounts in it.',
        ),
      )
    const next: PlanSettings = {
      ...old,
      startDay,
      accounts,
      bands: { ...old.bands, ...p.bands },
      rollBackOnCritical: p.rollBackOnCritical ?? old.rollBackOnCritical,
      timeZone: old.startDay === null && startDay !== null ? this.deps.timeZone : old.timeZone,
    }
    return this.savePlan(next, p.reason)
  }

  private setTarget(p: CommandPayload<'validation:set-target'>): Promise<Result<ValidationView>> {
    const old = this.deps.book().settings
    const def = CRITERIA[p.criterion]
    if (p.target !== null) {
      if (def.unit === '%' && (p.target < 0 || p.target > 1) && p.criterion !== 'total_profit')
        return Promise.resolve(
          err(
            'INVALID_INPUT',
            `target: ${def.label} is a share; give a fraction from 0 to 1 (0.45 = 45 %).`,
          ),
        )
      if ((def.unit === 'count' || def.unit === 'min') && p.target < 0)
        return Promise.resolve(err('INVALID_INPUT', `target: ${def.label} must not be negative.`))
    }
    const phase = { ...old.targets[p.phase] }
    if (p.target === null) delete phase[p.criterion]
    else phase[p.criterion] = p.target
    return this.savePlan({ ...old, targets: { ...old.targets, [p.phase]: phase } }, p.reason)
  }

  private async signOff(p: CommandPayload<'validation:sign-off'>): Promise<Result<ValidationView>> {
    const view = this.view()
    if (view.phase === null)
      return err(
        'CONFLICT',
        'There is no validation plan to sign off: set its start day and accounts first.',
      )
    if (view.phase !== p.phase)
      return err(
        'CONFLICT',
        view.phase === 'complete'
          ? 'The plan is complete: every phase is signed off.'
          : `Phase ${p.phase} is not the current phase; the plan is in phase ${view.phase}.`,
      )
    const phase = view.phases[p.phase - 1]!
    if (!phase.canSignOff.ok)
      return err(
        'CONFLICT',
        `Phase ${p.phase} cannot be signed off yet: ${phase.canSignOff.blockers.join(' ')}`,
      )
    const signOff: SignOff = {
      phase: p.phase,
      by: p.by,
      note: p.note,
      ts: this.deps.clock.now(),
      day: view.day ?? 0,
      criteria: phase.criteria.map(({ id, value, target, verdict }) => ({
        id,
        value,
        target,
        verdict,
      })),
    }
    await this.deps.recorder.commit('validation.signed_off', signOff)
    return ok(this.view())
  }

  handlers(): Handlers<Commands> {
    return {
      'validation:get': () => ok(this.view()),
      'validation:set-plan': (p) => this.serial(() => this.setPlan(p)),
      'validation:set-target': (p) => this.serial(() => this.setTarget(p)),
      'validation:add-item': (p) =>
        this.serial(async () => {
          if (this.deps.book().settings.startDay === null)
            return err(
              'CONFLICT',
              'There is no validation plan yet: set its start day and accounts first.',
            )
          const id = `item-${this.deps.recorder.nextSeq()}`
          await this.deps.recorder.commit('validation.item', { id, phase: p.phase, text: p.text })
          return ok(this.view())
        }),
      'validation:check-item': (p) =>
        this.serial(async () => {
          const items = this.deps.book().items
          if (!items.has(p.id))
            return err(
              'NOT_FOUND',
              `No checklist item ${p.id}. Items: ${[...items.keys()].join(', ') || 'none yet'}.`,
            )
          await this.deps.recorder.commit('validation.item_checked', {
            id: p.id,
            done: p.done,
            note: p.note ?? '',
          })
          return ok(this.view())
        }),
      'validation:sign-off': (p) => this.serial(() => this.signOff(p)),
      'validation:report': () => {
        const view = this.view()
        const day = view.today
        return ok({
          html: renderValidationAudit(view),
          fileName: `vigil-validation-audit-${day}.html`,
        })
      },
    }
  }
}
