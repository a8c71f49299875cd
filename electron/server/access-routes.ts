/**
 * The routes of access itself. For a console tab: POST /session trades a link's one-time code
 * for a session, GET /session says whether the tab's session is still open (so a tab that
 * lost its WebSocket can tell a stopped server from a refused session), POST /session/download
 * gives a signed-in tab a one-time download link, POST /session/report a one-time link to show
 * a day's report (or the validation audit) in its frame or a tab of its own (report-route.ts).
 * For the API token's holder: a new console link (`vigil link`) and the token's rotation
 * (`vigil token rotate`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { isAuditExportFormat, isReportName } from '../host'
import type { ConsoleAccess } from './console-access'
import { HttpError, parseJson, readBodyText, sendJson } from './http-responses'
import { presentedSession } from './security'

/** Where a tab trades its code, checks its session and asks for download links. */
export const SESSION_PATH = '/session'
const DOWNLOAD_PATH = `${SESSION_PATH}/download`
const REPORT_PATH = `${SESSION_PATH}/report`
/** The API routes of access, for the API token's holder only. */
export const CONSOLE_LINKS_PATH = '/api/v1/console-links'
export const TOKEN_ROTATE_PATH = '/api/v1/token/rotate'

/** What the access routes act on. */
export interface AccessRouteDeps {
  readonly access: ConsoleAccess
  /** The console link for a code. */
  linkFor(code: string): string
  /** Where an audit export of a format is downloaded, with a ticket. */
  exportUrl(format: string, ticket: string): string
  /** Where a day's report is shown in the console's frame, with a ticket. */
  reportUrl(date: string, ticket: string): string
  /** Writes a new API token, ends the old one's connections; answers the file it is in. */
  rotateToken(): Promise<string>
}

// The reason alone is in details, for the console, which says itself what to do next.
const refuse = (reason: string): HttpError =>
  new HttpError(
    'UNAUTHORIZED',
    `${reason} Open a new link: \`npx vigil link\` prints one.`,
    {},
    {
      reason,
    },
  )

async function jsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const body = parseJson(await readBodyText(req))
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError('INVALID_INPUT', 'The request body must be a JSON object.')
  }
  return body as Record<string, unknown>
}

function allow(method: string | undefined, allowed: readonly string[]): void {
  if (method !== undefined && allowed.includes(method)) return
  throw new HttpError(
    'METHOD_NOT_ALLOWED',
    `Only ${allowed.join(' and ')} ${allowed.length === 1 ? 'is' : 'are'} allowed here.`,
    { Allow: allowed.join(', ') },
  )
}

/** Answers /session and /session/download; throws HttpError for refusals. */
export async function answerSession(
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  deps: AccessRouteDeps,
): Promise<void> {
  if (pathname === SESSION_PATH && req.method === 'POST') {
    // Only a page can trade a code: a browser always says which origin it comes from.
    if (req.headers.origin === undefined) {
      throw new HttpError('FORBIDDEN', 'A link is opened in a browser, which sends its Origin.')
    }
    const { code } = await jsonBody(req)
    const redeemed = await deps.access.redeem(code)
    if (!redeemed.ok) throw refuse(redeemed.reason)
    sendJson(res, 201, { session: redeemed.session, expiresAt: redeemed.expiresAt })
    return
  }
  const checked = deps.access.check(presentedSession(req.headers))
  if (pathname === SESSION_PATH) {
    allow(req.method, ['GET', 'HEAD', 'POST'])
    if (!checked.ok) throw refuse(checked.reason)
    sendJson(res, 200, { expiresAt: checked.expiresAt })
    return
  }
  if (pathname === DOWNLOAD_PATH) {
    allow(req.method, ['POST'])
    if (!checked.ok) throw refuse(checked.reason)
    const { format } = await jsonBody(req)
    if (format !== 'manifest' && !isAuditExportFormat(format)) {
      throw new HttpError('INVALID_INPUT', '"format" must be "jsonl", "csv" or "manifest".')
    }
    const url = deps.exportUrl(format, deps.access.mintTicket(exportPurpose(format)))
    sendJson(res, 201, { url })
    return
  }
  if (pathname === REPORT_PATH) {
    allow(req.method, ['POST'])
    if (!checked.ok) throw refuse(checked.reason)
    const { date } = await jsonBody(req)
    if (!isReportName(date)) {
      throw new HttpError(
        'INVALID_INPUT',
        '"date" must be a day as YYYY-MM-DD, such as 2026-12-01, or "validation" for the validation audit.',
      )
    }
    sendJson(res, 201, { url: deps.reportUrl(date, deps.access.mintTicket(reportPurpose(date))) })
    return
  }
  throw new HttpError('NOT_FOUND', `There is nothing at ${pathname}.`)
}

/** What a report ticket of a day is good for. */
export function reportPurpose(date: string): string {
  return `report:${date}`
}

/** What a download ticket of an export format is good for. */
export function exportPurpose(format: string): string {
  return `audit-export:${format}`
}

/** Answers the API token holder's access routes; false when the path is not one of them. */
export async function answerTokenHolder(
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  deps: AccessRouteDeps,
): Promise<boolean> {
  if (pathname === CONSOLE_LINKS_PATH) {
    allow(req.method, ['POST'])
    const { code, expiresAt } = deps.access.mintCode()
    sendJson(res, 201, { url: deps.linkFor(code), expiresAt })
    return true
  }
  if (pathname === TOKEN_ROTATE_PATH) {
    allow(req.method, ['POST'])
    sendJson(res, 200, { tokenFile: await deps.rotateToken() })
    return true
  }
  return false
}
