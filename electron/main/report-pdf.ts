/**
 * The Electron export of a daily report to PDF: the main process loads the report's
 * self-contained HTML into a hidden window (scripts off), prints it with printToPDF and saves
 * it where the trader picks in a save dialog. The renderer only names the day.
 */
import { promises as fsp } from 'node:fs'
import type { Dialog, IpcMain, IpcMainInvokeEvent } from 'electron'
import { err, ok, type Result } from '../../shared/result'
import { EXPORT_REPORT_PDF_CHANNEL, type ReportPdfSaved } from '../../shared/wire'
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

const DAY = /^\d{4}-\d{2}-\d{2}$/

/** Registers the PDF export; returns the function that removes it. */
export function registerReportPdfHandler(deps: ReportPdfDeps): () => void {
  const exportPdf = async (
    event: Pick<IpcMainInvokeEvent, 'senderFrame'>,
    date: unknown,
  ): Promise<Result<ReportPdfSaved>> => {
    if (!deps.isTrustedSender(event.senderFrame))
      return err('FORBIDDEN', 'Vigil refused the export: it did not come from the Vigil console.')
    if (typeof date !== 'string' || !DAY.test(date))
      return err('INVALID_INPUT', 'The report day must be YYYY-MM-DD, such as 2026-11-23.')
    const report = await deps.engine.handle(
      { name: 'reports:get', payload: { date } },
      { source: 'ticket' },
    )
    if (!report.ok) return report
    const answer = await deps.dialog.showSaveDialog({
      title: `Export the report of ${date}`,
      defaultPath: `vigil-report-${date}.pdf`,
      filters: [{ name: 'PDF', extensions: ['pdf'] }],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    })
    if (answer.canceled || !answer.filePath) return ok({ path: null, bytes: 0 })
    const window = deps.makeWindow()
    try {
      await window.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(report.value.html)}`)
      const pdf = await window.webContents.printToPDF({ pageSize: 'A4', printBackground: true })
      await fsp.writeFile(answer.filePath, pdf)
      return ok({ path: answer.filePath, bytes: pdf.length })
    } catch (error) {
      return err('INTERNAL', `Vigil could not write the PDF: ${(error as Error).message}`)
    } finally {
      window.destroy()
    }
  }
  deps.ipcMain.handle(EXPORT_REPORT_PDF_CHANNEL, (event, date: unknown) => exportPdf(event, date))
  return () => deps.ipcMain.removeHandler(EXPORT_REPORT_PDF_CHANNEL)
}
