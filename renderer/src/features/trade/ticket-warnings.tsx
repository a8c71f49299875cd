/**
 * The ticket's warnings before Review: each check the gate would refuse the order for, in the
 * gate's own words, and why Review (or Confirm) waits.
 */
import type { GateCheck } from '../../../../shared/types'

/** Why Review (or Confirm) waits: the gate would refuse the order as it stands. */
export function blockedText(count: number, reviewing: boolean): string {
  const what = count === 1 ? 'the check above' : `the ${count} checks above`
  return reviewing
    ? `Confirm is off: the gate would now refuse this order (${what}). Edit it, or wait until the block lifts.`
    : `Review is off: the gate would refuse this order (${what}). Change the order, or lift the block, to go on.`
}

/** The checks that would refuse the order, in the gate's own words; nothing when none does. */
export function CheckWarnings(props: {
  readonly checks: readonly GateCheck[]
  readonly testId: string
}) {
  if (props.checks.length === 0) return null
  return (
    <ul className="ticket-warnings" role="alert" data-testid={props.testId}>
      {props.checks.map((c) => (
        <li key={c.name} data-check={c.name}>
          {c.message}
        </li>
      ))}
    </ul>
  )
}
