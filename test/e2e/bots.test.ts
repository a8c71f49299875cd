/**
 * A bot end to end in real Chromium against the server host: it places an order through the
 * REST API under its name, sends a heartbeat with the shortest interval, and stops. The console
 * shows it alive, then quiet with the "Bot went quiet" alert (waited for, not slept on), then
 * back once its heartbeat returns. Screenshots of the Bots screen at 1440x900 and 1280x720 go
 * to test-results/screenshots/.
 */
import type { Desk } from './fixture'
import { describe, expect, test, VIEWPORT } from './fixture'
import { LAYOUT_PROBLEMS } from './layout-check'

const BOT = 'e2e-grid'

async function asBot(desk: Desk, route: string, body: unknown): Promise<Response> {
  return fetch(`${desk.server.origin}/api/v1${route}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${desk.server.token}`,
      'content-type': 'application/json',
      'x-vigil-bot': BOT,
    },
    body: JSON.stringify(body),
  })
}

describe('bots in Chromium', () => {
  test('a bot that stops sending heartbeats shows quiet, with its alert', async ({ desk }) => {
    const { page } = desk
    await page.getByTestId('nav-bots').click()
    await page.getByTestId('bots-empty').waitFor()
    expect(await page.evaluate(LAYOUT_PROBLEMS)).toEqual([])
    await desk.shoot('bots-empty-1440.png')

    const placed = await asBot(desk, '/orders', {
      symbol: 'BTC-USD',
      side: 'buy',
      type: 'market',
      quantity: '0.01',
    })
    expect(placed.status).toBe(201)
    expect(((await placed.json()) as { bot: string }).bot).toBe(BOT)
    const beat = await asBot(desk, `/bots/${BOT}/heartbeat`, { intervalSeconds: 5 })
    expect(beat.status).toBe(200)

    const row = page.locator(`[data-testid="bot-row"][data-bot="${BOT}"]`)
    await expect.poll(() => row.getAttribute('data-state')).toBe('alive')
    expect(await row.getByTestId('bot-reason').textContent()).toContain('every 5 s')
    await desk.shoot('bots-alive-1440.png')

    // No more heartbeats: past 5 s and the grace, the watch calls it quiet. Waited for.
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 60_000 }).toBe('quiet')
    expect(await row.getByTestId('bot-state').textContent()).toMatch(/^Quiet since \d\d:\d\d:\d\d/)
    expect(await row.getByTestId('bot-reason').textContent()).toContain('it promised one every 5 s')
    const bar = page.getByTestId('critical-alert-bar')
    await expect
      .poll(() => bar.getByTestId('critical-alert-message').textContent())
      .toMatch(
        new RegExp(`^Bot ${BOT} went quiet: no heartbeat for \\d+ s; it promised one every 5 s`),
      )
    // The alert is about the bot, not about every account.
    expect(await bar.textContent()).not.toContain('All accounts')
    expect(await page.getByTestId('nav-bots-count').textContent()).toContain('1')
    expect(await page.evaluate(LAYOUT_PROBLEMS)).toEqual([])
    await desk.shoot('bots-quiet-1440.png')
    await page.setViewportSize({ width: 1280, height: 720 })
    expect(await page.evaluate(LAYOUT_PROBLEMS)).toEqual([])
    await desk.shoot('bots-quiet-1280.png')
    await page.setViewportSize(VIEWPORT)

    // Its heartbeat returns: alive again, and the alert clears.
    expect((await asBot(desk, `/bots/${BOT}/heartbeat`, { intervalSeconds: 60 })).status).toBe(200)
    await expect.poll(() => row.getAttribute('data-state')).toBe('alive')
    await expect.poll(() => bar.count()).toBe(0)
  })
})
