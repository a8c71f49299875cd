/**
 * The expected slippage on the ticket in real Chromium against the server host: the cost in
 * bps and dollars with its band, the breakdown opened, at 1440×900 and 1280×720.
 * Screenshots: test-results/screenshots/ticket-cost-{1440,1280}.png, ticket-cost-review-1280.png.
 */
import { describe, expect, test } from './fixture'

describe('expected slippage on the ticket in Chromium', () => {
  test('shows the cost, its band and its parts, and the review still fits 1280×720', async ({
    desk,
  }) => {
    const { page } = desk
    await page.setViewportSize({ width: 1440, height: 900 })
    await page.getByTestId('notification-offer-later').click()
    await page.getByTestId('nav-trade').click()
    await page.getByTestId('ticket-symbol').selectOption('ETH-USD')
    await page.getByTestId('ticket-quantity').fill('1')
    const value = page.getByTestId('estimate-cost-value')
    await expect.poll(() => value.textContent()).toMatch(/^\d+\.\d\d bps \(\$\d+\.\d\d\)$/)
    expect(await page.getByTestId('estimate-cost-naive').textContent()).toMatch(
      /^naive formula: \d+\.\d\d bps$/,
    )
    await page.getByTestId('cost-breakdown').locator('summary').click()
    for (const key of ['halfSpread', 'volatility', 'bookWalk', 'impact', 'timeOfDay', 'regime'])
      expect(await page.getByTestId(`cost-part-${key}`).textContent()).toMatch(/\d bps−?<?\$\d/)
    await page.getByTestId('cost-part-regime').scrollIntoViewIfNeeded()
    await desk.shoot('ticket-cost-1440.png')
    await page.setViewportSize({ width: 1280, height: 720 })
    await page.getByTestId('cost-part-regime').scrollIntoViewIfNeeded()
    await desk.shoot('ticket-cost-1280.png')
    // Closed again, the review fits with Confirm in view.
    await page.getByTestId('cost-breakdown').locator('summary').click()
    await page.getByTestId('ticket-review').click()
    const confirm = page.getByTestId('ticket-confirm')
    await confirm.waitFor()
    await desk.shoot('ticket-cost-review-1280.png')
    // One line of cost in the review; the band and parts were on the step before.
    expect(await page.getByTestId('estimate-cost-value').isVisible()).toBe(true)
    expect(await page.getByTestId('cost-breakdown').count()).toBe(0)
    const box = await confirm.boundingBox()
    expect(box!.y + box!.height).toBeLessThanOrEqual(720)
  })
})
