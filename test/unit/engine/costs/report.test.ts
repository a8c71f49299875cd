/**
 * The degradation report a trader reads: "not enough fills" and no p-value below 20 fills; a
 * calm verdict for a calibrated model; "degraded" with the change dated near where it began
 * when the last fills cost more.
 */
import { describe, expect, it } from 'vitest'
import { createRandom } from '../../../../electron/engine/core'
import { degradationReport, type CostFill } from '../../../../electron/engine/costs'

const T0 = Date.UTC(2026, 0, 5, 14, 0)
const MINUTE = 60_000

/** n fills a minute apart, expected 4–8 bps, actual = expected + N(shift(i), 2²) bps. */
function fills(n: number, seed: number, shift: (i: number) => number = () => 0): CostFill[] {
  const random = createRandom(seed)
  return Array.from({ length: n }, (_, i) => {
    const expectedBps = 4 + 4 * random.next()
    return {
      time: T0 + i * MINUTE,
      symbol: 'BTC-USD',
      side: i % 2 ? 'sell' : 'buy',
      quantity: 0.1,
      expectedBps,
      actualBps: expectedBps + shift(i) + 2 * random.normal(),
    }
  })
}

describe('degradationReport', () => {
  it('says "not enough fills" below 20 fills and gives no p-value', () => {
    const report = degradationReport(fills(19, 1, () => 10))
    expect(report.verdict).toBe('not-enough-fills')
    expect(report.bias).toEqual({ status: 'not-enough-fills', need: 20, have: 19 })
    expect(report.words[0]).toMatch(/not enough fills: 19 of the 20/)
    expect(JSON.stringify(report)).not.toMatch(/pValue/)
    const twenty = degradationReport(fills(20, 1, () => 10))
    expect(twenty.bias.status).toBe('ran')
    // Twenty fills are too few for a baseline before a 30-fill window.
    expect(twenty.recentVsBaseline).toEqual({ status: 'not-enough-fills', need: 20, have: 0 })
  })

  it('finds nothing wrong with a calibrated model', () => {
    const report = degradationReport(fills(200, 2))
    expect(report.verdict).toBe('ok')
    expect(report.cusum?.alarmIndex).toBeNull()
    if (report.bias.status !== 'ran' || report.recentVsBaseline.status !== 'ran')
      throw new Error('tests did not run')
    expect(report.bias.pValue).toBeGreaterThan(0.05)
    expect(report.recentVsBaseline.pValue).toBeGreaterThan(0.05)
    expect(report.standardization).toEqual({
      method: 'robust MAD',
      scaleBps: expect.closeTo(2, 0) as number,
    })
  })

  it('calls the last fills degraded and dates the change near where it began', () => {
    // From fill 170 on (the last 30), fills cost 3 bps (1.5σ) more than the model expects;
    // given newest first, the report puts them in time order.
    const shuffled = fills(200, 3, (i) => (i >= 170 ? 3 : 0)).reverse()
    const report = degradationReport(shuffled)
    expect(report.verdict).toBe('degraded')
    if (report.recentVsBaseline.status !== 'ran' || report.ratio.status !== 'ran')
      throw new Error('tests did not run')
    expect(report.recentVsBaseline.pValue).toBeLessThan(0.01)
    expect(report.recentVsBaseline.commonLanguage).toBeGreaterThan(0.7)
    expect(report.recentVsBaseline.window).toEqual({
      recentFrom: T0 + 170 * MINUTE,
      recentTo: T0 + 199 * MINUTE,
      baselineFrom: T0,
      baselineTo: T0 + 169 * MINUTE,
    })
    const c = report.cusum!
    expect(c.alarmIndex).toBeGreaterThan(170)
    expect(c.alarmIndex).toBeLessThan(185)
    expect(c.changeStartIndex).toBeGreaterThanOrEqual(160)
    expect(c.changeStartIndex).toBeLessThanOrEqual(175)
    expect(c.changeStartTime).toBe(T0 + c.changeStartIndex! * MINUTE)
    expect(report.words.join(' ')).toMatch(/last 30 fills cost more than the 170 before them/)
    expect(report.ratio.n).toBe(200)
  })

  it('reports an alarm that has cleared without calling execution degraded now', () => {
    // Fills 60–79 cost 4 bps more; the 120 after them are back to the model.
    const report = degradationReport(fills(200, 6, (i) => (i >= 60 && i < 80 ? 4 : 0)))
    const c = report.cusum!
    expect(c.alarms).toBeGreaterThanOrEqual(1)
    expect(c.active).toBe(false)
    expect(c.alarmIndex).toBeGreaterThanOrEqual(60)
    expect(c.changeStartIndex).toBeLessThanOrEqual(70)
    expect(report.words.join(' ')).toMatch(/since cleared/)
    expect(report.verdict).not.toBe('degraded')
  })

  it("uses each fill's own scale when every fill has one", () => {
    const scaled = fills(40, 4).map((f) => ({ ...f, scaleBps: 2 }))
    expect(degradationReport(scaled).standardization).toEqual({
      method: 'per-fill scale',
      scaleBps: null,
    })
  })

  it('reports no bias test when every fill cost exactly what was expected', () => {
    const exact = fills(25, 5).map((f) => ({ ...f, actualBps: f.expectedBps }))
    const report = degradationReport(exact)
    expect(report.bias).toEqual({ status: 'no-differences' })
    expect(report.verdict).toBe('ok')
  })
})
