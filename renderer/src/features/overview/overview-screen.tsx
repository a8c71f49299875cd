/**
 * Overview: the cash, equity, unrealized and realized (today, all time) profit and loss of the
 * account in view, its
 * positions valued at the last price, and the live chart; or, under "All accounts", the same
 * summed over every account with a line per account.
 */
import Decimal from 'decimal.js'
import { useMemo } from 'react'
import type { DecimalString } from '../../../../shared/types'
import { AccountConnectionBadge, MoneyKindBadge } from '../../components/account-badges'
import { ChartPanel } from '../../components/chart-panel'
import { ScopeToggle } from '../../components/scope-toggle'
import { baseAsset, formatQuantity, formatSignedUsd, formatUsd } from '../../lib/format'
import { useAccountsStore } from '../../stores/accounts-store'
import { useLedgerStore } from '../../stores/ledger-store'
import { MAX_ROWS, useOrdersStore } from '../../stores/orders-store'
import { useNow } from '../../lib/use-now'
import {
  useAccountSummary,
  useAggregateSummary,
  type AccountSummary,
  type PositionView,
} from '../../stores/selectors'

function pnlClass(value: number): string {
  return value > 0.005 ? 'gain' : value < -0.005 ? 'loss' : ''
}

/** Realized profit and loss, today and in total, every fee paid included; null: not known. */
interface Realized {
  readonly today: DecimalString | null
  /** Why today's figure is not shown. */
  readonly todayWhy: string | null
  readonly total: DecimalString | null
}

/**
 * Realized PnL of one account (or every account, with null): today from the day's fills since
 * local midnight, in total from the ledger's positions. Today's figure is withheld when the
 * console's newest fills do not reach back to midnight.
 */
export function useRealized(accountId: string | null): Realized {
  // A minute's resolution is enough to start a new day on time.
  const now = useNow(60_000)
  const fills = useOrdersStore((s) => s.fills)
  const positions = useLedgerStore((s) => s.positions)
  return useMemo(() => {
    const midnight = new Date(now)
    midnight.setHours(0, 0, 0, 0)
    const mine = (id: string): boolean => accountId === null || id === accountId
    const total = Object.values(positions)
      .filter((p) => mine(p.accountId))
      .reduce((sum, p) => sum.plus(p.realizedPnl), new Decimal(0))
    const oldest = fills.at(-1)
    if (fills.length >= MAX_ROWS && oldest && oldest.ts >= midnight.getTime()) {
      return {
        today: null,
        todayWhy: `More than ${MAX_ROWS.toLocaleString('en-US')} fills today; Performance has the day's figures.`,
        total: total.toFixed(2),
      }
    }
    const today = fills
      .filter((f) => mine(f.accountId) && f.ts >= midnight.getTime())
      .reduce((sum, f) => sum.plus(f.realizedPnl ?? '0'), new Decimal(0))
    return { today: today.toFixed(2), todayWhy: null, total: total.toFixed(2) }
  }, [fills, positions, accountId, now])
}

/** The two realized cards: today and in total. */
function RealizedCards({
  realized,
  suffix,
}: {
  readonly realized: Realized
  readonly suffix: string
}) {
  const title =
    "What closed quantities made, minus every fee paid (buys included). Performance counts a trade's fees when the trade closes."
  return (
    <>
      <div className="card" title={title}>
        <span className="label">Realized PnL today{suffix}</span>
        <span
          className={`figure num ${pnlClass(Number(realized.today ?? 0))}`}
          data-testid="realized-today"
        >
          {realized.today === null ? '—' : formatSignedUsd(realized.today)}
        </span>
        {realized.todayWhy ? <span className="muted">{realized.todayWhy}</span> : null}
      </div>
      <div className="card" title={title}>
        <span className="label">Realized PnL, all time{suffix}</span>
        <span
          className={`figure num ${pnlClass(Number(realized.total ?? 0))}`}
          data-testid="realized-total"
        >
          {realized.total === null ? '—' : formatSignedUsd(realized.total)}
        </span>
      </div>
    </>
  )
}

/** The Overview screen. */
export function OverviewScreen() {
  const scope = useAccountsStore((s) => s.scope)
  return scope === 'all' ? <AllAccountsOverview /> : <AccountOverview />
}

