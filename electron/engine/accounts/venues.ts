/**
 * Venues: where paper accounts trade. One paper exchange on the simulated market and one on
 * each exchange's live public prices, each with its own state file; an exchange account's own
 * price feed. A paper exchange gets its balances, the fills behind its fee tier and (for a
 * folder from before it kept its book) its resting orders from the ledger when it is made.
 */
import type { Quote } from '../../../shared/types'
import { type Broker, PaperBroker, type PaperBrokerOptions } from '../brokers'
import { paperExchangeFile, type Clock, str, type EventBus } from '../core'
import type { Ledger } from '../ledger'
import { INSTRUMENTS, type MarketFeed, ccxtTickers, LiveFeed, type TickerSource } from '../market'
import type { PaperVenue } from './accounts'

/** What the venues are made with. */
export interface VenueOptions {
  readonly clock: Clock
  readonly dataDir: string
  readonly ledger: Ledger
  readonly bus: EventBus
  /** The simulated market (or a rehearsal's replay). */
  readonly market: MarketFeed
  readonly paper?: Partial<Omit<PaperBrokerOptions, 'clock' | 'market'>>
  /** Whether the paper exchanges fsync their state (not in a scratch folder). */
  readonly durable: boolean
  /** Public prices by exchange id (default: ccxt). */
  readonly tickerSource?: (exchangeId: string) => TickerSource
  /** Wraps each paper exchange: how tests inject faults. */
  readonly wrapBroker?: (broker: Broker) => Broker
}

/** The paper exchanges and the live feeds of this engine. */
export class Venues {
  /** The paper exchange on the simulated market. */
  readonly simulator: PaperVenue
  private readonly live = new Map<string, PaperVenue<LiveFeed>>()

  constructor(private readonly options: VenueOptions) {
    this.simulator = this.make(options.market, null)
  }

  /** The paper exchange on an exchange's live prices (made, and its feed started, once). */
  liveVenue(exchangeId: string): PaperVenue<LiveFeed> {
    let venue = this.live.get(exchangeId)
    if (!venue) {
      const feed = this.exchangeFeed(
        (this.options.tickerSource ?? ((id) => ccxtTickers({ exchangeId: id })))(exchangeId),
      )
      venue = this.make(feed, exchangeId)
      this.live.set(exchangeId, venue)
    }
    return venue
  }

  /** A started feed of an exchange's prices, published as quotes. */
  exchangeFeed(source: TickerSource): LiveFeed {
    const feed = new LiveFeed({
      clock: this.options.clock,
      source,
      symbols: INSTRUMENTS.map((i) => i.symbol),
    })
    feed.subscribe({
      quote: (quote) => this.options.bus.publish({ type: 'market:quote', payload: quote }),
    })
    feed.start()
    return feed
  }

  /** The paper exchange an account trades on (the simulator's unless it is on live prices). */
  paperOf(accountId: string): PaperBroker {
    const account = this.options.ledger.getAccount(accountId)
    const exchange = account?.priceSource === 'live' ? account.exchangeId : null
    return exchange
      ? (this.live.get(exchange)?.paper ?? this.simulator.paper)
      : this.simulator.paper
  }

  /** The latest quote of every live venue's feed. */
  liveQuotes(): Quote[] {
    return [...this.live.values()].flatMap((v) => v.feed.quotes())
  }

  /** Stops the live feeds. */
  stopFeeds(): void {
    for (const venue of this.live.values()) venue.feed.stop()
  }

  /** Closes every paper exchange (its state is on disk). */
  close(): void {
    this.simulator.paper.close()
    for (const venue of this.live.values()) venue.paper.close()
  }

  private make<F extends MarketFeed>(feed: F, exchangeId: string | null): PaperVenue<F> {
    const { clock, ledger } = this.options
    const paper = new PaperBroker({
      clock,
      ...this.options.paper,
      market: feed,
      stateFile: paperExchangeFile(this.options.dataDir, exchangeId),
      durable: this.options.durable,
    })
    const paperAccounts = ledger.listAccounts().filter((a) => a.kind === 'paper')
    paper.restore(
      ledger.positions().filter((p) => paperAccounts.some((a) => a.id === p.accountId)),
      {
        balances: paperAccounts.map((a) => ({
          accountId: a.id,
          asset: a.quoteAsset,
          amount: str(ledger.cash(a.id)),
        })),
        // The 30-day volume behind the fee tier.
        // The 30-day volume behind the fee tier, by hour (an hour cut by the 30 days is left
        // out: a lower tier, never a cheaper one).
        trades: paperAccounts.flatMap((a) =>
          ledger.volumeSince(a.id, clock.now() - 30 * 86_400_000).map(({ ts, notional }) => ({
            accountId: a.id,
            ts,
            notional: str(notional),
          })),
        ),
        journaledFills: (accountId, clientOrderId) => {
          const order = ledger.findOrder(accountId, clientOrderId)
          return order ? ledger.fillsOfOrder(accountId, order.id).map((f) => f.id) : null
        },
        // A data folder from before the exchange kept its book: its resting orders come back.
        openOrders: paperAccounts
          .filter((a) => (a.priceSource === 'live' ? a.exchangeId : null) === exchangeId)
          .flatMap((a) => ledger.workingOrders(a.id))
          .filter((o) => o.status === 'open' && o.type === 'limit' && o.limitPrice !== null)
          .map((o) => ({
            accountId: o.accountId,
            clientOrderId: o.clientOrderId,
            symbol: o.symbol,
            side: o.side,
            quantity: o.quantity,
            limitPrice: o.limitPrice as string,
            fills: ledger.fillsOfOrder(o.accountId, o.id).map(({ id, ...f }) => ({
              fillId: id,
              quantity: f.quantity,
              price: f.price,
              fee: f.fee,
              feeAsset: f.feeAsset,
              liquidity: f.liquidity,
              ts: f.ts,
            })),
          })),
      },
    )
    const wrap = this.options.wrapBroker
    return { paper, broker: wrap ? wrap(paper) : paper, feed }
  }
}
