// eng-disable AUXCLICK_JS_CHECK (a false positive for this file, why on the next line)
// The only window made here prints PDFs: hidden, scripts off, so no click ever reaches it.
/**
 * The Electron app's life: one instance, start the engine when Electron is ready, wire IPC and
 * events, open the window; on quit, close the engine once (journal flushed, snapshot written)
 * before the process exits. The engine itself is passed in so this is tested with a fake.
 */
import path from 'node:path'
import {
  Menu,
  Notification,
  Tray,
  app,
  dialog,
  globalShortcut,
  ipcMain,
  nativeImage,
  protocol,
  BrowserWindow,
} from 'electron'
import type { Engine } from '../engine'
import { journalDir } from '../engine/core'
import { readReportPage } from '../host'
import { registerAppScheme } from './app-protocol'
import { registerAuditExportHandler } from './audit-export'
import { forwardEngineEvents } from './events'
import { registerIpcHandlers } from './ipc'
import type { AppLocations } from './paths'
import { registerAlertNotifications } from './notifications'
import {
  registerReportPdfHandler,
  registerValidationPdfHandler,
  type ReportPdfDeps,
} from './report-pdf'
import { registerSafetyControls } from './safety'
import { isTrustedFrame, lockDownContents } from './security'
import { createMainWindow, defaultAppLocations } from './window'

/** What the app needs from the outside. */
export interface AppOptions {
  /** Builds and starts the engine; called once, after Electron is ready. */
  startEngine(): Promise<Engine>
  /** Where the preload and the console are; defaults to this build's own. */
  readonly locations?: AppLocations
  /** How long quitting waits for the engine to close before giving up. Default 15 s. */
  readonly closeTimeoutMs?: number
}

/** A running app, for tests: resolves once start-up has finished or failed. */
export interface AppHandle {
  readonly started: Promise<Engine | null>
  /** The console window, while it is open. */
  mainWindow(): BrowserWindow | null
}

/** Starts the app. A second instance hands over to the first and quits. */
export function runApp(options: AppOptions): AppHandle {
  let mainWindow: BrowserWindow | null = null
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return { started: Promise.resolve(null), mainWindow: () => null }
  }
  // Every renderer, including any a bug might create, runs sandboxed; the console's app://
  // origin is declared secure and standard. Both must precede 'ready'.
  app.enableSandbox()
  registerAppScheme(protocol)

  const locations = options.locations ?? defaultAppLocations()
  const disposers: Array<() => void> = []
  let engine: Engine | null = null
  let shutdown: Promise<void> | null = null
  let quitting = false

  const openWindow = (): void => {
    const running = engine
    if (!running) return
    const window = createMainWindow((name) => readReportPage(running, name), locations)
    mainWindow = window
    window.on('closed', () => {
      if (mainWindow === window) mainWindow = null
    })
  }

  const start = async (): Promise<Engine | null> => {
    await app.whenReady()
    try {
      const started = await options.startEngine()
      // The trader quit while the engine was starting: the shutdown closes it, no window opens.
      if (shutdown) return started
      engine = started
      const isTrustedSender = (frame: Parameters<typeof isTrustedFrame>[0]): boolean =>
        isTrustedFrame(frame, locations.allowedOrigins)
      // The PDF exports print in a hidden window of their own.
      const pdf: ReportPdfDeps = {
        ipcMain,
        dialog,
        engine: started,
        isTrustedSender,
        makeWindow: () => {
          const window = new BrowserWindow({
            show: false,
            webPreferences: { sandbox: true, contextIsolation: true, javascript: false },
          })
          // It only prints what it is given: it opens and goes nowhere else.
          lockDownContents(window.webContents, () => false)
          return window
        },
      }
      disposers.push(
        registerIpcHandlers(ipcMain, started, isTrustedSender),
        registerAuditExportHandler({
          ipcMain,
          dialog,
          journalDir: journalDir(started.info.dataDir),
          isTrustedSender,
          getWindow: () => mainWindow,
        }),
        forwardEngineEvents(started, () => mainWindow?.webContents),
        registerReportPdfHandler(pdf),
        registerValidationPdfHandler(pdf),
        registerAlertNotifications({
          engine: started,
          isSupported: () => Notification.isSupported(),
          show: (title, body) => new Notification({ title, body }).show(),
        }),
        registerSafetyControls({
          engine: started,
          createTray: () => {
            // out/preload/index.cjs → resources/icon.png beside out/.
            const icon = path.join(
              path.dirname(locations.preloadPath),
              '..',
              '..',
              'resources',
              'icon.png',
            )
            const tray = new Tray(nativeImage.createFromPath(icon))
            return {
              setToolTip: (text) => tray.setToolTip(text),
              setContextMenu: (items) => tray.setContextMenu(Menu.buildFromTemplate([...items])),
              destroy: () => tray.destroy(),
            }
          },
          globalShortcut,
          ask: async (question) =>
            (
              await dialog.showMessageBox({
                type: 'warning',
                ...question,
                defaultId: 0,
                cancelId: 0,
                noLink: true,
              })
            ).response,
          showWindow: () => {
            if (!mainWindow) openWindow()
            else {
              if (mainWindow.isMinimized()) mainWindow.restore()
              mainWindow.focus()
            }
          },
        }),
      )
      openWindow()
      return started
    } catch (error) {
      dialog.showErrorBox('Vigil could not start', messageOf(error))
      // With no engine there is nothing to close; with one, before-quit closes it first.
      if (!engine) quitting = true
      app.quit()
      return engine
    }
  }
  const started = start()

  app.on('second-instance', () => {
    if (!mainWindow) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })
  // Closing the last window quits on every platform: a trading engine left running with no
  // window (the macOS habit) would keep trading where the trader cannot see it.
  app.on('window-all-closed', () => app.quit())
  app.on('activate', () => {
    if (engine && !mainWindow && !shutdown) openWindow()
  })
  app.on('before-quit', (event) => {
    if (quitting) return
    // Hold the quit until the journal is flushed and the snapshot written, then quit again.
    event.preventDefault()
    shutdown ??= (async () => {
      const running = engine ?? (await started)
      for (const dispose of disposers.splice(0)) dispose()
      if (running) await closeEngine(running, options.closeTimeoutMs ?? 15_000)
      quitting = true
      app.quit()
    })()
  })

  return { started, mainWindow: () => mainWindow }
}

async function closeEngine(engine: Engine, timeoutMs: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs)
  })
  try {
    const outcome = await Promise.race([
      engine.close('the app was quit').then(() => 'closed' as const),
      timeout,
    ])
    if (outcome === 'timeout') {
      console.error(
        `Vigil quit before the trading engine finished closing (waited ${timeoutMs / 1000} s); the next start replays the journal.`,
      )
    }
  } catch (error) {
    console.error(
      'The trading engine did not close cleanly; the next start replays the journal:',
      error,
    )
  } finally {
    clearTimeout(timer)
  }
}

function messageOf(error: unknown): string {
  if (error instanceof Error && error.message) return error.message
  return typeof error === 'string' && error
    ? error
    : 'An unknown error stopped the trading engine from starting.'
}
