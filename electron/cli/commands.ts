/**
 * The `vigil` command line: a table of subcommands (later ones such as verify-audit, export,
 * report and metrics slot in here) and the dispatcher that runs one and maps mistakes to exit
 * code 2 with a clear message.
 */
import { EXIT, UsageError, type CliCommand, type CliContext } from './cli-io'
import { linkCommand, tokenCommand } from './access-commands'
import { atrCommand } from './atr-command'
import { costsCommand } from './costs-command'
import { exportCommand } from './export-command'
import { metricsCommand } from './metrics-command'
import { rehearseCommand } from './rehearse-command'
import { reportCommand } from './report-command'
import { serveCommand } from './serve-command'
import { verifyAuditCommand } from './verify-audit-command'

/** Every subcommand, by name. */
const COMMANDS: Readonly<Record<string, CliCommand>> = {
  serve: serveCommand,
  link: linkCommand,
  token: tokenCommand,
  'verify-audit': verifyAuditCommand,
  export: exportCommand,
  metrics: metricsCommand,
  atr: atrCommand,
  report: reportCommand,
  costs: costsCommand,
  rehearse: rehearseCommand,
}

/** The overall usage text. */
function usageText(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length), 4)
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`)
  return [
    'Usage: vigil <command> [options]',
    '',
    'Commands:',
    ...lines,
    `  ${'help'.padEnd(width)}  Show this help, or a command's help: vigil help <command>`,
  ].join('\n')
}

/** Runs `vigil` with the arguments after the program name; resolves with the exit code. */
export async function runCli(argv: readonly string[], context: CliContext): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined) {
    context.err('No command given.')
    context.err(usageText())
    return EXIT.usage
  }
  if (name === 'help' || name === '--help' || name === '-h') {
    const topic = rest[0]
    if (topic !== undefined && Object.hasOwn(COMMANDS, topic)) {
      context.out(`Usage: ${COMMANDS[topic]?.usage}`)
      return EXIT.ok
    }
    if (topic !== undefined) {
      context.err(`Unknown command "${topic}".`)
      context.err(usageText())
      return EXIT.usage
    }
    context.out(usageText())
    return EXIT.ok
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined
  if (!command) {
    context.err(`Unknown command "${name}".`)
    context.err(usageText())
    return EXIT.usage
  }
  try {
    return await command.run(rest, context)
  } catch (error) {
    if (error instanceof UsageError) {
      context.err(`vigil ${name}: ${error.message}`)
      context.err(`Usage: ${command.usage}`)
      return EXIT.usage
    }
    context.err(`vigil ${name} failed: ${(error as Error)?.message ?? String(error)}`)
    return EXIT.failure
  }
}
