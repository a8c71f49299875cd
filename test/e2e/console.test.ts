/**
 * The console end to end, in real Chromium against the server host: a trader opens the printed
 * URL, buys in the ticket, sees the fill, the position and the new balance; a bot's order
 * placed through the REST API appears; after a restart on the same data folder everything is
 * still there. Screenshots of every screen go to test-results/screenshots/.
 */
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from '../kit/browser'
import { cleanup, tempDir } from '../kit/engine'
import { startServerProcess, type ServerProcess } from '../kit/server-process'

const SHOTS = path.resolve('test-results/screenshots')
const money = (text: string | null): number => Number((text ?? '').replace(/[^0-9.-]/g, ''))

describe('console in Chromium', () => {
  let browser: Browser
  let server: ServerProcess
  let page: Page
  const dataDir = tempDir('vigil-e2e-')

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true })
    browser = await launchBrowser()
    server = await startServerProcess(dataDir)
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    cleanup(dataDir)
  })

  it('opens on the printed URL, trading the token for a cookie', async () => {
    await page.goto(server.url)
    expect(new URL(page.url()).searchParams.get('token')).toBeNull()
    await expect.poll(() => page.getByTestId('connection-status').textContent()).toMatch(/online/i)
    await expect
      .poll(async () => money(await page.getByTestId('cash-balance').textContent()))
      .toBe(10000)
    await page.getByTestId('price-chart').locator('canvas').first().waitFor()
    await page.screenshot({ path: path.join(SHOTS, 'overview.png') })
  })

  it('buys in the ticket and shows the fill, the position and the new balance', async () => {
    await page.getByTestId('nav-trade').click()
    await page.getByTestId('ticket-symbol').selectOption('BTC-USD')
    await page.getByTestId('ticket-side-buy').click()
    await page.getByTestId('ticket-quantity').fill('0.01')
    await expect.poll(() => page.getByTestId('ticket-estimate').textContent()).toMatch(/\$/)
    await page.getByTestId('ticket-review').click()
    await page.screenshot({ path: path.join(SHOTS, 'trade-review.png') })
    await page.getByTestId('ticket-confirm').click()
    await expect
      .poll(() => page.getByTestId('ticket-result').textContent())
      .toMatch(/Filled 0\.01 BTC-USD/)
    await page.screenshot({ path: path.join(SHOTS, 'trade.png') })

    await page.getByTestId('nav-overview').click()
    const row = page.getByTestId('position-row-BTC-USD')
    await expect.poll(() => row.getByTestId('position-qty').textContent()).toContain('0.01')
    const cash = money(await page.getByTestId('cash-balance').textContent())
    expect(cash).toBeLessThan(10000)
    expect(cash).toBeGreaterThan(10000 - 0.01 * 200_000)
    await page.screenshot({ path: path.join(SHOTS, 'overview-position.png') })
  })

  it('shows an order a bot placed through the REST API', async () => {
    await page.getByTestId('nav-orders').click()
    const response = await fetch(`${server.origin}/api/v1/orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        clientOrderId: 'bot-1',
        symbol: 'ETH-USD',
        side: 'buy',
        type: 'market',
        quantity: '0.5',
      }),
    })
    expect(response.status).toBe(201)
    const order = (await response.json()) as { id: string }
    const row = page.getByTestId(`order-row-${order.id}`)
    await expect
      .poll(() => row.getByTestId('order-status').textContent(), { timeout: 1_000 })
      .toMatch(/filled/i)
    await expect.poll(() => page.getByTestId('fills-table').locator('tbody tr').count()).toBe(2)
    await page.screenshot({ path: path.join(SHOTS, 'orders.png') })
  })

  it('runs a round of health checks from the header badge and shows every check', async () => {
    await page.getByTestId('health-badge').click()
    await page.getByTestId('health-check-now').click()
    await expect
      .poll(() => page.getByTestId('health-check-progress').textContent())
      .toMatch(/Round finished: (HEALTHY|DEGRADED|CRITICAL)/)
    await expect.poll(() => page.getByTestId('health-check-row').count()).toBeGreaterThan(6)
    const tracker = page.getByTestId('health-check-row').filter({ hasText: 'Position tracker' })
    await expect.poll(() => tracker.textContent()).toMatch(/OK.*equals the fold of the journal/)
    await expect
      .poll(() => page.getByTestId('health-badge').textContent())
      .toMatch(/HEALTHY|DEGRADED|CRITICAL/)
    await page.screenshot({ path: path.join(SHOTS, 'health.png') })
  })

  it('shows the same state after the server host restarts on the same data folder', async () => {
    await page.getByTestId('nav-overview').click()
    const cashBefore = await page.getByTestId('cash-balance').textContent()
    expect(await server.stop()).toBe(0)
    expect(server.output()).toMatch(/stopped cleanly/i)

    server = await startServerProcess(dataDir)
    await page.goto(server.url)
    await expect.poll(() => page.getByTestId('connection-status').textContent()).toMatch(/online/i)
    await expect.poll(() => page.getByTestId('cash-balance').textContent()).toBe(cashBefore)
    await expect
      .poll(() =>
        page.getByTestId('position-row-BTC-USD').getByTestId('position-qty').textContent(),
      )
      .toContain('0.01')
    await expect
      .poll(() =>
        page.getByTestId('position-row-ETH-USD').getByTestId('position-qty').textContent(),
      )
      .toContain('0.5')
    await page.getByTestId('nav-orders').click()
    await expect.poll(() => page.getByTestId('orders-table').locator('tbody tr').count()).toBe(2)
    await page.screenshot({ path: path.join(SHOTS, 'orders-after-restart.png') })
  })
})
