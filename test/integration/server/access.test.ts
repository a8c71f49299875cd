/**
 * Who gets in: the tokened link becomes a cookie, bots use a Bearer token, and nothing answers
 * a foreign Host or Origin (DNS rebinding) or a wrong token. server.json is private.
 */
import { readFileSync, statSync, existsSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, openSocket, send, startHarness, INDEX_HTML, type Harness } from './server-harness'

let h: Harness
let cookie: string
beforeAll(async () => {
  h = await startHarness()
  cookie = `vigil_session=${h.token}`
})
afterAll(async () => {
  await h?.stop()
})

describe('signing in from the printed link', () => {
  it('prints a link on 127.0.0.1 that carries a 256-bit token', () => {
    expect(h.server.url).toBe(`http://127.0.0.1:${h.port}/?token=${h.token}`)
    expect(h.token).toMatch(/^[0-9a-f]{64}$/)
  })

  it('turns the token in the link into a session cookie and drops it from the address', async () => {
    const res = await send(h, { path: `/?token=${h.token}` })
    expect(res.status).toBe(302)
    expect(res.headers.location).toBe('/')
    const setCookie = res.headers['set-cookie']?.[0] ?? ''
    expect(setCookie).toContain(`vigil_session=${h.token}`)
    expect(setCookie).toContain('HttpOnly')
    expect(setCookie).toContain('SameSite=Strict')
    expect(setCookie).toContain('Path=/')

    const page = await send(h, {
      path: res.headers.location,
      headers: { Cookie: `other=1; ${cookie}` },
    })
    expect(page.status).toBe(200)
    expect(page.text).toBe(INDEX_HTML)
  })

  it('keeps the redirect on this server, whatever the path looks like', async () => {
    const res = await send(h, { path: `/.//evil.example/?token=${h.token}&view=orders` })
    expect(res.status).toBe(302)
    expect(res.headers.location).toBe('/evil.example/?view=orders')
  })

  it('refuses the console without the cookie and says where to find the link', async () => {
    const res = await send(h, { path: '/' })
    expect(res.status).toBe(401)
    expect(res.headers['content-type']).toContain('text/html')
    expect(res.text).toContain('vigil serve')
    expect(res.text).toContain("<code>server.json</code> in Vigil's data folder")
    // Nothing of the machine's folders reaches a caller that has not signed in.
    expect(res.text).not.toContain(h.dataDir)
    expect(res.text).not.toContain('vigil-console-marker')
  })

  it('refuses a wrong token in the link, a wrong-length one and a wrong cookie', async () => {
    const sameLength = h.token.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'))
    for (const token of [sameLength, h.token.slice(0, 10), h.token + '00', '']) {
      const link = await send(h, { path: `/?token=${token}` })
      expect(link.status, `token ${token}`).toBe(401)
      expect(link.headers['set-cookie']).toBeUndefined()
      const viaCookie = await send(h, { path: '/', headers: { Cookie: `vigil_session=${token}` } })
      expect(viaCookie.status).toBe(401)
    }
  })
})

describe('serving the console', () => {
  it('serves index.html with a strict Content Security Policy and no caching', async () => {
    const res = await send(h, { path: '/', headers: { Cookie: cookie } })
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(res.headers['cache-control']).toBe('no-store')
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.headers['referrer-policy']).toBe('no-referrer')
    const csp = res.headers['content-security-policy'] ?? ''
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${h.port} ws://localhost:${h.port}`)
    expect(csp).toContain("object-src 'none'")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toContain("base-uri 'none'")
  })

  it('serves scripts and styles with their content types', async () => {
    const js = await send(h, { path: '/assets/app-1234.js', headers: { Cookie: cookie } })
    expect(js.status).toBe(200)
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect(js.text).toContain('console.log')
    const css = await send(h, { path: '/assets/app-1234.css', headers: { Cookie: cookie } })
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
      const res = await send(h, { path: attempt, headers: { Cookie: cookie } })
      expect(res.text, attempt).not.toContain('top-secret-marker')
      expect([400, 404], attempt).toContain(res.status)
    }
  })
})

