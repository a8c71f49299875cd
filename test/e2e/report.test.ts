/**
 * The daily report end to end: the rehearsal trades two simulated days through the whole
 * engine, `vigil report` (the built CLI) writes the second day's report, and Chromium opens the
 * HTML file as a trader would: the headings, the day's numbers, a badge per target and the
 * charts are there, nothing is fetched from anywhere, and it prints to A4.
 * Screenshot: test-results/screenshots/daily-report.png.
 * Then the console's Reports screen opens a report a bot's trades made: the frame loads it from
 * its own address under its own policy, styled, and the page logs no error (no CSP refusal).
 * Screenshots: reports-viewer-1280x720.png, reports-viewer-1440x900.png.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import type { DailyReport } from '../../shared/performance'
import { parseReportJson } from '../../electron/engine/reports'
import { rehearse } from '../../electron/engine'
import { cleanup, tempDir } from '../kit/engine'
import { CLI } from '../kit/server-process'
import { describe, expect, SHOTS, test, type Desk } from './fixture'

const DAY = '2026-01-02'
const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' })

/** The report's HTML file open in Chromium, with the model it was made from. */
interface OpenedReport {
  readonly page: Page
  readonly model: DailyReport
  readonly htmlFile: string
  /** Every address the page asked for. */
  readonly requests: readonly string[]
}

// Two simulated days take a while to rehearse, and no test changes the report: the file makes
// it once, and every test reads the same one (so any of them runs alone).
const reportTest = test.extend<{ $file: { report: OpenedReport } }>({
  report: [
    async ({ browser }, use) => {
      const dataDir = tempDir('vigil-e2e-report-')
      try {
        await rehearse({
          dataDir,
          days: 2,
          seed: 3,
          symbols: ['BTC-USD', 'ETH-USD', 'SOL-USD'],
          strategyId: 'sma-cross',
          quantity: { 'BTC-USD': '0.01', 'ETH-USD': '0.2', 'SOL-USD': '4' },
          // The strategy alone, as before the plan: fixed sizes, no drills, no daily reports.
          plan: false,
          drillDays: [],
          reports: 'none',
        })
        const printed = execFileSync(
          process.execPath,
          [CLI, 'report', '--date', DAY, '--data-dir', dataDir, '--time-zone', 'UTC'],
          { encoding: 'utf8' },
        )
        const [json, , htmlFile] = printed.trimEnd().split('\n') as [string, string, string]
        const model = parseReportJson(readFileSync(json, 'utf8'))
        const page = await browser.newPage({ viewport: { width: 1100, height: 900 } })
        const requests: string[] = []
        page.on('request', (r) => requests.push(r.url()))
        await page.goto(`file://${htmlFile}`)
        await use({ page, model, htmlFile, requests })
        await page.close()
      } finally {
        cleanup(dataDir)
      }
    },
    { scope: 'file' },
  ],
})

describe('daily report in Chromium', () => {
  reportTest(
    'shows the report of the day with its sections',
    async ({ report: { page, model } }) => {
      await expect(page.locator('h1').textContent()).resolves.toBe(
        `Daily performance report — ${DAY}`,
      )
      expect(await page.locator('h2').allTextContents()).toEqual([
        'Summary of the day',
        'Validation targets',
        'Comparison with the baseline',
        'Top trades of the day',
        'Risk metrics',
        'Slippage and fees',
        'Execution costs against the model',
        'Recommendations',
      ])
      await expect(page.locator('.headline').textContent()).resolves.toBe(model.headline)
    },
  )

  reportTest('shows the day’s numbers with their units', async ({ report: { page, model } }) => {
    const card = (label: string) =>
      page.locator('.card').filter({ has: page.locator('.label', { hasText: label }) })
    const t = model.summary.trades
    expect(t.trades).toBeGreaterThan(10)
    await expect(card('Trades').locator('.value').textContent()).resolves.toBe(String(t.trades))
    await expect(card('Net profit').locator('.value').textContent()).resolves.toBe(
      usd.format(t.netProfit as Intl.StringNumericLiteral),
    )
    await expect(card('Fees paid').locator('.value').textContent()).resolves.toBe(
      usd.format(model.summary.feesPaid),
    )
    await expect(card('Win rate').locator('.value').textContent()).resolves.toBe(
      `${((t.winRate as number) * 100).toFixed(1)}%`,
    )
    // The top trades: five of each when the day has them, the best one first.
    const winners = page.locator('#top-trades .two > div').first().locator('tbody tr')
    await expect(winners.count()).resolves.toBe(model.topWinners.length)
    await expect(winners.first().locator('td').last().textContent()).resolves.toBe(
      usd.format(Number(model.topWinners[0]?.pnl)),
    )
  })

  reportTest(
    'judges every target with a badge and says over which period',
    async ({ report: { page, model } }) => {
      const rows = page.locator('#targets tbody tr')
      await expect(rows.count()).resolves.toBe(4)
      const badges = await rows.locator('.badge').allTextContents()
      expect(badges).toEqual(
        model.targets.results.map((r) =>
          r.status === 'undefined' ? 'N/A' : r.status.toUpperCase(),
        ),
      )
      await expect(page.locator('#targets > p').first().textContent()).resolves.toContain(
        `2026-01-01 to ${DAY} (2 days)`,
      )
    },
  )

  reportTest(
    'draws the charts and lists the recommendations with why',
    async ({ report: { page, model } }) => {
      const charts = page.locator('figure.chart svg')
      await expect(charts.count()).resolves.toBe(3)
      for (const chart of await charts.all()) {
        const box = await chart.boundingBox()
        expect(box?.width).toBeGreaterThan(600)
        expect(box?.height).toBeGreaterThan(150)
      }
      const recs = page.locator('ul.recs li')
      await expect(recs.count()).resolves.toBe(model.recommendations.length)
      expect(model.recommendations.length).toBeGreaterThan(0)
      await expect(recs.first().locator('.why').textContent()).resolves.toBe(
        `Why: ${model.recommendations[0]?.why}`,
      )
    },
  )

  reportTest(
    'fetches nothing but the file itself, prints to A4, and is saved as a screenshot',
    async ({ report: { page, htmlFile, requests } }) => {
      expect(requests).toEqual([`file://${htmlFile}`])
      const pdf = await page.pdf({ format: 'A4', printBackground: true })
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
      mkdirSync(SHOTS, { recursive: true })
      writeFileSync(path.resolve('test-results/daily-report.pdf'), pdf)
      await page.screenshot({ path: path.join(SHOTS, 'daily-report.png'), fullPage: true })
    },
  )
})

