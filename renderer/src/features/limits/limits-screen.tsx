/**
 * Risk Limits: the trading state and its overrides (see trading-state-panel), then every limit the gate and the verifier enforce, with its unit and what it does.
 * Saving takes two steps (Save, then Confirm on a list of old → new values), the engine checks
 * every value, and what the form shows afterwards is what the engine answered. Limits changed
 * elsewhere (another window, a bot) appear live; fields being edited keep what was typed.
 */
import { useEffect, useId, useMemo, useState } from 'react'
import type { RiskLimits } from '../../../../shared/types'
import { formatTime } from '../../lib/format'
import { selectAccountInView, useLedgerStore } from '../../stores/ledger-store'
import { useConnectionStore } from '../../stores/connection-store'
import { useRiskStore } from '../../stores/risk-store'
import { TradingStatePanel } from './trading-state-panel'
import {
  describeValue,
  explainError,
  LIMIT_FIELDS,
  LIMIT_SECTIONS,
  parseInput,
  PENDING_RULES,
  sameValue,
  toInput,
  UNIT,
  type LimitField,
  type LimitKey,
} from './limit-fields'

type Drafts = Partial<Record<LimitKey, string>>

interface Change {
  readonly field: LimitField
  readonly from: string
  readonly to: string
}

type Status =
  | { readonly kind: 'editing' }
  | { readonly kind: 'confirming' }
  | { readonly kind: 'saving' }
  | { readonly kind: 'saved'; readonly at: number; readonly count: number }
  | {
      readonly kind: 'error'
      readonly message: string
      readonly byField: Partial<Record<LimitKey, string>>
    }

/** The fields whose typed value differs from the engine's. */
function changesOf(limits: RiskLimits, drafts: Drafts): Change[] {
  const changes: Change[] = []
  for (const field of LIMIT_FIELDS) {
    const draft = drafts[field.key]
    if (draft === undefined) continue
    const current = toInput(limits, field.key)
    if (!sameValue(field, draft, current)) changes.push({ field, from: current, to: draft.trim() })
  }
  return changes
}

/** The Risk Limits screen of the account in view. */
export function LimitsScreen() {
  const accountId = useLedgerStore((s) => selectAccountInView(s)?.id ?? s.defaultAccountId)
  // A fresh form per account: edits typed for one account must never be saved to another.
  return <AccountLimits key={accountId ?? ''} />
}

function AccountLimits() {
  const accountId = useLedgerStore((s) => selectAccountInView(s)?.id ?? s.defaultAccountId)
  const accountName = useLedgerStore((s) => selectAccountInView(s)?.name ?? null)
  const limits = useRiskStore((s) => (accountId ? s.limits[accountId] : undefined))
  const loadLimits = useRiskStore((s) => s.loadLimits)
  const saveLimits = useRiskStore((s) => s.saveLimits)
  const online = useConnectionStore((s) => s.status === 'online')
  const [drafts, setDrafts] = useState<Drafts>({})
  const [status, setStatus] = useState<Status>({ kind: 'editing' })
  const [loadError, setLoadError] = useState<string | null>(null)
  const ids = useId()

  // The snapshot carries the limits; a fresh read guards against a change missed meanwhile.
  useEffect(() => {
    if (!accountId || !online) return
    let cancelled = false
    void loadLimits(accountId).then((result) => {
      if (!cancelled) setLoadError(result.ok ? null : result.error.message)
    })
    return () => {
      cancelled = true
    }
  }, [accountId, online, loadLimits])

  const changes = useMemo(() => (limits ? changesOf(limits, drafts) : []), [limits, drafts])
  const problems = status.kind === 'error' ? status.byField : {}
  const locked = status.kind === 'confirming' || status.kind === 'saving'

  if (!accountId || !limits) {
    return (
      <div className="screen limits">
        <h1 className="screen-title">Risk limits</h1>
        <TradingStatePanel />
        <p className={loadError ? 'negative' : 'muted'} data-testid="limits-error">
          {loadError ? `Could not load the risk limits: ${loadError}` : 'Loading the risk limits…'}
        </p>
      </div>
    )
  }

  const edit = (key: LimitKey, value: string): void => {
    setDrafts((d) => ({ ...d, [key]: value }))
    if (status.kind === 'saved' || status.kind === 'error') setStatus({ kind: 'editing' })
  }

  const onSave = (): void => {
    if (changes.length === 0) return
    for (const change of changes) {
      const parsed = parseInput(change.field, change.to)
      if (!parsed.ok) {
        setStatus({
          kind: 'error',
          message: parsed.message,
          byField: { [change.field.key]: parsed.message },
        })
        return
      }
    }
    setStatus({ kind: 'confirming' })
  }

  const onConfirm = async (): Promise<void> => {
    const patch: Record<string, string | number> = {}
    for (const change of changes) {
      const parsed = parseInput(change.field, change.to)
      if (parsed.ok) patch[change.field.key] = parsed.value
    }
    setStatus({ kind: 'saving' })
    const result = await saveLimits(accountId, patch as Partial<RiskLimits>)
    if (!result.ok) {
      const { text, byField } = explainError(result.error.message)
      setStatus({ kind: 'error', message: text, byField })
      return
    }
    // From here the form shows the engine's answer, not what was typed.
    setDrafts({})
    setStatus({ kind: 'saved', at: Date.now(), count: changes.length })
  }

  return (
    <div className="screen limits">
      <h1 className="screen-title">Risk limits{accountName ? ` · ${accountName}` : ''}</h1>
      <p className="muted screen-intro">
        Every order is checked against these limits before it is sent, and every fill against the
        slippage tolerance after. Each change is written to the audit journal.
      </p>
      <TradingStatePanel />
      <form
        className="panel limits-form"
        data-testid="limits-form"
        aria-describedby={`${ids}-status`}
        onSubmit={(event) => {
          event.preventDefault()
          if (status.kind !== 'confirming') onSave()
        }}
      >
        {LIMIT_SECTIONS.map((section) => (
          <fieldset key={section.title} className="limits-section" disabled={locked}>
            <legend>{section.title}</legend>
            {section.fields.map((field) => (
              <LimitInput
                key={field.key}
                field={field}
                value={drafts[field.key] ?? toInput(limits, field.key)}
                changed={changes.some((c) => c.field.key === field.key)}
                problem={problems[field.key] ?? null}
                inputId={`${ids}-${field.key}`}
                onChange={(value) => edit(field.key, value)}
              />
            ))}
          </fieldset>
        ))}

        <div className="limits-actions" id={`${ids}-status`}>
          {status.kind === 'error' ? (
            <p className="limits-error" data-testid="limits-error" role="alert">
              Not saved. {status.message}
            </p>
          ) : null}
          {status.kind === 'saved' ? (
            <p className="limits-saved" data-testid="limits-saved" role="status">
              Saved {status.count} {status.count === 1 ? 'change' : 'changes'} at{' '}
              {formatTime(status.at).slice(11)}. Vigil enforces these limits from now on.
            </p>
          ) : null}
          {status.kind === 'confirming' || status.kind === 'saving' ? (
            <ConfirmPanel
              changes={changes}
              saving={status.kind === 'saving'}
              onBack={() => setStatus({ kind: 'editing' })}
              onConfirm={() => void onConfirm()}
            />
          ) : (
            <div className="limits-buttons">
              <button
                type="button"
                disabled={Object.keys(drafts).length === 0}
                onClick={() => {
                  setDrafts({})
                  setStatus({ kind: 'editing' })
                }}
              >
                Discard changes
              </button>
              <button
                type="submit"
                className="primary"
                data-testid="limits-save"
                disabled={changes.length === 0 || !online}
              >
                {changes.length === 0
                  ? 'Save limits'
                  : `Save ${changes.length} ${changes.length === 1 ? 'change' : 'changes'}…`}
              </button>
            </div>
          )}
        </div>
      </form>
    </div>
  )
}

