/**
 * The server host's channel secrets: kept in a file only its owner can read (0600), an
 * environment variable wins and cannot be overwritten from the console, and a file others can
 * read is refused with the fix.
 */
import { chmodSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ServerChannelSecrets } from '../../../../electron/server/channel-secrets'
import { cleanup, tempDir } from '../../../kit/engine'

let dir: string
afterEach(() => cleanup(dir))

describe('the server host channel secrets', () => {
  it('are kept in a 0600 file and removed on request', async () => {
    dir = tempDir('vigil-channel-secrets-')
    const file = path.join(dir, 'channel-secrets.json')
    const store = new ServerChannelSecrets(file, {}, 'linux')

    await store.set('telegram', '4242:AAH-token')

    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ telegram: '4242:AAH-token' })
    expect(await store.get('telegram')).toBe('4242:AAH-token')
    expect(await store.source('telegram')).toBe(`file ${file}`)
    await store.delete('telegram')
    expect(await store.get('telegram')).toBeNull()
  })

  it('come from VIGIL_CHANNEL_<CHANNEL>_SECRET first, which the console cannot change', async () => {
    dir = tempDir('vigil-channel-secrets-')
    const env = { VIGIL_CHANNEL_DISCORD_SECRET: 'from-env' }
    const store = new ServerChannelSecrets(path.join(dir, 'channel-secrets.json'), env, 'linux')

    expect(await store.get('discord')).toBe('from-env')
    expect(await store.source('discord')).toBe('environment variable VIGIL_CHANNEL_DISCORD_SECRET')
    await expect(store.set('discord', 'other')).rejects.toThrow(/change or unset it there/)
  })

  it('are not read from a file other users can read', async () => {
    dir = tempDir('vigil-channel-secrets-')
    const file = path.join(dir, 'channel-secrets.json')
    const store = new ServerChannelSecrets(file, {}, 'linux')
    await store.set('ntfy', 'tk_abc')
    chmodSync(file, 0o644)

    await expect(store.get('ntfy')).rejects.toThrow(`run "chmod 600 ${file}"`)
  })
})
