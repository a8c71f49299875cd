/**
 * What a drill left behind: the state of the drilled account now. A drill measures how fast
 * Vigil notices a failure and sees it end, but the circuit breaker may still be cooling down,
 * so "Recovered" in green next to a HALTED header would be untrue. The newest result of an
 * account that is not ACTIVE says what it is now instead, and the finished notice says who set
 * it, when it changes by itself and the way out.
 */
import type { DrillResult } from '../../../../shared/types'
import { countdownText, useAccountState, useEngineNow } from '../../components/state-story'
import { OUTCOME } from './drills-format'

/** The outcome badge; the newest result of an account still limited says the state now. */
export function DrillOutcome(props: { readonly result: DrillResult; readonly newest: boolean }) {
  const { result, newest } = props
  const { shown } = useAccountState(result.accountId)
  const limited =
    newest && result.outcome === 'recovered' && shown !== undefined && shown !== 'ACTIVE'
  return (
    <span
      className={`badge ${limited ? 'badge-open' : OUTCOME[result.outcome].badge}`}
      data-testid="drill-outcome"
      data-outcome={result.outcome}
      data-state={newest ? shown : undefined}
      title={
        limited
          ? `The failure was noticed and is over, but the account is ${shown} now: it cannot trade at full size yet.`
          : undefined
      }
    >
      {limited ? `Failure over · ${shown} now` : OUTCOME[result.outcome].label}
    </span>
  )
}

/** The drilled account's state now, with who set it, when it changes and the way out. */
export function DrillStateNow(props: { readonly accountId: string; readonly name: string }) {
  const { shown, stories } = useAccountState(props.accountId)
  const now = useEngineNow()
  if (shown === undefined) return null
  const top = stories[0]
  if (!top)
    return (
      <span data-testid="drill-state-now" data-state={shown}>
        Trading in {props.name} is {shown} now.
      </span>
    )
  return (
    <span data-testid="drill-state-now" data-state={shown}>
      Trading in {props.name} is {shown} now, set by the {top.setter}.{' '}
      {top.next
        ? `${top.next}${top.until !== null ? ` (${countdownText(top.until, now)})` : ''} `
        : ''}
      Way out: {top.action.text} <a href={top.action.href}>{top.action.label}</a>
    </span>
  )
}
