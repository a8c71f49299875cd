import { describe, expect, it } from 'vitest'
import type { RoundTrip } from '../../../shared/performance'
import { dailyProfit } from '../../../renderer/src/charts/daily-profit-chart'

/** A round trip closed at a local time, with its realized PnL after fees. */
function trade(closedAt: Date, pnl: string): RoundTrip {
  return {
    accountId: 'paper-main',
    symbol: 'BTC-USD',
    side: 'long',
    openedAt: closedAt.getTime() - 60_000,
    closedAt: closedAt.getTime(),
    quantity: '0.01',
    entryPrice: '65000',
    exitPrice: '65100',
    grossPnl: pnl,
    fees: '0',
    pnl,
    closeFillId: `f-${closedAt.getTime()}`,
    closeOrderId: `o-${closedAt.getTime()}`,
  }
}

describe('daily profit', () => {
  const trades = [
    trade(new Date(2026, 10, 30, 23, 59), '-1.10'),
    trade(new Date(2026, 11, 1, 0, 1), '0.10'),
    trade(new Date(2026, 11, 1, 18, 0), '0.20'),
    trade(new Date(2026, 11, 2, 9, 30), '5.05'),
  ]

  it('sums the realized PnL of the trades closed on each local day, exactly, oldest first', () => {
    expect(dailyProfit(trades, false)).toEqual({
      days: [
        { day: '2026-11-30', pnl: '-1.10' },
        // 0.10 + 0.20 in binary floats is 0.30000000000000004; decimals give 0.30.
        { day: '2026-12-01', pnl: '0.30' },
        { day: '2026-12-02', pnl: '5.05' },
      ],
      partialBefore: null,
    })
  })

  it('leaves out the oldest day when the list is only the newest trades of more', () => {
    const { days, partialBefore } = dailyProfit(trades, true)
    expect(partialBefore).toBe('2026-11-30')
    expect(days.map((d) => d.day)).toEqual(['2026-12-01', '2026-12-02'])
  })

  it('draws nothing without trades', () => {
    expect(dailyProfit([], true)).toEqual({ days: [], partialBefore: null })
  })
})
