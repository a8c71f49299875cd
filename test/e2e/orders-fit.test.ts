/**
 * The Orders table fits the window in real Chromium at 1280x720 and 1440x900 with a long
 * rejection reason present: no sideways scrolling inside its panel, the reason on one line (so
 * the row stays short), and Cancel inside the window; a position closes from the Trade screen
 * through the gate. Screenshots of Orders, Overview and Trade at both sizes go to
 * test-results/screenshots/.
 */
import type { Page } from 'playwright-core'
import { describe, expect, test, type Desk } from './fixture'

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
] as const

/** A filled buy (a position to close), a resting limit buy, and a refusal with a long reason. */
async function placeOrders(desk: Desk): Promise<void> {
  const filled = await desk.postOrder({
    clientOrderId: 'bot-grid-market-0001',
    symbol: 'ETH-USD',
    side: 'buy',
    type: 'market',
    quantity: '0.05',
  })
  expect(filled.status).toBe(201)
  const price = Number(((await filled.json()) as { averagePrice: string }).averagePrice)
  // 3 % under the market: inside the price band, and it rests.
  const resting = await desk.postOrder({
    clientOrderId: 'bot-grid-resting-limit-0002',
    symbol: 'ETH-USD',
    side: 'buy',
    type: 'limit',
    quantity: '0.05',
    limitPrice: (price * 0.97).toFixed(2),
  })
  expect(resting.status).toBe(201)
  // Far above the default per-order maximum and the cash: the gate refuses it, at length.
  const refused = await desk.postOrder({
    clientOrderId: 'bot-grid-oversized-0003',
    symbol: 'BTC-USD',
    side: 'buy',
    type: 'market',
    quantity: '10',
  })
  expect(refused.status).toBe(422)
}

async function measure(page: Page) {
  return page.getByTestId('orders-table').evaluate((table) => {
    const wrap = table.parentElement!
    const main = table.closest('main')!
    const rejected = [...table.querySelectorAll('tbody tr')].find(
      (row) => row.querySelector('[data-testid="order-status"]')?.textContent === 'Rejected',
    )!
    const cancel = table.querySelector('[data-testid="order-cancel"]')!
    const box = cancel.getBoundingClientRect()
    const cell = cancel.closest('td')!.getBoundingClientRect()
    return {
      wrapScroll: wrap.scrollWidth,
      wrapClient: wrap.clientWidth,
      mainScroll: main.scrollWidth,
      mainClient: main.clientWidth,
      rejectedHeight: rejected.getBoundingClientRect().height,
      cancelRight: box.right,
      cancelBottom: box.bottom,
      cancelLeft: box.left,
      cancelCellRight: cell.right,
      reason: rejected.querySelector('[data-testid="order-reason"]')?.textContent ?? '',
    }
  })
}

describe('the Orders table in Chromium', () => {
  test('fits at 1280x720 and 1440x900 with a long rejection reason, Cancel in view', async ({
    desk,
  }) => {
    const { page } = desk
    await placeOrders(desk)
    await page.getByTestId('nav-orders').click()
    await expect
      .poll(() => page.getByTestId('orders-table').locator('tbody tr[data-testid]').count())
      .toBe(3)
    for (const size of SIZES) {
      await page.setViewportSize(size)
      const m = await measure(page)
      expect(m.reason.length).toBeGreaterThan(80)
      expect(m.wrapScroll).toBeLessThanOrEqual(m.wrapClient)
      expect(m.mainScroll).toBeLessThanOrEqual(m.mainClient)
      expect(m.rejectedHeight).toBeLessThan(60)
      expect(m.cancelLeft).toBeGreaterThanOrEqual(0)
      expect(m.cancelRight).toBeLessThanOrEqual(size.width)
      // Not cut off by its own column either.
      expect(m.cancelRight).toBeLessThanOrEqual(m.cancelCellRight)
      expect(m.cancelBottom).toBeLessThanOrEqual(size.height)
      await page.screenshot({ path: `test-results/screenshots/orders-${size.width}.png` })
    }
    // The full reason opens from the keyboard, under the row.
    const rejected = page
      .locator('[data-testid^="order-row-"]')
      .filter({ has: page.locator('[data-status="rejected"]') })
    await rejected.getByTestId('order-details-toggle').focus()
    await page.keyboard.press('Enter')
    const detail = page.locator('.order-detail')
    await expect
      .poll(() => detail.textContent())
      .toMatch(/Reason: Order value .* above the maximum/)
    await page.screenshot({ path: 'test-results/screenshots/orders-reason-open.png' })
    await page.getByTestId('orders-cancel-all').click()
    await expect
      .poll(() => page.getByTestId('cancel-all-item').textContent())
      .toMatch(/^Buy 0.05 ETH of ETH-USD at a limit of/)
    await page.screenshot({ path: 'test-results/screenshots/orders-cancel-all.png' })
    await page.keyboard.press('Escape')

    await page.getByTestId('nav-overview').click()
    await page.getByTestId('position-row-ETH-USD').waitFor()
    for (const size of SIZES) {
      await page.setViewportSize(size)
      await page.screenshot({ path: `test-results/screenshots/overview-${size.width}.png` })
    }
  })

  test('closes a position from the Trade screen with one market sell through the gate', async ({
    desk,
  }) => {
    const { page } = desk
    const bought = await desk.postOrder({
      symbol: 'ETH-USD',
      side: 'buy',
      type: 'market',
      quantity: '0.05',
    })
    expect(bought.status).toBe(201)
    await page.getByTestId('nav-trade').click()
    const row = page.getByTestId('position-row-ETH-USD')
    for (const size of SIZES) {
      await page.setViewportSize(size)
      await row.waitFor()
      await page.screenshot({ path: `test-results/screenshots/trade-${size.width}.png` })
    }
    await row.getByTestId('position-close').click()
    await expect
      .poll(() => page.getByTestId('position-close-message').textContent())
      .toMatch(/^Sell 0.05 ETH of ETH-USD at market on .*About \$[\d,]+\.\d\d at the last price/)
    await page.screenshot({ path: 'test-results/screenshots/trade-close-confirm.png' })
    await page.getByTestId('confirm-ok').click()
    await row.waitFor({ state: 'detached' })
    await page.getByTestId('nav-orders').click()
    const sell = page.getByTestId('orders-table').locator('tbody tr').first()
    await expect.poll(() => sell.getByTestId('order-side-type').textContent()).toBe('Sell market')
    await expect.poll(() => sell.getByTestId('order-status').textContent()).toBe('Filled')
  })
})
