/**
 * Alert channel secrets in the Electron host, encrypted with safeStorage (the OS key store) like
 * the exchange keys, one file per channel under userData. Where the OS offers no key store they
 * are refused, with the reason.
 */
import { app, safeStorage as electronSafeStorage } from 'electron'
import { readFile, rm } from 'node:fs/promises'
import path from 'node:path'
import type { ChannelId } from '../../shared/channels'
import type { ChannelSecretStore } from '../engine/alerts'
import { writePrivateFile } from '../host'
import type { SafeStorageLike } from './credentials'

const NO_KEY_STORE =
  'This computer offers no OS key store to Electron, so Vigil cannot keep a channel secret safely here. Run the server host with the secret in VIGIL_CHANNEL_<CHANNEL>_SECRET instead.'

/** Channel secrets encrypted with Electron's safeStorage. */
export class SafeStorageChannelSecrets implements ChannelSecretStore {
  private readonly dir: string
  private readonly safeStorage: SafeStorageLike

  constructor(options: { readonly dir?: string; readonly safeStorage?: SafeStorageLike } = {}) {
    this.dir = options.dir ?? path.join(app.getPath('userData'), 'channel-secrets')
    this.safeStorage = options.safeStorage ?? electronSafeStorage
  }

  async get(channel: ChannelId): Promise<string | null> {
    let encrypted: Buffer
    try {
      encrypted = await readFile(this.fileOf(channel))
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw error
    }
    try {
      return this.safeStorage.decryptString(encrypted)
    } catch {
      throw new Error(
        `The stored secret of the ${channel} channel could not be decrypted (the OS key store may have been reset). Enter it again.`,
      )
    }
  }

  async set(channel: ChannelId, secret: string): Promise<void> {
    if (!this.safeStorage.isEncryptionAvailable()) throw new Error(NO_KEY_STORE)
    await writePrivateFile(this.fileOf(channel), this.safeStorage.encryptString(secret))
  }

  async delete(channel: ChannelId): Promise<void> {
    await rm(this.fileOf(channel), { force: true })
  }

  async source(channel: ChannelId): Promise<string | null> {
    return (await this.get(channel)) === null ? null : 'OS key store'
  }

  describe(): string {
    return `${this.dir}, encrypted with the OS key store`
  }

  private fileOf(channel: ChannelId): string {
    return path.join(this.dir, `${channel}.secret`)
  }
}
