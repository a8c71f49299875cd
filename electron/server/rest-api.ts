/**
 * The REST API for the trader's own bots, under /api/v1. Every command goes through the host
 * dispatch, as the console's do (the same contract schemas, the same journal of malformed
 * orders), and every order is recorded with source 'api'.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { CommandName, CommandResponses } from '../../shared/contract'
import type { Snapshot } from '../../shared/types'
import type { Engine } from '../engine'
import { exportAuditCsv } from '../engine/journal'
import {
  createDispatch,
  exportFileName,
  streamJournalExport,
  type AuditExportFormat,
} from '../host'
import {
  ClientGone,
  HttpError,
  parseJson,
  readBodyText,
  sendError,
  sendJson,
} from './http-responses'
import { BASE_HEADERS, DOCUMENT_HEADERS } from './security'
import { botOf, botRoutes } from './bot-routes'
import { validationRoutes } from './validation-routes'

/** The path every API route starts with. */
const API_PREFIX = '/api/v1'

interface Route {
  readonly pattern: RegExp
  readonly methods: Readonly<Record<string, Handler>>
}

/** A handler answers with a JSON reply, or with null once it has streamed its own response. */
type Handler = (
  req: IncomingMessage,
  url: URL,
  params: string[],
  res: ServerResponse,
) => Promise<Reply | null>
interface Reply {
  readonly status: number
  readonly body: unknown
  readonly headers?: Record<string, string>
}

/** What the API needs besides the engine. */
export interface RestApiOptions {
  /** The data folder's journal, which the export routes read directly. */
  readonly journalDir: string
  /** The wall clock, for export file names; the real one by default. */
  readonly now?: () => Date
}

/** The route of the journal download, the one API route a signed-in tab reaches (by a one-time ticket). */
export const AUDIT_EXPORT_PATH = `${API_PREFIX}/audit/export`

/** The `accountId` a listing takes for every account instead of the default one. */
export const ALL_ACCOUNTS = 'all'

// Records the audit list returns when no limit is given.
const DEFAULT_AUDIT_LIMIT = 500

