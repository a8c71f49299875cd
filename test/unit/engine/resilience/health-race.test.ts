/**
 * Health rounds that meet orders in flight: the position-tracker check compares the ledger and
 * the journal on disk at one consistent point, so commits landing while a round reads the disk
 * never look like a difference, and nothing is halted by a false alarm.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { createEngine, type Engine } from '../../../../electron/engine'
import { Journal, type JournalRecord, type StoredRecord } from '../../../../electron/engine/journal'
import { Ledger } from '../../../../electron/engine/ledger'
import { TrackerAudit } from '../../../../electron/engine/resilience/tracker-audit'
import { FakeClock } from '../../../kit/fake-clock'
import { settled } from '../../../kit/settle'
import type { HealthCheck } from '../../../../shared/types'
import { call, cleanup, tempDir, testEngine, value } from '../../../kit/engine'

const dirs: string[] = []
const engines: Engine[] = []
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()))
  dirs.splice(0).forEach(cleanup)
})

describe('health rounds during a stream of orders', () => {
  it('finds the ledger equal to the journal in every round, and halts nothing', async () => {
    const dir = tempDir()
    dirs.push(dir)
    const { engine } = await testEngine(dir)
    engines.push(engine)

    // Under the 30-a-minute order rate limit: the fake clock stands still.
    const ORDERS = 28
    const rejected: string[] = []
    // The checks that compare the ledger with something else: the journal, the broker.
    const compared: HealthCheck[] = []
    for (let i = 0; i < ORDERS; i++) {
      // A round starts with each order, so every round meets an order being committed.
      const [report, result] = await Promise.all([
        call(engine, 'health:check', {}),
        call(engine, 'orders:submit', {
          clientOrderId: `race-${i}`,
          symbol: 'BTC-USD',
          side: i % 2 === 0 ? 'buy' : 'sell',
          type: 'market',
          quantity: '0.001',
        }),
      ])
      compared.push(
        ...value(report).checks.filter((c) => c.name === 'tracker' || c.name === 'balance_sync'),
      )
      if (!result.ok) rejected.push(result.error.message)
    }

    expect(compared).toHaveLength(2 * ORDERS)
    expect(compared.filter((c) => c.level !== 'OK').map((c) => c.message)).toEqual([])
    expect(rejected).toEqual([])
    const snap = value(await call(engine, 'app:get-snapshot', {}))
    expect(snap.globalTradingState).toBe('ACTIVE')
    expect(snap.tradingStates['paper-1']).toBe('ACTIVE')
    // A round after the stream agrees too.
    const last = value(await call(engine, 'health:check', {})).checks.find(
      (c) => c.name === 'tracker',
    )
    expect(last?.level).toBe('OK')
  })

  it('reads the disk only up to the seq the ledger was read at, and the rest in the next round', async () => {
    const dir = tempDir()
    dirs.push(dir)
    const journal = await Journal.open({ dir, clock: new FakeClock() })
    const live = new Ledger()
    const audit = await TrackerAudit.start(dir, live, 0)
    const open = (accountId: string) =>
      journal.append('account.opened', {
        accountId,
        name: accountId,
        kind: 'paper',
        quoteAsset: 'USD',
        initialBalance: '10000',
      })
    live.apply((await open('paper-1')) as JournalRecord)
    // The next record is on disk before the round reads the disk, but after it read the ledger.
    let second: StoredRecord | undefined
    const round = audit.compare(live, journal.head.seq, async () => {
      second = await open('paper-2')
    })
    expect(await round).toEqual({ mismatch: null, records: 1 })
    live.apply(second as JournalRecord)
    expect(await audit.compare(live, journal.head.seq)).toEqual({ mismatch: null, records: 2 })
    await journal.close()
  })

  it('compares the broker balance with the ledger only when no order is between them', async () => {
    const dir = tempDir()
    dirs.push(dir)
    const clock = new FakeClock()
    // Every broker call answers 50 ms later on the fake clock, as the paper exchange does.
    const run = async <T>(work: Promise<T>): Promise<T> => {
      let done = false
      const finished = work.finally(() => (done = true))
      while (!done) {
        await settled()
        if (!done) clock.advance(10)
      }
      return finished
    }
    const engine = await run(
      createEngine({
        dataDir: dir,
        clock,
        seed: 7,
        startMarket: false,
        paper: { latencyMs: 50, impactPrefactor: 0 },
        healthIntervalMs: 0,
        reconcileIntervalMs: 0,
      }),
    )
    engines.push(engine)
    await run(engine.idle())

    const order = call(engine, 'orders:submit', {
      symbol: 'BTC-USD',
      side: 'buy',
      type: 'market',
      quantity: '0.001',
    })
    // The order is at the exchange, its answer due; the round reads the broker meanwhile: the
    // exchange has filled it before the ledger hears of it.
    await settled()
    expect(value(await call(engine, 'orders:list', {})).map((o) => o.status)).toEqual(['pending'])
    const [placed, report] = await run(Promise.all([order, call(engine, 'health:check', {})]))
    expect(value(placed).status).toBe('filled')
    const balance = value(report).checks.find((c) => c.name === 'balance_sync')
    expect(balance?.level).toBe('OK')
    const snap = value(await call(engine, 'app:get-snapshot', {}))
    expect(snap.tradingStates['paper-1']).toBe('ACTIVE')
    // Once nothing is in flight, the next round compares and agrees.
    const next = value(await run(call(engine, 'health:check', {})))
    const compared = next.checks.find((c) => c.name === 'balance_sync')
    expect(compared).toMatchObject({ level: 'OK', value: 0 })
    expect(compared?.message).toMatch(/^Ledger and broker agree: \$9,9\d\d\.\d\d\.$/)
  })
})
