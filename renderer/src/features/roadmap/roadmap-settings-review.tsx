/**
 * Before Confirm: every change the settings form makes (now → new), what it means for orders
 * from now on, what stops it being sent, the reason the journal keeps, and the engine's words
 * when it refuses. Confirm stays off, with the reason beside it, while anything is wrong.
 */
import { useId, type ReactNode } from 'react'
import type { PlanEdit } from './plan-settings-model'

/** Props of SettingsReview. */
export interface SettingsReviewProps {
  readonly edit: PlanEdit
  readonly offline: boolean
  readonly busy: boolean
  readonly error: string | null
  readonly onDiscard: () => void
  /** The reason field. */
  readonly children: ReactNode
}

/** The review of a settings change, with Confirm. */
export function SettingsReview({
  edit,
  offline,
  busy,
  error,
  onDiscard,
  children,
}: SettingsReviewProps) {
  const blockedId = useId()
  const blocked =
    edit.problems.length > 0
      ? `Fix ${edit.problems.length === 1 ? 'the problem' : `the ${edit.problems.length} problems`} above before confirming.`
      : edit.changes.length === 0
        ? 'Nothing to confirm: nothing differs from the plan as it is.'
        : offline
          ? 'The console is not connected to Vigil; the change can be sent once it is.'
          : null
  return (
    <div
      className="review roadmap-settings-review"
      role="group"
      aria-label="Confirm the plan changes"
      data-testid="settings-review"
    >
      {edit.changes.length > 0 ? (
        <table className="table roadmap-settings-diff" data-testid="settings-changes">
          <caption className="review-summary">
            <strong>What changes</strong>
          </caption>
          <thead>
            <tr>
              <th scope="col">Setting</th>
              <th scope="col">Now</th>
              <th scope="col" aria-label="becomes" />
              <th scope="col">New</th>
            </tr>
          </thead>
          <tbody>
            {edit.changes.map((c) => (
              <tr key={c.key} data-testid={`settings-change-${c.key}`}>
                <th scope="row">{c.label}</th>
                <td>{c.from}</td>
                <td aria-hidden="true">→</td>
                <td className="strong">{c.to}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {edit.problems.length > 0 ? (
        <ul
          className="roadmap-settings-problems negative"
          role="alert"
          data-testid="settings-problems"
        >
          {edit.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : null}
      {edit.warnings.length > 0 ? (
        <ul className="roadmap-settings-warnings warning" data-testid="settings-warnings">
          {edit.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      ) : null}
      {children}
      {error ? (
        <p className="negative" role="alert" data-testid="settings-error">
          Vigil did not change the plan: {error}
        </p>
      ) : null}
      <div className="review-actions">
        {blocked ? (
          <span
            className="muted roadmap-settings-blocked"
            id={blockedId}
            data-testid="settings-blocked"
          >
            {blocked}
          </span>
        ) : null}
        <button type="button" onClick={onDiscard} disabled={busy} data-testid="settings-discard">
          Discard changes
        </button>
        <button
          type="submit"
          className="primary"
          data-testid="settings-confirm"
          disabled={busy || blocked !== null}
          aria-describedby={blocked ? blockedId : undefined}
        >
          {busy
            ? 'Saving…'
            : `Confirm ${edit.changes.length} ${edit.changes.length === 1 ? 'change' : 'changes'}`}
        </button>
      </div>
    </div>
  )
}
