/**
 * The rules editor: each rule on its own row, edited in the trader's units (percent for the
 * drawdown and the win rate, minutes for the cool-down) and saved on its own. The engine checks
 * every change; what it refuses is shown in its own words. Letting a rule trip the circuit
 * breaker asks first, because it halts trading.
 */
import { useId, useState } from 'react'
import type { AlertRule } from '../../../../shared/performance'
import { ConfirmDialog } from '../../components/dialog'
import { SEVERITIES, SEVERITY_LABEL, type Severity } from '../../lib/alert-severity'
import { useAlertsStore, type RulePatch } from '../../stores/alerts-store'
import { useConnectionStore } from '../../stores/connection-store'
import { minTradesLabel, thresholdForEditing, thresholdForEngine, unitLabel } from './alerts-format'

const MINUTE_MS = 60_000

interface Draft {
  readonly enabled: boolean
  readonly threshold: string
  readonly severity: Severity
  readonly minTrades: string
  readonly cooldownMin: string
  readonly tripsBreaker: boolean
}

function draftOf(rule: AlertRule): Draft {
  return {
    enabled: rule.enabled,
    threshold: String(thresholdForEditing(rule)),
    severity: rule.severity,
    minTrades: String(rule.minTrades),
    cooldownMin: String(rule.cooldownMs / MINUTE_MS),
    tripsBreaker: rule.tripsBreaker,
  }
}

/**
 * The changes a draft makes to its rule, in the engine's units, or what is wrong with it.
 * Only fields that changed are sent.
 */
export function rulePatch(
  rule: AlertRule,
  draft: Draft,
): { readonly patch: RulePatch } | { readonly error: string } {
  const patch: { -readonly [K in keyof RulePatch]: RulePatch[K] } = {}
  if (draft.enabled !== rule.enabled) patch.enabled = draft.enabled
  const edited = Number(draft.threshold)
  if (draft.threshold.trim() === '' || !Number.isFinite(edited) || edited <= 0)
    return { error: `The threshold must be a number above 0 (${unitLabel(rule.unit)}).` }
  const threshold = thresholdForEngine(rule.unit, edited)
  if (threshold !== rule.threshold) patch.threshold = threshold
  if (draft.severity !== rule.severity) patch.severity = draft.severity
  if (minTradesLabel(rule.id) !== null) {
    const minTrades = Number(draft.minTrades)
    if (!Number.isInteger(minTrades) || minTrades < 1)
      return { error: 'The number of trades must be a whole number of at least 1.' }
    if (minTrades !== rule.minTrades) patch.minTrades = minTrades
  }
  const cooldown = Number(draft.cooldownMin)
  if (draft.cooldownMin.trim() === '' || !Number.isInteger(cooldown) || cooldown < 0)
    return { error: 'The cool-down must be a whole number of minutes, 0 or more.' }
  if (cooldown * MINUTE_MS !== rule.cooldownMs) patch.cooldownMs = cooldown * MINUTE_MS
  if (draft.tripsBreaker !== rule.tripsBreaker) patch.tripsBreaker = draft.tripsBreaker
  return { patch }
}

/** The rules panel. */
export function AlertRulesPanel() {
  const rules = useAlertsStore((s) => s.rules)
  const [saved, setSaved] = useState<string | null>(null)
  return (
    <section className="panel" aria-labelledby="alert-rules-title">
      <h2 id="alert-rules-title" className="panel-title">
        Rules
      </h2>
      <p className="muted alerts-note">
        Each rule watches every account on its own. After a condition clears, the rule stays quiet
        for its cool-down before it can raise the same alert again.
      </p>
      <ul className="rule-list" data-testid="alert-rules">
        {rules.map((rule) => (
          // A new key when the engine's rule changes starts the row over from it.
          <RuleRow
            key={`${rule.id}:${JSON.stringify(rule)}`}
            rule={rule}
            saved={saved === rule.id}
            onSaved={() => setSaved(rule.id)}
          />
        ))}
      </ul>
    </section>
  )
}

