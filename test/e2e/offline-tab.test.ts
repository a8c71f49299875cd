/**
 * A console tab whose server host stopped, in real Chromium: it says plainly what happened and
 * what to do, greys the figures it can no longer vouch for, marks the kill switch unavailable
 * (explaining what still stops trading) and keeps the header on one line at 1280×720 and
 * 1440×900. Screenshots: test-results/screenshots/offline-tab-*.png.
 */
import { describe, expect, test } from './fixture'

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
] as const

describe('console tab off the link, in Chromium', () => {
  test('a tab whose server stopped says so, greys its figures and offers no kill switch that would fail', async ({
    desk,
  }) => {
    const { page } = desk
    const origin = desk.server.origin
    await expect.poll(() => page.getByTestId('cash-balance').textContent()).toBe('$10,000.00')
    const header = page.locator('header.header')
    const onlineHeight: number[] = []
    for (const size of SIZES) {
      await page.setViewportSize(size)
      onlineHeight.push((await header.boundingBox())?.height ?? 0)
    }

    await desk.server.stop('SIGKILL')

    const banner = page.getByTestId('connection-banner')
    await expect
      .poll(() => banner.textContent())
      .toMatch(/Lost the connection to Vigil at \d\d:\d\d:\d\d \S+ \(under a minute ago\)/)
    expect(await banner.textContent()).toContain('npx vigil serve')
    expect(await page.getByTestId('connection-status').textContent()).toBe('Offline, reconnecting…')
    // Run in the page; this file is type-checked without the DOM library, hence the cast.
    type View = { getComputedStyle(element: unknown): { opacity: string } }
    const opacity = await page
      .getByTestId('header-equity')
      .evaluate(
        (element) =>
          (element.ownerDocument.defaultView as unknown as View).getComputedStyle(element).opacity,
      )
    expect(opacity).toBe('0.45')
    expect(await page.getByTestId('kill-switch').count()).toBe(0)
    const unavailable = page.getByTestId('kill-switch-unavailable')
    expect(await unavailable.getAttribute('aria-disabled')).toBe('true')

    for (const [i, size] of SIZES.entries()) {
      await page.setViewportSize(size)
      // Longer words in the header must not push it onto a second line or off the screen.
      expect((await header.boundingBox())?.height).toBeLessThanOrEqual((onlineHeight[i] ?? 0) + 1)
      expect(await header.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(
        true,
      )
      await desk.shoot(`offline-tab-${size.width}.png`)
    }

    // Focusable although off: pressing it explains what still stops trading.
    await unavailable.focus()
    await page.keyboard.press('Enter')
    const why = page.getByTestId('kill-switch-unavailable-dialog')
    expect(await why.textContent()).toContain(`curl -X POST ${origin}/api/v1/kill-switch`)
    expect(await page.getByTestId('kill-switch-dialog').count()).toBe(0)
    await desk.shoot('offline-tab-kill-switch.png')
  })
})
