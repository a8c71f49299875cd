/**
 * Orders: every order of the console, newest first, with its status and reason, and every fill.
 */
import type { Fill, Order } from '../../../../shared/types'
import { StatusBadge } from '../../components/status-badge'
import { baseAsset, formatQuantity, formatTime, formatUsd } from '../../lib/format'
import { useOrdersStore } from '../../stores/orders-store'

// Rendering every row of a long session would make each update slow; the newest matter most.
const VISIBLE_ROWS = 200

/** The Orders screen. */
export function OrdersScreen() {
  const orders = useOrdersStore((s) => s.orders)
  const fills = useOrdersStore((s) => s.fills)
  return (
    <div className="screen orders">
      <h1 className="screen-title">Orders</h1>
      <OrdersTable orders={orders} />
      <FillsTable fills={fills} />
    </div>
  )
}

function sideClass(side: string): string {
  return side === 'buy' ? 'side-buy' : 'side-sell'
}

/** The orders table. */
export function OrdersTable({ orders }: { readonly orders: readonly Order[] }) {
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
              <th scope="col">Symbol</th>
              <th scope="col">Side</th>
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
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {orders.length === 0 ? (
              <tr>
                <td colSpan={9} className="empty">
                  No orders yet.
                </td>
              </tr>
            ) : (
              orders.slice(0, VISIBLE_ROWS).map((o) => (
                <tr key={o.id} data-testid={`order-row-${o.id}`}>
                  <td className="num nowrap">{formatTime(o.createdAt)}</td>
                  <td>{o.symbol}</td>
                  <td className={sideClass(o.side)}>{o.side === 'buy' ? 'Buy' : 'Sell'}</td>
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
                <td colSpan={8} className="empty">
                  No fills yet.
                </td>
              </tr>
            ) : (
              fills.slice(0, VISIBLE_ROWS).map((f) => (
                <tr key={f.id} data-testid={`fill-row-${f.id}`}>
                  <td className="num nowrap">{formatTime(f.ts)}</td>
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
