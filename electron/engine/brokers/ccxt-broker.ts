/**
 * A real exchange account through ccxt: any exchange ccxt supports, chosen by its id. Orders
 * always carry our client order id; after a timeout the order is looked up by that id before
 * anything is sent again. Balances, open orders, fills and prices are polled on the Clock, and
 * fills of orders that were open are published as BrokerUpdates.
 */
import {
  ArgumentsRequired,
  DuplicateOrderId,
  exchanges,
  type Exchange,
  type Order,
  type Ticker,
  type Trade,
} from 'ccxt'
import { type MarketSymbol, SYMBOLS } from '../../../shared/types'
import { type Clock, type TimerHandle, ZERO, dec, str } from '../core'
import {
  BrokerError,
  type Broker,
  type BrokerAck,
  type BrokerOpenOrder,
  type BrokerFill,
  type BrokerOrderRequest,
  type BrokerUpdate,
  type ExchangeFeeReport,
  type FeeTierInfo,
} from './broker'
import { readExchangeFees, type ReadRates } from './ccxt-fees'
import { toBrokerError } from './ccxt-errors'
import { profileFor, type CcxtProfile, type ClientIdLookup } from './ccxt-profiles'
import type { ExchangeCredentials } from './credentials'

/** Options of a ccxt broker: one account at one exchange. */
export interface CcxtBrokerOptions {
  /** The Vigil account this exchange account is. */
  readonly accountId: string
  /** A ccxt exchange id, e.g. "coinbase" or "kraken". */
  readonly exchangeId: string
  readonly credentials: ExchangeCredentials
  readonly clock: Clock
  /** Trade in the exchange's sandbox; refused when the exchange has none. */
  readonly sandbox?: boolean
  /** Base URLs replacing every `urls.api` (and, for sandbox, `urls.test`) entry: mock servers. */
  readonly urls?: { readonly api?: string; readonly sandbox?: string }
  /** Per-request timeout, ms (default 10 s). */
  readonly timeoutMs?: number
  /** How often balances, orders, fills and prices are polled, ms (default 5 s). */
  readonly pollMs?: number
  /** How often the fee tier is read again, ms (default 1 h). */
  readonly feeRefreshMs?: number
  /** Symbols whose prices are polled (default: every Vigil symbol the exchange lists). */
  readonly symbols?: readonly MarketSymbol[]
  /** Tries per call when the failure is transient (default 4). */
  readonly maxAttempts?: number
  /** First back-off after a transient failure, doubled each time, ms (default 500). */
  readonly backoffMs?: number
  /** ccxt's own request throttle (default on; tests turn it off). */
  readonly enableRateLimit?: boolean
}

/** The latest prices read from the exchange (decimal strings). */
export interface CcxtQuote {
  readonly symbol: MarketSymbol
  readonly bid: string | null
  readonly ask: string | null
  readonly last: string | null
  readonly ts: number
}

/** How the connection is doing, for the Accounts screen. */
export interface CcxtBrokerStatus {
  readonly exchange: string
  readonly sandbox: boolean
  readonly connected: boolean
  readonly lastPollAt: number | null
  readonly lastError: string | null
  /** What the exchange cannot do and how Vigil copes, in words. */
  readonly notes: readonly string[]
}

interface Tracked {
  readonly clientOrderId: string
  readonly symbol: MarketSymbol
  readonly market: string
  brokerOrderId: string
  /** The exchange's time of the order (ms), to read its fills from. */
  since: number | undefined
  reportedStatus: BrokerAck['status'] | null
  readonly reportedFills: Set<string>
  done: boolean
}

type ExchangeClass = new (config?: Record<string, unknown>) => Exchange

const NEEDED: readonly (readonly [string, string])[] = [
  ['createOrder', 'place orders'],
  ['cancelOrder', 'cancel orders'],
  ['fetchOrder', 'look an order up'],
  ['fetchOpenOrders', 'list open orders'],
  ['fetchMyTrades', 'read fills'],
  ['fetchBalance', 'read balances'],
  ['fetchTicker', 'read prices'],
]

