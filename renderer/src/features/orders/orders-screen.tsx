/**
 * Orders: the orders of the account in view (or of all accounts), newest first, with where each
 * came from, its status and reason, a Cancel button on open ones (which asks first), and the
 * fills.
 */
import { useMemo } from 'react'
import type { Account, Fill, Order, OrderSource } from '../../../../shared/types'
import { ConfirmButton } from '../../components/dialog'
import { ScopeToggle } from '../../components/scope-toggle'
import { StatusBadge } from '../../components/status-badge'
import { baseAsset, formatQuantity, formatTime, formatUsd } from '../../lib/format'
import { useAccountsStore } from '../../stores/accounts-store'
import { useConnectionStore } from '../../stores/connection-store'
import { selectAccountIdInView, useLedgerStore } from '../../stores/ledger-store'
import { useOrdersStore } from '../../stores/orders-store'

// Rendering every row of a long session would make each update slow; the newest matter most.
const VISIBLE_ROWS = 200

const SOURCE_LABEL: Record<OrderSource, string> = {
  ticket: 'Ticket',
  api: 'API',
  strategy: 'Strategy',
  drill: 'Drill probe',
}

/** The Orders screen. */
export function OrdersScreen() {
  const orders = useOrdersStore((s) => s.orders)
  const fills = useOrdersStore((s) => s.fills)
  const scope = useAccountsStore((s) => s.scope)
  const accountId = useLedgerStore(selectAccountIdInView)
  const shownOrders = useMemo(
    () => (scope === 'all' ? orders : orders.filter((o) => o.accountId === accountId)),
    [orders, scope, accountId],
  )
  const shownFills = useMemo(
    () => (scope === 'all' ? fills : fills.filter((f) => f.accountId === accountId)),
    [fills, scope, accountId],
  )
  return (
    <div className="screen orders">
      <div className="screen-title-row">
        <h1 className="screen-title">Orders</h1>
        <ScopeToggle />
      </div>
      <OrdersTable orders={shownOrders} />
      <FillsTable fills={shownFills} />
    </div>
  )
}

function useAccountNames(): (accountId: string) => string {
  const accounts = useLedgerStore((s) => s.accounts)
  return useMemo(() => {
    const names = new Map(accounts.map((a: Account) => [a.id, a.name]))
    return (accountId: string) => names.get(accountId) ?? accountId
  }, [accounts])
}

function describeOrder(o: Order, accountName: string): string {
  const what = `${o.side === 'buy' ? 'Buy' : 'Sell'} ${formatQuantity(o.quantity, baseAsset(o.symbol))} of ${o.symbol}`
  const price = o.limitPrice === null ? 'at market' : `at a limit of ${formatUsd(o.limitPrice)}`
  return `${what} ${price} on ${accountName}`
}

/** Why Cancel is off while the tab is off the link, and what still cancels. */
function cancelOffline(orderId: string): string {
  return (
    'Cancel unavailable: this tab is not connected to Vigil. While Vigil runs, ' +
    `DELETE /api/v1/orders/${orderId} with the API token still cancels the order.`
  )
}

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

/** The orders table. */
export function OrdersTable({ orders }: { readonly orders: readonly Order[] }) {
  const nameOf = useAccountNames()
  return (
    <section className="panel" aria-labelledby="orders-title">
      <h2 id="orders-title" className="panel-title">
        Orders <span className="count">{orders.length}</span>
      </h2>
      <div className="table-wrap">
        <table className="table" data-testid="orders-table">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Account</th>
              <th scope="col">Source</th>
              <th scope="col">Symbol</th>
              <th scope="col">Side and type</th>
              <th scope="col" className="right">
                Quantity
              </th>
              <th scope="col" className="right">
                Filled
              </th>
              <th scope="col" className="right">
                Average price
              </th>
              <th scope="col" className="right">
                Fee
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
                <td colSpan={12} className="empty">
                  No orders yet.
                </td>
              </tr>
            ) : (
              orders.slice(0, VISIBLE_ROWS).map((o) => (
                <tr key={o.id} data-testid={`order-row-${o.id}`}>
                  <td className="num nowrap">{formatTime(o.createdAt)}</td>
                  <td data-testid="order-account">{nameOf(o.accountId)}</td>
                  <td data-testid="order-source" data-source={o.source}>
                    {SOURCE_LABEL[o.source] ?? o.source}
                  </td>
                  <td>{o.symbol}</td>
                  <td className="nowrap" data-testid="order-side-type">
                    <span className={sideClass(o.side)}>{o.side === 'buy' ? 'Buy' : 'Sell'}</span>{' '}
                    <span className="muted-inline">
                      {o.type === 'limit' && o.limitPrice !== null
                        ? `limit ${formatUsd(o.limitPrice)}`
                        : 'market'}
                    </span>
                  </td>
                  <td className="right num">{formatQuantity(o.quantity, baseAsset(o.symbol))}</td>
                  <td className="right num">
                    {formatQuantity(o.filledQuantity, baseAsset(o.symbol))}
                  </td>
                  <td className="right num">
                    {o.averagePrice === null ? '—' : formatUsd(o.averagePrice)}
                  </td>
                  <td className="right num">{formatUsd(o.fee)}</td>
                  <td>
                    <StatusBadge status={o.status} />
                  </td>
                  <td>
                    {o.status === 'open' ? (
                      <CancelOrder order={o} accountName={nameOf(o.accountId)} />
                    ) : null}
                  </td>
                  <td className="reason">{o.reason ?? ''}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </section>
  )
}

/** The fills table. */
export function FillsTable({ fills }: { readonly fills: readonly Fill[] }) {
  const nameOf = useAccountNames()
  return (
    <section className="panel" aria-labelledby="fills-title">
      <h2 id="fills-title" className="panel-title">
        Fills <span className="count">{fills.length}</span>
      </h2>
      <div className="table-wrap">
        <table className="table" data-testid="fills-table">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Account</th>
              <th scope="col">Symbol</th>
              <th scope="col">Side</th>
              <th scope="col" className="right">
                Quantity
              </th>
              <th scope="col" className="right">
                Price
              </th>
              <th scope="col" className="right">
                Fee
              </th>
              <th scope="col">Liquidity</th>
              <th scope="col">Order</th>
            </tr>
          </thead>
          <tbody>
            {fills.length === 0 ? (
              <tr>
                <td colSpan={9} className="empty">
                  No fills yet.
                </td>
              </tr>
            ) : (
              fills.slice(0, VISIBLE_ROWS).map((f) => (
                <tr key={f.id} data-testid={`fill-row-${f.id}`}>
                  <td className="num nowrap">{formatTime(f.ts)}</td>
                  <td>{nameOf(f.accountId)}</td>
                  <td>{f.symbol}</td>
                  <td className={sideClass(f.side)}>{f.side === 'buy' ? 'Buy' : 'Sell'}</td>
                  <td className="right num">{formatQuantity(f.quantity, baseAsset(f.symbol))}</td>
                  <td className="right num">{formatUsd(f.price)}</td>
                  <td className="right num">
                    {f.feeAsset === 'USD' ? formatUsd(f.fee) : formatQuantity(f.fee, f.feeAsset)}
                  </td>
                  <td>{f.liquidity === 'maker' ? 'Maker' : 'Taker'}</td>
                  <td className="mono" title={f.clientOrderId}>
                    {f.orderId}
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </section>
  )
}