/** Builds the API handler; it answers every path under /api, including unknown ones. */
export function createRestApi(
  engine: Engine,
  log: (message: string) => void,
  options: RestApiOptions,
) {
  const now = options.now ?? (() => new Date())
  const dispatchOptions = {
    source: 'api' as const,
    log: (message: string, error: unknown) =>
      log(`${message} ${(error as Error)?.stack ?? String(error)}`),
  }
  const commands = createDispatch(engine, dispatchOptions)
  // The bot the request names (X-Vigil-Bot), for every command the request runs.
  const caller = new AsyncLocalStorage<string | undefined>()
  const dispatchOf = () => {
    const bot = caller.getStore()
    return bot === undefined ? commands : createDispatch(engine, { ...dispatchOptions, bot })
  }
  /** Runs a command; a refusal becomes the HTTP error its code maps to. */
  const run = async <N extends CommandName>(
    name: N,
    payload: unknown,
    received?: unknown,
  ): Promise<CommandResponses[N]> => {
    const result = await dispatchOf().run(name, payload, received)
    if (!result.ok)
      throw new HttpError(result.error.code, result.error.message, {}, result.error.details)
    return result.value
  }
  // A listing is about the account named by ?accountId=, every account for ?accountId=all, and
  // the default paper account when none is named (accountId undefined means every account).
  const listed = async (
    url: URL,
    allowed: readonly string[] = ['accountId'],
  ): Promise<{
    snap: Snapshot
    accountId: string | undefined
    query: Record<string, string | undefined>
  }> => {
    const query = queryParams(url, allowed)
    const snap = await run('app:get-snapshot', {})
    const requested = query.accountId ?? snap.defaultAccountId
    if (requested === ALL_ACCOUNTS) return { snap, accountId: undefined, query }
    if (!snap.accounts.some((a) => a.id === requested)) {
      const known = snap.accounts.map((a) => a.id).join(', ')
      throw new HttpError(
        'NOT_FOUND',
        `There is no account "${requested}". Accounts: ${known} (or "${ALL_ACCOUNTS}" for every account).`,
      )
    }
    return { snap, accountId: requested, query }
  }

  const routes: Route[] = [
    {
      pattern: /^\/orders$/,
      methods: {
        GET: async (_req, url) => {
          const { accountId, query } = await listed(url, ['accountId', 'limit'])
          const payload: Record<string, unknown> = {}
          if (accountId !== undefined) payload.accountId = accountId
          if (query.limit !== undefined) payload.limit = wholeNumber('limit', query.limit)
          const orders = await run('orders:list', payload)
          return { status: 200, body: { orders } }
        },
        POST: async (req, url) => {
          let raw = ''
          let body: unknown
          try {
            queryParams(url, [])
            raw = await readBodyText(req)
            body = parseJson(raw)
            if (typeof body !== 'object' || body === null || Array.isArray(body)) {
              throw new HttpError(
                'INVALID_INPUT',
                `The request body must be a JSON object such as {"symbol":"BTC-USD","side":"buy","type":"market","quantity":"0.01"}, not ${describe(body)}.`,
              )
            }
          } catch (error) {
            // A body refused before validation leaves its trace too; the caller still gets its
            // 4xx whatever the journal does. (One that fails validation is journaled by the dispatch.)
            if (error instanceof HttpError) {
              await commands.refuseOrder(error.received?.raw ?? raw, error.message)
            }
            throw error
          }
          const order = await run('orders:submit', body, raw)
          return {
            status: 201,
            body: order,
            headers: { Location: `${API_PREFIX}/orders/${encodeURIComponent(order.id)}` },
          }
        },
      },
    },
    {
      pattern: /^\/orders\/([^/]+)$/,
      methods: {
        GET: async (_req, url, [rawId]) => {
          const query = queryParams(url, ['accountId'])
          const id = decodeSegment(rawId ?? '')
          const payload: Record<string, unknown> = { id }
          if (query.accountId !== undefined) payload.accountId = query.accountId
          const order = await run('orders:get', payload)
          return { status: 200, body: order }
        },
        // Cancels an open order; answers with what became of it (it may have filled first).
        DELETE: async (_req, url, [rawId]) => {
          const query = queryParams(url, ['accountId'])
          const payload: Record<string, unknown> = { id: decodeSegment(rawId ?? '') }
          if (query.accountId !== undefined) payload.accountId = query.accountId
          const order = await run('orders:cancel', payload)
          return { status: 200, body: order }
        },
      },
    },
    {
      // The gate's dry run of a would-be order (the body a POST /orders would carry, without a
      // client order id): every check's outcome in the words a refusal would carry; nothing is
      // journaled, reserved or sent. 200 whether the order would pass or not.
      pattern: /^\/order-checks$/,
      methods: {
        POST: async (req, url) => {
          queryParams(url, [])
          const body = parseJson(await readBodyText(req))
          return { status: 200, body: await run('orders:check', body) }
        },
      },
    },
    {
      pattern: /^\/kill-switch$/,
      methods: {
        // {"closePositions": true|false, "reason": "..."}: cancel everything, optionally sell
        // every position, halt every account.
        POST: async (req, url) => {
          queryParams(url, [])
          const body = parseJson(await readBodyText(req))
          return { status: 200, body: await run('trading:kill-switch', body) }
        },
      },
    },
    {
      pattern: /^\/health$/,
      methods: {
        // A fresh round: a monitor polling this sees the state now, not 30 s ago.
        GET: async (_req, url) => {
          queryParams(url, [])
          return { status: 200, body: await run('health:check', {}) }
        },
      },
    },
    {
      pattern: /^\/performance$/,
      methods: {
        // ?accountId=&from=&to= (epoch ms): metrics, curves and trades; all accounts by default.
        GET: async (_req, url) => {
          const payload = accountAndWindow(url)
          return { status: 200, body: await run('performance:get', payload) }
        },
      },
    },
    {
      pattern: /^\/costs$/,
      methods: {
        // ?accountId=: actual against expected over the recent orders (all accounts without one):
        // each order's point, the breakdowns, the tests, the alarm, the calibration, and the
        // figures the validation plan reads. The same as the console's Costs screen.
        GET: async (_req, url) => {
          const query = queryParams(url, ['accountId'])
          const payload = query.accountId === undefined ? {} : { accountId: query.accountId }
          return { status: 200, body: await run('costs:summary', payload) }
        },
      },
    },
    {
      pattern: /^\/costs\/fees$/,
      methods: {
        // ?accountId=&from=&to= (epoch ms): each account's fee schedule, tier and the next, its
        // fills against the published rates (default: the trailing 30 days), tier changes and
        // the exchange's own figures.
        GET: async (_req, url) => {
          const payload = accountAndWindow(url)
          return { status: 200, body: await run('costs:fees', payload) }
        },
      },
    },
    {
      pattern: /^\/alerts$/,
      methods: {
        // Rules, notification settings and the latest alerts, newest first.
        GET: async (_req, url) => {
          queryParams(url, [])
          return { status: 200, body: await run('alerts:status', {}) }
        },
      },
    },
    {
      pattern: /^\/reconciliation$/,
      methods: {
        // Open findings, the latest settled ones, and each account's last run.
        GET: async (_req, url) => {
          queryParams(url, [])
          return { status: 200, body: await run('reconcile:status', {}) }
        },
        // {"accountId"?: "..."}: reconcile now, one account or all.
        POST: async (req, url) => {
          queryParams(url, [])
          const body = parseJson((await readBodyText(req)) || '{}')
          return { status: 200, body: await run('reconcile:run', body) }
        },
      },
    },
    {
      pattern: /^\/reconciliation\/([^/]+)$/,
      methods: {
        // {"action": "adopt"|"cancel"|"mark_closed"|"accept_drift"|"dismiss", "reason": "..."}
        POST: async (req, url, [rawId]) => {
          queryParams(url, [])
          const body = parseJson(await readBodyText(req))
          if (typeof body !== 'object' || body === null || Array.isArray(body))
            throw new HttpError(
              'INVALID_INPUT',
              'The request body must be a JSON object such as {"action":"mark_closed","reason":"checked at the exchange"}.',
            )
          const payload = { ...body, findingId: decodeSegment(rawId ?? '') }
          return { status: 200, body: await run('reconcile:resolve', payload) }
        },
      },
    },
    {
      pattern: /^\/audit$/,
      methods: {
        GET: async (_req, url) => {
          const query = queryParams(url, ['fromSeq', 'limit'])
          const payload: Record<string, unknown> = {}
          const fromSeq = query.fromSeq === undefined ? 1 : sequenceNumber('fromSeq', query.fromSeq)
          payload.fromSeq = fromSeq
          payload.limit =
            query.limit === undefined ? DEFAULT_AUDIT_LIMIT : wholeNumber('limit', query.limit)
          const records = (await run('audit:list', payload)) as CommandResponses['audit:list']
          const last = records.at(-1)
          // Where the next page starts: after the last record returned, or here again to poll.
          const nextSeq = last ? last.seq + 1 : fromSeq
          return { status: 200, body: { records, nextSeq } }
        },
      },
    },
    {
      pattern: /^\/audit\/export$/,
      methods: {
        GET: async (_req, url, _params, res) => {
          const { format = 'jsonl' } = queryParams(url, ['format'])
          if (format !== 'jsonl' && format !== 'csv' && format !== 'manifest') {
            throw new HttpError(
              'INVALID_INPUT',
              `format must be jsonl, csv or manifest (got "${format.slice(0, 20)}").`,
            )
          }
          await streamExport(res, format)
          return null
        },
      },
    },
    {
      pattern: /^\/reports$/,
      methods: {
        // Daily reports on disk, newest first.
        GET: async (_req, url) => {
          queryParams(url, [])
          return { status: 200, body: { reports: await run('reports:list', {}) } }
        },
      },
    },
    {
      pattern: /^\/reports\/([^/]+)$/,
      methods: {
        // One day's report as its self-contained HTML file (the browser host's export).
        GET: async (_req, url, [rawDate], res) => {
          queryParams(url, [])
          const date = decodeSegment(rawDate ?? '').replace(/\.html$/, '')
          const { html } = (await run('reports:get', { date })) as CommandResponses['reports:get']
          res.writeHead(200, {
            // Opened from the downloads folder or shown inline, it still runs nothing.
            ...DOCUMENT_HEADERS,
            'Content-Type': 'text/html; charset=utf-8',
            'Content-Disposition': `attachment; filename="vigil-report-${date}.html"`,
            'Cache-Control': 'no-store',
          })
          res.end(html)
          return null
        },
      },
    },
    ...botRoutes(run),
    ...validationRoutes(run),
    {
      pattern: /^\/positions$/,
      methods: {
        GET: async (_req, url) => {
          const { snap, accountId } = await listed(url)
          return {
            status: 200,
            body: {
              positions: snap.positions.filter((p) => !accountId || p.accountId === accountId),
            },
          }
        },
      },
    },
    {
      pattern: /^\/balances$/,
      methods: {
        GET: async (_req, url) => {
          const { snap, accountId } = await listed(url)
          return {
            status: 200,
            body: {
              balances: snap.balances.filter((b) => !accountId || b.accountId === accountId),
            },
          }
        },
      },
    },
  ]

  /** Streams an export as a download; the manifest is computed by reading the whole journal. */
  const streamExport = async (
    res: ServerResponse,
    format: AuditExportFormat | 'manifest',
  ): Promise<void> => {
    const at = now()
    const name = exportFileName(format, at)
    const start = (type: string): void => {
      res.writeHead(200, {
        ...BASE_HEADERS,
        'Content-Type': type,
        'Content-Disposition': `attachment; filename="${name}"`,
        'Cache-Control': 'no-store',
      })
    }
    if (format === 'manifest') {
      const manifest = await streamJournalExport(
        options.journalDir,
        () => undefined,
        exportFileName('jsonl', at),
        at,
      )
      const text = JSON.stringify(manifest, null, 2) + '\n'
      start('application/json; charset=utf-8')
      res.end(text)
      return
    }
    const write = writerFor(res)
    if (format === 'csv') {
      start('text/csv; charset=utf-8')
      await exportAuditCsv(options.journalDir, write)
    } else {
      start('application/x-ndjson; charset=utf-8')
      await streamJournalExport(options.journalDir, write, name, at)
    }
    res.end()
  }

  return async function handleApi(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
  ): Promise<void> {
    try {
      const bot = url.pathname.startsWith(API_PREFIX + '/') ? botOf(req) : undefined
      const reply = await caller.run(bot, () => dispatch(req, url, res))
      if (reply) sendJson(res, reply.status, reply.body, reply.headers)
    } catch (error) {
      if (error instanceof ClientGone) {
        // Nothing was done with a request that never arrived whole; no answer can reach it.
        log(
          `A client closed the connection before sending all of its ${req.method} ${url.pathname} request; nothing was done with it.`,
        )
        res.destroy()
        return
      }
      if (res.headersSent) {
        // A download failed half-way: cutting the connection is the only honest signal left.
        log(`A download from ${url.pathname} failed: ${(error as Error)?.message ?? String(error)}`)
        res.destroy()
        return
      }
      if (error instanceof HttpError) {
        sendError(
          res,
          { code: error.code, message: error.message, details: error.details },
          error.headers,
        )
        return
      }
      log(
        `Internal error answering ${req.method} ${url.pathname}: ${(error as Error)?.stack ?? String(error)}`,
      )
      sendError(res, {
        code: 'INTERNAL',
        message: 'Vigil failed to answer this request; the details are in its log.',
      })
    }
  }

  async function dispatch(
    req: IncomingMessage,
    url: URL,
    res: ServerResponse,
  ): Promise<Reply | null> {
    const path = url.pathname.startsWith(API_PREFIX + '/')
      ? url.pathname.slice(API_PREFIX.length)
      : null
    for (const route of path === null ? [] : routes) {
      const match = route.pattern.exec(path ?? '')
      if (!match) continue
      // HEAD is GET without the body: Node leaves the body out of a HEAD response by itself,
      // so the headers (Content-Length included) are exactly GET's.
      const method = req.method === 'HEAD' && route.methods.GET ? 'GET' : (req.method ?? '')
      const handler = route.methods[method]
      if (!handler) {
        const allowed = Object.keys(route.methods)
          .flatMap((m) => (m === 'GET' ? ['GET', 'HEAD'] : [m]))
          .join(', ')
        throw new HttpError(
          'METHOD_NOT_ALLOWED',
          `${req.method} is not allowed here; use ${allowed}.`,
          {
            Allow: allowed,
          },
        )
      }
      return handler(req, url, match.slice(1), res)
    }
    throw new HttpError(
      'NOT_FOUND',
      `There is no API at ${url.pathname}. Available: POST and GET ${API_PREFIX}/orders, GET ${API_PREFIX}/orders/{id}, POST ${API_PREFIX}/order-checks, GET ${API_PREFIX}/positions, GET ${API_PREFIX}/balances, GET ${API_PREFIX}/audit, GET ${API_PREFIX}/audit/export, GET ${API_PREFIX}/health, POST ${API_PREFIX}/kill-switch, GET and POST ${API_PREFIX}/reconciliation, GET ${API_PREFIX}/performance, GET ${API_PREFIX}/alerts, GET ${API_PREFIX}/reports, GET ${API_PREFIX}/reports/{YYYY-MM-DD}.html, GET ${API_PREFIX}/validation, GET ${API_PREFIX}/validation/report, GET ${API_PREFIX}/bots, POST ${API_PREFIX}/bots/{name}/heartbeat, POST ${API_PREFIX}/bots/{name}/settings, POST ${API_PREFIX}/bots/{name}/resume, POST ${API_PREFIX}/console-links, POST ${API_PREFIX}/token/rotate.`,
    )
  }
}

