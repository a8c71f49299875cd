/**
 * The Electron export of the audit trail: the console asks, the trader picks a file in a save
 * dialog, and the main process writes the raw journal (plus its manifest) or the audit CSV.
 * The renderer never names a path itself, so a compromised page cannot write anywhere.
 */
import type { BrowserWindow, Dialog, IpcMain, IpcMainInvokeEvent } from 'electron'
import { err, ok, type Result } from '../../shared/result'
import { EXPORT_AUDIT_CHANNEL, type AuditExportSaved } from '../../shared/wire'
import { exportFileName, isAuditExportFormat, writeAuditExport } from '../host'
import type { IpcLogger, TrustedSenderCheck } from './ipc'

/** What the export handler needs from Electron and the app. */
export interface AuditExportDeps {
  readonly ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>
  readonly dialog: Pick<Dialog, 'showSaveDialog'>
  /** The journal folder of the engine's data folder. */
  readonly journalDir: string
  readonly isTrustedSender: TrustedSenderCheck
  /** The window the dialog belongs to, when one is open. */
  readonly getWindow: () => BrowserWindow | null
  readonly now?: () => Date
  readonly logger?: IpcLogger
}

/** Registers the export handler; returns the function that removes it. */
export function registerAuditExportHandler(deps: AuditExportDeps): () => void {
  const logger = deps.logger ?? console
  const now = deps.now ?? (() => new Date())

  const exportAudit = async (
    event: Pick<IpcMainInvokeEvent, 'senderFrame'>,
    format: unknown,
  ): Promise<Result<AuditExportSaved>> => {
    if (!deps.isTrustedSender(event.senderFrame)) {
      return err('FORBIDDEN', 'Vigil refused the export: it did not come from the Vigil console.')
    }
    if (!isAuditExportFormat(format)) {
      return err(
        'INVALID_INPUT',
        'The export format must be "jsonl" (raw journal) or "csv" (audit records).',
      )
    }
    const at = now()
    const options = {
      title: format === 'csv' ? 'Export the audit records' : 'Export the audit journal',
      defaultPath: exportFileName(format, at),
      filters:
        format === 'csv'
          ? [{ name: 'CSV', extensions: ['csv'] }]
          : [{ name: 'JSON Lines', extensions: ['jsonl'] }],
      properties: ['createDirectory', 'showOverwriteConfirmation'] as Array<
        'createDirectory' | 'showOverwriteConfirmation'
      >,
    }
    let chosen: string | undefined
    try {
      const window = deps.getWindow()
      const answer = window
        ? await deps.dialog.showSaveDialog(window, options)
        : await deps.dialog.showSaveDialog(options)
      chosen = answer.canceled ? undefined : answer.filePath || undefined
    } catch (error) {
      logger.error('The save dialog failed:', error)
      return err('INTERNAL', 'Vigil could not open the save dialog. The details are in the log.')
    }
    if (!chosen) return ok({ files: [], path: null, manifestPath: null, records: 0, sha256: null })
    try {
      const written = await writeAuditExport(deps.journalDir, chosen, format, at)
      return ok({
        files: written.manifestPath ? [written.path, written.manifestPath] : [written.path],
        path: written.path,
        manifestPath: written.manifestPath,
        records: written.records,
        sha256: written.sha256,
      })
    } catch (error) {
      logger.error('The audit export failed:', error)
      return err(
        'INTERNAL',
        `Vigil could not write the export to ${chosen}: ${(error as Error)?.message ?? String(error)}`,
      )
    }
  }

  deps.ipcMain.handle(EXPORT_AUDIT_CHANNEL, (event, format: unknown) => exportAudit(event, format))
  let registered = true
  return () => {
    if (!registered) return
    registered = false
    deps.ipcMain.removeHandler(EXPORT_AUDIT_CHANNEL)
  }
}
