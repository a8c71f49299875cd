import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { err, ok } from '../../../../shared/result'
import type { ReportReader } from '../../../../electron/main/report-protocol'
import { resolveAppLocations } from '../../../../electron/main/paths'
import { createMainWindow } from '../../../../electron/main/window'
import { fakeEvent, recorded, resetFakeElectron, type FakeBrowserWindow } from '../fake-electron'

vi.mock('electron', () => import('../fake-electron'))

const MAIN_MODULE = 'file:///opt/Vigil/resources/app.asar/out/main/index.js'
const APP_PAGE = 'app://vigil/index.html'
const built = resolveAppLocations({ isPackaged: true, mainModuleUrl: MAIN_MODULE })

beforeEach(() => resetFakeElectron())

const REPORT_HTML = '<!doctype html><style>h1{color:#123}</style><h1 style="margin:0">Report</h1>'
/** The engine's saved reports: one, of 2026-12-01. */
const readReport: ReportReader = async (date) =>
  date === '2026-12-01' ? ok({ html: REPORT_HTML }) : err('NOT_FOUND', `No report for ${date}.`)

function open(locations = built): FakeBrowserWindow {
  createMainWindow(readReport, locations)
  expect(recorded.windows).toHaveLength(1)
  return recorded.windows[0]!
}

