/**
 * The recent round trips and the open positions of a performance view, with the account column
 * when every account is shown.
 */
import type { MarkedPosition, RoundTrip } from '../../../../shared/performance'
import { baseAsset, formatQuantity, formatTime, formatUsd, toNumber } from '../../lib/format'
import { formatHoldTime, formatSignedAmount, pnlClass } from './performance-format'

// Rendering every one of 500 trades would make each refresh slow; the newest matter most.
const VISIBLE_TRADES = 200

function sideLabel(side: RoundTrip['side']): string {
  return side === 'long' ? 'Long' : 'Short'
}

/** The round trips, newest first. */
export function TradesTable({
  trades,
  showAccount,
  accountName,
}: {
  readonly trades: readonly RoundTrip[]
  readonly showAccount: boolean
  readonly accountName: (id: string) => string
}) {
  const shown = trades.slice(0, VISIBLE_TRADES)
  return (
    <section className="panel" aria-labelledby="round-trips-title">
      <h2 id="round-trips-title" className="panel-title">
        Recent trades <span className="count">{trades.length}</span>
      </h2>
      <div className="table-wrap">
        <table className="table" data-testid="round-trips-table">
          <thead>
            <tr>
              {showAccount ? <th scope="col">Account</th> : null}
              <th scope="col">Symbol</th>
              <th scope="col">Side</th>
              <th scope="col">Opened</th>
              <th scope="col">Closed</th>
              <th scope="col" className="right">
                Held
              </th>
              <th scope="col" className="right">
                Quantity
              </th>
              <th scope="col" className="right">
                Entry (USD)
              </th>
              <th scope="col" className="right">
                Exit (USD)
              </th>
              <th scope="col" className="right">
                Fees (USD)
              </th>
              <th scope="col" className="right">
                Net PnL (USD)
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.length === 0 ? (
              <tr>
                <td colSpan={showAccount ? 11 : 10} className="empty">
                  No trade closed in this range. A trade is counted when a position is reduced or
                  closed.
                </td>
              </tr>
            ) : (
              shown.map((t) => {
                const pnl = toNumber(t.pnl)
                return (
                  <tr key={`${t.closeFillId}:${t.openedAt}`} data-testid="round-trip-row">
                    {showAccount ? <td>{accountName(t.accountId)}</td> : null}
                    <td>{t.symbol}</td>
                    <td className={t.side === 'long' ? 'side-buy' : 'side-sell'}>
                      {sideLabel(t.side)}
                    </td>
                    <td className="num nowrap">{formatTime(t.openedAt)}</td>
                    <td className="num nowrap">{formatTime(t.closedAt)}</td>
                    <td className="right num">{formatHoldTime(t.closedAt - t.openedAt)}</td>
                    <td className="right num">{formatQuantity(t.quantity, baseAsset(t.symbol))}</td>
                    <td className="right num">{formatUsd(t.entryPrice)}</td>
                    <td className="right num">{formatUsd(t.exitPrice)}</td>
                    <td className="right num">{formatUsd(t.fees)}</td>
                    <td className={`right num ${pnlClass(pnl)}`} data-testid="round-trip-pnl">
                      {formatSignedAmount(t.pnl)}
                    </td>
                  </tr>
                )
              })
            )}
          </tbody>
        </table>
      </div>
      {trades.length > shown.length ? (
        <p className="muted perf-note">
          The newest {shown.length} of {trades.length} trades are listed; the metrics count them
          all.
        </p>
      ) : null}
    </section>
  )
}

/** What is still open, valued at the current prices. */
export function OpenPositionsTable({
  positions,
  showAccount,
  accountName,
}: {
  readonly positions: readonly MarkedPosition[]
  readonly showAccount: boolean
  readonly accountName: (id: string) => string
}) {
  return (
    <section className="panel" aria-labelledby="open-positions-title">
      <h2 id="open-positions-title" className="panel-title">
        Open positions <span className="count">{positions.length}</span>
      </h2>
      <div className="table-wrap">
        <table className="table" data-testid="perf-positions-table">
          <thead>
            <tr>
              {showAccount ? <th scope="col">Account</th> : null}
              <th scope="col">Symbol</th>
              <th scope="col">Side</th>
              <th scope="col">Opened</th>
              <th scope="col" className="right">
                Quantity
              </th>
              <th scope="col" className="right">
                Entry (USD)
              </th>
              <th scope="col" className="right">
                Mark (USD)
              </th>
              <th scope="col" className="right">
                Entry fees (USD)
              </th>
              <th scope="col" className="right">
                Unrealized PnL (USD)
              </th>
            </tr>
          </thead>
          <tbody>
            {positions.length === 0 ? (
              <tr>
                <td colSpan={showAccount ? 9 : 8} className="empty">
                  Nothing is open.
                </td>
              </tr>
            ) : (
              positions.map((p) => {
                const pnl = toNumber(p.unrealizedPnl)
                return (
                  <tr key={`${p.accountId}:${p.symbol}`} data-testid={`perf-position-${p.symbol}`}>
                    {showAccount ? <td>{accountName(p.accountId)}</td> : null}
                    <td>{p.symbol}</td>
                    <td className={p.side === 'long' ? 'side-buy' : 'side-sell'}>
                      {sideLabel(p.side)}
                    </td>
                    <td className="num nowrap">{formatTime(p.openedAt)}</td>
                    <td className="right num">{formatQuantity(p.quantity, baseAsset(p.symbol))}</td>
                    <td className="right num">{formatUsd(p.entryPrice)}</td>
                    <td className="right num">{formatUsd(p.markPrice)}</td>
                    <td className="right num">{formatUsd(p.entryFees)}</td>
                    <td className={`right num ${pnlClass(pnl)}`}>
                      {formatSignedAmount(p.unrealizedPnl)}
                    </td>
                  </tr>
                )
              })
            )}
          </tbody>
        </table>
      </div>
    </section>
  )
}
