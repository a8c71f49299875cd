/**
 * Trade: the live chart, large, beside the order ticket.
 */
import { ChartPanel } from '../../components/chart-panel'
import { OrderTicket } from './order-ticket'

/** The Trade screen. */
export function TradeScreen() {
  return (
    <div className="screen trade">
      <h1 className="screen-title">Trade</h1>
      <div className="trade-layout">
        <ChartPanel size="large" />
        <OrderTicket />
      </div>
    </div>
  )
}
