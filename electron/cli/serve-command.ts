/**
 * `vigil serve`: the engine headless plus the loopback console and REST API. It prints a
 * one-time link, then runs until SIGINT or SIGTERM, when it shuts down cleanly: the server
 * closes, the journal is flushed and the snapshot written. A second signal forces the exit.
 */
import { connectExchange } from '../engine/brokers'
import { apiTokenFile, channelSecretsFile, credentialsFile } from '../engine/core'
import { createEngine, type Engine } from '../engine/index'
import { DEFAULT_BREAKER } from '../engine/resilience'
import { startServer, type RunningServer } from '../server/index'
import { ServerChannelSecrets } from '../server/channel-secrets'
import { envPrefix, ServerCredentialStore } from '../server/credentials'
import { systemClock } from '../host'
import { parseFlags, parsePort, parseSeed, resolveDataDir } from './args'
import { EXIT, UsageError, type CliCommand, type CliContext } from './cli-io'

// One Ctrl-C often arrives more than once (from the terminal and again from npm or npx,
// which forward it); signals this close to the first belong to the same key press.
const DUPLICATE_SIGNAL_MS = 500

/** The `serve` command. */
export const serveCommand: CliCommand = {
  summary: 'Run Vigil headless and serve the console to a browser on 127.0.0.1',
  usage: `vigil serve [--data-dir DIR] [--port N] [--seed N] [--breaker-cooldown S]

  --data-dir DIR  Data folder (default: $VIGIL_DATA_DIR, else ~/.vigil)
  --port N        Port on 127.0.0.1 (default: the port of the last start, else a free one;
                  0 picks a free port)
  --seed N        Seed of the simulated market, to reproduce a run
  --breaker-cooldown S
                  Seconds the circuit breaker halts before it recovers (default 300)
  -h, --help      Show this help`,
  async run(args, context) {
    const flags = parseFlags(args, {
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      seed: { type: 'string' },
      'breaker-cooldown': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    })
    if (flags.help) {
      context.out(`Usage: ${this.usage}`)
      return EXIT.ok
    }
    const port = parsePort(flags.port)
    const seed = parseSeed(flags.seed)
    const dataDir = resolveDataDir(flags['data-dir'], context.env)
    const cooldownS = parseCooldown(flags['breaker-cooldown'])
    return serve(context, { dataDir, port, seed, cooldownS })
  },
}

interface ServeOptions {
  readonly dataDir: string
  readonly port: number | undefined
  readonly seed: number | undefined
  readonly cooldownS: number | undefined
}

/** The breaker's cool-down in whole seconds, 1 to 86,400. */
function parseCooldown(raw: string | boolean | undefined): number | undefined {
  if (raw === undefined) return undefined
  if (typeof raw !== 'string' || !/^\d{1,5}$/.test(raw) || +raw < 1 || +raw > 86_400)
    throw new UsageError(
      `--breaker-cooldown must be a whole number of seconds from 1 to 86400; got "${String(raw)}".`,
    )
  return Number(raw)
}

async function serve(context: CliContext, options: ServeOptions): Promise<number> {
  let engine: Engine
  try {
    engine = await createEngine({
      dataDir: options.dataDir,
      clock: systemClock,
      seed: options.seed,
      ...(options.cooldownS === undefined
        ? {}
        : { breaker: { ...DEFAULT_BREAKER, cooldownMs: options.cooldownS * 1_000 } }),
      // Exchange API keys: VIGIL_<ACCOUNT>_API_KEY/_API_SECRET/_API_PASSWORD, or a file only
      // its owner can read.
      credentials: new ServerCredentialStore({
        file: credentialsFile(options.dataDir),
      }),
      // Alert channel secrets: VIGIL_CHANNEL_<CHANNEL>_SECRET, or a file only its owner can read.
      channelSecrets: new ServerChannelSecrets(channelSecretsFile(options.dataDir), context.env),
      // VIGIL_<EXCHANGE>_API_URL sends an exchange's API calls to another base URL: a local
      // proxy, or a mock exchange in the crash tests.
      exchangeBroker: (account, credentials) => {
        const name = `${envPrefix(account.exchangeId ?? '')}_API_URL`
        const apiUrl = context.env[name] || undefined
        if (apiUrl) context.err(`${account.exchangeId} API calls go to ${apiUrl} (${name}).`)
        return connectExchange(account, credentials, systemClock, apiUrl)
      },
    })
  } catch (error) {
    context.err(`Vigil could not start: ${(error as Error).message}`)
    return EXIT.failure
  }
  for (const warning of engine.info.warnings) context.err(`Warning: ${warning}`)
  const { journalSeq, replayed, startupMs } = engine.info
  context.err(
    `Recovered in ${Math.round(startupMs)} ms: journal at seq ${journalSeq}, ${replayed} record${replayed === 1 ? '' : 's'} replayed on top of the snapshot.`,
  )

  let server: RunningServer
  try {
    server = await startServer({
      engine,
      port: options.port,
      rendererDir: context.rendererDir,
      dataDir: options.dataDir,
      log: context.err,
    })
  } catch (error) {
    context.err(`Vigil could not start its server: ${(error as Error).message}`)
    await keepAlive(() => engine.close('the server could not start')).catch(() => undefined)
    return EXIT.failure
  }

  // The signal handlers go in before the link is printed: a script that stops the server as
  // soon as it reads the link must get the clean shutdown, not the default exit.
  const stopped = new Promise<number>((resolve) => {
    let firstSignalAt: number | null = null
    const onSignal = (signal: NodeJS.Signals): void => {
      const now = Date.now()
      if (firstSignalAt === null) {
        firstSignalAt = now
        context.err(
          `Stopping Vigil (${signal}): closing the server, flushing the journal, writing the snapshot…`,
        )
        void shutdown(server, engine, `stopped by the operator (${signal})`).then(
          () => {
            context.out('Vigil stopped cleanly')
            detach()
            resolve(EXIT.ok)
          },
          (error: unknown) => {
            context.err(`Vigil did not stop cleanly: ${(error as Error).message}`)
            detach()
            resolve(EXIT.failure)
          },
        )
        return
      }
      if (now - firstSignalAt < DUPLICATE_SIGNAL_MS) return
      context.err('Second signal: exiting at once, without finishing the shutdown.')
      process.exit(signal === 'SIGINT' ? 130 : 143)
    }
    const detach = (): void => {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
    }
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
  })
  if (server.portMoved) context.err(`Warning: ${server.portMoved}`)
  context.out(`Vigil console: ${server.url}`)
  context.out(
    `Open the link within 60 seconds: it signs in one browser tab, once. For another tab, or later: npx vigil link. Bots send "Authorization: Bearer TOKEN" with the token in ${apiTokenFile(options.dataDir)} (readable only by you; it stays the same until \`vigil token rotate\`). Press Ctrl-C to stop.`,
  )
  return stopped
}

/**
 * Holds the process open until `work` settles: the engine's timers never do on their own, and
 * closing waits for what is in flight (an order on the paper exchange's latency, a health round).
 */
async function keepAlive<T>(work: () => Promise<T>): Promise<T> {
  const timer = setInterval(() => undefined, 1_000)
  try {
    return await work()
  } finally {
    clearInterval(timer)
  }
}

async function shutdown(server: RunningServer, engine: Engine, reason: string): Promise<void> {
  await keepAlive(async () => {
    try {
      await server.close()
    } finally {
      await engine.close(reason)
    }
  })
}
