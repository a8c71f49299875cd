/**
 * Where the built preload and renderer are, relative to the built main process
 * (out/main/index.js → out/preload/index.cjs, out/renderer/), and which page URLs count as the
 * app's own.
 */
import { fileURLToPath } from 'node:url'
import { APP_ORIGIN, APP_START_URL } from './app-protocol'

/** The files and URLs the window needs. */
export interface AppLocations {
  /** Absolute path of the CommonJS preload. */
  readonly preloadPath: string
  /** What the window loads: the dev server URL or app://vigil/index.html. */
  readonly startUrl: string
  /** The built renderer folder the app: protocol serves (absent with the dev server). */
  readonly rendererDir?: string
  /** The dev server URL, when the console is served by Vite. */
  readonly devServerUrl?: string
  /** Page URLs trusted to send IPC and to be navigated to (see isAppUrl). */
  readonly allowedOrigins: readonly string[]
}

/**
 * Works out the locations. The dev server URL is honoured only in an unpackaged app, so an
 * environment variable can never point a shipped app's privileged window at another page.
 */
export function resolveAppLocations(options: {
  readonly isPackaged: boolean
  readonly devServerUrl?: string | undefined
  /** URL of the built main module; defaults to this module's own. */
  readonly mainModuleUrl?: string
}): AppLocations {
  const base = options.mainModuleUrl ?? import.meta.url
  const preloadPath = fileURLToPath(new URL('../preload/index.cjs', base))
  const rendererDir = fileURLToPath(new URL('../renderer/', base))
  const devServerUrl = options.isPackaged ? undefined : options.devServerUrl || undefined
  if (devServerUrl) {
    return {
      preloadPath,
      startUrl: devServerUrl,
      devServerUrl,
      allowedOrigins: [devServerUrl],
    }
  }
  return { preloadPath, startUrl: APP_START_URL, rendererDir, allowedOrigins: [APP_ORIGIN] }
}
