/**
 * Signing a phase off. The button opens a dialog that first says whether the phase may be
 * signed off now: if not, every blocker the engine gave is listed and Confirm stays off. Then
 * who signs and a note; the engine journals both with the criteria as they are. A done phase
 * shows its sign-off: who, when, on which day, the note.
 */
import { useId, useState } from 'react'
import type { PhaseView, SignOff } from '../../../../shared/validation'
import { Dialog } from '../../components/dialog'
import { formatTime } from '../../lib/format'
import { useValidationStore } from '../../stores/validation-store'

/** The sign-off of a phase, or its button when the phase is current. */
export function SignOffPart({ phase }: { readonly phase: PhaseView }) {
  const [open, setOpen] = useState(false)
  if (phase.signOff) return <SignedOff signOff={phase.signOff} />
  if (phase.status !== 'current')
    return (
      <p className="muted" data-testid="signoff-later">
        Phase {phase.phase} is signed off once it is the current phase and its days are over.
      </p>
    )
  return (
    <div className="roadmap-signoff">
      <button
        type="button"
        className={phase.canSignOff.ok ? 'primary' : undefined}
        data-testid="signoff-open"
        onClick={() => setOpen(true)}
      >
        Sign off phase {phase.phase}…
      </button>
      <span className="muted" data-testid="signoff-state">
        {phase.canSignOff.ok
          ? 'Every gating criterion passes and the checklist is done.'
          : `Not yet: ${phase.canSignOff.blockers.length} ${phase.canSignOff.blockers.length === 1 ? 'thing stands' : 'things stand'} in the way.`}
      </span>
      {open ? <SignOffDialog phase={phase} onClose={() => setOpen(false)} /> : null}
    </div>
  )
}

function SignedOff({ signOff }: { readonly signOff: SignOff }) {
  return (
    <p className="roadmap-signed" data-testid="signoff-done">
      Signed off by <strong>{signOff.by}</strong> on {formatTime(signOff.ts)} (day {signOff.day}): “
      {signOff.note}”
    </p>
  )
}

function SignOffDialog({
  phase,
  onClose,
}: {
  readonly phase: PhaseView
  readonly onClose: () => void
}) {
  const id = useId()
  const change = useValidationStore((s) => s.change)
  const [by, setBy] = useState('')
  const [note, setNote] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const { ok, blockers } = phase.canSignOff
  const filled = by.trim().length > 0 && note.trim().length >= 3

  const confirm = async (): Promise<void> => {
    setBusy(true)
    setError(null)
    const result = await change('validation:sign-off', {
      phase: phase.phase,
      by: by.trim(),
      note: note.trim(),
    })
    setBusy(false)
    if (result.ok) onClose()
    else setError(result.error.message)
  }

  const next = phase.phase === 3 ? 'the plan is complete' : `phase ${phase.phase + 1} starts`
  return (
    <Dialog
      title={`Sign off phase ${phase.phase}`}
      onClose={() => {
        if (!busy) onClose()
      }}
      testId="signoff-dialog"
    >
      <form
        noValidate
        className="dialog-form"
        onSubmit={(event) => {
          event.preventDefault()
          if (ok && filled) void confirm()
        }}
      >
        {ok ? (
          <p data-testid="signoff-ready">
            Every gating criterion passes and the checklist is done. Once signed, {next}; the
            journal keeps who signed, the note and every criterion as it is now.
          </p>
        ) : (
          <div className="warning" role="alert" data-testid="signoff-blockers">
            <p>Phase {phase.phase} cannot be signed off yet:</p>
            <ul>
              {blockers.map((b) => (
                <li key={b}>{b}</li>
              ))}
            </ul>
          </div>
        )}
        <label className="field" htmlFor={`${id}-by`}>
          <span className="label">Signed by (required)</span>
          <input
            id={`${id}-by`}
            data-testid="signoff-by"
            type="text"
            maxLength={80}
            autoComplete="name"
            value={by}
            disabled={busy}
            onChange={(event) => setBy(event.target.value)}
            data-autofocus
          />
        </label>
        <label className="field" htmlFor={`${id}-note`}>
          <span className="label">Note (required, written to the audit journal)</span>
          <textarea
            id={`${id}-note`}
            data-testid="signoff-note"
            rows={3}
            maxLength={1000}
            placeholder="e.g. 30 days without an integrity violation; drills recovered"
            value={note}
            disabled={busy}
            onChange={(event) => setNote(event.target.value)}
          />
        </label>
        {error ? (
          <p className="dialog-error" role="alert" data-testid="signoff-error">
            Not signed off: {error}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button type="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button
            type="submit"
            className="primary"
            data-testid="signoff-confirm"
            disabled={busy || !ok || !filled}
            title={
              !ok
                ? 'The blockers above must be cleared first.'
                : !filled
                  ? 'Say who signs and why.'
                  : undefined
            }
          >
            {busy ? 'Signing…' : 'Confirm sign-off'}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
