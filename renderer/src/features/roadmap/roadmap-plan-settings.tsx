/**
 * Plan settings, once a plan runs: each phase's size band in USD per order, the accounts the
 * plan holds, whether a critical failure sends the plan back a phase, and ending the plan. What
 * is typed is checked as it is typed; before Confirm the panel shows every change (now → new)
 * and what it means for orders from now on, and asks for the reason the journal keeps. Only
 * what changed is sent ('validation:set-plan'); a refusal shows the engine's own words.
 */
import { useId, useState } from 'react'
import { PHASES, type PhaseNumber, type ValidationView } from '../../../../shared/validation'
import { ReasonField } from '../../components/reason-field'
import { formatTime } from '../../lib/format'
import { useConnectionStore } from '../../stores/connection-store'
import { useLedgerStore } from '../../stores/ledger-store'
import { useValidationStore } from '../../stores/validation-store'
import { EndPlan } from './roadmap-end-plan'
import { SettingsReview } from './roadmap-settings-review'
import { draftOf, planEdit, type BandDraft, type SettingsDraft } from './plan-settings-model'
import './roadmap-settings.css'

/** The collapsible "Plan settings" panel. */
export function PlanSettings({ view }: { readonly view: ValidationView }) {
  const [saved, setSaved] = useState<string | null>(null)
  const { bands, accounts, rollBackOnCritical } = view.settings
  // New settings from the engine (this form's or another console's) start a fresh draft.
  const key = JSON.stringify([bands, accounts, rollBackOnCritical])
  return (
    <details className="panel roadmap-settings" data-testid="plan-settings">
      <summary data-testid="plan-settings-toggle">
        <h2 className="panel-title">Plan settings</h2>
        <span className="muted">Size bands, accounts in the plan, roll-back, ending the plan</span>
      </summary>
      {saved ? (
        <p className="gain" role="status" data-testid="settings-saved">
          {saved}
        </p>
      ) : null}
      <SettingsForm key={key} view={view} onSaved={setSaved} />
      <EndPlan view={view} />
    </details>
  )
}

