/**
 * Accounts: every account with its kind of money, connection, prices, fee tier, API keys and
 * strategy, and a form to add one. Anything that cuts a connection, deletes keys or lets a
 * strategy trade real money asks first.
 */
import { useState } from 'react'
import type { Account, AccountStatus } from '../../../../shared/types'
import { AccountConnectionBadge, MoneyKindBadge } from '../../components/account-badges'
import { ConfirmButton, ConfirmDialog } from '../../components/dialog'
import { describeFeeTier, describePrices, kindLabel } from '../../lib/account-format'
import { useAccountsStore } from '../../stores/accounts-store'
import { useConnectionStore } from '../../stores/connection-store'
import { selectAccountIdInView, useLedgerStore } from '../../stores/ledger-store'
import { AccountsGlance } from './accounts-glance'
import { AddAccountForm } from './add-account-form'
import { CredentialsDialog } from './credentials-dialog'
import { StrategyPanel } from './strategy-panel'

/** The Accounts screen. */
export function AccountsScreen() {
  const accounts = useLedgerStore((s) => s.accounts)
  const selectAccount = useLedgerStore((s) => s.selectAccount)
  const [adding, setAdding] = useState(false)
  const [added, setAdded] = useState<Account | null>(null)

  return (
    <div className="screen accounts">
      <div className="screen-title-row">
        <h1 className="screen-title">
          Accounts <span className="count">{accounts.length}</span>
        </h1>
        {adding ? null : (
          <button
            type="button"
            className="primary"
            data-testid="add-account"
            onClick={() => {
              setAdding(true)
              setAdded(null)
            }}
          >
            Add account…
          </button>
        )}
      </div>
      <p className="muted screen-intro">
        Each account has its own cash, positions, risk limits and orders. The account chosen in the
        header is the one the Trade, Orders and Overview screens act on.
      </p>
      {added ? (
        <p className="notice" role="status" data-testid="add-result">
          Added {added.name} ({added.id}).{' '}
          <button
            type="button"
            className="link"
            onClick={() => {
              selectAccount(added.id)
              setAdded(null)
            }}
          >
            Switch to it
          </button>
        </p>
      ) : null}
      {adding ? (
        <AddAccountForm
          onCancel={() => setAdding(false)}
          onAdded={(account) => {
            setAdding(false)
            setAdded(account)
          }}
        />
      ) : null}
      {accounts.length === 0 ? <p className="muted">Loading accounts…</p> : null}
      <AccountsGlance />
      <div className="account-list">
        {accounts.map((account) => (
          <AccountCard key={account.id} account={account} />
        ))}
      </div>
    </div>
  )
}

