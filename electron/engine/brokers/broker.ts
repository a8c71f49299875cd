/**
 * What the engine needs from a broker, paper or real.
 */
import type { MarketSymbol, OrderType, Side } from '../../../shared/types'

/** An order as sent to a broker, always with our own client order id. */
export interface BrokerOrderRequest {
  readonly accountId: string
  readonly clientOrderId: string
  readonly symbol: MarketSymbol
  readonly side: Side
  readonly type: OrderType
  readonly quantity: string
}

/** One execution reported by a broker. */
export interface BrokerFill {
  readonly fillId: string
  readonly quantity: string
  readonly price: string
  readonly fee: string
  readonly feeAsset: string
  readonly liquidity: 'maker' | 'taker'
  readonly ts: number
}

/** The broker's answer to an order. */
export interface BrokerAck {
  readonly brokerOrderId: string
  readonly status: 'open' | 'filled' | 'rejected'
  readonly fills: readonly BrokerFill[]
  readonly reason?: string
}

/** A place orders go. */
export interface Broker {
  /** Sends an order. Resolves with the acknowledgement and any immediate fills. */
  placeOrder(request: BrokerOrderRequest): Promise<BrokerAck>
  /** The taker fee rate in force, for estimates and the gate. */
  takerFeeRate(accountId: string): string
  /** What the broker holds of a symbol for an account (decimal string). */
  positionOf(accountId: string, symbol: MarketSymbol): Promise<string>
}
