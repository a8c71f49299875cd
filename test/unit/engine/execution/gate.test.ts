import { describe, expect, it } from 'vitest'
import { DEFAULT_LIMITS, evaluateGate, type GateInput } from '../../../../electron/engine/execution'
import { Decimal } from '../../../../electron/engine/core'
import { instrument } from '../../../../electron/engine/market'

const NOW = Date.UTC(2026, 10, 24, 12)
const base: GateInput = {
  symbol: 'BTC-USD',
  side: 'buy',
  quantity: '0.01',
  instrument: instrument('BTC-USD'),
  quote: { symbol: 'BTC-USD', ts: NOW - 1_000, bid: '50000.00', ask: '50010.00', last: '50005.00' },
  now: NOW,
  feeRate: '0.006',
  limits: DEFAULT_LIMITS,
  tradingState: 'ACTIVE',
  trackerProblem: null,
  reconciliationBlock: null,
  journalVerified: true,
  availableCash: new Decimal('10000'),
  availableQuantity: new Decimal('0'),
  holdings: [],
  workingOrders: [],
  ordersLastMinute: 0,
  realizedToday: new Decimal(0),
  equity: new Decimal(10000),
  peakEquity: new Decimal(10000),
}

const failures = (input: Partial<GateInput>) =>
  evaluateGate({ ...base, ...input }).checks.filter((c) => !c.passed)
const failure = (input: Partial<GateInput>) => {
  const failed = failures(input)
  expect(failed).toHaveLength(1)
  return failed[0]!
}
const limits = (l: Partial<GateInput['limits']>) => ({ ...DEFAULT_LIMITS, ...l })

