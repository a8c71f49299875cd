/**
 * Changing one criterion's target in one phase: a button in the row opens a small dialog with
 * the number in the criterion's unit (percent for '%' criteria, sent as the fraction the engine
 * keeps) and the reason the journal keeps. A refusal shows the engine's own words under the form,
 * and what was typed stays.
 */
import { useId, useState } from 'react'
import { OP_SIGNS, type CriterionResult, type PhaseNumber } from '../../../../shared/validation'
import { Dialog } from '../../components/dialog'
import { ReasonField } from '../../components/reason-field'
import { useValidationStore } from '../../stores/validation-store'
import { formatTarget, fromInput, toInput, unitWords } from './roadmap-format'

/** Props of TargetEdit. */
export interface TargetEditProps {
  readonly phase: PhaseNumber
  readonly criterion: CriterionResult
}

/** The edit button and its dialog. */
export function TargetEdit({ phase, criterion }: TargetEditProps) {
  const [open, setOpen] = useState(false)
  return (
    <>
      <button
        type="button"
        className="small"
        data-testid={`target-edit-${criterion.id}`}
        aria-label={`Change the target of ${criterion.label} in phase ${phase}`}
        onClick={() => setOpen(true)}
      >
        Edit
      </button>
      {open ? (
        <TargetDialog phase={phase} criterion={criterion} onClose={() => setOpen(false)} />
      ) : null}
    </>
  )
}

function TargetDialog({
  phase,
  criterion,
  onClose,
}: TargetEditProps & { readonly onClose: () => void }) {
  const id = useId()
  const change = useValidationStore((s) => s.change)
  const [text, setText] = useState(toInput(criterion.target, criterion.unit))
  const [reason, setReason] = useState('')
  const [tried, setTried] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const parsed = fromInput(text, criterion.unit)
  const reasonProblem =
    tried && reason.trim().length < 3 ? 'Say why, in a few words: it goes into the journal.' : null

  const save = async (): Promise<void> => {
    setTried(true)
    if (!parsed.ok || reason.trim().length < 3) return
    setBusy(true)
    setError(null)
    const result = await change('validation:set-target', {
      phase,
      criterion: criterion.id,
      target: parsed.value,
      reason: reason.trim(),
    })
    setBusy(false)
    if (result.ok) onClose()
    else setError(result.error.message)
  }

  const suffix = criterion.unit === '%' ? '%' : criterion.unit === 'count' ? '' : criterion.unit
  return (
    <Dialog
      title={`Target of ${criterion.label}, phase ${phase}`}
      onClose={() => {
        if (!busy) onClose()
      }}
      testId="target-dialog"
    >
      <form
        noValidate
        className="dialog-form"
        onSubmit={(event) => {
          event.preventDefault()
          void save()
        }}
      >
        <p className="muted">
          Now {formatTarget(criterion.op, criterion.target, criterion.unit)}. The value must be{' '}
          {OP_SIGNS[criterion.op]} the target to pass.
        </p>
        <label className="field" htmlFor={`${id}-target`}>
          <span className="label">
            Target ({unitWords(criterion.unit)}){criterion.unit === '%' ? ', e.g. 80 for 80 %' : ''}
          </span>
          <span className="roadmap-input-unit">
            <span aria-hidden="true">{OP_SIGNS[criterion.op]}</span>
            <input
              id={`${id}-target`}
              data-testid="target-input"
              type="text"
              inputMode="decimal"
              autoComplete="off"
              value={text}
              disabled={busy}
              aria-invalid={tried && !parsed.ok}
              aria-describedby={`${id}-target-help`}
              onChange={(event) => setText(event.target.value)}
              data-autofocus
            />
            {suffix ? <span>{suffix}</span> : null}
          </span>
          <span
            className={tried && !parsed.ok ? 'field-help' : 'field-help field-hint'}
            id={`${id}-target-help`}
            role={tried && !parsed.ok ? 'alert' : undefined}
          >
            {tried && !parsed.ok ? parsed.reason : ''}
          </span>
        </label>
        <ReasonField
          id={`${id}-reason`}
          testId="target-reason"
          value={reason}
          onChange={setReason}
          problem={reasonProblem}
          disabled={busy}
          placeholder="e.g. 45 % is too strict for a trend strategy"
        />
        {error ? (
          <p className="dialog-error" role="alert" data-testid="target-error">
            Vigil did not change the target: {error}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button type="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="primary" data-testid="target-save" disabled={busy}>
            {busy ? 'Saving…' : 'Save target'}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