/** A Broker for a real exchange account, through ccxt. */
export class CcxtBroker implements Broker {
  /** The ccxt exchange object (exposed for the host's diagnostics and tests). */
  readonly exchange: Exchange
  private readonly profile: CcxtProfile
  private readonly lookup: ClientIdLookup
  private readonly venue: string
  private readonly notes: string[] = []
  private readonly maxAttempts: number
  private readonly backoffMs: number
  private readonly listeners = new Set<(update: BrokerUpdate) => void>()
  private readonly orders = new Map<string, Tracked>()
  private readonly ours = new Map<string, string>()
  private readonly quotes = new Map<MarketSymbol, CcxtQuote>()
  private fees: { takerRate: string; tier: FeeTierInfo | null } | null = null
  private feesReadAt: number | null = null
  /** The rates and tier as last read from the exchange (for the fee analyzer). */
  private readRates: ReadRates | null = null
  private marketsLoaded: Promise<void> | null = null
  private timer: TimerHandle | null = null
  private inflight: Promise<void> | null = null
  private pausedUntil = 0
  private connected = false
  private lastPollAt: number | null = null
  private lastError: string | null = null

  constructor(private readonly options: CcxtBrokerOptions) {
    const Ctor = (exchanges as unknown as Record<string, ExchangeClass | undefined>)[
      options.exchangeId
    ]
    if (!Ctor)
      throw new BrokerError(
        'not_supported',
        `Vigil does not know an exchange called "${options.exchangeId}". Use a ccxt exchange id such as coinbase or kraken.`,
      )
    this.profile = profileFor(options.exchangeId)
    const exchange = new Ctor({
      apiKey: options.credentials.apiKey,
      secret: options.credentials.secret,
      password: options.credentials.password,
      enableRateLimit: options.enableRateLimit ?? true,
      timeout: options.timeoutMs ?? 10_000,
    })
    Object.assign(exchange.options, this.profile.options)
    this.exchange = exchange
    this.venue = exchange.name ?? options.exchangeId
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 4)
    this.backoffMs = options.backoffMs ?? 500

    const { urls } = options
    const original = { ...exchange.urls.api }
    if (urls?.api) exchange.urls.api = pointAt(original, urls.api)
    if (urls?.sandbox) exchange.urls.test = pointAt(original, urls.sandbox)
    if (options.sandbox) {
      if (!exchange.urls.test)
        throw new BrokerError(
          'not_supported',
          `${this.venue} has no sandbox (test) environment that ccxt can reach, so this account cannot run in sandbox mode. Turn the sandbox flag off to trade on the real exchange with real money, or practise on a paper account.`,
        )
      exchange.setSandboxMode(true)
    }

    if (!exchange.checkRequiredCredentials(false)) {
      const wanted = Object.entries(exchange.requiredCredentials)
        .filter(([, required]) => required)
        .map(([name]) =>
          name === 'password' ? 'passphrase' : name === 'apiKey' ? 'API key' : name,
        )
      throw new BrokerError(
        'authentication',
        `${this.venue} needs ${wanted.join(', ')} for an account; enter them in the account's credentials.`,
      )
    }

