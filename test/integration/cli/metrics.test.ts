/**
 * `vigil metrics` as a trader runs it on a CSV: the metrics of a trade list or of daily returns
 * as JSON, and one clear line with exit code 2 for a file it cannot use. Runs the built CLI
 * (out/main/cli.js): `npm test` builds it first.
 */
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cleanup, tempDir } from '../../kit/engine'
import { runCli } from './cli-kit'

let root: string
let files = 0
beforeAll(() => {
  root = tempDir('vigil-metrics-')
})
afterAll(() => cleanup(root))

function csv(text: string): string {
  const file = path.join(root, `file-${++files}.csv`)
  writeFileSync(file, text)
  return file
}

async function metrics(args: string[]) {
  const run = await runCli(['metrics', ...args])
  expect(run.code, run.stderr).toBe(0)
  return JSON.parse(run.stdout)
}

/**
 * Exit 2 and a first line on stderr naming the problem, no stack trace; a file's problem is
 * that one line alone, a usage mistake is followed by the usage.
 */
async function refused(args: string[], message: string | RegExp, usage = false) {
  const run = await runCli(['metrics', ...args])
  expect(run.code, run.stdout + run.stderr).toBe(2)
  expect(run.stdout).toBe('')
  const lines = run.stderr.trimEnd().split('\n')
  expect(lines[0]).toMatch(message)
  expect(run.stderr).not.toMatch(/\n\s+at /)
  if (usage) expect(lines[1]).toMatch(/^Usage: vigil metrics --trades FILE.csv/)
  else expect(lines).toHaveLength(1)
}

describe('vigil metrics --trades', { timeout: 30_000 }, () => {
  it('prints the trade metrics of a CSV (quoted fields, CRLF, byte-order mark, extra columns)', async () => {
    const file = csv(
      '\ufeffid,PnL,fee,note\r\n' +
        '1,30,1,"first, a win"\r\n' +
        '2,-10,1,"said ""stop"""\r\n' +
        '3,-10,0.5,\r\n' +
        '4,0,0,\r\n' +
        '5,20,2,\r\n' +
        '6,15,1,\r\n' +
        '7,5,0.5,\r\n',
    )
    const out = await metrics(['--trades', file, '--capital', '100'])
    const t = out.trades
    // The seven trades of the unit test: 4 wins, 2 losses, 1 breakeven.
    expect([t.trades, t.wins, t.losses, t.breakeven]).toEqual([7, 4, 2, 1])
    expect(t.winRate).toBeCloseTo(4 / 7, 15)
    expect(t.profitFactor).toBe(3.5) // 70 / 20
    expect(t.payoffRatio).toBe(1.75) // (70/4) / (20/2)
    // Money is exact decimal text; an average is rounded once, to 8 places.
    expect(t.expectancy).toBe('7.14285714')
    expect([t.netProfit, t.fees, t.totalProfit]).toEqual(['50', '6', '56'])
    expect([t.longestWinRun, t.longestLossRun]).toEqual([3, 2])
    expect(t.maxDrawdownAmount).toBe('20') // from 130 to 110
    expect(t.maxDrawdown).toBeCloseTo(110 / 130 - 1, 15)
    expect(t.holdTimeMeanMs).toBeNull()
    expect(t.reasons.holdTimeMeanMs).toMatch(/opening and a closing time/)
    expect(out.daily).toBeNull()
    expect(out.reasons.daily).toMatch(/closed_at/)
  })

  it('writes an infinite profit factor as "Infinity" and undefined values as null with a reason', async () => {
    const out = await metrics(['--trades', csv('pnl\n5\n10\n')])
    expect(out.trades.profitFactor).toBe('Infinity')
    expect(out.trades.payoffRatio).toBeNull()
    expect(out.trades.reasons.payoffRatio).toBe('no losing trades')
    expect(out.trades.maxDrawdown).toBeNull()
    expect(out.reasons.daily).toMatch(/--capital/)
  })

  it('a header with no trades: win rate undefined, not 0 %', async () => {
    const out = await metrics(['--trades', csv('pnl,fee\n')])
    expect(out.trades.trades).toBe(0)
    expect(out.trades.winRate).toBeNull()
    expect(out.trades.reasons.winRate).toBe('no closed trades')
    expect(out.trades.profitFactor).toBeNull()
    expect(out.trades.reasons.profitFactor).toBe('no closed trades')
  })

  it('with times, symbols, slippage and capital: hold time, by symbol and daily returns', async () => {
    const file = csv(
      [
        'pnl,fee,opened_at,closed_at,symbol,slippage_bps',
        '10,1,2026-01-05T00:00:00Z,2026-01-05T12:00:00Z,BTC-USD,4',
        '10,1,2026-01-05T13:00:00Z,2026-01-05 18:00,ETH-USD,2',
        '-20.4,1,1767657600000,2026-01-07,BTC-USD,',
      ].join('\n'),
    )
    const out = await metrics(['--trades', file, '--capital', '1000'])
    // Hold times 12 h, 5 h and 1767657600000 (2026-01-06) → 2026-01-07: 24 h; median 12 h
    expect(out.trades.holdTimeMedianMs).toBe(12 * 3_600_000)
    expect(Object.keys(out.bySymbol)).toEqual(['BTC-USD', 'ETH-USD'])
    expect(out.bySymbol['BTC-USD'].trades).toBe(2)
    expect(out.slippage.orders).toBe(2)
    expect(out.slippage.meanBps).toBe(3)
    // Equity 1020 (Jan 5), 1020 (Jan 6), 999.6 (Jan 7): +2 %, 0, −2 %
    expect(out.daily.days.map((d: { date: string }) => d.date)).toEqual([
      '2026-01-05',
      '2026-01-06',
      '2026-01-07',
    ])
    const r = out.daily.days.map((d: { return: number }) => d.return)
    expect(r[0]).toBeCloseTo(0.02, 14)
    expect(r[1]).toBe(0)
    expect(r[2]).toBeCloseTo(-0.02, 14)
    expect(out.daily.returns.meanReturn).toBeCloseTo(0, 14)
    expect(out.daily.returns.maxDrawdown).toBeCloseTo(-0.02, 14)
  })
})

