import { describe, expect, it, vi } from 'vitest'
import { SafeStorageChannelSecrets } from '../../../../electron/main/channel-secrets'
import { SafeStorageCredentialStore } from '../../../../electron/main/credentials'
import { systemClock } from '../../../../electron/host'
import { createFakeEngine } from '../fake-engine'
import { app, recorded, resetFakeElectron } from '../fake-electron'

vi.mock('electron', () => import('../fake-electron'))

const { createEngine } = vi.hoisted(() => ({ createEngine: vi.fn() }))
vi.mock('../../../../electron/engine/index', () => ({ createEngine }))

describe('the app entry', () => {
  it('starts the engine on <userData>/data with the real clock, the OS key store for exchange keys and channel secrets, and opens the console', async () => {
    resetFakeElectron()
    const fake = createFakeEngine()
    createEngine.mockResolvedValue(fake.engine)

    await import('../../../../electron/main/index')

    await vi.waitFor(() => expect(recorded.windows).toHaveLength(1))
    expect(app.getPath).toHaveBeenCalledWith('userData')
    expect(createEngine).toHaveBeenCalledTimes(1)
    expect(createEngine).toHaveBeenCalledWith({
      dataDir: expect.stringMatching(/Vigil-userData[/\\]data$/),
      clock: systemClock,
      credentials: expect.any(SafeStorageCredentialStore),
      channelSecrets: expect.any(SafeStorageChannelSecrets),
    })
    const prefs = recorded.windows[0]!.options.webPreferences as Record<string, unknown>
    expect(String(prefs.preload)).toMatch(/electron[/\\]preload[/\\]index\.cjs$/)
  })
})