describe('the DNS-rebinding defence', () => {
  it('answers 403 to a foreign Host even with a valid token, cookie or Bearer', async () => {
    const evil = { port: h.port, host: `evil.example:${h.port}` }
    expect((await send(evil, { path: `/?token=${h.token}` })).status).toBe(403)
    const page = await send(evil, { path: '/', headers: { Cookie: cookie } })
    expect(page.status).toBe(403)
    expect(page.text).not.toContain('vigil-console-marker')
    const rest = await send(evil, {
      path: '/api/v1/balances',
      headers: { Authorization: `Bearer ${h.token}` },
    })
    expect(rest.status).toBe(403)
    expect(rest.json.error.code).toBe('FORBIDDEN')
    // A right name on the wrong port is a different origin too.
    expect(
      (
        await send(
          { port: h.port, host: `127.0.0.1:${h.port + 1}` },
          { headers: { Cookie: cookie } },
        )
      ).status,
    ).toBe(403)
  })

  it('accepts localhost and [::1] as names of this server', async () => {
    for (const host of [`localhost:${h.port}`, `[::1]:${h.port}`]) {
      expect((await send({ port: h.port, host }, { headers: { Cookie: cookie } })).status).toBe(200)
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
    const page = await send(h, { path: '/', headers: { Cookie: cookie, Origin: 'null' } })
    expect(page.status).toBe(403)
    const ownOrigin = await send(h, {
      path: '/',
      headers: { Cookie: cookie, Origin: `http://localhost:${h.port}` },
    })
    expect(ownOrigin.status).toBe(200)
  })

  it('refuses WebSocket upgrades from a foreign Host or Origin', async () => {
    const origin = `http://127.0.0.1:${h.port}`
    const foreignHost = await openSocket(
      { port: h.port, host: `evil.example:${h.port}` },
      { Cookie: cookie, Origin: origin },
    )
    expect(foreignHost).toEqual({ ok: false, status: 403 })
    const foreignOrigin = await openSocket(h, { Cookie: cookie, Origin: 'http://evil.example' })
    expect(foreignOrigin).toEqual({ ok: false, status: 403 })
  })

  it('refuses a WebSocket without the cookie or with a wrong one, and a cookie without an Origin', async () => {
    const origin = `http://127.0.0.1:${h.port}`
    expect(await openSocket(h, { Origin: origin })).toEqual({ ok: false, status: 401 })
    expect(await openSocket(h, { Origin: origin, Cookie: 'vigil_session=nope' })).toEqual({
      ok: false,
      status: 401,
    })
    expect(await openSocket(h, { Cookie: cookie })).toEqual({ ok: false, status: 403 })
    expect(await openSocket(h, { Cookie: cookie, Origin: origin }, '/elsewhere')).toEqual({
      ok: false,
      status: 404,
    })
    const good = await openSocket(h, { Cookie: cookie, Origin: origin })
    expect(good.ok).toBe(true)
    if (good.ok) good.socket.close()
    const bot = await openSocket(h, { Authorization: `Bearer ${h.token}` })
    expect(bot.ok).toBe(true)
    if (bot.ok) bot.socket.close()
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
      expect(res.json.error.message).toContain("server.json in Vigil's data folder")
      expect(res.text).not.toContain(h.dataDir)
    }
  })

  it('does not accept the browser cookie in place of the Bearer token', async () => {
    expect((await send(h, { path: '/api/v1/balances', headers: { Cookie: cookie } })).status).toBe(
      401,
    )
  })

  it('accepts the Bearer token', async () => {
    const res = await api(h, 'GET', '/balances')
    expect(res.status).toBe(200)
    expect(res.json.balances[0]).toMatchObject({ asset: 'USD', total: '10000' })
  })
})

describe('server.json', () => {
  it('holds the port, token, pid and link, readable only by its owner', () => {
    const file = path.join(h.dataDir, 'server.json')
    expect(h.server.serverFile).toBe(file)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      port: h.port,
      token: h.token,
      pid: process.pid,
      url: h.server.url,
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