describe('vigil metrics --returns', { timeout: 30_000 }, () => {
  it('prints Sharpe, Sortino, drawdown, CAGR and Calmar of a daily-return series', async () => {
    const out = await metrics(['--returns', csv('date,return\n1,0.02\n2,-0.01\n3,0.03\n4,-0.02\n')])
    const m = out.returns
    // mean 0.005, std₁ √(0.0017/3), DD √0.000125 (see the unit tests)
    expect(m.days).toBe(4)
    expect(m.sharpe).toBeCloseTo((0.005 / Math.sqrt(0.0017 / 3)) * Math.sqrt(365), 12)
    expect(m.sortino).toBeCloseTo((0.005 / Math.sqrt(0.000125)) * Math.sqrt(365), 12)
    expect(m.maxDrawdown).toBeCloseTo(-0.02, 14)
    expect(m.cagr).toBeCloseTo(1.01929212 ** (365 / 4) - 1, 10)
    expect(out.rollingSharpe).toEqual([null, null, null, null])
  })

  it('--min-days leaves CAGR and Calmar undefined below that many returns, with the reason', async () => {
    const file = csv('return\n0.02\n-0.01\n0.03\n-0.02\n')
    const out = await metrics(['--returns', file, '--min-days', '30'])
    expect(out.returns.cagr).toBeNull()
    expect(out.returns.calmar).toBeNull()
    expect(out.returns.reasons.cagr).toBe('needs at least 30 days of history; have 4')
    expect(out.returns.maxDrawdown).toBeCloseTo(-0.02, 14)
  })

  it('annualizes with --periods', async () => {
    const out = await metrics(['--returns', csv('return\n0.02\n-0.01\n'), '--periods', '252'])
    // mean 0.005, std₁ = √(2 · 0.015² / 1) = 0.015·√2
    expect(out.returns.periodsPerYear).toBe(252)
    expect(out.returns.sharpe).toBeCloseTo((0.005 / (0.015 * Math.SQRT2)) * Math.sqrt(252), 12)
  })

  it('gives a rolling Sharpe per day from the 30th on', async () => {
    const rows = Array.from({ length: 31 }, (_, i) => (i % 2 ? '-0.01' : '0.03'))
    const out = await metrics(['--returns', csv(`return\n${rows.join('\n')}\n`)])
    expect(out.rollingSharpe).toHaveLength(31)
    expect(out.rollingSharpe[28]).toBeNull()
    // 15 of 0.03 and 15 of −0.01: 0.01 / √(30 · 0.0004 / 29) · √365
    expect(out.rollingSharpe[29]).toBeCloseTo(
      (0.01 / Math.sqrt((30 * 0.0004) / 29)) * Math.sqrt(365),
      12,
    )
  })
})