function SettingsForm({
  view,
  onSaved,
}: {
  readonly view: ValidationView
  readonly onSaved: (message: string) => void
}) {
  const id = useId()
  const known = useLedgerStore((s) => s.accounts)
  const online = useConnectionStore((s) => s.status === 'online')
  const change = useValidationStore((s) => s.change)
  const [draft, setDraft] = useState<SettingsDraft>(() => draftOf(view.settings))
  const [reason, setReason] = useState('')
  const [tried, setTried] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const current = typeof view.phase === 'number' ? view.phase : null
  const nameOf = (accountId: string): string =>
    known.find((a) => a.id === accountId)?.name ?? accountId
  const edit = planEdit(view.settings, draft, current, nameOf)
  // Enrolled accounts Vigil no longer lists stay visible, so they can be taken out.
  const missing = view.settings.accounts.filter((a) => !known.some((k) => k.id === a))
  const reasonProblem =
    tried && reason.trim().length < 3 ? 'Say why, in a few words: it goes into the journal.' : null

  const setBand = (phase: PhaseNumber, part: keyof BandDraft, value: string): void =>
    setDraft((d) => ({
      ...d,
      bands: { ...d.bands, [phase]: { ...d.bands[phase], [part]: value } },
    }))
  const toggle = (accountId: string, on: boolean): void =>
    setDraft((d) => ({
      ...d,
      accounts: on ? [...d.accounts, accountId] : d.accounts.filter((a) => a !== accountId),
    }))

  const submit = async (): Promise<void> => {
    setTried(true)
    if (edit.changes.length === 0 || edit.problems.length > 0 || !online) return
    if (reason.trim().length < 3) return
    setBusy(true)
    setError(null)
    const result = await change('validation:set-plan', { ...edit.payload, reason: reason.trim() })
    setBusy(false)
    if (!result.ok) {
      setError(result.error.message)
      return
    }
    // The store stamps the answer it just put on screen.
    const at = useValidationStore.getState().loadedAt
    onSaved(
      `Saved${at === null ? '' : ` at ${formatTime(at).slice(11)}`}: ${edit.changes.map((c) => c.label).join('; ')}. The journal keeps the change and its reason.`,
    )
  }

  return (
    <form
      noValidate
      className="roadmap-settings-form"
      onSubmit={(event) => {
        event.preventDefault()
        void submit()
      }}
    >
      <fieldset className="roadmap-bands" disabled={busy}>
        <legend className="label">Size band of each phase: order value in USD</legend>
        {PHASES.map((phase) => {
          const problems = edit.bandProblems[phase]
          const help = `${id}-band-${phase}-help`
          return (
            <div key={phase} className="roadmap-band-row" data-testid={`band-row-${phase}`}>
              <span className="roadmap-band-phase">
                Phase {phase}
                {phase === current ? <span className="roadmap-band-now"> (current)</span> : null}
              </span>
              {(['min', 'max'] as const).map((part) => (
                <label key={part} className="roadmap-band-field">
                  <span className="muted">{part === 'min' ? 'from' : 'to'}</span>
                  <span className="roadmap-money">
                    <span aria-hidden="true">$</span>
                    <input
                      type="text"
                      inputMode="decimal"
                      autoComplete="off"
                      spellCheck={false}
                      data-testid={`band-${phase}-${part}`}
                      aria-label={`Phase ${phase} ${part === 'min' ? 'minimum' : 'maximum'} order value, USD`}
                      aria-invalid={problems.length > 0}
                      aria-describedby={help}
                      placeholder={part === 'max' && phase === 3 ? 'no cap' : undefined}
                      value={draft.bands[phase][part]}
                      onChange={(event) => setBand(phase, part, event.target.value)}
                    />
                  </span>
                </label>
              ))}
              <span className="muted">per order</span>
              <span
                id={help}
                className={problems.length > 0 ? 'roadmap-band-help negative' : 'roadmap-band-help'}
                data-testid={`band-${phase}-help`}
              >
                {problems.length > 0
                  ? problems.join(' ')
                  : phase === 3
                    ? "An empty maximum: up to the account's own limits."
                    : ''}
              </span>
            </div>
          )
        })}
      </fieldset>
      <fieldset className="roadmap-accounts" disabled={busy}>
        <legend className="label">Accounts in the plan (the gate holds these to the bands)</legend>
        {[...known.map((a) => ({ id: a.id, words: `${a.name}`, note: `${a.id}, ${a.kind}` }))]
          .concat(missing.map((a) => ({ id: a, words: a, note: 'no longer in Vigil' })))
          .map((a) => (
            <label key={a.id} className="roadmap-check">
              <input
                type="checkbox"
                data-testid={`settings-account-${a.id}`}
                checked={draft.accounts.includes(a.id)}
                onChange={(event) => toggle(a.id, event.target.checked)}
              />
              {a.words} <span className="muted">({a.note})</span>
            </label>
          ))}
      </fieldset>
      <label className="roadmap-check">
        <input
          type="checkbox"
          data-testid="settings-rollback"
          checked={draft.rollBack}
          disabled={busy}
          onChange={(event) => setDraft((d) => ({ ...d, rollBack: event.target.checked }))}
        />
        <span>
          A critical failure sends the plan back a phase{' '}
          <span className="muted">
            (in phase 2 or 3 the plan returns to the phase before and its band; in phase 1, phase 1
            starts again)
          </span>
        </span>
      </label>
      {edit.changes.length === 0 && edit.problems.length === 0 ? (
        <p className="muted" data-testid="settings-nochange">
          Nothing changed yet. Change a band, an account or the roll-back setting: what changes is
          shown here before you confirm.
        </p>
      ) : (
        <SettingsReview
          edit={edit}
          offline={!online}
          busy={busy}
          error={error}
          onDiscard={() => {
            setDraft(draftOf(view.settings))
            setError(null)
            setTried(false)
          }}
        >
          <ReasonField
            id={`${id}-reason`}
            testId="settings-reason"
            value={reason}
            onChange={setReason}
            problem={reasonProblem}
            disabled={busy}
            placeholder="e.g. fees make $50 orders too expensive"
          />
        </SettingsReview>
      )}
    </form>
  )
}
