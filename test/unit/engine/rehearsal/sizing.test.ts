/**
 * A rehearsal's order sizes: the middle of the phase's band, in lots, so that every buy the
 * strategy sends fits the band the gate enforces.
 */
import { describe, expect, it } from 'vitest'
import { DEFAULT_BANDS } from '../../../../shared/validation'
import { bandTarget, quantityFor } from '../../../../electron/engine/rehearsal'

const limits = { maxOrderNotional: '5000' }

describe('rehearsal sizes', () => {
  it('aims at the middle of phases 1 and 2, and at $500 within the limits in phase 3', () => {
    expect(bandTarget(DEFAULT_BANDS[1], limits)).toBe(30)
    expect(bandTarget(DEFAULT_BANDS[2], limits)).toBe(125)
    expect(bandTarget(DEFAULT_BANDS[3], limits)).toBe(500)
    // An account whose limits are smaller: half its largest order.
    expect(bandTarget(DEFAULT_BANDS[3], { maxOrderNotional: '400' })).toBe(200)
  })

  it('rounds to the symbol’s lot and stays inside the band at the price of the moment', () => {
    // BTC-USD trades in lots of 0.00001.
    expect(quantityFor('BTC-USD', 65_000, 30)).toBe('0.00046')
    expect(quantityFor('SOL-USD', 150, 125)).toBe('0.833')
    for (const [symbol, price] of [
      ['BTC-USD', 91_234.5],
      ['ETH-USD', 2_871.02],
      ['SOL-USD', 17.3],
    ] as const) {
      for (const phase of [1, 2] as const) {
        const band = DEFAULT_BANDS[phase]
        const notional = Number(quantityFor(symbol, price, bandTarget(band, limits))) * price
        expect(notional).toBeGreaterThanOrEqual(Number(band.min))
        expect(notional).toBeLessThanOrEqual(Number(band.max))
      }
    }
    // Never less than one lot, however small the aim.
    expect(quantityFor('BTC-USD', 65_000, 0.0001)).toBe('0.00001')
  })
})
