/**
 * A day's report as a page of its own, for the console's report frame: GET
 * /reports/YYYY-MM-DD.html?ticket=… answers the report's HTML inline under the report's own
 * policy (see host/report-page.ts). A frame cannot send the tab's session header, so the tab
 * buys a one-time ticket for that day with its session (POST /session/report) and the frame
 * spends it; the API token never reaches the browser, and no other page can buy one. Refusals
 * are plain text that the frame shows, with the report's headers so the console may frame them.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Result } from '../../shared/result'
import { REPORT_PAGE_PREFIX, reportDayOfPath, reportPageHeaders } from '../host'
import { reportPurpose } from './access-routes'
import type { ConsoleAccess } from './console-access'
import { HTTP_STATUS } from './http-responses'
import { BASE_HEADERS } from './security'

/** What the report route reads. */
export interface ReportRouteDeps {
  readonly access: Pick<ConsoleAccess, 'spendTicket'>
  /** The saved report of a day (its self-contained HTML), or why there is none. */
  readReport(date: string): Promise<Result<{ readonly html: string }>>
}

/** Whether a path is one the report route answers. */
export function isReportPath(pathname: string): boolean {
  return pathname.startsWith(REPORT_PAGE_PREFIX)
}

/** Where the frame opens a day's report with a ticket. */
export function reportPageUrl(date: string, ticket: string): string {
  return `${REPORT_PAGE_PREFIX}${date}.html?ticket=${ticket}`
}

// Console tabs are served from this server, so only its own pages may frame a report.
/** The headers of a report page (a daily report, the validation audit). */
export const REPORT_PAGE_HEADERS: Readonly<Record<string, string>> = {
  ...BASE_HEADERS,
  ...reportPageHeaders(),
  'X-Frame-Options': 'SAMEORIGIN',
  'Cross-Origin-Resource-Policy': 'same-origin',
}

function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  extra: Readonly<Record<string, string>> = {},
): void {
  const body = text + '\n'
  res.writeHead(status, {
    ...REPORT_PAGE_HEADERS,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    ...extra,
  })
  res.end(body)
}

/** Answers GET /reports/YYYY-MM-DD.html?ticket=…. */
export async function answerReportPage(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  deps: ReportRouteDeps,
): Promise<void> {
  if (req.method !== 'GET') {
    sendText(res, 405, 'Only GET is allowed here.', { Allow: 'GET' })
    return
  }
  const day = reportDayOfPath(url.pathname)
  if (!day.ok) {
    sendText(res, 400, day.reason)
    return
  }
  const ticket = url.searchParams.get('ticket')
  if (ticket === null) {
    sendText(
      res,
      401,
      'This report opens only from the Reports screen of a signed-in Vigil console: its address needs the one-time ticket the console gets for it.',
    )
    return
  }
  if (!deps.access.spendTicket(ticket, reportPurpose(day.date))) {
    sendText(
      res,
      403,
      `This report link was already used, has expired (a link lasts 60 seconds, once) or is not for ${day.date}: choose the report again in the Reports screen.`,
    )
    return
  }
  const report = await deps.readReport(day.date)
  if (!report.ok) {
    sendText(res, HTTP_STATUS[report.error.code], report.error.message)
    return
  }
  res.writeHead(200, {
    ...REPORT_PAGE_HEADERS,
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(report.value.html)),
  })
  res.end(report.value.html)
}
