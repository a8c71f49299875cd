/**
 * The reason an operator gives for stopping or resuming trading. It is required (the engine
 * journals it), so the field says so up front and shows what is missing next to it.
 */

/** Props of ReasonField. */
export interface ReasonFieldProps {
  readonly id: string
  readonly value: string
  readonly onChange: (value: string) => void
  /** What is wrong, shown under the field; null when nothing is (yet). */
  readonly problem: string | null
  readonly disabled?: boolean
  readonly testId?: string
  /** An example reason that fits the action. */
  readonly placeholder?: string
}

/** A required one-line reason, journaled with the action. */
export function ReasonField(props: ReasonFieldProps) {
  return (
    <label className="field" htmlFor={props.id}>
      <span className="label">Reason (required, written to the audit journal)</span>
      <input
        id={props.id}
        data-testid={props.testId}
        type="text"
        autoComplete="off"
        required
        maxLength={300}
        placeholder={props.placeholder ?? 'e.g. prices look wrong, stepping away'}
        value={props.value}
        disabled={props.disabled}
        aria-invalid={props.problem !== null}
        aria-describedby={`${props.id}-help`}
        onChange={(event) => props.onChange(event.target.value)}
      />
      <span
        className="field-help"
        id={`${props.id}-help`}
        role={props.problem ? 'alert' : undefined}
      >
        {props.problem ?? ''}
      </span>
    </label>
  )
}
