/**
 * JSON responses of the REST API, its one table from error code to HTTP status, and a body
 * reader that refuses oversized, non-JSON and malformed bodies before anything else sees them.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AppError, ErrorCode } from '../../shared/result'
import { BASE_HEADERS } from './security'

/** Error codes of the HTTP layer: the contract's plus the ones only HTTP has. */
export type HttpErrorCode =
  ErrorCode | 'METHOD_NOT_ALLOWED' | 'PAYLOAD_TOO_LARGE' | 'UNSUPPORTED_MEDIA_TYPE'

/** The one place an error code becomes an HTTP status. */
export const HTTP_STATUS: Readonly<Record<HttpErrorCode, number>> = {
  INVALID_INPUT: 400,
  UNKNOWN_COMMAND: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  GATE_REJECTED: 422,
  INTERNAL: 500,
  BROKER_ERROR: 502,
  UNAVAILABLE: 503,
}

/** A failure to answer with `{error: {code, message}}`. */
export class HttpError extends Error {
  constructor(
    readonly code: HttpErrorCode,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
    readonly details?: unknown,
    /** What was received, for the journal of malformed orders; never sent back. */
    readonly received?: { readonly raw: string },
  ) {
    super(message)
    this.name = 'HttpError'
  }
}

/** The client closed the connection before its request body had all arrived. */
export class ClientGone extends Error {
  constructor() {
    super('the client closed the connection before sending the whole request')
    this.name = 'ClientGone'
  }
}

/** Largest request body the API reads. */
const MAX_BODY_BYTES = 64 * 1024

/** Sends a JSON body with the base security headers. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    ...BASE_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...headers,
  })
  res.end(text)
}

/** Sends `{error: {code, message, details?}}` with the status the table gives the code. */
export function sendError(
  res: ServerResponse,
  error: Pick<AppError, 'message' | 'details'> & { code: HttpErrorCode },
  headers: Readonly<Record<string, string>> = {},
): void {
  const body =
    error.details === undefined
      ? { code: error.code, message: error.message }
      : { code: error.code, message: error.message, details: error.details }
  sendJson(res, HTTP_STATUS[error.code], { error: body }, headers)
}

/**
 * Reads a request body as text: 415 unless the type is JSON, 413 over the limit (it stops
 * keeping what arrives), 400 for an empty or non-UTF-8 body. Parsing is left to parseJson, so
 * the caller keeps the raw text of a bad request for the journal.
 */
export async function readBodyText(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<string> {
  const type = req.headers['content-type']
  if (!isJsonContentType(type)) {
    throw new HttpError(
      'UNSUPPORTED_MEDIA_TYPE',
      `The request body must be JSON sent with "Content-Type: application/json"${type ? ` (got "${type.slice(0, 80)}")` : ' (no Content-Type was sent)'}.`,
    )
  }
  if (declaresTooLarge(req, limit)) {
    discardRest(req)
    throw tooLarge(limit)
  }
  const bytes = await collect(req, limit)
  if (bytes.length === 0) {
    throw new HttpError(
      'INVALID_INPUT',
      'The request body is empty; send a JSON object such as {"symbol":"BTC-USD","side":"buy","type":"market","quantity":"0.01"}.',
    )
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new HttpError(
      'INVALID_INPUT',
      'The request body is not valid UTF-8 text.',
      {},
      undefined,
      {
        raw: bytes.toString('utf8'),
      },
    )
  }
}

/** Parses JSON, refusing keys that could reach an object's prototype. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text, (key, value: unknown) => {
      if (key === '__proto__' || key === 'constructor' || key === 'prototype') {
        throw new ForbiddenKey(key)
      }
      return value
    })
  } catch (error) {
    if (error instanceof ForbiddenKey) {
      throw new HttpError(
        'INVALID_INPUT',
        `The field name "${error.key}" is not allowed in a request body.`,
      )
    }
    const detail = error instanceof SyntaxError ? `: ${error.message}` : ''
    throw new HttpError('INVALID_INPUT', `The request body is not valid JSON${detail}.`)
  }
}

class ForbiddenKey extends Error {
  constructor(readonly key: string) {
    super(key)
  }
}

function isJsonContentType(header: string | undefined): boolean {
  if (!header) return false
  const [mediaType, ...params] = header.split(';').map((s) => s.trim().toLowerCase())
  if (mediaType !== 'application/json') return false
  return params.every(
    (p) => !p.startsWith('charset=') || p === 'charset=utf-8' || p === 'charset="utf-8"',
  )
}

/** Whether the request's Content-Length already says its body is over the limit. */
export function declaresTooLarge(req: IncomingMessage, limit = MAX_BODY_BYTES): boolean {
  const declared = Number(req.headers['content-length'])
  return Number.isFinite(declared) && declared > limit
}

/** The 413 for a body over the limit. */
export function tooLarge(limit = MAX_BODY_BYTES): HttpError {
  return new HttpError(
    'PAYLOAD_TOO_LARGE',
    `The request body is larger than ${Math.round(limit / 1024)} KiB; an order needs far less.`,
  )
}

function collect(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const onData = (chunk: Buffer): void => {
      size += chunk.length
      if (size > limit) {
        cleanup()
        chunks.length = 0
        discardRest(req)
        reject(tooLarge(limit))
        return
      }
      chunks.push(chunk)
    }
    const onEnd = (): void => {
      cleanup()
      resolve(Buffer.concat(chunks))
    }
    // A client that goes away mid-body is not a fault of ours: the stream fails with
    // "aborted" (or only closes), and that is reported as the client leaving.
    const onGone = (): void => {
      if (req.complete) return
      cleanup()
      reject(new ClientGone())
    }
    const cleanup = (): void => {
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', onGone)
      req.off('close', onGone)
    }
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', onGone)
    req.on('close', onGone)
  })
}

/**
 * Reads the rest of a body and throws it away, so the 413 reaches the client: closing a socket
 * with unread data makes the kernel send a reset, which can overtake the answer. The server's
 * request timeout bounds a client that never stops sending.
 */
function discardRest(req: IncomingMessage): void {
  req.on('data', () => undefined)
  req.resume()
}
