import { beforeEach, describe, expect, it, vi } from 'vitest'
import { COMMAND_NAMES } from '../../../../shared/contract'
import {
  EVENTS_CHANNEL,
  EXPORT_AUDIT_CHANNEL,
  EXPORT_REPORT_PDF_CHANNEL,
  EXPORT_VALIDATION_PDF_CHANNEL,
} from '../../../../shared/wire'
import { runApp } from '../../../../electron/main/lifecycle'
import { resolveAppLocations } from '../../../../electron/main/paths'
import type { Engine } from '../../../../electron/engine'
import {
  app,
  dialog,
  fakeEvent,
  ipcMain,
  protocol,
  recorded,
  resetFakeElectron,
} from '../fake-electron'
import { createFakeEngine } from '../fake-engine'

vi.mock('electron', () => import('../fake-electron'))

const locations = resolveAppLocations({
  isPackaged: true,
  mainModuleUrl: 'file:///opt/Vigil/out/main/index.js',
})

beforeEach(() => resetFakeElectron())

/** A promise the test settles by hand, to hold the engine's close() open. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void
  const promise = new Promise<void>((r) => (resolve = r))
  return { promise, resolve }
}

describe('runApp', () => {
  it('starts the engine, wires every command and opens the sandboxed window', async () => {
    const fake = createFakeEngine()
    const handle = runApp({ startEngine: async () => fake.engine, locations })
    expect(await handle.started).toBe(fake.engine)

    expect(app.enableSandbox).toHaveBeenCalled()
    expect([...ipcMain.handlers.keys()].sort()).toEqual(
      [
        ...COMMAND_NAMES,
        EXPORT_AUDIT_CHANNEL,
        EXPORT_REPORT_PDF_CHANNEL,
        EXPORT_VALIDATION_PDF_CHANNEL,
      ].sort(),
    )
    expect(recorded.windows).toHaveLength(1)
    // The window's event forwarder, the alert notifier and the tray's trading-state watch.
    expect(fake.subscribers()).toBe(3)
    expect(recorded.trays).toHaveLength(1)
    expect(handle.mainWindow()).toBe(recorded.windows[0])
  })

  it('declares app: a secure, standard scheme before Electron is ready, and loads the console from it', async () => {
    const fake = createFakeEngine()
    await runApp({ startEngine: async () => fake.engine, locations }).started
    expect(recorded.privilegedSchemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ])
    const declared = protocol.registerSchemesAsPrivileged.mock.invocationCallOrder[0]!
    expect(declared).toBeLessThan(app.whenReady.mock.invocationCallOrder[0]!)
    expect(recorded.windows[0]!.loadedUrl).toBe('app://vigil/index.html')
    expect(recorded.protocolHandlers.has('app')).toBe(true)
  })

  it('delivers engine events to the window', async () => {
    vi.useFakeTimers()
    try {
      const fake = createFakeEngine()
      await runApp({ startEngine: async () => fake.engine, locations }).started
      fake.emit({
        type: 'market:quote',
        payload: { symbol: 'ETH-USD', ts: 1, bid: '1', ask: '1', last: '1' },
      })
      vi.advanceTimersByTime(100)
      expect(recorded.windows[0]!.webContents.sent.map((s) => s.channel)).toEqual([EVENTS_CHANNEL])
    } finally {
      vi.useRealTimers()
    }
  })

  it('shows the start-up error to the trader and quits when the engine cannot start', async () => {
    const handle = runApp({
      startEngine: () =>
        Promise.reject(new Error('Another Vigil is already using the data folder /data.')),
      locations,
    })
    expect(await handle.started).toBeNull()
    expect(dialog.showErrorBox).toHaveBeenCalledWith(
      'Vigil could not start',
      'Another Vigil is already using the data folder /data.',
    )
    expect(app.quit).toHaveBeenCalled()
    expect(recorded.windows).toHaveLength(0)
    expect(ipcMain.handlers.size).toBe(0)

    // Nothing to close, so the quit goes through untouched.
    const quit = fakeEvent()
    app.emit('before-quit', quit)
    expect(quit.defaultPrevented()).toBe(false)
  })

  it('holds the quit until the engine has closed, closes it once, then quits', async () => {
    const fake = createFakeEngine()
    const closing = deferred()
    fake.close.mockImplementation(() => closing.promise)
    await runApp({ startEngine: async () => fake.engine, locations }).started

    const first = fakeEvent()
    app.emit('before-quit', first)
    const second = fakeEvent()
    app.emit('before-quit', second)
    expect(first.defaultPrevented()).toBe(true)
    expect(second.defaultPrevented()).toBe(true)
    await vi.waitFor(() => expect(fake.close).toHaveBeenCalledTimes(1))
    expect(app.quit).not.toHaveBeenCalled()
    // No command may reach an engine that is closing.
    expect(ipcMain.handlers.size).toBe(0)
    expect(fake.subscribers()).toBe(0)

    closing.resolve()
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledTimes(1))
    const final = fakeEvent()
    app.emit('before-quit', final)
    expect(final.defaultPrevented()).toBe(false)
    expect(fake.close).toHaveBeenCalledTimes(1)
  })

  it('still quits when the engine fails to close', async () => {
    const fake = createFakeEngine()
    fake.close.mockRejectedValue(new Error('disk full'))
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    await runApp({ startEngine: async () => fake.engine, locations }).started
    app.emit('before-quit', fakeEvent())
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledTimes(1))
    expect(errors).toHaveBeenCalled()
    errors.mockRestore()
  })

  it('closes an engine that finishes starting after the trader quit, and opens no window', async () => {
    const fake = createFakeEngine()
    let finishStart!: (engine: Engine) => void
    const handle = runApp({
      startEngine: () => new Promise<Engine>((resolve) => (finishStart = resolve)),
      locations,
    })
    await vi.waitFor(() => expect(finishStart).toBeTypeOf('function'))
    app.emit('before-quit', fakeEvent())
    finishStart(fake.engine)
    await handle.started
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledTimes(1))
    expect(fake.close).toHaveBeenCalledTimes(1)
    expect(recorded.windows).toHaveLength(0)
  })

  it('quits at once as a second instance, without starting an engine', async () => {
    app.singleInstance = false
    const startEngine = vi.fn(async () => createFakeEngine().engine)
    expect(await runApp({ startEngine, locations }).started).toBeNull()
    expect(app.quit).toHaveBeenCalled()
    expect(startEngine).not.toHaveBeenCalled()
  })

  it('brings the window forward when a second instance is launched', async () => {
    const fake = createFakeEngine()
    await runApp({ startEngine: async () => fake.engine, locations }).started
    app.emit('second-instance')
    expect(recorded.windows[0]!.focused).toBe(true)
  })

  it('quits when the last window closes', async () => {
    const fake = createFakeEngine()
    await runApp({ startEngine: async () => fake.engine, locations }).started
    app.emit('window-all-closed')
    expect(app.quit).toHaveBeenCalled()
  })

  it('serves the engine’s saved report to the window’s report frame at app://vigil/reports/', async () => {
    const fake = createFakeEngine()
    fake.handle.mockResolvedValue({ ok: true, value: { info: {}, html: '<h1>Report</h1>' } })
    await runApp({ startEngine: async () => fake.engine, locations }).started
    const serve = recorded.protocolHandlers.get('app')!
    const response = await serve({
      url: 'app://vigil/reports/2026-11-23.html',
      method: 'GET',
    } as Request)
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('<h1>Report</h1>')
    expect(fake.handle).toHaveBeenCalledWith(
      { name: 'reports:get', payload: { date: '2026-11-23' } },
      expect.anything(),
    )
  })

  it('serves the validation audit at app://vigil/reports/validation.html', async () => {
    const fake = createFakeEngine()
    fake.handle.mockResolvedValue({
      ok: true,
      value: { html: '<h1>Validation audit</h1>', fileName: 'vigil-validation.html' },
    })
    await runApp({ startEngine: async () => fake.engine, locations }).started
    const serve = recorded.protocolHandlers.get('app')!
    const response = await serve({
      url: 'app://vigil/reports/validation.html',
      method: 'GET',
    } as Request)
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('<h1>Validation audit</h1>')
    expect(fake.handle).toHaveBeenCalledWith(
      { name: 'validation:report', payload: {} },
      expect.anything(),
    )
  })

  it('prints a report PDF in a window that opens nothing and goes nowhere', async () => {
    const fake = createFakeEngine()
    fake.handle.mockResolvedValue({ ok: true, value: { info: {}, html: '<h1>Report</h1>' } })
    await runApp({ startEngine: async () => fake.engine, locations }).started
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: true })
    const fromApp = { senderFrame: { url: locations.startUrl, parent: null } }
    // Canceled before printing: no print window yet. Then printed into a file that cannot be
    // written, so that nothing lands on disk; the window was made all the same.
    await ipcMain.invoke(EXPORT_REPORT_PDF_CHANNEL, fromApp, '2026-11-23')
    expect(recorded.windows).toHaveLength(1)
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: '/nonexistent/r.pdf' })
    await ipcMain.invoke(EXPORT_REPORT_PDF_CHANNEL, fromApp, '2026-11-23')
    const print = recorded.windows[1]!
    expect(print.options).toMatchObject({ show: false })
    expect(print.webContents.windowOpenHandler!({ url: 'https://evil.example/' })).toEqual({
      action: 'deny',
    })
    for (const name of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const event = fakeEvent({ url: 'https://evil.example/' })
      print.webContents.emit(name, event, 'https://evil.example/')
      expect(event.defaultPrevented(), name).toBe(true)
    }
  })
})
