/**
 * A real server host on a real engine (FakeClock, market still) in a temp folder, plus a raw
 * HTTP client that can send any Host, Origin or body a hostile or broken client would.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import WebSocket from 'ws'
import { startServer, type RunningServer, type ServerOptions } from '../../../electron/server'
import type { Engine } from '../../../electron/engine'
import type { ServerMessage } from '../../../shared/wire'
import { cleanup, tempDir, testEngine } from '../../kit/engine'

/** The served page; the tests look for its marker. */
export const INDEX_HTML =
  '<!doctype html><html><head><title>Vigil</title></head><body>vigil-console-marker</body></html>'

/** A started server with its engine and folders. */
export interface Harness {
  readonly server: RunningServer
  readonly engine: Engine
  readonly dataDir: string
  readonly rendererDir: string
  /** A file beside the renderer folder that traversal must never reach. */
  readonly secretFile: string
  readonly port: number
  readonly token: string
  /** Host header that passes the DNS-rebinding check. */
  readonly host: string
  stop(): Promise<void>
}

/** Server options a test may set; `log` receives what the server would write to stderr. */
export type HarnessServerOptions = Partial<
  Pick<ServerOptions, 'log' | 'requestTimeoutMs' | 'maxConnections' | 'now'>
>

/** Starts the server on a fresh engine, a fresh data folder and a tiny renderer folder. */
export async function startHarness(
  options: { engine?: Engine; server?: HarnessServerOptions } = {},
): Promise<Harness> {
  const root = tempDir('vigil-server-')
  const dataDir = path.join(root, 'data')
  const rendererDir = path.join(root, 'renderer')
  mkdirSync(path.join(rendererDir, 'assets'), { recursive: true })
  writeFileSync(path.join(rendererDir, 'index.html'), INDEX_HTML)
  writeFileSync(path.join(rendererDir, 'assets', 'app-1234.js'), 'console.log("vigil")\n')
  writeFileSync(path.join(rendererDir, 'assets', 'app-1234.css'), 'body{color:red}\n')
  const secretFile = path.join(root, 'secret.txt')
  writeFileSync(secretFile, 'top-secret-marker')
  const engine = options.engine ?? (await testEngine(dataDir)).engine
  const server = await startServer({
    engine,
    port: 0,
    rendererDir,
    dataDir,
    log: () => undefined,
    ...options.server,
  })
  return {
    server,
    engine,
    dataDir,
    rendererDir,
    secretFile,
    port: server.port,
    get token() {
      return server.token
    },
    host: `127.0.0.1:${server.port}`,
    async stop() {
      await server.close()
      await engine.close()
      cleanup(root)
    },
  }
}

/** What a raw request got back. */
export interface RawResponse {
  readonly status: number
  readonly headers: IncomingHttpHeaders
  readonly text: string
  /** The body parsed as JSON (undefined when it is not JSON). */
  readonly json: any // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Sends one HTTP request with exactly the headers given (Host defaults to the right one). */
export function send(
  h: Pick<Harness, 'port' | 'host'>,
  options: {
    method?: string
    path?: string
    headers?: Record<string, string>
    body?: string | Buffer
  } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: h.port,
        method: options.method ?? 'GET',
        path: options.path ?? '/',
        headers: { Host: h.host, ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          let json: unknown
          try {
            json = JSON.parse(text)
          } catch {
            json = undefined
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json })
        })
      },
    )
    req.on('error', reject)
    req.end(options.body)
  })
}

/** The one-time code of a link. */
export function codeOf(link: string): string {
  return new URL(link).searchParams.get('code') ?? ''
}

/** Trades a link's code for a console session as the page does (POST /session from its origin). */
export function redeem(h: Pick<Harness, 'port' | 'host'>, code: unknown): Promise<RawResponse> {
  return send(h, {
    method: 'POST',
    path: '/session',
    headers: { 'Content-Type': 'application/json', Origin: `http://127.0.0.1:${h.port}` },
    body: JSON.stringify({ code }),
  })
}

/** Signs a console tab in with a new link; resolves with its session. */
export async function signIn(h: Harness): Promise<string> {
  const res = await redeem(h, codeOf(h.server.newLink()))
  if (res.status !== 201) throw new Error(`sign-in refused: ${res.text}`)
  return res.json.session as string
}

/** The headers a console tab opens its WebSocket with. */
export function tabSocketHeaders(
  h: Pick<Harness, 'port'>,
  session: string,
): Record<string, string> {
  return {
    Origin: `http://127.0.0.1:${h.port}`,
    'Sec-WebSocket-Protocol': `vigil.v1, vigil.session.${session}`,
  }
}

/** Calls the REST API with the Bearer token. */
export function api(
  h: Harness,
  method: string,
  apiPath: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  return send(h, {
    method,
    path: `/api/v1${apiPath}`,
    headers: {
      Authorization: `Bearer ${h.token}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  })
}

/** Balances, positions and orders as the API reports them, to prove nothing changed. */
export async function accountState(h: Harness): Promise<string> {
  const [balances, positions, orders] = await Promise.all([
    api(h, 'GET', '/balances'),
    api(h, 'GET', '/positions'),
    api(h, 'GET', '/orders'),
  ])
  return JSON.stringify({ balances: balances.json, positions: positions.json, orders: orders.json })
}

/** The outcome of a WebSocket handshake. */
export type Upgrade = { ok: true; socket: WebSocket } | { ok: false; status: number }

/** Opens /ws with the given headers; resolves with the socket or the refusal's status. */
export function openSocket(
  h: Pick<Harness, 'port' | 'host'>,
  headers: Record<string, string>,
  wsPath = '/ws',
): Promise<Upgrade> {
  // Subprotocols go where the client library expects them, so it accepts the server's choice.
  const { 'Sec-WebSocket-Protocol': offered, ...rest } = headers
  const protocols = offered?.split(',').map((p) => p.trim()) ?? []
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${h.port}${wsPath}`, protocols, {
      headers: { Host: h.host, ...rest },
    })
    socket.once('open', () => resolve({ ok: true, socket }))
    socket.once('unexpected-response', (_req, res) => {
      resolve({ ok: false, status: res.statusCode ?? 0 })
      res.resume()
      socket.terminate()
    })
    socket.once('error', reject)
  })
}

/** Collects what a socket receives and waits for a message that matches. */
export function messages(socket: WebSocket) {
  const received: ServerMessage[] = []
  const waiters: { match: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void }[] =
    []
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as ServerMessage
    received.push(message)
    for (const w of [...waiters]) {
      if (w.match(message)) {
        waiters.splice(waiters.indexOf(w), 1)
        w.resolve(message)
      }
    }
  })
  return {
    received,
    /** Resolves with the first message (already received or future) that matches. */
    next(match: (m: ServerMessage) => boolean): Promise<ServerMessage> {
      const seen = received.find(match)
      if (seen) return Promise.resolve(seen)
      return new Promise((resolve) => waiters.push({ match, resolve }))
    },
  }
}
