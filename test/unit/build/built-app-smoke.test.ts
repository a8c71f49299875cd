/**
 * The built artifact itself, not the sources: out/main/index.js booted in plain Node against a
 * stand-in `electron` (the binary cannot run here). It must start the engine on its data
 * folder, wire every command of the contract, open the locked-down window on the console served
 * through app://vigil, and quit cleanly. Needs `npx electron-vite build` first (`npm test`
 * runs it).
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { COMMAND_NAMES } from '../../../shared/contract'
import {
  EXPORT_AUDIT_CHANNEL,
  EXPORT_REPORT_PDF_CHANNEL,
  EXPORT_VALIDATION_PDF_CHANNEL,
} from '../../../shared/wire'
import { BUILT_MAIN, startBuiltApp, type BuiltApp } from './built-app'

const ROOT = path.resolve(import.meta.dirname, '../../..')
const APP_PAGE = 'app://vigil/index.html'
const ORDER = { symbol: 'BTC-USD', side: 'buy', type: 'market', quantity: '0.01' }

interface Seen {
  sandbox: boolean
  privilegedSchemes: { scheme: string; privileges: Record<string, boolean> }[]
  protocolSchemes: string[]
  windows: { webPreferences: Record<string, unknown>; loadedUrl: string | null }[]
  ipcChannels: string[]
  trays: number
  shortcuts: string[]
  permissionHandlers: string[]
}
interface Fetched {
  status: number
  contentType: string | null
  csp: string | null
  body: string
}
type Answer = { ok: true; value: Record<string, unknown> } | { ok: false; error: { code: string } }

let home: string
let dataDir: string
let app: BuiltApp
let seen: Seen

/** Journal records on disk, oldest first. */
function journal(): { seq: number; type: string; payload: Record<string, unknown> }[] {
  const dir = path.join(dataDir, 'journal')
  return readdirSync(dir)
    .filter((file) => file.endsWith('.jsonl'))
    .sort()
    .flatMap((file) => readFileSync(path.join(dir, file), 'utf8').trim().split('\n'))
    .map((line) => JSON.parse(line) as { seq: number; type: string; payload: never })
}

beforeAll(async () => {
  if (!existsSync(BUILT_MAIN)) {
    throw new Error('Build the app first: npx electron-vite build (npm test does it).')
  }
  home = mkdtempSync(path.join(os.tmpdir(), 'vigil-built-app-'))
  dataDir = path.join(home, '.config', 'Vigil', 'data')
  app = startBuiltApp(home)
  await app.waitFor((m) => m.event === 'loaded' || m.event === 'error-box')
  seen = await app.ask<Seen>('seen')
}, 60_000)

afterAll(() => {
  app?.kill()
  if (home) rmSync(home, { recursive: true, force: true })
})

