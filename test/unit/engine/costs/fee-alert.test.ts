/**
 * The "fees above schedule" rule fed by the fee watch: an exchange account charged more than
 * Kraken Pro publishes raises one alert naming the account, both rates, the schedule and the
 * window, and it clears once the fees are back on schedule.
 */
import { describe, expect, it } from 'vitest'
import { AlertCenter, AlertLog } from '../../../../electron/engine/alerts'
import { COINBASE_ADVANCED_2022_09_20 } from '../../../../electron/engine/brokers'
import { ZERO } from '../../../../electron/engine/core'
import { FeeTierBook, FeeWatch } from '../../../../electron/engine/costs'
import type { JournalRecord } from '../../../../electron/engine/journal'
import type { Account, Fill } from '../../../../shared/types'

const NOW = Date.UTC(2026, 11, 1, 12)
const account: Account = {
  id: 'kraken-1',
  name: 'Kraken main',
  kind: 'exchange',
  quoteAsset: 'USD',
  createdAt: 0,
  exchangeId: 'kraken',
  sandbox: false,
  priceSource: 'live',
  strategiesAllowed: false,
}

/** `n` taker fills of $1,000 each, an hour apart, each charged `fee` dollars. */
const fills = (n: number, fee: string): Fill[] =>
  Array.from({ length: n }, (_, i): Fill => ({
    id: `f-${i}`,
    orderId: `o-${i}`,
    clientOrderId: `c-${i}`,
    accountId: account.id,
    symbol: 'BTC-USD',
    side: 'buy',
    quantity: '0.01',
    price: '100000',
    fee,
    feeAsset: 'USD',
    liquidity: 'taker',
    ts: NOW - (n - i) * 3_600_000,
    seq: i + 1,
  })).reverse()

function setup(checkMs?: number) {
  let seq = 0
  const intervals: number[] = []
  const log = new AlertLog()
  const raised: string[] = []
  const alerts = new AlertCenter({
    now: () => NOW,
    log,
    recorder: {
      commit: async (type, payload) => {
        log.apply({ seq: ++seq, ts: NOW, type, payload } as unknown as JournalRecord)
      },
      nextSeq: () => seq + 1,
      failure: null,
      onFailure: () => undefined,
    },
    ledger: { getAccount: () => account },
    breaker: { alertRule: () => undefined },
    bus: {
      publish: (e) => {
        if (e.type === 'alerts:raised') raised.push(e.payload.message)
      },
    },
  })
  let current: Fill[] = []
  let fillListener: (accountId: string) => void = () => undefined
  const watch = new FeeWatch({
    clock: {
      now: () => NOW,
      setTimeout: () => ({ cancel() {} }),
      setInterval: (_fn, ms) => {
        intervals.push(ms)
        return { cancel() {} }
      },
    },
    ...(checkMs !== undefined ? { checkMs } : {}),
    ledger: {
      listAccounts: () => [account],
      getAccount: () => account,
      volumeTotalSince: () => ZERO,
      fills: (_id, limit = Infinity) => current.slice(0, limit),
      findOrder: () => undefined,
    },
    recorder: {
      commit: async () => undefined,
      nextSeq: () => 1,
      failure: null,
      onFailure: () => undefined,
    },
    book: new FeeTierBook(),
    alerts,
    runtime: {
      broker: () => {
        throw new Error('not connected')
      },
      feed: () => {
        throw new Error('no feed')
      },
    },
    paperSchedule: COINBASE_ADVANCED_2022_09_20,
    rules: () => log.rules,
    onFill: (listener) => {
      fillListener = listener
      return () => undefined
    },
  })
  return {
    watch,
    log,
    alerts,
    raised,
    set: (f: Fill[]) => (current = f),
    filled: () => fillListener(account.id),
    intervals,
  }
}

describe('the fees-above-schedule alert', () => {
  it('is raised once when the fees run 15 % above Kraken Pro, names the rates and the window, and clears', () => {
    const { watch, log, raised, set } = setup()
    // Kraken Pro, first tier: taker 0.40 % = $4 on $1,000; charged $4.60 = 0.46 %.
    set(fills(12, '4.6'))
    watch.judge(account)
    watch.judge(account)
    expect(raised).toHaveLength(1)
    expect(raised[0]).toBe(
      'Kraken main: fees of 0.460% of notional over 12 fills from 2026-11-01 12:00 to 2026-12-01 12:00 UTC are above the 0.400% published by Kraken Pro (2026-05-30) (15.0% above); tolerance 5.0%.',
    )
    // Back on schedule: the alert clears.
    set(fills(12, '4'))
    watch.judge(account)
    expect(log.open('fees_above_schedule', account.id)).toBeUndefined()
    expect(log.status().alerts[0]).toMatchObject({
      ruleId: 'fees_above_schedule',
      state: 'cleared',
    })
  })

  it('waits for 10 fills, and ignores 4 % above (inside the tolerance)', () => {
    const { watch, raised, set } = setup()
    set(fills(9, '5'))
    watch.judge(account)
    set(fills(12, '4.16'))
    watch.judge(account)
    expect(raised).toEqual([])
  })

  it('judges a window again on its rounds only after a fill, a new hour or a changed rule', async () => {
    const { watch, alerts, log, raised, set, filled } = setup()
    watch.start()
    set(fills(12, '4.6'))
    await watch.round()
    expect(raised).toHaveLength(1)
    // Fees back on schedule, but no fill has arrived: the minute's round does not redo the work.
    set(fills(12, '4'))
    await watch.round()
    expect(log.open('fees_above_schedule', account.id)?.state).toBe('active')
    filled()
    await watch.idle()
    await watch.round()
    expect(log.open('fees_above_schedule', account.id)).toBeUndefined()
    // A tighter rule is applied at the next round, without waiting for a fill.
    set(fills(12, '4.2'))
    await watch.round()
    expect(raised).toHaveLength(1)
    await alerts.updateRule('fees_above_schedule', { threshold: 0.02, cooldownMs: 0 })
    await watch.round()
    expect(raised).toHaveLength(2)
    watch.stop()
  })

  it('judges every minute by default; with checkMs 0 only at its first look (a rehearsal)', async () => {
    const every = setup()
    every.watch.start()
    expect(every.intervals).toEqual([60_000])
    every.watch.stop()
    const rehearsal = setup(0)
    rehearsal.set(fills(12, '4.6'))
    rehearsal.watch.start()
    await rehearsal.watch.idle()
    expect(rehearsal.intervals).toEqual([])
    // The first look still judged the window it found.
    expect(rehearsal.raised).toHaveLength(1)
    rehearsal.watch.stop()
  })
})
