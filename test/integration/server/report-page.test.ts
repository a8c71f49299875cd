/**
 * A saved report as a page of its own, for the console's report frame: a signed-in tab buys a
 * one-time ticket for a day (POST /session/report), and the frame opens
 * /reports/YYYY-MM-DD.html?ticket=… once, within 60 s, under the report's own policy. Nothing
 * else opens it: no ticket, a spent or stale one, one for another day, the API token in a
 * frame's place. The console's own policy frames that address and nothing more.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { send, signIn, startHarness, type Harness, type RawResponse } from './server-harness'

let h: Harness
let now = Date.parse('2026-12-02T10:00:00Z')
let today: string
let session: string

const REPORT_POLICY = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  'img-src data:',
  "frame-ancestors 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  'sandbox allow-same-origin',
]

beforeAll(async () => {
  h = await startHarness({ server: { now: () => now } })
  const snap = await h.engine.handle({ name: 'app:get-snapshot', payload: {} }, { source: 'api' })
  today = new Date(snap.ok ? snap.value.serverTime : 0).toISOString().slice(0, 10)
  const made = await h.engine.handle(
    { name: 'reports:generate', payload: { date: today } },
    { source: 'api' },
  )
  expect(made.ok).toBe(true)
  session = await signIn(h)
})
afterAll(async () => {
  await h?.stop()
})

/** The directives of a response's Content-Security-Policy. */
function policyOf(response: RawResponse): string[] {
  return String(response.headers['content-security-policy'] ?? '').split('; ')
}

/** Buys a report link as the console tab does. */
function buy(body: unknown, credential = `Session ${session}`): Promise<RawResponse> {
  return send(h, {
    method: 'POST',
    path: '/session/report',
    headers: { Authorization: credential, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  })
}

async function link(date = today): Promise<string> {
  const bought = await buy({ date })
  expect(bought.status).toBe(201)
  return bought.json.url as string
}

describe('a report page for the console’s frame', () => {
  it('shows the day’s report inline, once, under the report’s own policy', async () => {
    const url = await link()
    expect(url).toMatch(new RegExp(`^/reports/${today}\\.html\\?ticket=[0-9a-f]{64}$`))
    expect(url).not.toContain(h.token)
    expect(url).not.toContain(session)

    const page = await send(h, { path: url })
    expect(page.status).toBe(200)
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(page.text).toContain(`Daily performance report — ${today}`)
    expect(policyOf(page)).toEqual(REPORT_POLICY)
    // Shown in the frame, not saved as a file; private, so never kept by a cache.
    expect(page.headers['content-disposition']).toBeUndefined()
    expect(page.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
      'x-frame-options': 'SAMEORIGIN',
    })

    const again = await send(h, { path: url })
    expect(again.status).toBe(403)
    expect(again.text).toMatch(/already used.*choose the report again/)
    expect(again.text).not.toContain('Daily performance report')
  })

  it('refuses without a ticket, with a stale one or one for another day, and says why', async () => {
    const bare = await send(h, { path: `/reports/${today}.html` })
    expect(bare.status).toBe(401)
    expect(bare.text).toMatch(/only from the Reports screen of a signed-in Vigil console/)
    // The API token is not a way in: a frame never holds it, and neither does this page.
    const withToken = await send(h, {
      path: `/reports/${today}.html`,
      headers: { Authorization: `Bearer ${h.token}` },
    })
    expect(withToken.status).toBe(401)

    const stale = await link()
    now += 61_000
    const late = await send(h, { path: stale })
    expect(late.status).toBe(403)
    expect(late.text).toMatch(/expired \(a link lasts 60 seconds, once\)/)

    const other = new URL(await link(), 'http://x').searchParams.get('ticket')
    const elsewhere = await send(h, { path: `/reports/2020-01-01.html?ticket=${other}` })
    expect(elsewhere.status).toBe(403)
    expect(elsewhere.text).toContain('is not for 2020-01-01')
    // Refusals are shown in the frame: plain text, under the same policy.
    expect(elsewhere.headers['content-type']).toBe('text/plain; charset=utf-8')
    expect(policyOf(elsewhere)).toEqual(REPORT_POLICY)
  })

  it('answers a malformed address with what is allowed, and a day without a report with why', async () => {
    for (const path of ['/reports/yesterday.html', `/reports/${today}`, '/reports/']) {
      const bad = await send(h, { path: `${path}?ticket=${'a'.repeat(64)}` })
      expect(bad.status, path).toBe(400)
      expect(bad.text).toContain(
        "A report's address is /reports/YYYY-MM-DD.html, such as /reports/2026-12-01.html",
      )
    }
    const missing = await send(h, { path: await link('2020-01-01') })
    expect(missing.status).toBe(404)
    expect(missing.text).toContain('2020-01-01')
    const post = await send(h, { method: 'POST', path: await link() })
    expect(post.status).toBe(405)
  })

  it('sells tickets only to a signed-in tab, for a day written as YYYY-MM-DD', async () => {
    const noSession = await buy({ date: today }, 'Session nope')
    expect(noSession.status).toBe(401)
    expect(noSession.json.error.message).toMatch(/not signed in/)
    const token = await buy({ date: today }, `Bearer ${h.token}`)
    expect(token.status).toBe(401)
    for (const date of ['../../etc/passwd', '2026-12-1', 20261201, null]) {
      const bad = await buy({ date })
      expect(bad.status, String(date)).toBe(400)
      expect(bad.json.error.message).toBe(
        '"date" must be a day as YYYY-MM-DD, such as 2026-12-01, or "validation" for the validation audit.',
      )
    }
    const get = await send(h, {
      path: '/session/report',
      headers: { Authorization: `Session ${session}` },
    })
    expect(get.status).toBe(405)
  })

  it('lets the console frame report pages and nothing else', async () => {
    const console = await send(h, { path: '/' })
    const directives = policyOf(console)
    expect(directives).toContain(
      `frame-src http://127.0.0.1:${h.port}/reports/ http://localhost:${h.port}/reports/`,
    )
    // The console itself is still never framed.
    expect(directives).toContain("frame-ancestors 'none'")
  })
})
