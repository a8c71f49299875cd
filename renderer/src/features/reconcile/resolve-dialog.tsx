/**
 * Settling one reconciliation finding, with its action or by dismissing it: the dialog says
 * what will happen to the money or the position, asks for a reason (journaled; the contract's
 * rule), and shows the engine's answer word for word when it refuses. Focus starts on Cancel;
 * Escape closes it.
 */
import { useEffect, useId, useState } from 'react'
import { RECONCILE_ACTIONS, type ReconcileFinding } from '../../../../shared/types'
import { ConfirmDialog } from '../../components/dialog'
import { ReasonField } from '../../components/reason-field'
import { reasonProblem } from '../../lib/trading-state'
import { useReconcileStore } from '../../stores/reconcile-store'
import {
  describeDismissal,
  describeEffect,
  DISMISS_LABEL,
  formatSide,
  KIND_LABEL,
  RESOLVE_LABEL,
} from './reconcile-format'

/** Props of ResolveDialog. */
export interface ResolveDialogProps {
  readonly finding: ReconcileFinding
  /** Dismiss it (nothing changes) instead of settling it with its action. */
  readonly dismiss?: boolean
  readonly accountName: string
  readonly onClose: () => void
  /** Called once the engine has settled the finding. */
  readonly onResolved: () => void
}

/** The confirmation, with a reason, before a finding is settled. */
export function ResolveDialog({
  finding,
  dismiss = false,
  accountName,
  onClose,
  onResolved,
}: ResolveDialogProps) {
  const resolve = useReconcileStore((s) => s.resolve)
  const [reason, setReason] = useState('')
  const [touched, setTouched] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const ids = useId()
  const problem = reasonProblem(reason)
  const label = dismiss ? DISMISS_LABEL : RESOLVE_LABEL[finding.kind]
  const reasonId = `${ids}-reason`

  // The buttons were disabled while the engine worked, which dropped focus out of the dialog:
  // put it back on the reason, so Escape and Tab work and the reason can be edited.
  useEffect(() => {
    if (error) document.getElementById(reasonId)?.focus()
  }, [error, reasonId])

  const confirm = async (): Promise<void> => {
    setTouched(true)
    if (problem) return
    setBusy(true)
    setError(null)
    const action = dismiss ? 'dismiss' : RECONCILE_ACTIONS[finding.kind]
    const result = await resolve(finding.id, action, reason)
    setBusy(false)
    if (result.ok) onResolved()
    else setError(result.error.message)
  }

  return (
    <ConfirmDialog
      title={`${label}: ${KIND_LABEL[finding.kind].toLowerCase()} ${finding.subject}?`}
      confirmLabel={label}
      cancelLabel="Leave it open"
      danger
      busy={busy}
      error={error}
      onCancel={onClose}
      onConfirm={() => void confirm()}
      testId="resolve-dialog"
    >
      <div className="reconcile-dialog-body">
        <p data-testid="resolve-effect">
          {dismiss ? describeDismissal(finding, accountName) : describeEffect(finding, accountName)}
        </p>
        <dl className="facts reconcile-sides">
          <div className="fact">
            <dt>Ledger</dt>
            <dd className="num">{formatSide(finding, finding.local)}</dd>
          </div>
          <div className="fact">
            <dt>Broker</dt>
            <dd className="num">{formatSide(finding, finding.broker)}</dd>
          </div>
        </dl>
        <p className="muted">This cannot be undone; it is written to the audit journal.</p>
        <ReasonField
          id={reasonId}
          testId="resolve-reason"
          value={reason}
          onChange={setReason}
          problem={touched ? problem : null}
          disabled={busy}
          placeholder="e.g. checked the exchange: it is right"
        />
      </div>
    </ConfirmDialog>
  )
}
