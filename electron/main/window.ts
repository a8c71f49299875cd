// eng-disable AUXCLICK_JS_CHECK (a false positive for this file, why on the next lines)
// The check asks for disableBlinkFeatures: 'Auxclick', a Blink switch current Chromium no longer
// has; what it guards against, a middle-click opening a window or leaving the page, is refused
// below by the window-open handler and the navigation guard.
/**
 * The console window, locked down: isolated and sandboxed renderer with no Node, a strict CSP,
 * served from the app's own origin, no pop-up windows and no navigation away from that origin.
 */
import { app, BrowserWindow, session } from 'electron'
import { APP_REPORT_PAGES } from '../../shared/wire'
import { reportContentSecurityPolicy } from '../host'
import { serveAppProtocol } from './app-protocol'
import { resolveAppLocations, type AppLocations } from './paths'
import { createReportResponder, type ReportReader } from './report-protocol'
import { contentSecurityPolicy, hardenSession, isAppUrl, lockDownContents } from './security'

/** The locations of this build: the dev server in `electron-vite dev`, else the built files. */
export function defaultAppLocations(): AppLocations {
  return resolveAppLocations({
    isPackaged: app.isPackaged,
    devServerUrl: process.env.ELECTRON_RENDERER_URL,
  })
}

/**
 * Creates the main window, shows it once its first paint is ready and loads the console;
 * `readReport` gives the saved reports its report frame shows.
 */
export function createMainWindow(
  readReport: ReportReader,
  locations: AppLocations = defaultAppLocations(),
): BrowserWindow {
  const policy = contentSecurityPolicy({ devServerUrl: locations.devServerUrl })
  // A report is framed by the console: the app's page, or in development the dev server's.
  const frameAncestors = locations.devServerUrl
    ? `'self' ${new URL(locations.devServerUrl).origin}`
    : "'self'"
  const reportPolicy = reportContentSecurityPolicy(frameAncestors)
  hardenSession(session.defaultSession, policy, locations.allowedOrigins, (url) =>
    url.startsWith(APP_REPORT_PAGES) ? reportPolicy : undefined,
  )
  // The built console comes from app://vigil/, answered from out/renderer only (with the dev
  // server, only the reports are). The handler sets the policies on its responses itself
  // rather than rely on webRequest reaching them.
  serveAppProtocol(session.defaultSession.protocol, {
    ...(locations.rendererDir ? { rootDir: locations.rendererDir } : {}),
    contentSecurityPolicy: policy,
    reports: createReportResponder({ readReport, frameAncestors }),
  })

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
