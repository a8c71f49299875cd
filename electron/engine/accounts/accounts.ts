/**
 * The accounts at run time: for each account of the ledger, where its orders go (a broker)
 * and where its prices come from (a market feed), and how it is connected. Paper accounts
 * trade on the paper exchange, on the simulated market or on live public prices; exchange
 * accounts trade through ccxt with keys from the credential store. What an account *is* lives
 * in the journal; this is only what it is doing now.
 */
import type { Account, AccountStatus, PriceSource, StrategyStatus } from '../../../shared/types'
import {
  BrokerError,
  type Broker,
  type BrokerUpdate,
  type ClosableBroker,
  type CredentialStore,
  type CredentialSummary,
  type StoredCredentials,
  type PaperBroker,
} from '../brokers'
import type { MarketFeed, LiveFeed, TickerSource } from '../market'

/** A paper exchange on one market feed: the broker is the paper exchange (or a test's wrapper of it). */
export interface PaperVenue<F extends MarketFeed = MarketFeed> {
  readonly paper: PaperBroker
  readonly broker: Broker
  readonly feed: F
}

/** What the accounts need from the composition root. */
export interface AccountDeps {
  /** The paper exchange on the simulated market. */
  readonly simulator: PaperVenue
  /** The paper exchange on live public prices of an exchange (made once per exchange). */
  live(exchangeId: string): PaperVenue<LiveFeed>
  /** A feed on an exchange account's own prices (started; stopped when the account goes). */
  exchangeFeed(source: TickerSource): LiveFeed
  /** What the ledger says a paper account holds, asset → amount: the paper exchange's truth. */
  paperBalances(accountId: string): Record<string, string>
  /** A broker for an exchange account, with its keys. */
  exchangeBroker(account: Account, credentials: StoredCredentials): Promise<ClosableBroker>
  /** Where keys are kept; null when this host keeps none. */
  readonly credentials: CredentialStore | null
  /**
   * An exchange account just connected: adopt its opening balances the first time, or say how
   * they differ from the ledger's. Returns what to tell the trader, if anything.
   */
  exchangeConnected(account: Account, broker: Broker, feed: MarketFeed): Promise<string | null>
  /** The strategy running on an account, if any. */
  strategy(accountId: string): StrategyStatus | null
  onStatus(status: AccountStatus): void
  onBrokerUpdate(update: BrokerUpdate): void
}

interface Runtime {
  account: Account
  broker: ClosableBroker
  feed: MarketFeed
  connection: AccountStatus['connection']
  message: string | null
  prices: { source: PriceSource; online: boolean; message: string | null }
  unsubscribe: (() => void) | null
  /** A feed this account owns (an exchange account's prices), stopped when it disconnects. */
  ownFeed: LiveFeed | null
}

/** A broker for an account that is not connected: every call says so. */
function disconnected(account: Account): ClosableBroker {
  const refuse = (): never => {
    throw new BrokerError(
      'network',
      `Account ${account.name} (${account.id}) is not connected to ${account.exchangeId ?? 'its exchange'}; connect it on the Accounts screen first.`,
    )
  }
  return {
    placeOrder: async () => refuse(),
    fetchOrder: async () => refuse(),
    cancelOrder: async () => refuse(),
    positionOf: async () => refuse(),
    balances: async () => refuse(),
    openOrders: async () => refuse(),
    takerFeeRate: () => '0',
    feeTier: () => null,
    subscribe: () => () => undefined,
  }
}

/** The runtime side of every account. */
export class Accounts {
  private readonly runtimes = new Map<string, Runtime>()
  /** What the store says of each account's key (read when it may have changed). */
  private readonly keys = new Map<string, CredentialSummary>()

  constructor(private readonly deps: AccountDeps) {}

  /** Sets up an account of the ledger: paper accounts are connected at once. */
  async open(account: Account): Promise<AccountStatus> {
    const runtime: Runtime = {
      account,
      broker: disconnected(account),
      feed: this.deps.simulator.feed,
      connection: 'disconnected',
      message: null,
      prices: { source: 'simulator', online: true, message: null },
      unsubscribe: null,
      ownFeed: null,
    }
    this.runtimes.set(account.id, runtime)
    if (account.kind === 'paper') return this.connect(account.id)
    runtime.message = 'Not connected. Store its API keys, then connect.'
    return this.refreshKeys(account.id)
  }

  /** Settings changed (name, price source, strategies): reconnect a paper account if needed. */
  async update(account: Account): Promise<AccountStatus> {
    const runtime = this.get(account.id)
    const reconnect =
      account.kind === 'paper' &&
      (account.priceSource !== runtime.account.priceSource ||
        account.exchangeId !== runtime.account.exchangeId)
    runtime.account = account
    return reconnect ? this.connect(account.id) : this.publish(runtime)
  }

  /** Where an account's orders go now. */
  broker(accountId: string): Broker {
    return this.get(accountId).broker
  }

  /** Where an account's prices come from now. */
  feed(accountId: string): MarketFeed {
    return this.get(accountId).feed
  }

  /** Why the account cannot trade now, or null when it can. */
  problem(accountId: string): string | null {
    const runtime = this.runtimes.get(accountId)
    if (!runtime) return 'the account is not loaded'
    if (runtime.connection !== 'connected')
      return `the account is ${runtime.connection}${runtime.message ? ` (${runtime.message})` : ''}`
    return null
  }

  /** How an account is doing. */
  status(accountId: string): AccountStatus {
    const r = this.get(accountId)
    return {
      accountId,
      connection: r.connection,
      message: r.message,
      feeTier: r.connection === 'connected' ? r.broker.feeTier(accountId) : null,
      prices: r.prices,
      credentials: this.credentials(r.account),
      strategy: this.deps.strategy(accountId),
    }
  }

