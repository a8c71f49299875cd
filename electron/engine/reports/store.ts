/**
 * Reports on disk: YYYY-MM-DD.json, .csv and .html in a reports folder, each written to a
 * temporary file, flushed and renamed into place, so a reader never sees half a report.
 */
import { promises as fsp } from 'node:fs'
import path from 'node:path'
import type { DailyReport, ReportInfo } from '../../../shared/performance'
import { PRIVATE_FILE_MODE, makePrivateDir } from '../core'
import { isIsoDate } from './calendar'
import { parseReportJson, renderReportCsv, renderReportJson } from './render'
import { renderReportHtml } from './render-html'

const REPORT_FILE = /^(\d{4}-\d{2}-\d{2})\.json$/
let temporaries = 0

/** The file names of the report of `date`. */
export function reportFiles(date: string): ReportInfo['files'] {
  return { json: `${date}.json`, csv: `${date}.csv`, html: `${date}.html` }
}

/** What a report's listing shows. */
export function reportInfo(report: DailyReport): ReportInfo {
  return {
    date: report.date,
    generatedAt: report.generatedAt,
    files: reportFiles(report.date),
    summary: report.headline,
    trades: report.trades.length,
  }
}

/** Writes the report's three files (replacing an earlier report of the same day). */
export async function saveReport(reportsDir: string, report: DailyReport): Promise<ReportInfo> {
  await makePrivateDir(reportsDir)
  const files = reportFiles(report.date)
  await writeAtomic(path.join(reportsDir, files.csv), renderReportCsv(report))
  await writeAtomic(path.join(reportsDir, files.html), renderReportHtml(report))
  // The JSON last: a report is listed once its JSON is there, and by then so are the others.
  await writeAtomic(path.join(reportsDir, files.json), renderReportJson(report))
  return reportInfo(report)
}

/** The saved reports, newest day first; a file that cannot be read is left out. */
export async function listReports(reportsDir: string): Promise<ReportInfo[]> {
  let names: string[]
  try {
    names = await fsp.readdir(reportsDir)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  const dates = names
    .map((n) => REPORT_FILE.exec(n)?.[1])
    .filter((d): d is string => d !== undefined && isIsoDate(d))
    .sort()
    .reverse()
  const out: ReportInfo[] = []
  for (const date of dates) {
    const report = await readJson(reportsDir, date)
    if (report) out.push(reportInfo(report))
  }
  return out
}

/** A saved report: its listing, the model and the HTML; null when there is none for `date`. */
export async function readReport(
  reportsDir: string,
  date: string,
): Promise<{ info: ReportInfo; report: DailyReport; html: string } | null> {
  if (!isIsoDate(date)) throw new RangeError(`Not a date YYYY-MM-DD: "${date}"`)
  const report = await readJson(reportsDir, date)
  if (!report) return null
  let html: string
  try {
    html = await fsp.readFile(path.join(reportsDir, reportFiles(date).html), 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    // Made again from the model, so the report can still be shown.
    html = renderReportHtml(report)
  }
  return { info: reportInfo(report), report, html }
}

async function readJson(reportsDir: string, date: string): Promise<DailyReport | null> {
  let text: string
  try {
    text = await fsp.readFile(path.join(reportsDir, reportFiles(date).json), 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
  try {
    const report = parseReportJson(text)
    return report.version === 1 && report.date === date ? report : null
  } catch {
    return null
  }
}

async function writeAtomic(file: string, content: string): Promise<void> {
  const temporary = `${file}.${process.pid}.${++temporaries}.tmp`
  const handle = await fsp.open(temporary, 'w', PRIVATE_FILE_MODE)
  try {
    await handle.writeFile(content, 'utf8')
    await handle.sync()
  } finally {
    await handle.close()
  }
  try {
    await fsp.rename(temporary, file)
  } catch (error) {
    await fsp.rm(temporary, { force: true })
    throw error
  }
}