    const missing = NEEDED.filter(([method]) => !exchange.has[method])
    if (missing.length > 0)
      throw new BrokerError(
        'not_supported',
        `${this.venue} cannot ${missing.map(([, what]) => what).join(', ')} through ccxt; Vigil needs all of these to trade an account there.`,
      )
    this.lookup = this.profile.lookup ?? lookupFrom(exchange.has)
    if (this.lookup === 'scan-orders' || this.lookup === 'scan-open-closed')
      this.notes.push(
        `${this.venue} cannot look an order up by its client order id; after a timeout Vigil searches the account's recent orders in that symbol for it.`,
      )
    if (this.lookup === 'none')
      this.notes.push(
        `${this.venue} cannot look orders up by client order id: after a timeout Vigil cannot tell whether an order arrived, so it never sends it again and reports it as unconfirmed for you to check on ${this.venue}.`,
      )
    if (exchange.options.createMarketBuyOrderRequiresPrice === true)
      this.notes.push(
        `${this.venue} takes a market buy as an amount of money to spend: Vigil sends quantity × the current ask, so the quantity bought can differ slightly from the quantity asked.`,
      )
  }

  /** Loads markets and fees and reads balances, orders and prices once. */
  async connect(): Promise<void> {
    await this.retry(() => this.loadMarkets())
    this.connected = true
    await this.poll()
  }

  /** Starts polling on the Clock. */
  start(): void {
    if (this.timer) return
    this.timer = this.options.clock.setInterval(() => void this.poll(), this.options.pollMs ?? 5000)
  }

  /** Stops polling. */
  stop(): void {
    this.timer?.cancel()
    this.timer = null
  }

  /** How the connection is doing. */
  status(): CcxtBrokerStatus {
    return {
      exchange: this.venue,
      sandbox: this.options.sandbox ?? false,
      connected: this.connected,
      lastPollAt: this.lastPollAt,
      lastError: this.lastError,
      notes: [...this.notes],
    }
  }

  /**
   * Tells the broker client order ids it may meet at the exchange (say, the ledger's open
   * orders after a restart), so orders listed by the exchange under a derived id (Kraken's
   * UUIDs) come back under ours.
   */
  learnClientOrderIds(clientOrderIds: Iterable<string>): void {
    for (const id of clientOrderIds) this.wireId(id)
  }

  /** The latest polled prices of a symbol, or null before the first poll. */
  quote(symbol: MarketSymbol): CcxtQuote | null {
    return this.quotes.get(symbol) ?? null
  }

  async placeOrder(request: BrokerOrderRequest): Promise<BrokerAck> {
    this.checkAccount(request.accountId)
    const market = await this.marketFor(request.symbol)
    const amount = Number(request.quantity)
    if (!(amount > 0) || !Number.isFinite(amount))
      throw new BrokerError(
        'invalid_order',
        `Quantity ${request.quantity} is not a positive number.`,
      )
    let price: number | undefined
    if (request.type === 'limit') {
      price = Number(request.limitPrice)
      if (!(price > 0) || !Number.isFinite(price))
        throw new BrokerError('invalid_order', 'A limit order needs a positive limit price.')
    } else if (
      request.side === 'buy' &&
      this.exchange.options.createMarketBuyOrderRequiresPrice === true
    ) {
      price = await this.askOf(request.symbol, market)
    }
    const wireId = this.wireId(request.clientOrderId)
    const params = this.profile.createParams(wireId)

    // Whether an earlier try may have reached the exchange: then it is looked up before
    // anything is sent again, and sent again only if the exchange never got it.
    let unsure = false
    for (let attempt = 1; ; attempt++) {
      try {
        if (unsure) {
          const found = await this.findByClientId(wireId, market)
          if (found) return await this.acknowledge(request.clientOrderId, request.symbol, found)
          unsure = false
        }
        const created = await this.exchange.createOrder(
          market,
          request.type,
          request.side,
          amount,
          price,
          { ...params },
        )
        return await this.acknowledge(request.clientOrderId, request.symbol, created)
      } catch (error) {
        if (error instanceof DuplicateOrderId && this.lookup !== 'none') {
          unsure = true
          if (attempt < this.maxAttempts) continue
        }
        const failure = toBrokerError(error, this.venue, this.exchange)
        if (failure.kind === 'permanent') throw failure
        // A refused request (429) never reached the order book; anything else may have.
        if (failure.code !== 'rate_limited') unsure = true
        if (unsure && this.lookup === 'none') throw this.unconfirmed(request, failure, attempt)
        if (attempt >= this.maxAttempts)
          throw unsure ? this.unconfirmed(request, failure, attempt) : failure
        await this.sleep(this.backoff(attempt, failure))
      }
    }
  }

  async fetchOrder(
    accountId: string,
    clientOrderId: string,
    symbol: MarketSymbol,
  ): Promise<BrokerAck | null> {
    this.checkAccount(accountId)
    const market = await this.marketFor(symbol)
    const known = this.orders.get(clientOrderId)
    if (known) {
      try {
        return await this.report(known, await this.retry(() => this.orderById(known)))
      } catch (error) {
        if (error instanceof BrokerError && error.code === 'not_found') return null
        throw error
      }
    }
    if (this.lookup === 'none')
      throw new BrokerError(
        'not_supported',
        `${this.venue} cannot look orders up by client order id; check order ${clientOrderId} on ${this.venue}.`,
      )
    const found = await this.retry(() => this.findByClientId(this.wireId(clientOrderId), market))
    return found ? await this.acknowledge(clientOrderId, symbol, found) : null
  }

  async cancelOrder(
    accountId: string,
    clientOrderId: string,
    symbol: MarketSymbol,
  ): Promise<BrokerAck> {
    this.checkAccount(accountId)
    const market = await this.marketFor(symbol)
    let tracked = this.orders.get(clientOrderId)
    if (!tracked && this.lookup !== 'none') {
      const found = await this.retry(() => this.findByClientId(this.wireId(clientOrderId), market))
      if (found) tracked = this.track(clientOrderId, symbol, found)
    }
    if (!tracked)
      throw new BrokerError('not_found', `${this.venue} has no order ${clientOrderId} to cancel.`)
    const order = tracked
    try {
      await this.retry(() => this.exchange.cancelOrder(order.brokerOrderId, order.market))
    } catch (error) {
      // Already filled or already canceled: its final state is what the caller wants.
      const gone =
        error instanceof BrokerError &&
        (error.code === 'not_found' || error.code === 'invalid_order')
      if (!gone) throw error
    }
    return await this.report(order, await this.retry(() => this.orderById(order)))
  }

  takerFeeRate(accountId: string): string {
    this.checkAccount(accountId)
    if (this.fees) return this.fees.takerRate
    const markets = this.exchange.markets ?? {}
    for (const symbol of this.symbols()) {
      const taker = (markets[ccxtSymbol(symbol)] as { taker?: number } | undefined)?.taker
      if (typeof taker === 'number') return str(dec(taker))
    }
    const taker = this.exchange.fees?.trading?.taker
    if (typeof taker === 'number') return str(dec(taker))
    throw new Error(`${this.venue}: the taker fee is unknown; connect the account first.`)
  }

  feeTier(accountId: string): FeeTierInfo | null {
    this.checkAccount(accountId)
    return this.fees?.tier ?? null
  }

  async exchangeFees(accountId: string, since: number): Promise<ExchangeFeeReport> {
    this.checkAccount(accountId)
    await this.retry(() => this.loadMarkets())
    return readExchangeFees({
      exchange: this.exchange,
      venue: this.venue,
      markets: this.symbols().map(ccxtSymbol),
      since,
      now: this.options.clock.now(),
      rates: this.readRates,
      retry: (call) => this.retry(call),
    })
  }

  async positionOf(accountId: string, symbol: MarketSymbol): Promise<string> {
    const balances = await this.balances(accountId)
    return balances[symbol.split('-')[0]!] ?? '0'
  }

  async balances(accountId: string): Promise<Readonly<Record<string, string>>> {
    this.checkAccount(accountId)
    await this.retry(() => this.loadMarkets())
    return await this.retry(() => this.readBalances())
  }

  async openOrders(accountId: string): Promise<readonly BrokerOpenOrder[]> {
    this.checkAccount(accountId)
    await this.retry(() => this.loadMarkets())
    const open = await this.retry(() => this.fetchOpenAll())
    const result: BrokerOpenOrder[] = []
    for (const order of open) {
      const wire = order.clientOrderId
      const clientOrderId =
        (wire && this.ours.get(wire)) || wire || `${this.options.exchangeId}:${order.id}`
      const symbol = vigilSymbol(order.symbol)
      const tracked = symbol ? this.track(clientOrderId, symbol, order) : null
      const fills =
        tracked && (order.filled ?? 1) > 0 ? await this.retry(() => this.fillsOf(tracked)) : []
      result.push({ ...this.toAck(order, fills), clientOrderId, symbol: symbol ?? null })
    }
    return result
  }

  subscribe(listener: (update: BrokerUpdate) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /**
   * One round of polling: balances, prices, fee tier, and the orders still open. While a
   * round runs, a second call joins it.
   */
  poll(): Promise<void> {
    this.inflight ??= this.pollOnce().finally(() => {
      this.inflight = null
    })
    return this.inflight
  }

  private async pollOnce(): Promise<void> {
    const now = this.options.clock.now()
    if (now < this.pausedUntil) return
    try {
      await this.loadMarkets()
      await this.readBalances()
      for (const symbol of this.symbols()) {
        const ticker = await this.exchange.fetchTicker(ccxtSymbol(symbol))
        this.quotes.set(symbol, toQuote(symbol, ticker, this.options.clock.now()))
      }
      const feeRefreshMs = this.options.feeRefreshMs ?? 3_600_000
      if (this.feesReadAt === null || now - this.feesReadAt >= feeRefreshMs) await this.readFees()
      await this.pollOrders()
      this.lastPollAt = this.options.clock.now()
      this.lastError = null
    } catch (error) {
      const failure = toBrokerError(error, this.venue, this.exchange)
      this.lastError = failure.message
      if (failure.retryAfterMs !== undefined) this.pausedUntil = now + failure.retryAfterMs
    }
  }

  private async pollOrders(): Promise<void> {
    const live = [...this.orders.values()].filter((t) => !t.done)
    if (live.length === 0) return
    const open = new Map((await this.fetchOpenAll()).map((o) => [o.id, o]))
    const trades = new Map<string, Trade[]>()
    for (const market of new Set(live.map((t) => t.market))) {
      const times = live
        .filter((t) => t.market === market)
        .map(sinceOf)
        .filter((t): t is number => t !== undefined)
      const since = times.length > 0 ? Math.min(...times) : undefined
      trades.set(market, await this.exchange.fetchMyTrades(market, since))
    }
    for (const tracked of live) {
      // An order that left the book is read once more to learn how it ended.
      const order = open.get(tracked.brokerOrderId) ?? (await this.orderById(tracked))
      const fills = (trades.get(tracked.market) ?? [])
        .filter((t) => t.order === tracked.brokerOrderId)
        .map((t) => this.toFill(t, tracked))
      const ack = this.toAck(order, fills)
      const fresh =
        ack.status !== tracked.reportedStatus ||
        ack.fills.some((f) => !tracked.reportedFills.has(f.fillId))
      this.remember(tracked, ack)
      if (fresh)
        for (const listener of this.listeners)
          listener({
            ...ack,
            accountId: this.options.accountId,
            clientOrderId: tracked.clientOrderId,
          })
    }
  }

  private async acknowledge(
    clientOrderId: string,
    symbol: MarketSymbol,
    order: Order,
  ): Promise<BrokerAck> {
    const tracked = this.track(clientOrderId, symbol, order)
    try {
      // createOrder's answer rarely says how the order stands; one read says, with its fills.
      return await this.report(tracked, await this.retry(() => this.orderById(tracked)))
    } catch (error) {
      if (!(error instanceof BrokerError)) throw error
      const ack: BrokerAck = { brokerOrderId: idOf(order), status: 'open', fills: [] }
      this.remember(tracked, ack)
      return ack
    }
  }

  /** The ack of an order with its fills, remembered as reported. */
  private async report(tracked: Tracked, order: Order): Promise<BrokerAck> {
    tracked.since ??= order.timestamp ?? undefined
    const fills = (order.filled ?? 1) > 0 ? await this.retry(() => this.fillsOf(tracked)) : []
    const ack = this.toAck(order, fills)
    this.remember(tracked, ack)
    return ack
  }

  private remember(tracked: Tracked, ack: BrokerAck): void {
    tracked.reportedStatus = ack.status
    for (const fill of ack.fills) tracked.reportedFills.add(fill.fillId)
    tracked.done = ack.status !== 'open'
  }

  private track(clientOrderId: string, symbol: MarketSymbol, order: Order): Tracked {
    const existing = this.orders.get(clientOrderId)
    if (existing) {
      existing.brokerOrderId = idOf(order)
      existing.since ??= order.timestamp ?? undefined
      return existing
    }
    const tracked: Tracked = {
      clientOrderId,
      symbol,
      market: ccxtSymbol(symbol),
      brokerOrderId: idOf(order),
      since: order.timestamp ?? undefined,
      reportedStatus: null,
      reportedFills: new Set(),
      done: false,
    }
    this.orders.set(clientOrderId, tracked)
    return tracked
  }

  private async orderById(tracked: Tracked): Promise<Order> {
    return await this.exchange.fetchOrder(tracked.brokerOrderId, tracked.market)
  }

  private async fillsOf(tracked: Tracked): Promise<BrokerFill[]> {
    const trades = await this.exchange.fetchMyTrades(tracked.market, sinceOf(tracked))
    return trades
      .filter((t) => t.order === tracked.brokerOrderId)
      .map((t) => this.toFill(t, tracked))
  }

  private async findByClientId(wireId: string, market: string): Promise<Order | null> {
    const match = (orders: Order[]): Order | null =>
      orders.find((o) => o.clientOrderId === wireId) ?? null
    switch (this.lookup) {
      case 'filter-param': {
        const filter = { clientOrderId: wireId }
        return (
          match(await this.exchange.fetchOpenOrders(undefined, undefined, undefined, filter)) ??
          match(await this.exchange.fetchClosedOrders(undefined, undefined, undefined, filter))
        )
      }
      case 'scan-orders':
        return match(await this.exchange.fetchOrders(market, undefined, 100))
      case 'scan-open-closed':
        return (
          match(await this.exchange.fetchOpenOrders(market)) ??
          match(await this.exchange.fetchClosedOrders(market))
        )
      case 'none':
        return null
    }
  }

  private async fetchOpenAll(): Promise<Order[]> {
    try {
      return await this.exchange.fetchOpenOrders()
    } catch (error) {
      // Some exchanges list open orders one symbol at a time.
      if (!(error instanceof ArgumentsRequired)) throw error
      const all: Order[] = []
      for (const symbol of this.symbols())
        all.push(...(await this.exchange.fetchOpenOrders(ccxtSymbol(symbol))))
      return all
    }
  }

  private async readBalances(): Promise<Readonly<Record<string, string>>> {
    const balance = await this.exchange.fetchBalance()
    const totals: Record<string, string> = {}
    for (const [asset, total] of Object.entries(balance.total ?? {})) {
      if (typeof total === 'number') totals[asset] = str(dec(total))
    }
    return totals
  }

  private async readFees(): Promise<void> {
    const symbol = this.symbols()[0]
    if (!symbol) return
    const market = ccxtSymbol(symbol)
    const marketInfo = (this.exchange.markets ?? {})[market] as { id?: string; taker?: number }
    let taker = marketInfo.taker
    let maker: number | undefined
    let info: unknown = null
    if (this.profile.fees === 'fetchTradingFees') {
      const fee = (await this.exchange.fetchTradingFees())[market]
      ;({ taker, maker, info } = { taker: fee?.taker ?? taker, maker: fee?.maker, info: fee?.info })
    } else if (this.profile.fees === 'fetchTradingFee') {
      const fee = await this.exchange.fetchTradingFee(market)
      ;({ taker, maker, info } = { taker: fee.taker ?? taker, maker: fee.maker, info: fee.info })
    }
    this.feesReadAt = this.options.clock.now()
    if (typeof taker !== 'number') return
    const reported = this.profile.tier(info, marketInfo.id ?? market)
    this.readRates = {
      makerRate: typeof maker === 'number' ? str(dec(maker)) : null,
      takerRate: str(dec(taker)),
      tier: reported,
      readAt: this.feesReadAt,
    }
    const day = new Date(this.options.clock.now()).toISOString().slice(0, 10)
    this.fees = {
      takerRate: str(dec(taker)),
      tier:
        reported && typeof maker === 'number'
          ? {
              schedule: `${this.venue}${reported.tierName ? `, tier "${reported.tierName}"` : ''} (as reported on ${day})`,
              tierFrom: str(dec(reported.tierFrom)),
              makerRate: str(dec(maker)),
              takerRate: str(dec(taker)),
              volume30d: str(dec(reported.volume30d)),
            }
          : null,
    }
  }

  private async askOf(symbol: MarketSymbol, market: string): Promise<number> {
    const ticker = await this.retry(() => this.exchange.fetchTicker(market))
    this.quotes.set(symbol, toQuote(symbol, ticker, this.options.clock.now()))
    const ask = ticker.ask ?? ticker.last
    if (typeof ask !== 'number' || !(ask > 0))
      throw new BrokerError('unavailable', `${this.venue} gave no ask price for ${market}.`)
    return ask
  }

  private toAck(order: Order, fills: BrokerFill[]): BrokerAck {
    const filledByFills = fills.reduce((sum, f) => sum.plus(f.quantity), ZERO)
    let status: BrokerAck['status']
    switch (order.status) {
      case 'closed':
        status = 'filled'
        break
      case 'canceled':
      case 'expired':
        status = 'canceled'
        break
      case 'rejected':
        status = 'rejected'
        break
      default:
        status = 'open'
    }
    // Until every fill the order reports can be seen, it is not final: a final status
    // would close the order with fills missing.
    if (
      status !== 'open' &&
      typeof order.filled === 'number' &&
      dec(order.filled).gt(filledByFills)
    )
      status = 'open'
    return { brokerOrderId: idOf(order), status, fills }
  }

  private toFill(trade: Trade, tracked: Tracked): BrokerFill {
    const quote = tracked.symbol.split('-')[1]!
    return {
      fillId: String(trade.id),
      quantity: decimal(trade.amount, 'fill quantity'),
      price: decimal(trade.price, 'fill price'),
      fee: str(dec(trade.fee?.cost ?? 0)),
      feeAsset: trade.fee?.currency ?? quote,
      liquidity: trade.takerOrMaker === 'maker' ? 'maker' : 'taker',
      ts: trade.timestamp ?? this.options.clock.now(),
    }
  }

  private unconfirmed(
    request: BrokerOrderRequest,
    failure: BrokerError,
    tries: number,
  ): BrokerError {
    const what = `${request.side} ${request.quantity} ${request.symbol}`
    const how =
      this.lookup === 'none'
        ? `${this.venue} cannot look orders up by client order id, so Vigil did not send it again`
        : `Vigil looked for it by its client order id and did not send it again`
    return new BrokerError(
      failure.code,
      `Could not confirm order ${request.clientOrderId} (${what}) at ${this.venue} after ${tries} ${tries === 1 ? 'try' : 'tries'}: ${failure.message} ${how}. Check ${this.venue}'s open orders before placing it again.`,
    )
  }

  private wireId(clientOrderId: string): string {
    const wire = this.profile.wireClientId(clientOrderId)
    this.ours.set(wire, clientOrderId)
    return wire
  }

  private async marketFor(symbol: MarketSymbol): Promise<string> {
    await this.retry(() => this.loadMarkets())
    const market = ccxtSymbol(symbol)
    const found = (this.exchange.markets ?? {})[market] as { active?: boolean } | undefined
    if (!found) throw new BrokerError('invalid_order', `${this.venue} has no ${market} market.`)
    if (found.active === false)
      throw new BrokerError('invalid_order', `Trading in ${market} is halted at ${this.venue}.`)
    return market
  }

  private loadMarkets(): Promise<void> {
    // ccxt keeps a failed load's promise; a new load is forced after a failure.
    this.marketsLoaded ??= this.exchange.loadMarkets(true).then(
      () => undefined,
      (error: unknown) => {
        this.marketsLoaded = null
        throw error
      },
    )
    return this.marketsLoaded
  }

  /** Vigil symbols the exchange lists, among those asked for. */
  private symbols(): MarketSymbol[] {
    const markets = this.exchange.markets ?? {}
    return (this.options.symbols ?? SYMBOLS).filter((s) => markets[ccxtSymbol(s)] !== undefined)
  }

  private async retry<T>(call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call()
      } catch (error) {
        const failure = toBrokerError(error, this.venue, this.exchange)
        if (failure.kind === 'permanent' || attempt >= this.maxAttempts) throw failure
        await this.sleep(this.backoff(attempt, failure))
      }
    }
  }

  private backoff(attempt: number, failure: BrokerError): number {
    return failure.retryAfterMs ?? Math.min(this.backoffMs * 2 ** (attempt - 1), 30_000)
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.options.clock.setTimeout(resolve, ms))
  }

  private checkAccount(accountId: string): void {
    if (accountId !== this.options.accountId)
      throw new Error(
        `This ${this.venue} broker serves account ${this.options.accountId}, not ${accountId}.`,
      )
  }
}

