/**
 * The true trading state end to end, in real Chromium against the server host (started with a
 * 40 s breaker cool-down): BTC-USD prices go stale, the health check fails and the circuit
 * breaker halts every account. The header says the breaker did it (not the kill switch) and
 * counts down to RECOVERING; the trader ends the fault, and after the cool-down the header
 * says RECOVERING with the order-size cap in dollars. Waits are for what the page shows.
 * Screenshots, at 1440x900 and 1280x720: trading-state-halted-*.png,
 * trading-state-halted-limits-*.png, trading-state-recovering-*.png and
 * trading-state-recovering-limits-*.png.
 */
import type { Page } from 'playwright-core'
import { describe, expect, test, VIEWPORT, type Desk } from './fixture'

/** Stale prices fail a health round (every 30 s) once older than 10 s. */
const TRIP_TIMEOUT_MS = 75_000
/** The 40 s cool-down, plus a health round's margin. */
const RECOVER_TIMEOUT_MS = 90_000

async function shootBoth(desk: Desk, page: Page, name: string): Promise<void> {
  for (const size of [VIEWPORT, { width: 1280, height: 720 }]) {
    await page.setViewportSize(size)
    await desk.shoot(`${name}-${size.width}.png`)
  }
  await page.setViewportSize(VIEWPORT)
}

describe('the trading state in Chromium', () => {
  test.override({ serveArgs: '--breaker-cooldown 40' })

  test('a breaker halt after stale prices: who did it, a countdown, then RECOVERING with the cap in dollars', async ({
    desk,
  }) => {
    const { page } = desk
    await expect.poll(() => page.getByTestId('trading-state').textContent()).toBe('ACTIVE')
    await page.getByTestId('nav-market').click()
    await page.getByTestId('market-fault-BTC-USD').selectOption('stale')
    // Injecting a fault asks first, like a drill.
    await page.getByTestId('market-fault-confirm').getByTestId('confirm-ok').click()

    const global = page.getByTestId('global-trading-state')
    await expect.poll(() => global.count(), { timeout: TRIP_TIMEOUT_MS, interval: 500 }).toBe(1)
    expect(await global.textContent()).toBe('HALTED · ALL ACCOUNTS')
    const chip = page.getByTestId('trading-cause')
    expect(await chip.textContent()).toMatch(/^breaker · RECOVERING in 0:[0-4]\d$/)
    // End the fault at once, so the next health round passes before the cool-down ends.
    await page.getByTestId('market-fault-BTC-USD').selectOption('none')

    await chip.click()
    const details = page.getByTestId('trading-state-details')
    expect(await details.getByTestId('trading-story-who').textContent()).toBe(
      'The circuit breaker, tripped by a critical health check.',
    )
    expect(await details.getByTestId('trading-story-why').textContent()).toMatch(
      /^Circuit breaker tripped: a critical health check: .*BTC-USD.*[^.]\.$/,
    )
    expect(await details.getByTestId('trading-story-countdown').textContent()).toMatch(
      /^ \(in 0:[0-4]\d\)$/,
    )
    expect(await page.locator('header').textContent()).not.toMatch(/kill switch or an override/)
    await shootBoth(desk, page, 'trading-state-halted')
    await page.keyboard.press('Escape')

    await page.getByTestId('nav-limits').click()
    expect(await page.getByTestId('trading-panel-global-blocks').textContent()).toMatch(
      /^HALTED for every account, set by the circuit breaker\./,
    )
    await shootBoth(desk, page, 'trading-state-halted-limits')

    // Default limits: the largest order is $5,000; RECOVERING's first step is 25 % of it.
    await expect
      .poll(() => chip.textContent(), { timeout: RECOVER_TIMEOUT_MS, interval: 500 })
      .toBe('breaker · orders ≤ $1,250.00')
    expect(await page.getByTestId('trading-state').textContent()).toBe('RECOVERING')
    expect(await page.getByTestId('trading-panel-story-global-allows').textContent()).toBe(
      'Orders up to $1,250.00 (25 % of the $5,000.00 maximum order size); the cap steps up after clean verified trades.',
    )
    expect(await page.getByTestId('trading-panel-story-global-why').textContent()).toBe(
      'Cool-down of 40 s over: recovering at 25% order size.',
    )
    await shootBoth(desk, page, 'trading-state-recovering-limits')
    await chip.click()
    await shootBoth(desk, page, 'trading-state-recovering')
  })
})
