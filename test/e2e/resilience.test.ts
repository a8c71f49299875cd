/**
 * Reconciliation and drills end to end, in real Chromium against the server host: the trader
 * reconciles on demand and sees a new run, in which the ledger and the broker agree; and runs
 * a broker-outage drill on the default paper account, follows it, and sees its result. Each
 * test starts on its own fresh server host (fixture.ts).
 * Screenshots: test-results/screenshots/reconciliation.png, drills-confirm.png, drills-running.png
 * and drills.png.
 */
import { describe, expect, test } from './fixture'

/** A drill answers within a minute; the page needs a moment more to show it. */
const DRILL_TIMEOUT_MS = 90_000

describe('resilience screens in Chromium', () => {
  test('reconciles on demand: a new run, in which the ledger and the broker agree', async ({
    desk,
  }) => {
    const { page } = desk
    await page.getByTestId('nav-reconcile').click()
    const paperRun = page.locator('[data-testid=reconcile-run]').first()
    const runTime = paperRun.getByTestId('reconcile-run-time')
    // "2026-01-02 10:00:01 (3 s ago)": the time of the run, to the second, and its age.
    const timeOfRun = async (): Promise<string> =>
      ((await runTime.textContent()) ?? '').split(' (')[0] ?? ''
    // The engine reconciles once at start-up, so a run is already shown. Wait until that run
    // has aged past "just now" (1.5 s): a run made by the click then shows a later second.
    await expect.poll(timeOfRun).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)
    await expect.poll(() => runTime.textContent(), { timeout: 10_000 }).not.toMatch(/just now/)
    const startupRun = await timeOfRun()

    const button = page.getByTestId('reconcile-now')
    await button.click()
    // Only the click's run can replace it: the next scheduled one is five minutes away.
    await expect.poll(timeOfRun).not.toBe(startupRun)
    expect(await runTime.textContent()).toMatch(/\(just now\)$/)
    await expect.poll(() => button.textContent()).toBe('Reconcile now')
    expect(await page.getByTestId('reconcile-run-error').count()).toBe(0)

    const empty = page.getByTestId('reconcile-empty')
    await expect.poll(() => empty.textContent()).toContain('Ledger and brokers agree')
    const newRun = await timeOfRun()
    expect(await page.getByTestId('reconcile-empty-last-run').textContent()).toMatch(
      new RegExp(`^Last run ${newRun} \\(`),
    )
    expect(await paperRun.getByTestId('reconcile-run-result').textContent()).toBe(
      'In agreement with the broker.',
    )
    expect(await page.getByTestId('nav-reconcile-count').count()).toBe(0)
    await desk.shoot('reconciliation.png')
  })

  test('runs a broker-outage drill on the default paper account and shows its result', async ({
    desk,
  }) => {
    const { page } = desk
    await page.getByTestId('nav-drills').click()
    const account = page.locator('[data-testid=drill-accounts] input[type=radio]:checked')
    await expect.poll(() => account.count()).toBe(1)
    await page.getByTestId('drill-kind-broker_outage').check()
    await page.getByTestId('drill-run').click()
    const dialog = page.getByTestId('drill-confirm')
    await expect.poll(() => dialog.textContent()).toMatch(/Run a broker outage drill on /)
    await desk.shoot('drills-confirm.png')
    await dialog.getByRole('button', { name: 'Run drill', exact: true }).click()

    // The drill is followed live until it answers (or, if it is quick, straight to its result).
    const progress = page.getByTestId('drill-progress')
    const result = page.locator('[data-testid=drill-result][data-kind=broker_outage]')
    await expect
      .poll(async () => (await progress.count()) + (await result.count()))
      .toBeGreaterThan(0)
    if ((await progress.count()) > 0) {
      await desk.shoot('drills-running.png')
    }

    await expect.poll(() => result.count(), { timeout: DRILL_TIMEOUT_MS, interval: 500 }).toBe(1)
    expect(await page.getByTestId('drill-run-error').count()).toBe(0)
    expect(await progress.count()).toBe(0)
    // The outage was noticed and is over, but the breaker it tripped is still cooling down:
    // the newest result says the account's state now, not "Recovered" in green.
    expect(await result.getByTestId('drill-outcome').textContent()).toBe(
      'Failure over · HALTED now',
    )
    expect(await page.getByTestId('drill-state-now').textContent()).toMatch(
      /is HALTED now, set by the circuit breaker\. Moves to RECOVERING by itself at /,
    )
    expect(await result.getByTestId('drill-detection').textContent()).toMatch(/^[\d,.]+ (ms|s)$/)
    expect(await result.getByTestId('drill-recovery').textContent()).toMatch(/^[\d,.]+ (ms|s)$/)
    await expect
      .poll(() =>
        page
          .locator('[data-testid=drill-recoveries-row][data-kind=broker_outage]')
          .getByTestId('drill-recovered-count')
          .textContent(),
      )
      .toBe('1')
    await expect
      .poll(() => page.getByTestId('drill-finished').textContent())
      .toMatch(/^Broker outage drill on .+ finished\. Failure over: detected after /)
    // The screen scrolls inside the app shell: the whole of it, results included.
    await desk.shoot('drills.png', { whole: true })
  })
})
