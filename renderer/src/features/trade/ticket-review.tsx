/**
 * The ticket's second step and its answer: the order under review in one sentence with Edit
 * and Confirm, and what became of the order once sent (followed live: an open order fills).
 */
import type { MarketSymbol, Order, OrderType, Side } from '../../../../shared/types'
import { formatQuantity, formatUsd } from '../../lib/format'
import { useOrdersStore } from '../../stores/orders-store'
import { describeOrderOutcome } from './order-ticket-logic'
import type { EstimateState } from './ticket-estimate'

/** An order under review; it keeps one client order id, so Confirm twice places it once. */
export interface Review {
  readonly accountId: string
  readonly symbol: MarketSymbol
  readonly side: Side
  readonly type: OrderType
  readonly quantity: string
  /** The limit price of a limit order. */
  readonly limitPrice: string | null
  readonly clientOrderId: string
}

/** What became of a confirmed order: the order, or why it was not taken. */
export type Outcome =
  | { readonly kind: 'order'; readonly order: Order }
  | { readonly kind: 'error'; readonly message: string }

/** Props of ReviewPanel. */
export interface ReviewPanelProps {
  readonly review: Review
  readonly unit: string
  readonly accountName: string
  readonly estimate: EstimateState
  readonly retryHint: string | null
  readonly sending: boolean
  readonly online: boolean
  /** A check of the gate's dry run refuses the order now. */
  readonly blocked: boolean
  /** The id of the text that says why Confirm is off. */
  readonly describedBy: string | undefined
  onEdit(): void
  onConfirm(): void
}

/** The order under review in one sentence, then Edit and Confirm. */
export function ReviewPanel(props: ReviewPanelProps) {
  const { review, unit, estimate, sending, online, blocked } = props
  return (
    <div
      className="review"
      role="group"
      aria-label="Review order"
      data-testid="ticket-review-panel"
    >
      <p className="review-summary">
        <strong className={review.side === 'buy' ? 'side-buy' : 'side-sell'}>
          {review.side === 'buy' ? 'Buy' : 'Sell'}
        </strong>{' '}
        {formatQuantity(review.quantity, unit)} of {review.symbol}{' '}
        {review.limitPrice !== null ? (
          <>
            at a limit of <strong>{formatUsd(review.limitPrice)}</strong>{' '}
            {review.side === 'buy' ? 'or lower' : 'or higher'}
          </>
        ) : (
          'at market'
        )}{' '}
        on <strong>{props.accountName}</strong>
        {review.limitPrice === null && estimate.kind === 'ready' ? (
          <>
            , about {formatUsd(estimate.estimate.price)} each,{' '}
            {review.side === 'buy' ? 'costing' : 'bringing in'} about{' '}
            {formatUsd(estimate.estimate.total)} with fee.
          </>
        ) : (
          '.'
        )}
      </p>
      {props.retryHint ? (
        <p className="warning" role="alert">
          {props.retryHint}
        </p>
      ) : null}
      <div className="review-actions">
        <button type="button" onClick={props.onEdit} disabled={sending}>
          Edit
        </button>
        <button
          type="button"
          className={`primary confirm-${review.side}`}
          data-testid="ticket-confirm"
          // Off the link Confirm could only fail; the review waits for the link instead.
          disabled={sending || !online || blocked}
          aria-describedby={props.describedBy}
          onClick={props.onConfirm}
          // Focus moves here so Enter confirms only after a deliberate second step.
          autoFocus
        >
          {sending
            ? 'Sending…'
            : online
              ? `Confirm ${review.side}`
              : 'Confirm unavailable: not connected'}
        </button>
      </div>
    </div>
  )
}

/** What became of the order, followed in the store as it changes after the reply. */
export function OutcomeView({ outcome }: { readonly outcome: Outcome }) {
  const live = useOrdersStore((s) =>
    outcome.kind === 'order'
      ? (s.orders.find((o) => o.id === outcome.order.id) ?? outcome.order)
      : null,
  )
  if (outcome.kind === 'error' || !live) {
    return (
      <p className="result result-rejected" data-testid="ticket-result" role="alert">
        Rejected: {outcome.kind === 'error' ? outcome.message : ''}
      </p>
    )
  }
  const good = live.status === 'filled'
  const bad = live.status === 'rejected' || live.status === 'failed'
  return (
    <p
      className={`result ${good ? 'result-filled' : bad ? 'result-rejected' : 'result-pending'}`}
      data-testid="ticket-result"
      data-status={live.status}
      role={bad ? 'alert' : 'status'}
    >
      {describeOrderOutcome(live)}
    </p>
  )
}
