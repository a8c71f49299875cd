/**
 * Serializable domain types shared by the engine, the hosts and the renderer.
 * Money and quantities are decimal strings; times are epoch milliseconds.
 */

/** A decimal number written as a string, e.g. "0.015" or "10000.00". */
export type DecimalString = string

/** Symbols the simulated market streams. */
export const SYMBOLS = ['BTC-USD', 'ETH-USD', 'SOL-USD'] as const
/** A tradable symbol. */
export type MarketSymbol = (typeof SYMBOLS)[number]

/** Order sides. */
export const SIDES = ['buy', 'sell'] as const
/** Buy or sell. */
export type Side = (typeof SIDES)[number]

/** Order types supported so far. */
export const ORDER_TYPES = ['market'] as const
/** The type of an order. */
export type OrderType = (typeof ORDER_TYPES)[number]

/** Where an order intent came from. */
export type OrderSource = 'ticket' | 'api' | 'strategy'

/**
 * Life cycle of an order: `pending` (intent journaled, gate passed, not yet acknowledged),
 * `open` (acknowledged by the broker), then one terminal state.
 */
export type OrderStatus = 'pending' | 'open' | 'filled' | 'rejected' | 'canceled' | 'failed'

/** Statuses after which an order never changes again. */
export const TERMINAL_STATUSES: readonly OrderStatus[] = [
  'filled',
  'rejected',
  'canceled',
  'failed',
]

/** One named pre-execution check and its outcome. */
export interface GateCheck {
  readonly name: string
  readonly passed: boolean
  /** Machine-readable reason, e.g. INSUFFICIENT_BALANCE; 'OK' when passed. */
  readonly code: string
  readonly message: string
}

/** An order as the ledger knows it. */
export interface Order {
  readonly id: string
  readonly clientOrderId: string
  readonly accountId: string
  readonly symbol: MarketSymbol
  readonly side: Side
  readonly type: OrderType
  readonly quantity: DecimalString
  readonly source: OrderSource
  readonly status: OrderStatus
  readonly filledQuantity: DecimalString
  /** Volume-weighted average fill price, or null before any fill. */
  readonly averagePrice: DecimalString | null
  readonly fee: DecimalString
  /** The market price the order was checked against. */
  readonly expectedPrice: DecimalString | null
  readonly createdAt: number
  readonly updatedAt: number
  /** The gate's checks, once it has decided. */
  readonly checks: readonly GateCheck[]
  /** Why the order was rejected or failed, in full words. */
  readonly reason: string | null
}

/** One execution against an order. */
export interface Fill {
  readonly id: string
  readonly orderId: string
  readonly clientOrderId: string
  readonly accountId: string
  readonly symbol: MarketSymbol
  readonly side: Side
  readonly quantity: DecimalString
  readonly price: DecimalString
  readonly fee: DecimalString
  readonly feeAsset: string
  readonly liquidity: 'maker' | 'taker'
  readonly ts: number
}

/** A holding of one symbol in one account (spot: long only). */
export interface Position {
  readonly accountId: string
  readonly symbol: MarketSymbol
  readonly quantity: DecimalString
  /** Average cost per unit, fees excluded. */
  readonly averagePrice: DecimalString
  /** Realized profit and loss of this symbol, net of the fees of closing sells. */
  readonly realizedPnl: DecimalString
}

/** Cash of one asset in one account. */
export interface Balance {
  readonly accountId: string
  readonly asset: string
  readonly total: DecimalString
  /** Total less what open orders reserve. */
  readonly available: DecimalString
}

/** A trading account. */
export interface Account {
  readonly id: string
  readonly name: string
  readonly kind: 'paper'
  readonly quoteAsset: string
  readonly createdAt: number
}

/** The best bid and ask and the last trade of a symbol. */
export interface Quote {
  readonly symbol: MarketSymbol
  readonly ts: number
  readonly bid: DecimalString
  readonly ask: DecimalString
  readonly last: DecimalString
}

/** A one-minute candle; numbers, since it is only drawn. */
export interface Candle {
  readonly symbol: MarketSymbol
  /** Start of the minute, epoch milliseconds. */
  readonly time: number
  readonly open: number
  readonly high: number
  readonly low: number
  readonly close: number
  readonly volume: number
}

/** Static facts about a tradable instrument. */
export interface Instrument {
  readonly symbol: MarketSymbol
  readonly baseAsset: string
  readonly quoteAsset: string
  /** Smallest quantity step. */
  readonly lotSize: DecimalString
  /** Smallest price step. */
  readonly tickSize: DecimalString
}

/** What an order would cost if it filled now. */
export interface OrderEstimate {
  readonly symbol: MarketSymbol
  readonly side: Side
  readonly quantity: DecimalString
  readonly price: DecimalString
  readonly notional: DecimalString
  readonly fee: DecimalString
  readonly feeRate: DecimalString
  /** Cash that leaves (buy: notional + fee) or arrives (sell: notional − fee). */
  readonly total: DecimalString
}

/** Everything the console needs on connect; deltas follow as events. */
export interface Snapshot {
  readonly defaultAccountId: string
  readonly accounts: readonly Account[]
  readonly instruments: readonly Instrument[]
  readonly balances: readonly Balance[]
  readonly positions: readonly Position[]
  readonly orders: readonly Order[]
  readonly fills: readonly Fill[]
  readonly quotes: readonly Quote[]
  readonly journal: { readonly seq: number; readonly hash: string }
  readonly serverTime: number
}
