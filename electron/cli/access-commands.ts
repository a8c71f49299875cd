/**
 * `vigil link` prints a new one-time console link from the running server; `vigil token
 * rotate` replaces the bots' API token (through the running server, which then refuses the old
 * one at once, or in the data folder when no server runs) and says what to update.
 */
import { apiTokenFile, serverFile } from '../engine/core'
import {
  CONSOLE_LINKS_PATH,
  LINK_CODE_TTL_MS,
  readServerFile,
  TOKEN_ROTATE_PATH,
  writeApiToken,
  type ServerFile,
} from '../server/index'
import { parseCommandLine, resolveDataDir } from './args'
import { EXIT, UsageError, type CliCommand, type CliContext } from './cli-io'

const DATA_DIR_HELP = '--data-dir DIR  The data folder (default $VIGIL_DATA_DIR, else ~/.vigil)'

/** Asks the running server; null when none answers at the address server.json gives. */
async function askServer(
  running: ServerFile,
  path: string,
): Promise<{ status: number; body: Record<string, unknown> } | null> {
  let response: Response
  try {
    response = await fetch(`http://127.0.0.1:${running.port}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${running.token}` },
    })
  } catch {
    return null
  }
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>
  return { status: response.status, body }
}

function errorText(body: Record<string, unknown>): string {
  const error = body.error as { message?: unknown } | undefined
  return typeof error?.message === 'string' ? error.message : 'no reason given'
}

function flagsOf(args: readonly string[], context: CliContext) {
  const { flags } = parseCommandLine(
    args,
    { 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    0,
  )
  return { help: flags.help === true, dataDir: resolveDataDir(flags['data-dir'], context.env) }
}

/** The `link` command. */
export const linkCommand: CliCommand = {
  summary: 'Print a new one-time link to the running console (valid for 60 seconds)',
  usage: `vigil link [--data-dir DIR]

  ${DATA_DIR_HELP}
  -h, --help      Show this help

Asks the server host running on the data folder for a link that signs in one browser tab,
once, within ${LINK_CODE_TTL_MS / 1000} seconds. Exit codes: 0 printed, 1 no server running.`,
  async run(args, context) {
    const { help, dataDir } = flagsOf(args, context)
    if (help) {
      context.out(`Usage: ${this.usage}`)
      return EXIT.ok
    }
    const running = await readServerFile(dataDir)
    const answer = running ? await askServer(running, CONSOLE_LINKS_PATH) : null
    if (!running || !answer) {
      context.err(
        `Vigil is not running on ${dataDir}${running ? ` (nothing answers on port ${running.port})` : ''}. Start it with \`npx vigil serve\`, which prints a link.`,
      )
      return EXIT.failure
    }
    if (answer.status !== 201 || typeof answer.body.url !== 'string') {
      context.err(`Vigil refused to make a link: ${errorText(answer.body)}`)
      return EXIT.failure
    }
    context.out(`Vigil console: ${answer.body.url}`)
    context.err(
      `Open it within ${LINK_CODE_TTL_MS / 1000} seconds; it signs in one browser tab, once.`,
    )
    return EXIT.ok
  },
}

/** The `token` command. */
export const tokenCommand: CliCommand = {
  summary: "Replace the bots' API token (vigil token rotate)",
  usage: `vigil token rotate [--data-dir DIR]

  ${DATA_DIR_HELP}
  -h, --help      Show this help

Writes a new API token to DIR/api-token (readable only by you). The old one stops working at
once, in the running server too; every bot or script that sends "Authorization: Bearer ..."
needs the new one. Console tabs stay signed in: they have sessions of their own.`,
  async run(args, context) {
    const [action, ...rest] = args
    if (action === '-h' || action === '--help') {
      context.out(`Usage: ${this.usage}`)
      return EXIT.ok
    }
    if (action !== 'rotate') {
      throw new UsageError(
        action === undefined
          ? 'Say what to do: rotate.'
          : `Unknown action "${action}"; the one action is rotate.`,
      )
    }
    const { help, dataDir } = flagsOf(rest, context)
    if (help) {
      context.out(`Usage: ${this.usage}`)
      return EXIT.ok
    }
    const running = await readServerFile(dataDir)
    const answer = running ? await askServer(running, TOKEN_ROTATE_PATH) : null
    let where: string
    if (answer) {
      if (answer.status !== 200) {
        context.err(`The running Vigil refused to rotate the token: ${errorText(answer.body)}`)
        return EXIT.failure
      }
      where =
        'The running server refuses the old token from now on and closed the connections that used it.'
    } else {
      // No server answers: the next one to start reads the new token.
      await writeApiToken(dataDir)
      where = 'No server is running; the next one uses the new token.'
    }
    context.out(`New API token written to ${apiTokenFile(dataDir)} (readable only by you).`)
    context.out(where)
    context.out(
      `Update every bot and script that sends "Authorization: Bearer ...": the token is the one line of ${apiTokenFile(dataDir)}${answer ? `, and the "token" field of ${serverFile(dataDir)}` : ''}. Console tabs stay signed in.`,
    )
    return EXIT.ok
  },
}
