/**
 * A report's input read from a real engine's journal: accounts with what they started with,
 * fills and orders as the ledger folded them, daily equity closes, and only what happened by the
 * end of the day (a torn last line, a write in progress, is skipped).
 */
import { appendFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Journal, listSegments } from '../../../../electron/engine/journal'
import { buildDailyReport, reportInputFromJournal } from '../../../../electron/engine/reports'
import { call, cleanup, tempDir, testEngine, value } from '../../../kit/engine'
import { FakeClock } from '../../../kit/fake-clock'
import type { GateCheck } from '../../../../shared/types'

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach(cleanup))

const DAY = 86_400_000
const START = Date.UTC(2026, 10, 24, 12)

/**
 * A journal with a buy and a sell on 2026-11-24 and a buy on the 25th (UTC): two sessions of
 * the engine, since the market only quotes when it starts (it does not tick on its own here).
 */
async function tradedJournal(): Promise<string> {
  const dir = tempDir('vigil-report-input-')
  dirs.push(dir)
  const session = async (at: number, orders: ['buy' | 'sell', string][]) => {
    const { engine, clock } = await testEngine(dir, { clock: new FakeClock(at) })
    // A restarted engine trades once the journal before its snapshot has verified.
    value(await call(engine, 'audit:verify', {}))
    for (const [side, id] of orders) {
      value(
        await call(engine, 'orders:submit', {
          clientOrderId: id,
          symbol: 'BTC-USD',
          side,
          type: 'market',
          quantity: '0.01',
        }),
      )
      clock.advance(5_000)
    }
    await engine.close()
  }
  await session(START, [
    ['buy', 'b1'],
    ['sell', 's1'],
  ])
  await session(START + DAY, [['buy', 'b2']])
  return path.join(dir, 'journal')
}

const options = { timeZone: 'UTC', generatedAt: START + 2 * DAY }

describe('reportInputFromJournal', () => {
  it('folds the journal up to the end of the day into accounts, openings, fills and orders', async () => {
    const journalDir = await tradedJournal()
    const input = await reportInputFromJournal(journalDir, '2026-11-24', options)
    expect(input.accounts.map((a) => a.id)).toEqual(['paper-1'])
    expect(input.openings['paper-1']).toEqual({ cash: '10000', positions: [] })
    expect(input.fills.map((f) => f.side)).toEqual(['buy', 'sell'])
    expect(input.orders.map((o) => [o.clientOrderId, o.status])).toEqual([
      ['b1', 'filled'],
      ['s1', 'filled'],
    ])
    expect(input.equityCloses).toEqual([])

    const report = buildDailyReport(input)
    expect(report.summary.trades.trades).toBe(1)
    // The round trip's PnL is what the two fills say, fees included.
    const [buy, sell] = input.fills
    const pnl =
      (Number(sell!.price) - Number(buy!.price)) * 0.01 - Number(buy!.fee) - Number(sell!.fee)
    expect(Number(report.summary.trades.netProfit)).toBeCloseTo(pnl, 8)
    expect(report.summary.realizedPnl.value).toBeCloseTo(pnl, 8)
  })

  it('gives a refused order the reasons the gate gave, in its own words', async () => {
    const dir = tempDir('vigil-report-refused-')
    dirs.push(dir)
    const { engine } = await testEngine(dir, { clock: new FakeClock(START) })
    const submit = { symbol: 'BTC-USD', side: 'buy', type: 'market' }
    const refused = await call(engine, 'orders:submit', {
      ...submit,
      clientOrderId: 'big',
      quantity: '5',
    })
    value(await call(engine, 'orders:submit', { ...submit, clientOrderId: 'ok', quantity: '0.01' }))
    await engine.close()
    const said = (
      (refused.ok ? null : refused.error.details) as { checks: GateCheck[] }
    ).checks.filter((c) => !c.passed)
    expect(said.map((c) => c.code)).toContain('INSUFFICIENT_BALANCE')

    const input = await reportInputFromJournal(path.join(dir, 'journal'), '2026-11-24', options)
    const big = input.orders.find((o) => o.clientOrderId === 'big')!
    expect(big.status).toBe('rejected')
    expect(big.checks.filter((c) => !c.passed)).toEqual(said)
    expect(input.orders.find((o) => o.clientOrderId === 'ok')?.status).toBe('filled')
  })

  it('reads the next day on, and the daily equity closes journaled for the days so far', async () => {
    const journalDir = await tradedJournal()
    const journal = await Journal.open({ dir: journalDir, clock: new FakeClock(START + 2 * DAY) })
    await journal.append('equity.closed', {
      accountId: 'paper-1',
      day: '2026-11-24',
      ts: Date.UTC(2026, 10, 25),
      equity: '9990.5',
    })
    await journal.append('equity.closed', {
      accountId: 'paper-1',
      day: '2026-11-26',
      ts: Date.UTC(2026, 10, 27),
      equity: '9980',
    })
    await journal.close()
    const input = await reportInputFromJournal(journalDir, '2026-11-25', options)
    expect(input.fills).toHaveLength(3)
    expect(input.equityCloses).toEqual([
      { accountId: 'paper-1', day: '2026-11-24', ts: Date.UTC(2026, 10, 25), equity: '9990.5' },
    ])
    expect(buildDailyReport(input).summary.equityOpen).toEqual({ value: 9990.5 })
  })

  it('skips a torn last line, as a write in progress leaves it', async () => {
    const journalDir = await tradedJournal()
    const last = listSegments(journalDir).at(-1) as string
    appendFileSync(path.join(journalDir, last), '{"seq":99,"ts":17')
    const input = await reportInputFromJournal(journalDir, '2026-11-25', options)
    expect(input.fills).toHaveLength(3)
  })

  it('refuses a date that is not one', async () => {
    const journalDir = await tradedJournal()
    await expect(reportInputFromJournal(journalDir, '2026-13-01', options)).rejects.toThrow(
      /Not a date YYYY-MM-DD/,
    )
  })
})
