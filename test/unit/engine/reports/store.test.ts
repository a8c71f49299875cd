/**
 * Reports on disk: three files per day written whole, listed newest first with a one-line
 * summary, and read back as they were saved.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  buildDailyReport,
  listReports,
  readReport,
  renderReportHtml,
  saveReport,
} from '../../../../electron/engine/reports'
import { cleanup, tempDir } from '../../../kit/engine'
import { History, at, plusDays, reportInput } from './report-kit'

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach(cleanup))

function reportsDir(): string {
  const dir = tempDir('vigil-reports-')
  dirs.push(dir)
  return path.join(dir, 'reports')
}

const history = new History()
  .pnl(at('2026-01-05', 9), 12)
  .pnl(at('2026-01-05', 10), -4)
  .pnl(at('2026-01-06', 9), 3)
const reportOf = (date: string) => buildDailyReport(reportInput(history, date))

describe('saved reports', () => {
  it('writes the JSON, CSV and HTML of a day, and nothing else', async () => {
    const dir = reportsDir()
    const report = reportOf('2026-01-05')
    const info = await saveReport(dir, report)
    expect(info).toEqual({
      date: '2026-01-05',
      generatedAt: report.generatedAt,
      files: { json: '2026-01-05.json', csv: '2026-01-05.csv', html: '2026-01-05.html' },
      summary: report.headline,
      trades: 2,
    })
    expect(info.summary).toBe(
      '2026-01-05: 2 trades (50.0% won), net $8.00; targets over 1 day: 3 met, 0 missed, 1 undefined',
    )
    expect(readdirSync(dir).sort()).toEqual([
      '2026-01-05.csv',
      '2026-01-05.html',
      '2026-01-05.json',
    ])
    expect(readFileSync(path.join(dir, '2026-01-05.html'), 'utf8')).toBe(renderReportHtml(report))
  })

  it('lists reports newest day first, and reads one back as saved', async () => {
    const dir = reportsDir()
    for (const date of ['2026-01-05', '2026-01-07', '2026-01-06'])
      await saveReport(dir, reportOf(date))
    const list = await listReports(dir)
    expect(list.map((r) => r.date)).toEqual(['2026-01-07', '2026-01-06', '2026-01-05'])
    expect(list[2]?.summary).toMatch(/^2026-01-05: 2 trades/)
    const saved = await readReport(dir, '2026-01-06')
    expect(saved?.report).toEqual(reportOf('2026-01-06'))
    expect(saved?.info).toEqual(list[1])
    expect(saved?.html).toContain('Daily performance report — 2026-01-06')
  })

  it('replaces a day’s report when it is made again', async () => {
    const dir = reportsDir()
    await saveReport(dir, reportOf('2026-01-05'))
    const again = { ...reportOf('2026-01-05'), generatedAt: at(plusDays('2026-01-05', 3)) }
    await saveReport(dir, again)
    expect((await listReports(dir)).map((r) => r.generatedAt)).toEqual([again.generatedAt])
  })

  it('answers an empty list for a folder not made yet, null for a day without a report', async () => {
    const dir = reportsDir()
    expect(await listReports(dir)).toEqual([])
    expect(await readReport(dir, '2026-01-05')).toBeNull()
    expect(existsSync(dir)).toBe(false)
  })

  it('leaves out a file that is not a report, and remakes a missing HTML from the model', async () => {
    const dir = reportsDir()
    await saveReport(dir, reportOf('2026-01-05'))
    writeFileSync(path.join(dir, '2026-01-04.json'), '{"half":')
    writeFileSync(path.join(dir, 'notes.json'), '{}')
    expect((await listReports(dir)).map((r) => r.date)).toEqual(['2026-01-05'])
    cleanup(path.join(dir, '2026-01-05.html'))
    expect((await readReport(dir, '2026-01-05'))?.html).toBe(
      renderReportHtml(reportOf('2026-01-05')),
    )
  })

  it('refuses to read a date that is not one', async () => {
    await expect(readReport(reportsDir(), '../secrets')).rejects.toThrow(/Not a date/)
  })
})
