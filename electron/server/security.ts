/**
 * Who may talk to the server host: a random token (in the URL once, then a cookie; or a Bearer
 * header for bots) and only through a loopback Host and Origin, which defeats DNS rebinding.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'

/** Name of the session cookie the browser gets after opening the tokened URL. */
const SESSION_COOKIE = 'vigil_session'

/** A fresh 256-bit access token, as 64 hex characters. */
export function createToken(): string {
  return randomBytes(32).toString('hex')
}

/** Compares a presented token with the real one in constant time; a different length fails. */
export function tokenMatches(presented: string | null | undefined, token: string): boolean {
  if (typeof presented !== 'string') return false
  const given = Buffer.from(presented, 'utf8')
  const expected = Buffer.from(token, 'utf8')
  if (given.length !== expected.length) return false
  return timingSafeEqual(given, expected)
}

/** The token of an `Authorization: Bearer …` header, or null. */
function bearerToken(header: string | undefined): string | null {
  if (!header) return null
  const match = /^Bearer +(\S+) *$/i.exec(header)
  return match?.[1] ?? null
}

/** Every value of a cookie in a Cookie header (several apps on localhost may share a name). */
function cookieValues(header: string | undefined, name: string): string[] {
  if (!header) return []
  const values: string[] = []
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    if (part.slice(0, eq).trim() === name) values.push(part.slice(eq + 1).trim())
  }
  return values
}

/** How a request proved who it is. */
export type Credential = 'cookie' | 'bearer' | null

/** Checks the session cookie, then the Bearer header. */
export function authenticate(
  headers: IncomingHttpHeaders,
  token: string,
  allowCookie: boolean,
): Credential {
  if (tokenMatches(bearerToken(headers.authorization), token)) return 'bearer'
  if (
    allowCookie &&
    cookieValues(headers.cookie, SESSION_COOKIE).some((v) => tokenMatches(v, token))
  ) {
    return 'cookie'
  }
  return null
}

/** The Set-Cookie value that keeps a browser signed in for the life of the server. */
export function sessionCookie(token: string): string {
  return `${SESSION_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`
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
      "object-src 'none'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ].join('; '),
    'X-Frame-Options': 'DENY',
  }
}