/** Reads the allowed query parameters; an unknown or repeated one is a 400. */
function queryParams(url: URL, allowed: readonly string[]): Record<string, string | undefined> {
  const values: Record<string, string | undefined> = {}
  for (const key of new Set(url.searchParams.keys())) {
    if (!allowed.includes(key)) {
      throw new HttpError(
        'INVALID_INPUT',
        `Unknown query parameter "${key.slice(0, 40)}". ${allowed.length ? `Allowed: ${allowed.join(', ')}.` : 'This route takes none.'}`,
      )
    }
    const all = url.searchParams.getAll(key)
    if (all.length > 1)
      throw new HttpError('INVALID_INPUT', `The query parameter "${key}" was given more than once.`)
    values[key] = all[0]
  }
  return values
}

function wholeNumber(name: string, value: string): number {
  if (!/^\d{1,9}$/.test(value)) {
    throw new HttpError(
      'INVALID_INPUT',
      `${name} must be a whole number from 1 to 10000 (got "${value.slice(0, 20)}").`,
    )
  }
  return Number(value)
}

function sequenceNumber(name: string, value: string): number {
  if (!/^\d{1,15}$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value))) {
    throw new HttpError(
      'INVALID_INPUT',
      `${name} must be a journal sequence number, a whole number from 1 (got "${value.slice(0, 20)}").`,
    )
  }
  return Number(value)
}

