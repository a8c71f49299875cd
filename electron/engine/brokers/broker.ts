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
  /** The limit price of a limit order (decimal string); absent for a market order. */
  readonly limitPrice?: string
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

/**
 * The broker's view of one order: its answer to a placement, a lookup or a cancel, and every
 * later update. `fills` are all the order's fills so far (the engine records the new ones).
 * `canceled` with fills is a partial fill whose rest will never fill (an IOC remainder, or a
 * resting order canceled).
 */
export interface BrokerAck {
  readonly brokerOrderId: string
  readonly status: 'open' | 'filled' | 'canceled' | 'rejected'
  readonly fills: readonly BrokerFill[]
  readonly reason?: string
}

/** An order open at the broker: ours (by client order id) or one Vigil did not send. */
export interface BrokerOpenOrder extends BrokerAck {
  readonly clientOrderId: string
  /** Null when the order is on a market Vigil does not trade. */
  readonly symbol: MarketSymbol | null
}

/** A later change to an order: more fills, or it reached a final status. */
export interface BrokerUpdate extends BrokerAck {
  readonly accountId: string
  readonly clientOrderId: string
}

/** Why a broker call failed, in the engine's terms. */
export type BrokerErrorCode =
  // transient: the same request may succeed later (after looking the order up first)
  | 'network'
  | 'timeout'
  | 'rate_limited'
  | 'unavailable'
  // permanent: sending it again will fail the same way
  | 'insufficient_funds'
  | 'invalid_order'
  | 'authentication'
  | 'not_found'
  | 'not_supported'
  // the exchange could not record the order (the paper exchange's disk): it never took it
  | 'storage_failed'

const TRANSIENT: readonly BrokerErrorCode[] = ['network', 'timeout', 'rate_limited', 'unavailable']

/** A failed broker call, classified. */
export class BrokerError extends Error {
  constructor(
    readonly code: BrokerErrorCode,
    message: string,
    /** For rate limiting: how long the broker asked us to wait, when it said. */
    readonly retryAfterMs?: number,
  ) {
    super(message)
    this.name = 'BrokerError'
  }

  /** Transient errors may be retried; permanent ones never. */
  get kind(): 'transient' | 'permanent' {
    return TRANSIENT.includes(this.code) ? 'transient' : 'permanent'
  }
}

/** The fee tier an account is in now. */
export interface FeeTierInfo {
  /** The schedule's name and the date it took effect, e.g. "Coinbase Advanced (2022-09-20)". */
  readonly schedule: string
  /** The tier's lower bound of 30-day volume, USD. */
  readonly tierFrom: string
  readonly makerRate: string
  readonly takerRate: string
  /** The account's trailing 30-day traded notional, USD. */
  readonly volume30d: string
}

/** A trade's fee as the venue lists it. */
export interface ExchangeTradeFee {
  readonly fillId: string
  /** Null when the venue gave no fee for it. */
  readonly fee: string | null
  readonly feeAsset: string | null
  readonly liquidity: 'maker' | 'taker' | null
}

/** What a venue itself reports of an account's fees. */
export type ExchangeFeeReport =
  /** The paper exchange: its fees are its schedule's, by construction. */
  | { readonly kind: 'paper'; readonly note: string }
  | {
      readonly kind: 'exchange'
      readonly venue: string
      readonly readAt: number
      /** The account's rates as the exchange reports them; null when it does not. */
      readonly makerRate: string | null
      readonly takerRate: string | null
      readonly tier: {
        readonly name: string | null
        readonly from: string
        readonly volume30d: string
      } | null
      /** The exchange's trades since the time asked, with their fees; null when unreadable. */
      readonly trades: readonly ExchangeTradeFee[] | null
      /** What could not be read, and why. */
      readonly notes: readonly string[]
    }

/** A place orders go. */
export interface Broker {
  /** Sends an order. Resolves with the acknowledgement and any immediate fills. */
  placeOrder(request: BrokerOrderRequest): Promise<BrokerAck>
  /**
   * Looks an order up by our client order id: after a timeout, before any resend. Null when
   * the broker never received it.
   */
  fetchOrder(
    accountId: string,
    clientOrderId: string,
    symbol: MarketSymbol,
  ): Promise<BrokerAck | null>
  /** Cancels an open order; resolves with its final state (which may be filled). */
  cancelOrder(accountId: string, clientOrderId: string, symbol: MarketSymbol): Promise<BrokerAck>
  /** The taker fee rate in force, for estimates and the gate. */
  takerFeeRate(accountId: string): string
  /** The fee tier in force, when the broker has a schedule. */
  feeTier(accountId: string): FeeTierInfo | null
  /**
   * The venue's own fee figures for the account: its rates and tier, and its trades' fees
   * since `since` (absent on brokers that cannot say, such as a disconnected account).
   */
  exchangeFees?(accountId: string, since: number): Promise<ExchangeFeeReport>
  /** What the broker holds of a symbol for an account (decimal string). */
  positionOf(accountId: string, symbol: MarketSymbol): Promise<string>
  /** Every asset balance the broker reports for the account (asset → total, decimal string). */
  balances(accountId: string): Promise<Readonly<Record<string, string>>>
  /** Orders open at the broker for the account, with their client order ids. */
  openOrders(accountId: string): Promise<readonly BrokerOpenOrder[]>
  /** Later fills and final statuses of orders that were open when acknowledged. */
  subscribe(listener: (update: BrokerUpdate) => void): () => void
}
