/**
 * Starting the plan: the first day (today unless changed), the accounts it covers (the gate
 * enforces the size bands on these only) and whether a critical failure sends the plan back a
 * phase; sent with a reason, which the journal keeps. A refusal shows the engine's words.
 */
import { useId, useState } from 'react'
import type { ValidationView } from '../../../../shared/validation'
import { ReasonField } from '../../components/reason-field'
import { useLedgerStore } from '../../stores/ledger-store'
import { useValidationStore } from '../../stores/validation-store'
import { formatBand } from './roadmap-format'

/** The "No plan yet" panel with its form. */
export function PlanForm({ view }: { readonly view: ValidationView }) {
  const id = useId()
  const accounts = useLedgerStore((s) => s.accounts)
  const change = useValidationStore((s) => s.change)
  const [startDay, setStartDay] = useState(view.today)
  const [enrolled, setEnrolled] = useState<readonly string[]>(view.settings.accounts)
  const [rollBack, setRollBack] = useState(view.settings.rollBackOnCritical)
  const [reason, setReason] = useState('')
  const [tried, setTried] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const dayProblem = /^\d{4}-\d{2}-\d{2}$/.test(startDay) ? null : 'Choose the first day.'
  const accountsProblem = enrolled.length === 0 ? 'Enrol at least one account.' : null
  const reasonProblem = reason.trim().length < 3 ? 'Say why, in a few words.' : null

  const submit = async (): Promise<void> => {
    setTried(true)
    if (dayProblem || accountsProblem || reasonProblem) return
    setBusy(true)
    setError(null)
    const result = await change('validation:set-plan', {
      startDay,
      accounts: [...enrolled],
      rollBackOnCritical: rollBack,
      reason: reason.trim(),
    })
    setBusy(false)
    if (!result.ok) setError(result.error.message)
  }

  const toggle = (accountId: string, on: boolean): void =>
    setEnrolled((list) => (on ? [...list, accountId] : list.filter((a) => a !== accountId)))

  return (
    <section
      className="panel roadmap-noplan"
      aria-labelledby={`${id}-title`}
      data-testid="roadmap-noplan"
    >
      <h2 id={`${id}-title`} className="panel-title">
        No plan yet
      </h2>
      <p>
        Until a plan starts, every account keeps its own limits and nothing is measured against the
        phases. Start the 90 days here: phase 1 allows {formatBand(view.settings.bands[1])}, phase 2{' '}
        {formatBand(view.settings.bands[2])}, phase 3 {formatBand(view.settings.bands[3])}, on the
        accounts you enrol.
      </p>
      <form
        noValidate
        className="roadmap-plan-form"
        onSubmit={(event) => {
          event.preventDefault()
          void submit()
        }}
      >
        <label className="field" htmlFor={`${id}-start`}>
          <span className="label">First day ({view.timeZone})</span>
          <input
            id={`${id}-start`}
            data-testid="plan-start"
            type="date"
            value={startDay}
            disabled={busy}
            onChange={(event) => setStartDay(event.target.value)}
          />
          {tried && dayProblem ? (
            <span className="field-help" role="alert">
              {dayProblem}
            </span>
          ) : null}
        </label>
        <fieldset className="roadmap-accounts" disabled={busy}>
          <legend className="label">
            Accounts in the plan (the gate holds these to the bands)
          </legend>
          {accounts.length === 0 ? <p className="muted">No account yet: add one first.</p> : null}
          {accounts.map((a) => (
            <label key={a.id} className="roadmap-check">
              <input
                type="checkbox"
                data-testid={`plan-account-${a.id}`}
                checked={enrolled.includes(a.id)}
                onChange={(event) => toggle(a.id, event.target.checked)}
              />
              {a.name}{' '}
              <span className="muted">
                ({a.id}, {a.kind})
              </span>
            </label>
          ))}
          {tried && accountsProblem ? (
            <span className="field-help" role="alert">
              {accountsProblem}
            </span>
          ) : null}
        </fieldset>
        <label className="roadmap-check">
          <input
            type="checkbox"
            data-testid="plan-rollback"
            checked={rollBack}
            disabled={busy}
            onChange={(event) => setRollBack(event.target.checked)}
          />
          A critical failure sends the plan back a phase (phase 1 starts again)
        </label>
        <ReasonField
          id={`${id}-reason`}
          testId="plan-reason"
          value={reason}
          onChange={setReason}
          problem={tried ? reasonProblem : null}
          disabled={busy}
          placeholder="e.g. going live with the first real account"
        />
        {error ? (
          <p className="negative" role="alert" data-testid="plan-error">
            The plan did not start: {error}
          </p>
        ) : null}
        <div className="form-actions">
          <button type="submit" className="primary" data-testid="plan-submit" disabled={busy}>
            {busy ? 'Starting…' : 'Start the plan'}
          </button>
        </div>
      </form>
    </section>
  )
}
