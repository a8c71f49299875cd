/**
 * The audit trail and the risk limits end to end, in real Chromium against the server host and
 * the real engine: an order the gate refuses (placed in the ticket) and one that fills (placed
 * by a bot through REST, while the Audit screen is open) both appear with their outcome; the
 * refused one's record shows the failing check; the journal verifies intact; a limit changed
 * through the confirmation step is saved and still there after a reload.
 * Screenshots go to test-results/screenshots/.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Browser, Download, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from '../kit/browser'
import { cleanup, tempDir } from '../kit/engine'
import { startServerProcess, type ServerProcess } from '../kit/server-process'

const SHOTS = path.resolve('test-results/screenshots')

describe('audit trail and risk limits in Chromium', () => {
  let browser: Browser
  let server: ServerProcess
  let page: Page
  const dataDir = tempDir('vigil-e2e-audit-')

  const rowWith = (text: string) =>
    page.locator('[data-testid^="audit-row-"]').filter({ hasText: text })

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true })
    browser = await launchBrowser()
    server = await startServerProcess(dataDir)
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    cleanup(dataDir)
  })

  it('shows the account trading state in the header', async () => {
    await page.goto(server.url)
    await expect.poll(() => page.getByTestId('connection-status').textContent()).toMatch(/online/i)
    await expect.poll(() => page.getByTestId('trading-state').textContent()).toBe('ACTIVE')
  })

  it('lists a refused and a filled decision with their outcomes, newest first', async () => {
    // Far above the default per-order maximum of $5,000: the gate refuses it.
    await page.getByTestId('nav-trade').click()
    await page.getByTestId('ticket-symbol').selectOption('BTC-USD')
    await page.getByTestId('ticket-quantity').fill('10')
    await page.getByTestId('ticket-review').click()
    await page.getByTestId('ticket-confirm').click()
    await expect.poll(() => page.getByTestId('ticket-result').textContent()).toMatch(/^Rejected/)

    await page.getByTestId('nav-audit').click()
    await expect.poll(() => page.getByTestId('audit-total').textContent()).toBe('1 decision')
    const refused = rowWith('10 BTC')
    await expect.poll(() => refused.getByTestId('audit-outcome').textContent()).toBe('Rejected')
    await expect.poll(() => refused.textContent()).toMatch(/per-order maximum/)

    // A bot's order arrives while the screen is open: it appears on top, live.
    const response = await fetch(`${server.origin}/api/v1/orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ symbol: 'ETH-USD', side: 'buy', type: 'market', quantity: '0.05' }),
    })
    expect(response.status).toBe(201)
    await expect.poll(() => page.getByTestId('audit-total').textContent()).toBe('2 decisions')
    const filled = rowWith('0.05 ETH')
    await expect.poll(() => filled.getByTestId('audit-outcome').textContent()).toBe('Passed')
    await expect.poll(() => filled.getAttribute('aria-rowindex')).toBe('2')
    expect(await filled.textContent()).toMatch(/\$[\d,]+\.\d\d/)
    await page.screenshot({ path: path.join(SHOTS, 'audit.png') })
  })

  it('opens the refused decision and shows the check that failed', async () => {
    await rowWith('10 BTC').click()
    const detail = page.getByTestId('audit-detail')
    const failed = detail.locator('[data-testid="audit-gate-check"][data-passed="false"]')
    await expect.poll(() => failed.count()).toBeGreaterThan(0)
    expect(await failed.first().textContent()).toMatch(/above the per-order maximum of \$5,000/)
    expect(await detail.textContent()).toMatch(/Not sent: the checks refused the order/)

    // Keyboard: up to the filled decision, Enter opens it, with its post-execution checks.
    await page.getByTestId('audit-table').focus()
    await page.keyboard.press('ArrowUp')
    await page.keyboard.press('Enter')
    await expect
      .poll(() => detail.locator('[data-testid="audit-verification-check"]').count())
      .toBeGreaterThan(0)
    await rowWith('10 BTC').click()
    await expect.poll(() => failed.count()).toBeGreaterThan(0)
    await page.screenshot({ path: path.join(SHOTS, 'audit-detail.png') })
  })

  it('verifies the journal and says it is intact', async () => {
    await page.getByTestId('audit-verify').click()
    await expect
      .poll(() => page.getByTestId('audit-verify-result').textContent())
      .toMatch(/^Journal intact: [\d,]+ records checked$/)
  })

  it('catches an edited byte, a deleted line, a swapped pair and a cut tail with the Verify button', async () => {
    const journalDir = path.join(dataDir, 'journal')
    const segment = readdirSync(journalDir)
      .filter((f) => f.endsWith('.jsonl'))
      .sort()
      .at(-1)!
    const file = path.join(journalDir, segment)
    const original = readFileSync(file, 'utf8')
    const lines = original.trimEnd().split('\n')
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
        if (name === 'swapped pair')
          await page.screenshot({ path: path.join(SHOTS, 'audit-tampered.png') })
      }
    } finally {
      writeFileSync(file, original)
    }
    await page.getByTestId('audit-verify').click()
    await expect
      .poll(() => page.getByTestId('audit-verify-result').textContent())
      .toMatch(/^Journal intact/)
  })

  it('downloads the journal with its manifest, and the audit records as CSV', async () => {
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

  it('filters the list by outcome', async () => {
    await page.getByTestId('audit-filter-outcome').selectOption('rejected')
    await expect.poll(() => page.getByTestId('audit-total').textContent()).toBe('1 decision')
    await expect.poll(() => rowWith('0.05 ETH').count()).toBe(0)
    await page.getByTestId('audit-filter-outcome').selectOption('')
    await expect.poll(() => page.getByTestId('audit-total').textContent()).toBe('2 decisions')
  })

  it('changes a risk limit through the confirmation step and keeps it', async () => {
    await page.getByTestId('nav-limits').click()
    const field = page.getByTestId('limits-field-maxOrderNotional')
    await expect.poll(() => field.inputValue()).toBe('5000')
    await field.fill('6000')
    await page.getByTestId('limits-save').click()
    await page.getByTestId('limits-confirm').waitFor()
    expect(await page.getByTestId('limits-diff').textContent()).toMatch(/\$5,000→\$6,000/)
    await page.screenshot({ path: path.join(SHOTS, 'limits.png') })
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
