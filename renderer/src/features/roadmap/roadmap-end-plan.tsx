/**
 * Ending the plan: a destructive action, so it asks first and says what happens. The size
 * bands stop applying at once (every account goes back to its own limits) and nothing is
 * measured against the phases any more; the plan's history stays in the journal. The reason is
 * required and journaled; a refusal shows the engine's words in the dialog.
 */
import { useId, useState } from 'react'
import type { ValidationView } from '../../../../shared/validation'
import { Dialog } from '../../components/dialog'
import { ReasonField } from '../../components/reason-field'
import { useValidationStore } from '../../stores/validation-store'

/** The "End the plan…" button and its confirmation. */
export function EndPlan({ view }: { readonly view: ValidationView }) {
  const [open, setOpen] = useState(false)
  return (
    <div className="roadmap-end" data-testid="plan-end-zone">
      <p className="muted">
        Ending the plan stops the size bands and the measuring; it cannot be paused and resumed.
      </p>
      <button type="button" className="danger" data-testid="plan-end" onClick={() => setOpen(true)}>
        End the plan…
      </button>
      {open ? <EndDialog view={view} onClose={() => setOpen(false)} /> : null}
    </div>
  )
}

function EndDialog({
  view,
  onClose,
}: {
  readonly view: ValidationView
  readonly onClose: () => void
}) {
  const id = useId()
  const change = useValidationStore((s) => s.change)
  const [reason, setReason] = useState('')
  const [tried, setTried] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const reasonProblem =
    tried && reason.trim().length < 3 ? 'Say why, in a few words: it goes into the journal.' : null
  const accounts = view.settings.accounts
  const dayWords = view.day === null ? 'before its first day' : `on day ${view.day}`

  const end = async (): Promise<void> => {
    setTried(true)
    if (reason.trim().length < 3) return
    setBusy(true)
    setError(null)
    const result = await change('validation:set-plan', { startDay: null, reason: reason.trim() })
    setBusy(false)
    // On success the screen shows "No plan yet" and this dialog goes with the panel.
    if (!result.ok) setError(result.error.message)
  }

  return (
    <Dialog
      title="End the 90-day plan?"
      tone="danger"
      testId="plan-end-dialog"
      onClose={() => {
        if (!busy) onClose()
      }}
    >
      <form
        noValidate
        className="dialog-form"
        onSubmit={(event) => {
          event.preventDefault()
          void end()
        }}
      >
        <div className="dialog-body" data-testid="plan-end-what">
          <p>
            The plan ends {dayWords}, started {view.settings.startDay ?? '—'}. From the moment you
            confirm:
          </p>
          <ul>
            <li>
              The size bands stop applying:{' '}
              {accounts.length === 0 ? 'every account' : accounts.join(', ')}{' '}
              {accounts.length === 1 ? 'goes' : 'go'} back to{' '}
              {accounts.length === 1 ? 'its' : 'their'} own limits only.
            </li>
            <li>
              Nothing is measured against the phases any more, and no phase can be signed off.
            </li>
            <li>
              The plan&apos;s history stays in the journal: its settings, sign-offs, phase changes
              and this reason.
            </li>
          </ul>
        </div>
        <ReasonField
          id={`${id}-reason`}
          testId="plan-end-reason"
          value={reason}
          onChange={setReason}
          problem={reasonProblem}
          disabled={busy}
          placeholder="e.g. strategy retired; going back to paper"
        />
        {error ? (
          <p className="dialog-error" role="alert" data-testid="plan-end-error">
            Vigil did not end the plan: {error}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button type="button" onClick={onClose} disabled={busy} data-testid="plan-end-cancel">
            Keep the plan
          </button>
          <button type="submit" className="danger" data-testid="plan-end-confirm" disabled={busy}>
            {busy ? 'Ending…' : 'End the plan'}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
