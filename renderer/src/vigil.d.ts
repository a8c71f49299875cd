/**
 * The bridge the Electron preload exposes on `window.vigil` (contextBridge). It carries the
 * contract's commands and event batches and nothing else; in a plain browser it is absent and
 * the console talks to the server host over a WebSocket instead.
 */
import type { CommandName, EngineEvent } from '../../shared/contract'
import type { Result } from '../../shared/result'
import type { AuditExportFormat, AuditExportSaved, ReportPdfSaved } from '../../shared/wire'

/** What the preload exposes: the contract's invoke and the event batch subscription. */
export interface VigilBridge {
  /** Runs one command of the contract in the main process. Never rejects with an engine error. */
  invoke(name: CommandName, payload: unknown): Promise<Result<unknown>>
  /** Listens to event batches; returns the unsubscribe function. */
  subscribe(listener: (events: EngineEvent[]) => void): () => void
  /**
   * Saves an audit export where the trader chooses (a save dialog in the main process);
   * `files` lists what was written, empty when the dialog was canceled. Optional: without it
   * the console falls back to the server host's download address.
   */
  exportAudit?(format: AuditExportFormat): Promise<Result<AuditExportSaved>>
  /**
   * Saves a day's report (YYYY-MM-DD) as a PDF where the trader chooses; `path` is null when
   * the dialog was canceled. Optional: without it (the browser host) the console offers no PDF.
   */
  exportReportPdf?(date: string): Promise<Result<ReportPdfSaved>>
}

declare global {
  interface Window {
    /** Present only inside the Electron window. */
    vigil?: VigilBridge
  }
}
