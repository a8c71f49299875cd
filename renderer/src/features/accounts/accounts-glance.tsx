/**
 * Every account on one table, as a trader scans them first: cash, equity, profit and loss
 * (unrealized at the marks; realized as the ledger keeps it, every fee paid included), whether
 * it may trade, and whether a strategy is trading it. Each row opens that account.
 */
import { formatSignedUsd, formatUsd } from '../../lib/format'
import { TRADING_STATE_CLASS, TRADING_STATE_TEXT } from '../../lib/trading-state'
import { useAccountsStore } from '../../stores/accounts-store'
import { selectAccountIdInView, useLedgerStore } from '../../stores/ledger-store'
import { useRiskStore } from '../../stores/risk-store'
import { realizedOf, useAggregateSummary } from '../../stores/selectors'

const tone = (value: number): string => (value > 0 ? 'gain' : value < 0 ? 'loss' : '')

/** The accounts table at the top of the Accounts screen. */
export function AccountsGlance() {
  const summary = useAggregateSummary()
  const positions = useLedgerStore((s) => s.positions)
  const inView = useLedgerStore(selectAccountIdInView)
  const selectAccount = useLedgerStore((s) => s.selectAccount)
  const states = useRiskStore((s) => s.tradingStates)
  const statuses = useAccountsStore((s) => s.statuses)
  if (summary.accounts.length === 0) return null

  return (
    <section className="panel" aria-labelledby="accounts-glance-title">
      <h2 id="accounts-glance-title" className="panel-title">
        At a glance
      </h2>
      <table className="table" data-testid="accounts-glance">
        <thead>
          <tr>
            <th scope="col">Account</th>
            <th scope="col" className="right">
              Cash
            </th>
            <th scope="col" className="right">
              Equity
            </th>
            <th scope="col" className="right">
              Unrealized PnL
            </th>
            <th scope="col" className="right">
              Realized PnL, all fees
            </th>
            <th scope="col">Trading</th>
            <th scope="col">Strategy</th>
          </tr>
        </thead>
        <tbody>
          {summary.accounts.map((a) => {
            const id = a.accountId ?? ''
            const state = states[id]
            const strategy = statuses[id]?.strategy ?? null
            const realized = realizedOf(positions, id)
            return (
              <tr key={id} data-testid={`accounts-glance-${id}`}>
                <th scope="row">
                  {id === inView ? (
                    <span aria-current="true">{a.accountName ?? id} (in view)</span>
                  ) : (
                    <button type="button" className="link" onClick={() => selectAccount(id)}>
                      {a.accountName ?? id}
                    </button>
                  )}
                </th>
                <td className="right num">{a.cash === null ? '—' : formatUsd(a.cash)}</td>
                <td className="right num">{a.cash === null ? '—' : formatUsd(a.equity)}</td>
                <td className={`right num ${tone(a.unrealizedPnl)}`}>
                  {formatSignedUsd(a.unrealizedPnl)}
                </td>
                <td className={`right num ${tone(Number(realized))}`}>
                  {formatSignedUsd(realized)}
                </td>
                <td>
                  {state ? (
                    <span className={`badge ${TRADING_STATE_CLASS[state]}`}>
                      {TRADING_STATE_TEXT[state]}
                    </span>
                  ) : (
                    '—'
                  )}
                </td>
                <td>
                  {strategy === null
                    ? 'None'
                    : `${strategy.name}: ${strategy.running ? 'running' : 'stopped'}`}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
      <p className="muted" data-testid="accounts-glance-note">
        Unrealized PnL is at the latest prices. Realized PnL is what closed quantities made, minus
        every fee paid so far, buys included; Performance counts a trade&apos;s fees when the trade
        closes, so the two differ while a position is open.
      </p>
    </section>
  )
}
