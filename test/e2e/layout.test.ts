/**
 * Every screen fits at 1280x720 and 1440x900, with what a trader's console really holds: filled
 * and resting orders, a refusal with a long reason, an open critical alert, a halt, a bot alive
 * and one halted after it went quiet. A screen fails on a page or panel that scrolls sideways,
 * a header on more than one line, text cut by its box, or text drawn over other text (see
 * layout-check.ts). Screenshots of each screen at each size are saved.
 */
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import type { Desk } from './fixture'
import { describe, expect, SHOTS, test } from './fixture'
import { LAYOUT_PROBLEMS } from './layout-check'

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
] as const

const SCREENS = [
  'overview',
  'trade',
  'orders',
  'accounts',
  'market',
  'limits',
  'performance',
  'costs',
  'alerts',
  'bots',
  'reports',
  'audit',
  'health',
  'reconcile',
  'drills',
  'roadmap',
] as const

async function post(desk: Desk, route: string, body: unknown): Promise<Response> {
  return fetch(`${desk.server.origin}/api/v1${route}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${desk.server.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
}

/** A bot alive with an order, and one set to halt that has gone quiet and is halted. */
async function startBots(desk: Desk): Promise<void> {
  const bot = (name: string) => ({ 'X-Vigil-Bot': name })
  const placed = await fetch(`${desk.server.origin}/api/v1/orders`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${desk.server.token}`,
      'content-type': 'application/json',
      ...bot('grid-1'),
    },
    body: JSON.stringify({ symbol: 'ETH-USD', side: 'buy', type: 'market', quantity: '0.1' }),
  })
  expect(placed.status).toBe(201)
  expect((await post(desk, '/bots/grid-1/heartbeat', { intervalSeconds: 86_400 })).status).toBe(200)
  const quiet = 'eth-scalper.v2_with-a-rather-long-name'
  expect((await post(desk, `/bots/${quiet}/heartbeat`, { intervalSeconds: 5 })).status).toBe(200)
  expect((await post(desk, `/bots/${quiet}/settings`, { onQuiet: 'halt' })).status).toBe(200)
}

/** Waits until the quiet bot is halted (its heartbeat stopped after the first). */
async function botHalted(desk: Desk): Promise<void> {
  await expect
    .poll(
      async () => {
        const res = await fetch(`${desk.server.origin}/api/v1/bots`, {
          headers: { authorization: `Bearer ${desk.server.token}` },
        })
        const { bots } = (await res.json()) as { bots: { halted: unknown }[] }
        return bots.filter((b) => b.halted !== null).length
      },
      { timeout: 90_000 },
    )
    .toBe(1)
}

/** Orders of every kind, an open critical alert, then a halt of every account. */
async function fillTheConsole(desk: Desk): Promise<void> {
  const { page } = desk
  await startBots(desk)
  for (const [symbol, quantity] of [
    ['BTC-USD', '0.01'],
    ['ETH-USD', '0.5'],
  ] as const) {
    expect((await desk.postOrder({ symbol, side: 'buy', type: 'market', quantity })).status).toBe(
      201,
    )
  }
  const resting = await desk.postOrder({
    symbol: 'SOL-USD',
    side: 'buy',
    type: 'limit',
    quantity: '1',
    limitPrice: '1',
  })
  expect([201, 422]).toContain(resting.status)
  // A refusal whose reason runs long: far more than the account may hold.
  const refused = await desk.postOrder({
    clientOrderId: 'layout-refused-with-a-long-client-order-id',
    symbol: 'BTC-USD',
    side: 'buy',
    type: 'market',
    quantity: '250',
  })
  expect(refused.status).toBe(422)

  // Cash below $1,000,000 is true of the paper account: the rule raises a critical alert.
  await page.getByTestId('nav-alerts').click()
  const lowBalance = page.getByTestId('rule-low_balance')
  await lowBalance.getByTestId('rule-threshold').fill('1000000')
  await lowBalance.getByTestId('rule-save').click()
  await expect
    .poll(() => page.getByTestId('active-alerts').getByTestId('alert-message').count(), {
      timeout: 90_000,
    })
    .toBeGreaterThan(0)

  const halted = await post(desk, '/kill-switch', { closePositions: false, reason: 'layout check' })
  expect(halted.status).toBe(200)
  await botHalted(desk)
}

