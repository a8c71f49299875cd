/**
 * API keys in the Electron host, encrypted with safeStorage (the OS key store: Keychain,
 * DPAPI, GNOME Keyring or KWallet) and kept as one file per account under userData. On Linux
 * without a key store Electron falls back to 'basic_text', a fixed key anyone could use, so
 * keys that can trade are refused there, with an explanation and what to do instead.
 */
import { app, safeStorage as electronSafeStorage } from 'electron'
import { readFile, rm, stat } from 'node:fs/promises'
import path from 'node:path'
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

/** The part of Electron's safeStorage the store uses. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean
  encryptString(plainText: string): Buffer
  decryptString(encrypted: Buffer): string
  /** Linux only: which store Electron picked. */
  getSelectedStorageBackend?(): string
}

/** Options of the safeStorage credential store. */
export interface SafeStorageCredentialStoreOptions {
  /** Where the encrypted files go; defaults to <userData>/credentials. */
  readonly dir?: string
  readonly safeStorage?: SafeStorageLike
  readonly platform?: NodeJS.Platform
}

const BACKEND_NAMES: Readonly<Record<string, string>> = {
  gnome_libsecret: 'GNOME Keyring (libsecret)',
  kwallet: 'KWallet',
  kwallet5: 'KWallet 5',
  kwallet6: 'KWallet 6',
  keychain: 'the macOS Keychain',
  dpapi: 'Windows DPAPI',
}

/** Why a trading key is refused on Linux's weak store, in words a trader understands. */
const WEAK_STORE_EXPLANATION =
  "Your Linux desktop has no secure key store running (no GNOME Keyring or KWallet was found), so Electron would protect API keys with a fixed password that is the same on every computer: anyone who can read your files could read your keys and trade with them. Vigil therefore refuses to store a key that can place orders. Install and unlock GNOME Keyring or KWallet and restart Vigil, store a view-only key instead, or run Vigil's server host with the key in a file only you can read (mode 0600)."

const UNAVAILABLE_EXPLANATION =
  'This computer offers no OS key store to Electron, so Vigil cannot store API keys safely here. Run Vigil on a desktop with a key store, or use the server host with the key in a file only you can read (mode 0600).'

/** Keys encrypted with Electron's safeStorage, one file per account. */
export class SafeStorageCredentialStore implements CredentialStore {
  private readonly dir: string
  private readonly safeStorage: SafeStorageLike
  private readonly platform: NodeJS.Platform

  constructor(options: SafeStorageCredentialStoreOptions = {}) {
    this.dir = options.dir ?? path.join(app.getPath('userData'), 'credentials')
    this.safeStorage = options.safeStorage ?? electronSafeStorage
    this.platform = options.platform ?? process.platform
  }

  async get(accountId: string): Promise<StoredCredentials | null> {
    const stored = await this.read(accountId)
    if (stored?.canTrade && this.weak())
      throw new CredentialError('weak_store', WEAK_STORE_EXPLANATION)
    return stored
  }

  async set(accountId: string, credentials: StoredCredentials): Promise<void> {
    validateCredentials(credentials)
    if (!this.safeStorage.isEncryptionAvailable())
      throw new CredentialError('unavailable', UNAVAILABLE_EXPLANATION)
    if (credentials.canTrade && this.weak())
      throw new CredentialError('weak_store', WEAK_STORE_EXPLANATION)
    const plain = JSON.stringify({
      apiKey: credentials.apiKey,
      secret: credentials.secret,
      ...(credentials.password ? { password: credentials.password } : {}),
      canTrade: credentials.canTrade,
    })
    await writePrivateFile(this.fileOf(accountId), this.safeStorage.encryptString(plain))
  }

  async delete(accountId: string): Promise<void> {
    await rm(this.fileOf(accountId), { force: true })
  }

  async has(accountId: string): Promise<boolean> {
    try {
      await stat(this.fileOf(accountId))
      return true
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false
      throw error
    }
  }

  async summary(accountId: string): Promise<CredentialSummary> {
    const source = `OS key store (${this.backendName()})`
    try {
      return summarize(accountId, await this.read(accountId), source)
    } catch (error) {
      if (!(error instanceof CredentialError)) throw error
      // Stored but unreadable: say so without guessing at its contents.
      return { ...summarize(accountId, null, source), stored: true, source }
    }
  }

  describe(): CredentialStoreDescription {
    const location = `${this.dir}, encrypted with ${this.backendName()}`
    if (!this.safeStorage.isEncryptionAvailable())
      return {
        location,
        backend: this.backend(),
        tradingKeysAllowed: false,
        explanation: UNAVAILABLE_EXPLANATION,
      }
    if (this.weak())
      return {
        location,
        backend: this.backend(),
        tradingKeysAllowed: false,
        explanation: WEAK_STORE_EXPLANATION,
      }
    return {
      location,
      backend: this.backend(),
      tradingKeysAllowed: true,
      explanation: `API keys are encrypted with ${this.backendName()}, your OS key store; only your user on this computer can decrypt them.`,
    }
  }

  private async read(accountId: string): Promise<StoredCredentials | null> {
    let encrypted: Buffer
    try {
      encrypted = await readFile(this.fileOf(accountId))
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw error
    }
    const unreadable = new CredentialError(
      'corrupt',
      `The stored API key of account ${accountId} could not be decrypted (the OS key store may have changed or been reset). Enter the key again.`,
    )
    let parsed: Record<string, unknown>
    try {
      parsed = JSON.parse(this.safeStorage.decryptString(encrypted)) as Record<string, unknown>
    } catch {
      throw unreadable
    }
    if (typeof parsed.apiKey !== 'string' || typeof parsed.secret !== 'string') throw unreadable
    return {
      apiKey: parsed.apiKey,
      secret: parsed.secret,
      ...(typeof parsed.password === 'string' ? { password: parsed.password } : {}),
      canTrade: parsed.canTrade === true,
    }
  }

  private fileOf(accountId: string): string {
    // Hex keeps any account id a safe, unambiguous file name.
    return path.join(this.dir, `${Buffer.from(accountId, 'utf8').toString('hex')}.key`)
  }

  private backend(): string {
    if (this.platform === 'linux')
      return this.safeStorage.getSelectedStorageBackend?.() ?? 'unknown'
    if (this.platform === 'darwin') return 'keychain'
    if (this.platform === 'win32') return 'dpapi'
    return 'unknown'
  }

  private backendName(): string {
    const backend = this.backend()
    return (
      BACKEND_NAMES[backend] ??
      (backend === 'basic_text' ? 'a fixed, publicly known key (basic_text)' : backend)
    )
  }

  private weak(): boolean {
    return this.backend() === 'basic_text'
  }
}
