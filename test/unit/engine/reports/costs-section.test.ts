import { describe, expect, it } from 'vitest'
import { buildDailyReport, renderReportHtml } from '../../../../electron/engine/reports'
import type { OrderCostEstimate } from '../../../../shared/costs'
import type { Order } from '../../../../shared/types'
import { History, at, reportInput } from './report-kit'

/** An estimate at mid 100 of `bps`, its band ± `half` bps. */
const estimate = (bps: number, half: number): OrderCostEstimate => ({
  mid: 100,
  bps,
  usd: bps / 100,
  lowBps: bps - half,
  highBps: bps + half,
  parts: { halfSpread: bps, volatility: 0, bookWalk: 0, impact: 0, timeOfDay: 0, regime: 0 },
  sizeMethod: 'book-walk',
  regime: 'normal',
  naiveBps: 9,
})

/** The history's orders, the n-th given the n-th estimate. */
function withEstimates(h: History, estimates: readonly OrderCostEstimate[]): Order[] {
  return h.orders.map((o, i) => (estimates[i] ? { ...o, expectedCost: estimates[i] } : o))
}

describe("the daily report's execution costs", () => {
  it("sets each filled order against the model's estimate, with the band, the shortfall and the dearest", () => {
    const day = '2026-03-10'
    // Fills at 100.05, 100.20 and 99.98 against a mid of 100: 5, 20 and −2 bps for the buys.
    const h = new History()
      .fill(at(day, 9), { side: 'buy', quantity: '1', price: '100.05', fee: '0.1' })
      .fill(at(day, 10), { side: 'buy', quantity: '1', price: '100.2', fee: '0.1' })
      .fill(at(day, 11), { side: 'buy', quantity: '1', price: '99.98' })
      // A sell below the mid is a cost too: 100 → 99.9 is 10 bps.
      .fill(at(day, 12), { side: 'sell', quantity: '1', price: '99.9' })
    const orders = withEstimates(h, [
      estimate(4, 2),
      estimate(4, 2),
      estimate(1, 2),
      estimate(8, 3),
    ])
    const report = buildDailyReport(reportInput(h, day, { orders }))
    const ec = report.expectedCosts!
    expect(ec.orders).toBe(4)
    // Expected 1, 4, 4, 8 → median 4; actual −2, 5, 10, 20 → median 7.5; misses −3, 1, 2, 16 → 1.5.
    expect(ec.medianExpectedBps).toBeCloseTo(4, 9)
    expect(ec.medianActualBps).toBeCloseTo(7.5, 6)
    expect(ec.medianMissBps).toBeCloseTo(1.5, 6)
    // Inside the band: 5 in [2, 6] and 10 in [5, 11]; −2 is below [−1, 3] and 20 above [2, 6].
    expect(ec.inBand).toEqual({ inside: 2, total: 4, share: 0.5 })
    // Shortfall: $0.05 + $0.20 − $0.02 + $0.10 of price, and $0.20 of fees.
    expect(ec.shortfallUsd).toBeCloseTo(0.53, 9)
    expect(ec.worst.map((w) => w.orderId)).toEqual(['o2', 'o4', 'o1'])
    expect(ec.toDate).toMatchObject({ orders: 4, verdict: 'not-enough-fills' })
    expect(ec.toDate.words[0]).toMatch(/not enough fills: 4 of the 20/)

    const html = renderReportHtml(report)
    expect(html).toContain('Execution costs against the model')
    expect(html).toMatch(/2 of 4 \(50%\)<span class="reason">the band is built to hold about 80 %/)
    expect(html).toMatch(/not enough fills: 4 of the 20/)
  })

  it('says so when no order carried an estimate', () => {
    const day = '2026-03-10'
    const h = new History().fill(at(day, 9), { side: 'buy', quantity: '1', price: '100' })
    const report = buildDailyReport(reportInput(h, day))
    expect(report.expectedCosts).toMatchObject({ orders: 0, inBand: null, medianActualBps: null })
    expect(renderReportHtml(report)).toMatch(/no filled order carried an estimate this day/)
  })
})
