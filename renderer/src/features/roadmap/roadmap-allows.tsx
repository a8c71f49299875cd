/**
 * Where the plan stands: "Day N of 90", the phase, what it allows (the size band in USD per
 * order and the accounts it applies to), and the plan's settings with a way to change them. A
 * complete plan says so.
 */
import type { ValidationView } from '../../../../shared/validation'
import { PLAN_DAYS } from '../../../../shared/validation'
import { formatBand, phaseWords } from './roadmap-format'

/** The headline panel. */
export function Allows({ view }: { readonly view: ValidationView }) {
  const current =
    typeof view.phase === 'number' ? view.phases.find((p) => p.phase === view.phase) : undefined
  const accounts = view.settings.accounts
  return (
    <section className="panel roadmap-allows" aria-labelledby="roadmap-allows-title">
      <h2 id="roadmap-allows-title" className="panel-title">
        Where the plan stands
      </h2>
      <p className="roadmap-day" data-testid="roadmap-day">
        {view.day === null
          ? `The plan starts on ${view.settings.startDay ?? 'a day not set yet'}: nothing is measured before then`
          : view.day > PLAN_DAYS
            ? `Day ${view.day}: past the ${PLAN_DAYS} days.`
            : `Day ${view.day} of ${PLAN_DAYS}`}
        {' · '}
        <strong data-testid="roadmap-phase">{phaseWords(view)}</strong>
      </p>
      {view.phase === 'complete' ? (
        <p className="gain" data-testid="roadmap-complete">
          The plan is complete: every phase passed its gating criteria and was signed off. Open the
          audit report for the record of the 90 days.
        </p>
      ) : null}
      <p data-testid="roadmap-allows">
        <span className="label">Allows now</span> {view.allows}
      </p>
      {current ? (
        <p className="muted" data-testid="roadmap-band">
          Phase {current.phase} band: {formatBand(current.band)}, enforced by the gate on{' '}
          {accounts.length === 0 ? 'no account (none enrolled)' : accounts.join(', ')}.
        </p>
      ) : null}
      <p className="muted" data-testid="roadmap-start">
        {view.day === null ? 'Starts' : 'Started'} {view.settings.startDay ?? '—'} ({view.timeZone}
        ); today {view.today}. A critical failure{' '}
        {view.settings.rollBackOnCritical
          ? 'sends the plan back a phase'
          : 'does not move the plan back'}
        .
      </p>
    </section>
  )
}
