/**
 * The paper exchange: fills market orders at once against the simulated quote, buyers at the
 * ask (mid plus half the spread) and sellers at the bid, and charges a taker fee.
 */
import type { Clock } from '../core/clock'
import { ZERO, dec, str, toCents, type Decimal } from '../core/decimal'
import type { MarketSymbol } from '../../../shared/types'
import type { MarketSimulator } from '../market/simulator'
import type { Broker, BrokerAck, BrokerOrderRequest } from './broker'

/** The Coinbase Advanced taker rate of the lowest tier, schedule effective 2022-09-20. */
export const DEFAULT_TAKER_FEE_RATE = '0.006'

/** Options of the paper exchange. */
export interface PaperBrokerOptions {
  readonly clock: Clock
  readonly market: MarketSimulator
  readonly takerFeeRate?: string
}

/** A simulated exchange for paper accounts. */
export class PaperBroker implements Broker {
  private readonly feeRate: string
  private readonly seen = new Map<string, BrokerAck>()
  private readonly holdings = new Map<string, Decimal>()
  private sequence = 0

  constructor(private readonly options: PaperBrokerOptions) {
    this.feeRate = options.takerFeeRate ?? DEFAULT_TAKER_FEE_RATE
    if (!dec(this.feeRate).isFinite() || dec(this.feeRate).isNegative())
      throw new Error(`Bad fee rate ${this.feeRate}`)
  }

  /** The taker fee rate (the same for every paper account). */
  takerFeeRate(): string {
    return this.feeRate
  }

  async placeOrder(request: BrokerOrderRequest): Promise<BrokerAck> {
    // Like a real exchange, a client order id already seen returns the first answer, never a second order.
    const key = `${request.accountId}/${request.clientOrderId}`
    const previous = this.seen.get(key)
    if (previous) return previous
    const quote = this.options.market.quote(request.symbol)
    const price = dec(request.side === 'buy' ? quote.ask : quote.bid)
    const quantity = dec(request.quantity)
    const fee = toCents(price.times(quantity).times(this.feeRate))
    this.sequence += 1
    const ack: BrokerAck = {
      brokerOrderId: `paper-${this.sequence}`,
      status: 'filled',
      fills: [
        {
          fillId: `paper-${this.sequence}-1`,
          quantity: str(quantity),
          price: str(price),
          fee: str(fee),
          feeAsset: 'USD',
          liquidity: 'taker',
          ts: this.options.clock.now(),
        },
      ],
    }
    this.seen.set(key, ack)
    const holding = `${request.accountId}/${request.symbol}`
    const before = this.holdings.get(holding) ?? ZERO
    this.holdings.set(
      holding,
      request.side === 'buy' ? before.plus(quantity) : before.minus(quantity),
    )
    return ack
  }

  async positionOf(accountId: string, symbol: MarketSymbol): Promise<string> {
    return str(this.holdings.get(`${accountId}/${symbol}`) ?? ZERO)
  }

  /**
   * Sets the exchange's holdings at start-up: the paper exchange lives in memory, so after a
   * restart it holds what the journal says it filled.
   */
  restore(
    positions: readonly { accountId: string; symbol: MarketSymbol; quantity: string }[],
  ): void {
    this.holdings.clear()
    for (const p of positions) this.holdings.set(`${p.accountId}/${p.symbol}`, dec(p.quantity))
  }
}
