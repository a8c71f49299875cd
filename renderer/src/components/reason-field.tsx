/**
 * The reason an operator gives for stopping or resuming trading. The engine journals it, so the
 * field says up front whether it is required and shows what is missing next to it; where it is
 * optional (the kill switch), it says what is journaled instead.
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
  /** Where a reason may be left out (the action then journals a default), the label says so. */
  readonly optional?: boolean
  /** Shown under the field while nothing is wrong, e.g. what is journaled when left empty. */
  readonly hint?: string
}

/** A required one-line reason, journaled with the action. */
export function ReasonField(props: ReasonFieldProps) {
  return (
    <label className="field" htmlFor={props.id}>
      <span className="label">
        Reason ({props.optional ? 'optional' : 'required'}, written to the audit journal)
      </span>
      <input
        id={props.id}
        data-testid={props.testId}
        type="text"
        autoComplete="off"
        required={!props.optional}
        maxLength={300}
        placeholder={props.placeholder ?? 'e.g. prices look wrong, stepping away'}
        value={props.value}
        disabled={props.disabled}
        aria-invalid={props.problem !== null}
        aria-describedby={`${props.id}-help`}
        onChange={(event) => props.onChange(event.target.value)}
      />
      <span
        className={props.problem ? 'field-help' : 'field-help field-hint'}
        id={`${props.id}-help`}
        role={props.problem ? 'alert' : undefined}
      >
        {props.problem ?? props.hint ?? ''}
      </span>
    </label>
  )
}
