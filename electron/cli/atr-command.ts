/**
 * `vigil atr --candles FILE.csv [--period 14]`: the Average True Range of a candle file (TA-Lib's
 * definition), as JSON on stdout. A file that cannot be used exits 2 with one line naming the
 * problem and its line.
 */
import {
  DEFAULT_ATR_PERIOD,
  MAX_ATR_PERIOD,
  MIN_ATR_PERIOD,
  atrSeries,
  type AtrCandle,
} from '../engine/costs'
import { parseCommandLine } from './args'
import { EXIT, UsageError, type CliCommand } from './cli-io'
import { InputError, readTable } from './csv-table'

/** The `atr` command. */
export const atrCommand: CliCommand = {
  summary: 'Average True Range (TA-Lib definition) of a candle file, as JSON',
  usage: `vigil atr --candles FILE.csv [--period N]

  --candles FILE  CSV with a header row and one candle a row, oldest first: time, open, high,
                  low, close (required), volume (optional, must be ≥ 0 when given)
  --period N      ATR period in candles, a whole number from ${MIN_ATR_PERIOD} to ${MAX_ATR_PERIOD} (default ${DEFAULT_ATR_PERIOD})
  -h, --help      Show this help

Times are ISO 8601 (2026-01-05T14:30:00Z; no zone means UTC) or epoch milliseconds, and must
increase. Prints {"source", "period", "candles", "series": [{"time", "atr", "atrPercent"}]}:
one entry a candle from the first with a value (the candle at index N, since the first candle
has no true range), time in ISO 8601 UTC, atr in price units, atrPercent = 100 · atr / close.
With fewer than N + 1 candles the series is empty and "reason" says why.
Exit codes: 0 printed, 2 a file that cannot be read or used, or a usage mistake.`,
  async run(args, context) {
    const { flags } = parseCommandLine(
      args,
      {
        candles: { type: 'string' },
        period: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      0,
    )
    if (flags.help) {
      context.out(`Usage: ${this.usage}`)
      return EXIT.ok
    }
    const file = flags.candles
    if (typeof file !== 'string' || file.trim() === '')
      throw new UsageError('Give --candles FILE.csv.')
    const period = periodFlag(flags.period)
    try {
      const candles = readCandles(file)
      const series = atrSeries(candles, period)
      context.out(
        JSON.stringify(
          {
            source: file,
            period,
            candles: candles.length,
            series: series.points.map((p) => ({
              time: new Date(p.time).toISOString(),
              atr: p.atr,
              atrPercent: p.atrPercent,
            })),
            ...(series.reason === undefined ? {} : { reason: series.reason }),
          },
          null,
          2,
        ),
      )
      return EXIT.ok
    } catch (error) {
      if (!(error instanceof InputError)) throw error
      context.err(`vigil atr: ${error.message}`)
      return EXIT.usage
    }
  },
}

function periodFlag(raw: string | boolean | undefined): number {
  if (raw === undefined) return DEFAULT_ATR_PERIOD
  const text = typeof raw === 'string' ? raw.trim() : ''
  const value = /^\d+$/.test(text) ? Number(text) : NaN
  if (!(value >= MIN_ATR_PERIOD && value <= MAX_ATR_PERIOD))
    throw new UsageError(
      `--period must be a whole number of candles from ${MIN_ATR_PERIOD} to ${MAX_ATR_PERIOD}; got "${String(raw)}".`,
    )
  return value
}

/** The candles of a file, each checked: numbers, high ≥ low, open and close inside the range. */
function readCandles(file: string): AtrCandle[] {
  const table = readTable(file, ['time', 'open', 'high', 'low', 'close'])
  const candles: AtrCandle[] = []
  let previous: { time: number; line: number } | null = null
  for (const row of table.rows) {
    const time = row.time('time')
    if (time === null) throw row.error('time is empty')
    if (previous && time <= previous.time)
      throw row.error(
        `time ${new Date(time).toISOString()} is not after line ${previous.line}'s; candles go oldest first, one a time`,
      )
    const [open, high, low, close] = (['open', 'high', 'low', 'close'] as const).map((column) => {
      const value = row.number(column, true) as number
      if (value < 0) throw row.error(`${column} ${value} is negative`)
      return value
    }) as [number, number, number, number]
    if (high < low) throw row.error(`high ${high} is below low ${low}`)
    for (const [name, value] of [
      ['open', open],
      ['close', close],
    ] as const)
      if (value > high || value < low)
        throw row.error(
          `${name} ${value} is outside the candle's range, low ${low} to high ${high}`,
        )
    const volume = row.number('volume', false)
    if (volume !== null && volume < 0) throw row.error(`volume ${volume} is negative`)
    candles.push({ time, high, low, close })
    previous = { time, line: row.line }
  }
  return candles
}
