/**
 * The Costs screen end to end, in real Chromium against the server host: a bot's market orders
 * through the REST API carry the model's estimate, and once they fill the screen shows them
 * against what they cost (the scatter, the CUSUM, the breakdowns), the tests' "not enough
 * fills" with the count, and the fee tier from the fee analyzer. Screenshots at 1280x720 and
 * 1440x900 go to test-results/screenshots/.
 */
import path from 'node:path'
import { describe, expect, SHOTS, test } from './fixture'

describe('the Costs screen in Chromium', () => {
  test('fills with the orders a bot places', { timeout: 120_000 }, async ({ desk }) => {
    const { page } = desk
    await page.getByTestId('nav-costs').click()
    // Before any order: the way to get figures, and no p-value.
    await page.getByTestId('costs-no-orders').waitFor()
    await expect
      .poll(() => page.getByTestId('costs-verdict').textContent())
      .toBe('Not enough fills: 0 of 20')

    const orders = [
      ['BTC-USD', 'buy', '0.01'],
      ['ETH-USD', 'buy', '0.5'],
      ['BTC-USD', 'sell', '0.005'],
      ['SOL-USD', 'buy', '2'],
      ['ETH-USD', 'sell', '0.2'],
    ] as const
    for (const [symbol, side, quantity] of orders) {
      const res = await desk.postOrder({ symbol, side, type: 'market', quantity })
      expect(res.status).toBe(201)
    }

    const scatter = page.getByTestId('cost-scatter')
    await expect
      .poll(async () => Number(await scatter.getAttribute('data-points')), { timeout: 30_000 })
      .toBe(orders.length)
    await expect
      .poll(() => page.getByTestId('costs-verdict').textContent())
      .toBe(`Not enough fills: ${orders.length} of 20`)
    expect(await page.getByTestId('costs-tests-wait').textContent()).not.toMatch(/p\s*[=<]/)
    expect(await page.getByTestId('costs-in-band').textContent()).toMatch(
      new RegExp(`of ${orders.length}\\); the band is built to hold 80 %`),
    )
    expect(Number(await page.getByTestId('cusum-chart').getAttribute('data-points'))).toBe(
      orders.length,
    )
    const symbols = page.getByTestId('costs-by-symbol').getByTestId('costs-by-symbol-row')
    expect(await symbols.count()).toBe(3)
    expect(await page.getByTestId('costs-by-symbol').textContent()).toMatch(/bps/)
    await expect.poll(() => page.getByTestId('fees-tier').textContent()).toMatch(/Tier now/)
    expect(await page.getByTestId('fees-rate-taker').textContent()).toMatch(/%/)

    for (const size of [
      { width: 1280, height: 720 },
      { width: 1440, height: 900 },
    ]) {
      await page.setViewportSize(size)
      await page.screenshot({ path: path.join(SHOTS, `costs-${size.width}.png`) })
    }
    await desk.shoot('costs-whole.png', { whole: true })
  })
})
