/**
 * API keys in the Electron host, with electron mocked: encrypted with safeStorage into a 0600
 * file per account; keys that can trade refused on Linux's weak basic_text store, with the
 * reason; secrets never in a summary.
 */
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { CredentialError } from '../../../../electron/engine/brokers'
import { SafeStorageCredentialStore } from '../../../../electron/main/credentials'
import { cleanup, tempDir } from '../../../kit/engine'

const fake = vi.hoisted(() => {
  const state = { backend: 'gnome_libsecret', available: true }
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
    getSelectedStorageBackend: () => state.backend,
  }
  return { state, safeStorage, userData: { dir: '' } }
})

vi.mock('electron', async () => ({
  ...(await import('../fake-electron')),
  safeStorage: fake.safeStorage,
  app: { getPath: () => fake.userData.dir },
}))

const TRADING_KEY = {
  apiKey: 'organizations/abc/apiKeys/key-9f3a',
  secret: 'TOP-SECRET-VALUE',
  canTrade: true,
}
const VIEW_KEY = { apiKey: 'view-only-key-1234', secret: 'VIEW-SECRET', canTrade: false }

let root: string
beforeEach(() => {
  root = tempDir('vigil-credentials-')
  fake.userData.dir = root
  fake.state.backend = 'gnome_libsecret'
  fake.state.available = true
})
afterEach(() => cleanup(root))

function store(): SafeStorageCredentialStore {
  return new SafeStorageCredentialStore({ platform: 'linux' })
}

async function refusal(work: Promise<unknown>): Promise<CredentialError> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  )
  if (!(error instanceof CredentialError))
    throw new Error(`Expected a refusal, got ${String(error)}`)
  return error
}

describe('the safeStorage credential store', () => {
  it('keeps a trading key encrypted under userData, readable only by its owner, and reads it back', async () => {
    const keys = store()
    await keys.set('acct-live', { ...TRADING_KEY, password: 'pass-phrase' })

    const dir = path.join(root, 'credentials')
    const [file] = readdirSync(dir)
    expect(readdirSync(dir)).toHaveLength(1)
    expect(readFileSync(path.join(dir, file!), 'utf8')).not.toContain('TOP-SECRET-VALUE')
    expect(statSync(path.join(dir, file!)).mode & 0o777).toBe(0o600)
    expect(await keys.has('acct-live')).toBe(true)
    expect(await keys.get('acct-live')).toEqual({ ...TRADING_KEY, password: 'pass-phrase' })
    expect(await keys.get('acct-other')).toBeNull()
  })

  it('shows the console a summary that never holds the secret or the whole key', async () => {
    const keys = store()
    await keys.set('acct-live', TRADING_KEY)
    const summary = await keys.summary('acct-live')

    expect(summary).toEqual({
      accountId: 'acct-live',
      stored: true,
      apiKeyHint: '…9f3a',
      canTrade: true,
      hasPassword: false,
      source: 'OS key store (GNOME Keyring (libsecret))',
    })
    expect(JSON.stringify(summary)).not.toMatch(/TOP-SECRET|organizations/)
    expect(await keys.summary('acct-none')).toMatchObject({ stored: false, apiKeyHint: null })
  })

  it('refuses a key that can trade on the weak basic_text store, and says why and what to do', async () => {
    fake.state.backend = 'basic_text'
    const keys = store()

    const error = await refusal(keys.set('acct-live', TRADING_KEY))
    expect(error.code).toBe('weak_store')
    expect(error.message).toMatch(/no secure key store .*GNOME Keyring or KWallet/)
    expect(error.message).toMatch(/refuses to store a key that can place orders/)
    expect(await keys.has('acct-live')).toBe(false)
    expect(keys.describe()).toMatchObject({ backend: 'basic_text', tradingKeysAllowed: false })
  })

  it('still takes a view-only key on the weak store', async () => {
    fake.state.backend = 'basic_text'
    const keys = store()
    await keys.set('acct-view', VIEW_KEY)
    expect(await keys.get('acct-view')).toEqual(VIEW_KEY)
  })

  it('will not hand out a trading key once the store has become basic_text', async () => {
    const keys = store()
    await keys.set('acct-live', TRADING_KEY)
    fake.state.backend = 'basic_text'
    expect((await refusal(keys.get('acct-live'))).code).toBe('weak_store')
  })

  it('refuses every key when the OS offers no encryption at all', async () => {
    fake.state.available = false
    const keys = store()
    const error = await refusal(keys.set('acct-view', VIEW_KEY))
    expect(error.code).toBe('unavailable')
    expect(keys.describe().tradingKeysAllowed).toBe(false)
  })

  it('says where keys live and that trading keys are allowed with a real key store', () => {
    expect(store().describe()).toEqual({
      location: `${path.join(root, 'credentials')}, encrypted with GNOME Keyring (libsecret)`,
      backend: 'gnome_libsecret',
      tradingKeysAllowed: true,
      explanation: expect.stringMatching(/only your user on this computer can decrypt them/),
    })
    expect(new SafeStorageCredentialStore({ platform: 'darwin' }).describe()).toMatchObject({
      backend: 'keychain',
      tradingKeysAllowed: true,
    })
  })

  it('forgets a key', async () => {
    const keys = store()
    await keys.set('acct-live', TRADING_KEY)
    await keys.delete('acct-live')
    expect(await keys.has('acct-live')).toBe(false)
    expect(await keys.get('acct-live')).toBeNull()
  })

  it('asks for the key again when the stored one cannot be decrypted', async () => {
    const keys = store()
    await keys.set('acct-live', TRADING_KEY)
    const dir = path.join(root, 'credentials')
    mkdirSync(dir, { recursive: true })
    writeFileSync(path.join(dir, readdirSync(dir)[0]!), 'garbage')

    const error = await refusal(keys.get('acct-live'))
    expect(error.code).toBe('corrupt')
    expect(error.message).toMatch(/Enter the key again/)
    expect(await keys.summary('acct-live')).toMatchObject({ stored: true, apiKeyHint: null })
  })

  it('refuses an empty secret', async () => {
    const error = await refusal(store().set('acct-live', { ...TRADING_KEY, secret: ' ' }))
    expect(error).toMatchObject({
      code: 'invalid',
      message: expect.stringMatching(/API secret is empty/),
    })
  })
})
