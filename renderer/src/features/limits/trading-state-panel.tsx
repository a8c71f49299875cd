/**
 * The Trading state panel of the Risk limits screen: the state set for every account, the
 * effective state of the account in view (what the gate applies), and the operator's overrides
 * (Halt, Reduce only, Resume) for this account or for every account. Each asks for a reason
 * (journaled) and a confirmation. When the global state is what blocks the account, it says so:
 * resuming the account alone would change nothing the trader can see.
 */
import { useId, useState } from 'react'
import type { TradingState } from '../../../../shared/types'
import { Dialog } from '../../components/dialog'
import { StoryLines, useAccountState, useEngineNow } from '../../components/state-story'
import { ReasonField } from '../../components/reason-field'
import {
  reasonProblem,
  TRADING_STATE_CLASS,
  TRADING_STATE_HINT,
  TRADING_STATE_TEXT,
} from '../../lib/trading-state'
import { useConnectionStore } from '../../stores/connection-store'
import { selectAccountInView, useLedgerStore } from '../../stores/ledger-store'
import { useRiskStore } from '../../stores/risk-store'

type Scope =
  | { readonly kind: 'account'; readonly id: string; readonly name: string }
  | {
      readonly kind: 'global'
    }

interface Pending {
  readonly scope: Scope
  readonly state: TradingState
}

const ACTIONS: readonly { readonly state: TradingState; readonly verb: string }[] = [
  { state: 'HALTED', verb: 'Halt' },
  { state: 'REDUCE_ONLY', verb: 'Reduce only' },
  { state: 'RECOVERING', verb: 'Resume gradually' },
  { state: 'ACTIVE', verb: 'Resume' },
]

function testIdOf(state: TradingState): string {
  switch (state) {
    case 'HALTED':
      return 'halt'
    case 'REDUCE_ONLY':
      return 'reduce-only'
    case 'RECOVERING':
      return 'recover'
    case 'ACTIVE':
      return 'resume'
  }
}

function where(scope: Scope): string {
  return scope.kind === 'global' ? 'every account' : scope.name
}

function consequence(state: TradingState, scope: Scope): string {
  const target = where(scope)
  switch (state) {
    case 'HALTED':
      return `No order will be sent in ${target} until trading is resumed. Open orders stay open: cancel them on the Orders screen, or use the kill switch.`
    case 'REDUCE_ONLY':
      return `In ${target}, only orders that make a position smaller will be accepted; new buying is refused.`
    case 'RECOVERING':
      return `${target} trades again at a reduced order size that steps up after clean trades, and halts again on any new failure.`
    case 'ACTIVE':
      return scope.kind === 'global'
        ? 'The state set for every account is lifted. An account halted on its own stays halted until it is resumed too.'
        : `${target} trades again, every order checked against the risk limits. A state set for every account still applies on top.`
  }
}

function confirmLabel(state: TradingState, scope: Scope): string {
  const target = where(scope)
  switch (state) {
    case 'HALTED':
      return `Halt trading in ${target}`
    case 'REDUCE_ONLY':
      return `Set ${target} to reduce only`
    case 'RECOVERING':
      return `Resume ${target} gradually`
    case 'ACTIVE':
      return `Resume trading in ${target} at full size`
  }
}