function RuleRow({
  rule,
  saved,
  onSaved,
}: {
  readonly rule: AlertRule
  readonly saved: boolean
  readonly onSaved: () => void
}) {
  const updateRule = useAlertsStore((s) => s.updateRule)
  const online = useConnectionStore((s) => s.status === 'online')
  const [draft, setDraft] = useState<Draft>(() => draftOf(rule))
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [confirming, setConfirming] = useState(false)
  const id = useId()
  const checked = rulePatch(rule, draft)
  const dirty = 'error' in checked || Object.keys(checked.patch).length > 0
  const trades = minTradesLabel(rule.id)

  const edit = (change: Partial<Draft>): void => {
    setDraft({ ...draft, ...change })
    setError(null)
  }

  const save = async (): Promise<void> => {
    if ('error' in checked) {
      setError(checked.error)
      return
    }
    setBusy(true)
    setError(null)
    const result = await updateRule(rule.id, checked.patch)
    setBusy(false)
    // On success the store holds the new rule and this row starts over from it.
    if (result.ok) onSaved()
    else setError(result.error.message)
  }

  return (
    <li data-testid={`rule-${rule.id}`} className={`rule-row ${draft.enabled ? '' : 'rule-off'}`}>
      <span className="rule-field rule-main">
        <input
          type="checkbox"
          className="rule-toggle"
          id={`${id}-on`}
          data-testid="rule-enabled"
          checked={draft.enabled}
          aria-label={`${rule.label}: on`}
          onChange={(event) => edit({ enabled: event.target.checked })}
        />
        <label htmlFor={`${id}-threshold`} className="rule-label">
          {rule.label}
        </label>{' '}
        <input
          id={`${id}-threshold`}
          className="rule-number"
          type="number"
          inputMode="decimal"
          min={0}
          step="any"
          data-testid="rule-threshold"
          value={draft.threshold}
          onChange={(event) => edit({ threshold: event.target.value })}
        />{' '}
        <span className="muted-inline" data-testid="rule-unit">
          {unitLabel(rule.unit)}
        </span>
      </span>
      <div className="rule-details">
        <label className="rule-field">
          <span className="muted-inline">Severity</span>
          <select
            aria-label={`${rule.label}: severity`}
            data-testid="rule-severity"
            value={draft.severity}
            onChange={(event) => edit({ severity: event.target.value as Severity })}
          >
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {SEVERITY_LABEL[s]}
              </option>
            ))}
          </select>
        </label>
        {trades === null ? null : (
          <label className="rule-field">
            <span className="muted-inline">{trades}</span>{' '}
            <input
              className="rule-number rule-small"
              type="number"
              min={1}
              step={1}
              data-testid="rule-min-trades"
              value={draft.minTrades}
              onChange={(event) => edit({ minTrades: event.target.value })}
            />{' '}
            <span className="muted-inline">
              {rule.id === 'fees_above_schedule' ? 'fills' : 'trades'}
            </span>
          </label>
        )}
        <label className="rule-field">
          <span className="muted-inline">Quiet for</span>
          <input
            className="rule-number rule-small"
            type="number"
            min={0}
            step={1}
            aria-label={`${rule.label}: cool-down in minutes`}
            data-testid="rule-cooldown"
            value={draft.cooldownMin}
            onChange={(event) => edit({ cooldownMin: event.target.value })}
          />{' '}
          <span className="muted-inline">min after it clears</span>
        </label>
        {rule.id === 'bot_quiet' ? (
          <span className="rule-field muted-inline" data-testid="rule-bot-halt-note">
            Halting a quiet bot is each bot&apos;s own setting, on the Bots screen.
          </span>
        ) : (
          <span className="rule-field">
            <label className="check">
              <input
                type="checkbox"
                data-testid="rule-trips-breaker"
                checked={draft.tripsBreaker}
                onChange={(event) => {
                  if (event.target.checked) setConfirming(true)
                  else edit({ tripsBreaker: false })
                }}
              />
              <span>Trips the circuit breaker</span>
            </label>
            {confirming ? (
              <ConfirmDialog
                title="Halt trading when this alert is raised?"
                confirmLabel="Yes, halt trading on this alert"
                cancelLabel="No"
                danger
                testId="rule-breaker-confirm"
                onCancel={() => setConfirming(false)}
                onConfirm={() => {
                  setConfirming(false)
                  edit({ tripsBreaker: true })
                }}
              >
                <p>
                  When “{rule.label}” is raised on an account, the circuit breaker halts that
                  account: no new order goes out until it recovers or you resume it on the Risk
                  limits screen.
                </p>
                <p className="muted">The change takes effect when you save the rule.</p>
              </ConfirmDialog>
            ) : null}
          </span>
        )}
      </div>
      <span className="rule-field rule-save">
        <button
          type="button"
          className={dirty ? 'small primary' : 'small'}
          data-testid="rule-save"
          disabled={!dirty || busy || !online}
          onClick={() => void save()}
        >
          {busy ? 'Saving…' : 'Save'}
        </button>
        {dirty ? (
          <button
            type="button"
            className="small"
            data-testid="rule-reset"
            disabled={busy}
            onClick={() => {
              setDraft(draftOf(rule))
              setError(null)
            }}
          >
            Undo
          </button>
        ) : saved ? (
          <span className="gain rule-saved" role="status">
            Saved
          </span>
        ) : null}
      </span>
      {error ? (
        <p className="negative rule-error" role="alert" data-testid="rule-error">
          {error}
        </p>
      ) : null}
    </li>
  )
}