function LimitInput(props: {
  readonly field: LimitField
  readonly value: string
  readonly changed: boolean
  /** What the engine (or the form) said is wrong with this field. */
  readonly problem: string | null
  readonly inputId: string
  readonly onChange: (value: string) => void
}) {
  const { field, value, inputId, problem } = props
  const unit = UNIT[field.kind]
  const invalid = problem !== null
  return (
    <div className={`limit-row${props.changed ? ' limit-changed' : ''}`}>
      <label className="limit-label" htmlFor={inputId}>
        {field.label}
        {unit ? <span className="limit-unit"> ({unit})</span> : null}
      </label>
      <div className="limit-input">
        {field.kind === 'choice' ? (
          <>
            <span className="affix" aria-hidden="true" />
            <select
              id={inputId}
              data-testid={`limits-field-${field.key}`}
              value={value}
              aria-invalid={invalid}
              aria-describedby={`${inputId}-help`}
              onChange={(event) => props.onChange(event.target.value)}
            >
              {PENDING_RULES.map((rule) => (
                <option key={rule.value} value={rule.value}>
                  {rule.label}
                </option>
              ))}
            </select>
            <span className="affix" aria-hidden="true" />
          </>
        ) : (
          <>
            <span className="affix" aria-hidden="true">
              {field.kind === 'money' ? '$' : ''}
            </span>
            <input
              id={inputId}
              data-testid={`limits-field-${field.key}`}
              type="text"
              inputMode="decimal"
              autoComplete="off"
              spellCheck={false}
              value={value}
              aria-invalid={invalid}
              aria-describedby={`${inputId}-help`}
              onChange={(event) => props.onChange(event.target.value)}
            />
            <span className="affix" aria-hidden="true">
              {field.kind === 'money' ? '' : unit}
            </span>
          </>
        )}
      </div>
      <p className={`limit-help${invalid ? ' limit-problem' : ''}`} id={`${inputId}-help`}>
        {problem ?? field.help}
      </p>
    </div>
  )
}

function ConfirmPanel(props: {
  readonly changes: readonly Change[]
  readonly saving: boolean
  readonly onBack: () => void
  readonly onConfirm: () => void
}) {
  return (
    <div className="review limits-review" role="group" aria-label="Confirm the new limits">
      <p className="review-summary">
        <strong>Apply these changes?</strong> Orders placed after this are checked against the new
        values.
      </p>
      <table className="table limits-diff" data-testid="limits-diff">
        <thead>
          <tr>
            <th scope="col">Limit</th>
            <th scope="col" className="right">
              Now
            </th>
            <th scope="col" aria-label="becomes" />
            <th scope="col" className="right">
              New
            </th>
          </tr>
        </thead>
        <tbody>
          {props.changes.map((c) => (
            <tr key={c.field.key} data-testid={`limits-change-${c.field.key}`}>
              <th scope="row">{c.field.label}</th>
              <td className="right num">{describeValue(c.field, c.from)}</td>
              <td aria-hidden="true">→</td>
              <td className="right num strong">{describeValue(c.field, c.to)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="review-actions">
        <button type="button" onClick={props.onBack} disabled={props.saving}>
          Back to editing
        </button>
        <button
          type="button"
          className="primary"
          data-testid="limits-confirm"
          disabled={props.saving}
          onClick={props.onConfirm}
          // Focus lands here so Enter confirms only after a deliberate second step.
          autoFocus
        >
          {props.saving ? 'Saving…' : 'Confirm changes'}
        </button>
      </div>
    </div>
  )
}