/** One account: what it is, how it is doing, and its controls. */
export function AccountCard({ account }: { readonly account: Account }) {
  const status = useAccountsStore((s) => s.statuses[account.id])
  const inView = useLedgerStore((s) => selectAccountIdInView(s) === account.id)
  const selectAccount = useLedgerStore((s) => s.selectAccount)
  const prices = describePrices(account, status)
  const tier = status?.feeTier ? describeFeeTier(status.feeTier) : null
  const titleId = `account-${account.id}-title`

  return (
    <section
      className={`panel account-card${inView ? ' account-in-view' : ''}`}
      data-testid={`account-card-${account.id}`}
      aria-labelledby={titleId}
    >
      <header className="account-card-header">
        <h2 id={titleId} className="panel-title">
          {account.name}
        </h2>
        <span className="mono">{account.id}</span>
        <MoneyKindBadge account={account} />
        <AccountConnectionBadge status={status} />
        <span className="spacer" />
        {inView ? (
          <span className="in-view" data-testid="account-in-view">
            In view
          </span>
        ) : (
          <button
            type="button"
            data-testid="account-show"
            onClick={() => selectAccount(account.id)}
          >
            Show this account
          </button>
        )}
      </header>
      {status?.message ? (
        <p
          className={status.connection === 'error' ? 'negative' : 'muted'}
          role={status.connection === 'error' ? 'alert' : undefined}
          data-testid="account-message"
        >
          {status.message}
        </p>
      ) : null}
      <dl className="facts account-facts">
        <div className="fact">
          <dt>Kind</dt>
          <dd data-testid="account-kind-text">{kindLabel(account)}</dd>
        </div>
        {account.kind === 'exchange' ? (
          <div className="fact">
            <dt>Environment</dt>
            <dd data-testid="account-sandbox">
              {account.sandbox ? 'Sandbox (test money)' : 'Real exchange (real money)'}
            </dd>
          </div>
        ) : null}
        <div className="fact">
          <dt>Prices</dt>
          <dd
            className={prices.offline ? 'warn-text' : undefined}
            data-testid="account-prices"
            data-offline={prices.offline}
          >
            {prices.text}
            {prices.message ? (
              <span className="fact-note" data-testid="account-prices-message">
                {prices.message}
              </span>
            ) : null}
          </dd>
        </div>
        <div className="fact">
          <dt>Fee tier in force</dt>
          <dd data-testid="account-fee-tier">
            {tier ? (
              <>
                {tier.schedule}
                <span className="fact-note num">{tier.rates}</span>
                <span className="fact-note num">{tier.volume}</span>
              </>
            ) : (
              'Known once connected'
            )}
          </dd>
        </div>
      </dl>
      <ConnectionControls account={account} status={status} />
      {account.kind === 'exchange' ? <Credentials account={account} status={status} /> : null}
      <Strategies account={account} status={status} />
    </section>
  )
}

function ConnectionControls({
  account,
  status,
}: {
  readonly account: Account
  readonly status: AccountStatus | undefined
}) {
  const connect = useAccountsStore((s) => s.connect)
  const disconnect = useAccountsStore((s) => s.disconnect)
  const online = useConnectionStore((s) => s.status === 'online')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const connection = status?.connection ?? 'disconnected'

  const onConnect = async (): Promise<void> => {
    setBusy(true)
    setError(null)
    const result = await connect(account.id)
    setBusy(false)
    if (!result.ok) setError(result.error.message)
  }

  if (account.kind === 'paper') {
    // A paper account is always on the paper exchange; only its live prices can drop.
    if (!status || status.prices.online) return null
    return (
      <div className="account-actions">
        <button
          type="button"
          data-testid="account-retry-prices"
          disabled={busy || !online}
          onClick={() => void onConnect()}
        >
          {busy ? 'Trying…' : 'Try live prices again'}
        </button>
        {error ? (
          <span className="negative" role="alert">
            {error}
          </span>
        ) : null}
      </div>
    )
  }

  return (
    <div className="account-actions">
      {connection === 'connected' || connection === 'connecting' ? (
        <ConfirmButton
          label="Disconnect…"
          testId="account-disconnect"
          className="danger"
          disabled={!online}
          title={`Disconnect ${account.name}?`}
          confirmLabel="Disconnect"
          cancelLabel="Stay connected"
          danger
          message={
            <p>
              Vigil stops talking to {account.exchangeId}
              {account.sandbox ? ' (sandbox)' : ''} for {account.name}: no order can be sent, and
              open orders on the exchange are <strong>not</strong> canceled; they stay on the
              exchange. Balances and fills stop updating until you connect again.
            </p>
          }
          action={() => disconnect(account.id)}
        />
      ) : (
        <button
          type="button"
          className="primary"
          data-testid="account-connect"
          disabled={busy || !online}
          onClick={() => void onConnect()}
        >
          {busy ? 'Connecting…' : connection === 'error' ? 'Connect again' : 'Connect'}
        </button>
      )}
      {error ? (
        <span className="negative" role="alert" data-testid="account-connect-error">
          {error}
        </span>
      ) : null}
    </div>
  )
}

