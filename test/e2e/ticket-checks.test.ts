/**
 * Warnings before Confirm, in real Chromium against the server host: the trader fills a ticket
 * the gate would refuse and sees why before Review, in the gate's words, with Review off; and
 * the review step of a good order fits a 1280×720 window without scrolling.
 * Screenshots: test-results/screenshots/ticket-warnings-{1440,1280}.png,
 * ticket-halted-1280.png and ticket-review-1280.png.
 */
import type { Page } from 'playwright-core'
import { describe, expect, test, type Desk } from './fixture'

const SMALL = { width: 1280, height: 720 } as const

async function fill(page: Page, symbol: string, side: 'buy' | 'sell', quantity: string) {
  await page.getByTestId('nav-trade').click()
  await page.getByTestId('ticket-symbol').selectOption(symbol)
  await page.getByTestId(`ticket-side-${side}`).click()
  await page.getByTestId('ticket-quantity').fill(quantity)
}

/** The orders the server host has, through the REST API. */
async function ordersOf(desk: Desk): Promise<unknown[]> {
  const res = await fetch(`${desk.server.origin}/api/v1/orders`, {
    headers: { authorization: `Bearer ${desk.server.token}` },
  })
  return ((await res.json()) as { orders: unknown[] }).orders
}

describe('order ticket warnings in Chromium', () => {
  test('warns before Review that selling 5 ETH while holding none would be refused', async ({
    desk,
  }) => {
    const { page } = desk
    await fill(page, 'ETH-USD', 'sell', '5')
    const warnings = page.getByTestId('ticket-size-warnings')
    await expect
      .poll(() => warnings.textContent())
      .toMatch(/Insufficient ETH-USD to sell: need 5, have 0\. Spot accounts cannot sell short\./)
    expect(await page.getByTestId('ticket-review').isDisabled()).toBe(true)
    expect(await page.getByTestId('ticket-blocked').textContent()).toMatch(/^Review is off/)
    expect(await page.getByTestId('ticket-review-panel').count()).toBe(0)
    await desk.shoot('ticket-warnings-1440.png')
    await page.setViewportSize(SMALL)
    await desk.shoot('ticket-warnings-1280.png')
    // The dry runs left nothing behind: no order, refused or not.
    expect(await ordersOf(desk)).toEqual([])

    // Halted by the kill switch: the ticket says so before anything is reviewed.
    const halt = await fetch(`${desk.server.origin}/api/v1/kill-switch`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${desk.server.token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ closePositions: false, reason: 'end-to-end: stop for lunch' }),
    })
    expect(halt.status).toBe(200)
    await fill(page, 'BTC-USD', 'buy', '0.01')
    await expect
      .poll(() => page.getByTestId('ticket-account-warnings').textContent())
      .toBe('Trading is HALTED on this account: no orders are allowed.')
    expect(await page.getByTestId('ticket-review').isDisabled()).toBe(true)
    await desk.shoot('ticket-halted-1280.png')
  })

  test('the review step fits a 1280×720 window without scrolling', async ({ desk }) => {
    const { page } = desk
    await page.setViewportSize(SMALL)
    // The first start offers desktop notifications in a strip under the header; a trader
    // answers it once, and the ticket is measured as it is every day after.
    await page.getByTestId('notification-offer-later').click()
    await fill(page, 'BTC-USD', 'buy', '0.01')
    await expect.poll(() => page.getByTestId('ticket-estimate').textContent()).toMatch(/\$/)
    // Measured with the expected slippage on it, as the trader sees it.
    await page.getByTestId('estimate-cost-value').waitFor()
    await page.getByTestId('ticket-review').click()
    const confirm = page.getByTestId('ticket-confirm')
    await confirm.waitFor()
    await desk.shoot('ticket-review-1280.png')
    const box = await confirm.boundingBox()
    expect(box).not.toBeNull()
    expect(box!.y + box!.height).toBeLessThanOrEqual(SMALL.height)
    // Nothing had to scroll to get here: not the page, not the console's main area.
    expect(await page.locator('main').evaluate((m) => m.scrollTop)).toBe(0)
    expect(await page.locator('html').evaluate((e) => e.scrollTop)).toBe(0)
    await confirm.click()
    await expect
      .poll(() => page.getByTestId('ticket-result').textContent())
      .toMatch(/Filled 0\.01 BTC-USD/)
  })
})
