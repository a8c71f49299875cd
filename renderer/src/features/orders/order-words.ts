/**
 * The words the Orders screen uses for an order, shared by its table and its dialogs, so a
 * Cancel and a Cancel-all describe an order the same way.
 */
import { useMemo } from 'react'
import type { Account, Order, OrderSource } from '../../../../shared/types'
import { baseAsset, formatQuantity, formatUsd } from '../../lib/format'
import { useLedgerStore } from '../../stores/ledger-store'

/** Where an order came from, as the table writes it. */
export const SOURCE_LABEL: Record<OrderSource, string> = {
  ticket: 'Ticket',
  api: 'API',
  strategy: 'Strategy',
  drill: 'Drill probe',
}

/** A lookup from account id to its name (the id itself for an account no longer listed). */
export function useAccountNames(): (accountId: string) => string {
  const accounts = useLedgerStore((s) => s.accounts)
  return useMemo(() => {
    const names = new Map(accounts.map((a: Account) => [a.id, a.name]))
    return (accountId: string) => names.get(accountId) ?? accountId
  }, [accounts])
}

/** "Buy 0.01 BTC of BTC-USD at a limit of $60,000.00 on Paper". */
export function describeOrder(o: Order, accountName: string): string {
  const what = `${o.side === 'buy' ? 'Buy' : 'Sell'} ${formatQuantity(o.quantity, baseAsset(o.symbol))} of ${o.symbol}`
  const price = o.limitPrice === null ? 'at market' : `at a limit of ${formatUsd(o.limitPrice)}`
  return `${what} ${price} on ${accountName}`
}

/** Why Cancel is off while the tab is off the link, and what still cancels. */
export function cancelOffline(orderId: string): string {
  return (
    'Cancel unavailable: this tab is not connected to Vigil. While Vigil runs, ' +
    `DELETE /api/v1/orders/${orderId} with the API token still cancels the order.`
  )
}
