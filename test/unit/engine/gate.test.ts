import { describe, expect, it } from 'vitest'
import { evaluateGate, type GateInput } from '../../../electron/engine/execution'
import { Decimal } from '../../../electron/engine/core'

const base: GateInput = {
  symbol: 'BTC-USD',
  side: 'buy',
  quantity: '0.01',
  quote: { symbol: 'BTC-USD', ts: 0, bid: '50000.00', ask: '50010.00', last: '50005.00' },
  feeRate: '0.006',
  availableCash: new Decimal('10000'),
  availableQuantity: new Decimal('0'),
}

const failed = (input: GateInput) => evaluateGate(input).checks.filter((c) => !c.passed)

describe('pre-execution gate', () => {
  it('passes an affordable buy and reserves notional plus fee at the ask', () => {
    const decision = evaluateGate(base)
    expect(decision.passed).toBe(true)
    expect(decision.expectedPrice?.toFixed()).toBe('50010')
    // 0.01 × 50,010 = 500.10; fee 0.6 % = 3.0006 → $3.00
    expect(decision.reserved.toFixed()).toBe('503.1')
    expect(decision.checks.map((c) => c.name)).toEqual(['entry_price', 'quantity', 'balance'])
  })

  it('rejects a buy the cash cannot cover and says how much is needed and available', () => {
    const [check] = failed({ ...base, availableCash: new Decimal('300') })
    expect(check?.code).toBe('INSUFFICIENT_BALANCE')
    expect(check?.message).toBe('Insufficient balance: need $503.10 including fee, have $300.00.')
  })

  it('rejects zero and negative quantities', () => {
    expect(failed({ ...base, quantity: '0' }).map((c) => c.code)).toContain('INVALID_QUANTITY')
    expect(failed({ ...base, quantity: '-1' }).map((c) => c.code)).toContain('INVALID_QUANTITY')
  })

  it('rejects a missing or non-positive price', () => {
    expect(failed({ ...base, quote: null }).map((c) => c.code)).toContain('INVALID_PRICE')
    const zero = { ...base, quote: { ...base.quote!, ask: '0' } }
    expect(failed(zero).map((c) => c.code)).toContain('INVALID_PRICE')
  })

  it('rejects selling more than is held (no short selling on spot)', () => {
    const [check] = failed({ ...base, side: 'sell', availableQuantity: new Decimal('0.005') })
    expect(check?.code).toBe('INSUFFICIENT_POSITION')
    expect(check?.message).toContain('need 0.01, have 0.005')
    expect(
      evaluateGate({ ...base, side: 'sell', availableQuantity: new Decimal('0.01') }).passed,
    ).toBe(true)
  })
})