describe('layout', () => {
  test(
    'every screen fits at 1280x720 and 1440x900, with orders, an alert and a halt',
    {
      timeout: 300_000,
    },
    async ({ desk }) => {
      const { page } = desk
      await fillTheConsole(desk)
      mkdirSync(SHOTS, { recursive: true })
      const faults: string[] = []
      // The header's words as they read on screen (innerText follows the layout).
      const headerWords: string[] = []
      for (const size of SIZES) {
        await page.setViewportSize(size)
        const alarm = await page.getByTestId('header-alarm').innerText()
        const state = await page.getByTestId('global-trading-state').innerText()
        headerWords.push(`${size.width}: ${alarm} | ${state}`)
        for (const screen of SCREENS) {
          await page.getByTestId(`nav-${screen}`).click()
          await expect
            .poll(() => page.getByTestId(`nav-${screen}`).getAttribute('aria-current'))
            .toBe('page')
          // A screen settles once its data has loaded; judge it then, and say what is left.
          let problems: string[] = []
          await expect
            .poll(
              async () => {
                problems = (await page.evaluate(LAYOUT_PROBLEMS)) as string[]
                return problems
              },
              { timeout: 1_500 },
            )
            .toEqual([])
            .catch(() => undefined)
          await page.screenshot({ path: path.join(SHOTS, `layout-${screen}-${size.width}.png`) })
          faults.push(...problems.map((p) => `${screen} at ${size.width}x${size.height}: ${p}`))
        }
      }
      expect(faults).toEqual([])
      // Shortened in a narrow window, whole words with their spaces in a wide one.
      // (The count follows the bot going quiet: 1 or 2 critical alerts.)
      const [narrow, wide] = headerWords.sort()
      expect(narrow).toMatch(/^1280: [12] ALERTS? \| HALTED · ALL$/)
      expect(wide).toMatch(/^1440: [12] CRITICAL ALERTS? \| HALTED · ALL ACCOUNTS$/)
    },
  )
})

/**
 * A paragraph whose first line wraps around its neighbour, and two axis labels pulled over
 * each other (page source: it runs in Chromium). Styles go through the CSSOM: the console's
 * policy forbids style attributes.
 */
const PLANT_TEXT = `(() => {
  const wrapping = document.createElement('p')
  wrapping.style.width = '120px'
  const long = document.createElement('span')
  long.textContent = 'Equity at the close of each minute, with its drawdown'
  const after = document.createElement('strong')
  after.textContent = '$9,970.00'
  wrapping.append(long, after)
  const axis = document.createElement('div')
  const value = document.createElement('span')
  value.textContent = '9970.00'
  const percent = document.createElement('span')
  percent.textContent = '0.00%'
  percent.style.marginLeft = '-40px'
  axis.append(value, percent)
  document.querySelector('main').prepend(wrapping, axis)
})()`

describe('the layout check', () => {
  test('reports two pieces of text drawn over each other, and not text that merely wraps', async ({
    desk: { page },
  }) => {
    await page.getByTestId('nav-performance').click()
    await page.getByTestId('equity-chart').waitFor()
    expect(await page.evaluate(LAYOUT_PROBLEMS)).toEqual([])
    // Text that wraps around a neighbour is not an overlap; a label pulled over another is.
    await page.evaluate(PLANT_TEXT)
    expect(await page.evaluate(LAYOUT_PROBLEMS)).toEqual([
      'text is drawn over other text: span "9970.00" and span "0.00%"',
    ])
  })
})
