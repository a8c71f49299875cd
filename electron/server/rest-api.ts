/**
 * The REST API for the trader's own bots, under /api/v1. Every body goes through the same
 * contract schemas as the console's commands, and every order is recorded with source 'api'.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { parseCommand, type Command, type CommandResponses } from '../../shared/contract'
import type { Result } from '../../shared/result'
import type { Snapshot } from '../../shared/types'
import type { Engine } from '../engine/api'
import { HttpError, readJsonBody, sendError, sendJson } from './http-responses'

/** The path every API route starts with. */
export const API_PREFIX = '/api/v1'

interface Route {
  readonly pattern: RegExp
  readonly methods: Readonly<Record<string, Handler>>
}

type Handler = (req: IncomingMessage, url: URL, params: string[]) => Promise<Reply>
interface Reply {
  readonly status: number
  readonly body: unknown
  readonly headers?: Record<string, string>
}

/** Builds the API handler; it answers every path under /api, including unknown ones. */
export function createRestApi(engine: Engine, log: (message: string) => void) {
  const run = async <C extends Command>(command: C): Promise<CommandResponses[C['name']]> => {
    const result = (await engine.handle(command, { source: 'api' })) as Result<
      CommandResponses[C['name']]
    >
    if (!result.ok)
      throw new HttpError(result.error.code, result.error.message, {}, result.error.details)
    return result.value
  }
  const validated = (name: string, payload: unknown): Command => {
    const parsed = parseCommand(name, payload)
    if (!parsed.ok) throw new HttpError(parsed.error.code, parsed.error.message)
    return parsed.value
  }
  const snapshot = async (url: URL): Promise<{ snap: Snapshot; accountId: string | undefined }> => {
    const { accountId } = queryParams(url, ['accountId'])
    const snap = await run({ name: 'app:get-snapshot', payload: {} })
    if (accountId !== undefined && !snap.accounts.some((a) => a.id === accountId)) {
      const known = snap.accounts.map((a) => a.id).join(', ')
      throw new HttpError('NOT_FOUND', `There is no account "${accountId}". Accounts: ${known}.`)
    }
    return { snap, accountId }
  }

  const routes: Route[] = [
    {
      pattern: /^\/orders$/,
      methods: {
        GET: async (_req, url) => {
          const query = queryParams(url, ['accountId', 'limit'])
          const payload: Record<string, unknown> = {}
          if (query.accountId !== undefined) payload.accountId = query.accountId
          if (query.limit !== undefined) payload.limit = wholeNumber('limit', query.limit)
          const orders = await run(validated('orders:list', payload))
          return { status: 200, body: { orders } }
        },
        POST: async (req, url) => {
          queryParams(url, [])
          const body = await readJsonBody(req)
          if (typeof body !== 'object' || body === null || Array.isArray(body)) {
            throw new HttpError(
              'INVALID_INPUT',
              `The request body must be a JSON object such as {"symbol":"BTC-USD","side":"buy","type":"market","quantity":"0.01"}, not ${describe(body)}.`,
            )
          }
          const order = (await run(
            validated('orders:submit', body),
          )) as CommandResponses['orders:submit']
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
          const order = await run(validated('orders:get', payload))
          return { status: 200, body: order }
        },
      },
    },
    {
      pattern: /^\/positions$/,
      methods: {
        GET: async (_req, url) => {
          const { snap, accountId } = await snapshot(url)
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
          const { snap, accountId } = await snapshot(url)
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

  return async function handleApi(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
  ): Promise<void> {
    try {
      const reply = await dispatch(req, url)
      sendJson(res, reply.status, reply.body, reply.headers)
    } catch (error) {
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

  async function dispatch(req: IncomingMessage, url: URL): Promise<Reply> {
    const path = url.pathname.startsWith(API_PREFIX + '/')
      ? url.pathname.slice(API_PREFIX.length)
      : null
    for (const route of path === null ? [] : routes) {
      const match = route.pattern.exec(path ?? '')
      if (!match) continue
      const handler = route.methods[req.method ?? '']
      if (!handler) {
        const allowed = Object.keys(route.methods).join(', ')
        throw new HttpError(
          'METHOD_NOT_ALLOWED',
          `${req.method} is not allowed here; use ${allowed}.`,
          {
            Allow: allowed,
          },
        )
      }
      return handler(req, url, match.slice(1))
    }
    throw new HttpError(
      'NOT_FOUND',
      `There is no API at ${url.pathname}. Available: POST and GET ${API_PREFIX}/orders, GET ${API_PREFIX}/orders/{id}, GET ${API_PREFIX}/positions, GET ${API_PREFIX}/balances.`,
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
