/**
 * Broker API keys: what the hosts store and the engine's ccxt adapter reads. The engine never
 * stores a key; each host has its own store (Electron: the OS key store through safeStorage;
 * server: environment variables or a 0600 file). Secrets never reach the renderer: it sees a
 * CredentialSummary, nothing more.
 */

/** An exchange API key as ccxt takes it. */
export interface ExchangeCredentials {
  readonly apiKey: string
  readonly secret: string
  /** The passphrase some exchanges require with the key (ccxt's `password`). */
  readonly password?: string
}

/** A stored key and what the trader said it may do. */
export interface StoredCredentials extends ExchangeCredentials {
  /** True when the key can place orders (not view-only), as the trader declared it. */
  readonly canTrade: boolean
}

/** What the renderer may know of an account's key: never the secret or the full key. */
export interface CredentialSummary {
  readonly accountId: string
  readonly stored: boolean
  /** The last four characters of the API key, to tell keys apart ("…9f3a"). */
  readonly apiKeyHint: string | null
  readonly canTrade: boolean
  readonly hasPassword: boolean
  /** Where this key comes from, in words ("OS key store", "environment variables"). */
  readonly source: string | null
}

/** Where a store keeps keys and whether it accepts keys that can trade. */
export interface CredentialStoreDescription {
  /** Where the keys live, in words a trader understands. */
  readonly location: string
  /** The storage backend, e.g. "gnome_libsecret", "basic_text", "environment-or-file". */
  readonly backend: string
  readonly tradingKeysAllowed: boolean
  /** Why trading keys are or are not allowed, and what to do about it. */
  readonly explanation: string
}

/** Why a store refused. */
export type CredentialErrorCode =
  'weak_store' | 'unavailable' | 'insecure_file' | 'invalid' | 'read_only' | 'corrupt'

/** A refusal from a credential store, with a message a trader understands. */
export class CredentialError extends Error {
  constructor(
    readonly code: CredentialErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'CredentialError'
  }
}

/**
 * A per-account store of API keys. `get` is for the host wiring a broker only; anything shown
 * in the console goes through `summary`.
 */
export interface CredentialStore {
  /** The account's key, or null when none is stored. Never send this to the renderer. */
  get(accountId: string): Promise<StoredCredentials | null>
  /** Stores (or replaces) the account's key; refuses what the store cannot keep safely. */
  set(accountId: string, credentials: StoredCredentials): Promise<void>
  /** Forgets the account's key. */
  delete(accountId: string): Promise<void>
  /** Whether a key is stored for the account. */
  has(accountId: string): Promise<boolean>
  /** What the console may show about the account's key. */
  summary(accountId: string): Promise<CredentialSummary>
  /** Where keys live and whether trading keys are allowed. */
  describe(): CredentialStoreDescription
}

/** Checks a key before storing it; throws a CredentialError saying what is wrong. */
export function validateCredentials(credentials: StoredCredentials): void {
  const fields: [string, unknown][] = [
    ['API key', credentials.apiKey],
    ['API secret', credentials.secret],
  ]
  for (const [name, value] of fields) {
    if (typeof value !== 'string' || value.trim() === '')
      throw new CredentialError('invalid', `The ${name} is empty. Paste it from the exchange.`)
  }
  if (credentials.password !== undefined && typeof credentials.password !== 'string')
    throw new CredentialError('invalid', 'The passphrase must be text.')
  if (typeof credentials.canTrade !== 'boolean')
    throw new CredentialError('invalid', 'Say whether this key can place orders.')
}

/** The summary of a key, without its secret. */
export function summarize(
  accountId: string,
  credentials: StoredCredentials | null,
  source: string,
): CredentialSummary {
  if (!credentials)
    return {
      accountId,
      stored: false,
      apiKeyHint: null,
      canTrade: false,
      hasPassword: false,
      source: null,
    }
  return {
    accountId,
    stored: true,
    apiKeyHint: `…${credentials.apiKey.slice(-4)}`,
    canTrade: credentials.canTrade,
    hasPassword: Boolean(credentials.password),
    source,
  }
}
