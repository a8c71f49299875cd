/**
 * The audit trail and the risk limits end to end, in real Chromium against the server host and
 * the real engine: an order the gate refuses (placed in the ticket) and one that fills (placed
 * by a bot through REST, while the Audit screen is open) both appear with their outcome; the
 * refused one's record shows the failing check; the journal verifies intact; a limit changed
 * through the confirmation step is saved and still there after a reload. Each test starts on
 * its own fresh server host (fixture.ts).
 * Screenshots go to test-results/screenshots/.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Download, Page } from 'playwright-core'
import { describe, expect, test, type Desk } from './fixture'

const rowWith = (page: Page, text: string) =>
  page.locator('[data-testid^="audit-row-"]').filter({ hasText: text })

/**
 * What several tests start from: a bot's order the gate refuses (10 BTC, far above the default
 * per-order maximum of $5,000), then one that fills (0.05 ETH), both through the REST API, and
 * the Audit screen open on the two decisions.
 */
async function refusedThenFilled(desk: Desk): Promise<void> {
  const refused = await desk.postOrder({
    symbol: 'BTC-USD',
    side: 'buy',
    type: 'market',
    quantity: '10',
  })
  expect(refused.status).toBe(422)
  const filled = await desk.postOrder({
    symbol: 'ETH-USD',
    side: 'buy',
    type: 'market',
    quantity: '0.05',
  })
  expect(filled.status).toBe(201)
  await desk.page.getByTestId('nav-audit').click()
  await expect.poll(() => desk.page.getByTestId('audit-total').textContent()).toBe('2 decisions')
}

