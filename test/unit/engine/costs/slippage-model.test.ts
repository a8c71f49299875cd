/**
 * The expected-slippage model, part by part, with numbers worked by hand; the size switch; the
 * naive baseline; and bad input answered with a reason.
 */
import { describe, expect, it } from 'vitest'
import {
  DEFAULT_SLIPPAGE_COEFFICIENTS,
  estimateSlippage,
  naiveSlippageBps,
  type SlippageFeatures,
  type SlippageOrder,
} from '../../../../electron/engine/costs'
import type { SlippageEstimate } from '../../../../shared/costs'
import { expectClose } from '../performance/close-to'

const asks = [
  { price: 100.05, size: 1 },
  { price: 100.1, size: 1 },
  { price: 100.15, size: 5 },
]
const bids = [
  { price: 99.95, size: 1 },
  { price: 99.9, size: 1 },
]

/**
 * Mid 100, spread 10 bps; ATR 0.24 % against a longer 0.16 % (ratio 1.5: volatile); 2.4 s in
 * flight; 24 h volume 20,000; an hour a quarter as busy as average.
 */
const features: SlippageFeatures = {
  spreadBps: 10,
  atrPercent: 0.24,
  longAtrPercent: 0.16,
  levels: asks,
  dayVolume: 20_000,
  activity: 0.25,
  latencyMs: 2400,
}
const buy2: SlippageOrder = { side: 'buy', quantity: 2, price: 100 }

function ok(order: SlippageOrder, f: SlippageFeatures = features): SlippageEstimate {
  const e = estimateSlippage(order, f)
  if (!e.ok) throw new Error(e.reason)
  return e
}

// Impact by hand: σ_D = 0.16 % / 1.6 · √1440 = 0.001 · 37.94733 = 0.03794733 per day;
// √(Q/V) = √(2 / 20,000) = 0.01; Y = 0.7 → 0.7 · 0.03794733 · 0.01 · 10⁴ = 2.656313 bps.
const IMPACT = 2.656313

describe('expected slippage, part by part', () => {
  const e = ok(buy2)

  it('half-spread: half the quoted spread', () => {
    expectClose(e.parts.halfSpread.bps, 5)
    // $ = bps / 10⁴ × 2 × 100.
    expectClose(e.parts.halfSpread.usd, 0.1)
    expect(e.parts.halfSpread.basis).toBe('spread 10.00 bps')
  })

  it('volatility: c_lat · σ_1m · √(latency in minutes), σ_1m from the ATR', () => {
    // σ_1m = 0.24 % / 1.6 = 0.0015; √(2.4 s / 60 s) = 0.2 → σ in flight 3 bps; × 0.5 = 1.5 bps.
    expectClose(e.parts.volatility.bps, 1.5)
    expect(e.parts.volatility.basis).toContain('σ 3.00 bps over 2400 ms')
  })

  it('book walk: the walk past the touch, over the mid', () => {
    // 1 at 100.05 and 1 at 100.10: VWAP 100.075, 0.025 past the touch = 2.5 bps of 100.
    expectClose(e.parts.bookWalk.bps, 2.5)
    expect(e.sizeMethod).toBe('book-walk')
    expect(e.visibleQuantity).toBe(7)
  })

  it('impact: the square-root law on the longer ATR and 24 h volume', () => {
    expectClose(e.parts.impact.bps, IMPACT, 1e-6)
    expectClose(e.participation, 1e-4)
  })

  it('time of day: V × activity, so impact × activity^−½', () => {
    // 0.25^−½ = 2: the impact doubles, +1 × impact.
    expectClose(e.parts.timeOfDay.bps, IMPACT, 1e-6)
  })

  it('regime: volatile at ATR 1.5× its longer average, σ × 1.5', () => {
    expect(e.regime).toBe('volatile')
    // impact × hour factor 2 × (1.5 − 1).
    expectClose(e.parts.regime.bps, IMPACT, 1e-6)
  })

  it('adds the parts, in bps and dollars, with a band', () => {
    // 5 + 1.5 + 2.5 + 3 × 2.656313 = 16.968939.
    expectClose(e.bps, 16.968939, 1e-6)
    expectClose(e.usd, 0.33937878, 1e-6)
    // Half-width: Y's prior sd 0.3/0.7 of all impact (7.968939) = 3.415260, plus 1.2816 × 3.
    expectClose(e.band.lowBps, 16.968939 - 3.41526 - 3.8448, 1e-6)
    expectClose(e.band.highBps, 16.968939 + 3.41526 + 3.8448, 1e-6)
    expectClose(e.band.highUsd, e.band.highBps * 0.02)
  })

  it('keeps the naive formula beside it: 2 · (1 + 0.0024/0.01) · (1 + 200/2,000,000 · 100)', () => {
    expectClose(e.naiveBps, 2.5048)
    expectClose(
      naiveSlippageBps({ orderUsd: 200, atrFraction: 0.0024, volume24hUsd: 2_000_000 }),
      2.5048,
    )
    // The seed's defaults for what it does not know: ATR 1 %, $1M a day.
    expectClose(naiveSlippageBps({ orderUsd: 10_000 }), 2 * 2 * 2)
  })

  it('is normal with no time-of-day or regime change when both are average', () => {
    const plain = ok(buy2, { ...features, activity: 1, longAtrPercent: 0.24 })
    expect(plain.regime).toBe('normal')
    expect(plain.parts.timeOfDay.bps).toBe(0)
    expect(plain.parts.regime.bps).toBe(0)
    // σ_D now from 0.24 %: 1.5 × the impact above.
    expectClose(plain.parts.impact.bps, 1.5 * IMPACT, 1e-6)
    // Without a longer ATR yet: normal, σ_D from the ATR itself, and it says so.
    const young = ok(buy2, { ...features, activity: 1, longAtrPercent: null })
    expect(young.regime).toBe('normal')
    expect(young.parts.regime).toEqual({
      bps: 0,
      usd: 0,
      basis: 'normal: no longer average of the ATR yet',
    })
    expectClose(young.parts.impact.bps, 1.5 * IMPACT, 1e-6)
    const calm = ok(buy2, { ...features, atrPercent: 0.08, activity: 1 })
    expect(calm.regime).toBe('calm')
    // Ratio 0.5: the regime halves the impact.
    expectClose(calm.parts.regime.bps, -IMPACT / 2, 1e-6)
  })
})

