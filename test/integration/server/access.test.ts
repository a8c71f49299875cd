/**
 * Who gets in. A browser tab signs in with a link's one-time code (60 s, once) and gets a
 * session that opens the console only; bots use the long-lived API token, which a browser
 * never holds. Nothing answers a foreign Host or Origin (DNS rebinding). The token, the
 * sessions and the port survive a restart; the token changes only when rotated.
 */
import { existsSync, readFileSync, statSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer } from '../../../electron/server'
import {
  api,
  codeOf,
  openSocket,
  redeem,
  send,
  signIn,
  startHarness,
  tabSocketHeaders,
  INDEX_HTML,
  type Harness,
} from './server-harness'

let h: Harness
let now = Date.parse('2026-12-02T10:00:00Z')
beforeAll(async () => {
  h = await startHarness({ server: { now: () => now } })
})
afterAll(async () => {
  await h?.stop()
})

describe('signing in from the printed link', () => {
  it('prints a link with a one-time code, not the API token', () => {
    expect(h.server.url).toMatch(
      new RegExp(`^http://127\\.0\\.0\\.1:${h.port}/\\?code=[0-9a-f]{64}$`),
    )
    expect(h.server.url).not.toContain(h.token)
  })

  it('trades the code for a session once: the second use is refused and says why', async () => {
    const code = codeOf(h.server.newLink())
    const first = await redeem(h, code)
    expect(first.status).toBe(201)
    expect(first.json.session).toMatch(/^[0-9a-f]{64}$/)
    expect(first.json.session).not.toBe(h.token)
    const again = await redeem(h, code)
    expect(again.status).toBe(401)
    expect(again.json.error.message).toMatch(/already used.*npx vigil link/)
    expect(again.json.session).toBeUndefined()
  })

  it('refuses a code after 60 seconds', async () => {
    const late = codeOf(h.server.newLink())
    const onTime = codeOf(h.server.newLink())
    now += 59_000
    expect((await redeem(h, onTime)).status).toBe(201)
    now += 2_000
    const res = await redeem(h, late)
    expect(res.status).toBe(401)
    expect(res.json.error.message).toMatch(/expired.*60 seconds/)
  })

  it('refuses codes it never made, and bad bodies, with a reason and no session', async () => {
    const made = codeOf(h.server.newLink())
    const forged = made.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'))
    for (const code of [forged, h.token, '', 42, null, made.slice(1)]) {
      const res = await redeem(h, code)
      expect(res.status, String(code)).toBe(401)
      expect(res.json.error.message).toMatch(/link/)
    }
    const origin = `http://127.0.0.1:${h.port}`
    const cases = [
      { body: 'not json', type: 'application/json', status: 400 },
      { body: '[1]', type: 'application/json', status: 400 },
      { body: '{"code":"x"}', type: 'text/plain', status: 415 },
    ]
    for (const c of cases) {
      const res = await send(h, {
        method: 'POST',
        path: '/session',
        headers: { 'Content-Type': c.type, Origin: origin },
        body: c.body,
      })
      expect(res.status, c.body).toBe(c.status)
      expect(res.json.error.message.length).toBeGreaterThan(10)
    }
    // The unused code still works: a refused attempt spends nothing.
    expect((await redeem(h, made)).status).toBe(201)
  })

  it('trades a code only for a page, which always sends its Origin', async () => {
    const res = await send(h, {
      method: 'POST',
      path: '/session',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code: codeOf(h.server.newLink()) }),
    })
    expect(res.status).toBe(403)
  })

  it('refuses an address that carries a token, saying why', async () => {
    const res = await send(h, { path: `/?token=${h.token}` })
    expect(res.status).toBe(401)
    expect(res.text).toContain('history')
    expect(res.text).not.toContain('vigil-console-marker')
    expect(res.text).not.toContain(h.dataDir)
  })
})

