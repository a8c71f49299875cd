/**
 * The orders table, built to fit the window at 1280 px without sideways scrolling: fixed column
 * widths, two short lines per cell where two facts belong together, and the reason on one line
 * with a button that opens the full text under the row (a tooltip alone is out of reach of the
 * keyboard), with the full client order id and order id. Cancel sits before the reason, so it is
 * never pushed out of view.
 */
import { Fragment, useState } from 'react'
import type { Order } from '../../../../shared/types'
import { ConfirmButton } from '../../components/dialog'
import { StatusBadge } from '../../components/status-badge'
import { baseAsset, formatQuantity, formatTime, formatUsd } from '../../lib/format'
import { useConnectionStore } from '../../stores/connection-store'
import { useOrdersStore } from '../../stores/orders-store'
import { cancelOffline, describeOrder, SOURCE_LABEL, useAccountNames } from './order-words'

// Rendering every row of a long session would make each update slow; the newest matter most.
const VISIBLE_ROWS = 200
const COLUMNS = 8

function CancelOrder({
  order,
  accountName,
}: {
  readonly order: Order
  readonly accountName: string
}) {
  const cancelOrder = useOrdersStore((s) => s.cancelOrder)
  const online = useConnectionStore((s) => s.status === 'online')
  const filled = Number(order.filledQuantity) > 0
  return (
    <ConfirmButton
      label="Cancel…"
      className="small danger"
      testId="order-cancel"
      disabled={!online}
      disabledReason={cancelOffline(order.id)}
      title="Cancel this order?"
      confirmLabel="Cancel order"
      cancelLabel="Keep order"
      danger
      message={
        <p>
          {describeOrder(order, accountName)}
          {filled
            ? `. ${formatQuantity(order.filledQuantity, baseAsset(order.symbol))} has already filled and stays filled; only the rest is canceled.`
            : '. Nothing has filled yet.'}
        </p>
      }
      action={() => cancelOrder(order.accountId, order.id)}
    />
  )
}

function sideClass(side: string): string {
  return side === 'buy' ? 'side-buy' : 'side-sell'
}

function OrderRow(props: { readonly order: Order; readonly accountName: string }) {
  const { order: o, accountName } = props
  const [expanded, setExpanded] = useState(false)
  const [day, time] = formatTime(o.createdAt).split(' ')
  const unit = baseAsset(o.symbol)
  const detailId = `order-detail-${o.id}`
  return (
    <Fragment>
      <tr data-testid={`order-row-${o.id}`}>
        <td className="num">
          <span className="cell-line">{time}</span>
          <span className="cell-line muted-inline">{day}</span>
        </td>
        <td>
          <span className="cell-line">
            <span
              data-testid="order-source"
              data-source={o.source}
              data-bot={o.bot}
              title={o.bot ? `Placed through the REST API by bot ${o.bot}` : undefined}
            >
              {o.bot ? `Bot ${o.bot}` : (SOURCE_LABEL[o.source] ?? o.source)}
            </span>
            {' · '}
            <span data-testid="order-account" title={accountName}>
              {accountName}
            </span>
          </span>
          <span
            className="cell-line mono muted-inline"
            data-testid="order-client-id"
            title={`Client order id ${o.clientOrderId}`}
          >
            {o.clientOrderId}
          </span>
        </td>
        <td>
          <span className="cell-line">{o.symbol}</span>
          <span className="cell-line" data-testid="order-side-type">
            <span className={sideClass(o.side)}>{o.side === 'buy' ? 'Buy' : 'Sell'}</span>{' '}
            <span className="muted-inline">
              {o.type === 'limit' && o.limitPrice !== null
                ? `limit ${formatUsd(o.limitPrice)}`
                : 'market'}
            </span>
          </span>
        </td>
        <td className="right num">
          <span className="cell-line">{formatQuantity(o.quantity, unit)}</span>
          <span className="cell-line muted-inline">filled {formatQuantity(o.filledQuantity)}</span>
        </td>
        <td className="right num">
          <span className="cell-line">
            {o.averagePrice === null ? '—' : formatUsd(o.averagePrice)}
          </span>
          <span className="cell-line muted-inline">fee {formatUsd(o.fee)}</span>
        </td>
        <td>
          <StatusBadge status={o.status} />
        </td>
        <td>{o.status === 'open' ? <CancelOrder order={o} accountName={accountName} /> : null}</td>
        <td>
          <span className="order-reason">
            <span className="order-reason-text" data-testid="order-reason">
              {o.reason ?? ''}
            </span>
            <button
              type="button"
              className="small"
              data-testid="order-details-toggle"
              aria-expanded={expanded}
              aria-controls={detailId}
              onClick={() => setExpanded((v) => !v)}
            >
              {expanded ? 'Less' : 'More'}
              <span className="sr-only">
                {o.reason ? ': the full reason and the ids' : ': the order and client ids'}
              </span>
            </button>
          </span>
        </td>
      </tr>
      {expanded ? (
        <tr id={detailId} className="order-detail" data-testid={detailId}>
          <td colSpan={COLUMNS}>
            {o.reason ? (
              <p className="order-detail-reason">
                <span className="label">Reason:</span> {o.reason}
              </p>
            ) : null}
            <p className="order-detail-ids">
              <span className="label">Account:</span> {accountName} ·{' '}
              <span className="label">Client order id:</span>{' '}
              <span className="mono">{o.clientOrderId}</span> ·{' '}
              <span className="label">Order id:</span> <span className="mono">{o.id}</span>
              {o.bot ? (
                <>
                  {' · '}
                  <span className="label">Placed by bot:</span>{' '}
                  <span data-testid="order-detail-bot">{o.bot}</span> (REST API)
                </>
              ) : null}
            </p>
          </td>
        </tr>
      ) : null}
    </Fragment>
  )
}

/** The orders table. */
export function OrdersTable({
  orders,
  empty = 'No orders yet.',
}: {
  readonly orders: readonly Order[]
  readonly empty?: string
}) {
  const nameOf = useAccountNames()
  return (
    <div className="table-wrap">
      <table className="table orders-table" data-testid="orders-table">
        <colgroup>
          <col className="col-time" />
          <col className="col-source" />
          <col className="col-order" />
          <col className="col-quantity" />
          <col className="col-price" />
          <col className="col-status" />
          <col className="col-actions" />
          <col />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Source · account, client id</th>
            <th scope="col">Order</th>
            <th scope="col" className="right">
              Quantity
            </th>
            <th scope="col" className="right">
              Avg price, fee
            </th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {orders.length === 0 ? (
            <tr>
              <td colSpan={COLUMNS} className="empty">
                {empty}
              </td>
            </tr>
          ) : (
            orders
              .slice(0, VISIBLE_ROWS)
              .map((o) => <OrderRow key={o.id} order={o} accountName={nameOf(o.accountId)} />)
          )}
        </tbody>
      </table>
    </div>
  )
}
