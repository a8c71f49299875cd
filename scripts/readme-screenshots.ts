/**
 * Retakes the README's screenshots (docs/*.png) from the console as it is now: a server host on
 * a scratch data folder, a few orders sent as a bot sends them, and Chromium at 1440×900.
 * Run after a build: `npx electron-vite build && npx tsx scripts/readme-screenshots.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { launchBrowser } from '../test/kit/browser'
import { startServerProcess, type ServerProcess } from '../test/kit/server-process'

const DOCS = path.resolve('docs')
const VIEWPORT = { width: 1440, height: 900 } as const

/** Calls the REST API with the server's token, as a bot does; fails loudly on a refusal. */
async function api(
  server: ServerProcess,
  method: string,
  route: string,
  body?: unknown,
  expected = 200,
): Promise<unknown> {
  const res = await fetch(`${server.origin}/api/v1/${route}`, {
    method,
    headers: {
      authorization: `Bearer ${server.token}`,
      'content-type': 'application/json',
      'x-vigil-bot': 'grid-bot',
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const text = await res.text()
  if (res.status !== expected) throw new Error(`${method} ${route}: ${res.status} ${text}`)
  return text ? JSON.parse(text) : null
}

/** Waits until a test id's text matches, as a person waits for the screen to settle. */
async function until(page: Page, testId: string, pattern: RegExp): Promise<void> {
  await page.getByTestId(testId).filter({ hasText: pattern }).first().waitFor({ timeout: 30_000 })
}

async function shoot(page: Page, name: string): Promise<void> {
  // The charts draw on the next frames after the data arrives.
  await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => resolve(null)))')
  await page.screenshot({ path: path.join(DOCS, name) })
  console.log(`docs/${name}`)
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'vigil-readme-'))
  const server = await startServerProcess(dataDir)
  const browser = await launchBrowser()
  try {
    let n = 0
    const order = (symbol: string, side: 'buy' | 'sell', quantity: string) =>
      api(
        server,
        'POST',
        'orders',
        {
          clientOrderId: `readme-${++n}`,
          symbol,
          side,
          type: 'market',
          quantity,
        },
        201,
      )
    await order('BTC-USD', 'buy', '0.02')
    await order('ETH-USD', 'buy', '0.8')
    await order('ETH-USD', 'sell', '0.3')
    await order('BTC-USD', 'sell', '0.01')
    await api(server, 'POST', 'bots/grid-bot/heartbeat', { intervalSeconds: 60 })

    const page = await (await browser.newContext({ viewport: VIEWPORT })).newPage()
    await page.goto(server.url)
    await until(page, 'connection-status', /online/i)
    // Answered once on a first start; the screenshots show the console as it is every day after.
    await page.getByTestId('notification-offer-later').click()
    await until(page, 'connection-status', /online/i)
    await shoot(page, 'console.png')

    await page.getByTestId('nav-trade').click()
    await page.getByTestId('ticket-symbol').selectOption('SOL-USD')
    await page.getByTestId('ticket-side-sell').click()
    await page.getByTestId('ticket-quantity').fill('5')
    await until(page, 'ticket-size-warnings', /Insufficient/)
    await shoot(page, 'ticket-warnings.png')

    await page.getByTestId('nav-performance').click()
    await until(page, 'perf-status', /Updated/)
    await shoot(page, 'performance.png')

    await page.getByTestId('nav-costs').click()
    await until(page, 'costs-verdict', /fills/i)
    await shoot(page, 'costs.png')

    await page.getByTestId('nav-bots').click()
    await until(page, 'bots-table', /grid-bot/)
    await shoot(page, 'bots.png')

    // The validation plan starts today on the paper account; two orders inside phase 1's band.
    await page.getByTestId('nav-roadmap').click()
    await page.getByTestId('roadmap-noplan').waitFor()
    await page.locator('[data-testid^="plan-account-"]').first().check()
    await page.getByTestId('plan-reason').fill('going live in three phases')
    await page.getByTestId('plan-submit').click()
    await page.getByText('Day 1 of 90').first().waitFor()
    const check = (await api(server, 'POST', 'order-checks', {
      symbol: 'ETH-USD',
      side: 'buy',
      type: 'market',
      quantity: '0.01',
    })) as { price: string }
    const worth30 = (30 / Number(check.price)).toFixed(4)
    await order('ETH-USD', 'buy', worth30)
    await order('ETH-USD', 'buy', worth30)
    await page.getByText('Day 1 of 90').first().waitFor()
    await shoot(page, 'roadmap.png')
  } finally {
    await browser.close()
    await server.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

await main()
