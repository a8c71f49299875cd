/**
 * The server host: the engine headless, the console in a browser on a loopback URL with a
 * token (like Jupyter), and the REST API for bots. Plain Node; it never imports electron.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import type { Engine } from '../engine'
import { journalDir } from '../engine/core'
import { capConnections, MAX_CONNECTIONS } from './connection-cap'
import { declaresTooLarge, sendError, tooLarge } from './http-responses'
import { AUDIT_EXPORT_PATH, createRestApi } from './rest-api'
import {
  authenticate,
  checkHostAndOrigin,
  createToken,
  sessionCookie,
  tokenMatches,
  BASE_HEADERS,
} from './security'
import { removeServerFile, writeServerFile } from './server-file'
import { createSocketHub } from './socket-hub'
import { escapeHtml, sendPage, serveStatic } from './static-files'

/** How to start the server host. */
export interface ServerOptions {
  readonly engine: Engine
  /** 0 or absent picks a free port. */
  readonly port?: number
  /** Only loopback: the token is the only lock on the door. */
  readonly host?: '127.0.0.1'
  /** The built renderer (out/renderer). */
  readonly rendererDir: string
  /** The data folder, where server.json is written. */
  readonly dataDir: string
  /** Where internal errors are reported; stderr by default. */
  readonly log?: (message: string) => void
  /** How long a client has to send a whole request, head and body; 30 s by default. */
  readonly requestTimeoutMs?: number
  /** Connections open at once (console tabs, their WebSockets, bots); 128 by default. */
  readonly maxConnections?: number
}

/** A running server host. */
export interface RunningServer {
  /** The link to open: it carries the token once, then a cookie takes over. */
  readonly url: string
  readonly port: number
  readonly token: string
  /** Where server.json was written. */
  readonly serverFile: string
  /** Disconnects every console, stops listening and removes server.json. The engine stays open. */
  close(): Promise<void>
}

const WS_PATH = '/ws'
const CLOSE_GRACE_MS = 1000
const REQUEST_TIMEOUT_MS = 30_000
const HEADERS_TIMEOUT_MS = 10_000

