/**
 * `vigil report` on a data folder the rehearsal filled (the reference strategy through the
 * whole engine over two simulated days): three files in DIR/reports whose numbers agree with
 * the journal, and one clear line with exit code 2 for what it cannot use. Runs the built CLI
 * (out/main/cli.js): `npm test` builds it first.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DailyReport } from '../../../shared/performance'
import { CSV_HEADER, parseReportJson } from '../../../electron/engine/reports'
import { expandRecord, type StoredRecord } from '../../../electron/engine/journal'
import { rehearse } from '../../../electron/engine'
import { cleanup, tempDir } from '../../kit/engine'
import { runCli } from './cli-kit'

const DAY = '2026-01-02'
let dataDir: string

beforeAll(async () => {
  dataDir = tempDir('vigil-report-cli-')
  await rehearse({
    dataDir,
    days: 2,
    seed: 11,
    symbols: ['BTC-USD', 'SOL-USD'],
    strategyId: 'sma-cross',
    quantity: { 'BTC-USD': '0.01', 'SOL-USD': '2' },
    // The strategy alone, as before the plan: fixed sizes, no drills, no daily reports.
    plan: false,
    drillDays: [],
    reports: 'none',
  })
}, 120_000)
afterAll(() => cleanup(dataDir))

/** The accounts and the days (UTC) each had a daily equity close journaled for. */
function journalCloses(): Map<string, Set<string>> {
  const closes = new Map<string, Set<string>>()
  const journalDir = path.join(dataDir, 'journal')
  for (const segment of readdirSync(journalDir).sort()) {
    for (const line of readFileSync(path.join(journalDir, segment), 'utf8').split('\n')) {
      if (!line) continue
      const record = JSON.parse(line)
      if (record.type === 'account.opened') closes.set(record.payload.accountId, new Set())
      if (record.type === 'equity.closed')
        closes.get(record.payload.accountId)?.add(record.payload.day)
    }
  }
  return closes
}

/** What the journal says of the day, read straight from its lines. */
function journalDay(from: number, to: number) {
  const sides = new Map<string, string>()
  let fills = 0
  let sells = 0
  let fees = 0
  let intents = 0
  const journalDir = path.join(dataDir, 'journal')
  for (const segment of readdirSync(journalDir).sort()) {
    for (const line of readFileSync(path.join(journalDir, segment), 'utf8').split('\n')) {
      if (!line) continue
      for (const record of expandRecord(JSON.parse(line) as StoredRecord)) {
        if (record.type === 'order.intent') {
          sides.set(record.payload.orderId, record.payload.side)
          if (record.ts >= from && record.ts < to) intents++
        }
        if (record.type !== 'order.fill') continue
        const p = record.payload
        if (p.ts >= from && p.ts < to) {
          fills++
          fees += Number(p.fee)
          if (sides.get(p.orderId) === 'sell') sells++
        }
      }
    }
  }
  return { fills, sells, fees, intents }
}

async function report(args: string[]) {
  const run = await runCli(['report', ...args])
  expect(run.code, run.stderr).toBe(0)
  return run
}

async function refused(args: string[], message: RegExp) {
  const run = await runCli(['report', ...args])
  expect(run.code, run.stdout + run.stderr).toBe(2)
  expect(run.stdout).toBe('')
  const lines = run.stderr.trimEnd().split('\n')
  expect(lines).toHaveLength(1)
  expect(lines[0]).toMatch(message)
}