function AccountOverview() {
  const summary = useAccountSummary()
  const ready = summary.cash !== null
  const realized = useRealized(summary.accountId ?? '')

  return (
    <div className="screen overview">
      <div className="screen-title-row">
        <h1 className="screen-title">
          Overview{summary.accountName ? ` · ${summary.accountName}` : ''}
        </h1>
        <ScopeToggle />
      </div>
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
        {ready ? <RealizedCards realized={realized} suffix="" /> : null}
      </div>
      <PositionsTable positions={summary.positions} />
      <ChartPanel size="normal" />
    </div>
  )
}

function AllAccountsOverview() {
  const total = useAggregateSummary()
  const ready = total.cash !== null
  const realized = useRealized(null)
  return (
    <div className="screen overview">
      <div className="screen-title-row">
        <h1 className="screen-title">Overview · All accounts</h1>
        <ScopeToggle />
      </div>
      <div className="cards">
        <div className="card">
          <span className="label">Cash, all accounts (USD)</span>
          <span className="figure num" data-testid="cash-balance">
            {ready ? formatUsd(total.cash ?? '0') : '—'}
          </span>
        </div>
        <div className="card">
          <span className="label">Equity, all accounts</span>
          <span className="figure num" data-testid="equity">
            {ready ? formatUsd(total.equity) : '—'}
          </span>
        </div>
        <div className="card">
          <span className="label">Unrealized PnL, all accounts</span>
          <span
            className={`figure num ${pnlClass(total.unrealizedPnl)}`}
            data-testid="unrealized-pnl"
          >
            {ready ? formatSignedUsd(total.unrealizedPnl) : '—'}
          </span>
        </div>
        {ready ? <RealizedCards realized={realized} suffix=", all accounts" /> : null}
      </div>
      <AccountsTable accounts={total.accounts} />
      <PositionsTable positions={total.positions} title="Positions, summed over all accounts" />
    </div>
  )
}

/** One line per account: its cash, positions, equity and unrealized PnL. */
export function AccountsTable({ accounts }: { readonly accounts: readonly AccountSummary[] }) {
  const statuses = useAccountsStore((s) => s.statuses)
  const selectAccount = useLedgerStore((s) => s.selectAccount)
  const setScope = useAccountsStore((s) => s.setScope)
  return (
    <section className="panel" aria-labelledby="accounts-total-title">
      <h2 id="accounts-total-title" className="panel-title">
        By account <span className="count">{accounts.length}</span>
      </h2>
      <div className="table-wrap">
        <table className="table" data-testid="accounts-table">
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col">Kind</th>
              <th scope="col">Connection</th>
              <th scope="col" className="right">
                Cash
              </th>
              <th scope="col" className="right">
                Positions value
              </th>
              <th scope="col" className="right">
                Equity
              </th>
              <th scope="col" className="right">
                Unrealized PnL
              </th>
              <th scope="col">
                <span className="sr-only">Open</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {accounts.map((a) => (
              <tr key={a.accountId} data-testid={`account-row-${a.accountId}`}>
                <th scope="row">{a.accountName ?? a.accountId}</th>
                <td>{a.account ? <MoneyKindBadge account={a.account} /> : null}</td>
                <td>
                  <AccountConnectionBadge status={statuses[a.accountId ?? '']} />
                </td>
                <td className="right num" data-testid="account-cash">
                  {a.cash === null ? '—' : formatUsd(a.cash)}
                </td>
                <td className="right num">{formatUsd(a.positionsValue)}</td>
                <td className="right num" data-testid="account-equity">
                  {a.cash === null ? '—' : formatUsd(a.equity)}
                </td>
                <td className={`right num ${pnlClass(a.unrealizedPnl)}`}>
                  {formatSignedUsd(a.unrealizedPnl)}
                </td>
                <td>
                  <button
                    type="button"
                    className="small"
                    onClick={() => {
                      if (!a.accountId) return
                      selectAccount(a.accountId)
                      setScope('account')
                    }}
                  >
                    Show
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}

/** A positions table: of one account, or summed over all. */
export function PositionsTable({
  positions,
  title = 'Positions',
}: {
  readonly positions: readonly PositionView[]
  readonly title?: string
}) {
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
