/**
 * A day's saved report as a page of its own on the app's origin, app://vigil/reports/
 * YYYY-MM-DD.html, for the console's report frame. It is answered under the report's own
 * policy (host/report-page.ts: its inline styles, nothing run or fetched), never the
 * console's, so the report shows styled and the console's strict policy stays as it is. Only
 * the app's own session reaches this origin; the engine reads the report from the data folder.
 */
import type { Result } from '../../shared/result'
import { reportDayOfPath, reportPageHeaders } from '../host'

const STATUS: Partial<Record<string, number>> = { INVALID_INPUT: 400, NOT_FOUND: 404 }

/** Reads the saved report of a day (its self-contained HTML), or says why there is none. */
export type ReportReader = (date: string) => Promise<Result<{ readonly html: string }>>

/** Answers one request for a report page. */
export type ReportResponder = (request: Request, pathname: string) => Promise<Response>

/**
 * A responder for report pages; `frameAncestors` are the pages that may frame a report (the
 * console's origin, and in development the dev server's).
 */
export function createReportResponder(options: {
  readonly readReport: ReportReader
  readonly frameAncestors?: string
}): ReportResponder {
  const headers = reportPageHeaders(options.frameAncestors)
  const text = (status: number, message: string, extra: Record<string, string> = {}): Response =>
    new Response(message + '\n', {
      status,
      headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8', ...extra },
    })
  return async (request, pathname) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return text(405, 'Only GET and HEAD are served.', { Allow: 'GET, HEAD' })
    }
    const day = reportDayOfPath(pathname)
    if (!day.ok) return text(400, day.reason)
    const report = await options.readReport(day.date)
    if (!report.ok) return text(STATUS[report.error.code] ?? 500, report.error.message)
    const body = Buffer.from(report.value.html, 'utf8')
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: {
        ...headers,
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Length': String(body.length),
      },
    })
  }
}