function Credentials({
  account,
  status,
}: {
  readonly account: Account
  readonly status: AccountStatus | undefined
}) {
  const deleteCredentials = useAccountsStore((s) => s.deleteCredentials)
  const online = useConnectionStore((s) => s.status === 'online')
  const [open, setOpen] = useState(false)
  const credentials = status?.credentials

  return (
    <div className="account-section" data-testid="account-credentials">
      <h3>API keys</h3>
      <p data-testid="account-key-state">
        {credentials?.stored
          ? `Key …${credentials.apiKeyHint ?? '????'} stored (${credentials.canTrade ? 'can place orders' : 'read-only'}).`
          : 'No API keys stored.'}
      </p>
      <p className="muted" data-testid="account-key-where">
        Where keys live: {credentials?.where ?? 'unknown until the account reports'}
      </p>
      {credentials && !credentials.tradingKeysAllowed ? (
        <p className="warn-text" data-testid="account-key-explanation">
          Keys that can place orders are refused here. {credentials.explanation}
        </p>
      ) : null}
      <div className="account-actions">
        <button
          type="button"
          data-testid="account-enter-keys"
          disabled={!online}
          onClick={() => setOpen(true)}
        >
          {credentials?.stored ? 'Replace API keys…' : 'Enter API keys…'}
        </button>
        {credentials?.stored ? (
          <ConfirmButton
            label="Delete keys…"
            testId="account-delete-keys"
            className="danger"
            disabled={!online}
            title={`Delete the API keys of ${account.name}?`}
            confirmLabel="Delete keys"
            cancelLabel="Keep keys"
            danger
            message={
              <p>
                Key …{credentials.apiKeyHint ?? '????'} is removed from {credentials.where}. To
                trade on {account.exchangeId} again you will need to enter the key and its secret
                anew.
              </p>
            }
            action={() => deleteCredentials(account.id)}
          />
        ) : null}
      </div>
      {open ? (
        <CredentialsDialog account={account} status={status} onClose={() => setOpen(false)} />
      ) : null}
    </div>
  )
}

function Strategies({
  account,
  status,
}: {
  readonly account: Account
  readonly status: AccountStatus | undefined
}) {
  const updateAccount = useAccountsStore((s) => s.updateAccount)
  const online = useConnectionStore((s) => s.status === 'online')
  const [asking, setAsking] = useState<boolean | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const change = async (allowed: boolean): Promise<void> => {
    setBusy(true)
    setError(null)
    const result = await updateAccount({ accountId: account.id, strategiesAllowed: allowed })
    setBusy(false)
    if (result.ok) setAsking(null)
    else setError(result.error.message)
  }

  return (
    <div className="account-section" data-testid="account-strategies">
      <h3>Strategy</h3>
      {account.kind === 'exchange' ? (
        <label className="check">
          <input
            type="checkbox"
            data-testid="account-allow-strategies"
            checked={account.strategiesAllowed}
            disabled={!online || busy}
            // The box changes only once the engine has agreed, after the confirmation.
            onChange={(event) => setAsking(event.target.checked)}
          />
          Allow strategies on this account
        </label>
      ) : null}
      {account.strategiesAllowed ? (
        <StrategyPanel account={account} status={status} />
      ) : (
        <p className="muted" data-testid="strategies-off">
          Strategies are off for this account: they run on paper accounts only, until you allow them
          here.
        </p>
      )}
      {asking !== null ? (
        <ConfirmDialog
          title={
            asking
              ? `Let strategies trade on ${account.name}?`
              : `Stop strategies on ${account.name}?`
          }
          confirmLabel={asking ? 'Allow strategies' : 'Turn strategies off'}
          cancelLabel={asking ? 'Keep them off' : 'Keep them on'}
          danger={asking}
          busy={busy}
          error={error}
          onCancel={() => {
            setAsking(null)
            setError(null)
          }}
          onConfirm={() => void change(asking)}
        >
          <p>
            {asking
              ? `A strategy started on this account will send orders to ${account.exchangeId}${account.sandbox ? ' (sandbox)' : ' with real money'}, checked by the same risk limits as your own orders.`
              : 'A strategy running on this account stops now, and none can be started until you allow them again.'}
          </p>
        </ConfirmDialog>
      ) : null}
    </div>
  )
}
