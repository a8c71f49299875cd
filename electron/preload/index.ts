/**
 * The preload: the only code that sits between the console and the main process. It exposes
 * `window.vigil` with the contract's invoke, the event batch subscription, the exports through a
 * save dialog (the journal, a report's PDF, the validation audit's PDF), the address of a report page, and nothing else: the renderer never sees ipcRenderer, an IPC event object or a channel name.
 * It runs sandboxed, so it is bundled to CommonJS and imports only 'electron' and tiny shared
 * modules (never contract.ts, which would pull zod into the bundle).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import type { VigilBridge } from '../../shared/bridge'
import { isCommandNameLiteral } from '../../shared/command-names'
import type { EngineEvent } from '../../shared/contract'
import { err, ok, type Result } from '../../shared/result'
import {
  APP_REPORT_PAGES,
  EVENTS_CHANNEL,
  EXPORT_AUDIT_CHANNEL,
  EXPORT_REPORT_PDF_CHANNEL,
  EXPORT_VALIDATION_PDF_CHANNEL,
  VALIDATION_REPORT_PAGE,
  type AuditExportSaved,
  type ReportPdfSaved,
} from '../../shared/wire'

/** The part of ipcRenderer the bridge uses. */
export type BridgeIpc = Pick<typeof ipcRenderer, 'invoke' | 'on' | 'removeListener'>

/** Builds the bridge over an ipcRenderer; kept separate from the exposure so it can be tested. */
export function createVigilBridge(ipc: BridgeIpc): VigilBridge {
  return {
    // `unknown`, not the contract's name type: a compromised page can send anything.
    async invoke(name: unknown, payload: unknown) {
      // The main process only has handlers for contract names, but refusing here keeps a
      // compromised page from probing any other channel through this function.
      if (!isCommandNameLiteral(name)) {
        return err('UNKNOWN_COMMAND', `Unknown command ${describeName(name)}.`)
      }
      try {
        return (await ipc.invoke(name, payload)) as Result<unknown>
      } catch {
        // Reached when the payload cannot be copied to the main process or the handler is gone.
        return err(
          'UNAVAILABLE',
          `Vigil could not deliver "${name}" to the trading engine. Reload the window and try again.`,
        )
      }
    },
    async exportAudit(format: unknown) {
      if (format !== 'jsonl' && format !== 'csv') {
        return err('INVALID_INPUT', 'The export format must be "jsonl" or "csv".')
      }
      try {
        return (await ipc.invoke(EXPORT_AUDIT_CHANNEL, format)) as Result<AuditExportSaved>
      } catch {
        return err(
          'UNAVAILABLE',
          'Vigil could not reach the main process to export. Reload the window and try again.',
        )
      }
    },
    async exportReportPdf(date: unknown) {
      if (typeof date !== 'string') return err('INVALID_INPUT', 'The report day must be a string.')
      try {
        return (await ipc.invoke(EXPORT_REPORT_PDF_CHANNEL, date)) as Result<ReportPdfSaved>
      } catch {
        return err(
          'UNAVAILABLE',
          'Vigil could not reach the main process to export. Reload the window and try again.',
        )
      }
    },
    async exportValidationPdf() {
      try {
        return (await ipc.invoke(EXPORT_VALIDATION_PDF_CHANNEL)) as Result<ReportPdfSaved>
      } catch {
        return err(
          'UNAVAILABLE',
          'Vigil could not reach the main process to export. Reload the window and try again.',
        )
      }
    },
    async reportAddress(date: unknown) {
      // A fixed address on the app's origin: nothing to ask the main process.
      if (
        typeof date !== 'string' ||
        (date !== VALIDATION_REPORT_PAGE && !/^\d{4}-\d{2}-\d{2}$/.test(date))
      ) {
        return err(
          'INVALID_INPUT',
          `The report day must be YYYY-MM-DD, such as 2026-12-01, or "${VALIDATION_REPORT_PAGE}" for the validation audit.`,
        )
      }
      return ok(`${APP_REPORT_PAGES}${date}.html`)
    },
    subscribe(listener) {
      if (typeof listener !== 'function') throw new TypeError('subscribe needs a listener function')
      // The IPC event carries the sender and ports; only the batch goes to the page.
      const onBatch = (_event: IpcRendererEvent, events: EngineEvent[]): void => listener(events)
      ipc.on(EVENTS_CHANNEL, onBatch)
      let subscribed = true
      return () => {
        if (!subscribed) return
        subscribed = false
        ipc.removeListener(EVENTS_CHANNEL, onBatch)
      }
    },
  }
}

function describeName(name: unknown): string {
  if (typeof name !== 'string') return `(a ${name === null ? 'null' : typeof name}, not a name)`
  return JSON.stringify(name.length > 40 ? name.slice(0, 40) + '…' : name)
}

contextBridge.exposeInMainWorld('vigil', createVigilBridge(ipcRenderer))
