/**
 * `vigil rehearse --days 90 --seed N [--strategy NAME] --out DIR`: the 90-day validation plan
 * rehearsed on generated one-minute candles through the whole engine, in a new scratch data
 * folder (removed afterwards; never the trader's), as fast as the machine allows. Writes the
 * plan as JSON, its final audit as HTML and what each account did; Ctrl-C stops it cleanly.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { PLAN_DAYS } from '../../shared/validation'
import { SYMBOLS } from '../../shared/types'
import { rehearse } from '../engine'
import { writeRehearsalFiles } from '../engine/rehearsal'
import { STRATEGIES } from '../engine/signals'
import { parseCommandLine } from './args'
import { EXIT, UsageError, type CliCommand, type CliContext } from './cli-io'

const DEFAULT_SEED = 1
/** The exit code of a run stopped by Ctrl-C (128 + SIGINT), as shells report it. */
const STOPPED = 130

/** The `rehearse` command. */
export const rehearseCommand: CliCommand = {
  summary: 'Rehearse the 90-day validation plan on simulated candles, fast; writes its report',
  usage: `vigil rehearse --out DIR [--days N] [--seed N] [--strategy NAME] [--daily-reports]

  --out DIR        Where to write validation.json (the plan, phase and criteria, as
                   GET /api/v1/validation answers), validation-report.html (the final audit)
                   and rehearsal.json (what each account did); made if missing
  --days N         Days to rehearse, 1 to ${PLAN_DAYS} (default ${PLAN_DAYS})
  --seed N         Seed of the generated candles, a whole number (default ${DEFAULT_SEED}): the
                   same seed rehearses the same days
  --daily-reports  Make every day's report (slower: each folds the journal from its start);
                   by default the last day of each phase and the last day get theirs
  --strategy NAME  The strategy to run: ${STRATEGIES.map((s) => s.id).join(', ')} (default ${STRATEGIES[0]?.id})
  -h, --help       Show this help

One paper account per symbol (${SYMBOLS.join(', ')}) trades through the gate with the
plan's size bands, the paper exchange, verification, the journal, costs, alerts and the breaker;
drills run on days 35 and 50 and daily reports are made. The data folder is a new temporary
folder, removed at the end. Progress goes to stderr; Ctrl-C stops at the next simulated minute
and still writes the files. Exit codes: 0 done, 1 failed, 2 a usage mistake, 130 stopped.`,
  async run(args, context) {
    const { flags } = parseCommandLine(
      args,
      {
        out: { type: 'string' },
        days: { type: 'string' },
        seed: { type: 'string' },
        strategy: { type: 'string' },
        'daily-reports': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      0,
    )
    if (flags.help) {
      context.out(`Usage: ${this.usage}`)
      return EXIT.ok
    }
    if (typeof flags.out !== 'string' || flags.out.trim() === '')
      throw new UsageError('Give --out DIR: the folder the report and the JSON are written to.')
    const days = wholeNumber(flags.days, '--days', 1, PLAN_DAYS) ?? PLAN_DAYS
    const seed = wholeNumber(flags.seed, '--seed', 0, 2 ** 31) ?? DEFAULT_SEED
    const strategyId = strategyOf(flags.strategy)
    const outDir = path.resolve(flags.out)
    const reports = flags['daily-reports'] ? 'daily' : 'phase-ends'
    return runRehearsal({ days, seed, strategyId, outDir, reports }, context)
  },
}

async function runRehearsal(
  setup: {
    days: number
    seed: number
    strategyId: string
    outDir: string
    reports: 'daily' | 'phase-ends'
  },
  context: CliContext,
): Promise<number> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'vigil-rehearsal-'))
  const abort = new AbortController()
  const onSignal = (): void => {
    if (abort.signal.aborted) return
    context.err('Stopping the rehearsal at the next simulated minute…')
    abort.abort()
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  // Nothing else holds the process open while the rehearsal's engine closes.
  const keepAlive = setInterval(() => undefined, 60_000)
  const progress = progressPrinter(context)
  const symbols = [...SYMBOLS]
  try {
    context.err(
      `Rehearsing ${setup.days} day${setup.days === 1 ? '' : 's'} of the validation plan (seed ${setup.seed}, ${setup.strategyId}, ${symbols.join(', ')})…`,
    )
    const report = await rehearse({
      dataDir,
      days: setup.days,
      seed: setup.seed,
      symbols,
      strategyId: setup.strategyId,
      reports: setup.reports,
      signal: abort.signal,
      onProgress: progress,
    })
    progress.done()
    const { days, seed, strategyId } = setup
    const files = await writeRehearsalFiles(
      setup.outDir,
      { days, seed, strategyId, symbols },
      report,
    )
    const phase = report.validation?.phase
    context.err(
      report.state === 'stopped'
        ? `Rehearsal stopped after day ${report.daysRun} of ${setup.days}; what it had done is written.`
        : `Rehearsal done: ${setup.days} days, the plan is ${phase === 'complete' ? 'complete' : `in phase ${phase ?? '–'}`}.`,
    )
    for (const s of report.signOffs)
      context.err(
        s.signedOff
          ? `  Phase ${s.phase} signed off on day ${s.day}.`
          : `  Phase ${s.phase} not signed off on day ${s.day}: ${s.blockers.join('; ')}`,
      )
    for (const file of [files.validation, files.report, files.summary])
      if (file !== null) context.out(file)
    return report.state === 'stopped' ? STOPPED : EXIT.ok
  } finally {
    clearInterval(keepAlive)
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
    await rm(dataDir, { recursive: true, force: true })
  }
}

/** Progress on stderr: a bar redrawn in place on a terminal, else one line a day. */
function progressPrinter(context: CliContext): ((day: number, days: number) => void) & {
  done(): void
} {
  const tty = process.stderr.isTTY === true
  let drawn = false
  const print = (day: number, days: number): void => {
    if (!tty) return context.err(`day ${day} of ${days}`)
    const width = 30
    const filled = Math.round((day / days) * width)
    process.stderr.write(
      `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] day ${day} of ${days}`,
    )
    drawn = true
  }
  return Object.assign(print, {
    done: () => {
      if (drawn) process.stderr.write('\n')
    },
  })
}

function wholeNumber(
  raw: string | boolean | undefined,
  flag: string,
  min: number,
  max: number,
): number | undefined {
  if (raw === undefined) return undefined
  if (typeof raw !== 'string' || !/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max)
    throw new UsageError(
      `${flag} must be a whole number from ${min} to ${max}; got "${String(raw)}".`,
    )
  return Number(raw)
}

function strategyOf(raw: string | boolean | undefined): string {
  const known = STRATEGIES.map((s) => s.id)
  if (raw === undefined) return known[0] as string
  if (typeof raw !== 'string' || !known.includes(raw))
    throw new UsageError(`--strategy must be one of ${known.join(', ')}; got "${String(raw)}".`)
  return raw
}