describe('audit trail and risk limits in Chromium', () => {
  test('shows the account trading state in the header', async ({ desk: { page } }) => {
    await expect.poll(() => page.getByTestId('trading-state').textContent()).toBe('ACTIVE')
  })

  test('lists a refused and a filled decision with their outcomes, newest first', async ({
    desk,
  }) => {
    const { page } = desk
    // Far above the default per-order maximum of $5,000: the gate refuses it. (The ticket
    // would not let it reach Confirm; a bot's order goes straight to the gate.)
    const refusal = await desk.postOrder({
      symbol: 'BTC-USD',
      side: 'buy',
      type: 'market',
      quantity: '10',
    })
    expect(refusal.status).toBe(422)

    await page.getByTestId('nav-audit').click()
    await expect.poll(() => page.getByTestId('audit-total').textContent()).toBe('1 decision')
    const refused = rowWith(page, '10 BTC')
    await expect.poll(() => refused.getByTestId('audit-outcome').textContent()).toBe('Rejected')
    await expect.poll(() => refused.textContent()).toMatch(/per-order maximum/)

    // A bot's order arrives while the screen is open: it appears on top, live.
    const response = await desk.postOrder({
      symbol: 'ETH-USD',
      side: 'buy',
      type: 'market',
      quantity: '0.05',
    })
    expect(response.status).toBe(201)
    await expect.poll(() => page.getByTestId('audit-total').textContent()).toBe('2 decisions')
    const filled = rowWith(page, '0.05 ETH')
    await expect.poll(() => filled.getByTestId('audit-outcome').textContent()).toBe('Passed')
    await expect.poll(() => filled.getAttribute('aria-rowindex')).toBe('2')
    expect(await filled.textContent()).toMatch(/\$[\d,]+\.\d\d/)
    await desk.shoot('audit.png')
  })

  test('opens the refused decision and shows the check that failed', async ({ desk }) => {
    const { page } = desk
    await refusedThenFilled(desk)
    await rowWith(page, '10 BTC').click()
    const detail = page.getByTestId('audit-detail')
    const failed = detail.locator('[data-testid="audit-gate-check"][data-passed="false"]')
    await expect.poll(() => failed.count()).toBeGreaterThan(0)
    expect(await failed.first().textContent()).toMatch(/above the per-order maximum of \$5,000/)
    expect(await detail.textContent()).toMatch(/Not sent: the checks refused the order/)

    // Keyboard: up to the filled decision, Enter opens it, with its post-execution checks.
    await page.getByTestId('audit-table').focus()
    await page.keyboard.press('ArrowUp')
    await page.keyboard.press('Enter')
    const verification = detail.locator('[data-testid="audit-verification-check"]')
    await expect.poll(() => verification.count()).toBeGreaterThan(0)
    // Their words, rendered from the codes and numbers the journal keeps.
    const words = await verification.locator('.check-message').allTextContents()
    expect(words).toContain('Order is filled.')
    expect(words.some((w) => /^Broker confirmed after \d+ ms \(limit \d+ ms\)\.$/.test(w))).toBe(
      true,
    )
    await rowWith(page, '10 BTC').click()
    await expect.poll(() => failed.count()).toBeGreaterThan(0)
    await desk.shoot('audit-detail.png')
  })

  test('verifies the journal and says it is intact', async ({ desk: { page } }) => {
    await page.getByTestId('nav-audit').click()
    await page.getByTestId('audit-verify').click()
    await expect
      .poll(() => page.getByTestId('audit-verify-result').textContent())
      .toMatch(/^Journal intact: [\d,]+ records checked$/)
  })

  test('catches an edited byte, a deleted line, a swapped pair and a cut tail with the Verify button', async ({
    desk,
  }) => {
    const { page } = desk
    await refusedThenFilled(desk)
    const journalDir = path.join(desk.dataDir, 'journal')
    const segment = readdirSync(journalDir)
      .filter((f) => f.endsWith('.jsonl'))
      .sort()
      .at(-1)!
    const file = path.join(journalDir, segment)
    const original = readFileSync(file, 'utf8')
    // Its records: the running journal has zeros written ahead of them.
    const lines = (original.split('\0')[0] ?? '').trimEnd().split('\n')
    const tamperings: [string, string[]][] = [
      [
        'edited byte',
        lines.map((l, i) => (i === 1 ? l.replace('"seq":2,"ts":', '"seq":2,"ts":1') : l)),
      ],
      ['deleted line', lines.filter((_, i) => i !== 2)],
      ['swapped pair', [lines[0]!, lines[2]!, lines[1]!, ...lines.slice(3)]],
      ['cut tail', lines.slice(0, -2)],
    ]
    try {
      for (const [name, tampered] of tamperings) {
        writeFileSync(file, tampered.join('\n') + '\n')
        await page.getByTestId('audit-verify').click()
        await expect
          .poll(() => page.getByTestId('audit-verify-result').textContent(), { message: name })
          .toMatch(
            new RegExp(
              `^Journal tampered: first bad record seq \\d+ in segment ${segment.replace('.', '\\.')}`,
            ),
          )
        if (name === 'swapped pair') await desk.shoot('audit-tampered.png')
      }
    } finally {
      writeFileSync(file, original)
    }
    await page.getByTestId('audit-verify').click()
    await expect
      .poll(() => page.getByTestId('audit-verify-result').textContent())
      .toMatch(/^Journal intact/)
  })

  test('downloads the journal with its manifest, and the audit records as CSV', async ({
    desk,
  }) => {
    const { page } = desk
    await refusedThenFilled(desk)
    const downloads: Download[] = []
    const collect = (d: Download): void => void downloads.push(d)
    page.on('download', collect)
    try {
      await page.getByTestId('audit-export-jsonl').click()
      await expect.poll(() => downloads.length).toBe(2)
      await page.getByTestId('audit-export-csv').click()
      await expect.poll(() => downloads.length).toBe(3)
    } finally {
      page.off('download', collect)
    }
    // The two journal downloads start together and may finish in either order.
    const files = await Promise.all(
      downloads.map(async (d) => {
        const file = await d.path()
        return { name: d.suggestedFilename(), text: readFileSync(file, 'utf8') }
      }),
    )
    const journal = files.find((f) => f.name.endsWith('.jsonl'))
    const manifest = files.find((f) => f.name.includes('manifest'))
    const csv = files.find((f) => f.name.endsWith('.csv'))
    expect(journal?.name).toMatch(/\.jsonl$/)
    const first = JSON.parse(journal?.text.split('\n')[0] ?? '{}') as { seq?: number }
    expect(first.seq).toBe(1)
    expect(manifest?.name).toMatch(/manifest/)
    expect(JSON.parse(manifest?.text ?? '{}')).toMatchObject({ sha256: expect.any(String) })
    expect(csv?.name).toMatch(/\.csv$/)
    expect(csv?.text.split('\n').filter(Boolean).length).toBe(3)
  })

  test('filters the list by outcome', async ({ desk }) => {
    const { page } = desk
    await refusedThenFilled(desk)
    await page.getByTestId('audit-filter-outcome').selectOption('rejected')
    await expect.poll(() => page.getByTestId('audit-total').textContent()).toBe('1 decision')
    await expect.poll(() => rowWith(page, '0.05 ETH').count()).toBe(0)
    await page.getByTestId('audit-filter-outcome').selectOption('')
    await expect.poll(() => page.getByTestId('audit-total').textContent()).toBe('2 decisions')
  })

  test('changes a risk limit through the confirmation step and keeps it', async ({ desk }) => {
    const { page } = desk
    await page.getByTestId('nav-limits').click()
    const field = page.getByTestId('limits-field-maxOrderNotional')
    await expect.poll(() => field.inputValue()).toBe('5000')
    await field.fill('6000')
    await page.getByTestId('limits-save').click()
    await page.getByTestId('limits-confirm').waitFor()
    expect(await page.getByTestId('limits-diff').textContent()).toMatch(/\$5,000→\$6,000/)
    await desk.shoot('limits.png')
    await page.getByTestId('limits-confirm').click()
    await expect
      .poll(() => page.getByTestId('limits-saved').textContent())
      .toMatch(/Saved 1 change/)
    expect(await field.inputValue()).toBe('6000')

    // The engine refuses a value out of range and the form says which field.
    await page.getByTestId('limits-field-maxDrawdownPct').fill('150')
    await page.getByTestId('limits-save').click()
    await page.getByTestId('limits-confirm').click()
    await expect
      .poll(() => page.getByTestId('limits-error').textContent())
      .toMatch(/Maximum drawdown/)

    await page.reload()
    await expect.poll(() => page.getByTestId('connection-status').textContent()).toMatch(/online/i)
    await expect
      .poll(() => page.getByTestId('limits-field-maxOrderNotional').inputValue())
      .toBe('6000')
    await expect.poll(() => page.getByTestId('limits-field-maxDrawdownPct').inputValue()).toBe('20')

    // The change is a decision the journal keeps; it still verifies.
    await page.getByTestId('nav-audit').click()
    await page.getByTestId('audit-verify').click()
    await expect
      .poll(() => page.getByTestId('audit-verify-result').textContent())
      .toMatch(/^Journal intact/)
  })
})
