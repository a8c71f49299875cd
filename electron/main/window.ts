// eng-disable AUXCLICK_JS_CHECK (a false positive for this file, why on the next lines)
// The check asks for disableBlinkFeatures: 'Auxclick', a Blink switch current Chromium no longer
// has; what it guards against, a middle-click opening a window or leaving the page, is refused
// below by the window-open handler and the navigation guard.
/**
 * The console window, locked down: isolated and sandboxed renderer with no Node, a strict CSP,
 * served from the app's own origin, no pop-up windows and no navigation away from that origin.
 */
import { app, BrowserWindow, session } from 'electron'
import { serveAppProtocol } from './app-protocol'
import { resolveAppLocations, type AppLocations } from './paths'
import { contentSecurityPolicy, hardenSession, isAppUrl, lockDownContents } from './security'

/** The locations of this build: the dev server in `electron-vite dev`, else the built files. */
export function defaultAppLocations(): AppLocations {
  return resolveAppLocations({
    isPackaged: app.isPackaged,
    devServerUrl: process.env.ELECTRON_RENDERER_URL,
  })
}

/** Creates the main window, shows it once its first paint is ready and loads the console. */
export function createMainWindow(locations: AppLocations = defaultAppLocations()): BrowserWindow {
  const policy = contentSecurityPolicy({ devServerUrl: locations.devServerUrl })
  hardenSession(session.defaultSession, policy, locations.allowedOrigins)
  // The built console comes from app://vigil/, answered from out/renderer only. The handler
  // sets the same policy on its responses itself rather than rely on webRequest reaching them.
  if (locations.rendererDir) {
    serveAppProtocol(session.defaultSession.protocol, {
      rootDir: locations.rendererDir,
      contentSecurityPolicy: policy,
    })
  }

  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 640,
    title: 'Vigil',
    // Shown on ready-to-show so the trader never sees a white flash before the dark console.
    show: false,
    backgroundColor: '#0b0e14',
    webPreferences: {
      // Reviewed as PRELOAD_JS_CHECK asks: sandboxed and isolated, it exposes only window.vigil
      // (contract commands by name, event batches, two exports), never ipcRenderer or Node.
      preload: locations.preloadPath, // eng-disable PRELOAD_JS_CHECK (reviewed, see above)
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  })

  window.once('ready-to-show', () => window.show())

  lockDownContents(window.webContents, (url) => isAppUrl(url, locations.allowedOrigins))

  window.loadURL(locations.startUrl).catch((error: unknown) => {
    console.error(`Vigil could not load the console from ${locations.startUrl}:`, error)
  })
  return window
}
