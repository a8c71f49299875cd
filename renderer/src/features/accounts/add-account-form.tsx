/**
 * Adds an account: a paper account (a name, starting cash, prices from the simulated market or
 * live from an exchange) or an exchange account (a name, a ccxt exchange id, sandbox or real).
 * Every field is checked before anything is sent; the engine checks again.
 */
import { useId, useState } from 'react'
import type { Account } from '../../../../shared/types'
import { formatUsd } from '../../lib/format'
import { useAccountsStore } from '../../stores/accounts-store'
import { useConnectionStore } from '../../stores/connection-store'
import {
  COMMON_EXCHANGES,
  normalizeCash,
  validateCash,
  validateExchangeId,
  validateName,
} from './account-form-logic'

/** Props of AddAccountForm. */
export interface AddAccountFormProps {
  readonly onAdded: (account: Account) => void
  readonly onCancel: () => void
}

/** The add-account form. */
export function AddAccountForm({ onAdded, onCancel }: AddAccountFormProps) {
  const addAccount = useAccountsStore((s) => s.addAccount)
  const online = useConnectionStore((s) => s.status === 'online')
  const [kind, setKind] = useState<'paper' | 'exchange'>('paper')
  const [name, setName] = useState('')
  const [cash, setCash] = useState('10000')
  const [priceSource, setPriceSource] = useState<'simulator' | 'live'>('simulator')
  const [exchangeId, setExchangeId] = useState('')
  const [sandbox, setSandbox] = useState(true)
  const [tried, setTried] = useState(false)
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const ids = useId()

  const needsExchange = kind === 'exchange' || priceSource === 'live'
  const problems = {
    name: validateName(name),
    cash: kind === 'paper' ? validateCash(cash) : null,
    exchangeId: needsExchange ? validateExchangeId(exchangeId) : null,
  }
  const valid = !problems.name && !problems.cash && !problems.exchangeId
  const show = (key: keyof typeof problems): string | null => (tried ? problems[key] : null)

  const submit = async (): Promise<void> => {
    setTried(true)
    if (!valid || saving) return
    setSaving(true)
    setError(null)
    const result = await addAccount(
      kind === 'paper'
        ? {
            name: name.trim(),
            kind,
            initialBalance: normalizeCash(cash),
            priceSource,
            ...(priceSource === 'live' ? { exchangeId: exchangeId.trim() } : {}),
          }
        : { name: name.trim(), kind, exchangeId: exchangeId.trim(), sandbox },
    )
    setSaving(false)
    if (result.ok) onAdded(result.value)
    else setError(result.error.message)
  }

  const help = (key: keyof typeof problems, note: string) => (
    <span
      id={`${ids}-${key}-help`}
      className={show(key) ? 'field-help' : 'field-note'}
      data-testid={`add-${key}-help`}
    >
      {show(key) ?? note}
    </span>
  )

  return (
    <form
      className="panel add-account"
      data-testid="add-account-form"
      aria-labelledby={`${ids}-title`}
      onSubmit={(event) => {
        event.preventDefault()
        void submit()
      }}
    >
      <h2 id={`${ids}-title`} className="panel-title">
        Add an account
      </h2>
      <fieldset className="radio-row" disabled={saving}>
        <legend className="label">Kind</legend>
        <label className="check">
          <input
            type="radio"
            name={`${ids}-kind`}
            data-testid="add-kind-paper"
            checked={kind === 'paper'}
            onChange={() => setKind('paper')}
          />
          Paper (simulated money on the paper exchange)
        </label>
        <label className="check">
          <input
            type="radio"
            name={`${ids}-kind`}
            data-testid="add-kind-exchange"
            checked={kind === 'exchange'}
            onChange={() => setKind('exchange')}
          />
          Exchange (a real account through ccxt)
        </label>
      </fieldset>

      <div className="add-grid">
        <label className="field" htmlFor={`${ids}-name`}>
          <span className="label">Name</span>
          <input
            id={`${ids}-name`}
            data-testid="add-name"
            type="text"
            autoComplete="off"
            value={name}
            disabled={saving}
            aria-invalid={show('name') !== null}
            aria-describedby={`${ids}-name-help`}
            onChange={(event) => setName(event.target.value)}
          />
          {help('name', 'How the account appears in the switcher.')}
        </label>

        {kind === 'paper' ? (
          <label className="field" htmlFor={`${ids}-cash`}>
            <span className="label">Starting cash (USD)</span>
            <input
              id={`${ids}-cash`}
              data-testid="add-cash"
              type="text"
              inputMode="decimal"
              autoComplete="off"
              value={cash}
              disabled={saving}
              aria-invalid={show('cash') !== null}
              aria-describedby={`${ids}-cash-help`}
              onChange={(event) => setCash(event.target.value)}
            />
            {help(
              'cash',
              validateCash(cash) === null
                ? `Starts with ${formatUsd(normalizeCash(cash))} of paper money.`
                : 'Paper money, in US dollars.',
            )}
          </label>
        ) : null}

        {kind === 'paper' ? (
          <fieldset className="radio-row field" disabled={saving}>
            <legend className="label">Prices</legend>
            <label className="check">
              <input
                type="radio"
                name={`${ids}-prices`}
                data-testid="add-prices-simulator"
                checked={priceSource === 'simulator'}
                onChange={() => setPriceSource('simulator')}
              />
              Simulated market
            </label>
            <label className="check">
              <input
                type="radio"
                name={`${ids}-prices`}
                data-testid="add-prices-live"
                checked={priceSource === 'live'}
                onChange={() => setPriceSource('live')}
              />
              Live public prices from an exchange
            </label>
          </fieldset>
        ) : null}

        {needsExchange ? (
          <label className="field" htmlFor={`${ids}-exchange`}>
            <span className="label">Exchange (ccxt id)</span>
            <input
              id={`${ids}-exchange`}
              data-testid="add-exchange"
              type="text"
              list={`${ids}-exchanges`}
              autoComplete="off"
              spellCheck={false}
              value={exchangeId}
              disabled={saving}
              aria-invalid={show('exchangeId') !== null}
              aria-describedby={`${ids}-exchangeId-help`}
              onChange={(event) => setExchangeId(event.target.value)}
            />
            <datalist id={`${ids}-exchanges`}>
              {COMMON_EXCHANGES.map((id) => (
                <option key={id} value={id} />
              ))}
            </datalist>
            {help(
              'exchangeId',
              kind === 'paper'
                ? 'Whose public prices to use. Offline, the account stays on the simulator and says so.'
                : 'Any exchange ccxt supports, such as coinbase or kraken.',
            )}
          </label>
        ) : null}

        {kind === 'exchange' ? (
          <div className="field">
            <label className="check">
              <input
                type="checkbox"
                data-testid="add-sandbox"
                checked={sandbox}
                disabled={saving}
                onChange={(event) => setSandbox(event.target.checked)}
              />
              Sandbox (the exchange’s test environment)
            </label>
            <span className={sandbox ? 'field-note' : 'field-help'} data-testid="add-sandbox-note">
              {sandbox
                ? 'Orders go to the test environment: no real money.'
                : 'Unchecked: orders on this account use real money.'}
            </span>
          </div>
        ) : null}
      </div>

      {error ? (
        <p className="negative" role="alert" data-testid="add-error">
          Not added: {error}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="button" onClick={onCancel} disabled={saving}>
          Cancel
        </button>
        <button
          type="submit"
          className="primary"
          data-testid="add-submit"
          disabled={saving || !online || (tried && !valid)}
        >
          {saving ? 'Adding…' : kind === 'paper' ? 'Add paper account' : 'Add exchange account'}
        </button>
      </div>
    </form>
  )
}
