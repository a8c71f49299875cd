/**
 * Alert channel secrets in the Electron host, with electron mocked: encrypted with safeStorage
 * into a 0600 file per channel (the plain secret is in no file), refused where the OS offers no
 * key store, and an unreadable one reported with what to do.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { SafeStorageChannelSecrets } from '../../../../electron/main/channel-secrets'
import { cleanup, tempDir } from '../../../kit/engine'

const fake = vi.hoisted(() => {
  const state = { available: true }
  // A stand-in cipher: reversible, and the plain text never appears in what it produces.
  const safeStorage = {
    isEncryptionAvailable: () => state.available,
    encryptString: (plain: string) =>
      Buffer.from(`enc:${Buffer.from(plain).toString('base64').split('').reverse().join('')}`),
    decryptString: (encrypted: Buffer) => {
      const text = encrypted.toString()
      if (!text.startsWith('enc:')) throw new Error('Error while decrypting the ciphertext')
      return Buffer.from(text.slice(4).split('').reverse().join(''), 'base64').toString()
    },
  }
  return { state, safeStorage, userData: { dir: '' } }
})

vi.mock('electron', async () => ({
  ...(await import('../fake-electron')),
  safeStorage: fake.safeStorage,
  app: { getPath: () => fake.userData.dir },
}))

const TOKEN = '123456789:AAF-channel-token'
let root: string
beforeEach(() => {
  root = tempDir('vigil-channel-secrets-')
  fake.userData.dir = root
  fake.state.available = true
})
afterEach(() => cleanup(root))

describe('channel secrets in the OS key store', () => {
  it('are encrypted into a 0600 file per channel and read back', async () => {
    const store = new SafeStorageChannelSecrets()
    await store.set('telegram', TOKEN)

    const dir = path.join(root, 'channel-secrets')
    const files = readdirSync(dir).map((name) => path.join(dir, name))
    expect(files.map((f) => path.basename(f))).toEqual(['telegram.secret'])
    expect(statSync(files[0] as string).mode & 0o777).toBe(0o600)
    expect(readFileSync(files[0] as string, 'latin1')).not.toContain(TOKEN)
    expect(await store.get('telegram')).toBe(TOKEN)
    expect(await store.source('telegram')).toBe('OS key store')
    await store.delete('telegram')
    expect(await store.get('telegram')).toBeNull()
  })

  it('are refused when the OS offers no key store', async () => {
    fake.state.available = false
    await expect(new SafeStorageChannelSecrets().set('discord', 'key')).rejects.toThrow(
      /cannot keep a channel secret safely here/,
    )
  })

  it('that cannot be decrypted say to enter them again', async () => {
    const store = new SafeStorageChannelSecrets()
    await store.set('ntfy', 'tk_abc')
    writeFileSync(path.join(root, 'channel-secrets', 'ntfy.secret'), 'garbage')
    await expect(store.get('ntfy')).rejects.toThrow(/could not be decrypted.*Enter it again/)
  })
})