describe('vigil metrics with input it cannot use', { timeout: 30_000 }, () => {
  it('a missing file', async () => {
    const missing = path.join(root, 'nope.csv')
    await refused(
      ['--trades', missing],
      `vigil metrics: cannot read ${missing}: there is no such file.`,
    )
  })

  it('an empty file, or no pnl / return column', async () => {
    await refused(['--trades', csv('')], /is empty: it needs a header row/)
    const file = csv('profit,fee\n1,0\n')
    await refused(
      ['--trades', file],
      `vigil metrics: ${file} has no pnl column (its header: profit, fee).`,
    )
    await refused(['--returns', csv('pnl\n0.01\n')], /has no return column/)
  })

  it('a cell that is not a number, with its line', async () => {
    const file = csv('pnl,fee\n1,0\n2,0\nabc,0\n')
    await refused(['--trades', file], `vigil metrics: ${file} line 4: pnl "abc" is not a number.`)
    await refused(['--trades', csv('pnl,fee\n1,1%\n')], /line 2: fee "1%" is not a number/)
    await refused(
      ['--returns', csv('return\n0.01\n\n1e999\n')],
      /line 4: return "1e999" is not a number/,
    )
    await refused(['--trades', csv('pnl\n1\n""\n')], /line 3: pnl is empty/)
  })

  it('a line counts from the start of its record, even after a quoted line break', async () => {
    await refused(
      ['--trades', csv('pnl,note\n1,"two\nlines"\nx,\n')],
      /line 4: pnl "x" is not a number/,
    )
  })

  it('bad times, a trade closed before it opened, broken quoting, too many cells', async () => {
    await refused(
      ['--trades', csv('pnl,closed_at\n1,yesterday\n')],
      /line 2: closed_at "yesterday" is not a time/,
    )
    await refused(
      ['--trades', csv('pnl,opened_at,closed_at\n1,2026-01-05,2026-01-04\n')],
      /line 2: closed_at is before opened_at/,
    )
    await refused(['--trades', csv('pnl\n"1\n')], /line 2: a quoted field is never closed/)
    await refused(['--trades', csv('pnl\n"1"2\n')], /line 2: text after a closing quote/)
    await refused(
      ['--trades', csv('pnl\n1,2\n')],
      /line 2: 2 cells, but the header names 1 columns/,
    )
  })

  it('usage mistakes name what is allowed', async () => {
    const file = csv('pnl\n1\n')
    await refused([], /Give --trades FILE.csv or --returns FILE.csv/, true)
    await refused(
      ['--trades', file, '--returns', file],
      /either --trades or --returns, not both/,
      true,
    )
    await refused(
      ['--trades', file, '--capital', 'lots'],
      /--capital must be a number above zero; got "lots"/,
      true,
    )
    await refused(
      ['--trades', file, '--capital', '0'],
      /--capital must be a number above zero/,
      true,
    )
    await refused(['--returns', file, '--capital', '10'], /--capital goes with --trades/, true)
    await refused(
      ['--trades', file, '--periods', '0'],
      /--periods must be a number above zero/,
      true,
    )
  })
})
