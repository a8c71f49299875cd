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
      {/* Said to screen readers; the name in the box and its badge say it on screen. */}
      <label htmlFor={id} className="sr-only">
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
            {/* Paper is the badge beside it; an exchange account names its venue. */}
            {a.kind === 'paper' ? a.name : `${a.name} (${a.exchangeId ?? 'exchange'})`}
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
