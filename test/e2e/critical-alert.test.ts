/**
 * A critical alert cannot be missed, end to end in real Chromium against the server host: a rule
 * tightened in the console raises a critical alert, the bar under the header shows it on every
 * screen (with the header's alarm beside the health badge), and Acknowledge in the bar settles
 * it through the engine. Screenshots of the bar at 1440x900 and 1280x720 go to
 * test-results/screenshots/.
 */
import { describe, expect, test, VIEWPORT } from './fixture'

/** The browser has already allowed notifications: no first-start offer in the pictures. */
const NOTIFICATIONS_ALLOWED = `
  window.Notification = class {
    static permission = 'granted'
    static requestPermission() { return Promise.resolve('granted') }
    close() {}
  }
`

describe('critical alerts in Chromium', () => {
  test.override({ initScript: NOTIFICATIONS_ALLOWED })

  test('show under the header on every screen until acknowledged there', async ({ desk }) => {
    const { page } = desk
    const bar = page.getByTestId('critical-alert-bar')
    expect(await bar.count()).toBe(0)

    // Cash below $1,000,000 is true of the $10,000 paper account: the critical rule fires.
    await page.getByTestId('nav-alerts').click()
    const lowBalance = page.getByTestId('rule-low_balance')
    await lowBalance.getByTestId('rule-threshold').fill('1000000')
    await lowBalance.getByTestId('rule-save').click()
    await expect
      .poll(() => page.getByTestId('rule-low_balance').getByTestId('rule-threshold').inputValue())
      .toBe('1000000')
    const response = await desk.postOrder({
      symbol: 'SOL-USD',
      side: 'buy',
      type: 'market',
      quantity: '1',
    })
    expect(response.status).toBe(201)

    await page.getByTestId('nav-overview').click()
    // A changed rule is judged at once and every minute after; the wait is for that event.
    await bar.waitFor({ timeout: 90_000 })
    await expect
      .poll(() => bar.getByTestId('critical-alert-message').textContent())
      .toMatch(/cash|balance/i)
    expect(await bar.getByTestId('critical-alert-count').textContent()).toBe(
      '1 critical alert open',
    )
    expect(await bar.getByTestId('critical-alert-time').textContent()).toMatch(
      /^raised at \d\d:\d\d:\d\d \S+/,
    )
    expect(await page.getByTestId('header-alarm').textContent()).toBe('1 CRITICAL ALERT')
    expect(await page.getByTestId('health-badge').textContent()).not.toBe('HEALTHY')
    await desk.shoot('critical-alert-1440.png')

    await page.getByTestId('nav-orders').click()
    expect(await page.getByTestId('nav-orders').getAttribute('aria-current')).toBe('page')
    await expect
      .poll(() => bar.getByTestId('critical-alert-message').textContent())
      .toMatch(/cash|balance/i)
    await page.setViewportSize({ width: 1280, height: 720 })
    await desk.shoot('critical-alert-1280.png')
    // The health badge and the alarm beside it each stay on one line in the narrower window.
    const badge = await page.getByTestId('health-badge').boundingBox()
    const alarm = await page.getByTestId('header-alarm').boundingBox()
    expect(badge?.height).toBeLessThanOrEqual((alarm?.height ?? 0) + 1)
    await page.setViewportSize(VIEWPORT)

    // "Open in Alerts" brings the alert into view with the focus, drawn where the eye can find it.
    await bar.getByTestId('critical-alert-open').click()
    // Runs in the page (a string: this file is compiled without the DOM's types).
    const focused = () =>
      page.evaluate(`(() => {
        const element = document.activeElement
        return {
          id: (element && element.dataset && element.dataset.testid) || null,
          outline: element ? getComputedStyle(element).outlineStyle : null,
        }
      })()`)
    await expect.poll(focused).toEqual({ id: expect.stringMatching(/^alert-/), outline: 'solid' })

    await bar.getByTestId('critical-alert-acknowledge').click()
    await expect.poll(() => bar.count()).toBe(0)
    expect(await page.getByTestId('header-alarm').count()).toBe(0)
    await page.getByTestId('nav-alerts').click()
    await expect
      .poll(() => page.getByTestId('history-state').first().textContent())
      .toMatch(/Acknowledged/)
    expect(await bar.count()).toBe(0)
  })
})