describe('the built Electron main bundle', () => {
  it('boots the engine on its data folder and trades through the console’s IPC', async () => {
    expect(readdirSync(path.join(dataDir, 'journal')).some((f) => f.endsWith('.jsonl'))).toBe(true)
    expect(existsSync(path.join(dataDir, 'vigil.lock'))).toBe(true)
    const placed = await app.ask<Answer>('invoke', {
      channel: 'orders:submit',
      frameUrl: APP_PAGE,
      args: [{ ...ORDER, clientOrderId: 'smoke-1' }],
    })
    expect(placed).toMatchObject({ ok: true, value: { clientOrderId: 'smoke-1' } })
    // A page that is not the console is refused, even with a valid order.
    const stranger = await app.ask<Answer>('invoke', {
      channel: 'orders:submit',
      frameUrl: 'file:///tmp/evil.html',
      args: [{ ...ORDER, clientOrderId: 'smoke-2' }],
    })
    expect(stranger).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })

  it('registers a handler for every command of the contract and the exports, no more', () => {
    expect([...seen.ipcChannels].sort()).toEqual(
      [
        ...COMMAND_NAMES,
        EXPORT_AUDIT_CHANNEL,
        EXPORT_REPORT_PDF_CHANNEL,
        EXPORT_VALIDATION_PDF_CHANNEL,
      ].sort(),
    )
  })

  it('opens one window, sandboxed and isolated, without Node, with the built preload', () => {
    expect(seen.sandbox).toBe(true)
    expect(seen.windows).toHaveLength(1)
    const prefs = seen.windows[0]!.webPreferences
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    })
    expect(prefs.preload).toBe(path.join(ROOT, 'out/preload/index.cjs'))
    expect(existsSync(String(prefs.preload))).toBe(true)
    expect(seen.permissionHandlers.sort()).toEqual(['check', 'request'])
    expect(seen.trays).toBe(1)
    expect(seen.shortcuts).toEqual(['CommandOrControl+Shift+K'])
  })

  it('loads the console from app://vigil, served from the built renderer with the CSP', async () => {
    expect(seen.privilegedSchemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ])
    expect(seen.protocolSchemes).toEqual(['app'])
    expect(seen.windows[0]!.loadedUrl).toBe(APP_PAGE)

    const page = await app.ask<Fetched>('fetch', { url: APP_PAGE })
    const built = readFileSync(path.join(ROOT, 'out/renderer/index.html'), 'utf8')
    expect(page).toMatchObject({ status: 200, contentType: 'text/html; charset=utf-8' })
    expect(page.body).toBe(built.slice(0, 2000))
    const script = /src="\.?\/?(assets\/[^"]+\.js)"/.exec(built)![1]!
    const asset = await app.ask<Fetched>('fetch', { url: `app://vigil/${script}` })
    expect(asset).toMatchObject({ status: 200, contentType: 'text/javascript; charset=utf-8' })

    const headers = await app.ask<Record<string, string[]>>('headers')
    expect(headers['Content-Security-Policy']).toEqual([page.csp])
    expect(page.csp).toContain("script-src 'self'")
    expect(page.csp).not.toMatch(/ws:|unsafe/)
    // The main bundle lies beside the renderer; it is not the console's to fetch.
    for (const url of ['app://vigil/%2e%2e/main/index.js', 'app://vigil/..%2fmain%2findex.js']) {
      expect((await app.ask<Fetched>('fetch', { url })).status).toBe(404)
    }
  })

  it('refuses navigation to file:// or another origin, every new window and foreign permissions', async () => {
    const builtFile = `file://${path.join(ROOT, 'out/renderer/index.html')}`
    for (const url of ['file:///etc/passwd', builtFile, 'app://evil/', 'https://evil.example/']) {
      expect(await app.ask('navigate', { url })).toEqual({ prevented: true })
    }
    expect(await app.ask('navigate', { url: `${APP_PAGE}#/orders` })).toEqual({ prevented: false })
    expect(await app.ask('open', { url: APP_PAGE })).toEqual({ action: 'deny' })
    expect(await app.ask('permission', { permission: 'media', url: APP_PAGE })).toBe(false)
    // Copying an order id is the one permission, and only the console's origin has it.
    const clipboard = 'clipboard-sanitized-write'
    expect(await app.ask('permission', { permission: clipboard, url: APP_PAGE })).toBe(true)
    expect(await app.ask('permission', { permission: clipboard, url: builtFile })).toBe(false)
  })

  it('quits cleanly: journal flushed, snapshot written, folder free for the next start', async () => {
    await app.ask('quit')
    expect(await app.exited).toBe(0)
    expect(app.output()).not.toMatch(/did not close cleanly|before the trading engine finished/)

    const records = journal()
    expect(records.some((r) => r.type === 'order.verified')).toBe(true)
    // The last record vouches for the snapshot, which covers every record before it.
    const last = records[records.length - 1]!
    const snapshot = JSON.parse(readFileSync(path.join(dataDir, 'state.json'), 'utf8')) as {
      journal: { seq: number }
    }
    expect(last.type).toBe('snapshot.written')
    expect(snapshot.journal.seq).toBe(last.seq - 1)
    expect(last.payload.seq).toBe(snapshot.journal.seq)

    // The hash chain holds to its last record (the CLI exits non-zero, and this throws, if not).
    const verify = await promisify(execFile)(process.execPath, [
      path.join(ROOT, 'out/main/cli.js'),
      'verify-audit',
      dataDir,
    ])
    expect(verify.stdout).toContain(`Journal intact: ${records.length} records checked`)

    // The lock is free: the app starts again on the same folder and finds the order.
    app = startBuiltApp(home)
    const booted = await app.waitFor((m) => m.event === 'loaded' || m.event === 'error-box')
    expect(booted).toMatchObject({ event: 'loaded' })
    const orders = await app.ask<{ ok: boolean; value: unknown }>('invoke', {
      channel: 'orders:list',
      frameUrl: APP_PAGE,
      args: [{}],
    })
    expect(JSON.stringify(orders.value)).toContain('"clientOrderId":"smoke-1"')
    await app.ask('quit')
    expect(await app.exited).toBe(0)
  }, 60_000)
})
