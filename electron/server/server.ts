/**
 * The server host: the engine headless, the console in a browser on a loopback URL with a
 * one-time code, and the REST API for bots with a long-lived token. Plain Node; it never
 * imports electron.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import type { Engine } from '../engine'
import { apiTokenFile, journalDir } from '../engine/core'
import { readReportPage } from '../host'
import {
  answerSession,
  answerTokenHolder,
  exportPurpose,
  SESSION_PATH,
  type AccessRouteDeps,
} from './access-routes'
import { loadApiToken, writeApiToken } from './api-token'
import { capConnections, MAX_CONNECTIONS } from './connection-cap'
import { openConsoleAccess } from './console-access'
import { declaresTooLarge, HttpError, sendError, tooLarge } from './http-responses'
import { AUDIT_EXPORT_PATH, createRestApi } from './rest-api'
import { checkHostAndOrigin, hasApiToken, sessionFromProtocols, BASE_HEADERS } from './security'
import { answerReportPage, isReportPath, reportPageUrl } from './report-route'
import { removeServerFile, writeServerFile } from './server-file'
import { createSocketHub, type SocketCredential } from './socket-hub'
import { escapeHtml, sendPage, serveStatic } from './static-files'

/** How to start the server host. */
export interface ServerOptions {
  readonly engine: Engine
  /** 0 picks a free port; absent, the port of the last start (else a free one). */
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
  /** The wall clock in ms, for link and session expiry; Date.now by default. */
  readonly now?: () => number
}

