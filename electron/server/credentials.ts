/**
 * API keys for the headless host: from environment variables
 * (VIGIL_<ACCOUNT>_API_KEY, _API_SECRET, _API_PASSWORD) or from a JSON file that only its
 * owner may read (mode 0600). A file anyone else can read is refused, with the fix.
 */
import { readFile, stat } from 'node:fs/promises'
import {
  CredentialError,
  summarize,
  validateCredentials,
  type CredentialStore,
  type CredentialStoreDescription,
  type CredentialSummary,
  type StoredCredentials,
} from '../engine/brokers'
import { writePrivateFile } from '../host'

/** Options of the server's credential store. */
export interface ServerCredentialStoreOptions {
  /** Defaults to process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>
  /** The JSON file of keys ({ "<accountId>": { apiKey, secret, password?, canTrade } }). */
  readonly file?: string | null
  /** Defaults to process.platform; file modes are not checked on Windows. */
  readonly platform?: NodeJS.Platform
}

/** The environment variable prefix of an account: "acct-live.1" → "VIGIL_ACCT_LIVE_1". */
export function envPrefix(accountId: string): string {
  return `VIGIL_${accountId.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`
}

type KeyFile = Record<string, StoredCredentials>

/** Keys from the environment or a 0600 file; the environment wins. */
export class ServerCredentialStore implements CredentialStore {
  private readonly env: Readonly<Record<string, string | undefined>>
  private readonly file: string | null
  private readonly platform: NodeJS.Platform

  constructor(options: ServerCredentialStoreOptions = {}) {
    this.env = options.env ?? process.env
    this.file = options.file ?? null
    this.platform = options.platform ?? process.platform
  }

  async get(accountId: string): Promise<StoredCredentials | null> {
    return this.fromEnv(accountId) ?? (await this.readFile())[accountId] ?? null
  }

  async set(accountId: string, credentials: StoredCredentials): Promise<void> {
    validateCredentials(credentials)
    const file = this.writableFile(accountId)
    const keys = await this.readFile()
    keys[accountId] = {
      apiKey: credentials.apiKey,
      secret: credentials.secret,
      ...(credentials.password ? { password: credentials.password } : {}),
      canTrade: credentials.canTrade,
    }
    await writePrivateFile(file, JSON.stringify(keys, null, 2) + '\n')
  }

  async delete(accountId: string): Promise<void> {
    const file = this.writableFile(accountId)
    const keys = await this.readFile()
    if (!(accountId in keys)) return
    delete keys[accountId]
    await writePrivateFile(file, JSON.stringify(keys, null, 2) + '\n')
  }

  async has(accountId: string): Promise<boolean> {
    return (await this.get(accountId)) !== null
  }

  async summary(accountId: string): Promise<CredentialSummary> {
    const fromEnv = this.fromEnv(accountId)
    if (fromEnv) return summarize(accountId, fromEnv, 'environment variables')
    const stored = (await this.readFile())[accountId] ?? null
    return summarize(accountId, stored, `file ${this.file}`)
  }

  describe(): CredentialStoreDescription {
    const where = this.file
      ? ` or the file ${this.file} (readable only by you, mode 0600)`
      : ' (no credentials file is configured)'
    return {
      location: `Environment variables VIGIL_<ACCOUNT>_API_KEY, _API_SECRET and _API_PASSWORD${where}`,
      backend: 'environment-or-file',
      tradingKeysAllowed: true,
      explanation:
        'The server host never shows keys in the console: it reads them from its environment or from a file only your user can read, so keys that can trade are allowed.',
    }
  }

  private fromEnv(accountId: string): StoredCredentials | null {
    const prefix = envPrefix(accountId)
    const apiKey = this.env[`${prefix}_API_KEY`]
    const secret = this.env[`${prefix}_API_SECRET`]
    const password = this.env[`${prefix}_API_PASSWORD`]
    if (!apiKey && !secret) return null
    if (!apiKey || !secret)
      throw new CredentialError(
        'invalid',
        `Only one of ${prefix}_API_KEY and ${prefix}_API_SECRET is set; set both (and ${prefix}_API_PASSWORD if the exchange uses a passphrase).`,
      )
    return { apiKey, secret, ...(password ? { password } : {}), canTrade: true }
  }

  private writableFile(accountId: string): string {
    const prefix = envPrefix(accountId)
    if (this.env[`${prefix}_API_KEY`] || this.env[`${prefix}_API_SECRET`])
      throw new CredentialError(
        'read_only',
        `The key of account ${accountId} comes from the environment variables ${prefix}_API_KEY and ${prefix}_API_SECRET; change or unset them there and restart the server.`,
      )
    if (!this.file)
      throw new CredentialError(
        'read_only',
        `No credentials file is configured, so the server cannot store keys. Set ${prefix}_API_KEY and ${prefix}_API_SECRET in the server's environment instead.`,
      )
    return this.file
  }

  private async readFile(): Promise<KeyFile> {
    if (!this.file) return {}
    let mode: number
    let owner: number
    try {
      const info = await stat(this.file)
      mode = info.mode
      owner = info.uid
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {}
      throw error
    }
    if (this.platform !== 'win32') {
      if ((mode & 0o077) !== 0)
        throw new CredentialError(
          'insecure_file',
          `The credentials file ${this.file} can be read by other users (mode ${(mode & 0o777).toString(8).padStart(4, '0')}). Run "chmod 600 ${this.file}" so only you can read it; until then Vigil will not read API keys from it.`,
        )
      const me = process.getuid?.()
      if (me !== undefined && owner !== me)
        throw new CredentialError(
          'insecure_file',
          `The credentials file ${this.file} belongs to another user; Vigil reads API keys only from a file you own.`,
        )
    }
    return parseKeyFile(await readFile(this.file, 'utf8'), this.file)
  }
}

function parseKeyFile(text: string, file: string): KeyFile {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new CredentialError('corrupt', `The credentials file ${file} is not valid JSON.`)
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new CredentialError(
      'corrupt',
      `The credentials file ${file} must hold an object of accounts: { "<account>": { "apiKey": "...", "secret": "...", "canTrade": true } }.`,
    )
  const keys: KeyFile = {}
  for (const [accountId, entry] of Object.entries(parsed as Record<string, unknown>)) {
    const e = (entry ?? {}) as Record<string, unknown>
    if (typeof e.apiKey !== 'string' || typeof e.secret !== 'string' || !e.apiKey || !e.secret)
      throw new CredentialError(
        'corrupt',
        `The credentials file ${file} has no "apiKey" and "secret" for account ${accountId}.`,
      )
    keys[accountId] = {
      apiKey: e.apiKey,
      secret: e.secret,
      ...(typeof e.password === 'string' && e.password ? { password: e.password } : {}),
      // A key in the server's private file is taken as able to trade unless it says not.
      canTrade: e.canTrade !== false,
    }
  }
  return keys
}