/** A bot's market order through the REST API, which must fill. */
async function fill(desk: Desk, side: 'buy' | 'sell', quantity: string): Promise<void> {
  const response = await desk.postOrder({ symbol: 'BTC-USD', side, type: 'market', quantity })
  expect(response.status).toBe(201)
}

describe('a report opened in the console', () => {
  test('shows the report styled, from its own address, and logs no error', async ({ desk }) => {
    const { page } = desk
    // Everything the page and its frames complain about: a CSP refusal is a console error.
    const errors: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text())
    })
    page.on('pageerror', (error) => errors.push(error.message))
    await fill(desk, 'buy', '0.01')
    await fill(desk, 'sell', '0.01')

    await page.getByTestId('nav-reports').click()
    const today = await page.evaluate(() => {
      const d = new Date()
      const pad = (n: number): string => String(n).padStart(2, '0')
      return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
    })
    await page.getByTestId('report-date').fill(today)
    await page.getByTestId('report-generate').click()
    const frame = page.frameLocator('[data-testid="report-frame"]')
    await expect
      .poll(() => frame.locator('h1').textContent())
      .toBe(`Daily performance report — ${today}`)

    // The report's own stylesheet applies: its header rule, its badges, its layout.
    // (These functions run in Chromium, where the DOM is; Node's types do not have it.)
    type Dom = { getComputedStyle(element: unknown): Record<string, string> }
    const style = (selector: string, property: string): Promise<string | undefined> =>
      frame
        .locator(selector)
        .first()
        .evaluate((e, p) => (globalThis as unknown as Dom).getComputedStyle(e)[p], property)
    await expect.poll(() => style('header.top', 'borderBottomWidth')).toBe('3px')
    expect(await style('main', 'maxWidth')).toBe('980px')
    expect(await style('.card', 'borderTopLeftRadius')).toBe('6px')
    // …and so do its style attributes: the comparison's first column is a quarter wide.
    type Box = { offsetWidth: number; querySelector(s: string): Box }
    const ratio = await frame
      .locator('table.cmp')
      .evaluate(
        (table) =>
          (table as unknown as Box).querySelector('th').offsetWidth /
          (table as unknown as Box).offsetWidth,
      )
    expect(ratio).toBeCloseTo(0.25, 1)

    for (const [width, height] of [
      [1280, 720],
      [1440, 900],
    ] as const) {
      await page.setViewportSize({ width, height })
      mkdirSync(SHOTS, { recursive: true })
      await page.screenshot({ path: path.join(SHOTS, `reports-viewer-${width}x${height}.png`) })
    }
    // The frame is a page of its own (no srcdoc) that runs nothing.
    const element = page.getByTestId('report-frame')
    expect(await element.getAttribute('srcdoc')).toBeNull()
    expect(await element.getAttribute('src')).toMatch(new RegExp(`/reports/${today}\\.html`))
    expect(await element.getAttribute('sandbox')).not.toContain('allow-scripts')

    // Back on the screen after another one, the frame opens the report again: a new one-time
    // address, not the spent one.
    const first = await element.getAttribute('src')
    await page.getByTestId('nav-overview').click()
    await page.getByTestId('nav-reports').click()
    await expect
      .poll(() => frame.locator('h1').textContent())
      .toBe(`Daily performance report — ${today}`)
    expect(await page.getByTestId('report-frame').getAttribute('src')).not.toBe(first)

    expect(errors).toEqual([])
  })
})