describe('pre-execution gate', () => {
  it('passes an affordable buy, naming every check, and reserves notional plus fee at the ask', () => {
    const decision = evaluateGate(base)
    expect(decision.passed).toBe(true)
    expect(decision.expectedPrice?.toFixed()).toBe('50010')
    // 0.01 × 50,010 = 500.10; fee 0.6 % = 3.0006 → $3.00
    expect(decision.reserved.toFixed()).toBe('503.1')
    expect(decision.checks.map((c) => c.name)).toEqual([
      'entry_price',
      'quantity',
      'order_notional',
      'position_limit',
      'open_positions',
      'balance',
      'position_tracker',
      'reconciliation',
      'journal_verified',
      'pending_orders',
      'daily_loss',
      'drawdown',
      'exposure',
      'order_rate',
      'price_band',
      'market_data',
      'trading_state',
    ])
    expect(decision.checks.every((c) => c.code === 'OK')).toBe(true)
  })

  it('rejects a missing, zero or non-finite price', () => {
    expect(failures({ quote: null }).map((c) => c.code)).toContain('INVALID_PRICE')
    expect(failures({ quote: { ...base.quote!, ask: '0' } }).map((c) => c.code)).toContain(
      'INVALID_PRICE',
    )
    expect(failures({ quote: { ...base.quote!, ask: 'NaN' } }).map((c) => c.code)).toContain(
      'INVALID_PRICE',
    )
  })

  it('rejects zero, negative and off-lot quantities', () => {
    expect(failures({ quantity: '0' }).map((c) => c.code)).toContain('INVALID_QUANTITY')
    expect(failures({ quantity: '-1' }).map((c) => c.code)).toContain('INVALID_QUANTITY')
    expect(failures({ quantity: '0.000015' })[0]?.message).toBe(
      'Quantity 0.000015 is not a multiple of the BTC-USD lot size 0.00001.',
    )
  })

  it('rejects orders below the instrument minimum and outside the per-order band', () => {
    expect(failure({ quantity: '0.00001' }).code).toBe('BELOW_MIN_NOTIONAL')
    expect(failure({ limits: limits({ minOrderNotional: '600' }) }).message).toBe(
      'Order value $500.10 is below the per-order minimum of $600.00.',
    )
    expect(failure({ limits: limits({ maxOrderNotional: '400' }) }).message).toBe(
      'Order value $500.10 is above the per-order maximum of $400.00.',
    )
  })

  it('rejects a buy that would make the position or the open-position count too big', () => {
    const held = {
      symbol: 'BTC-USD' as const,
      quantity: new Decimal('0.09'),
      price: new Decimal('50005'),
    }
    expect(
      failure({ holdings: [held], limits: limits({ maxPositionNotional: '5000' }) }).message,
    ).toBe('BTC-USD position would be $5,001.00, above the per-symbol maximum of $5,000.00.')
    const others = (['ETH-USD', 'SOL-USD'] as const).map((symbol) => ({
      symbol,
      quantity: new Decimal(1),
      price: new Decimal(10),
    }))
    expect(failure({ holdings: others, limits: limits({ maxOpenPositions: 2 }) }).code).toBe(
      'MAX_POSITIONS',
    )
  })

  it('rejects a buy the cash cannot cover and says how much is needed and available', () => {
    const check = failure({ availableCash: new Decimal('300') })
    expect(check.code).toBe('INSUFFICIENT_BALANCE')
    expect(check.message).toBe('Insufficient balance: need $503.10 including fee, have $300.00.')
  })

  it('rejects selling more than is held (no short selling on spot)', () => {
    const check = failure({ side: 'sell', availableQuantity: new Decimal('0.005') })
    expect(check.code).toBe('INSUFFICIENT_POSITION')
    expect(check.message).toContain('need 0.01, have 0.005')
  })

  it('rejects when the position tracker is not available', () => {
    expect(failure({ trackerProblem: 'reconciliation found a phantom position' }).message).toBe(
      'Position tracker unavailable: reconciliation found a phantom position',
    )
  })

  it('refuses an account with an open reconciliation finding under its own check, not the tracker', () => {
    const first = { id: 'rf-12', message: 'the ledger has 0.01 BTC but the broker reports 0 BTC' }
    const one = failure({ reconciliationBlock: { open: 1, first } })
    expect(one).toEqual({
      name: 'reconciliation',
      passed: false,
      code: 'RECONCILIATION_OPEN',
      message:
        'Trading on this account is blocked: reconciliation with the broker found a difference that is still open (finding rf-12: the ledger has 0.01 BTC but the broker reports 0 BTC). Resolving it on the Reconciliation screen lifts the block.',
    })
    expect(failure({ reconciliationBlock: { open: 3, first } }).message).toBe(
      'Trading on this account is blocked: reconciliation with the broker found 3 differences that are still open (the first, finding rf-12: the ledger has 0.01 BTC but the broker reports 0 BTC). Resolving each on the Reconciliation screen lifts the block.',
    )
  })

  it('waits for the journal to be verified after start under its own check', () => {
    expect(failure({ journalVerified: false })).toEqual({
      name: 'journal_verified',
      passed: false,
      code: 'JOURNAL_UNVERIFIED',
      message:
        'The audit journal written before the last snapshot is still being verified (about a second after start); try again in a moment.',
    })
  })

  it('blocks a second pending order on the same symbol per the configured rule', () => {
    const workingOrders = [{ symbol: 'BTC-USD' as const, side: 'buy' as const, id: 'ord-9' }]
    expect(failure({ workingOrders }).code).toBe('DUPLICATE_PENDING')
    const sellPending = [{ symbol: 'BTC-USD' as const, side: 'sell' as const, id: 'ord-9' }]
    expect(failures({ workingOrders: sellPending })).toEqual([])
    expect(
      failure({ workingOrders: sellPending, limits: limits({ pendingOrderRule: 'per-symbol' }) })
        .code,
    ).toBe('DUPLICATE_PENDING')
    expect(failures({ workingOrders, limits: limits({ pendingOrderRule: 'off' }) })).toEqual([])
  })

  it('stops new risk at the daily loss and drawdown limits but lets a position be reduced', () => {
    expect(failure({ realizedToday: new Decimal('-500') }).message).toMatch(
      /^Daily loss limit reached: \$500\.00 realized today, limit \$500\.00\./,
    )
    expect(failure({ equity: new Decimal(7900), peakEquity: new Decimal(10000) }).message).toMatch(
      /^Drawdown limit reached: equity \$7,900\.00 is 21% below its peak of \$10,000\.00, limit 20%\./,
    )
    const held = [
      { symbol: 'BTC-USD' as const, quantity: new Decimal('0.01'), price: new Decimal('50005') },
    ]
    const reduce = { side: 'sell' as const, availableQuantity: new Decimal('0.01'), holdings: held }
    expect(
      failures({ ...reduce, realizedToday: new Decimal('-900'), equity: new Decimal(5000) }),
    ).toEqual([])
  })

  it('caps total exposure and the order rate', () => {
    const held = [
      { symbol: 'ETH-USD' as const, quantity: new Decimal(2), price: new Decimal(4300) },
    ]
    expect(failure({ holdings: held }).message).toBe(
      'Total exposure would be $9,100.10, above the maximum of $9,000.00.',
    )
    expect(failure({ ordersLastMinute: 30 }).message).toBe(
      'Too many orders: 30 in the last minute, limit 30. Wait and try again.',
    )
  })

  it('rejects a price outside the band around the last price and stale market data', () => {
    const far = { ...base.quote!, ask: '53000.00' }
    expect(failure({ quote: far }).message).toBe(
      'Buy price $53,000.00 is 5.99% above the last price $50,005.00, outside the ±5% band that stops a mistyped price.',
    )
    expect(failure({ now: NOW + 10_000 }).message).toBe(
      'Market data is stale: the last BTC-USD price is 11.0 s old, limit 10.0 s.',
    )
  })

  it('obeys the trading state: HALTED allows nothing, REDUCE_ONLY only sells of what is held', () => {
    expect(failure({ tradingState: 'HALTED' }).code).toBe('TRADING_HALTED')
    expect(failure({ tradingState: 'REDUCE_ONLY' }).code).toBe('REDUCE_ONLY')
    const held = [
      { symbol: 'BTC-USD' as const, quantity: new Decimal('0.01'), price: new Decimal('50005') },
    ]
    expect(
      failures({
        tradingState: 'REDUCE_ONLY',
        side: 'sell',
        availableQuantity: new Decimal('0.01'),
        holdings: held,
      }),
    ).toEqual([])
  })

  it('checks a limit buy at its own price: reserves at the limit and expects to pay it', () => {
    // 0.01 × 49,000 = 490.00; fee 0.6 % = 2.94 → reserve 492.94, even though the ask is higher.
    const decision = evaluateGate({ ...base, limitPrice: '49000.00' })
    expect(decision.passed).toBe(true)
    expect(decision.expectedPrice?.toFixed()).toBe('49000')
    expect(decision.reserved.toFixed()).toBe('492.94')
    expect(decision.checks[0]?.message).toBe('Limit price $49,000.00 is valid.')
  })

  it('refuses a limit price off the tick grid or far from the market', () => {
    expect(failures({ limitPrice: '49000.005' })[0]).toMatchObject({
      name: 'entry_price',
      code: 'INVALID_PRICE',
      message:
        'Limit price 49000.005 is not valid for BTC-USD: it must be above 0 and a multiple of the tick size 0.01.',
    })
    // A fat-fingered limit 10 % above the last price is outside the ±5 % band.
    expect(failure({ limitPrice: '55005.50' })).toMatchObject({
      name: 'price_band',
      code: 'PRICE_OUT_OF_BAND',
      message:
        'Buy limit $55,005.50 is 10% above the last price $50,005.00, outside the ±5% band that stops a mistyped price.',
    })
  })

  it('says for each check only what is true of it when the price or the quantity is wrong', () => {
    const said = (input: Partial<GateInput>) =>
      Object.fromEntries(failures(input).map((c) => [c.name, c.message]))
    // Off the lot size, at a good price: the quantity is the only thing wrong.
    expect(said({ quantity: '0.000015' })).toEqual({
      quantity: 'Quantity 0.000015 is not a multiple of the BTC-USD lot size 0.00001.',
      order_notional:
        'Not checked: the order value is unknown because the quantity 0.000015 is not on the lot size 0.00001.',
      position_limit:
        'Not checked: the position after the order is unknown because the quantity 0.000015 is not on the lot size 0.00001.',
      balance:
        'Not checked: the cash needed is unknown because the quantity 0.000015 is not on the lot size 0.00001.',
    })
    // A limit price off the tick, with a valid last price: the band names the limit price.
    expect(said({ limitPrice: '50000.005' })).toEqual({
      entry_price:
        'Limit price 50000.005 is not valid for BTC-USD: it must be above 0 and a multiple of the tick size 0.01.',
      order_notional:
        'Not checked: the order value is unknown because the limit price 50000.005 is not valid.',
      position_limit:
        'Not checked: the position after the order is unknown because the limit price 50000.005 is not valid.',
      balance:
        'Not checked: the cash needed is unknown because the limit price 50000.005 is not valid.',
      price_band: 'Not checked: the limit price 50000.005 is not valid.',
    })
    // A sell of a holding it has, at no valid market price: the holding still counts.
    const sell = said({
      side: 'sell',
      quantity: '0.01',
      availableQuantity: new Decimal('0.02'),
      holdings: [{ symbol: 'BTC-USD', quantity: new Decimal('0.02'), price: new Decimal('50000') }],
      quote: { ...base.quote!, bid: '0' },
    })
    expect(sell.balance).toBeUndefined()
    expect(sell.price_band).toBe('Not checked: there is no valid market price for BTC-USD.')
    // Only the last price missing: the band says so, and nothing else mentions it.
    expect(said({ quote: { ...base.quote!, last: '0' } })).toEqual({
      price_band: 'Not checked: there is no valid last price for BTC-USD.',
    })
    // Recovering after a trip, with both wrong: both are named, once each.
    expect(
      said({ tradingState: 'RECOVERING', recoveryFraction: 0.25, quantity: '0', quote: null })
        .trading_state,
    ).toBe(
      'Not checked: the order value, which RECOVERING caps, is unknown because there is no valid market price for BTC-USD and the quantity 0 is not above 0.',
    )
  })

  describe('price band: stops fat fingers, not take-profits', () => {
    const holding = {
      availableQuantity: new Decimal('0.01'),
      holdings: [
        { symbol: 'BTC-USD' as const, quantity: new Decimal('0.01'), price: new Decimal('50005') },
      ],
    }
    const sell = { side: 'sell' as const, ...holding }
    const band = (input: Partial<GateInput>) =>
      evaluateGate({ ...base, ...input }).checks.find((c) => c.name === 'price_band')!

    it('lets a sell limit far above the market rest on the book, and says why', () => {
      // A take-profit 30 % above the last price: it can only fill at $65,006.50 or better.
      const check = band({ ...sell, limitPrice: '65006.50' })
      expect(check).toMatchObject({ passed: true, code: 'OK' })
      expect(check.message).toBe(
        'Sell limit $65,006.50 is 30% above the last price $50,005.00: it waits on the book and cannot fill at a worse price than the market, so the ±5% band does not apply.',
      )
      expect(failures({ ...sell, limitPrice: '65006.50' })).toEqual([])
    })

    it('lets a buy limit far below the market rest on the book', () => {
      const check = band({ limitPrice: '35003.50' })
      expect(check).toMatchObject({ passed: true, code: 'OK' })
      expect(check.message).toContain('Buy limit $35,003.50 is 30% below the last price $50,005.00')
      expect(failures({ limitPrice: '35003.50' })).toEqual([])
    })

    it('still refuses a sell limit far below the market: it would dump at once', () => {
      expect(failure({ ...sell, limitPrice: '35003.50' })).toMatchObject({
        name: 'price_band',
        code: 'PRICE_OUT_OF_BAND',
        message:
          'Sell limit $35,003.50 is 30% below the last price $50,005.00, outside the ±5% band that stops a mistyped price.',
      })
    })

    it('still refuses a buy limit far above the market', () => {
      expect(failure({ limitPrice: '65006.50' }).code).toBe('PRICE_OUT_OF_BAND')
    })

    it('still refuses market orders whose side of the book is far from the last price', () => {
      expect(failure({ ...sell, quote: { ...base.quote!, bid: '40000.00' } })).toMatchObject({
        code: 'PRICE_OUT_OF_BAND',
        message:
          'Sell price $40,000.00 is 20.01% below the last price $50,005.00, outside the ±5% band that stops a mistyped price.',
      })
      const high = { ...base.quote!, bid: '60000.00', ask: '60010.00' }
      expect(failure({ ...sell, quote: high }).code).toBe('PRICE_OUT_OF_BAND')
    })

    it("never calls a sale's price an entry price", () => {
      const said = evaluateGate({ ...base, ...sell })
        .checks.map((c) => c.message)
        .join(' ')
      expect(said).not.toMatch(/entry/i)
      expect(said).toContain('Sell price $50,000.00 (the bid) is valid.')
      expect(said).toContain(
        'Sell price $50,000.00 is 0.01% from the last price $50,005.00, within the ±5% band.',
      )
    })
  })
})
