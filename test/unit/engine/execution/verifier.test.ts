import { describe, expect, it } from 'vitest'
import { verifyExecution, type VerificationInput } from '../../../../electron/engine/execution'
import { Decimal, startOfLocalDay } from '../../../../electron/engine/core'

const d = (v: string | number) => new Decimal(v)
// Buy 0.01 at 50,000 with a $3.00 fee: cash −503.00, position +0.01.
const good: VerificationInput = {
  symbol: 'BTC-USD',
  side: 'buy',
  requested: d('0.01'),
  lotSize: d('0.00001'),
  expectedPrice: d('50000'),
  toleranceBps: 50,
  confirmedAfterMs: 12,
  timeoutMs: 10_000,
  status: 'filled',
  fills: [{ quantity: d('0.01'), price: d('50000'), fee: d('3') }],
  before: { cash: d('10000'), positionQuantity: d('0') },
  after: { cash: d('9497'), positionQuantity: d('0.01') },
  brokerQuantity: d('0.01'),
  trackerQuantity: d('0.01'),
  inTransit: { orders: 0, buy: d(0), sell: d(0) },
}
const failedNames = (v: Partial<VerificationInput>) =>
  verifyExecution({ ...good, ...v })
    .checks.filter((c) => !c.passed)
    .map((c) => c.name)

describe('post-execution verification checks', () => {
  it('passes a clean fill', () => {
    expect(verifyExecution(good)).toMatchObject({ passed: true, partial: false, slippageBps: 0 })
  })

  it('catches a balance that moved by a cent more than the fill says', () => {
    const result = verifyExecution({ ...good, after: { ...good.after, cash: d('9496.99') } })
    expect(result.checks.find((c) => c.name === 'balance_updated')).toEqual({
      name: 'balance_updated',
      passed: false,
      message: 'Cash moved by -$503.01; quantity × price + fee says -$503.00.',
    })
  })

  it('catches a tracker that did not move by the filled quantity', () => {
    expect(
      failedNames({
        after: { ...good.after, positionQuantity: d('0.02') },
        trackerQuantity: d('0.02'),
      }),
    ).toEqual(['tracker_updated', 'no_phantom_position'])
  })

  it('verifies a partial fill against what filled, and says so', () => {
    const partial = verifyExecution({
      ...good,
      status: 'canceled',
      fills: [{ quantity: d('0.004'), price: d('50000'), fee: d('1.2') }],
      after: { cash: d('9798.8'), positionQuantity: d('0.004') },
      brokerQuantity: d('0.004'),
      trackerQuantity: d('0.004'),
    })
    expect(partial.passed).toBe(true)
    expect(partial.partial).toBe(true)
    expect(partial.checks.find((c) => c.name === 'status')?.message).toMatch(
      /partial fill of 0\.004 of 0\.01/,
    )
  })

  it('fails an order that is not filled, a short fill, a late confirmation and adverse slippage', () => {
    expect(
      failedNames({
        status: 'failed',
        fills: [],
        after: good.before,
        brokerQuantity: d(0),
        trackerQuantity: d(0),
      }),
    ).toEqual(['status', 'filled_quantity', 'fill_price'])
    expect(failedNames({ confirmedAfterMs: 10_001 })).toEqual(['confirmation'])
    const slipped = verifyExecution({
      ...good,
      fills: [{ quantity: d('0.01'), price: d('50300'), fee: d('3') }],
      after: { ...good.after, cash: d('9494') },
    })
    expect(slipped.slippageBps).toBeCloseTo(60, 10)
    expect(slipped.checks.filter((c) => !c.passed).map((c) => c.name)).toEqual(['fill_price'])
    // Selling above the expected price is favourable: negative slippage passes.
    const sell = verifyExecution({
      ...good,
      side: 'sell',
      fills: [{ quantity: d('0.01'), price: d('50100'), fee: d('3') }],
      before: { cash: d('0'), positionQuantity: d('0.01') },
      after: { cash: d('498'), positionQuantity: d('0') },
      brokerQuantity: d('0'),
      trackerQuantity: d('0'),
    })
    expect(sell.passed).toBe(true)
    expect(sell.slippageBps).toBeCloseTo(-20, 10)
  })
})

describe('no phantom position while other orders are at the broker', () => {
  const phantom = (v: Partial<VerificationInput>) =>
    verifyExecution({ ...good, ...v }).checks.find((c) => c.name === 'no_phantom_position')

  it('is exact when nothing else is in transit', () => {
    expect(phantom({ brokerQuantity: d('0.02') })).toEqual({
      name: 'no_phantom_position',
      passed: false,
      message: 'Tracker holds 0.01 BTC-USD, the broker 0.02.',
    })
  })

  it('allows the broker to be ahead by what unrecorded orders could fill, and no further', () => {
    // Two buys of 0.01 and a sell of 0.005 are at the broker: it may hold 0.005 to 0.03.
    const inTransit = { orders: 3, buy: d('0.02'), sell: d('0.005') }
    expect(phantom({ brokerQuantity: d('0.03'), inTransit })).toEqual({
      name: 'no_phantom_position',
      passed: true,
      message:
        'Tracker holds 0.01 BTC-USD, the broker 0.03; 3 orders at the broker unrecorded allow 0.005 to 0.03.',
    })
    expect(phantom({ brokerQuantity: d('0.005'), inTransit })?.passed).toBe(true)
    expect(phantom({ brokerQuantity: d('0.03001'), inTransit })?.passed).toBe(false)
    expect(phantom({ brokerQuantity: d('0.00499'), inTransit })?.passed).toBe(false)
  })
})

describe("the trader's local day", () => {
  it('starts at local midnight, also across a daylight-saving change', () => {
    expect(startOfLocalDay(Date.UTC(2026, 10, 24, 12), 'UTC')).toBe(Date.UTC(2026, 10, 24))
    // New York is UTC−5 in November: 02:00 UTC on the 25th is still the 24th there.
    expect(startOfLocalDay(Date.UTC(2026, 10, 25, 2), 'America/New_York')).toBe(
      Date.UTC(2026, 10, 24, 5),
    )
    // 2026-03-08 is the spring-forward day in New York: midnight is still at UTC−5.
    expect(startOfLocalDay(Date.UTC(2026, 2, 8, 20), 'America/New_York')).toBe(
      Date.UTC(2026, 2, 8, 5),
    )
    expect(startOfLocalDay(Date.UTC(2026, 10, 24, 20), 'Asia/Tokyo')).toBe(
      Date.UTC(2026, 10, 24, 15),
    )
  })
})

describe('money in messages', () => {
  it('groups thousands and rounds to cents', async () => {
    const { usd } = await import('../../../../electron/engine/core')
    expect(
      ['0', '5', '999.995', '1000', '65006.5', '1234567.891', '-503.01', '-0.001'].map((v) =>
        usd(new Decimal(v)),
      ),
    ).toEqual([
      '$0.00',
      '$5.00',
      '$1,000.00',
      '$1,000.00',
      '$65,006.50',
      '$1,234,567.89',
      '-$503.01',
      '$0.00',
    ])
  })
})
