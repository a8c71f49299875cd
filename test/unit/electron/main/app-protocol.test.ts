import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createAppProtocolHandler,
  registerAppScheme,
  type AppProtocolHandler,
} from '../../../../electron/main/app-protocol'
import { createReportResponder } from '../../../../electron/main/report-protocol'
import { contentSecurityPolicy } from '../../../../electron/main/security'
import { err, ok } from '../../../../shared/result'
import { APP_REPORT_PAGES } from '../../../../shared/wire'

const POLICY = contentSecurityPolicy()
let base: string
let serve: AppProtocolHandler

/** A request as Electron hands it over; the URL is passed raw, as a hostile page could shape it. */
function get(url: string, method = 'GET'): Promise<Response> {
  return serve({ url, method } as Request)
}

beforeAll(() => {
  // base/renderer is what the app serves; base/secret.txt and base/data lie beside it.
  base = mkdtempSync(path.join(os.tmpdir(), 'vigil-app-protocol-'))
  const root = path.join(base, 'renderer')
  mkdirSync(path.join(root, 'assets'), { recursive: true })
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Vigil</title>')
  writeFileSync(path.join(root, 'assets', 'index-abc.js'), 'console.log("console")')
  writeFileSync(path.join(root, 'assets', 'index-abc.css'), 'body{}')
  writeFileSync(path.join(root, 'assets', 'logo.svg'), '<svg/>')
  writeFileSync(path.join(base, 'secret.txt'), 'credentials')
  mkdirSync(path.join(base, 'data'))
  writeFileSync(path.join(base, 'data', 'journal.jsonl'), '{"seq":1}')
  symlinkSync(path.join(base, 'secret.txt'), path.join(root, 'assets', 'leak.txt'))
  symlinkSync(path.join(base, 'data'), path.join(root, 'data'))
  symlinkSync(path.join(root, 'index.html'), path.join(root, 'alias.html'))
  serve = createAppProtocolHandler({ rootDir: root, contentSecurityPolicy: POLICY })
})

afterAll(() => rmSync(base, { recursive: true, force: true }))

describe('the app:// protocol', () => {
  it('serves index.html for the start page and for the bare origin, with the CSP', async () => {
    for (const url of ['app://vigil/index.html', 'app://vigil/', 'app://vigil']) {
      const response = await get(url)
      expect(response.status).toBe(200)
      expect(await response.text()).toBe('<!doctype html><title>Vigil</title>')
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
      expect(response.headers.get('content-security-policy')).toBe(POLICY)
      expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    }
  })

  it('serves the built assets with their content types', async () => {
    const script = await get('app://vigil/assets/index-abc.js')
    expect(script.status).toBe(200)
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(await script.text()).toBe('console.log("console")')
    const style = await get('app://vigil/assets/index-abc.css?v=1#x')
    expect(style.headers.get('content-type')).toBe('text/css; charset=utf-8')
    expect((await get('app://vigil/assets/logo.svg')).headers.get('content-type')).toBe(
      'image/svg+xml',
    )
  })

  it('answers HEAD without a body', async () => {
    const response = await get('app://vigil/index.html', 'HEAD')
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('')
  })

  it.each([
    ['a missing file', 'app://vigil/nothing.js'],
    ['a directory', 'app://vigil/assets'],
    ['a step out', 'app://vigil/../secret.txt'],
    ['an encoded step out', 'app://vigil/%2e%2e/secret.txt'],
    ['a step out behind an encoded slash', 'app://vigil/assets/..%2f..%2fsecret.txt'],
    ['an encoded dotted step', 'app://vigil/assets/%2E%2E%2F%2E%2E%2Fsecret.txt'],
    ['a backslash step', 'app://vigil/assets/..%5c..%5csecret.txt'],
    ['an absolute path', 'app://vigil//etc/passwd'],
    ['an encoded absolute path', 'app://vigil/%2Fetc%2Fpasswd'],
    ['a NUL byte', 'app://vigil/index.html%00.js'],
    ['a malformed escape', 'app://vigil/%E0%A4%A'],
    ['a symlink to a file outside', 'app://vigil/assets/leak.txt'],
    ['a symlink to the data folder', 'app://vigil/data/journal.jsonl'],
    ['another host', 'app://evil/index.html'],
    ['another scheme', 'file:///etc/passwd'],
    ['not a URL', 'not a url'],
  ])('refuses %s with a 404 and no file', async (_name, url) => {
    const response = await get(url)
    expect(response.status).toBe(404)
    const body = await response.text()
    expect(body).toBe('Not found')
    expect(response.headers.get('content-security-policy')).toBe(POLICY)
  })

  it('serves a symlink whose target stays inside the folder', async () => {
    const response = await get('app://vigil/alias.html')
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('<title>Vigil</title>')
  })

  it('refuses methods other than GET and HEAD', async () => {
    const response = await get('app://vigil/index.html', 'POST')
    expect(response.status).toBe(405)
  })

  it('declares app: a standard, secure scheme that may use fetch', () => {
    const declared: unknown[] = []
    registerAppScheme({ registerSchemesAsPrivileged: (schemes) => declared.push(...schemes) })
    expect(declared).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ])
  })
})

