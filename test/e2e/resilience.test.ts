/**
 * Reconciliation and drills end to end, in real Chromium against the server host: the trader
 * reconciles on demand and sees the ledger and the broker agree, with the time of the run; then
 * runs a broker-outage drill on the default paper account, follows it, and sees its result.
 * Screenshots: test-results/screenshots/reconciliation.png, drills-confirm.png, drills-running.png
 * and drills.png.
 */
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from '../kit/browser'
import { cleanup, tempDir } from '../kit/engine'
import { startServerProcess, type ServerProcess } from '../kit/server-process'

const SHOTS = path.resolve('test-results/screenshots')
/** A drill answers within a minute; the page needs a moment more to show it. */
const DRILL_TIMEOUT_MS = 90_000

describe('resilience screens in Chromium', () => {
  let browser: Browser
  let server: ServerProcess
  let page: Page
  const dataDir = tempDir('vigil-e2e-resilience-')

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

  it('reconciles on demand and shows that the ledger and the broker agree', async () => {
    await page.goto(server.url)
    await expect.poll(() => page.getByTestId('connection-status').textContent()).toMatch(/online/i)
    await page.getByTestId('nav-reconcile').click()
    const button = page.getByTestId('reconcile-now')
    await button.click()
    await expect.poll(() => button.textContent()).toBe('Reconcile now')
    expect(await page.getByTestId('reconcile-run-error').count()).toBe(0)

    const empty = page.getByTestId('reconcile-empty')
    await expect.poll(() => empty.textContent()).toContain('Ledger and brokers agree')
    await expect
      .poll(() => page.getByTestId('reconcile-empty-last-run').textContent())
      .toMatch(/^Last run \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(/)
    const paperRun = page.locator('[data-testid=reconcile-run]').first()
    expect(await paperRun.getByTestId('reconcile-run-result').textContent()).toBe(
      'In agreement with the broker.',
    )
    expect(await page.getByTestId('nav-reconcile-count').count()).toBe(0)
    await page.screenshot({ path: path.join(SHOTS, 'reconciliation.png') })
  })

  it('runs a broker-outage drill on the default paper account and shows its result', async () => {
    await page.getByTestId('nav-drills').click()
    const account = page.locator('[data-testid=drill-accounts] input[type=radio]:checked')
    await expect.poll(() => account.count()).toBe(1)
    await page.getByTestId('drill-kind-broker_outage').check()
    await page.getByTestId('drill-run').click()
    const dialog = page.getByTestId('drill-confirm')
    await expect.poll(() => dialog.textContent()).toMatch(/Run a broker outage drill on /)
    await page.screenshot({ path: path.join(SHOTS, 'drills-confirm.png') })
    await dialog.getByRole('button', { name: 'Run drill', exact: true }).click()

    // The drill is followed live until it answers (or, if it is quick, straight to its result).
    const progress = page.getByTestId('drill-progress')
    const result = page.locator('[data-testid=drill-result][data-kind=broker_outage]')
    await expect
      .poll(async () => (await progress.count()) + (await result.count()))
      .toBeGreaterThan(0)
    if ((await progress.count()) > 0) {
      await page.screenshot({ path: path.join(SHOTS, 'drills-running.png') })
    }

    await expect.poll(() => result.count(), { timeout: DRILL_TIMEOUT_MS, interval: 500 }).toBe(1)
    expect(await page.getByTestId('drill-run-error').count()).toBe(0)
    expect(await progress.count()).toBe(0)
    expect(await result.getByTestId('drill-outcome').textContent()).toBe('Recovered')
    expect(await result.getByTestId('drill-detection').textContent()).toMatch(/^[\d,.]+ (ms|s)$/)
    expect(await result.getByTestId('drill-recovery').textContent()).toMatch(/^[\d,.]+ (ms|s)$/)
    await expect
      .poll(() =>
        page
          .locator('[data-testid=drill-recoveries-row][data-kind=broker_outage]')
          .getByTestId('drill-recovered-count')
          .textContent(),
      )
      .toBe('1')
    await expect
      .poll(() => page.getByTestId('drill-finished').textContent())
      .toMatch(/^Broker outage drill on .+ finished\. Recovered: detected after /)
    // The screen scrolls inside the app shell: a tall window shows all of it, results included.
    await page.setViewportSize({ width: 1440, height: 1500 })
    await page.screenshot({ path: path.join(SHOTS, 'drills.png') })
  })
})