describe('the size switch', () => {
  it('an order the touch holds walks nothing', () => {
    const e = ok({ side: 'buy', quantity: 0.5, price: 100 })
    expect(e.parts.bookWalk.bps).toBe(0)
    expect(e.sizeMethod).toBe('book-walk')
  })

  it('a sell walks the bids down', () => {
    const e = ok({ side: 'sell', quantity: 2, price: 100 }, { ...features, levels: bids })
    // 1 at 99.95 and 1 at 99.90: VWAP 99.925, 0.025 below the touch.
    expectClose(e.parts.bookWalk.bps, 2.5)
  })

  it('an order larger than the visible book prices the rest at the last level', () => {
    const e = ok({ side: 'buy', quantity: 8, price: 100 })
    expect(e.sizeMethod).toBe('beyond-book')
    // 100.05 + 100.10 + 6 × 100.15 = 801.05 → VWAP 100.13125, 0.08125 past the touch.
    expectClose(e.parts.bookWalk.bps, 8.125)
    // The square-root term grows with √Q: √(8/2) = 2 × the 2-unit impact.
    expectClose(e.parts.impact.bps, 2 * IMPACT, 1e-6)
    expect(e.parts.bookWalk.basis).toContain('larger than the 7.0000 visible')
  })

  it('costs more as the order grows, across the switch', () => {
    let before = -Infinity
    for (const quantity of [0.5, 1, 2, 6.9, 7, 7.1, 10, 100]) {
      const e = ok({ side: 'buy', quantity, price: 100 })
      expect(e.bps).toBeGreaterThan(before)
      before = e.bps
    }
  })
})

describe('bad input', () => {
  const reasonOf = (order: Partial<SlippageOrder>, f: Partial<SlippageFeatures> = {}): string => {
    const e = estimateSlippage({ ...buy2, ...order } as SlippageOrder, { ...features, ...f })
    expect(e.ok).toBe(false)
    return e.ok ? '' : e.reason
  }

  it('answers with the reason, never a throw or a NaN', () => {
    expect(reasonOf({ quantity: 0 })).toBe(
      'No cost estimate: the quantity must be a number above 0; got 0.',
    )
    expect(reasonOf({ quantity: -1 })).toContain('quantity must be a number above 0; got -1')
    expect(reasonOf({ quantity: NaN })).toContain('got NaN')
    expect(reasonOf({ price: Infinity })).toContain('arrival price')
    expect(reasonOf({ side: 'hold' as 'buy' })).toContain('side must be buy or sell')
    expect(reasonOf({}, { levels: null })).toBe('No cost estimate: no order book on the ask side.')
    expect(reasonOf({}, { levels: [] })).toContain('no order book')
    expect(reasonOf({}, { levels: [{ price: NaN, size: 1 }] })).toContain('book level')
    expect(reasonOf({}, { atrPercent: null })).toContain('no ATR yet')
    expect(reasonOf({}, { dayVolume: 0 })).toContain('24-hour volume must be above 0')
    expect(reasonOf({}, { spreadBps: NaN })).toContain('spread')
    expect(reasonOf({}, { activity: 0 })).toContain('activity')
    const badCoefficients = estimateSlippage(buy2, features, {
      ...DEFAULT_SLIPPAGE_COEFFICIENTS,
      impact: NaN,
    })
    expect(badCoefficients).toEqual({
      ok: false,
      reason: 'No cost estimate: coefficient impact must be a finite number ≥ 0; got NaN.',
    })
  })

  it('gives finite numbers for any input it accepts', () => {
    const odd = [0, 1e-12, 1, 1e12, NaN, Infinity, -1]
    for (const quantity of odd)
      for (const dayVolume of odd)
        for (const atrPercent of odd) {
          const e = estimateSlippage(
            { side: 'sell', quantity, price: 50 },
            { ...features, levels: bids, dayVolume, atrPercent },
          )
          if (!e.ok) continue
          for (const x of [e.bps, e.usd, e.band.lowBps, e.band.highBps, e.naiveBps])
            expect(Number.isFinite(x)).toBe(true)
        }
  })
})
