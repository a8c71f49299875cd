/**
 * What a rehearsal leaves for the trader: the plan as JSON (what GET /api/v1/validation
 * answers), the plan's final audit as HTML, and what each account did.
 */
import fsp from 'node:fs/promises'
import path from 'node:path'
import type { RehearsalReport } from './rehearsal'

/** The files a rehearsal writes in its output folder. */
export const REHEARSAL_FILES = {
  validation: 'validation.json',
  report: 'validation-report.html',
  summary: 'rehearsal.json',
} as const

/** Where each file went. */
export type RehearsalFiles = { readonly [K in keyof typeof REHEARSAL_FILES]: string | null }

/** What the rehearsal was asked to do, written with its outcome. */
export interface RehearsalSetup {
  readonly days: number
  readonly seed: number
  readonly strategyId: string
  readonly symbols: readonly string[]
}

/**
 * Writes the rehearsal's files into `outDir` (made if missing). Without the plan there is no
 * validation JSON or audit: only the summary is written.
 */
export async function writeRehearsalFiles(
  outDir: string,
  setup: RehearsalSetup,
  report: RehearsalReport,
): Promise<RehearsalFiles> {
  await fsp.mkdir(outDir, { recursive: true })
  const file = (name: string): string => path.join(outDir, name)
  const summary = {
    ...setup,
    state: report.state,
    daysRun: report.daysRun,
    minutes: report.minutes,
    journalRecords: report.journalRecords,
    phase: report.validation?.phase ?? null,
    signOffs: report.signOffs,
    drills: report.drills,
    reports: report.reports,
    accounts: report.accounts,
  }
  await fsp.writeFile(file(REHEARSAL_FILES.summary), JSON.stringify(summary, null, 2) + '\n')
  let validation: string | null = null
  let html: string | null = null
  if (report.validation) {
    validation = file(REHEARSAL_FILES.validation)
    await fsp.writeFile(validation, JSON.stringify(report.validation, null, 2) + '\n')
  }
  if (report.reportHtml !== null) {
    html = file(REHEARSAL_FILES.report)
    await fsp.writeFile(html, report.reportHtml)
  }
  return { validation, report: html, summary: file(REHEARSAL_FILES.summary) }
}
