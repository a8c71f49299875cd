/**
 * The colored badge of an order status: green filled, red rejected or failed, amber while in
 * flight, grey canceled. The word is always written out, so color is never the only signal.
 */
import type { OrderStatus } from '../../../shared/types'

const LABELS: Record<OrderStatus, string> = {
  pending: 'Pending',
  open: 'Open',
  filled: 'Filled',
  rejected: 'Rejected',
  canceled: 'Canceled',
  failed: 'Failed',
}

/** A badge for one order status. */
export function StatusBadge({ status }: { readonly status: OrderStatus }) {
  return (
    <span className={`badge badge-${status}`} data-testid="order-status" data-status={status}>
      {LABELS[status] ?? status}
    </span>
  )
}
