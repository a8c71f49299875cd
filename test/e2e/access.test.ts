/**
 * Access in a real browser. A tab signs in with a link that works once; what the browser keeps
 * afterwards never reaches another local server and opens nothing there; two Vigil servers on
 * one machine keep their tabs apart; and an open tab outlives a restart of its server.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { cleanup, tempDir } from '../kit/engine'
import { startServerProcess, type ServerProcess } from '../kit/server-process'
import { describe, expect, signIn, SHOTS, test, VIEWPORT } from './fixture'

/** Another local web service the trader might open (a dev server, a notebook): it records. */
async function recorder(): Promise<{
  origin: string
  seen: IncomingHttpHeaders[]
  server: Server
}> {
  const seen: IncomingHttpHeaders[] = []
  const server = createServer((req, res) => {
    seen.push(req.headers)
    res.writeHead(200, { 'Content-Type': 'text/html' })
    res.end('<!doctype html><title>other</title><p>another local service</p>')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return { origin: `http://127.0.0.1:${port}`, seen, server }
}

const status = (page: Page) => page.getByTestId('connection-status').getAttribute('data-status')

describe('access in Chromium', () => {
  test('sends another local server nothing that opens Vigil: no cookie, no token, no session', async ({
    desk,
  }) => {
    const other = await recorder()
    try {
      const { page } = desk
      // The code left the address bar (and so what history keeps) as soon as it was used.
      expect(new URL(page.url()).search).toBe('')
      expect(await page.context().cookies()).toEqual([])
      // The trader opens the other service in the same browser, and it calls itself too.
      const tab = await page.context().newPage()
      await tab.goto(`${other.origin}/`)
      await tab.evaluate((o) => fetch(`${o}/probe`, { credentials: 'include' }), other.origin)
      expect(other.seen.length).toBeGreaterThanOrEqual(2)
      for (const headers of other.seen) expect(headers.cookie).toBeUndefined()
      // Nothing of this origin's storage is Vigil's: the session lives in Vigil's origin only.
      expect(await tab.evaluate('Object.keys(localStorage)')).toEqual([])
      // And every value the other server received, tried as a credential, opens nothing.
      const values = other.seen.flatMap((h) => Object.values(h).flat()) as string[]
      for (const value of values) {
        const res = await fetch(`${desk.server.origin}/api/v1/balances`, {
          headers: { authorization: `Bearer ${value}` },
        })
        expect(res.status, value).toBe(401)
      }
      // Whereas Vigil's own tab holds a session that is not the API token.
      const session = await page.evaluate("localStorage.getItem('vigil.session')")
      expect(session).toMatch(/^[0-9a-f]{64}$/)
      expect(session).not.toBe(desk.server.token)
      await tab.close()
    } finally {
      other.server.close()
    }
  })

  test('a link works once: opened again, in another browser, it signs nothing in and says why', async ({
    desk,
  }) => {
    const used = desk.server.url
    const elsewhere = await desk.page.context().browser()!.newContext({ viewport: VIEWPORT })
    try {
      const page = await elsewhere.newPage()
      await page.goto(used)
      await expect.poll(() => status(page)).toBe('signed-out')
      expect(new URL(page.url()).search).toBe('')
      await expect
        .poll(() => page.getByTestId('connection-banner').textContent())
        .toMatch(/already used/)
      mkdirSync(SHOTS, { recursive: true })
      for (const size of [VIEWPORT, { width: 1280, height: 720 }]) {
        await page.setViewportSize(size)
        await page.screenshot({ path: path.join(SHOTS, `signed-out-${size.width}.png`) })
      }
      // A new link from `vigil link` signs it in.
      const fresh = await fetch(`${desk.server.origin}/api/v1/console-links`, {
        method: 'POST',
        headers: { authorization: `Bearer ${desk.server.token}` },
      })
      await signIn(page, ((await fresh.json()) as { url: string }).url)
    } finally {
      await elsewhere.close()
    }
  })

  test('two Vigil servers on one machine keep their tabs signed in side by side', async ({
    desk,
  }) => {
    const dataDir = tempDir('vigil-e2e-second-')
    let second: ServerProcess | null = null
    try {
      second = await startServerProcess(dataDir)
      const page = await desk.page.context().newPage()
      await signIn(page, second.url)
      // With a cookie per host, signing in to one would have replaced the other's.
      await desk.page.reload()
      await page.reload()
      await expect.poll(() => status(desk.page)).toBe('online')
      await expect.poll(() => status(page)).toBe('online')
      await page.close()
    } finally {
      await second?.stop()
      cleanup(dataDir)
    }
  })

  test('an open tab comes back online by itself after its server restarts', async ({ desk }) => {
    const { page } = desk
    const before = desk.server.origin
    const stopped = desk.server.stop()
    await expect.poll(() => status(page), { timeout: 30_000 }).toBe('offline')
    await stopped
    const { output } = await desk.restart()
    expect(output).toContain('Vigil stopped cleanly')
    expect(desk.server.origin).toBe(before)
    expect(await status(page)).toBe('online')
  })

  test('a tab whose session the restarted server no longer has says so and how to get back in', async ({
    desk,
  }) => {
    const { page } = desk
    await desk.server.stop()
    // The sessions ended (they expired, or the trader cleared them) while the server was down.
    const file = path.join(desk.dataDir, 'console-access.json')
    const access = JSON.parse(readFileSync(file, 'utf8')) as { sessions: unknown[] }
    writeFileSync(file, JSON.stringify({ ...access, sessions: [] }))
    const again = await startServerProcess(desk.dataDir, [], {}, 'remembered')
    try {
      await expect.poll(() => status(page), { timeout: 30_000 }).toBe('signed-out')
      await expect
        .poll(() => page.getByTestId('connection-banner').textContent())
        .toMatch(/npx vigil link/)
    } finally {
      await again.stop()
    }
  })
})