/** 'BTC-USD' → 'BTC/USD', ccxt's unified symbol. */
export function ccxtSymbol(symbol: MarketSymbol): string {
  return symbol.replace('-', '/')
}

/** 'BTC/USD' → 'BTC-USD' when it is a Vigil symbol. */
export function vigilSymbol(symbol: string | undefined): MarketSymbol | null {
  const candidate = (symbol ?? '').replace('/', '-')
  return (SYMBOLS as readonly string[]).includes(candidate) ? (candidate as MarketSymbol) : null
}

function idOf(order: Order): string {
  if (!order.id) throw new Error('The exchange answered with an order that has no id.')
  return order.id
}

function decimal(value: number | undefined, what: string): string {
  if (typeof value !== 'number')
    throw new Error(`The exchange sent a ${what} that is not a number.`)
  return str(dec(value))
}

function lookupFrom(has: Exchange['has']): ClientIdLookup {
  if (has.fetchOrders) return 'scan-orders'
  if (has.fetchOpenOrders && has.fetchClosedOrders) return 'scan-open-closed'
  return 'none'
}

function pointAt(api: Exchange['urls']['api'], base: string): Exchange['urls']['api'] {
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(api)) out[key] = base
  return out as Exchange['urls']['api']
}

function sinceOf(tracked: Tracked): number | undefined {
  // A little before the order, so a fill stamped in the same second is not cut off.
  return tracked.since === undefined ? undefined : tracked.since - 1000
}

function toQuote(symbol: MarketSymbol, ticker: Ticker, now: number): CcxtQuote {
  const text = (n: number | undefined): string | null =>
    typeof n === 'number' && Number.isFinite(n) ? str(dec(n)) : null
  return {
    symbol,
    bid: text(ticker.bid),
    ask: text(ticker.ask),
    last: text(ticker.last),
    ts: ticker.timestamp ?? now,
  }
}
