/**
 * Close a position: one market order for the whole quantity (a sell for a long position, a buy
 * for a short one), sent through the same gate as the ticket's orders after a confirmation that
 * says what it sells or buys and about how much that is in dollars. A refusal is shown in the
 * gate's own words, in the dialog.
 */
import Decimal from 'decimal.js'
import { ConfirmButton } from '../../components/dialog'
import { baseAsset, formatQuantity, formatUsd } from '../../lib/format'
import { useConnectionStore } from '../../stores/connection-store'
import { useOrdersStore } from '../../stores/orders-store'
import type { PositionView } from '../../stores/selectors'

/** What closing a position takes: the side and the (positive) quantity of the market order. */
export function closingOrder(quantity: string): { side: 'buy' | 'sell'; quantity: string } {
  const q = new Decimal(quantity)
  return { side: q.isNegative() ? 'buy' : 'sell', quantity: q.abs().toFixed() }
}

/** The Close button of one position row, with its confirmation. */
export function ClosePosition(props: {
  readonly accountId: string
  readonly accountName: string
  readonly position: PositionView
}) {
  const { position: p } = props
  const submitOrder = useOrdersStore((s) => s.submitOrder)
  const online = useConnectionStore((s) => s.status === 'online')
  const { side, quantity } = closingOrder(p.quantity)
  const amount = formatQuantity(quantity, baseAsset(p.symbol))
  const verb = side === 'sell' ? 'Sell' : 'Buy'
  const value = p.lastPrice === null ? null : new Decimal(quantity).times(p.lastPrice).toFixed(2)
  return (
    <ConfirmButton
      label="Close…"
      className="small danger"
      testId="position-close"
      disabled={!online}
      disabledReason="Close unavailable: this tab is not connected to Vigil."
      title={`Close the ${p.symbol} position?`}
      confirmLabel={`${verb} ${amount} at market`}
      cancelLabel="Keep position"
      danger
      message={
        <div data-testid="position-close-message">
          <p>
            {verb} <strong>{amount}</strong> of {p.symbol} <strong>at market</strong> on{' '}
            {props.accountName}, the whole position.
          </p>
          <p>
            {value === null
              ? 'There is no price yet, so its value cannot be estimated.'
              : `About ${formatUsd(value)} at the last price of ${formatUsd(p.lastPrice ?? '0')}; the fill is at whatever price the book gives.`}{' '}
            The order goes through the risk checks like any other.
          </p>
        </div>
      }
      action={async () => {
        const result = await submitOrder({
          accountId: props.accountId,
          symbol: p.symbol,
          side,
          type: 'market',
          quantity,
        })
        if (!result.ok) return result
        const o = result.value
        if (o.status === 'rejected' || o.status === 'failed')
          return { ok: false, error: { message: o.reason ?? `The order was ${o.status}.` } }
        return { ok: true }
      }}
    />
  )
}
