/**
 * The API-key dialog of an exchange account. Every field is a password field, nothing typed is
 * kept once the dialog closes (it unmounts), and a stored secret is never shown back: the
 * account only ever says "key …abcd stored". Keys that can place orders are refused up front
 * when this host's key store says it cannot keep them safely, with its explanation.
 */
import { useId, useState } from 'react'
import type { Account, AccountStatus } from '../../../../shared/types'
import { Dialog } from '../../components/dialog'
import { useAccountsStore } from '../../stores/accounts-store'
import { validateSecret } from './account-form-logic'

/** Props of CredentialsDialog. */
export interface CredentialsDialogProps {
  readonly account: Account
  readonly status: AccountStatus | undefined
  readonly onClose: () => void
}

/** The credentials dialog. */
export function CredentialsDialog({ account, status, onClose }: CredentialsDialogProps) {
  const setCredentials = useAccountsStore((s) => s.setCredentials)
  const [apiKey, setApiKey] = useState('')
  const [secret, setSecret] = useState('')
  const [password, setPassword] = useState('')
  const [canTrade, setCanTrade] = useState(false)
  const [tried, setTried] = useState(false)
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const ids = useId()

  const credentials = status?.credentials
  const tradingRefused = canTrade && credentials !== undefined && !credentials.tradingKeysAllowed
  const problems = {
    apiKey: validateSecret('API key', apiKey, true),
    secret: validateSecret('secret', secret, true),
    password: validateSecret('passphrase', password, false),
  }
  const valid = !problems.apiKey && !problems.secret && !problems.password && !tradingRefused

  const save = async (): Promise<void> => {
    setTried(true)
    if (!valid || saving) return
    setSaving(true)
    setError(null)
    const result = await setCredentials({
      accountId: account.id,
      apiKey,
      secret,
      ...(password ? { password } : {}),
      canTrade,
    })
    setSaving(false)
    if (result.ok) onClose()
    else setError(result.error.message)
  }

  const field = (
    key: 'apiKey' | 'secret' | 'password',
    label: string,
    value: string,
    set: (v: string) => void,
    help: string,
  ) => {
    const problem = tried ? problems[key] : null
    return (
      <label className="field" htmlFor={`${ids}-${key}`}>
        <span className="label">{label}</span>
        <input
          id={`${ids}-${key}`}
          data-testid={`cred-${key}`}
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={value}
          disabled={saving}
          aria-invalid={problem !== null}
          aria-describedby={`${ids}-${key}-help`}
          onChange={(event) => set(event.target.value)}
        />
        <span
          id={`${ids}-${key}-help`}
          className={problem ? 'field-help' : 'field-note'}
          role={problem ? 'alert' : undefined}
        >
          {problem ?? help}
        </span>
      </label>
    )
  }

  return (
    <Dialog
      title={`API keys for ${account.name}`}
      onClose={() => {
        if (!saving) onClose()
      }}
      testId="credentials-dialog"
    >
      <form
        className="dialog-form"
        onSubmit={(event) => {
          event.preventDefault()
          void save()
        }}
      >
        <p className="dialog-body">
          Keys for <strong>{account.exchangeId ?? 'the exchange'}</strong>
          {account.sandbox ? ' (sandbox)' : ' (real money)'}. Vigil never shows a secret again:
          after saving you see only the last four characters of the key.
        </p>
        <p className="muted" data-testid="cred-where">
          Where keys live: {credentials?.where ?? 'this host’s key store'}
        </p>
        {credentials?.stored ? (
          <p className="muted" data-testid="cred-current">
            Key …{credentials.apiKeyHint ?? '????'} is stored now; saving replaces it.
          </p>
        ) : null}
        {field('apiKey', 'API key', apiKey, setApiKey, 'As the exchange shows it.')}
        {field(
          'secret',
          'Secret',
          secret,
          setSecret,
          'Shown once by the exchange when the key was made.',
        )}
        {field(
          'password',
          'Passphrase (optional)',
          password,
          setPassword,
          'Only some exchanges give one (for example OKX or Coinbase Exchange).',
        )}
        <label className="check">
          <input
            type="checkbox"
            data-testid="cred-can-trade"
            checked={canTrade}
            disabled={saving}
            onChange={(event) => setCanTrade(event.target.checked)}
          />
          This key can place orders (not read-only)
        </label>
        {tradingRefused ? (
          <p className="dialog-error" role="alert" data-testid="cred-refused">
            This host will not store a key that can place orders. {credentials?.explanation ?? ''}{' '}
            Use a read-only key, or run Vigil where the key store is safe.
          </p>
        ) : credentials && !credentials.tradingKeysAllowed ? (
          <p className="muted" data-testid="cred-explanation">
            {credentials.explanation}
          </p>
        ) : null}
        {error ? (
          <p className="dialog-error" role="alert" data-testid="cred-error">
            Not saved: {error}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button type="button" data-testid="cred-cancel" onClick={onClose} disabled={saving}>
            Cancel
          </button>
          <button
            type="submit"
            className="primary"
            data-testid="cred-save"
            disabled={saving || (tried && !valid) || tradingRefused}
          >
            {saving ? 'Saving…' : 'Save keys'}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
