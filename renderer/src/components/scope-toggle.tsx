/**
 * The switch between the account in view and all accounts, on Overview and Orders. One setting
 * for both screens, so what "all" means never differs between them.
 */
import { useAccountsStore } from '../stores/accounts-store'
import { selectAccountInView, useLedgerStore } from '../stores/ledger-store'

/** "This account | All accounts". */
export function ScopeToggle() {
  const scope = useAccountsStore((s) => s.scope)
  const setScope = useAccountsStore((s) => s.setScope)
  const name = useLedgerStore((s) => selectAccountInView(s)?.name ?? 'This account')
  const count = useLedgerStore((s) => s.accounts.length)
  return (
    <div className="scope-toggle" role="group" aria-label="Show">
      <button
        type="button"
        className="chip"
        aria-pressed={scope === 'account'}
        data-testid="scope-account"
        onClick={() => setScope('account')}
      >
        {name}
      </button>
      <button
        type="button"
        className="chip"
        aria-pressed={scope === 'all'}
        data-testid="scope-all"
        onClick={() => setScope('all')}
      >
        All accounts ({count})
      </button>
    </div>
  )
}
