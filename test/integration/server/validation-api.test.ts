/**
 * The validation plan over REST, as a bot or a script sees it: GET /validation answers what the
 * engine's `validation:get` answers, as JSON; GET /validation/report the audit's HTML under the
 * report page's headers; both refuse what they do not take, and the API's 404 names them. A
 * signed-in console tab opens the audit as a report page with a one-time ticket (the browser's
 * way to a PDF: its own print). The
 * engine here answers the plan's two commands with a fixed plan (everything else is the real
 * engine), so these tests are about the routes, not about how the plan is measured.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Engine } from '../../../electron/engine'
import { err, ok } from '../../../shared/result'
import { cleanup, tempDir, testEngine } from '../../kit/engine'
import { validationFixture } from '../../kit/validation-audit-fixture'
import { api, send, signIn, startHarness, type Harness } from './server-harness'

const PLAN = validationFixture()
const AUDIT_HTML =
  '<!doctype html><html><head><title>Vigil · Validation audit</title></head><body><h1>Validation audit — plan started 2026-10-24</h1><p>¥ 2 µs</p></body></html>'

let h: Harness
let dir: string
/** What the fake answers `validation:report` with; a test may make it refuse. */
let report: () => ReturnType<Engine['handle']>

beforeAll(async () => {
  dir = tempDir('vigil-validation-api-')
  const { engine: real } = await testEngine(dir)
  const engine: Engine = {
    info: real.info,
    subscribe: (listener) => real.subscribe(listener),
    handle: ((command, context) => {
      if (command.name === 'validation:get') return Promise.resolve(ok(PLAN))
      if (command.name === 'validation:report') return report()
      return real.handle(command, context)
    }) as Engine['handle'],
    recordMalformedOrder: (raw, reason, context) => real.recordMalformedOrder(raw, reason, context),
    idle: () => real.idle(),
    close: () => real.close(),
  }
  h = await startHarness({ engine })
})
afterAll(async () => {
  await h?.stop()
  cleanup(dir)
})

describe('validation over REST', () => {
  it('answers the plan, its phase and every criterion as JSON', async () => {
    const res = await api(h, 'GET', '/validation')
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(res.json).toEqual(JSON.parse(JSON.stringify(PLAN)))
    expect(res.json.phase).toBe(2)
    expect(res.json.phases[1].criteria.map((c: { verdict: string }) => c.verdict)).toEqual([
      'pass',
      'fail',
      'not_enough_data',
      'not_enough_data',
    ])
  })

  it('answers the audit as HTML under the report page headers', async () => {
    report = async () => ok({ html: AUDIT_HTML, fileName: 'vigil-validation-2026-12-02.html' })
    const res = await api(h, 'GET', '/validation/report')
    expect(res.status).toBe(200)
    expect(res.text).toBe(AUDIT_HTML)
    expect(res.headers).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'content-length': String(Buffer.byteLength(AUDIT_HTML)),
      'content-disposition': 'inline; filename="vigil-validation-2026-12-02.html"',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
      'x-frame-options': 'SAMEORIGIN',
      'cross-origin-resource-policy': 'same-origin',
    })
    // Nothing in it may run or fetch: the daily report's own policy.
    const csp = res.headers['content-security-policy'] ?? ''
    for (const part of [
      "default-src 'none'",
      "style-src 'unsafe-inline'",
      'sandbox',
      "form-action 'none'",
    ])
      expect(csp).toContain(part)
    expect(csp).not.toContain('script-src')
    const head = await api(h, 'HEAD', '/validation/report')
    expect(head.status).toBe(200)
    expect(head.text).toBe('')
  })

  it("passes on the engine's refusal with its reason", async () => {
    report = async () => err('NOT_FOUND', 'No plan has been started: there is nothing to audit.')
    const res = await api(h, 'GET', '/validation/report')
    expect(res.status).toBe(404)
    expect(res.json.error).toMatchObject({
      code: 'NOT_FOUND',
      message: 'No plan has been started: there is nothing to audit.',
    })
  })

  it('refuses what the routes do not take, and strangers', async () => {
    const post = await api(h, 'POST', '/validation', {})
    expect(post.status).toBe(405)
    expect(post.headers.allow).toBe('GET, HEAD')
    const query = await api(h, 'GET', '/validation/report?format=pdf')
    expect(query.status).toBe(400)
    expect(query.json.error.message).toBe(
      'Unknown query parameter "format". This route takes none.',
    )
    const anonymous = await send(h, { path: '/api/v1/validation' })
    expect(anonymous.status).toBe(401)
    expect(anonymous.text).not.toContain('"phases"')
  })

  it('names both routes when an address is unknown', async () => {
    const res = await api(h, 'GET', '/validations')
    expect(res.status).toBe(404)
    expect(res.json.error.message).toContain(
      'GET /api/v1/validation, GET /api/v1/validation/report,',
    )
  })
})

describe('the audit as a page of its own, for a signed-in tab', () => {
  it('opens once at the one-time address the tab bought, under the report page headers', async () => {
    report = async () => ok({ html: AUDIT_HTML, fileName: 'vigil-validation-2026-12-02.html' })
    const session = await signIn(h)
    const bought = await send(h, {
      method: 'POST',
      path: '/session/report',
      headers: { Authorization: `Session ${session}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ date: 'validation' }),
    })
    expect(bought.status).toBe(201)
    const url = bought.json.url as string
    expect(url).toMatch(/^\/reports\/validation\.html\?ticket=/)
    const page = await send(h, { path: url })
    expect(page.status).toBe(200)
    expect(page.text).toBe(AUDIT_HTML)
    expect(page.headers).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'x-frame-options': 'SAMEORIGIN',
      'cache-control': 'no-store',
    })
    expect(page.headers['content-security-policy']).toContain("default-src 'none'")
    const again = await send(h, { path: url })
    expect(again.status).toBe(403)
    expect(again.text).toContain('already used')
    // A ticket for the audit opens no day's report, and no ticket opens nothing.
    const second = await send(h, {
      method: 'POST',
      path: '/session/report',
      headers: { Authorization: `Session ${session}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ date: 'validation' }),
    })
    const day = await send(h, {
      path: (second.json.url as string).replace('validation.html', '2026-12-02.html'),
    })
    expect(day.status).toBe(403)
    expect(day.text).toContain('is not for 2026-12-02')
    expect((await send(h, { path: '/reports/validation.html' })).status).toBe(401)
  })
})
