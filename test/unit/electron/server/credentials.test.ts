/**
 * API keys in the server host: environment variables first, then a JSON file that must be
 * readable by its owner only (0600); anything else is refused with the fix.
 */
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CredentialError } from '../../../../electron/engine/brokers'
import { ServerCredentialStore, envPrefix } from '../../../../electron/server/credentials'
import { cleanup, tempDir } from '../../../kit/engine'

let root: string
let file: string
beforeEach(() => {
  root = tempDir('vigil-server-credentials-')
  file = path.join(root, 'keys.json')
})
afterEach(() => cleanup(root))

function writeKeys(content: unknown, mode = 0o600): void {
  writeFileSync(file, JSON.stringify(content))
  chmodSync(file, mode)
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

describe('the server credential store', () => {
  it('names environment variables after the account id', () => {
    expect(envPrefix('acct-live.1')).toBe('VIGIL_ACCT_LIVE_1')
  })

  it('reads a key from environment variables', async () => {
    const keys = new ServerCredentialStore({
      env: {
        VIGIL_ACCT_LIVE_API_KEY: 'env-key-abcd',
        VIGIL_ACCT_LIVE_API_SECRET: 'env-secret',
        VIGIL_ACCT_LIVE_API_PASSWORD: 'env-pass',
      },
    })
    expect(await keys.get('acct-live')).toEqual({
      apiKey: 'env-key-abcd',
      secret: 'env-secret',
      password: 'env-pass',
      canTrade: true,
    })
    expect(await keys.get('acct-other')).toBeNull()
    expect(await keys.summary('acct-live')).toEqual({
      accountId: 'acct-live',
      stored: true,
      apiKeyHint: '…abcd',
      canTrade: true,
      hasPassword: true,
      source: 'environment variables',
    })
  })

  it('says which variable is missing when only half a key is set', async () => {
    const keys = new ServerCredentialStore({ env: { VIGIL_ACCT_LIVE_API_KEY: 'k' } })
    const error = await refusal(keys.get('acct-live'))
    expect(error.code).toBe('invalid')
    expect(error.message).toMatch(/VIGIL_ACCT_LIVE_API_SECRET/)
  })

  it('reads a key from a file only its owner can read', async () => {
    writeKeys({ 'acct-live': { apiKey: 'file-key', secret: 'file-secret', canTrade: false } })
    const keys = new ServerCredentialStore({ env: {}, file })
    expect(await keys.get('acct-live')).toEqual({
      apiKey: 'file-key',
      secret: 'file-secret',
      canTrade: false,
    })
    expect(await keys.has('acct-live')).toBe(true)
  })

  it('refuses a file other users can read, and says how to fix it', async () => {
    writeKeys({ 'acct-live': { apiKey: 'file-key', secret: 'file-secret' } }, 0o644)
    const keys = new ServerCredentialStore({ env: {}, file, platform: 'linux' })
    const error = await refusal(keys.get('acct-live'))
    expect(error.code).toBe('insecure_file')
    expect(error.message).toContain(`(mode 0644). Run "chmod 600 ${file}"`)
  })

  it('prefers the environment over the file', async () => {
    writeKeys({ 'acct-live': { apiKey: 'file-key', secret: 'file-secret' } })
    const keys = new ServerCredentialStore({
      env: { VIGIL_ACCT_LIVE_API_KEY: 'env-key', VIGIL_ACCT_LIVE_API_SECRET: 'env-secret' },
      file,
    })
    expect(await keys.get('acct-live')).toMatchObject({ apiKey: 'env-key' })
  })

  it('stores keys in the file, created 0600, and forgets them', async () => {
    const keys = new ServerCredentialStore({ env: {}, file })
    await keys.set('acct-live', { apiKey: 'new-key', secret: 'new-secret', canTrade: true })

    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      'acct-live': { apiKey: 'new-key', secret: 'new-secret', canTrade: true },
    })
    expect(await keys.get('acct-live')).toMatchObject({ apiKey: 'new-key' })
    await keys.delete('acct-live')
    expect(await keys.has('acct-live')).toBe(false)
  })

  it('will not overwrite a key that comes from the environment, or store without a file', async () => {
    const fromEnv = new ServerCredentialStore({
      env: { VIGIL_ACCT_LIVE_API_KEY: 'env-key', VIGIL_ACCT_LIVE_API_SECRET: 'env-secret' },
      file,
    })
    const key = { apiKey: 'k', secret: 's', canTrade: true }
    expect((await refusal(fromEnv.set('acct-live', key))).message).toMatch(/environment variables/)
    const noFile = new ServerCredentialStore({ env: {} })
    expect((await refusal(noFile.set('acct-live', key))).code).toBe('read_only')
  })

  it('says where keys live and that trading keys are allowed', () => {
    expect(new ServerCredentialStore({ env: {}, file }).describe()).toMatchObject({
      location: expect.stringContaining(`${file} (readable only by you, mode 0600)`),
      backend: 'environment-or-file',
      tradingKeysAllowed: true,
    })
  })

  it('reports a file that is not JSON', async () => {
    writeFileSync(file, '{ not json')
    chmodSync(file, 0o600)
    const keys = new ServerCredentialStore({ env: {}, file })
    expect((await refusal(keys.get('acct-live'))).code).toBe('corrupt')
  })
})
