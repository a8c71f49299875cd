/**
 * The one set-up of every end-to-end test. Each test gets its own server host (`vigil serve`,
 * the built CLI) on a fresh data folder, its own Chromium context signed in through the printed
 * link, and a page on the console, online; everything is torn down after the test. So a test
 * never depends on what another one did, and any of them runs alone:
 * `npx vitest run test/e2e/x.test.ts -t "name"`. Chromium itself starts once per file.
 * Screenshots go to test-results/screenshots/.
 */
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { expect, test as base } from 'vitest'
import { launchBrowser } from '../kit/browser'
import { cleanup, tempDir } from '../kit/engine'
import { startServerProcess, type ServerProcess } from '../kit/server-process'

/** Where every screen's screenshot is saved. */
export const SHOTS = path.resolve('test-results/screenshots')

/** The window the console is tested in. */
export const VIEWPORT = { width: 1440, height: 900 } as const

/** What a test works with: the console open and online on a server host of its own. */
export interface Desk {
  /** The console's page, online. */
  readonly page: Page
  /** The running server host (a new one after restart()). */
  readonly server: ServerProcess
  /** The server host's data folder, fresh for this test. */
  readonly dataDir: string
  /**
   * Saves a screenshot to test-results/screenshots/<name>. `whole` grows the window to the
   * scrolled height of the main area first (the console scrolls inside it, not the page).
   */
  shoot(name: string, options?: { readonly whole?: boolean }): Promise<void>
  /** Sends an order as a bot does, through the REST API with the server's token. */
  postOrder(body: Readonly<Record<string, unknown>>): Promise<Response>
  /**
   * Stops the server host (SIGTERM) and starts it again on the same data folder and port, as a
   * trader's restart does; the open page reconnects by itself. Answers how the first one
   * exited and what it printed.
   */
  restart(): Promise<{ readonly exitCode: number | null; readonly output: string }>
}

/** Opens a link (a one-time code in the query) and waits until the console is online. */
export async function signIn(page: Page, url: string): Promise<void> {
  await page.goto(url)
  await expect.poll(() => page.getByTestId('connection-status').textContent()).toMatch(/online/i)
}

async function shootPage(page: Page, name: string, whole: boolean): Promise<void> {
  mkdirSync(SHOTS, { recursive: true })
  const file = path.join(SHOTS, name)
  if (!whole) {
    await page.screenshot({ path: file })
    return
  }
  const main = page.locator('main')
  const box = await main.boundingBox()
  const scroll = await main.evaluate((element) => element.scrollHeight)
  const height = Math.max(VIEWPORT.height, Math.ceil((box?.y ?? 0) + scroll))
  await page.setViewportSize({ width: VIEWPORT.width, height })
  await page.screenshot({ path: file })
  await page.setViewportSize(VIEWPORT)
}

/**
 * The e2e `test`: `desk` is the console online on a fresh server host; `initScript` (default
 * none) runs in the page before the console loads, for a file that needs to stub a browser API;
 * `serveArgs` (default none) adds flags to `vigil serve`, space-separated.
 */
export const test = base.extend<{
  $test: { initScript: string; serveArgs: string; desk: Desk }
  $file: { browser: Browser }
}>({
  browser: [
    // eslint-disable-next-line no-empty-pattern -- vitest reads the fixtures a fixture needs from this pattern
    async ({}, use) => {
      const browser = await launchBrowser()
      try {
        await use(browser)
      } finally {
        await browser.close()
      }
    },
    { scope: 'file' },
  ],
  initScript: '',
  serveArgs: '',
  desk: async ({ browser, initScript, serveArgs }, use) => {
    const args = serveArgs.split(' ').filter(Boolean)
    const dataDir = tempDir('vigil-e2e-')
    let server: ServerProcess | null = null
    const context = await browser.newContext({ viewport: VIEWPORT, acceptDownloads: true })
    try {
      let current = await startServerProcess(dataDir, args)
      server = current
      const page = await context.newPage()
      if (initScript) await page.addInitScript(initScript)
      await signIn(page, current.url)
      await use({
        page,
        dataDir,
        get server() {
          return current
        },
        shoot: (name, options) => shootPage(page, name, options?.whole ?? false),
        postOrder: (body) =>
          fetch(`${current.origin}/api/v1/orders`, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${current.token}`,
              'content-type': 'application/json',
            },
            body: JSON.stringify(body),
          }),
        async restart() {
          const exitCode = await current.stop()
          const output = current.output()
          current = await startServerProcess(dataDir, args, {}, 'remembered')
          server = current
          // The tab retries with backoff (up to 10 s apart) until the server answers again.
          await expect
            .poll(() => page.getByTestId('connection-status').getAttribute('data-status'), {
              timeout: 30_000,
            })
            .toBe('online')
          return { exitCode, output }
        },
      })
    } finally {
      await context.close()
      await server?.stop()
      cleanup(dataDir)
    }
  },
})

export { describe, expect } from 'vitest'
