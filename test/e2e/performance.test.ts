/**
 * Performance, alerts and reports end to end, in real Chromium against the server host: a bot
 * buys and sells through the REST API and the Performance screen shows the round trips; the
 * Alerts screen shows the rules, and a rule tightened in the console raises an alert that
 * becomes a browser notification; the equity curve has the engine's samples; a report made for
 * today shows in the viewer.
 * Screenshots go to test-results/screenshots/.
 */
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from '../kit/browser'
import { cleanup, tempDir } from '../kit/engine'
import { startServerProcess, type ServerProcess } from '../kit/server-process'

const SHOTS = path.resolve('test-results/screenshots')

/** Records the notifications the page shows, with the permission already granted. */
const RECORD_NOTIFICATIONS = `
  window.__notifications = []
  window.Notification = class {
    static permission = 'granted'
    static requestPermission() { return Promise.resolve('granted') }
    constructor(title, options) { window.__notifications.push({ title, body: options && options.body }) }
    close() {}
  }
`

describe('performance, alerts and reports in Chromium', () => {
  let browser: Browser
  let server: ServerProcess
  let page: Page
  const dataDir = tempDir('vigil-e2e-perf-')

  async function order(side: 'buy' | 'sell', symbol: string, quantity: string): Promise<void> {
    const response = await fetch(`${server.origin}/api/v1/orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ symbol, side, type: 'market', quantity }),
    })
    expect(response.status).toBe(201)
    expect(((await response.json()) as { status: string }).status).toBe('filled')
  }

  /** A screenshot of the whole screen: the console scrolls inside its main area, not the page. */
  async function shoot(name: string): Promise<void> {
    // A string runs in the page, where the DOM is (this file is typed for Node).
    const height = Number(
      await page.evaluate(
        "(document.querySelector('.header')?.clientHeight ?? 0) + (document.getElementById('main')?.scrollHeight ?? 0)",
      ),
    )
    await page.setViewportSize({ width: 1440, height: Math.max(900, height) })
    await page.screenshot({ path: path.join(SHOTS, name) })
    await page.setViewportSize({ width: 1440, height: 900 })
  }

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true })
    browser = await launchBrowser()
    server = await startServerProcess(dataDir)
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    await page.addInitScript(RECORD_NOTIFICATIONS)
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    cleanup(dataDir)
  })

  it('shows the round trips of a bot that bought and sold', async () => {
    await page.goto(server.url)
    await expect.poll(() => page.getByTestId('connection-status').textContent()).toMatch(/online/i)
    await order('buy', 'BTC-USD', '0.01')
    await order('sell', 'BTC-USD', '0.005')
    await order('buy', 'ETH-USD', '0.2')
    await order('sell', 'ETH-USD', '0.2')
    await order('sell', 'BTC-USD', '0.003')

    await page.getByTestId('nav-performance').click()
    const trades = page.getByTestId('round-trips-table').getByTestId('round-trip-row')
    await expect.poll(() => trades.count()).toBe(3)
    await expect.poll(() => page.getByTestId('card-trades').textContent()).toBe('3')
    // What is left of the BTC is still open, valued at the mark.
    await expect
      .poll(() => page.getByTestId('perf-position-BTC-USD').textContent())
      .toContain('0.002 BTC')
    await page.getByTestId('trades-chart').locator('canvas').first().waitFor()
  })

  it('shows the rules, and a tightened rule raises an alert the browser notifies', async () => {
    await page.getByTestId('nav-alerts').click()
    for (const id of ['drawdown', 'win_rate', 'consecutive_losses', 'slippage', 'low_balance'])
      await page.getByTestId(`rule-${id}`).waitFor()
    await expect
      .poll(() => page.getByTestId('rule-drawdown').getByTestId('rule-unit').textContent())
      .toBe('%')

    // Cash below $1,000,000 is true of the $10,000 paper account: the rule fires.
    const lowBalance = page.getByTestId('rule-low_balance')
    await lowBalance.getByTestId('rule-threshold').fill('1000000')
    await lowBalance.getByTestId('rule-save').click()
    await expect
      .poll(() => page.getByTestId('rule-low_balance').getByTestId('rule-threshold').inputValue())
      .toBe('1000000')
    await order('buy', 'SOL-USD', '1')
    const active = page.getByTestId('active-alerts').getByTestId('alert-message')
    // The engine samples each account's equity, and judges the rules, once a minute.
    await expect
      .poll(() => active.first().textContent(), { timeout: 90_000 })
      .toMatch(/cash|balance/i)
    await expect.poll(() => page.getByTestId('nav-alerts-count').textContent()).toMatch(/^1/)
    await expect
      .poll(() => page.evaluate('window.__notifications'))
      .toEqual([expect.objectContaining({ title: 'Vigil: Critical alert' })])
    await shoot('alerts.png')

    await page.getByTestId('alert-acknowledge').first().click()
    await page.getByTestId('alerts-none-active').waitFor()
    await expect
      .poll(() => page.getByTestId('history-state').first().textContent())
      .toMatch(/Acknowledged/)
  })

  it("draws the equity curve from the engine's samples", async () => {
    await page.getByTestId('nav-performance').click()
    // The alert above came with the first sample, so the curve has a point by now.
    await expect
      .poll(async () => Number(await page.getByTestId('equity-chart').getAttribute('data-points')))
      .toBeGreaterThan(0)
    await page.getByTestId('equity-chart').locator('canvas').first().waitFor()
    await shoot('performance.png')
  })

  it('generates the report of today and shows it in the viewer', async () => {
    await page.getByTestId('nav-reports').click()
    const today = await page.evaluate(() => {
      const d = new Date()
      const pad = (n: number): string => String(n).padStart(2, '0')
      return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
    })
    await page.getByTestId('report-date').fill(today)
    await page.getByTestId('report-generate').click()
    await page.getByTestId(`report-item-${today}`).waitFor()
    const frame = page.getByTestId('report-frame')
    await expect.poll(() => frame.getAttribute('srcdoc')).toMatch(/<html/i)
    expect(await frame.getAttribute('sandbox')).not.toContain('allow-scripts')
    await expect
      .poll(() => page.frameLocator('[data-testid="report-frame"]').locator('body').textContent())
      .toContain(today)
    await shoot('reports.png')
  })
})
