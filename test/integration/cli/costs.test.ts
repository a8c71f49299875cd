/**
 * `vigil costs` as a trader runs it on a fills file: the degradation report as JSON, the same
 * figures the engine computes, and one clear line with exit code 2 for a file it cannot use.
 * Runs the built CLI (out/main/cli.js): `npm test` builds it first.
 */
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRandom } from '../../../electron/engine/core'
import { degradationReport, type CostFill } from '../../../electron/engine/costs'
import { cleanup, tempDir } from '../../kit/engine'
import { runCli } from './cli-kit'

let root: string
let files = 0
beforeAll(() => {
  root = tempDir('vigil-costs-')
})
afterAll(() => cleanup(root))

function csv(text: string): string {
  const file = path.join(root, `fills-${++files}.csv`)
  writeFileSync(file, text)
  return file
}

const HEADER = 'time,symbol,side,quantity,expected_bps,actual_bps'
const T0 = Date.UTC(2026, 0, 5, 14, 0)

/** n fills a minute apart; the last `worse` cost 3 bps more than expected. */
function fillRows(n: number, worse: number): { fills: CostFill[]; text: string } {
  const random = createRandom(21)
  const fills: CostFill[] = []
  const lines = [HEADER]
  for (let i = 0; i < n; i++) {
    const time = T0 + i * 60_000
    const expected = Math.round((4 + 4 * random.next()) * 100) / 100
    const actual =
      Math.round((expected + (i >= n - worse ? 3 : 0) + 2 * random.normal()) * 100) / 100
    const side = i % 2 ? 'sell' : 'buy'
    fills.push({
      time,
      symbol: 'ETH-USD',
      side,
      quantity: 2,
      expectedBps: expected,
      actualBps: actual,
    })
    // Half the times as ISO 8601, half as epoch milliseconds.
    const when = i % 2 ? new Date(time).toISOString() : String(time)
    lines.push(`${when},ETH-USD,${side},2,${expected},${actual}`)
  }
  return { fills, text: lines.join('\n') + '\n' }
}

async function costs(args: string[]) {
  const run = await runCli(['costs', ...args])
  expect(run.code, run.stderr).toBe(0)
  return JSON.parse(run.stdout)
}

/** Exit 2, nothing on stdout, a first line naming the problem and no stack trace. */
async function refused(args: string[], message: RegExp, usage = false) {
  const run = await runCli(['costs', ...args])
  expect(run.code, run.stdout + run.stderr).toBe(2)
  expect(run.stdout).toBe('')
  const lines = run.stderr.trimEnd().split('\n')
  expect(lines[0]).toMatch(message)
  expect(run.stderr).not.toMatch(/\n\s+at /)
  if (usage) expect(lines[1]).toMatch(/^Usage: vigil costs --fills FILE.csv/)
  else expect(lines).toHaveLength(1)
}

describe('vigil costs --fills', { timeout: 30_000 }, () => {
  it('prints the degradation report of a fills file, the figures the engine computes', async () => {
    const { fills, text } = fillRows(120, 30)
    const file = csv(text)
    const out = await costs(['--fills', file])
    expect(out).toEqual({ source: file, ...degradationReport(fills) })
    expect(out.n).toBe(120)
    expect(out.verdict).toBe('degraded')
    expect(out.recentVsBaseline).toMatchObject({
      status: 'ran',
      nRecent: 30,
      nBaseline: 90,
      window: { recentFrom: T0 + 90 * 60_000, baselineTo: T0 + 89 * 60_000 },
    })
    expect(out.recentVsBaseline.pValue).toBeLessThan(0.05)
    expect(out.cusum.alarmTime).toBeGreaterThan(out.cusum.changeStartTime)
  })

  it('takes the window, the CUSUM settings and the bootstrap seed from flags', async () => {
    const { fills, text } = fillRows(80, 0)
    const file = csv(text)
    const args = ['--fills', file, '--recent', '20', '--k', '0.25', '--h', '4', '--seed', '9']
    const out = await costs([...args, '--resamples', '500'])
    const options = {
      recentFills: 20,
      cusum: { k: 0.25, h: 4 },
      bootstrap: { seed: 9, resamples: 500 },
    }
    expect(out).toEqual({ source: file, ...degradationReport(fills, options) })
    expect(out.recentVsBaseline.nRecent).toBe(20)
    expect(out.cusum).toMatchObject({ k: 0.25, h: 4 })
    expect(out.ratio).toMatchObject({ seed: 9, resamples: 500 })
  })

  it('says "not enough fills" below 20 fills, with no p-value', async () => {
    const out = await costs(['--fills', csv(fillRows(12, 12).text)])
    expect(out.verdict).toBe('not-enough-fills')
    expect(out.words[0]).toMatch(/not enough fills: 12 of the 20/)
    expect(JSON.stringify(out)).not.toMatch(/pValue/)
  })
})

describe('vigil costs refuses what it cannot use', { timeout: 30_000 }, () => {
  const row = (cells: string) =>
    csv(`${HEADER}\n2026-01-05T14:00:00Z,BTC-USD,buy,1,5,6\n${cells}\n`)

  it('names a missing column, an empty file and a file that is not there', async () => {
    await refused(
      ['--fills', csv('time,symbol,side,quantity,expected_bps\n1,BTC-USD,buy,1,5\n')],
      /has no actual_bps column \(its header: time, symbol, side, quantity, expected_bps\)/,
    )
    await refused(['--fills', csv('')], /is empty: it needs a header row/)
    await refused(
      ['--fills', path.join(root, 'none.csv')],
      /cannot read .*none\.csv: there is no such file/,
    )
  })

  it('names the line and what is allowed for a bad cell', async () => {
    await refused(
      ['--fills', row('2026-01-05T14:01:00Z,BTC-USD,buy,1,5,lots')],
      /line 3: actual_bps "lots" is not a number/,
    )
    await refused(
      ['--fills', row('yesterday,BTC-USD,buy,1,5,6')],
      /line 3: time "yesterday" is not a time \(use ISO 8601 .* or epoch milliseconds\)/,
    )
    await refused(
      ['--fills', row('2026-01-05T14:01:00Z,BTC-USD,hold,1,5,6')],
      /line 3: side "hold" is not buy or sell/,
    )
    await refused(
      ['--fills', row('2026-01-05T14:01:00Z,BTC-USD,sell,0,5,6')],
      /line 3: quantity 0 is not above zero/,
    )
    await refused(
      ['--fills', row('2026-01-05T14:01:00Z,BTC-USD,sell,1,,6')],
      /line 3: expected_bps is empty/,
    )
  })

  it('shows its usage under vigil help costs', async () => {
    const run = await runCli(['help', 'costs'])
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^Usage: vigil costs --fills FILE.csv/)
    expect(run.stdout).toMatch(/expected_bps, actual_bps/)
  })

  it('answers a usage mistake with the usage', async () => {
    await refused([], /^vigil costs: Give --fills FILE\.csv\./, true)
    await refused(
      ['--fills', 'x.csv', '--recent', '0'],
      /--recent must be a whole number from 1; got "0"/,
      true,
    )
    await refused(['--fills', 'x.csv', '--h=-1'], /--h must be a number above zero; got "-1"/, true)
    await refused(['--fills', 'x.csv', '--window', '3'], /Unknown option --window/, true)
  })
})
