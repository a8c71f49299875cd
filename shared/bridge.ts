/**
 * The bridge the Electron preload exposes on `window.vigil` (contextBridge), declared once for
 * both sides: the preload's object `satisfies` it and the renderer's window is typed with it.
 * It carries the contract's commands, the event batches, the save-dialog exports and the
 * address of a report page, and nothing else; in a plain browser it is absent and the console uses the server host's WebSocket.
 * Types only, so the sandboxed preload's bundle stays free of zod.
 */
import type { CommandName, EngineEvent } from './contract'
import type { Result } from './result'
import type { AuditExportFormat, AuditExportSaved, ReportPdfSaved } from './wire'

/** What the console finds on `window.vigil` inside the Electron window. */
export interface VigilBridge {
  /**
   * Runs one command of the contract in the main process; always resolves to a Result, never
   * rejects with an engine error. The preload still refuses a name outside the contract, since
   * a compromised page is not bound by this type.
   */
  invoke(name: CommandName, payload: unknown): Promise<Result<unknown>>
  /** Listens to event batches; returns the function that stops listening. */
  subscribe(listener: (events: EngineEvent[]) => void): () => void
  /**
   * Saves the raw journal (jsonl, with a manifest) or the audit records (csv) where the trader
   * chooses in a save dialog; `files` is empty when the dialog was canceled. Optional: without
   * it (the browser host) the console downloads from the server host instead.
   */
  exportAudit?(format: AuditExportFormat): Promise<Result<AuditExportSaved>>
  /**
   * Saves a day's report (YYYY-MM-DD) as a PDF where the trader chooses; `path` is null when
   * the dialog was canceled. Optional: without it (the browser host) the console offers no PDF.
   */
  exportReportPdf?(date: string): Promise<Result<ReportPdfSaved>>
  /**
   * Saves the validation plan's final audit as a PDF where the trader chooses; `path` is null
   * when the dialog was canceled. Optional: without it (the browser host) the console opens the
   * audit's page for the browser's own print to PDF.
   */
  exportValidationPdf?(): Promise<Result<ReportPdfSaved>>
  /**
   * The address the report frame loads a day's report (YYYY-MM-DD) from, or the validation
   * audit ('validation', VALIDATION_REPORT_PAGE), served by the app
   * under the report's own policy. Optional: without it (the browser host) the tab buys a
   * one-time address from the server host with its session.
   */
  reportAddress?(date: string): Promise<Result<string>>
}