/**
 * A write function over a response that waits when the socket's buffer is full, and fails
 * when the client has gone, so a large export never piles up in memory.
 */
function writerFor(res: ServerResponse): (chunk: string) => Promise<void> {
  return (chunk) =>
    new Promise<void>((resolve, reject) => {
      if (res.destroyed || res.writableEnded) {
        reject(new Error('the client closed the connection'))
        return
      }
      if (res.write(chunk)) {
        resolve()
        return
      }
      const done = (): void => {
        res.off('drain', done)
        res.off('close', done)
        if (res.destroyed && !res.writableFinished)
          reject(new Error('the client closed the connection'))
        else resolve()
      }
      res.on('drain', done)
      res.on('close', done)
    })
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    throw new HttpError('INVALID_INPUT', 'The order id in the address is not correctly encoded.')
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'string') return 'a string'
  return `a ${typeof value}`
}

/** `?accountId=&from=&to=` (epoch ms) as a command payload; a time that is not one is refused. */
function accountAndWindow(url: URL): Record<string, unknown> {
  const query = queryParams(url, ['accountId', 'from', 'to'])
  const payload: Record<string, unknown> = {}
  if (query.accountId !== undefined) payload.accountId = query.accountId
  for (const key of ['from', 'to'] as const) {
    const value = query[key]
    if (value === undefined) continue
    if (!/^\d{1,15}$/.test(value))
      throw new HttpError(
        'INVALID_INPUT',
        `${key} must be a time in epoch milliseconds, such as 1795521600000 (got "${value.slice(0, 20)}").`,
      )
    payload[key] = Number(value)
  }
  return payload
}
