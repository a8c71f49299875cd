/**
 * Overview: the cash, equity, unrealized and realized (today, all time) profit and loss of the
 * account in view, its positions valued at the last price, and the live chart; or, under "All
 * accounts", the same summed over every account with a line per account.
 */
import Decimal from 'decimal.js'
import { useMemo } from 'react'
import type { DecimalString } from '../../../../shared/types'
import { AccountConnectionBadge, MoneyKindBadge } from '../../components/account-badges'
import { ChartPanel } from '../../components/chart-panel'
import { ScopeToggle } from '../../components/scope-toggle'
import { formatSignedUsd, formatUsd } from '../../lib/format'
import { useAccountsStore } from '../../stores/accounts-store'
import { useLedgerStore } from '../../stores/ledger-store'
import { useNow } from '../../lib/use-now'
import { MAX_ROWS, useOrdersStore } from '../../stores/orders-store'
import {
  realizedOf,
  useAccountSummary,
  useAggregateSummary,
  type AccountSummary,
} from '../../stores/selectors'
import { pnlClass, PositionsTable } from './positions-table'

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
    const total = realizedOf(positions, accountId)
    const oldest = fills.at(-1)
    if (fills.length >= MAX_ROWS && oldest && oldest.ts >= midnight.getTime()) {
      return {
        today: null,
        todayWhy: `More than ${MAX_ROWS.toLocaleString('en-US')} fills today; Performance has the day's figures.`,
        total,
      }
    }
    const today = fills
      .filter((f) => mine(f.accountId) && f.ts >= midnight.getTime())
      .reduce((sum, f) => sum.plus(f.realizedPnl ?? '0'), new Decimal(0))
    return { today: today.toFixed(2), todayWhy: null, total }
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
      <PositionsTable
        positions={summary.positions}
        account={
          summary.accountId
            ? { id: summary.accountId, name: summary.accountName ?? summary.accountId }
            : null
        }
      />
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
      <PositionsTable
        positions={total.positions}
        account={null}
        title="Positions, summed over all accounts"
        empty="No open positions in any account."
      />
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
