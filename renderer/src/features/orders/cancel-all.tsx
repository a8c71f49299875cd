/**
 * Cancel all: every open order in view (of the account in view, or of every account under "All
 * accounts"), listed in the confirmation, then canceled one by one with the same command as a
 * single Cancel, so each cancel is checked and journaled the same way. An order the broker does
 * not cancel is named with its reason; the others are canceled regardless.
 */
import { useState } from 'react'
import type { Order } from '../../../../shared/types'
import { ConfirmDialog } from '../../components/dialog'
import { useConnectionStore } from '../../stores/connection-store'
import { useOrdersStore } from '../../stores/orders-store'
import { describeOrder, useAccountNames } from './order-words'

/** The Cancel-all button and its confirmation, for the open orders given. */
export function CancelAll(props: {
  readonly orders: readonly Order[]
  /** "of Paper" or "in every account": what the scope covers, for the title. */
  readonly scopeText: string
}) {
  const open = props.orders.filter((o) => o.status === 'open')
  const nameOf = useAccountNames()
  const cancelOrder = useOrdersStore((s) => s.cancelOrder)
  const online = useConnectionStore((s) => s.status === 'online')
  const [asking, setAsking] = useState<readonly Order[] | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const close = (): void => {
    setAsking(null)
    setError(null)
  }
  const confirm = async (): Promise<void> => {
    if (!asking) return
    setBusy(true)
    setError(null)
    const failed: string[] = []
    // One at a time: the journal records them in the order listed, and a broker that limits
    // request rates is not flooded.
    for (const o of asking) {
      const result = await cancelOrder(o.accountId, o.id)
      if (!result.ok)
        failed.push(`${describeOrder(o, nameOf(o.accountId))}: ${result.error.message}`)
    }
    setBusy(false)
    if (failed.length === 0) close()
    else
      setError(
        `${asking.length - failed.length} of ${asking.length} canceled. Not canceled: ${failed.join('; ')}`,
      )
  }

  return (
    <>
      <button
        type="button"
        className="small danger"
        data-testid="orders-cancel-all"
        disabled={open.length === 0 || !online}
        title={
          !online
            ? 'Unavailable: this tab is not connected to Vigil.'
            : open.length === 0
              ? 'No open orders to cancel.'
              : undefined
        }
        onClick={() => setAsking(open)}
      >
        Cancel all open ({open.length})…
      </button>
      {asking ? (
        <ConfirmDialog
          title={`Cancel ${asking.length === 1 ? 'the open order' : `all ${asking.length} open orders`} ${props.scopeText}?`}
          confirmLabel={asking.length === 1 ? 'Cancel 1 order' : `Cancel ${asking.length} orders`}
          cancelLabel="Keep them"
          danger
          busy={busy}
          error={error}
          unavailable={!online && !busy ? 'Unavailable: this tab is not connected to Vigil.' : null}
          onCancel={close}
          onConfirm={() => void confirm()}
          testId="cancel-all-dialog"
        >
          <p>
            {asking.length === 1 ? 'This order is canceled' : 'These orders are canceled'}; what has
            already filled stays filled. Positions are not touched and trading stays on.
          </p>
          <ul className="kill-switch-list" data-testid="cancel-all-list">
            {asking.map((o) => (
              <li key={o.id} data-testid="cancel-all-item">
                {describeOrder(o, nameOf(o.accountId))} (client id{' '}
                <span className="mono">{o.clientOrderId}</span>)
              </li>
            ))}
          </ul>
        </ConfirmDialog>
      ) : null}
    </>
  )
}
