/**
 * Several accounts, the simulated market's controls and a strategy, end to end in real Chromium
 * against the server host: the trader adds a second paper account and an exchange account on
 * the Accounts screen, switches the console to the new paper account, raises the simulator's
 * speed and injects a fault on the Market screen (a banner says so), starts the reference
 * strategy (a demonstration) on the paper account, and its orders appear on the Orders screen
 * with source "strategy"; a limit order rests on the book and is canceled after a confirmation.
 * Each test starts on its own fresh server host (fixture.ts) and adds the accounts it needs.
 * Screenshots: test-results/screenshots/accounts.png, market.png, trade-limit.png and
 * orders-accounts.png.
 */
import type { Page } from 'playwright-core'
import { describe, expect, test } from './fixture'

const card = (page: Page, id: string) => page.getByTestId(`account-card-${id}`)

/** Adds a paper account on the Accounts screen; answers its id once it is connected. */
async function addPaperAccount(page: Page, name: string, cash: string): Promise<string> {
  await page.getByTestId('nav-accounts').click()
  await page.getByTestId('add-account').click()
  await page.getByTestId('add-name').fill(name)
  await page.getByTestId('add-cash').fill(cash)
  await page.getByTestId('add-submit').click()
  const added = page.getByTestId('add-result')
  await expect.poll(() => added.textContent()).toMatch(new RegExp(`Added ${name} \\(([\\w.-]+)\\)`))
  const id = /\(([\w.-]+)\)/.exec((await added.textContent()) ?? '')?.[1] ?? ''
  await expect
    .poll(() => card(page, id).getByTestId('account-connection').textContent())
    .toBe('CONNECTED')
  return id
}

/** Puts an account in view: the header's switcher decides which account the screens act on. */
async function switchTo(page: Page, id: string): Promise<void> {
  await page.getByTestId('account-switcher').selectOption(id)
  await page.getByTestId('nav-accounts').click()
  await expect.poll(() => card(page, id).getByTestId('account-in-view').count()).toBe(1)
}

/** Sets the simulated market's speed on the Market screen. */
async function setSpeed(page: Page, speed: 1 | 3600): Promise<void> {
  await page.getByTestId('nav-market').click()
  await page.getByTestId(`market-speed-${speed}`).click()
  await expect
    .poll(() => page.getByTestId('market-speed').textContent())
    .toMatch(new RegExp(`^${speed.toLocaleString('en-US')}×`))
}

