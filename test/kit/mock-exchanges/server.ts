/**
 * What every mock exchange server shares: a plain node:http server on 127.0.0.1 (port 0) that
 * records each request, answers from a route table, and plays scripted faults: a hang (the
 * request is handled, so an order is accepted, but no answer is ever sent), a rate-limit storm,
 * the exchange being unavailable, and rejected credentials.
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { MockExchangeState, type MockStateOptions } from './state'

/** One request the server received. */
export interface RecordedRequest {
  readonly method: string
  readonly path: string
  readonly query: URLSearchParams
  readonly body: string
  readonly headers: IncomingHttpHeaders
}

/** An answer: status, JSON body, extra headers. */
export interface MockReply {
  readonly status: number
  readonly body: unknown
  readonly headers?: Readonly<Record<string, string>>
}

/** A route the mock answers: method, a path pattern with `{name}` segments, the handler. */
export interface MockRoute {
  readonly method: 'GET' | 'POST'
  readonly path: string
  readonly handle: (request: RecordedRequest, params: Record<string, string>) => MockReply
}

/** Scripted misbehaviour. */
export type MockFault = 'hang' | 'rate_limit' | 'unavailable' | 'auth'

interface FaultRule {
  readonly kind: MockFault
  remaining: number
  readonly match: (request: RecordedRequest) => boolean
}

/** A mock exchange: subclasses give the routes and the exchange's error bodies. */
export abstract class MockExchange {
  readonly requests: RecordedRequest[] = []
  /** Requests no route answered: ccxt called something the mock does not know. */
  readonly unanswered: RecordedRequest[] = []
  readonly state: MockExchangeState
  private server: Server | null = null
  private readonly faults: FaultRule[] = []
  private readonly hanging: ServerResponse[] = []
  private baseUrl = ''

  protected constructor(stateOptions: MockStateOptions) {
    this.state = new MockExchangeState(stateOptions)
  }

  /** The routes, in the order they are tried. */
  protected abstract routes(): readonly MockRoute[]
  /** How this exchange says a fault happened. */
  protected abstract faultReply(kind: Exclude<MockFault, 'hang'>): MockReply
  /** Whether the request places an order. */
  protected abstract isCreate(request: RecordedRequest): boolean
  /** Whether the request is private (signed). */
  protected abstract isPrivate(request: RecordedRequest): boolean
  /** Whether a private request carries a valid signature. */
  protected abstract authenticate(request: RecordedRequest): boolean
  /** How this exchange answers a path it does not have. */
  protected abstract notFound(request: RecordedRequest): MockReply

  /** The base URL to give ccxt (every `urls.api` entry). */
  get url(): string {
    return this.baseUrl
  }

  /** Every route as "METHOD /path", for the record of what the mock answers. */
  endpoints(): string[] {
    return this.routes().map((r) => `${r.method} ${r.path}`)
  }

  /** Requests received for one route pattern. */
  requestsTo(method: string, pattern: string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && matchPath(pattern, r.path) !== null)
  }

  /** The next `count` matching requests fail this way. */
  fault(
    kind: MockFault,
    count = 1,
    match: (request: RecordedRequest) => boolean = () => true,
  ): void {
    this.faults.push({ kind, remaining: count, match })
  }

  /** The next `count` requests are refused with HTTP 429. */
  rateLimitStorm(count: number): void {
    this.fault('rate_limit', count)
  }

  /** The next order is accepted and recorded, but its answer never comes. */
  hangNextCreate(): void {
    this.fault('hang', 1, (r) => this.isCreate(r))
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1')
        const request: RecordedRequest = {
          method: req.method ?? 'GET',
          path: url.pathname,
          query: url.searchParams,
          body: Buffer.concat(chunks).toString('utf8'),
          headers: req.headers,
        }
        this.requests.push(request)
        this.answer(request, res)
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    this.server = server
    this.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    return this
  }

  async close(): Promise<void> {
    const server = this.server
    if (!server) return
    this.server = null
    for (const res of this.hanging) res.destroy()
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }

  private answer(request: RecordedRequest, res: ServerResponse): void {
    const rule = this.faults.find((f) => f.remaining > 0 && f.match(request))
    if (rule) rule.remaining -= 1
    if (rule && rule.kind !== 'hang') return send(res, this.faultReply(rule.kind))
    if (this.isPrivate(request) && !this.authenticate(request))
      return send(res, this.faultReply('auth'))
    const reply = this.route(request)
    if (rule?.kind === 'hang') {
      this.hanging.push(res)
      return
    }
    send(res, reply)
  }

  private route(request: RecordedRequest): MockReply {
    for (const route of this.routes()) {
      if (route.method !== request.method) continue
      const params = matchPath(route.path, request.path)
      if (params) return route.handle(request, params)
    }
    this.unanswered.push(request)
    return this.notFound(request)
  }
}

function send(res: ServerResponse, reply: MockReply): void {
  res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers })
  res.end(JSON.stringify(reply.body))
}

/** Matches "/a/{id}/b" against a path; the named segments, or null. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/')
  const got = path.split('/')
  if (want.length !== got.length) return null
  const params: Record<string, string> = {}
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!
    const g = got[i]!
    if (w.startsWith('{') && w.endsWith('}')) params[w.slice(1, -1)] = decodeURIComponent(g)
    else if (w !== g) return null
  }
  return params
}

/** Reply helper: 200 with a JSON body. */
export function ok(body: unknown): MockReply {
  return { status: 200, body }
}

/** ISO 8601 with microseconds, as Coinbase writes times. */
export function iso(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000Z')
}
