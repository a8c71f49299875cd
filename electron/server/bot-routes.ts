/**
 * The REST routes of the trader's bots: the list, a bot's heartbeat, its setting and lifting
 * its halt. A bot names itself on every call with the X-Vigil-Bot header (the primary way; the
 * heartbeat route names it in the address too, and the two must agree).
 */
import type { IncomingMessage } from 'node:http'
import { BOT_HEADER, BOT_NAME_PATTERN, BOT_NAME_RULE } from '../../shared/bots'
import type { CommandName, CommandResponses } from '../../shared/contract'
import { HttpError, parseJson, readBodyText } from './http-responses'

/** Runs a command for the routes; a refusal is thrown as its HTTP error. */
type Run = <N extends CommandName>(name: N, payload: unknown) => Promise<CommandResponses[N]>

interface BotReply {
  readonly status: number
  readonly body: unknown
}

interface BotRoute {
  readonly pattern: RegExp
  readonly methods: Readonly<
    Record<string, (req: IncomingMessage, url: URL, params: string[]) => Promise<BotReply>>
  >
}

/**
 * The bot a request names in its X-Vigil-Bot header, or undefined without one; a bad name is a
 * 400 with what a name may be, and nothing is done.
 */
export function botOf(req: IncomingMessage): string | undefined {
  const raw = req.headers[BOT_HEADER.toLowerCase()]
  if (raw === undefined) return undefined
  const value = Array.isArray(raw) ? raw.join(', ') : raw
  if (BOT_NAME_PATTERN.test(value)) return value
  throw new HttpError(
    'INVALID_INPUT',
    `The ${BOT_HEADER} header ${JSON.stringify(value.slice(0, 60))} is not a bot name: ${BOT_NAME_RULE}. Nothing was done.`,
  )
}

/** The bot routes, answered through `run`. */
export function botRoutes(run: Run): BotRoute[] {
  const body = async (req: IncomingMessage, url: URL, example: string) => {
    if ([...url.searchParams.keys()].length > 0)
      throw new HttpError('INVALID_INPUT', 'This route takes no query parameters.')
    const value = parseJson((await readBodyText(req)) || '{}')
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new HttpError(
        'INVALID_INPUT',
        `The request body must be a JSON object such as ${example}.`,
      )
    return value as Record<string, unknown>
  }
  /** The bot named in the address; it must be the header's, when there is one. */
  const named = (req: IncomingMessage, raw: string | undefined): string => {
    let name: string
    try {
      name = decodeURIComponent(raw ?? '')
    } catch {
      throw new HttpError('INVALID_INPUT', 'The bot name in the address is not correctly encoded.')
    }
    const header = botOf(req)
    if (header !== undefined && header !== name)
      throw new HttpError(
        'INVALID_INPUT',
        `The ${BOT_HEADER} header names "${header}" but the address names "${name.slice(0, 40)}"; they must be the same bot. Nothing was done.`,
      )
    return name
  }
  return [
    {
      pattern: /^\/bots$/,
      methods: {
        // Every bot with its orders, fills, PnL, heartbeat, quiet and halt.
        GET: async (_req, url) => {
          if ([...url.searchParams.keys()].length > 0)
            throw new HttpError('INVALID_INPUT', 'This route takes no query parameters.')
          return { status: 200, body: await run('bots:list', {}) }
        },
      },
    },
    {
      pattern: /^\/bots\/([^/]+)\/heartbeat$/,
      methods: {
        // {"intervalSeconds": 5..86400}: alive, and the next heartbeat within that.
        POST: async (req, url, [raw]) => {
          const name = named(req, raw)
          const payload = { ...(await body(req, url, '{"intervalSeconds": 30}')), name }
          return { status: 200, body: await run('bots:heartbeat', payload) }
        },
      },
    },
    {
      pattern: /^\/bots\/([^/]+)\/settings$/,
      methods: {
        // {"onQuiet": "alert"|"halt"}: what going quiet does to the bot.
        POST: async (req, url, [raw]) => {
          const name = named(req, raw)
          const payload = { ...(await body(req, url, '{"onQuiet": "halt"}')), name }
          return { status: 200, body: await run('bots:set', payload) }
        },
      },
    },
    {
      pattern: /^\/bots\/([^/]+)\/resume$/,
      methods: {
        // {"reason": "..."}: lifts the bot's halt; the reason is journaled.
        POST: async (req, url, [raw]) => {
          const name = named(req, raw)
          const payload = { ...(await body(req, url, '{"reason": "restarted the bot"}')), name }
          return { status: 200, body: await run('bots:resume', payload) }
        },
      },
    },
  ]
}
