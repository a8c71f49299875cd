/**
 * The Electron exports to PDF: a daily report, and the validation plan's final audit. The main
 * process loads the page's self-contained HTML into a hidden window (scripts off), prints it
 * with printToPDF and saves it where the trader picks in a save dialog. The renderer only names
 * the day (or nothing, for the audit): the HTML comes from the engine.
 */
import { promises as fsp } from 'node:fs'
import type { Dialog, IpcMain, IpcMainInvokeEvent } from 'electron'
import { err, ok, type Result } from '../../shared/result'
import {
  EXPORT_REPORT_PDF_CHANNEL,
  EXPORT_VALIDATION_PDF_CHANNEL,
  type ReportPdfSaved,
} from '../../shared/wire'
import type { Engine } from '../engine'
import type { TrustedSenderCheck } from './ipc'

/** A hidden window that can print HTML. */
export interface PrintWindow {
  loadURL(url: string): Promise<void>
  readonly webContents: { printToPDF(options: Record<string, unknown>): Promise<Buffer> }
  destroy(): void
}

export interface ReportPdfDeps {
  readonly ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>
  readonly dialog: Pick<Dialog, 'showSaveDialog'>
  readonly engine: Engine
  readonly isTrustedSender: TrustedSenderCheck
  /** A hidden, sandboxed window with JavaScript off. */
  makeWindow(): PrintWindow
}

type Sender = Pick<IpcMainInvokeEvent, 'senderFrame'>

const DAY = /^\d{4}-\d{2}-\d{2}$/
const STRANGER = 'Vigil refused the export: it did not come from the Vigil console.'

/** Asks where to save, prints the HTML in a hidden window and writes the PDF there. */
async function savePdf(
  deps: ReportPdfDeps,
  html: string,
  dialog: { readonly title: string; readonly defaultPath: string },
): Promise<Result<ReportPdfSaved>> {
  const answer = await deps.dialog.showSaveDialog({
    ...dialog,
    filters: [{ name: 'PDF', extensions: ['pdf'] }],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  })
  if (answer.canceled || !answer.filePath) return ok({ path: null, bytes: 0 })
  const window = deps.makeWindow()
  try {
    await window.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`)
    const pdf = await window.webContents.printToPDF({ pageSize: 'A4', printBackground: true })
    await fsp.writeFile(answer.filePath, pdf)
    return ok({ path: answer.filePath, bytes: pdf.length })
  } catch (error) {
    return err('INTERNAL', `Vigil could not write the PDF: ${(error as Error).message}`)
  } finally {
    window.destroy()
  }
}

/** Registers the PDF export of a day's report; returns the function that removes it. */
export function registerReportPdfHandler(deps: ReportPdfDeps): () => void {
  const exportPdf = async (event: Sender, date: unknown): Promise<Result<ReportPdfSaved>> => {
    if (!deps.isTrustedSender(event.senderFrame)) return err('FORBIDDEN', STRANGER)
    if (typeof date !== 'string' || !DAY.test(date))
      return err('INVALID_INPUT', 'The report day must be YYYY-MM-DD, such as 2026-11-23.')
    const report = await deps.engine.handle(
      { name: 'reports:get', payload: { date } },
      { source: 'ticket' },
    )
    if (!report.ok) return report
    return savePdf(deps, report.value.html, {
      title: `Export the report of ${date}`,
      defaultPath: `vigil-report-${date}.pdf`,
    })
  }
  deps.ipcMain.handle(EXPORT_REPORT_PDF_CHANNEL, (event, date: unknown) => exportPdf(event, date))
  return () => deps.ipcMain.removeHandler(EXPORT_REPORT_PDF_CHANNEL)
}

/**
 * Registers the PDF export of the validation plan's final audit (it takes no argument: there
 * is one plan); returns the function that removes it.
 */
export function registerValidationPdfHandler(deps: ReportPdfDeps): () => void {
  const exportPdf = async (event: Sender): Promise<Result<ReportPdfSaved>> => {
    if (!deps.isTrustedSender(event.senderFrame)) return err('FORBIDDEN', STRANGER)
    const audit = await deps.engine.handle(
      { name: 'validation:report', payload: {} },
      { source: 'ticket' },
    )
    if (!audit.ok) return audit
    return savePdf(deps, audit.value.html, {
      title: 'Export the validation audit',
      defaultPath: audit.value.fileName.replace(/\.html?$/i, '') + '.pdf',
    })
  }
  deps.ipcMain.handle(EXPORT_VALIDATION_PDF_CHANNEL, (event) => exportPdf(event))
  return () => deps.ipcMain.removeHandler(EXPORT_VALIDATION_PDF_CHANNEL)
}
