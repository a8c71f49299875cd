import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { resolveAppLocations } from '../../../../electron/main/paths'
import { contentSecurityPolicy, isAppUrl, isTrustedFrame } from '../../../../electron/main/security'

const MAIN_MODULE = 'file:///opt/Vigil/resources/app.asar/out/main/index.js'
const APP_PAGE = 'app://vigil/index.html'
const ROOT = path.resolve(import.meta.dirname, '../../../..')

describe('resolveAppLocations', () => {
  it('finds the preload and the renderer next to the built main module, served as app://vigil', () => {
    const built = resolveAppLocations({ isPackaged: false, mainModuleUrl: MAIN_MODULE })
    expect(built.preloadPath).toBe('/opt/Vigil/resources/app.asar/out/preload/index.cjs')
    expect(built.rendererDir).toBe('/opt/Vigil/resources/app.asar/out/renderer/')
    expect(built.startUrl).toBe(APP_PAGE)
    expect(built.allowedOrigins).toEqual(['app://vigil'])
  })

  it('ignores ELECTRON_RENDERER_URL in a packaged app, so it cannot point the window elsewhere', () => {
    const shipped = resolveAppLocations({
      isPackaged: true,
      devServerUrl: 'https://evil.example/',
      mainModuleUrl: MAIN_MODULE,
    })
    expect(shipped.startUrl).toBe(APP_PAGE)
    expect(shipped.allowedOrigins).toEqual(['app://vigil'])
  })
})

describe('isAppUrl and isTrustedFrame', () => {
  const allowed = ['app://vigil']

  it('accept the console page, with or without a route in the hash', () => {
    expect(isAppUrl(APP_PAGE, allowed)).toBe(true)
    expect(isAppUrl(`${APP_PAGE}#/orders`, allowed)).toBe(true)
    expect(isAppUrl('app://vigil/', allowed)).toBe(true)
    expect(isTrustedFrame({ url: APP_PAGE, parent: null }, allowed)).toBe(true)
  })

  it.each([
    'https://evil.example/',
    'file:///opt/Vigil/resources/app.asar/out/renderer/index.html',
    'file:///opt/Vigil/resources/app.asar/out/renderer/other.html',
    'file:///etc/passwd',
    'app://evil/index.html',
    'app://vigil.evil/index.html',
    'apps://vigil/index.html',
    'http://vigil/index.html',
    'about:blank',
    'data:text/html,<script>alert(1)</script>',
    'not a url',
    '',
  ])('refuse %j', (url) => {
    expect(isAppUrl(url, allowed)).toBe(false)
    expect(isTrustedFrame({ url, parent: null }, allowed)).toBe(false)
  })

  it('match a dev server by origin: same scheme, host and port', () => {
    const dev = ['http://localhost:5173']
    expect(isAppUrl('http://localhost:5173/src/main.tsx', dev)).toBe(true)
    expect(isAppUrl('http://localhost:5174/', dev)).toBe(false)
    expect(isAppUrl('https://localhost:5173/', dev)).toBe(false)
    expect(isAppUrl(APP_PAGE, dev)).toBe(false)
  })

  it('refuse a missing frame and a frame nested in the console', () => {
    expect(isTrustedFrame(null, allowed)).toBe(false)
    expect(isTrustedFrame(undefined, allowed)).toBe(false)
    expect(isTrustedFrame({ url: APP_PAGE, parent: { url: APP_PAGE } }, allowed)).toBe(false)
  })
})

describe('contentSecurityPolicy', () => {
  it('is strict for the built app', () => {
    expect(contentSecurityPolicy()).toBe(
      "default-src 'self'; script-src 'self'; img-src 'self' data:; " +
        "frame-src app://vigil/reports/; object-src 'none'; " +
        "base-uri 'none'; frame-ancestors 'none'; form-action 'none'; connect-src 'self'",
    )
  })

  it('leaves the built console page itself no WebSocket (only the server host adds its port)', () => {
    // The page's own policy applies in Electron beside the header above: it names no ws:.
    const html = readFileSync(path.join(ROOT, 'renderer/index.html'), 'utf8')
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html)?.[1]
    expect(meta).toBeDefined()
    const connect = meta!.split('; ').find((d) => d.startsWith('connect-src'))
    expect(connect).toBe("connect-src 'self'")
  })

  it('relaxes only what the Vite dev server needs, only in development', () => {
    const dev = contentSecurityPolicy({ devServerUrl: 'http://localhost:5173' })
    expect(dev).toContain("script-src 'self' 'unsafe-inline'")
    expect(dev).toContain("connect-src 'self' ws://localhost:5173")
    expect(dev).toContain("object-src 'none'")
  })
})
