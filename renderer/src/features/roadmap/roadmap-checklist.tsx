/**
 * A phase's checklist: its criteria in one line (how many gating criteria pass, fail, or lack
 * data), then the manual items the trader added, each with a done box and a note, and a field
 * to add one. Every tick and note is journaled by the engine; a refusal shows its reason inline.
 */
import { useId, useState } from 'react'
import type { ChecklistItem, PhaseView } from '../../../../shared/validation'
import { useValidationStore } from '../../stores/validation-store'

/** Props of Checklist. */
export interface ChecklistProps {
  readonly phase: PhaseView
}

/** The criteria in one sentence, e.g. "Gating criteria: 3 pass, 1 fails, 0 lack data." */
export function criteriaSummary(phase: PhaseView): string {
  const gating = phase.criteria.filter((c) => c.gating)
  const count = (v: string): number => gating.filter((c) => c.verdict === v).length
  if (gating.length === 0) return 'No gating criterion in this phase.'
  return `Gating criteria: ${count('pass')} of ${gating.length} pass, ${count('fail')} fail, ${count('not_enough_data')} without enough data.`
}

/** The checklist panel of one phase. */
export function Checklist({ phase }: ChecklistProps) {
  const id = useId()
  const change = useValidationStore((s) => s.change)
  const [text, setText] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const locked = phase.status === 'done'

  const add = async (): Promise<void> => {
    setBusy(true)
    setError(null)
    const result = await change('validation:add-item', { phase: phase.phase, text: text.trim() })
    setBusy(false)
    if (result.ok) setText('')
    else setError(result.error.message)
  }

  return (
    <section className="roadmap-checklist" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="roadmap-subtitle">
        Checklist of phase {phase.phase}
      </h3>
      <p data-testid="checklist-criteria">{criteriaSummary(phase)}</p>
      {phase.checklist.length === 0 ? (
        <p className="muted">No manual item yet.</p>
      ) : (
        <ul className="roadmap-items" data-testid={`checklist-${phase.phase}`}>
          {phase.checklist.map((item) => (
            <Item key={`${item.id}:${item.note}`} item={item} locked={locked} />
          ))}
        </ul>
      )}
      {locked ? null : (
        <form
          noValidate
          className="roadmap-add"
          onSubmit={(event) => {
            event.preventDefault()
            void add()
          }}
        >
          <label className="field" htmlFor={`${id}-add`}>
            <span className="label">Add an item to check in phase {phase.phase}</span>
            <input
              id={`${id}-add`}
              data-testid="checklist-add-input"
              type="text"
              maxLength={200}
              autoComplete="off"
              placeholder="e.g. Check the tax export for the first month"
              value={text}
              disabled={busy}
              onChange={(event) => setText(event.target.value)}
            />
          </label>
          <button type="submit" data-testid="checklist-add" disabled={busy || text.trim() === ''}>
            Add item
          </button>
          {error ? (
            <p className="negative" role="alert" data-testid="checklist-error">
              Not added: {error}
            </p>
          ) : null}
        </form>
      )}
    </section>
  )
}

function Item({ item, locked }: { readonly item: ChecklistItem; readonly locked: boolean }) {
  const id = useId()
  const change = useValidationStore((s) => s.change)
  const [note, setNote] = useState(item.note)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const send = async (done: boolean): Promise<void> => {
    setBusy(true)
    setError(null)
    const result = await change('validation:check-item', { id: item.id, done, note: note.trim() })
    setBusy(false)
    if (!result.ok) setError(result.error.message)
  }

  return (
    <li className="roadmap-item" data-testid="checklist-item" data-done={item.done}>
      <label className="roadmap-item-check" htmlFor={`${id}-done`}>
        <input
          id={`${id}-done`}
          type="checkbox"
          checked={item.done}
          disabled={busy || locked}
          onChange={(event) => void send(event.target.checked)}
        />
        <span>{item.text}</span>
      </label>
      <label className="sr-only" htmlFor={`${id}-note`}>
        Note on {item.text}
      </label>
      <input
        id={`${id}-note`}
        className="roadmap-item-note"
        type="text"
        maxLength={500}
        placeholder="Note"
        value={note}
        disabled={busy || locked}
        onChange={(event) => setNote(event.target.value)}
      />
      <button
        type="button"
        className="small"
        disabled={busy || locked || note.trim() === item.note}
        onClick={() => void send(item.done)}
      >
        Save note
      </button>
      {error ? (
        <p className="negative" role="alert">
          Not saved: {error}
        </p>
      ) : null}
    </li>
  )
}