describe('the report pages on app://vigil/reports/', () => {
  const REPORT = '<!doctype html><style>h1{color:#123}</style><h1 style="margin:0">Report</h1>'
  const REPORT_POLICY =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; " +
    "base-uri 'none'; form-action 'none'; sandbox allow-same-origin"
  const asked: string[] = []
  let reports: AppProtocolHandler

  beforeAll(() => {
    reports = createAppProtocolHandler({
      rootDir: path.join(base, 'renderer'),
      contentSecurityPolicy: POLICY,
      reports: createReportResponder({
        readReport: async (date) => {
          asked.push(date)
          return date === '2026-12-01'
            ? ok({ html: REPORT })
            : err('NOT_FOUND', `There is no report for ${date}.`)
        },
      }),
    })
  })
  const fetchReport = (url: string, method = 'GET'): Promise<Response> =>
    reports({ url, method } as Request)

  it('serves a day’s report inline under the report’s own policy, never cached', async () => {
    // The address the preload gives the console is the one answered.
    const response = await fetchReport(`${APP_REPORT_PAGES}2026-12-01.html`)
    expect(response.status).toBe(200)
    expect(await response.text()).toBe(REPORT)
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(response.headers.get('content-security-policy')).toBe(REPORT_POLICY)
    expect(response.headers.get('content-security-policy')).not.toBe(POLICY)
    expect(response.headers.get('content-disposition')).toBeNull()
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(response.headers.get('referrer-policy')).toBe('no-referrer')
    expect(response.headers.get('cache-control')).toBe('no-store')
  })

  it('says which addresses are reports when the day is malformed, and reads nothing', async () => {
    asked.length = 0
    for (const url of [
      'app://vigil/reports/2026-12-1.html',
      'app://vigil/reports/2026-12-01',
      'app://vigil/reports/..%2f..%2fsecret.txt',
      'app://vigil/reports/',
    ]) {
      const response = await fetchReport(url)
      expect(response.status).toBe(400)
      expect(await response.text()).toContain(
        "A report's address is /reports/YYYY-MM-DD.html, such as /reports/2026-12-01.html",
      )
    }
    expect(asked).toEqual([])
  })

  it('answers a day without a report with the engine’s reason, and only GET and HEAD', async () => {
    const missing = await fetchReport('app://vigil/reports/2026-11-30.html')
    expect(missing.status).toBe(404)
    expect(await missing.text()).toBe('There is no report for 2026-11-30.\n')
    expect(missing.headers.get('content-security-policy')).toBe(REPORT_POLICY)
    const post = await fetchReport('app://vigil/reports/2026-12-01.html', 'POST')
    expect(post.status).toBe(405)
    const head = await fetchReport('app://vigil/reports/2026-12-01.html', 'HEAD')
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
  })

  it('answers reports on the app’s own host only, and files as before', async () => {
    expect((await fetchReport('app://evil/reports/2026-12-01.html')).status).toBe(404)
    expect((await fetchReport('app://vigil/index.html')).status).toBe(200)
    // Without a report source (the plain handler above), /reports/ is just a missing file.
    expect((await get('app://vigil/reports/2026-12-01.html')).status).toBe(404)
  })
})
