/**
 * Performance, alerts and reports end to end, in real Chromium against the server host: a bot
 * buys and sells through the REST API and the Performance screen shows the round trips; the
 * Alerts screen shows the rules, and a rule tightened in the console raises an alert that
 * becomes a browser notification; the equity curve has the engine's samples; a report made for
 * today shows in the viewer. Each test starts on its own fresh server host (fixture.ts), with
 * the page's Notification API replaced by a recorder that has permission.
 * Screenshots go to test-results/screenshots/.
 */
import { describe, expect, test, type Desk } from './fixture'

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

/** A bot's market order through the REST API, which must fill. */
async function order(
  desk: Desk,
  side: 'buy' | 'sell',
  symbol: string,
  quantity: string,
): Promise<void> {
  const response = await desk.postOrder({ symbol, side, type: 'market', quantity })
  expect(response.status).toBe(201)
  expect(((await response.json()) as { status: string }).status).toBe('filled')
}

describe('performance, alerts and reports in Chromium', () => {
  test.override({ initScript: RECORD_NOTIFICATIONS })

  test('shows the round trips of a bot that bought and sold', async ({ desk }) => {
    const { page } = desk
    await order(desk, 'buy', 'BTC-USD', '0.01')
    await order(desk, 'sell', 'BTC-USD', '0.005')
    await order(desk, 'buy', 'ETH-USD', '0.2')
    await order(desk, 'sell', 'ETH-USD', '0.2')
    await order(desk, 'sell', 'BTC-USD', '0.003')

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

  test('shows the rules, and a tightened rule raises an alert the browser notifies', async ({
    desk,
  }) => {
    const { page } = desk
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
    await order(desk, 'buy', 'SOL-USD', '1')
    const active = page.getByTestId('active-alerts').getByTestId('alert-message')
    // A changed rule is judged against the equity and cash at once (and every minute after).
    await expect
      .poll(() => active.first().textContent(), { timeout: 90_000 })
      .toMatch(/cash|balance/i)
    await expect.poll(() => page.getByTestId('nav-alerts-count').textContent()).toMatch(/^1/)
    await expect
      .poll(() => page.evaluate('window.__notifications'))
      .toEqual([expect.objectContaining({ title: 'Vigil: Critical alert' })])
    await desk.shoot('alerts.png', { whole: true })

    await page.getByTestId('alert-acknowledge').first().click()
    await page.getByTestId('alerts-none-active').waitFor()
    await expect
      .poll(() => page.getByTestId('history-state').first().textContent())
      .toMatch(/Acknowledged/)
  })

  test("draws the equity curve from the engine's samples", async ({ desk }) => {
    const { page } = desk
    await page.getByTestId('nav-performance').click()
    // The engine samples each account's equity as it starts, then once a minute.
    await expect
      .poll(async () => Number(await page.getByTestId('equity-chart').getAttribute('data-points')))
      .toBeGreaterThan(0)
    await page.getByTestId('equity-chart').locator('canvas').first().waitFor()
    await desk.shoot('performance.png', { whole: true })
  })

  test('generates the report of today and shows it in the viewer', async ({ desk }) => {
    const { page } = desk
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
    await expect.poll(() => frame.getAttribute('src')).toMatch(/^\/reports\/.*\?ticket=/)
    expect(await frame.getAttribute('sandbox')).not.toContain('allow-scripts')
    await expect
      .poll(() => page.frameLocator('[data-testid="report-frame"]').locator('body').textContent())
      .toContain(today)
    await desk.shoot('reports.png', { whole: true })
  })
})
