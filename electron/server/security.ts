/**
 * Who may talk to the server host: bots with the API token (`Authorization: Bearer`), console
 * tabs with a session of their own (see console-access.ts), and both only through a loopback
 * Host and Origin, which defeats DNS rebinding.
 */
import { timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import { REPORT_PAGE_PREFIX } from '../host'

/** Compares a presented token with the real one in constant time; a different length fails. */
export function tokenMatches(presented: string | null | undefined, token: string): boolean {
  if (typeof presented !== 'string') return false
  const given = Buffer.from(presented, 'utf8')
  const expected = Buffer.from(token, 'utf8')
  if (given.length !== expected.length) return false
  return timingSafeEqual(given, expected)
}

/** The credential of an `Authorization: <scheme> …` header, or null. */
function authorization(headers: IncomingHttpHeaders, scheme: 'Bearer' | 'Session'): string | null {
  const match = new RegExp(`^${scheme} +(\\S+) *$`, 'i').exec(headers.authorization ?? '')
  return match?.[1] ?? null
}

/** Whether the request carries the API token as `Authorization: Bearer`. */
export function hasApiToken(headers: IncomingHttpHeaders, token: string): boolean {
  return tokenMatches(authorization(headers, 'Bearer'), token)
}

/** The session a console tab presents over HTTP (`Authorization: Session …`), or null. */
export function presentedSession(headers: IncomingHttpHeaders): string | null {
  return authorization(headers, 'Session')
}

/** The prefix of the WebSocket subprotocol that carries a console tab's session. */
export const SESSION_PROTOCOL_PREFIX = 'vigil.session.'

/** The session a console tab offers as a WebSocket subprotocol, or null. */
export function sessionFromProtocols(headers: IncomingHttpHeaders): string | null {
  const offered = headers['sec-websocket-protocol']?.split(',') ?? []
  const entry = offered.map((p) => p.trim()).find((p) => p.startsWith(SESSION_PROTOCOL_PREFIX))
  return entry ? entry.slice(SESSION_PROTOCOL_PREFIX.length) : null
}

/**
 * DNS-rebinding defence, run on every request and upgrade: a page on another site that
 * resolves its name to 127.0.0.1 still sends its own Host and Origin, so both must be ours.
 * Returns why the request is refused, or null when it may go on.
 */
export function checkHostAndOrigin(headers: IncomingHttpHeaders, port: number): string | null {
  const host = headers.host?.toLowerCase()
  const hosts = [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]
  if (!host || !hosts.includes(host)) {
    return `This server only answers requests addressed to ${hosts[0]} or ${hosts[1]}.`
  }
  const origin = headers.origin
  if (origin !== undefined && !allowedOrigins(port).includes(origin.toLowerCase())) {
    return `Requests from other web pages are not allowed; only ${allowedOrigins(port).join(' and ')} may call this server.`
  }
  return null
}

/** The origins a browser tab of this console has. */
export function allowedOrigins(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`]
}

/** Headers every response carries. */
export const BASE_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
}

/**
 * Headers for a self-contained HTML document (a downloaded daily report, like the pages the
 * server writes): its own inline style and data: images, nothing fetched, nothing run, never framed.
 */
export const DOCUMENT_HEADERS: Readonly<Record<string, string>> = {
  ...BASE_HEADERS,
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'X-Frame-Options': 'DENY',
}

/** Headers for HTML pages: the base ones plus a strict Content Security Policy. */
export function htmlHeaders(port: number): Record<string, string> {
  return {
    ...BASE_HEADERS,
    'Content-Security-Policy': [
      "default-src 'self'",
      `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
      // The console draws a few icons as data: URLs.
      "img-src 'self' data:",
      // The one page the console frames: a saved report, at its own address (report-route.ts).
      `frame-src ${allowedOrigins(port)
        .map((origin) => `${origin}${REPORT_PAGE_PREFIX}`)
        .join(' ')}`,
      "object-src 'none'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ].join('; '),
    'X-Frame-Options': 'DENY',
  }
}
