/**
 * Orders: the orders of the account in view (or of all accounts), newest first, with where each
 * came from and its client order id, its status and reason, a Cancel button on open ones (which
 * asks first), a filter to the open ones, Cancel all, and the fills.
 */
import { useMemo, useState } from 'react'
import type { Fill, Order, OrderStatus } from '../../../../shared/types'
import { ScopeToggle } from '../../components/scope-toggle'
import { baseAsset, formatQuantity, formatTime, formatUsd } from '../../lib/format'
import { useAccountsStore } from '../../stores/accounts-store'
import {
  selectAccountIdInView,
  selectAccountInView,
  useLedgerStore,
} from '../../stores/ledger-store'
import { useOrdersStore } from '../../stores/orders-store'
import { CancelAll } from './cancel-all'
import { useAccountNames } from './order-words'
import { OrdersTable } from './orders-table'

// Rendering every row of a long session would make each update slow; the newest matter most.
const VISIBLE_ROWS = 200

// What "open orders" means: still able to fill (the kill switch counts the same).
const OPEN_STATUSES: ReadonlySet<OrderStatus> = new Set(['open', 'pending'])

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
      <OrdersPanel orders={shownOrders} />
      <FillsTable fills={shownFills} />
    </div>
  )
}

function sideClass(side: string): string {
  return side === 'buy' ? 'side-buy' : 'side-sell'
}

/** The orders panel: its filter, Cancel all, and the table. */
function OrdersPanel({ orders }: { readonly orders: readonly Order[] }) {
  const scope = useAccountsStore((s) => s.scope)
  const accountName = useLedgerStore((s) => selectAccountInView(s)?.name ?? 'this account')
  const [onlyOpen, setOnlyOpen] = useState(false)
  const open = useMemo(() => orders.filter((o) => OPEN_STATUSES.has(o.status)), [orders])
  const shown = onlyOpen ? open : orders
  return (
    <section className="panel" aria-labelledby="orders-title">
      <div className="panel-title-row">
        <h2 id="orders-title" className="panel-title">
          Orders <span className="count">{shown.length}</span>
        </h2>
        <div className="scope-toggle" role="group" aria-label="Which orders">
          <button
            type="button"
            className="chip"
            aria-pressed={!onlyOpen}
            data-testid="orders-filter-all"
            onClick={() => setOnlyOpen(false)}
          >
            All orders
          </button>
          <button
            type="button"
            className="chip"
            aria-pressed={onlyOpen}
            data-testid="orders-filter-open"
            onClick={() => setOnlyOpen(true)}
          >
            Open orders ({open.length})
          </button>
        </div>
        <CancelAll
          orders={orders}
          scopeText={scope === 'all' ? 'in every account' : `of ${accountName}`}
        />
      </div>
      <OrdersTable
        orders={shown}
        empty={onlyOpen ? 'No open orders: nothing is waiting to fill.' : 'No orders yet.'}
      />
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
