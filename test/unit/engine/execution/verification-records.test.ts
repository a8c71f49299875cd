/**
 * What the verifier leaves behind: each check as its code and numbers, never its sentence, and
 * the words rendered from them on read are the sentences the trader has always read, in every
 * case the verifier knows (passed and failed).
 */
import { describe, expect, it } from 'vitest'
import { Decimal } from '../../../../electron/engine/core'
import { verifyExecution, type VerificationInput } from '../../../../electron/engine/execution'
import { describeVerification, type CheckRecord } from '../../../../electron/engine/journal'

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
const nothingFilled = {
  fills: [],
  after: good.before,
  brokerQuantity: d(0),
  trackerQuantity: d(0),
}

/** Each case: what differs from a clean fill, and every check's words, in order. */
const CASES: [string, Partial<VerificationInput>, string[]][] = [
  [
    'a clean fill',
    {},
    [
      'Broker confirmed after 12 ms (limit 10000 ms).',
      'Order is filled.',
      'Filled 0.01 of 0.01 requested (lot size 0.00001).',
      'Average fill $50,000.00 against expected $50,000.00: 0.00 bps slippage, tolerance 50 bps.',
      'Position moved by 0.01 BTC-USD; the fills say 0.01.',
      'Cash moved by -$503.00; quantity × price + fee says -$503.00.',
      'Tracker holds 0.01 BTC-USD, the broker 0.01.',
    ],
  ],
  [
    'a late, slipped fill in two parts the ledger booked wrong, and a broker that cannot say',
    {
      requested: d('0.0100'),
      confirmedAfterMs: 10_001,
      fills: [
        { quantity: d('0.003'), price: d('50300.004'), fee: d('1') },
        { quantity: d('0.007'), price: d('50300.003'), fee: d('2') },
      ],
      after: { cash: d('9496.99'), positionQuantity: d('0.02') },
      brokerQuantity: null,
      trackerQuantity: d('0.02'),
    },
    [
      'Broker confirmed after 10001 ms (limit 10000 ms).',
      'Order is filled.',
      'Filled 0.01 of 0.01 requested (lot size 0.00001).',
      'Average fill $50,300.00 against expected $50,000.00: 60.00 bps slippage, tolerance 50 bps.',
      'Position moved by 0.02 BTC-USD; the fills say 0.01.',
      'Cash moved by -$503.01; quantity × price + fee says -$506.00.',
      'The broker could not report its BTC-USD position.',
    ],
  ],
  [
    'no answer from the broker, with orders in transit',
    {
      ...nothingFilled,
      confirmedAfterMs: null,
      status: 'pending',
      brokerQuantity: d('0.01'),
      inTransit: { orders: 1, buy: d('0.01'), sell: d(0) },
    },
    [
      'No confirmation from the broker within 10.0 s.',
      'Order is pending, not filled.',
      'Filled 0 of 0.01 requested (lot size 0.00001).',
      'No fill to check the price of.',
      'Position moved by 0 BTC-USD; the fills say 0.',
      'Cash moved by $0.00; quantity × price + fee says $0.00.',
      'Tracker holds 0 BTC-USD, the broker 0.01; 1 order at the broker unrecorded allow 0 to 0.01.',
    ],
  ],
  [
    'a cancel the trader asked for, before anything filled',
    { ...nothingFilled, status: 'canceled', canceledOnRequest: true },
    [
      'Broker confirmed after 12 ms (limit 10000 ms).',
      'Order was canceled as asked, before anything filled.',
      'Nothing of 0.01 filled before the cancel.',
      'No fill, so no price to check.',
      'Position moved by 0 BTC-USD; the fills say 0.',
      'Cash moved by $0.00; quantity × price + fee says $0.00.',
      'Tracker holds 0 BTC-USD, the broker 0.',
    ],
  ],
  [
    'a sale partly filled and canceled, with no expected price',
    {
      side: 'sell',
      status: 'canceled',
      expectedPrice: null,
      fills: [{ quantity: d('0.004'), price: d('50000'), fee: d('1.2') }],
      before: { cash: d('0'), positionQuantity: d('0.01') },
      after: { cash: d('198.8'), positionQuantity: d('0.006') },
      brokerQuantity: d('0.006'),
      trackerQuantity: d('0.006'),
      inTransit: { orders: 2, buy: d('0.01'), sell: d('0.002') },
    },
    [
      'Broker confirmed after 12 ms (limit 10000 ms).',
      'Order is canceled after a partial fill of 0.004 of 0.01; the checks below are against what filled.',
      'Partial fill: 0.004 of 0.01 filled.',
      'No expected price was recorded, so slippage cannot be checked.',
      'Position moved by -0.004 BTC-USD; the fills say -0.004.',
      'Cash moved by $198.80; quantity × price − fee says $198.80.',
      'Tracker holds 0.006 BTC-USD, the broker 0.006; 2 orders at the broker unrecorded allow 0.004 to 0.016.',
    ],
  ],
]

describe('verification check records', () => {
  it.each(CASES)(
    'keeps %s as codes and numbers, and renders the same words',
    (_what, change, words) => {
      const result = verifyExecution({ ...good, ...change })
      // What the journal keeps, read back as the journal reads it.
      const stored = JSON.parse(JSON.stringify(result.records)) as CheckRecord[]
      const text = JSON.stringify(stored)
      for (const sentence of words) expect(text).not.toContain(sentence)
      expect(stored.every((c) => Array.isArray(c) && c.length <= 3)).toBe(true)

      const order = { symbol: 'BTC-USD', side: change.side ?? 'buy', quantity: '0.01' }
      const shown = describeVerification(stored, order)
      expect(shown.map((c) => c.message)).toEqual(words)
      expect(shown).toEqual(result.checks)
      expect(shown.map((c) => c.passed)).toEqual(stored.map((c) => c[1] === 'OK'))
    },
  )

  it('shows an older record that spelled each message out as it was written', () => {
    const old = { name: 'status', passed: false, message: 'Order is failed, not filled.' }
    expect(
      describeVerification([old, ['status', 'OK']], {
        symbol: 'BTC-USD',
        side: 'buy',
        quantity: '1',
      }),
    ).toEqual([old, { name: 'status', passed: true, message: 'Order is filled.' }])
  })
})
