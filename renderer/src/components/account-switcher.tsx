/**
 * The header's account switcher: which account the Trade, Orders and Overview screens act on,
 * with the kind of money it holds and, when it is not connected, its state in words.
 */
import { useId } from 'react'
import { useAccountsStore } from '../stores/accounts-store'
import { selectAccountInView, useLedgerStore } from '../stores/ledger-store'
import { AccountConnectionBadge, MoneyKindBadge } from './account-badges'

/** The account switcher. */
export function AccountSwitcher() {
  const accounts = useLedgerStore((s) => s.accounts)
  const inView = useLedgerStore(selectAccountInView)
  const selectAccount = useLedgerStore((s) => s.selectAccount)
  const status = useAccountsStore((s) => (inView ? s.statuses[inView.id] : undefined))
  const id = useId()

  if (!inView) return <span className="account muted">Loading accounts…</span>

  return (
    <span className="account-switcher">
      <label htmlFor={id} className="label">
        Account
      </label>
      <select
        id={id}
        data-testid="account-switcher"
        value={inView.id}
        onChange={(event) => selectAccount(event.target.value)}
        title="The account the Trade, Orders and Overview screens act on"
      >
        {accounts.map((a) => (
          <option key={a.id} value={a.id}>
            {a.name} ({a.kind === 'paper' ? 'paper' : `${a.exchangeId ?? 'exchange'}`})
          </option>
        ))}
      </select>
      <MoneyKindBadge account={inView} testId="header-account-kind" />
      {status && status.connection !== 'connected' ? (
        <AccountConnectionBadge status={status} testId="header-account-connection" />
      ) : null}
    </span>
  )
}
