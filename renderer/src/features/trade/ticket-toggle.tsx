/** A labelled group of pressed-or-not buttons choosing one value (side, order type). */

/** One choice of a Toggle. */
export interface ToggleOption<T extends string> {
  readonly value: T
  readonly label: string
  readonly className: string
}

/** Props of Toggle; each button's test id is `${testId}-${value}`. */
export interface ToggleProps<T extends string> {
  readonly id: string
  readonly label: string
  readonly className: string
  readonly value: T
  readonly options: readonly ToggleOption<T>[]
  readonly disabled: boolean
  readonly testId: string
  onChange(value: T): void
}

/** The toggle group. */
export function Toggle<T extends string>(props: ToggleProps<T>) {
  return (
    <div className="field">
      <span className="label" id={props.id}>
        {props.label}
      </span>
      <div className={props.className} role="group" aria-labelledby={props.id}>
        {props.options.map((option) => (
          <button
            key={option.value}
            type="button"
            className={option.className}
            aria-pressed={props.value === option.value}
            data-testid={`${props.testId}-${option.value}`}
            disabled={props.disabled}
            onClick={() => props.onChange(option.value)}
          >
            {option.label}
          </button>
        ))}
      </div>
    </div>
  )
}
