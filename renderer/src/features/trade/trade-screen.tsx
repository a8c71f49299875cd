/**
 * Trade: the live chart, large, beside the order ticket, and under them the positions of the
 * account in view, each with its Close button, so the way out of a trade is on the same screen
 * as the way in.
 */
import { ChartPanel } from '../../components/chart-panel'
import { PositionsTable } from '../overview/positions-table'
import { useAccountSummary } from '../../stores/selectors'
import { OrderTicket } from './order-ticket'

/** The Trade screen. */
export function TradeScreen() {
  const summary = useAccountSummary()
  return (
    <div className="screen trade">
      <h1 className="screen-title">Trade</h1>
      <div className="trade-layout">
        <ChartPanel size="large" />
        <OrderTicket />
      </div>
      <PositionsTable
        positions={summary.positions}
        account={
          summary.accountId
            ? { id: summary.accountId, name: summary.accountName ?? summary.accountId }
            : null
        }
        title={summary.accountName ? `Positions · ${summary.accountName}` : 'Positions'}
        empty="No open positions in this account."
      />
    </div>
  )
}
