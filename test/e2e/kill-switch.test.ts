/**
 * The kill switch end to end, in real Chromium against the server host: the trader buys in the
 * ticket, presses the kill switch with "close every position" ticked and a reason, confirms,
 * and sees the position sold, HALTED in the header, and the next order refused by the gate for
 * the trading state before Review; with the reason left empty it still fires and journals a
 * default reason. On its own fresh server host (fixture.ts).
 * Screenshots: test-results/screenshots/kill-switch.png and kill-switch-limits.png.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, test } from './fixture'

describe('kill switch in Chromium', () => {
  const fill = async (page: Page, quantity: string): Promise<void> => {
    await page.getByTestId('nav-trade').click()
    await page.getByTestId('ticket-symbol').selectOption('BTC-USD')
    await page.getByTestId('ticket-side-buy').click()
    await page.getByTestId('ticket-quantity').fill(quantity)
    await expect.poll(() => page.getByTestId('ticket-estimate').textContent()).toMatch(/\$/)
  }
  const buy = async (page: Page, quantity: string): Promise<void> => {
    await fill(page, quantity)
    await page.getByTestId('ticket-review').click()
    await page.getByTestId('ticket-confirm').click()
  }

  test('closes every position, halts everything, and the gate refuses the next order', async ({
    desk,
  }) => {
    const { page } = desk
    await buy(page, '0.01')
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
    await desk.shoot('kill-switch.png')
    await page.getByTestId('kill-switch-done').click()

    await page.getByTestId('nav-overview').click()
    await expect.poll(() => page.getByTestId('position-row-BTC-USD').count()).toBe(0)

    // The next order is refused before Review, in the gate's words, not after Confirm.
    await fill(page, '0.01')
    await expect
      .poll(() => page.getByTestId('ticket-account-warnings').textContent())
      .toMatch(/Trading is HALTED/)
    expect(await page.getByTestId('ticket-review').isDisabled()).toBe(true)

    await page.getByTestId('nav-limits').click()
    await expect
      .poll(() => page.getByTestId('trading-panel-global-blocks').textContent())
      .toMatch(/HALTED for every account, set by the kill switch\./)
    // Who set it and the reason the trader gave, as journaled.
    expect(await page.getByTestId('trading-panel-story-global-who').textContent()).toBe(
      'The kill switch.',
    )
    expect(await page.getByTestId('trading-panel-story-global-why').textContent()).toContain(
      'end-to-end drill: flatten and stop',
    )
    await desk.shoot('kill-switch-limits.png')
  })
})

describe('kill switch without a reason, in Chromium', () => {
  test('fires on Confirm with the reason left empty and journals the default reason', async ({
    desk,
  }) => {
    const { page } = desk
    await page.getByRole('button', { name: 'Kill switch' }).click()
    await desk.shoot('kill-switch-no-reason.png')
    await page.getByTestId('kill-switch-confirm').click()
    await expect
      .poll(() => page.getByTestId('kill-switch-new-state').textContent())
      .toMatch(/Trading is now HALTED for every account/)
    await expect.poll(() => page.getByTestId('trading-state').textContent()).toBe('HALTED')
    const journaled = (): string =>
      readdirSync(desk.dataDir, { recursive: true, encoding: 'utf8' })
        .filter((name) => name.endsWith('.jsonl'))
        .map((name) => readFileSync(path.join(desk.dataDir, name), 'utf8'))
        .join('\n')
    await expect
      .poll(journaled)
      .toContain('"reason":"Kill switch: No reason given (from the console)"')
  })
})