describe('vigil report', { timeout: 60_000 }, () => {
  it('writes the JSON, CSV and HTML of the day to DIR/reports and prints their paths', async () => {
    const run = await report(['--date', DAY, '--data-dir', dataDir, '--time-zone', 'UTC'])
    const reportsDir = path.join(dataDir, 'reports')
    expect(run.stdout.trimEnd().split('\n')).toEqual(
      ['json', 'csv', 'html'].map((ext) => path.join(reportsDir, `${DAY}.${ext}`)),
    )
    expect(run.stderr).toMatch(/^2026-01-02: \d+ trades/)

    const model: DailyReport = parseReportJson(
      readFileSync(path.join(reportsDir, `${DAY}.json`), 'utf8'),
    )
    const journal = journalDay(Date.UTC(2026, 0, 2), Date.UTC(2026, 0, 3))
    expect(journal.fills).toBeGreaterThan(10)
    expect(model.summary.fills).toBe(journal.fills)
    expect(model.summary.orders).toBe(journal.intents)
    // Long only: every sell closes earlier buys, one round trip per closing fill.
    expect(model.summary.trades.trades).toBe(journal.sells)
    expect(model.summary.feesPaid).toBeCloseTo(journal.fees, 6)
    expect(model.period).toMatchObject({
      from: '2026-01-01',
      to: DAY,
      days: 2,
    })
    // Three accounts: the default one and one per rehearsed symbol.
    expect(model.perAccount).toHaveLength(3)

    const csv = readFileSync(path.join(reportsDir, `${DAY}.csv`), 'utf8')
    expect(csv.split('\r\n')[0]).toBe(CSV_HEADER)
    expect(csv).toContain(`summary,all,fills,${journal.fills},count,`)
    const html = readFileSync(path.join(reportsDir, `${DAY}.html`), 'utf8')
    expect(html).toContain('Daily performance report — 2026-01-02')
    expect(html).not.toMatch(/<script|\b(src|href)\s*=/i)
  })

  it('takes daily returns from the journaled closes only when every trading day has its close', async () => {
    const closes = journalCloses()
    const closed = (day: string) => [...closes.values()].every((days) => days.has(day))
    const periodOf = async (date: string) => {
      const run = await report(['--date', date, '--data-dir', dataDir, '--time-zone', 'UTC'])
      return parseReportJson(readFileSync(run.stdout.split('\n')[0] as string, 'utf8')).period
    }
    const first = await periodOf('2026-01-01')
    expect(first?.returnsSource).toBe(closed('2026-01-01') ? 'equity-closes' : 'trades')
    // The rehearsal stops before its last midnight: unless that day was closed, its report
    // falls back to the trades, and says so.
    const second = await periodOf(DAY)
    expect(second?.returnsSource).toBe(
      closed('2026-01-01') && closed(DAY) ? 'equity-closes' : 'trades',
    )
    if (second?.returnsSource === 'trades')
      expect(second.note).toMatch(/starting capital of \$30,000\.00/)
  })

  it('counts days in the time zone asked for', async () => {
    const run = await report(['--date', DAY, '--data-dir', dataDir, '--time-zone', 'Asia/Tokyo'])
    const model = parseReportJson(readFileSync(run.stdout.split('\n')[0] as string, 'utf8'))
    // Tokyo is UTC+9: its 2 January runs from 15:00 UTC on the 1st.
    expect(model.dayStart).toBe(Date.UTC(2026, 0, 1, 15))
    const journal = journalDay(Date.UTC(2026, 0, 1, 15), Date.UTC(2026, 0, 2, 15))
    expect(model.summary.fills).toBe(journal.fills)
  })

  it('takes the journal folder itself, and the baseline asked for', async () => {
    const run = await report([
      '--date',
      DAY,
      '--data-dir',
      path.join(dataDir, 'journal'),
      '--time-zone',
      'UTC',
      '--baseline',
      '2026-01-01:2026-01-01',
    ])
    const model = parseReportJson(readFileSync(run.stdout.split('\n')[0] as string, 'utf8'))
    expect(model.baseline).toMatchObject({
      from: '2026-01-01',
      to: '2026-01-01',
      days: 1,
      chosen: 'settings',
    })
    expect(existsSync(path.join(dataDir, 'reports', `${DAY}.html`))).toBe(true)
  })

  it('answers one clear line and exit code 2 for a date, zone or folder it cannot use', async () => {
    await refused(
      ['--date', '2026-02-30', '--data-dir', dataDir],
      /^vigil report: --date must be a calendar date written YYYY-MM-DD; got "2026-02-30"\.$/,
    )
    await refused(['--date', '02/01/2026', '--data-dir', dataDir], /--date must be a calendar date/)
    await refused(
      ['--date', DAY, '--data-dir', dataDir, '--time-zone', 'Mars/Olympus'],
      /--time-zone must be a time zone/,
    )
    await refused(
      ['--date', DAY, '--data-dir', path.join(dataDir, 'missing')],
      /^vigil report: There is no folder at .*missing\.$/,
    )
    await refused(
      ['--date', DAY, '--data-dir', dataDir, '--baseline', '2026-01-05:2026-01-01'],
      /--baseline must be two dates FROM:TO/,
    )
  })

  it('names a missing --date and shows the usage', async () => {
    const run = await runCli(['report', '--data-dir', dataDir])
    expect(run.code).toBe(2)
    const lines = run.stderr.split('\n')
    expect(lines[0]).toBe('vigil report: --date YYYY-MM-DD is required.')
    expect(lines[1]).toMatch(/^Usage: vigil report --date YYYY-MM-DD/)
  })
})
