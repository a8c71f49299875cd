/**
 * A positions table: of one account, with a Close button on each position, or summed over every
 * account (no Close there: a summed line is not one position an order can close).
 */
import { baseAsset, formatQuantity, formatSignedUsd, formatUsd } from '../../lib/format'
import type { PositionView } from '../../stores/selectors'
import { ClosePosition } from './close-position'

/** The color class of a profit or loss. */
export function pnlClass(value: number): string {
  return value > 0.005 ? 'gain' : value < -0.005 ? 'loss' : ''
}

/** A positions table: of one account (`account`), or summed over all (`account` null). */
export function PositionsTable({
  positions,
  account,
  title = 'Positions',
  empty = 'No open positions. Buy something on the Trade screen.',
}: {
  readonly positions: readonly PositionView[]
  readonly account: { readonly id: string; readonly name: string } | null
  readonly title?: string
  readonly empty?: string
}) {
  const columns = account ? 7 : 6
  return (
    <section className="panel" aria-labelledby="positions-title">
      <h2 id="positions-title" className="panel-title">
        {title}
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
              {account ? (
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {positions.length === 0 ? (
              <tr>
                <td colSpan={columns} className="empty">
                  {empty}
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
                  {account ? (
                    <td className="right">
                      <ClosePosition
                        accountId={account.id}
                        accountName={account.name}
                        position={p}
                      />
                    </td>
                  ) : null}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      {account === null && positions.length > 0 ? (
        <p className="muted" data-testid="positions-close-hint">
          To close a position, open its account with Show in the table above: each account&apos;s
          positions have a Close button there.
        </p>
      ) : null}
    </section>
  )
}
