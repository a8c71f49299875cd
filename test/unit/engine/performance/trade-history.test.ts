/**
 * Performance resumes without the ledger's history: after a clean stop, after a crash, and when
 * the trade-history file is gone, damaged or behind the snapshot, the Performance screen shows
 * the same numbers; and the snapshot keeps no trade history.
 */
import { readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Engine } from '../../../../electron/engine'
import { Ledger } from '../../../../electron/engine/ledger'
import type { PerformanceView } from '../../../../shared/performance'
import { call, value } from '../../../kit/engine'
import { FakeClock } from '../../../kit/fake-clock'
import { Restarts } from '../../../kit/restarts'
import { ScriptedMarket } from '../../../kit/scripted-market'

const restarts = new Restarts()
afterEach(async () => {
  vi.restoreAllMocks()
  await restarts.dispose()
})

const HISTORY = 'trade-history.bin'

/** An engine whose ledger keeps only the newest 3 ended orders and fills per account. */
async function start(dir: string, clock: FakeClock): Promise<Engine> {
  const market = new ScriptedMarket(clock, 3)
  return restarts.start(dir, clock, { market, timeZone: 'UTC', keepRecent: 3 })
}

async function order(
  engine: Engine,
  side: 'buy' | 'sell',
  quantity: string,
  accountId = 'paper-1',
): Promise<string> {
  const placed = await call(engine, 'orders:submit', {
    accountId,
    symbol: 'BTC-USD',
    side,
    type: 'market',
    quantity,
  })
  return placed.ok ? placed.value.status : placed.error.code
}

/** Round trips on two accounts (book walks among them), a rejected order, a day apart. */
async function trade(engine: Engine, clock: FakeClock): Promise<string> {
  const second = value(
    await call(engine, 'accounts:add', { kind: 'paper', name: 'Second', initialBalance: '4000' }),
  ).id
  for (let i = 0; i < 3; i++) {
    expect(await order(engine, 'buy', '0.01400')).toBe('filled')
    clock.advance(60_000)
    expect(await order(engine, 'sell', '0.00500')).toBe('filled')
    expect(await order(engine, 'sell', '0.00900')).toBe('filled')
    expect(await order(engine, 'buy', '0.00200', second)).toBe('filled')
    expect(await order(engine, 'sell', '0.00200', second)).toBe('filled')
    // More than the account holds: the gate rejects it.
    expect(await order(engine, 'sell', '5', second)).toBe('GATE_REJECTED')
    clock.advance(12 * 3_600_000)
  }
  await engine.idle()
  return second
}

type Figures = Pick<PerformanceView, 'trades' | 'slippage' | 'realizedPnl'> & {
  readonly metrics: Pick<PerformanceView['metrics'], 'trades' | 'execution'>
}

/** What the screen shows of trades: all accounts, each account, and a time range. */
async function figures(engine: Engine, second: string, from: number): Promise<Figures[]> {
  const out: Figures[] = []
  for (const payload of [{}, { accountId: 'paper-1' }, { accountId: second }, { from }]) {
    const view = value(await call(engine, 'performance:get', payload))
    out.push({
      trades: view.trades,
      slippage: view.slippage,
      realizedPnl: view.realizedPnl,
      metrics: { trades: view.metrics.trades, execution: view.metrics.execution },
    })
  }
  return out
}

/** The ledger no longer hands out its whole history (it keeps a recent window only). */
function cutLedgerHistory(): void {
  vi.spyOn(Ledger.prototype, 'fillsInJournalOrder').mockReturnValue([])
  vi.spyOn(Ledger.prototype, 'fills').mockReturnValue([])
}

/** Several engine starts each: more than the default 5 s on a busy machine. */
const STARTS = { timeout: 30_000 }

describe('performance without the ledger history', () => {
  it('shows the same figures after a clean restart and after a crash', STARTS, async () => {
    const clock = new FakeClock()
    const dir = restarts.fresh()
    const from = clock.now() + 13 * 3_600_000
    const engine = await start(dir, clock)
    const second = await trade(engine, clock)
    const live = await figures(engine, second, from)
    expect(live[0]?.trades.length).toBeGreaterThan(6)
    expect(live[0]?.metrics.execution.rejected).toBe(3)
    expect(live[3]?.metrics.trades.trades).toBeLessThan(live[0]?.metrics.trades.trades ?? 0)
    const crashed = await restarts.crash(engine, dir)

    cutLedgerHistory()
    const restarted = await start(dir, clock)
    expect(await figures(restarted, second, from)).toEqual(live)
    await restarts.stop(restarted)
    const afterCrash = await start(crashed, clock)
    expect(await figures(afterCrash, second, from)).toEqual(live)
  })

  it(
    'rebuilds the trade history from the journal when its file is gone, damaged or behind',
    STARTS,
    async () => {
      const clock = new FakeClock()
      const dir = restarts.fresh()
      const from = clock.now() + 13 * 3_600_000
      let engine = await start(dir, clock)
      const second = await trade(engine, clock)
      const live = await figures(engine, second, from)
      await restarts.stop(engine)
      const file = path.join(dir, HISTORY)
      const whole = readFileSync(file)
      expect(whole.length).toBeGreaterThan(2_000)
      // One bit of a decimal, a third of the way in, is changed.
      const flipped = Buffer.from(whole)
      const at = Math.floor(whole.length / 3)
      flipped[at] = (whole[at] as number) ^ 0x20

      const damage: ((file: string) => void)[] = [
        (f) => rmSync(f),
        (f) => truncateSync(f, Math.floor(whole.length / 2)),
        (f) => writeFileSync(f, flipped),
      ]
      cutLedgerHistory()
      for (const spoil of damage) {
        spoil(file)
        engine = await start(dir, clock)
        expect(await figures(engine, second, from)).toEqual(live)
        await restarts.stop(engine)
        expect(readFileSync(file).equals(whole)).toBe(true)
      }
    },
  )

  it('keeps no trade history in the snapshot', STARTS, async () => {
    /** The bytes the snapshot keeps of trades after `n` round trips. */
    const kept = async (n: number): Promise<number> => {
      const clock = new FakeClock()
      const dir = restarts.fresh()
      const engine = await start(dir, clock)
      for (let i = 0; i < n; i++) {
        expect(await order(engine, 'buy', '0.00200')).toBe('filled')
        expect(await order(engine, 'sell', '0.00200')).toBe('filled')
        clock.advance(5_000)
      }
      await restarts.stop(engine)
      const state = JSON.parse(readFileSync(path.join(dir, 'state.json'), 'utf8')) as {
        folds: { trades: unknown }
      }
      return JSON.stringify(state.folds.trades).length
    }
    // Running totals only: 15 times the trades, about the same bytes.
    expect(await kept(30)).toBeLessThan((await kept(2)) * 1.2)
  })
})
