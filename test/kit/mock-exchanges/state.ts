/**
 * The book-keeping behind a mock exchange: balances with holds, orders, fills and prices, in
 * Vigil's terms ('BTC-USD', decimals). Each mock renders this state in its exchange's JSON.
 * Market orders fill at once at the quote; limit orders that cross fill at once, the others
 * rest until a test fills them with `fill`.
 */
import { Decimal, ZERO, dec } from '../../../electron/engine/core'

/** An order as the mock exchange keeps it. */
export interface MockOrder {
  readonly id: string
  readonly clientOrderId: string
  readonly symbol: string
  readonly side: 'buy' | 'sell'
  readonly type: 'market' | 'limit'
  quantity: Decimal
  readonly limitPrice: Decimal | null
  /** A market buy given as an amount of quote currency to spend (Coinbase). */
  readonly quoteSize: Decimal | null
  status: 'open' | 'filled' | 'canceled'
  filled: Decimal
  cost: Decimal
  fees: Decimal
  readonly createdAt: number
  closedAt: number | null
  /** What the order still holds of the asset it spends. */
  held: Decimal
}

/** One execution. */
export interface MockTrade {
  readonly id: string
  readonly orderId: string
  readonly symbol: string
  readonly side: 'buy' | 'sell'
  readonly price: Decimal
  readonly quantity: Decimal
  readonly fee: Decimal
  readonly liquidity: 'maker' | 'taker'
  readonly ts: number
}

/** Best bid and ask and last trade price of a symbol. */
export interface MockQuote {
  bid: string
  ask: string
  last: string
}

/** What a new order asks for. */
export interface MockOrderInput {
  readonly clientOrderId: string
  readonly symbol: string
  readonly side: 'buy' | 'sell'
  readonly type: 'market' | 'limit'
  readonly quantity?: string
  readonly quoteSize?: string
  readonly limitPrice?: string
}

/** Why the mock refused an order. */
export type MockRejection = 'insufficient_funds' | 'unknown_symbol' | 'invalid'

/** Options of the state. */
export interface MockStateOptions {
  readonly now: () => number
  readonly newOrderId: (n: number) => string
  readonly newTradeId: (n: number) => string
  readonly makerRate: string
  readonly takerRate: string
  /** Decimal places fees are rounded to (Kraken: the pair's cost decimals). */
  readonly feeDecimals: number
  /** Trailing 30-day traded volume in USD to report. */
  readonly volume30d?: string
}

/** Balances, orders, trades and prices of one mock account. */
export class MockExchangeState {
  readonly quotes = new Map<string, MockQuote>([
    ['BTC-USD', { bid: '64999.50', ask: '65000.50', last: '65000.00' }],
    ['ETH-USD', { bid: '3199.90', ask: '3200.10', last: '3200.00' }],
    ['SOL-USD', { bid: '149.98', ask: '150.02', last: '150.00' }],
  ])
  readonly orders: MockOrder[] = []
  readonly trades: MockTrade[] = []
  private readonly free = new Map<string, Decimal>()
  private readonly hold = new Map<string, Decimal>()
  private orderSeq = 0
  private tradeSeq = 0
  volume30d: Decimal

  constructor(readonly options: MockStateOptions) {
    this.volume30d = dec(options.volume30d ?? '0')
    this.setBalance('USD', '10000')
    this.setBalance('BTC', '0.5')
  }

  /** Sets what an asset has free (nothing on hold). */
  setBalance(asset: string, amount: string): void {
    this.free.set(asset, dec(amount))
    this.hold.set(asset, ZERO)
  }

  /** Assets with a balance, with free and held amounts. */
  balances(): { asset: string; free: Decimal; hold: Decimal }[] {
    const assets = new Set([...this.free.keys(), ...this.hold.keys()])
    return [...assets].map((asset) => ({
      asset,
      free: this.free.get(asset) ?? ZERO,
      hold: this.hold.get(asset) ?? ZERO,
    }))
  }

  /** The total (free plus held) of an asset. */
  total(asset: string): Decimal {
    return (this.free.get(asset) ?? ZERO).plus(this.hold.get(asset) ?? ZERO)
  }

  order(id: string): MockOrder | undefined {
    return this.orders.find((o) => o.id === id)
  }

  orderByClientId(clientOrderId: string): MockOrder | undefined {
    return this.orders.find((o) => o.clientOrderId === clientOrderId)
  }

  tradesOf(orderId: string): MockTrade[] {
    return this.trades.filter((t) => t.orderId === orderId)
  }

