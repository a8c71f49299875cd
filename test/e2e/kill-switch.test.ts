/**
 * The kill switch end to end, in real Chromium against the server host: the trader buys in the
 * ticket, presses the kill switch with "close every position" ticked and a reason, confirms,
 * and sees the position sold, HALTED in the header, and the next order refused by the gate for
 * the trading state. Screenshot: test-results/screenshots/kill-switch.png.
 */
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from '../kit/browser'
import { cleanup, tempDir } from '../kit/engine'
import { startServerProcess, type ServerProcess } from '../kit/server-process'

const SHOTS = path.resolve('test-results/screenshots')

describe('kill switch in Chromium', () => {
  let browser: Browser
  let server: ServerProcess
  let page: Page
  const dataDir = tempDir('vigil-e2e-kill-')

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

  const buy = async (quantity: string): Promise<void> => {
    await page.getByTestId('nav-trade').click()
    await page.getByTestId('ticket-symbol').selectOption('BTC-USD')
    await page.getByTestId('ticket-side-buy').click()
    await page.getByTestId('ticket-quantity').fill(quantity)
    await expect.poll(() => page.getByTestId('ticket-estimate').textContent()).toMatch(/\$/)
    await page.getByTestId('ticket-review').click()
    await page.getByTestId('ticket-confirm').click()
  }

  it('closes every position, halts everything, and the gate refuses the next order', async () => {
    await page.goto(server.url)
    await expect.poll(() => page.getByTestId('connection-status').textContent()).toMatch(/online/i)
    await buy('0.01')
    await expect
      .poll(() => page.getByTestId('ticket-result').textContent())
      .toMatch(/Filled 0\.01 BTC-USD/)
    await expect.poll(() => page.getByTestId('trading-state').textContent()).toBe('ACTIVE')

    await page.getByRole('button', { name: 'Kill switch' }).click()
    const dialog = page.getByTestId('kill-switch-dialog')
    // Focus starts on the safe button.
    await expect
      .poll(() =>
        dialog
          .getByRole('button', { name: 'Cancel', exact: true })
          .evaluate((b) => b === b.ownerDocument.activeElement),
      )
      .toBe(true)
    await page.getByTestId('kill-switch-close-positions').check()
    await expect
      .poll(() => dialog.getByTestId('kill-switch-position').textContent())
      .toMatch(/BTC-USD\s*0\.01 BTC/)
    await page.getByTestId('kill-switch-reason').fill('end-to-end drill: flatten and stop')
    await page.getByTestId('kill-switch-confirm').click()

    const report = page.getByTestId('kill-switch-report')
    await expect
      .poll(() => report.getByTestId('kill-switch-new-state').textContent())
      .toMatch(/Trading is now HALTED for every account/)
    await expect
      .poll(() => report.getByTestId('kill-switch-closing').getAttribute('data-status'))
      .toBe('filled')
    await expect.poll(() => page.getByTestId('trading-state').textContent()).toBe('HALTED')
    await expect
      .poll(() => page.getByTestId('global-trading-state').textContent())
      .toBe('HALTED · ALL ACCOUNTS')
    await page.screenshot({ path: path.join(SHOTS, 'kill-switch.png') })
    await page.getByTestId('kill-switch-done').click()

    await page.getByTestId('nav-overview').click()
    await expect.poll(() => page.getByTestId('position-row-BTC-USD').count()).toBe(0)

    await buy('0.01')
    await expect
      .poll(() => page.getByTestId('ticket-result').textContent())
      .toMatch(/Rejected: .*Trading is HALTED/)

    await page.getByTestId('nav-limits').click()
    await expect
      .poll(() => page.getByTestId('trading-panel-global-blocks').textContent())
      .toMatch(/HALTED for every account by the kill switch/)
    await page.screenshot({ path: path.join(SHOTS, 'kill-switch-limits.png') })
  })
})