describe('createMainWindow', () => {
  it('runs the console isolated, sandboxed, without Node, with the CommonJS preload', () => {
    const prefs = open().options.webPreferences as Record<string, unknown>
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    })
    expect(prefs.preload).toBe('/opt/Vigil/resources/app.asar/out/preload/index.cjs')
    expect(String(prefs.preload)).toMatch(/index\.cjs$/)
    // Nothing experimental is switched on.
    expect(prefs.experimentalFeatures).toBeUndefined()
    expect(prefs.enableBlinkFeatures).toBeUndefined()
  })

  it('uses the preload next to the built main module by default', () => {
    createMainWindow(readReport)
    const prefs = recorded.windows[0]!.options.webPreferences as Record<string, unknown>
    expect(String(prefs.preload)).toMatch(/[/\\]preload[/\\]index\.cjs$/)
  })

  it('loads the built console from app://vigil and shows the window only once it is ready to paint', () => {
    const window = open()
    expect(window.loadedUrl).toBe(APP_PAGE)
    expect(recorded.protocolHandlers.has('app')).toBe(true)
    expect(window.visible).toBe(false)
    window.emit('ready-to-show')
    expect(window.visible).toBe(true)
  })

  it('serves the built renderer on app:// with the window’s policy, once for every window', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-window-'))
    try {
      mkdirSync(path.join(dir, 'out', 'renderer'), { recursive: true })
      writeFileSync(path.join(dir, 'out', 'renderer', 'index.html'), '<title>Vigil</title>')
      writeFileSync(path.join(dir, 'secret.txt'), 'secret')
      const locations = resolveAppLocations({
        isPackaged: true,
        mainModuleUrl: pathToFileURL(path.join(dir, 'out', 'main', 'index.js')).toString(),
      })
      createMainWindow(readReport, locations)
      // The tray's "show" opens a new window after the first was closed: no second handler.
      createMainWindow(readReport, locations)
      expect(recorded.windows.map((w) => w.loadedUrl)).toEqual([APP_PAGE, APP_PAGE])

      const serve = recorded.protocolHandlers.get('app')!
      const page = await serve({ url: APP_PAGE, method: 'GET' } as Request)
      expect(page.status).toBe(200)
      expect(await page.text()).toBe('<title>Vigil</title>')
      const callback = vi.fn()
      recorded.headersListener!({ responseHeaders: {} }, callback)
      expect(page.headers.get('content-security-policy')).toBe(
        callback.mock.calls[0]![0].responseHeaders['Content-Security-Policy'][0],
      )
      const outside = await serve({ url: 'app://vigil/../secret.txt', method: 'GET' } as Request)
      expect(outside.status).toBe(404)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('denies every window.open and target=_blank link', () => {
    const window = open()
    expect(window.webContents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({
      action: 'deny',
    })
    expect(window.webContents.windowOpenHandler?.({ url: APP_PAGE })).toEqual({ action: 'deny' })
  })

  it('prevents navigation to a foreign page and allows the console’s own page', () => {
    const contents = open().webContents
    const foreign = fakeEvent({ url: 'https://evil.example/' })
    contents.emit('will-navigate', foreign, 'https://evil.example/')
    expect(foreign.defaultPrevented()).toBe(true)

    const otherFile = fakeEvent({ url: 'file:///etc/passwd' })
    contents.emit('will-navigate', otherFile, 'file:///etc/passwd')
    expect(otherFile.defaultPrevented()).toBe(true)

    // The built console's own file, opened as a file:// page, is not the app either.
    const builtFile = 'file:///opt/Vigil/resources/app.asar/out/renderer/index.html'
    const asFile = fakeEvent({ url: builtFile })
    contents.emit('will-navigate', asFile, builtFile)
    expect(asFile.defaultPrevented()).toBe(true)

    const otherHost = fakeEvent({ url: 'app://evil/index.html' })
    contents.emit('will-navigate', otherHost, 'app://evil/index.html')
    expect(otherHost.defaultPrevented()).toBe(true)

    const own = fakeEvent({ url: `${APP_PAGE}#/orders` })
    contents.emit('will-navigate', own, `${APP_PAGE}#/orders`)
    expect(own.defaultPrevented()).toBe(false)

    const redirect = fakeEvent({ url: 'https://evil.example/' })
    contents.emit('will-redirect', redirect, 'https://evil.example/')
    expect(redirect.defaultPrevented()).toBe(true)
  })

  it('refuses to attach a <webview>', () => {
    const event = fakeEvent()
    open().webContents.emit('will-attach-webview', event)
    expect(event.defaultPrevented()).toBe(true)
  })

  it('sets a strict Content-Security-Policy header on every response, replacing any other', () => {
    open()
    expect(recorded.headersListener).not.toBeNull()
    const callback = vi.fn()
    recorded.headersListener!(
      { responseHeaders: { 'content-security-policy': ['default-src *'], 'X-Kept': ['yes'] } },
      callback,
    )
    const headers = callback.mock.calls[0]![0].responseHeaders as Record<string, string[]>
    expect(headers['content-security-policy']).toBeUndefined()
    expect(headers['X-Kept']).toEqual(['yes'])
    const policy = headers['Content-Security-Policy']![0]!
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
      "connect-src 'self'",
    ]) {
      expect(policy.split('; ')).toContain(directive)
    }
    expect(policy).not.toContain('unsafe')
  })

  it('serves a saved report at its own app:// address under the report’s policy, not the console’s', async () => {
    open()
    const serve = recorded.protocolHandlers.get('app')!
    const url = 'app://vigil/reports/2026-12-01.html'
    const report = await serve({ url, method: 'GET' } as Request)
    expect(report.status).toBe(200)
    expect(report.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await report.text()).toBe(REPORT_HTML)
    const reportPolicy = report.headers.get('content-security-policy')!
    expect(reportPolicy.split('; ')).toEqual([
      "default-src 'none'",
      "style-src 'unsafe-inline'",
      'img-src data:',
      "frame-ancestors 'self'",
      "base-uri 'none'",
      "form-action 'none'",
      'sandbox allow-same-origin',
    ])
    expect(report.headers.get('x-content-type-options')).toBe('nosniff')
    expect(report.headers.get('referrer-policy')).toBe('no-referrer')
    expect(report.headers.get('cache-control')).toBe('no-store')

    // The session's headers hook keeps that policy on the report and the console's elsewhere.
    const policyOf = (at: string): string => {
      const callback = vi.fn()
      recorded.headersListener!({ url: at, responseHeaders: {} }, callback)
      return callback.mock.calls[0]![0].responseHeaders['Content-Security-Policy'][0]
    }
    expect(policyOf(url)).toBe(reportPolicy)
    const consolePolicy = policyOf(APP_PAGE)
    expect(consolePolicy).not.toBe(reportPolicy)
    // The console frames that one address and nothing else.
    expect(consolePolicy.split('; ')).toContain('frame-src app://vigil/reports/')

    const missing = await serve({
      url: 'app://vigil/reports/2026-11-30.html',
      method: 'GET',
    } as Request)
    expect(missing.status).toBe(404)
    expect(await missing.text()).toBe('No report for 2026-11-30.\n')
  })

  it('refuses web permissions such as the camera or location', () => {
    open()
    const granted = vi.fn()
    recorded.permissionRequestHandler!({}, 'media', granted)
    recorded.permissionRequestHandler!({}, 'geolocation', granted)
    expect(granted.mock.calls).toEqual([[false], [false]])
    expect(recorded.permissionCheckHandler!({}, 'notifications')).toBe(false)
  })

  it("grants the clipboard only to the console's own page", () => {
    open()
    const granted = vi.fn()
    const asked = (url: string) => ({ requestingUrl: url })
    const clipboard = 'clipboard-sanitized-write'
    recorded.permissionRequestHandler!({}, clipboard, granted, asked(`${APP_PAGE}#/orders`))
    recorded.permissionRequestHandler!({}, clipboard, granted, asked('https://evil.example/'))
    recorded.permissionRequestHandler!({}, clipboard, granted, asked('file:///tmp/other.html'))
    expect(granted.mock.calls).toEqual([[true], [false], [false]])
    expect(recorded.permissionCheckHandler!({}, clipboard, 'app://vigil', asked(APP_PAGE))).toBe(
      true,
    )
    expect(
      recorded.permissionCheckHandler!({}, clipboard, 'file://', asked('file:///tmp/x.html')),
    ).toBe(false)
  })

  it('in development loads the dev server and trusts only its origin', async () => {
    const dev = resolveAppLocations({
      isPackaged: false,
      devServerUrl: 'http://localhost:5173',
      mainModuleUrl: MAIN_MODULE,
    })
    const window = open(dev)
    expect(window.loadedUrl).toBe('http://localhost:5173')
    // Vite serves the console; the app: protocol answers the reports only.
    const serve = recorded.protocolHandlers.get('app')!
    expect((await serve({ url: APP_PAGE, method: 'GET' } as Request)).status).toBe(404)
    const report = await serve({
      url: 'app://vigil/reports/2026-12-01.html',
      method: 'GET',
    } as Request)
    expect(report.status).toBe(200)
    // The dev server's page frames it, so that origin may.
    expect(report.headers.get('content-security-policy')).toContain(
      "frame-ancestors 'self' http://localhost:5173;",
    )
    const own = fakeEvent({ url: 'http://localhost:5173/#/orders' })
    window.webContents.emit('will-navigate', own)
    expect(own.defaultPrevented()).toBe(false)
    const otherPort = fakeEvent({ url: 'http://localhost:5174/' })
    window.webContents.emit('will-navigate', otherPort)
    expect(otherPort.defaultPrevented()).toBe(true)
  })
})
