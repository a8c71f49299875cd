/**
 * `vigil metrics --trades FILE.csv [--capital N]` and `vigil metrics --returns FILE.csv`: the
 * performance metrics of any trade list or daily-return series, as JSON on stdout. A file that
 * cannot be used exits 2 with one line naming the problem (and the line of the file).
 */
import {
  ExecutionStats,
  MIN_ANNUALIZED_DAYS,
  PERIODS_PER_YEAR,
  TradeStats,
  dailyReturnsFromTrades,
  returnMetrics,
  rollingSharpe,
  tradeMetrics,
  type TradeInput,
} from '../engine/performance'
import { parseCommandLine } from './args'
import { EXIT, UsageError, type CliCommand } from './cli-io'
import { InputError, parseNumber, readTable, type Row } from './csv-table'

/** The `metrics` command. */
export const metricsCommand: CliCommand = {
  summary: 'Performance metrics of a trade list or a daily-return series, as JSON',
  usage: `vigil metrics --trades FILE.csv [--capital N] [--periods N] [--min-days N]
       vigil metrics --returns FILE.csv [--periods N] [--min-days N]

  --trades FILE   CSV with a header row, one closed trade a row, in the order they closed:
                  pnl (profit or loss after fees, required), fee, opened_at, closed_at,
                  symbol, slippage_bps (optional)
  --returns FILE  CSV with a return column (0.01 = +1 %), one row a day, oldest first
  --capital N     Starting capital: adds the drawdown relative to equity and, with closed_at,
                  daily returns (UTC days) and their Sharpe, Sortino, CAGR and Calmar
  --periods N     Periods per year for annualizing (default ${PERIODS_PER_YEAR})
  --min-days N    Fewest daily returns CAGR and Calmar are given for (default 1, like the
                  reference libraries; the console and the daily report use ${MIN_ANNUALIZED_DAYS})
  -h, --help      Show this help

Times are ISO 8601 (2026-01-05T14:30:00Z; no zone means UTC) or epoch milliseconds.
Undefined metrics are null, with the reason under "reasons"; an infinite profit factor is
"Infinity". Exit codes: 0 printed, 2 a file that cannot be read or used, or a usage mistake.`,
  async run(args, context) {
    const { flags } = parseCommandLine(
      args,
      {
        trades: { type: 'string' },
        returns: { type: 'string' },
        capital: { type: 'string' },
        periods: { type: 'string' },
        'min-days': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      0,
    )
    if (flags.help) {
      context.out(`Usage: ${this.usage}`)
      return EXIT.ok
    }
    const trades = fileFlag(flags.trades, '--trades')
    const returns = fileFlag(flags.returns, '--returns')
    if (trades !== undefined && returns !== undefined)
      throw new UsageError('Give either --trades or --returns, not both.')
    if (trades === undefined && returns === undefined)
      throw new UsageError('Give --trades FILE.csv or --returns FILE.csv.')
    const capital = positiveFlag(flags.capital, '--capital')
    if (capital !== undefined && returns !== undefined)
      throw new UsageError('--capital goes with --trades; daily returns need no capital.')
    const periods = positiveFlag(flags.periods, '--periods') ?? PERIODS_PER_YEAR
    const minDays = positiveFlag(flags['min-days'], '--min-days') ?? 1
    if (!Number.isInteger(minDays))
      throw new UsageError(`--min-days must be a whole number of days, got ${minDays}.`)
    const options = { periodsPerYear: periods, minAnnualizedDays: minDays }

    try {
      const result =
        trades !== undefined
          ? tradesReport(trades, capital, options)
          : returnsReport(returns as string, options)
      context.out(JSON.stringify(result, jsonValue, 2))
      return EXIT.ok
    } catch (error) {
      if (!(error instanceof InputError)) throw error
      context.err(`vigil metrics: ${error.message}`)
      return EXIT.usage
    }
  },
}

function fileFlag(raw: string | boolean | undefined, flag: string): string | undefined {
  if (raw === undefined) return undefined
  if (typeof raw !== 'string' || raw.trim() === '') throw new UsageError(`${flag} needs a file.`)
  return raw
}

function positiveFlag(raw: string | boolean | undefined, flag: string): number | undefined {
  if (raw === undefined) return undefined
  const value = typeof raw === 'string' ? parseNumber(raw) : null
  if (value === null || !(value > 0))
    throw new UsageError(`${flag} must be a number above zero; got "${String(raw)}".`)
  return value
}

// Infinity is not JSON: an infinite profit factor is written "Infinity"; NaN never leaves.
function jsonValue(_key: string, value: unknown): unknown {
  if (typeof value !== 'number' || Number.isFinite(value)) return value
  if (Number.isNaN(value)) throw new Error('a metric came out as NaN')
  return value > 0 ? 'Infinity' : '-Infinity'
}

/** Periods per year and the fewest days CAGR and Calmar are given for. */
interface ReturnOptions {
  readonly periodsPerYear: number
  readonly minAnnualizedDays: number
}

function tradesReport(file: string, capital: number | undefined, options: ReturnOptions) {
  const periods = options.periodsPerYear
  const table = readTable(file, ['pnl'])
  const has = (column: string) => table.columns.includes(column)
  const trades: (TradeInput & { readonly line: number; readonly symbol: string })[] = []
  const bySymbol = new Map<string, TradeStats>()
  const slippage = new ExecutionStats()
  for (const row of table.rows) {
    const openedAt = row.time('opened_at')
    const closedAt = row.time('closed_at')
    if (openedAt !== null && closedAt !== null && closedAt < openedAt)
      throw row.error('closed_at is before opened_at')
    const trade = {
      pnl: moneyCell(row, 'pnl', true) as string | number,
      fee: moneyCell(row, 'fee', false) ?? 0,
      openedAt,
      closedAt,
      symbol: row.text('symbol') ?? '(no symbol)',
      line: row.line,
    }
    trades.push(trade)
    if (has('symbol')) {
      let stats = bySymbol.get(trade.symbol)
      if (!stats) bySymbol.set(trade.symbol, (stats = new TradeStats()))
      stats.add(trade)
    }
    const bps = row.number('slippage_bps', false)
    if (bps !== null) slippage.addSlippage(trade.symbol, bps)
  }

  const reasons: Record<string, string> = {}
  let daily = null
  const undated = trades.find((t) => t.closedAt === null)
  if (capital === undefined)
    reasons.daily = 'needs --capital: daily returns are relative to the starting equity'
  else if (!has('closed_at')) reasons.daily = 'needs a closed_at column to put trades on days'
  else if (undated) reasons.daily = `line ${undated.line} has no closed_at`
  else {
    try {
      const days = dailyReturnsFromTrades(
        trades as { pnl: TradeInput['pnl']; closedAt: number }[],
        capital,
        'UTC',
      )
      const r = days.map((d) => d.r)
      const rolling = rollingSharpe(r, undefined, periods)
      daily = {
        returns: returnMetrics(r, options),
        days: days.map((d, i) => ({
          date: new Date(d.day).toISOString().slice(0, 10),
          return: d.r,
          rollingSharpe: rolling[i],
        })),
      }
    } catch (error) {
      if (!(error instanceof RangeError)) throw error
      reasons.daily = error.message
    }
  }
  const execution = slippage.metrics()
  return {
    source: file,
    capital: capital ?? null,
    trades: tradeMetrics(trades, capital === undefined ? {} : { capital }),
    ...(has('symbol')
      ? {
          bySymbol: Object.fromEntries(
            [...bySymbol.entries()]
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([symbol, stats]) => [symbol, stats.metrics()]),
          ),
        }
      : {}),
    ...(has('slippage_bps')
      ? { slippage: { ...execution.slippage, bySymbol: execution.slippageBySymbol } }
      : {}),
    daily,
    reasons,
  }
}

function returnsReport(file: string, options: ReturnOptions) {
  const periods = options.periodsPerYear
  const table = readTable(file, ['return'])
  const returns = table.rows.map((row) => row.number('return', true) as number)
  return {
    source: file,
    returns: returnMetrics(returns, options),
    rollingSharpe: rollingSharpe(returns, undefined, periods),
  }
}

/**
 * A money cell as its exact decimal text (the metrics sum money exactly), or as the number it
 * reads as when it is written otherwise (1e3); null when it is empty and not required.
 */
function moneyCell(row: Row, column: string, required: boolean): string | number | null {
  const value = row.number(column, required)
  if (value === null) return null
  const raw = (row.text(column) ?? '').replace(/^\+/, '')
  return /^-?\d+(\.\d+)?$/.test(raw) ? raw : value
}
