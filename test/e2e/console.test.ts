/**
 * The console end to end, in real Chromium against the server host: a trader opens the printed
 * URL, buys in the ticket, sees the fill, the position and the new balance; a bot's order
 * placed through the REST API appears; every trading check of a fresh paper account's health
 * round is OK; after a restart on the same data folder everything is still there. Each test starts on its own fresh
 * server host (fixture.ts). Screenshots of every screen go to test-results/screenshots/.
 */
import { describe, expect, test } from './fixture'

const money = (text: string | null): number => Number((text ?? '').replace(/[^0-9.-]/g, ''))

describe('console in Chromium', () => {
  test('opens on the printed URL, trading the token for a cookie', async ({ desk }) => {
    const { page } = desk
    // The fixture opened the printed link; the console drops the token from the address.
    expect(new URL(page.url()).searchParams.get('token')).toBeNull()
    await expect
      .poll(async () => money(await page.getByTestId('cash-balance').textContent()))
      .toBe(10000)
    await page.getByTestId('price-chart').locator('canvas').first().waitFor()
    await desk.shoot('overview.png')
    // The cookie alone signs the page in again.
    await page.reload()
    await expect.poll(() => page.getByTestId('connection-status').textContent()).toMatch(/online/i)
  })

  test('buys in the ticket and shows the fill, the position and the new balance', async ({
    desk,
  }) => {
    const { page } = desk
    await page.getByTestId('nav-trade').click()
    await page.getByTestId('ticket-symbol').selectOption('BTC-USD')
    await page.getByTestId('ticket-side-buy').click()
    await page.getByTestId('ticket-quantity').fill('0.01')
    await expect.poll(() => page.getByTestId('ticket-estimate').textContent()).toMatch(/\$/)
    await page.getByTestId('ticket-review').click()
    await desk.shoot('trade-review.png')
    await page.getByTestId('ticket-confirm').click()
    await expect
      .poll(() => page.getByTestId('ticket-result').textContent())
      .toMatch(/Filled 0\.01 BTC-USD/)
    await desk.shoot('trade.png')

    await page.getByTestId('nav-overview').click()
    const row = page.getByTestId('position-row-BTC-USD')
    await expect.poll(() => row.getByTestId('position-qty').textContent()).toContain('0.01')
    const cash = money(await page.getByTestId('cash-balance').textContent())
    expect(cash).toBeLessThan(10000)
    expect(cash).toBeGreaterThan(10000 - 0.01 * 200_000)
    await desk.shoot('overview-position.png')
  })

  test('shows an order a bot placed through the REST API', async ({ desk }) => {
    const { page } = desk
    await page.getByTestId('nav-orders').click()
    const response = await desk.postOrder({
      clientOrderId: 'bot-1',
      symbol: 'ETH-USD',
      side: 'buy',
      type: 'market',
      quantity: '0.5',
    })
    expect(response.status).toBe(201)
    const order = (await response.json()) as { id: string }
    const row = page.getByTestId(`order-row-${order.id}`)
    await expect
      .poll(() => row.getByTestId('order-status').textContent(), { timeout: 1_000 })
      .toMatch(/filled/i)
    await expect.poll(() => page.getByTestId('fills-table').locator('tbody tr').count()).toBe(1)
    await desk.shoot('orders.png')
  })

  test('runs a round of health checks from the header badge: every check of a fresh paper account is OK', async ({
    desk,
  }) => {
    const { page } = desk
    await page.getByTestId('health-badge').click()
    await page.getByTestId('health-check-now').click()
    const progress = page.getByTestId('health-check-progress')
    await expect.poll(() => progress.textContent()).toMatch(/^Round finished: /)
    const rows = page.getByTestId('health-check-row')
    expect(await rows.count()).toBeGreaterThan(6)
    // Nothing on a fresh paper account has cause to warn: its broker answers in-process at
    // once, its cash at the broker is the ledger's, every record is written and fsynced, the
    // ledger equals the fold of the journal, and the simulator's quotes are seconds old and
    // moving. So every check reads OK (the message lists those that are not, disk space
    // included), except possibly the event loop's lag: it measures how busy this machine is,
    // and a test run with other workers on two cores can honestly push it past 100 ms.
    const notOk = await page
      .locator(
        '[data-testid="health-check-row"]:not([data-level="OK"]):not([data-check="event_loop"])',
      )
      .allTextContents()
    expect(notOk, `checks not OK: ${notOk.join(' | ')}`).toEqual([])
    // The round's status is the worst row shown: HEALTHY when the lag is under its warning.
    const lag = await page.locator('[data-check="event_loop"]').getAttribute('data-level')
    const status = { OK: 'HEALTHY', WARN: 'DEGRADED', FAIL: 'CRITICAL' }[lag ?? '']
    expect(status, `event-loop lag level ${lag}`).toBeDefined()
    expect(await progress.textContent()).toMatch(new RegExp(`^Round finished: ${status}, `))
    const tracker = rows.filter({ hasText: 'Position tracker' })
    expect(await tracker.textContent()).toMatch(/OK.*equals the fold of the journal/)
    await expect
      .poll(() => page.getByTestId('health-badge').getAttribute('data-status'))
      .toBe(status)
    await desk.shoot('health.png')
  })

  test('shows the same state after the server host restarts on the same data folder', async ({
    desk,
  }) => {
    const { page } = desk
    for (const [symbol, quantity] of [
      ['BTC-USD', '0.01'],
      ['ETH-USD', '0.5'],
    ] as const) {
      const response = await desk.postOrder({ symbol, side: 'buy', type: 'market', quantity })
      expect(response.status).toBe(201)
    }
    await page.getByTestId('nav-overview').click()
    await expect
      .poll(() =>
        page.getByTestId('position-row-ETH-USD').getByTestId('position-qty').textContent(),
      )
      .toContain('0.5')
    const cashBefore = await page.getByTestId('cash-balance').textContent()
    expect(money(cashBefore)).toBeLessThan(10000)

    const { exitCode, output } = await desk.restart()
    expect(exitCode).toBe(0)
    expect(output).toMatch(/stopped cleanly/i)

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
    await desk.shoot('orders-after-restart.png')
  })
})