/** Trading state and overrides for the account in view and for every account. */
export function TradingStatePanel() {
  const account = useLedgerStore(selectAccountInView)
  const effective = useRiskStore((s) => (account ? s.tradingStates[account.id] : undefined))
  const global = useRiskStore((s) => s.globalTradingState)
  const online = useConnectionStore((s) => s.status === 'online')
  const [pending, setPending] = useState<Pending | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const { stories } = useAccountState(account?.id ?? null)
  const now = useEngineNow()
  const globalSetter = stories.find((s) => s.source === 'global')?.setter

  if (!account) return null
  const accountScope: Scope = { kind: 'account', id: account.id, name: account.name }
  // The effective state is the stricter of the two: when it equals a non-ACTIVE global state,
  // the global one is what blocks the account (its own may be laxer, or the same).
  const globalBlocks = global !== null && global !== 'ACTIVE' && effective === global

  const ask = (scope: Scope, state: TradingState): void => {
    setDone(null)
    setPending({ scope, state })
  }

  return (
    <section
      className="panel trading-panel"
      data-testid="trading-panel"
      aria-labelledby="trading-panel-title"
    >
      <h2 className="panel-title" id="trading-panel-title">
        Trading state
      </h2>
      <div className="trading-rows">
        <div className="trading-row">
          <span className="trading-row-label">Every account</span>
          <StateWord state={global} testId="trading-panel-global" />
          <span className="trading-row-actions">
            {ACTIONS.map((a) => (
              <button
                key={a.state}
                type="button"
                className={a.state === 'HALTED' ? 'danger small' : 'small'}
                data-testid={`trading-global-${testIdOf(a.state)}`}
                disabled={!online || global === a.state}
                onClick={() => ask({ kind: 'global' }, a.state)}
              >
                {a.verb} all accounts
              </button>
            ))}
          </span>
        </div>
        <div className="trading-row">
          <span className="trading-row-label">{account.name} (in view)</span>
          <StateWord state={effective ?? null} testId="trading-panel-account" />
          <span className="trading-row-actions">
            {ACTIONS.map((a) => (
              <button
                key={a.state}
                type="button"
                className={a.state === 'HALTED' ? 'danger small' : 'small'}
                data-testid={`trading-account-${testIdOf(a.state)}`}
                // The account's own state is hidden behind a stricter global one: let every choice through.
                disabled={!online || (!globalBlocks && effective === a.state)}
                onClick={() => ask(accountScope, a.state)}
              >
                {a.verb}
              </button>
            ))}
          </span>
        </div>
      </div>
      {globalBlocks && global ? (
        <p className="banner banner-warn" data-testid="trading-panel-global-blocks" role="status">
          {TRADING_STATE_TEXT[global]} for every account,{' '}
          {globalSetter
            ? `set by the ${globalSetter}.`
            : 'set by a setter this Vigil does not name.'}{' '}
          That is what {global === 'RECOVERING' ? 'limits' : 'blocks'} {account.name}: resuming this
          account alone changes nothing until every account is resumed (Resume all accounts).
        </p>
      ) : effective && stories.length === 0 ? (
        <p className="muted panel-note">{TRADING_STATE_HINT[effective]}</p>
      ) : null}
      {stories.map((story) => (
        <div className="trading-panel-story" key={story.source}>
          <h3 className="trading-details-title">{story.title}</h3>
          <StoryLines
            story={story}
            now={now}
            testId={`trading-panel-story-${story.source}`}
            here="#/limits"
          />
        </div>
      ))}
      {done ? (
        <p className="notice panel-note" data-testid="trading-panel-done" role="status">
          {done}
        </p>
      ) : null}
      {pending ? (
        <OverrideDialog
          pending={pending}
          onCancel={() => setPending(null)}
          onDone={(text) => {
            setPending(null)
            setDone(text)
          }}
        />
      ) : null}
    </section>
  )
}

function StateWord(props: { readonly state: TradingState | null; readonly testId: string }) {
  if (!props.state)
    return (
      <span className="muted" data-testid={props.testId}>
        Not known yet
      </span>
    )
  return (
    <span
      className={`trading-state ${TRADING_STATE_CLASS[props.state]}`}
      data-testid={props.testId}
      data-state={props.state}
    >
      {TRADING_STATE_TEXT[props.state]}
    </span>
  )
}

function OverrideDialog(props: {
  readonly pending: Pending
  readonly onCancel: () => void
  readonly onDone: (text: string) => void
}) {
  const { scope, state } = props.pending
  const setTradingState = useRiskStore((s) => s.setTradingState)
  const [reason, setReason] = useState('')
  const [touched, setTouched] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const ids = useId()
  const problem = reasonProblem(reason)
  const resumes = state === 'ACTIVE' || state === 'RECOVERING'

  const confirm = async (): Promise<void> => {
    setTouched(true)
    if (problem) return
    setBusy(true)
    setError(null)
    const result = await setTradingState(
      scope.kind === 'global' ? { global: true } : { accountId: scope.id },
      state,
      reason,
    )
    setBusy(false)
    if (!result.ok) {
      setError(result.error.message)
      return
    }
    const now =
      scope.kind === 'global' ? result.value.global : (result.value.accounts[scope.id] ?? state)
    props.onDone(
      `${scope.kind === 'global' ? 'Every account' : scope.name} is now ${TRADING_STATE_TEXT[now]}` +
        `${scope.kind === 'global' ? ' (set for all accounts)' : ''}. The reason is in the audit journal.`,
    )
  }

  return (
    <Dialog
      title={`${confirmLabel(state, scope)}?`}
      onClose={() => {
        if (!busy) props.onCancel()
      }}
      testId="trading-override-dialog"
      tone={resumes ? 'normal' : 'danger'}
    >
      <div className="dialog-body kill-switch-body">
        <p>{consequence(state, scope)}</p>
        <ReasonField
          id={`${ids}-reason`}
          testId="trading-override-reason"
          value={reason}
          onChange={setReason}
          problem={touched ? problem : null}
          disabled={busy}
        />
      </div>
      {error ? (
        <p className="dialog-error" role="alert" data-testid="trading-override-error">
          Not changed: {error}
        </p>
      ) : null}
      <div className="dialog-actions">
        <button type="button" onClick={props.onCancel} disabled={busy} data-autofocus>
          Cancel
        </button>
        <button
          type="button"
          className={resumes ? 'primary' : 'danger'}
          data-testid="trading-override-confirm"
          onClick={() => void confirm()}
          disabled={busy}
        >
          {busy ? 'Working…' : confirmLabel(state, scope)}
        </button>
      </div>
    </Dialog>
  )
}
