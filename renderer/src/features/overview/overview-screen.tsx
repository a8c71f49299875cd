/**
 * Overview: the default account's cash, equity and unrealized profit and loss, its positions
 * valued at the last price, and the live chart.
 */
import { ChartPanel } from '../../components/chart-panel'
import { baseAsset, formatQuantity, formatSignedUsd, formatUsd } from '../../lib/format'
import { useAccountSummary, type PositionView } from '../../stores/selectors'

function pnlClass(value: number): string {
  return value > 0.005 ? 'gain' : value < -0.005 ? 'loss' : ''
}

/** The Overview screen. */
export function OverviewScreen() {
  const summary = useAccountSummary()
  const ready = summary.cash !== null

  return (
    <div className="screen overview">
      <h1 className="screen-title">
        Overview{summary.accountName ? ` · ${summary.accountName}` : ''}
      </h1>
      <div className="cards">
        <div className="card">
          <span className="label">Cash ({summary.quoteAsset})</span>
          <span className="figure num" data-testid="cash-balance">
            {ready ? formatUsd(summary.cash ?? '0') : '—'}
          </span>
        </div>
        <div className="card">
          <span className="label">Equity</span>
          <span className="figure num" data-testid="equity">
            {ready ? formatUsd(summary.equity) : '—'}
          </span>
        </div>
        <div className="card">
          <span className="label">Unrealized PnL</span>
          <span
            className={`figure num ${pnlClass(summary.unrealizedPnl)}`}
            data-testid="unrealized-pnl"
          >
            {ready ? formatSignedUsd(summary.unrealizedPnl) : '—'}
          </span>
        </div>
      </div>
      <PositionsTable positions={summary.positions} />
      <ChartPanel size="normal" />
    </div>
  )
}

/** The positions of the default account. */
export function PositionsTable({ positions }: { readonly positions: readonly PositionView[] }) {
  return (
    <section className="panel" aria-labelledby="positions-title">
      <h2 id="positions-title" className="panel-title">
        Positions
      </h2>
      <div className="table-wrap">
        <table className="table" data-testid="positions-table">
          <thead>
            <tr>
              <th scope="col">Symbol</th>
              <th scope="col" className="right">
                Quantity
              </th>
              <th scope="col" className="right">
                Average price
              </th>
              <th scope="col" className="right">
                Last price
              </th>
              <th scope="col" className="right">
                Market value
              </th>
              <th scope="col" className="right">
                Unrealized PnL
              </th>
            </tr>
          </thead>
          <tbody>
            {positions.length === 0 ? (
              <tr>
                <td colSpan={6} className="empty">
                  No open positions. Buy something on the Trade screen.
                </td>
              </tr>
            ) : (
              positions.map((p) => (
                <tr key={p.symbol} data-testid={`position-row-${p.symbol}`}>
                  <th scope="row">{p.symbol}</th>
                  <td className="right num" data-testid="position-qty">
                    {formatQuantity(p.quantity, baseAsset(p.symbol))}
                  </td>
                  <td className="right num">{formatUsd(p.averagePrice)}</td>
                  <td className="right num">
                    {p.lastPrice === null ? '—' : formatUsd(p.lastPrice)}
                  </td>
                  <td className="right num">{formatUsd(p.marketValue)}</td>
                  <td className={`right num ${pnlClass(p.unrealizedPnl)}`}>
                    {formatSignedUsd(p.unrealizedPnl)}
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