  private credentials(account: Account): AccountStatus['credentials'] {
    const store = this.deps.credentials
    if (account.kind === 'paper')
      return {
        stored: false,
        apiKeyHint: null,
        canTrade: false,
        where: 'A paper account needs no keys.',
        tradingKeysAllowed: true,
        explanation: '',
      }
    const key = this.keys.get(account.id)
    const description = store?.describe()
    return {
      stored: key?.stored ?? false,
      apiKeyHint: key?.apiKeyHint ?? null,
      canTrade: key?.canTrade ?? false,
      where: description?.location ?? 'This host keeps no API keys.',
      tradingKeysAllowed: description?.tradingKeysAllowed ?? false,
      explanation:
        description?.explanation ??
        'This host was started without a key store, so it cannot connect exchange accounts.',
    }
  }

  /** Reads again what the store holds for an account (after keys were stored or deleted). */
  async refreshKeys(accountId: string): Promise<AccountStatus> {
    const store = this.deps.credentials
    if (store) this.keys.set(accountId, await store.summary(accountId))
    return this.publish(this.get(accountId))
  }

  /** Every account's status. */
  statuses(): AccountStatus[] {
    return [...this.runtimes.keys()].map((id) => this.status(id))
  }

  /** Connects an account: the paper exchange, or its exchange with its stored keys. */
  async connect(accountId: string): Promise<AccountStatus> {
    const runtime = this.get(accountId)
    await this.detach(runtime)
    const { account } = runtime
    if (account.kind === 'paper') {
      this.attachPaper(runtime, this.deps.simulator)
      runtime.prices = { source: 'simulator', online: true, message: null }
      if (account.priceSource === 'live' && account.exchangeId) {
        const live = this.deps.live(account.exchangeId)
        runtime.connection = 'connecting'
        this.publish(runtime)
        if (await live.feed.poll()) {
          this.attachPaper(runtime, live)
          runtime.prices = { source: 'live', online: true, message: null }
        } else {
          // Offline: say so, and stay on the simulated market.
          runtime.prices = {
            source: 'simulator',
            online: false,
            message: `${live.feed.online.message ?? 'Live prices are not reachable.'} Trading on the simulated market instead.`,
          }
        }
      }
      runtime.connection = 'connected'
      runtime.message = null
      return this.publish(runtime)
    }
    const store = this.deps.credentials
    const credentials = store ? await store.get(accountId) : null
    if (!credentials) {
      runtime.connection = 'disconnected'
      runtime.message = store
        ? `No API keys are stored for this account. ${store.describe().explanation}`
        : 'This host keeps no API keys, so an exchange account cannot connect here.'
      return this.publish(runtime)
    }
    runtime.connection = 'connecting'
    runtime.message = null
    this.publish(runtime)
    try {
      const broker = await this.deps.exchangeBroker(account, credentials)
      // A first call proves the keys and the connection before anything is sent.
      await broker.balances(accountId)
      const feed = broker.prices
        ? this.deps.exchangeFeed(broker.prices)
        : this.deps.live(account.exchangeId ?? '').feed
      if (broker.prices) runtime.ownFeed = feed
      await feed.poll()
      this.attach(runtime, broker, feed)
      runtime.prices = { source: 'live', ...feed.online }
      runtime.connection = 'connected'
      runtime.message = await this.deps.exchangeConnected(account, broker, feed)
    } catch (error) {
      runtime.broker = disconnected(account)
      runtime.connection = 'error'
      runtime.message = `Could not connect to ${account.exchangeId}: ${(error as Error).message}`
    }
    return this.publish(runtime)
  }

  /** Disconnects an exchange account (a paper account stays connected to the paper exchange). */
  async disconnect(accountId: string): Promise<AccountStatus> {
    const runtime = this.get(accountId)
    if (runtime.account.kind === 'paper') {
      runtime.message = 'A paper account is always connected to the paper exchange.'
      return this.publish(runtime)
    }
    await this.detach(runtime)
    runtime.broker = disconnected(runtime.account)
    runtime.connection = 'disconnected'
    runtime.message = 'Disconnected by the trader.'
    return this.publish(runtime)
  }

  /** Disconnects everything. */
  async close(): Promise<void> {
    for (const runtime of this.runtimes.values()) await this.detach(runtime)
  }

  private attachPaper(runtime: Runtime, venue: PaperVenue): void {
    venue.paper.openAccount(runtime.account.id, this.deps.paperBalances(runtime.account.id))
    this.attach(runtime, venue.broker, venue.feed)
  }

  private attach(runtime: Runtime, broker: ClosableBroker, feed: MarketFeed): void {
    runtime.unsubscribe?.()
    runtime.broker = broker
    runtime.feed = feed
    const accountId = runtime.account.id
    runtime.unsubscribe = broker.subscribe((update) => {
      if (update.accountId === accountId) this.deps.onBrokerUpdate(update)
    })
  }

  private async detach(runtime: Runtime): Promise<void> {
    runtime.unsubscribe?.()
    runtime.unsubscribe = null
    // The shared paper exchanges stay up; an exchange account's own client is closed.
    if (runtime.account.kind === 'exchange') await runtime.broker.close?.()
    runtime.ownFeed?.stop()
    runtime.ownFeed = null
  }

  private publish(runtime: Runtime): AccountStatus {
    const status = this.status(runtime.account.id)
    this.deps.onStatus(status)
    return status
  }

  private get(accountId: string): Runtime {
    const runtime = this.runtimes.get(accountId)
    if (!runtime) throw new Error(`Account ${accountId} is not loaded`)
    return runtime
  }
}
