/**
 * `vigil costs --fills FILE.csv`: the degradation statistics of a trader's fills against the
 * cost model's expectations (bias, recent against baseline, the median actual/expected with
 * its interval, the CUSUM alarm), as JSON on stdout. A file that cannot be used exits 2 with
 * one line naming the problem and its line.
 */
import {
  BOOTSTRAP_DEFAULTS,
  CUSUM_DEFAULTS,
  MIN_FILLS,
  RECENT_FILLS,
  degradationReport,
  type CostFill,
} from '../engine/costs'
import { parseCommandLine } from './args'
import { EXIT, UsageError, type CliCommand } from './cli-io'
import { InputError, readTable } from './csv-table'

const COLUMNS = ['time', 'symbol', 'side', 'quantity', 'expected_bps', 'actual_bps'] as const

/** The `costs` command. */
export const costsCommand: CliCommand = {
  summary: 'Execution-cost degradation statistics of a fills file, as JSON',
  usage: `vigil costs --fills FILE.csv [--recent N] [--k K] [--h H] [--resamples N] [--seed N]

  --fills FILE     CSV with a header row, one fill a row: time, symbol, side (buy or sell),
                   quantity (above zero), expected_bps, actual_bps (cost in basis points,
                   positive = paid); optional scale_bps, the model's predicted dispersion
  --recent N       Fills in the recent window, compared with all fills before it
                   (default ${RECENT_FILLS})
  --k K, --h H     CUSUM reference value and decision interval in σ (default ${CUSUM_DEFAULTS.k}, ${CUSUM_DEFAULTS.h})
  --resamples N    Bootstrap resamples (default ${BOOTSTRAP_DEFAULTS.resamples})
  --seed N         Bootstrap seed (default ${BOOTSTRAP_DEFAULTS.seed}): the same file and seed print
                   the same interval
  -h, --help       Show this help

Times are ISO 8601 (2026-01-05T14:30:00Z; no zone means UTC) or epoch milliseconds; the report
gives them as epoch milliseconds. Below ${MIN_FILLS} fills it says "not enough fills" and gives
no p-value. Exit codes: 0 printed, 2 a file that cannot be read or used, or a usage mistake.`,
  async run(args, context) {
    const { flags } = parseCommandLine(
      args,
      {
        fills: { type: 'string' },
        recent: { type: 'string' },
        k: { type: 'string' },
        h: { type: 'string' },
        resamples: { type: 'string' },
        seed: { type: 'string' },
        help: { type: 'boolean' },
      },
      0,
    )
    if (flags.help) {
      context.out(`Usage: ${this.usage}`)
      return EXIT.ok
    }
    if (typeof flags.fills !== 'string' || flags.fills.trim() === '')
      throw new UsageError('Give --fills FILE.csv.')
    const file = flags.fills
    const recentFills = wholeFlag(flags.recent, '--recent', 1)
    const resamples = wholeFlag(flags.resamples, '--resamples', 1)
    const seed = wholeFlag(flags.seed, '--seed', 0)
    const k = numberFlag(flags.k, '--k', 0)
    const h = numberFlag(flags.h, '--h', Number.MIN_VALUE)
    try {
      const report = degradationReport(readFills(file), {
        ...(recentFills !== undefined ? { recentFills } : {}),
        cusum: { ...(k !== undefined ? { k } : {}), ...(h !== undefined ? { h } : {}) },
        bootstrap: {
          ...(resamples !== undefined ? { resamples } : {}),
          ...(seed !== undefined ? { seed } : {}),
        },
      })
      context.out(JSON.stringify({ source: file, ...report }, null, 2))
      return EXIT.ok
    } catch (error) {
      if (!(error instanceof InputError)) throw error
      context.err(`vigil costs: ${error.message}`)
      return EXIT.usage
    }
  },
}

function readFills(file: string): CostFill[] {
  const table = readTable(file, COLUMNS)
  return table.rows.map((row) => {
    const time = row.time('time')
    if (time === null) throw row.error('time is empty')
    const symbol = row.text('symbol')
    if (symbol === null) throw row.error('symbol is empty')
    const side = (row.text('side') ?? '').toLowerCase()
    if (side !== 'buy' && side !== 'sell')
      throw row.error(`side "${row.text('side') ?? ''}" is not buy or sell`)
    const quantity = row.number('quantity', true) as number
    if (!(quantity > 0)) throw row.error(`quantity ${quantity} is not above zero`)
    const scale = row.number('scale_bps', false)
    if (scale !== null && !(scale > 0)) throw row.error(`scale_bps ${scale} is not above zero`)
    return {
      time,
      symbol,
      side,
      quantity,
      expectedBps: row.number('expected_bps', true) as number,
      actualBps: row.number('actual_bps', true) as number,
      ...(scale !== null ? { scaleBps: scale } : {}),
    }
  })
}

function wholeFlag(raw: string | boolean | undefined, flag: string, min: number) {
  if (raw === undefined) return undefined
  if (typeof raw !== 'string' || !/^\d+$/.test(raw) || Number(raw) < min)
    throw new UsageError(`${flag} must be a whole number from ${min}; got "${String(raw)}".`)
  return Number(raw)
}

function numberFlag(raw: string | boolean | undefined, flag: string, min: number) {
  if (raw === undefined) return undefined
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN
  if (!Number.isFinite(value) || value < min)
    throw new UsageError(
      `${flag} must be a number${min > 0 ? ' above zero' : ' from 0'}; got "${String(raw)}".`,
    )
  return value
}
