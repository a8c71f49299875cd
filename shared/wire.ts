/**
 * Messages on the WebSocket between the browser and the server host. The Electron host carries
 * the same commands over IPC and the same event batches on one channel.
 */
import type { CommandName } from './contract'
import type { Result } from './result'
import type { EngineEvent } from './contract'

/** The IPC channel (Electron) on which event batches arrive. */
export const EVENTS_CHANNEL = 'vigil:events'

/** Browser → server: run a command. */
export interface InvokeMessage {
  readonly type: 'invoke'
  readonly id: number
  readonly name: CommandName
  readonly payload: unknown
}

/** Server → browser: a command's result. */
export interface ResultMessage {
  readonly type: 'result'
  readonly id: number
  readonly result: Result<unknown>
}

/** Server → browser: events batched to at most about 10 a second. */
export interface EventsMessage {
  readonly type: 'events'
  readonly events: readonly EngineEvent[]
}

/** Anything the server sends. */
export type ServerMessage = ResultMessage | EventsMessage

/** The IPC channel (Electron) of the audit export through a save dialog. */
export const EXPORT_AUDIT_CHANNEL = 'vigil:export-audit'

/** What the Electron export can write: the raw journal (plus manifest) or the audit CSV. */
export type AuditExportFormat = 'jsonl' | 'csv'

/** What an export through the save dialog did; `path` is null when the trader canceled. */
export interface AuditExportSaved {
  /** Every file written (the export, then its manifest); empty when canceled. */
  readonly files: readonly string[]
  readonly path: string | null
  /** The manifest written beside a JSON Lines export. */
  readonly manifestPath: string | null
  /** Journal records (jsonl) or audit records (csv) written. */
  readonly records: number
  /** SHA-256 of the export file. */
  readonly sha256: string | null
}

/** The IPC channel of the Electron-only export of a daily report to PDF. */
export const EXPORT_REPORT_PDF_CHANNEL = 'vigil:export-report-pdf'

/** The IPC channel of the Electron-only export of the validation plan's audit to PDF. */
export const EXPORT_VALIDATION_PDF_CHANNEL = 'vigil:export-validation-pdf'

/**
 * Where the Electron window's report frame loads a day's report: the app's own origin
 * (app://vigil), which serves it under the report's policy (electron/main/report-protocol.ts).
 */
export const APP_REPORT_PAGES = 'app://vigil/reports/'

/**
 * The name of the validation audit's page among the report pages, where a day's would be:
 * `…/reports/validation.html`.
 */
export const VALIDATION_REPORT_PAGE = 'validation'

/** Where a report PDF (a day's, or the validation audit) was saved (null path: the trader canceled). */
export interface ReportPdfSaved {
  readonly path: string | null
  readonly bytes: number
}
