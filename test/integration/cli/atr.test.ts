/**
 * `vigil atr` as a trader runs it on a candle CSV: the ATR series as JSON, the same numbers as
 * an independent TA-Lib-convention implementation (technicalindicators, test-only) on candles
 * from Vigil's simulator, and one clear line with exit code 2 for a file it cannot use. Runs the
 * built CLI (out/main/cli.js): `npm test` builds it first.
 */
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { ATR } from 'technicalindicators'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { simulateMinuteCandles } from '../../../electron/engine/market'
import { cleanup, tempDir } from '../../kit/engine'
import { runCli } from './cli-kit'

let root: string
let files = 0
beforeAll(() => {
  root = tempDir('vigil-atr-')
})
afterAll(() => cleanup(root))

function csv(text: string): string {
  const file = path.join(root, `candles-${++files}.csv`)
  writeFileSync(file, text)
  return file
}

async function atr(args: string[]) {
  const run = await runCli(['atr', ...args])
  expect(run.code, run.stderr).toBe(0)
  expect(run.stderr).toBe('')
  return JSON.parse(run.stdout)
}

/** Exit 2, nothing on stdout, a first line naming the problem, and no stack trace. */
async function refused(args: string[], message: string | RegExp, usage = false) {
  const run = await runCli(['atr', ...args])
  expect(run.code, run.stdout + run.stderr).toBe(2)
  expect(run.stdout).toBe('')
  const lines = run.stderr.trimEnd().split('\n')
  expect(lines[0]).toMatch(message)
  expect(run.stderr).not.toMatch(/\n\s+at /)
  if (usage) expect(lines[1]).toBe('Usage: vigil atr --candles FILE.csv [--period N]')
  else expect(lines).toHaveLength(1)
}

const HEADER = 'time,open,high,low,close\n'
const row = (minute: number, o: number, h: number, l: number, c: number) =>
  `2026-01-05T00:${String(minute).padStart(2, '0')}:00Z,${o},${h},${l},${c}\n`

describe('vigil atr', { timeout: 30_000 }, () => {
  it("prints the same ATR as the reference on the simulator's candles, from index N", async () => {
    const candles = simulateMinuteCandles({
      seed: 4242,
      start: Date.UTC(2026, 2, 2),
      minutes: 500,
      symbols: ['ETH-USD'],
    }).get('ETH-USD')
    if (!candles) throw new Error('no candles')
    const file = csv(
      'Time,Open,High,Low,Close,Volume\r\n' +
        candles
          .map((c) => [c.time, c.open, c.high, c.low, c.close, c.volume].join(','))
          .join('\r\n'),
    )
    const reference = ATR.calculate({
      period: 20,
      high: candles.map((c) => c.high),
      low: candles.map((c) => c.low),
      close: candles.map((c) => c.close),
    })
    const out = await atr(['--candles', file, '--period', '20'])
    expect(out).toMatchObject({ source: file, period: 20, candles: 500 })
    expect(out.reason).toBeUndefined()
    expect(out.series).toHaveLength(reference.length)
    expect(out.series).toHaveLength(480)
    for (const [i, point] of out.series.entries()) {
      const candle = candles[i + 20]
      if (!candle) throw new Error('short')
      expect(point.time).toBe(new Date(candle.time).toISOString())
      expect(Math.abs(point.atr - (reference[i] as number)) / point.atr).toBeLessThan(1e-12)
      expect(point.atrPercent).toBeCloseTo((100 * point.atr) / candle.close, 12)
    }
  })

  it('uses period 14 by default and says why the series is empty when the file is short', async () => {
    const rows = Array.from({ length: 14 }, (_, i) => row(i, 10, 11, 9, 10)).join('')
    const out = await atr(['--candles', csv(HEADER + rows)])
    expect(out).toMatchObject({ period: 14, candles: 14, series: [] })
    expect(out.reason).toBe(
      'ATR(14) needs at least 15 candles (the first has no true range); got 14.',
    )
    const one = await atr(['--candles', csv(HEADER + rows + row(14, 10, 12, 10, 11))])
    // TR 2 for the first 13 bars after bar 0, then 2: the mean is 2; 2 / 11 = 18.18 %.
    expect(one.series).toEqual([
      { time: '2026-01-05T00:14:00.000Z', atr: 2, atrPercent: (100 * 2) / 11 },
    ])
  })

  it('refuses a row it cannot use, naming the line and what is allowed', async () => {
    const ok = row(0, 10, 11, 9, 10)
    await refused(
      ['--candles', csv(HEADER + ok + row(1, 10, 9, 11, 10))],
      /line 3: high 9 is below low 11\.$/,
    )
    await refused(
      ['--candles', csv(HEADER + ok + '2026-01-05T00:01:00Z,10,11,9,ten\n')],
      /line 3: close "ten" is not a number\.$/,
    )
    await refused(
      ['--candles', csv(HEADER + ok + row(1, 10, 11, 9, 12))],
      /line 3: close 12 is outside the candle's range, low 9 to high 11\.$/,
    )
    await refused(
      ['--candles', csv(HEADER + ok + ok)],
      /line 3: time 2026-01-05T00:00:00\.000Z is not after line 2's; candles go oldest first/,
    )
    await refused(
      ['--candles', csv('time,open,high,low,close,volume\n' + ok.trimEnd() + ',-5\n')],
      /line 2: volume -5 is negative\.$/,
    )
    await refused(
      ['--candles', csv('time,open,high,close\n' + '1,1,1,1\n')],
      /has no low column \(its header: time, open, high, close\)\.$/,
    )
    await refused(['--candles', path.join(root, 'absent.csv')], /there is no such file\.$/)
  })

  it('refuses a period outside 1..1000 or a missing file flag, with the usage', async () => {
    const file = csv(HEADER + row(0, 10, 11, 9, 10))
    for (const period of ['0', '1001', '2.5', 'x', '-3'])
      await refused(
        ['--candles', file, `--period=${period}`],
        `vigil atr: --period must be a whole number of candles from 1 to 1000; got "${period}".`,
        true,
      )
    await refused([], 'vigil atr: Give --candles FILE.csv.', true)
  })
})
