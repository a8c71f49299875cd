import { describe, expect, it } from 'vitest'
import {
  CostBook,
  DEFAULT_SLIPPAGE_COEFFICIENTS,
  calibratedCoefficients,
  type CostBookState,
} from '../../../../electron/engine/costs'

/** A book whose account a1 has one fit in its history. */
function bookWith(spread: [number, number], impact: [number, number]): CostBook {
  const state: CostBookState = {
    following: [],
    accounts: [
      {
        accountId: 'a1',
        points: [],
        cusum: {
          s: 0,
          active: false,
          episodes: 0,
          alarmSeq: null,
          alarmTs: null,
          changeSeq: null,
          changeTs: null,
          riseSeq: null,
          riseTs: null,
        },
        calibration: { size: 1000, rows: [] },
        calibrated: 450,
        history: [
          {
            ts: 1,
            fills: 450,
            spread: { value: spread[0], se: spread[1] },
            impact: { value: impact[0], se: impact[1] },
          },
        ],
      },
    ],
  }
  return CostBook.fromState(state)
}

describe('the coefficients an estimate uses', () => {
  it('are the defaults, with the reason, until a fit is plausible and known well enough', () => {
    const none = calibratedCoefficients(new CostBook(), 'a1')
    expect(none).toMatchObject({ source: 'prior', coefficients: DEFAULT_SLIPPAGE_COEFFICIENTS })
    expect(none.reason).toMatch(/no calibration yet/)
    const wild = calibratedCoefficients(bookWith([-5.6, 0.1], [28, 0.5]), 'a1')
    expect(wild.source).toBe('prior')
    expect(wild.reason).toMatch(/outside what is plausible/)
    const loose = calibratedCoefficients(bookWith([1, 0.1], [0.5, 0.2]), 'a1')
    expect(loose.source).toBe('prior')
    expect(loose.reason).toMatch(/not yet known well enough \(0\.50 ± 0\.20/)
  })

  it('are the fitted ones once they are, with at least a tenth of Y of doubt in the band', () => {
    const used = calibratedCoefficients(bookWith([0.98, 0.02], [0.52, 0.03]), 'a1')
    expect(used.source).toBe('fitted')
    expect(used.coefficients).toMatchObject({ spread: 0.98, impact: 0.52 })
    expect(used.coefficients.impactSd).toBeCloseTo(0.052, 9)
    expect(used.coefficients.latency).toBe(DEFAULT_SLIPPAGE_COEFFICIENTS.latency)
    expect(used.reason).toMatch(/fitted from 450 fills/)
  })
})