/** A running server host. */
export interface RunningServer {
  /** The link printed at start: it signs in one tab, once, within 60 seconds. */
  readonly url: string
  readonly port: number
  /** The API token bots use now (it changes only when rotated). */
  readonly token: string
  /**
   * Why the server is not on the port it had last time (that port was taken), or null. Tabs
   * open on the old port cannot reconnect; they need a new link.
   */
  readonly portMoved: string | null
  /** A new one-time console link, valid for 60 seconds. */
  newLink(): string
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
  const now = options.now ?? (() => Date.now())
  let token = await loadApiToken(options.dataDir)
  const access = await openConsoleAccess(options.dataDir, now)
  const api = createRestApi(options.engine, log, { journalDir: journalDir(options.dataDir) })
  const hub = createSocketHub(options.engine, log)
  let port = 0
  // Filled in once the port is known; nothing is answered before then.
  let deps: AccessRouteDeps | null = null

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
    const ready = deps
    if (ready === null) {
      sendError(res, {
        code: 'UNAVAILABLE',
        message: 'Vigil is still starting; try again in a moment.',
      })
      return
    }
    if (url.pathname === SESSION_PATH || url.pathname.startsWith(`${SESSION_PATH}/`)) {
      await answerSession(req, res, url.pathname, ready)
      return
    }
    if (isApi) {
      // A signed-in tab downloads the journal with a one-time ticket it got for its session;
      // everything else under /api answers the API token alone.
      const ticket = url.searchParams.get('ticket')
      url.searchParams.delete('ticket')
      const ticketed =
        ticket !== null &&
        url.pathname === AUDIT_EXPORT_PATH &&
        req.method === 'GET' &&
        access.spendTicket(ticket, exportPurpose(url.searchParams.get('format') ?? ''))
      if (!ticketed && !hasApiToken(req.headers, token)) {
        sendError(
          res,
          {
            code: 'UNAUTHORIZED',
            // Where the data folder is stays unsaid: an unauthenticated caller learns nothing
            // of this machine's folders (a home path names the user).
            message:
              ticket !== null
                ? 'This download link was already used or has expired; start the export again from the console.'
                : 'Send the API token as "Authorization: Bearer TOKEN"; it is in the file api-token in Vigil\'s data folder.',
          },
          { 'WWW-Authenticate': 'Bearer realm="vigil"' },
        )
        return
      }
      if (!ticketed && (await answerTokenHolder(req, res, url.pathname, ready))) return
      await api(req, res, url)
      return
    }
    if (isReportPath(url.pathname)) {
      // A report (or the validation audit) in the console's frame or a tab of its own, with a
      // ticket the tab bought with its session.
      await answerReportPage(req, res, url, {
        access,
        readReport: (name) => readReportPage(options.engine, name),
      })
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
      // Links of older versions put the API token itself in the address (and so in history).
      sendUnauthorized(
        res,
        port,
        'This address carries an access token; Vigil no longer accepts one in a link, because a browser keeps every address in its history.',
      )
      return
    }
    // The page carries no secret: it signs in from the link's code, or says it cannot.
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
        if (error instanceof HttpError) {
          if (res.headersSent) res.destroy()
          else sendError(res, error, error.headers)
          return
        }
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
    const credential: SocketCredential | null = hasApiToken(req.headers, token)
      ? 'bearer'
      : access.check(sessionFromProtocols(req.headers)).ok
        ? 'session'
        : null
    if (credential === null) {
      return rejectUpgrade(
        socket,
        401,
        'Unauthorized',
        'Send the API token as "Authorization: Bearer TOKEN", or open the console with a new link (`npx vigil link`).',
      )
    }
    // A browser always sends Origin on a WebSocket; a session without one is not a tab of ours.
    if (credential === 'session' && req.headers.origin === undefined) {
      return rejectUpgrade(
        socket,
        403,
        'Forbidden',
        'A WebSocket signed in by a console session must come from the console page.',
      )
    }
    hub.accept(req, socket, head, credential)
  })

  const wanted = options.port ?? access.rememberedPort ?? 0
  let portMoved: string | null = null
  try {
    try {
      await listen(server, wanted, host)
    } catch (error) {
      // The port of last time is taken: a free one is better than no console, and it is said.
      if (options.port !== undefined || wanted === 0 || !inUse(error)) throw error
      await listen(server, 0, host)
      portMoved = `Port ${wanted}, where Vigil listened last time, is taken by another program, so it listens on ${(server.address() as AddressInfo).port} now. Console tabs open on the old port cannot reconnect: open the new link.`
    }
    port = (server.address() as AddressInfo).port
    await access.rememberPort(port)
  } catch (error) {
    await hub.close()
    server.close()
    throw inUse(error)
      ? new Error(
          `Port ${wanted} on 127.0.0.1 is already in use. Choose another with --port, or --port 0 for any free port.`,
        )
      : error
  }
  server.on('error', (error) => log(`Server error: ${error.message}`))
  const base = `http://127.0.0.1:${port}/`
  const newLink = (): string => `${base}?code=${access.mintCode().code}`
  const describe = () => ({ port, token, pid: process.pid, url: base })

  let serverFile: string
  try {
    serverFile = await writeServerFile(options.dataDir, describe())
  } catch (error) {
    await hub.close()
    await new Promise<void>((resolve) => server.close(() => resolve()))
    throw error
  }
  deps = {
    access,
    linkFor: (code) => `${base}?code=${code}`,
    exportUrl: (format, ticket) => `${AUDIT_EXPORT_PATH}?format=${format}&ticket=${ticket}`,
    reportUrl: reportPageUrl,
    async rotateToken() {
      token = await writeApiToken(options.dataDir)
      await writeServerFile(options.dataDir, describe())
      hub.disconnect('bearer', 'The API token was rotated; connect again with the new one.')
      return apiTokenFile(options.dataDir)
    },
  }
  const url = newLink()

  let closing: Promise<void> | null = null
  return {
    url,
    port,
    get token() {
      return token
    },
    portMoved,
    newLink,
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

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onError = (error: Error): void => {
      server.off('listening', onListening)
      reject(error)
    }
    const onListening = (): void => {
      server.off('error', onError)
      resolve()
    }
    server.once('error', onError)
    server.once('listening', onListening)
    server.listen(port, host)
  })
}

function inUse(error: unknown): boolean {
  return (error as NodeJS.ErrnoException)?.code === 'EADDRINUSE'
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
<p>Open a new link instead: <code>npx vigil link</code> prints one (it works once, within 60 seconds), and <code>vigil serve</code> prints one when it starts.</p>`,
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