describe('accounts, market and strategies in Chromium', () => {
  test('adds a second paper account in the UI and switches the console to it', async ({
    desk: { page },
  }) => {
    await page.getByTestId('nav-accounts').click()
    await expect.poll(() => page.locator('[data-testid^="account-card-"]').count()).toBe(1)

    const rehearsalId = await addPaperAccount(page, 'Rehearsal', '2500')
    expect(await card(page, rehearsalId).getByTestId('account-prices').textContent()).toBe(
      'Simulated market',
    )
    expect(await card(page, rehearsalId).getByTestId('account-fee-tier').textContent()).toMatch(
      /Coinbase Advanced.*maker \d+\.\d\d% · taker \d+\.\d\d%.*30-day volume \$0\.00/,
    )

    // The header's switcher decides which account the other screens act on.
    await page.getByTestId('account-switcher').selectOption(rehearsalId)
    await expect.poll(() => card(page, rehearsalId).getByTestId('account-in-view').count()).toBe(1)
    await page.getByTestId('nav-overview').click()
    await expect.poll(() => page.getByTestId('cash-balance').textContent()).toBe('$2,500.00')
    expect(await page.getByTestId('header-equity').textContent()).toBe('$2,500.00')

    // All accounts: the two paper accounts summed, one line each.
    await page.getByTestId('scope-all').click()
    await expect.poll(() => page.getByTestId('cash-balance').textContent()).toBe('$12,500.00')
    expect(await page.getByTestId('accounts-table').locator('tbody tr').count()).toBe(2)
    await page.getByTestId('scope-account').click()
  })

  test('adds an exchange account that waits, disconnected, for its keys', async ({
    desk: { page },
  }) => {
    await page.getByTestId('nav-accounts').click()
    await page.getByTestId('add-account').click()
    await page.getByTestId('add-kind-exchange').check()
    await page.getByTestId('add-name').fill('Kraken sandbox')
    await page.getByTestId('add-exchange').fill('kraken')
    expect(await page.getByTestId('add-sandbox').isChecked()).toBe(true)
    await page.getByTestId('add-submit').click()
    await expect.poll(() => page.getByTestId('add-result').textContent()).toMatch(/Kraken sandbox/)
    const exchange = page.locator('[data-testid^="account-card-"]').filter({
      hasText: 'Kraken sandbox',
    })
    await expect
      .poll(() => exchange.getByTestId('account-connection').textContent())
      .toBe('DISCONNECTED')
    expect(await exchange.getByTestId('account-kind').textContent()).toBe('SANDBOX')
    expect(await exchange.getByTestId('account-key-state').textContent()).toBe(
      'No API keys stored.',
    )
    expect(await exchange.getByTestId('strategies-off').count()).toBe(1)
  })

  test('raises the simulator speed and warns while a fault is injected', async ({ desk }) => {
    const { page } = desk
    await page.getByTestId('nav-market').click()
    await expect
      .poll(() =>
        page.getByTestId('market-row-simulator-BTC-USD').getByTestId('market-last').textContent(),
      )
      .toMatch(/^\$[\d,]+\.\d\d$/)
    await page.getByTestId('market-speed-3600').click()
    await expect.poll(() => page.getByTestId('market-speed').textContent()).toMatch(/^3,600×/)
    expect(await page.getByTestId('market-speed-3600').getAttribute('aria-pressed')).toBe('true')
    await expect.poll(() => page.getByTestId('header-market').textContent()).toMatch(/3,600×/)

    await page.getByTestId('market-fault-SOL-USD').selectOption('stale')
    await desk.shoot('market-fault-confirm.png')
    await page.getByTestId('market-fault-confirm').getByTestId('confirm-ok').click()
    const banner = page.getByTestId('market-fault-banner')
    await expect.poll(() => banner.textContent()).toMatch(/SOL-USD is stale/)
    await desk.shoot('market.png', { whole: true })

    await page.getByTestId('market-fault-SOL-USD').selectOption('none')
    await expect.poll(() => banner.count()).toBe(0)
  })

  test('runs the reference strategy on the paper account: its orders appear as strategy orders', async ({
    desk,
  }) => {
    const { page } = desk
    const rehearsalId = await addPaperAccount(page, 'Rehearsal', '2500')
    await switchTo(page, rehearsalId)
    await setSpeed(page, 3600)
    await page.getByTestId('nav-accounts').click()
    const panel = card(page, rehearsalId).getByTestId('strategy-panel')
    expect(await panel.getByTestId('strategy-demo').first().textContent()).toBe('DEMONSTRATION')
    await panel.getByTestId('strategy-symbol').selectOption('BTC-USD')
    await panel.getByTestId('strategy-quantity').fill('0.001')
    await panel.getByTestId('strategy-start').click()
    await expect
      .poll(() => panel.getByTestId('strategy-state').textContent())
      .toBe('Running on BTC-USD')

    // At 3,600× a one-minute candle closes every 1/60 s: the crossover trades within seconds.
    await page.getByTestId('nav-orders').click()
    const strategyRows = page
      .locator('[data-testid^="order-row-"]')
      .filter({ has: page.locator('[data-testid="order-source"][data-source="strategy"]') })
    await strategyRows.first().waitFor({ timeout: 60_000 })
    const filled = strategyRows.filter({
      has: page.locator('[data-testid="order-status"][data-status="filled"]'),
    })
    await filled.first().waitFor({ timeout: 60_000 })
    expect(await filled.first().getByTestId('order-account').textContent()).toBe('Rehearsal')
    expect(await filled.first().getByTestId('order-source').textContent()).toBe('Strategy')

    await page.getByTestId('nav-accounts').click()
    await expect
      .poll(async () => Number(await panel.getByTestId('strategy-orders-sent').textContent()))
      .toBeGreaterThan(0)
    await expect
      .poll(() => panel.getByTestId('strategy-last-signal').textContent())
      .toMatch(/^(BUY|SELL) [\d.]+ BTC-USD: Crossed/)
    await desk.shoot('accounts.png', { whole: true })

    await panel.getByTestId('strategy-stop').click()
    await expect.poll(() => panel.getByTestId('strategy-state').textContent()).toMatch(/^Stopped/)
  })

  test('rests a limit order below the market and cancels it after a confirmation', async ({
    desk,
  }) => {
    const { page } = desk
    const rehearsalId = await addPaperAccount(page, 'Rehearsal', '2500')
    await switchTo(page, rehearsalId)
    // Real-time speed, so the market does not reach a limit 2% below it during the test.
    await setSpeed(page, 1)

    await page.getByTestId('nav-trade').click()
    await page.getByTestId('ticket-symbol').selectOption('BTC-USD')
    expect(await page.getByTestId('ticket-account').textContent()).toMatch(/Rehearsal/)
    await page.getByTestId('ticket-type-limit').click()
    await page.getByTestId('ticket-quantity').fill('0.001')
    await page.getByTestId('ticket-limit-price').fill('100.001')
    await expect
      .poll(() => page.getByTestId('ticket-limit-help').textContent())
      .toMatch(/steps of \$0\.01/)
    const last = Number(
      ((await page.getByTestId('last-price').textContent()) ?? '').replace(/[$,]/g, ''),
    )
    // 2% under the market: inside the price band, and far enough not to fill at real-time speed.
    const limit = (Math.floor(last * 0.98 * 100) / 100).toFixed(2)
    await page.getByTestId('ticket-limit-price').fill(limit)
    await expect
      .poll(() => page.getByTestId('estimate-limit-note').textContent())
      .toMatch(/waits on the book/)
    await page.getByTestId('ticket-review').click()
    expect(await page.getByTestId('ticket-review-panel').textContent()).toMatch(
      /Buy 0\.001 BTC of BTC-USD at a limit of \$[\d,]+\.\d\d or lower on Rehearsal/,
    )
    await page.getByTestId('ticket-confirm').click()
    const result = page.getByTestId('ticket-result')
    await expect.poll(() => result.getAttribute('data-status')).toBe('open')
    await desk.shoot('trade-limit.png', { whole: true })

    await page.getByTestId('nav-orders').click()
    const row = page
      .locator('[data-testid^="order-row-"]')
      .filter({ has: page.locator('[data-testid="order-status"][data-status="open"]') })
    await expect.poll(() => row.count()).toBe(1)
    await row.getByTestId('order-cancel').click()
    const dialog = page.getByTestId('confirm-dialog')
    expect(await dialog.textContent()).toMatch(/Buy 0\.001 BTC of BTC-USD at a limit of/)
    await desk.shoot('orders-accounts.png', { whole: true })
    await dialog.getByTestId('confirm-ok').click()
    await expect.poll(() => dialog.count()).toBe(0)
    const canceled = page
      .locator('[data-testid^="order-row-"]')
      .filter({ has: page.locator('[data-testid="order-status"][data-status="canceled"]') })
    await expect.poll(() => canceled.count()).toBe(1)
  })
})