describe('what a session opens', () => {
  it('opens the console WebSocket, and answers the protocol without echoing the session', async () => {
    const session = await signIn(h)
    const tab = await openSocket(h, tabSocketHeaders(h, session))
    expect(tab.ok).toBe(true)
    if (!tab.ok) return
    expect(tab.socket.protocol).toBe('vigil.v1')
    tab.socket.close()
  })

  it('does not open the REST API, in any form', async () => {
    const session = await signIn(h)
    for (const authorization of [`Bearer ${session}`, `Session ${session}`]) {
      const res = await send(h, {
        path: '/api/v1/balances',
        headers: { Authorization: authorization },
      })
      expect(res.status, authorization).toBe(401)
    }
    const kill = await send(h, {
      method: 'POST',
      path: '/api/v1/kill-switch',
      headers: { Authorization: `Bearer ${session}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ closePositions: true, reason: 'replayed session' }),
    })
    expect(kill.status).toBe(401)
  })

  it('refuses a WebSocket with no session, a wrong one, the API token as a session, or no Origin', async () => {
    const session = await signIn(h)
    const origin = `http://127.0.0.1:${h.port}`
    expect(await openSocket(h, { Origin: origin })).toEqual({ ok: false, status: 401 })
    for (const wrong of ['0'.repeat(64), h.token, session.slice(1)]) {
      expect(await openSocket(h, tabSocketHeaders(h, wrong))).toEqual({ ok: false, status: 401 })
    }
    const { Origin: _, ...noOrigin } = tabSocketHeaders(h, session)
    expect(await openSocket(h, noOrigin)).toEqual({ ok: false, status: 403 })
    expect(await openSocket(h, tabSocketHeaders(h, session), '/elsewhere')).toEqual({
      ok: false,
      status: 404,
    })
    const bot = await openSocket(h, { Authorization: `Bearer ${h.token}` })
    expect(bot.ok).toBe(true)
    if (bot.ok) bot.socket.close()
  })

  it('tells a tab whether its session is open (GET /session)', async () => {
    const session = await signIn(h)
    const open = await send(h, {
      path: '/session',
      headers: { Authorization: `Session ${session}` },
    })
    expect(open.status).toBe(200)
    const refused = await send(h, { path: '/session', headers: { Authorization: 'Session nope' } })
    expect(refused.status).toBe(401)
    expect(refused.json.error.message).toMatch(/not signed in.*npx vigil link/)
  })

  it('buys a one-time download link for an export; the link works once, for its format only', async () => {
    const session = await signIn(h)
    const buy = (format: string) =>
      send(h, {
        method: 'POST',
        path: '/session/download',
        headers: { Authorization: `Session ${session}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ format }),
      })
    const bought = await buy('csv')
    expect(bought.status).toBe(201)
    const url: string = bought.json.url
    const first = await send(h, { path: url })
    expect(first.status).toBe(200)
    expect(first.headers['content-disposition']).toMatch(
      /attachment; filename="vigil-audit-.*\.csv"/,
    )
    expect((await send(h, { path: url })).status).toBe(401)
    const csvTicket = new URL(url, 'http://x').searchParams.get('ticket')
    const asJournal = await send(h, {
      path: `/api/v1/audit/export?format=jsonl&ticket=${csvTicket}`,
    })
    expect(asJournal.status).toBe(401)
    expect((await buy('../../etc')).status).toBe(400)
    const noSession = await send(h, {
      method: 'POST',
      path: '/session/download',
      headers: { 'Content-Type': 'application/json' },
      body: '{"format":"csv"}',
    })
    expect(noSession.status).toBe(401)
  })
})

describe('serving the console', () => {
  it('serves the page, which holds no secret, with a strict Content Security Policy', async () => {
    const res = await send(h, { path: '/' })
    expect(res.status).toBe(200)
    expect(res.text).toBe(INDEX_HTML)
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(res.headers['cache-control']).toBe('no-store')
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.headers['referrer-policy']).toBe('no-referrer')
    expect(res.headers['set-cookie']).toBeUndefined()
    const csp = res.headers['content-security-policy'] ?? ''
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${h.port} ws://localhost:${h.port}`)
    expect(csp).toContain("object-src 'none'")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toContain("base-uri 'none'")
  })

  it('serves scripts and styles with their content types', async () => {
    const js = await send(h, { path: '/assets/app-1234.js' })
    expect(js.status).toBe(200)
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect(js.text).toContain('console.log')
    const css = await send(h, { path: '/assets/app-1234.css' })
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8')
  })

  it('never serves a file outside the console folder, however the path is written', async () => {
    const name = path.basename(h.secretFile)
    const attempts = [
      `/../${name}`,
      `/%2e%2e/${name}`,
      `/assets/..%2f..%2f${name}`,
      `/assets/%2e%2e%2f%2e%2e%2f${name}`,
      `/..%5c${name}`,
      `/${encodeURIComponent(h.secretFile)}`,
      `/assets/%00../../${name}`,
      '/assets',
      '/assets/',
    ]
    for (const attempt of attempts) {
      const res = await send(h, { path: attempt })
      expect(res.text, attempt).not.toContain('top-secret-marker')
      expect([400, 404], attempt).toContain(res.status)
    }
  })
})

describe('the DNS-rebinding defence', () => {
  it('answers 403 to a foreign Host even with a valid code, session or Bearer', async () => {
    const evil = { port: h.port, host: `evil.example:${h.port}` }
    const page = await send(evil, { path: '/' })
    expect(page.status).toBe(403)
    expect(page.text).not.toContain('vigil-console-marker')
    expect((await redeem(evil, codeOf(h.server.newLink()))).status).toBe(403)
    const rest = await send(evil, {
      path: '/api/v1/balances',
      headers: { Authorization: `Bearer ${h.token}` },
    })
    expect(rest.status).toBe(403)
    expect(rest.json.error.code).toBe('FORBIDDEN')
    // A right name on the wrong port is a different origin too.
    expect((await send({ port: h.port, host: `127.0.0.1:${h.port + 1}` }, {})).status).toBe(403)
  })

  it('accepts localhost and [::1] as names of this server', async () => {
    for (const host of [`localhost:${h.port}`, `[::1]:${h.port}`]) {
      expect((await send({ port: h.port, host }, {})).status).toBe(200)
    }
  })

  it('answers 403 to a request from another web page (foreign Origin), and places no order', async () => {
    const before = await api(h, 'GET', '/orders')
    const res = await api(
      h,
      'POST',
      '/orders',
      { symbol: 'BTC-USD', side: 'buy', type: 'market', quantity: '0.001' },
      { Origin: 'http://evil.example' },
    )
    expect(res.status).toBe(403)
    expect(res.json.error.code).toBe('FORBIDDEN')
    expect((await api(h, 'GET', '/orders')).json).toEqual(before.json)
    expect((await send(h, { path: '/', headers: { Origin: 'null' } })).status).toBe(403)
    const ownOrigin = await send(h, {
      path: '/',
      headers: { Origin: `http://localhost:${h.port}` },
    })
    expect(ownOrigin.status).toBe(200)
  })

  it('refuses WebSocket upgrades from a foreign Host or Origin, even with a good session', async () => {
    const session = await signIn(h)
    const foreignHost = await openSocket(
      { port: h.port, host: `evil.example:${h.port}` },
      tabSocketHeaders(h, session),
    )
    expect(foreignHost).toEqual({ ok: false, status: 403 })
    const foreignOrigin = await openSocket(h, {
      ...tabSocketHeaders(h, session),
      Origin: 'http://evil.example',
    })
    expect(foreignOrigin).toEqual({ ok: false, status: 403 })
  })
})

describe('the REST API token', () => {
  it('answers 401 in JSON without a token, with a wrong one or a wrong-length one', async () => {
    const wrong = h.token.replace(/.$/, (c) => (c === '0' ? '1' : '0'))
    for (const authorization of [
      undefined,
      `Bearer ${wrong}`,
      `Bearer ${h.token.slice(1)}`,
      `Basic ${h.token}`,
      'Bearer',
    ]) {
      const res = await send(h, {
        path: '/api/v1/balances',
        headers: authorization ? { Authorization: authorization } : {},
      })
      expect(res.status, authorization).toBe(401)
      expect(res.json.error.code).toBe('UNAUTHORIZED')
      expect(res.json.error.message).toContain('Bearer')
      expect(res.json.error.message).toContain("api-token in Vigil's data folder")
      expect(res.text).not.toContain(h.dataDir)
    }
  })

  it('accepts the Bearer token, which is the one kept in DIR/api-token (0600)', async () => {
    const res = await api(h, 'GET', '/balances')
    expect(res.status).toBe(200)
    expect(res.json.balances[0]).toMatchObject({ asset: 'USD', total: '10000' })
    const file = path.join(h.dataDir, 'api-token')
    expect(readFileSync(file, 'utf8')).toBe(`${h.token}\n`)
    expect(statSync(file).mode & 0o777).toBe(0o600)
  })

  it('makes a new console link for the token holder only', async () => {
    expect((await send(h, { method: 'POST', path: '/api/v1/console-links' })).status).toBe(401)
    const made = await api(h, 'POST', '/console-links')
    expect(made.status).toBe(201)
    expect(made.json.url).toMatch(
      new RegExp(`^http://127\\.0\\.0\\.1:${h.port}/\\?code=[0-9a-f]{64}$`),
    )
    expect(made.json.expiresAt).toBe(now + 60_000)
    expect((await redeem(h, codeOf(made.json.url))).status).toBe(201)
  })
})

/** A new server on a harness's engine and data folder, after its first one closed. */
function restart(first: Harness, port?: number) {
  return startServer({
    engine: first.engine,
    rendererDir: first.rendererDir,
    dataDir: first.dataDir,
    port,
    log: () => undefined,
  })
}

describe('a restart', () => {
  it('keeps the API token, the port and every signed-in tab', async () => {
    const first = await startHarness()
    const session = await signIn(first)
    const { token, port } = first
    await first.server.close()
    const again = await restart(first)
    try {
      expect(again.port).toBe(port)
      expect(again.portMoved).toBeNull()
      expect(again.token).toBe(token)
      const tab = await openSocket(
        { port, host: `127.0.0.1:${port}` },
        tabSocketHeaders(first, session),
      )
      expect(tab.ok).toBe(true)
      if (tab.ok) tab.socket.close()
      const sessions = path.join(first.dataDir, 'console-access.json')
      expect(statSync(sessions).mode & 0o777).toBe(0o600)
      // Only a hash of the session is on disk.
      expect(readFileSync(sessions, 'utf8')).not.toContain(session)
    } finally {
      await again.close()
      await first.stop()
    }
  })

  it('says so and takes a free port when the old one is taken', async () => {
    const first = await startHarness()
    const { port } = first
    await first.server.close()
    const squatter: Server = createServer()
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve))
    const again = await restart(first)
    try {
      expect(again.port).not.toBe(port)
      expect(again.portMoved).toMatch(new RegExp(`Port ${port}.*taken.*${again.port}.*new link`))
    } finally {
      await again.close()
      await new Promise<void>((resolve) => squatter.close(() => resolve()))
      await first.stop()
    }
  })

  it('still refuses a port that was asked for and is taken', async () => {
    const squatter: Server = createServer()
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve))
    const taken = (squatter.address() as { port: number }).port
    const first = await startHarness()
    await first.server.close()
    await expect(restart(first, taken)).rejects.toThrow(
      new RegExp(`Port ${taken} on 127.0.0.1 is already in use`),
    )
    await new Promise<void>((resolve) => squatter.close(() => resolve()))
    await first.stop()
  })
})

describe('rotating the API token', () => {
  it('ends the old token at once, for requests and open bot sockets, and leaves console tabs signed in', async () => {
    const r = await startHarness()
    try {
      const old = r.token
      const session = await signIn(r)
      const bot = await openSocket(r, { Authorization: `Bearer ${old}` })
      const tab = await openSocket(r, tabSocketHeaders(r, session))
      if (!bot.ok || !tab.ok) throw new Error('sockets did not open')
      const botClosed = new Promise<number>((resolve) => bot.socket.once('close', resolve))
      const rotated = await api(r, 'POST', '/token/rotate')
      expect(rotated.status).toBe(200)
      expect(rotated.json.tokenFile).toBe(path.join(r.dataDir, 'api-token'))
      expect(r.token).not.toBe(old)
      expect(readFileSync(path.join(r.dataDir, 'api-token'), 'utf8')).toBe(`${r.token}\n`)
      expect(JSON.parse(readFileSync(r.server.serverFile, 'utf8')).token).toBe(r.token)
      expect(await botClosed).toBe(1008)
      const withOld = await send(r, {
        path: '/api/v1/balances',
        headers: { Authorization: `Bearer ${old}` },
      })
      expect(withOld.status).toBe(401)
      expect((await api(r, 'GET', '/balances')).status).toBe(200)
      expect(tab.socket.readyState).toBe(tab.socket.OPEN)
      tab.socket.close()
    } finally {
      await r.stop()
    }
  })
})

describe('server.json', () => {
  it('holds the port, token, pid and address, readable only by its owner', () => {
    const file = path.join(h.dataDir, 'server.json')
    expect(h.server.serverFile).toBe(file)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      port: h.port,
      token: h.token,
      pid: process.pid,
      url: `http://127.0.0.1:${h.port}/`,
    })
  })

  it('is removed when the server closes, and the port stops answering', async () => {
    const other = await startHarness()
    const file = path.join(other.dataDir, 'server.json')
    expect(existsSync(file)).toBe(true)
    await other.server.close()
    expect(existsSync(file)).toBe(false)
    await expect(send(other, {})).rejects.toThrow(/ECONNREFUSED/)
    await other.stop()
  })
})
