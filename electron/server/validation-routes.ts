/**
 * The REST routes of the 90-day validation plan: GET /validation answers the plan, its phase
 * and every criterion as JSON (what the Roadmap screen shows), GET /validation/report its final
 * audit as a self-contained HTML page, under the same headers as a daily report's page.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { CommandName, CommandResponses } from '../../shared/contract'
import { HttpError } from './http-responses'
import { REPORT_PAGE_HEADERS } from './report-route'

/** Runs a command for the routes; a refusal is thrown as its HTTP error. */
type Run = <N extends CommandName>(name: N, payload: unknown) => Promise<CommandResponses[N]>

interface ValidationRoute {
  readonly pattern: RegExp
  readonly methods: Readonly<
    Record<
      string,
      (
        req: IncomingMessage,
        url: URL,
        params: string[],
        res: ServerResponse,
      ) => Promise<{ readonly status: number; readonly body: unknown } | null>
    >
  >
}

function noQuery(url: URL): void {
  const key = url.searchParams.keys().next()
  if (!key.done)
    throw new HttpError(
      'INVALID_INPUT',
      `Unknown query parameter "${key.value.slice(0, 40)}". This route takes none.`,
    )
}

/** The validation routes, answered through `run`. */
export function validationRoutes(run: Run): ValidationRoute[] {
  return [
    {
      pattern: /^\/validation$/,
      methods: {
        GET: async (_req, url) => {
          noQuery(url)
          return { status: 200, body: await run('validation:get', {}) }
        },
      },
    },
    {
      pattern: /^\/validation\/report$/,
      methods: {
        GET: async (_req, url, _params, res) => {
          noQuery(url)
          const { html, fileName } = await run('validation:report', {})
          res.writeHead(200, {
            ...REPORT_PAGE_HEADERS,
            'Content-Type': 'text/html; charset=utf-8',
            'Content-Length': String(Buffer.byteLength(html)),
            // Shown inline; saved, it keeps the engine's name for it.
            'Content-Disposition': `inline; filename="${fileName.replace(/[^\w.-]/g, '_')}"`,
          })
          res.end(html)
          return null
        },
      },
    },
  ]
}