  /** Accepts and executes an order, or says why not. */
  place(input: MockOrderInput): MockOrder | MockRejection {
    const quote = this.quotes.get(input.symbol)
    if (!quote) return 'unknown_symbol'
    const [base, quoteAsset] = input.symbol.split('-') as [string, string]
    const ask = dec(quote.ask)
    const bid = dec(quote.bid)
    const limit = input.limitPrice === undefined ? null : dec(input.limitPrice)
    if (input.type === 'limit' && limit === null) return 'invalid'
    let quantity = input.quantity === undefined ? null : dec(input.quantity)
    const quoteSize = input.quoteSize === undefined ? null : dec(input.quoteSize)
    if (quantity === null && quoteSize !== null)
      quantity = quoteSize.dividedBy(ask).toDecimalPlaces(8, Decimal.ROUND_DOWN)
    if (quantity === null || !quantity.isPositive()) return 'invalid'

    const crosses =
      input.type === 'market' ||
      (input.side === 'buy' ? limit!.greaterThanOrEqualTo(ask) : limit!.lessThanOrEqualTo(bid))
    const rate = dec(crosses ? this.options.takerRate : this.options.makerRate)
    const spends = input.side === 'buy' ? quoteAsset : base
    const price = crosses ? (input.side === 'buy' ? ask : bid) : limit!
    const need = input.side === 'buy' ? quantity.times(price).times(rate.plus(1)) : quantity
    if ((this.free.get(spends) ?? ZERO).lessThan(need)) return 'insufficient_funds'

    this.orderSeq += 1
    const order: MockOrder = {
      id: this.options.newOrderId(this.orderSeq),
      clientOrderId: input.clientOrderId,
      symbol: input.symbol,
      side: input.side,
      type: input.type,
      quantity,
      limitPrice: limit,
      quoteSize,
      status: 'open',
      filled: ZERO,
      cost: ZERO,
      fees: ZERO,
      createdAt: this.options.now(),
      closedAt: null,
      held: ZERO,
    }
    this.orders.push(order)
    this.move(spends, need, 'hold')
    order.held = need
    if (crosses) this.execute(order, quantity, price, 'taker')
    return order
  }

  /** Fills (part of) a resting order, as if someone traded against it. */
  fill(orderId: string, quantity?: string, price?: string): MockTrade {
    const order = this.order(orderId)
    if (!order || order.status !== 'open') throw new Error(`No open order ${orderId}`)
    const remaining = order.quantity.minus(order.filled)
    const q = quantity === undefined ? remaining : dec(quantity)
    if (q.greaterThan(remaining)) throw new Error(`Order ${orderId} has only ${remaining} left`)
    return this.execute(order, q, price === undefined ? order.limitPrice! : dec(price), 'maker')
  }

  /** Cancels an open order and releases what it held; false when it is no longer open. */
  cancel(orderId: string): boolean {
    const order = this.order(orderId)
    if (!order || order.status !== 'open') return false
    order.status = 'canceled'
    order.closedAt = this.options.now()
    this.release(order, order.held)
    return true
  }

  private execute(
    order: MockOrder,
    quantity: Decimal,
    price: Decimal,
    liquidity: 'maker' | 'taker',
  ): MockTrade {
    const [base, quoteAsset] = order.symbol.split('-') as [string, string]
    const rate = dec(liquidity === 'maker' ? this.options.makerRate : this.options.takerRate)
    const notional = quantity.times(price)
    const fee = notional
      .times(rate)
      .toDecimalPlaces(this.options.feeDecimals, Decimal.ROUND_HALF_UP)
    const remaining = order.quantity.minus(order.filled)
    // Release the held share of this fill, then pay for it from free balance.
    this.release(order, order.held.times(quantity).dividedBy(remaining))
    if (order.side === 'buy') {
      this.add(quoteAsset, notional.plus(fee).negated())
      this.add(base, quantity)
    } else {
      this.add(base, quantity.negated())
      this.add(quoteAsset, notional.minus(fee))
    }
    this.tradeSeq += 1
    const trade: MockTrade = {
      id: this.options.newTradeId(this.tradeSeq),
      orderId: order.id,
      symbol: order.symbol,
      side: order.side,
      price,
      quantity,
      fee,
      liquidity,
      ts: this.options.now(),
    }
    this.trades.push(trade)
    order.filled = order.filled.plus(quantity)
    order.cost = order.cost.plus(notional)
    order.fees = order.fees.plus(fee)
    this.volume30d = this.volume30d.plus(notional)
    if (order.filled.greaterThanOrEqualTo(order.quantity)) {
      order.status = 'filled'
      order.closedAt = trade.ts
      this.release(order, order.held)
    }
    return trade
  }

  private release(order: MockOrder, amount: Decimal): void {
    const [base, quoteAsset] = order.symbol.split('-') as [string, string]
    const asset = order.side === 'buy' ? quoteAsset : base
    order.held = order.held.minus(amount)
    this.move(asset, amount, 'free')
  }

  private move(asset: string, amount: Decimal, to: 'hold' | 'free'): void {
    const free = this.free.get(asset) ?? ZERO
    const held = this.hold.get(asset) ?? ZERO
    const delta = to === 'hold' ? amount : amount.negated()
    this.free.set(asset, free.minus(delta))
    this.hold.set(asset, held.plus(delta))
  }

  private add(asset: string, amount: Decimal): void {
    this.free.set(asset, (this.free.get(asset) ?? ZERO).plus(amount))
    if (!this.hold.has(asset)) this.hold.set(asset, ZERO)
  }
}

/** Average fill price of an order, or zero before its first fill. */
export function averagePrice(order: MockOrder): Decimal {
  return order.filled.isZero() ? ZERO : order.cost.dividedBy(order.filled)
}
