/**
 * The Electron app's entry (out/main/index.js): runs the engine on the trader's data folder
 * with the real clock and hands everything else to the lifecycle.
 */
import path from 'node:path'
import { app } from 'electron'
import { createEngine } from '../engine/index'
import { systemClock } from '../host'
import { SafeStorageChannelSecrets } from './channel-secrets'
import { SafeStorageCredentialStore } from './credentials'
import { runApp } from './lifecycle'
import { resolveAppLocations } from './paths'

runApp({
  // Resolved from this entry module, which is always out/main/index.js, whatever chunks exist.
  locations: resolveAppLocations({
    isPackaged: app.isPackaged,
    devServerUrl: process.env.ELECTRON_RENDERER_URL,
    mainModuleUrl: import.meta.url,
  }),
  startEngine: () =>
    createEngine({
      dataDir: path.join(app.getPath('userData'), 'data'),
      clock: systemClock,
      // Exchange API keys live in the OS key store, never in the data folder.
      credentials: new SafeStorageCredentialStore(),
      // So do the alert channels' secrets (bot tokens, webhook keys).
      channelSecrets: new SafeStorageChannelSecrets(),
    }),
})