/** Starts the HTTP and WebSocket server on 127.0.0.1 and writes server.json. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1'
  if (host !== '127.0.0.1') throw new Error('The server host only listens on 127.0.0.1.')
  const log = options.log ?? ((message: string) => process.stderr.write(message + '\n'))
  const token = createToken()
  const api = createRestApi(options.engine, log, { journalDir: journalDir(options.dataDir) })
  const hub = createSocketHub(options.engine, log)
  let port = 0

  const onRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = parseUrl(req.url)
    const isApi = url !== null && (url.pathname === '/api' || url.pathname.startsWith('/api/'))
    const refusal = checkHostAndOrigin(req.headers, port)
    if (refusal) {
      if (isApi) sendError(res, { code: 'FORBIDDEN', message: refusal })
      else sendPage(res, 403, port, 'Forbidden', `<p>${escapeHtml(refusal)}</p>`)
      return
    }
    if (url === null) {
      sendError(res, { code: 'INVALID_INPUT', message: 'The request address is malformed.' })
      return
    }
    if (isApi) {
      // Bots use the Bearer token; the console in a browser downloads the journal export
      // with its session cookie (the Host and Origin checks above still apply).
      const cookieAllowed = url.pathname === AUDIT_EXPORT_PATH && req.method === 'GET'
      if (!authenticate(req.headers, token, cookieAllowed)) {
        sendError(
          res,
          {
            code: 'UNAUTHORIZED',
            // Where the data folder is stays unsaid: an unauthenticated caller learns nothing
            // of this machine's folders (a home path names the user).
            message:
              'Send the access token as "Authorization: Bearer TOKEN"; the token is the "token" field of server.json in Vigil\'s data folder.',
          },
          { 'WWW-Authenticate': 'Bearer realm="vigil"' },
        )
        return
      }
      await api(req, res, url)
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, {
        ...BASE_HEADERS,
        Allow: 'GET, HEAD',
        'Content-Type': 'text/plain; charset=utf-8',
      })
      res.end('Only GET and HEAD are allowed here.\n')
      return
    }
    if (url.searchParams.has('token')) {
      if (!tokenMatches(url.searchParams.get('token'), token)) {
        sendUnauthorized(res, port, 'The token in this link is not the current one.')
        return
      }
      // The token leaves the address bar (and history) at once; the cookie carries it from now on.
      url.searchParams.delete('token')
      res.writeHead(302, {
        ...BASE_HEADERS,
        'Set-Cookie': sessionCookie(token),
        // Leading slashes collapse to one so the target can never read as another host (//evil).
        Location: '/' + url.pathname.replace(/^\/+/, '') + url.search,
        'Cache-Control': 'no-store',
        'Content-Length': 0,
      })
      res.end()
      return
    }
    if (authenticate(req.headers, token, true) === null) {
      sendUnauthorized(res, port, 'This browser is not signed in to Vigil.')
      return
    }
    await serveStatic(req, res, url.pathname, options.rendererDir, port)
  }

  // Bodies are small and local; a client that dribbles bytes is not waited on for long. Node
  // only looks for overdue requests every connectionsCheckingInterval (30 s by default), which
  // let a slow body live twice the timeout; checking ten times per timeout keeps the cut close.
  const requestTimeout = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS
  const server = createServer(
    {
      requestTimeout,
      headersTimeout: Math.min(HEADERS_TIMEOUT_MS, requestTimeout),
      connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(requestTimeout / 10))),
    },
    (req, res) => {
      if (isRefused(req.socket)) return
      onRequest(req, res).catch((error: unknown) => {
        log(
          `Internal error answering ${req.method} ${req.url}: ${(error as Error)?.stack ?? String(error)}`,
        )
        if (res.headersSent) res.destroy()
        else
          sendError(res, {
            code: 'INTERNAL',
            message: 'Vigil failed to answer this request; the details are in its log.',
          })
      })
    },
  )
  const isRefused = capConnections(server, options.maxConnections ?? MAX_CONNECTIONS)

  // A client that asks before sending its body (Expect: 100-continue, as curl does for large
  // bodies) gets its 413 instead of a 100 Continue when the declared length is over the limit,
  // so it never sends the body; the connection closes after the answer.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    if (declaresTooLarge(req)) {
      sendError(res, tooLarge(), { Connection: 'close' })
      return
    }
    res.writeContinue()
    server.emit('request', req, res)
  })
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy())
    if (isRefused(socket)) return
    const url = parseUrl(req.url)
    const refusal = checkHostAndOrigin(req.headers, port)
    if (refusal) return rejectUpgrade(socket, 403, 'Forbidden', refusal)
    if (url?.pathname !== WS_PATH)
      return rejectUpgrade(socket, 404, 'Not Found', `The WebSocket is at ${WS_PATH}.`)
    const credential = authenticate(req.headers, token, true)
    if (credential === null) {
      return rejectUpgrade(
        socket,
        401,
        'Unauthorized',
        'Sign in first by opening the link `vigil serve` printed.',
      )
    }
    // A browser always sends Origin on a WebSocket; a cookie without one is not a browser tab of ours.
    if (credential === 'cookie' && req.headers.origin === undefined) {
      return rejectUpgrade(
        socket,
        403,
        'Forbidden',
        'A WebSocket signed in by cookie must come from the console page.',
      )
    }
    hub.accept(req, socket, head)
  })

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      server.off('listening', onListening)
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(
              `Port ${options.port} on 127.0.0.1 is already in use. Choose another with --port, or --port 0 for any free port.`,
            )
          : error,
      )
    }
    const onListening = (): void => {
      server.off('error', onError)
      resolve()
    }
    server.once('error', onError)
    server.once('listening', onListening)
    server.listen(options.port ?? 0, host)
  }).catch(async (error: unknown) => {
    await hub.close()
    throw error
  })
  port = (server.address() as AddressInfo).port
  const url = `http://127.0.0.1:${port}/?token=${token}`
  server.on('error', (error) => log(`Server error: ${error.message}`))

  let serverFile: string
  try {
    serverFile = await writeServerFile(options.dataDir, { port, token, pid: process.pid, url })
  } catch (error) {
    await hub.close()
    await new Promise<void>((resolve) => server.close(() => resolve()))
    throw error
  }

  let closing: Promise<void> | null = null
  return {
    url,
    port,
    token,
    serverFile,
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()))
        server.closeIdleConnections()
        // A request in flight (an order being placed) gets a moment to receive its answer
        // before every connection is cut.
        const grace = new Promise<void>((resolve) => setTimeout(resolve, CLOSE_GRACE_MS).unref())
        await Promise.all([hub.close(), Promise.race([stopped, grace])])
        server.closeAllConnections()
        await stopped
        await removeServerFile(options.dataDir, token)
      })()
      return closing
    },
  }
}

function parseUrl(raw: string | undefined): URL | null {
  try {
    return new URL(raw ?? '/', 'http://127.0.0.1')
  } catch {
    return null
  }
}

function sendUnauthorized(res: ServerResponse, port: number, why: string): void {
  sendPage(
    res,
    401,
    port,
    'Open Vigil with its access link',
    `<p>${escapeHtml(why)}</p>
<p>Open the link that <code>vigil serve</code> printed when it started (it ends with <code>?token=…</code>), or read it from the <code>url</code> field of <code>server.json</code> in Vigil's data folder.</p>`,
  )
}

function rejectUpgrade(socket: Duplex, status: number, reason: string, message: string): void {
  const body = message + '\n'
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'X-Content-Type-Options: nosniff\r\n' +
      '\r\n' +
      body,
    () => socket.destroy(),
  )
}
