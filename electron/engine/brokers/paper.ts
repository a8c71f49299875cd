/**
 * The paper exchange: a simulated venue that behaves like a real one, so that costs, alerts and
 * the validation plan mean something before real money is used.
 *
 * - Market orders walk the book from the best price (`bookDepth` levels visible); what the book
 *   cannot hold is canceled. On top of the walk every fill price moves against the taker by the
 *   square-root impact Y · σ_daily · sqrt(Q / V) (quant.md 4.1; σ and V from `feed.stats`).
 * - Limit orders fill their marketable part at once as taker (never worse than the limit); the
 *   rest rests and fills in full as maker, at its limit price, on the first quote that crosses
 *   it (a buy when the ask comes down to the limit, a sell when the bid comes up to it). There
 *   is no queue position: a resting order is first at its price.
 * - Fees come from a dated schedule (fee-schedules.ts) by the account's trailing 30-day traded
 *   notional, counted from this exchange's own fills; the tier in force when an order is placed
 *   applies to all its fills (Coinbase: "calculated based on the current pricing tier you are in
 *   when the order is placed"), and the tier is recomputed at every placement, not hourly.
 * - Every call answers after `latencyMs` on the injected clock; order updates are delivered
 *   after the same delay.
 * - Balances: spot only. A buy needs the quote asset (cost plus fees, plus the resting part at
 *   its limit with the maker fee held back), a sell needs the base asset.
 * - Faults (paper-faults.ts) are injected with `injectFault` and removed with `clearFaults`.
 *
 * With a `stateFile` the exchange keeps its own state on disk (paper-state.ts): its id
 * counter and its book survive a restart or a crash, written before any answer leaves. Saves
 * are group-committed: the changes of one turn of the event loop are written together right
 * after it, and every answer and update waits for the save that holds what it tells.
 * Balances and the fills behind the fee tier are the journal's, which the engine passes to
 * `restore` at start, plus the fills only the saved book has (a crash between the exchange's
 * fill and the journal's record); `openAccount` funds an account.
 */
import type { Instrument, MarketSymbol, Quote, Side } from '../../../shared/types'
import {
  type Clock,
  type TimerHandle,
  ZERO,
  dec,
  extend,
  str,
  toCents,
  usd,
  type Decimal,
} from '../core'
import { type MarketFeed, INSTRUMENTS } from '../market'
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
import { impactFraction, walkBook } from './book-walk'
import { PaperStateFile, type PaperState, type StoredPaperOrder } from './paper-state'
import { feeTierFor, scheduleLabel, type FeeSchedule, type FeeTier } from './fee-schedules'
import { COINBASE_ADVANCED_2022_09_20 } from './fee-schedule-data'
import {
  FaultBook,
  ORDER_FAULTS,
  TRANSPORT_FAULTS,
  type PaperCall,
  type PaperFault,
  type PaperFaultKind,
} from './paper-faults'

/** The taker rate of the lowest tier of the Coinbase Advanced schedule effective 2022-09-20. */
export const DEFAULT_TAKER_FEE_RATE = '0.006'
/** Default delay before each answer, ms. */
export const DEFAULT_LATENCY_MS = 50
/** Default prefactor Y of the square-root impact law (quant.md 4.1 quotes 0.5 to 1). */
export const DEFAULT_IMPACT_PREFACTOR = 0.5
/** Default number of book levels a side the exchange can fill against. */
export const DEFAULT_BOOK_DEPTH = 10

const DAY = 24 * 60 * 60 * 1000
const VOLUME_WINDOW = 30 * DAY
/**
 * Finished orders the saved book keeps, newest first: the engine looks up what a crash cut
 * short, which is at most the orders it had in flight.
 */
const KEEP_FINISHED = 100
/**
 * Finished orders held in memory, newest first, for `fetchOrder` and a repeated client order
 * id; older ones are let go, as a restart lets go of all but the saved book's, so memory does
 * not grow with every order ever placed.
 */
export const KEEP_FINISHED_IN_MEMORY = 1_000
const DEFAULT_TIMEOUT_MS = 10_000
const DEFAULT_RETRY_AFTER_MS = 1_000

/** Options of the paper exchange. */
export interface PaperBrokerOptions {
  /** Time and timers: latency, delayed fills and the 30-day volume window run on it. */
  readonly clock: Clock
  /** The market it trades against: books to walk, statistics for impact, quotes to cross. */
  readonly market: MarketFeed
  /** The fee schedule (default Coinbase Advanced, effective 2022-09-20). */
  readonly feeSchedule?: FeeSchedule
  /** Delay before each answer and each update, ms (default 50; 0 answers without a timer). */
  readonly latencyMs?: number
  /** Y of the square-root impact law (default 0.5; 0 turns impact off). */
  readonly impactPrefactor?: number
  /** Book levels a side an order can take (default 10, the feed's default depth). */
  readonly bookDepth?: number
  /** Trading rules per symbol: assets, lot and tick sizes, minimum value (default INSTRUMENTS). */
  readonly instruments?: readonly Instrument[]
  /**
   * Where the exchange keeps its own state (id counter, book); loaded at once if it exists.
   * Without it the exchange lives in memory only.
   */
  readonly stateFile?: string
  /**
   * Save before every answer, fdatasynced (default true). False for a scratch folder (a
   * rehearsal): the state is saved once, when the exchange closes, as the scratch snapshot is.
   */
  readonly durable?: boolean
}

/** A position to restore: what the account held of a symbol's base asset. */
export interface RestoredPosition {
  readonly accountId: string
  readonly symbol: MarketSymbol
  readonly quantity: string
}

/** More state to restore at start: balances of other assets and recent traded notional. */
export interface RestoredState {
  /** Balances by account and asset (typically the quote asset's cash). */
  readonly balances?: readonly { accountId: string; asset: string; amount: string }[]
  /** Past fills' notional (quote asset) and time, so the 30-day fee tier survives a restart. */
  readonly trades?: readonly { accountId: string; ts: number; notional: string }[]
  /**
   * The fill ids the journal holds for an order (by account and client order id), or null when
   * it does not know the order. Fills the saved book has beyond them (made just before a crash)
   * count in the balances: the engine is about to record them from the order's lookup.
   */
  readonly journaledFills?: (accountId: string, clientOrderId: string) => readonly string[] | null
  /**
   * Limit orders the journal has resting at this exchange. Taken into a new book only (a data
   * folder from before the exchange kept one), so an upgrade does not forget them.
   */
  readonly openOrders?: readonly RestoredOrder[]
}

/** A resting limit order as the journal knows it, with its fills so far. */
export interface RestoredOrder {
  readonly accountId: string
  readonly clientOrderId: string
  readonly symbol: MarketSymbol
  readonly side: Side
  readonly quantity: string
  readonly limitPrice: string
  readonly fills: readonly BrokerFill[]
}

interface Account {
  readonly balances: Map<string, Decimal>
  /** Fills' notional and time, oldest first, for the trailing 30-day volume. */
  trades: { ts: number; notional: Decimal }[]
  /** The sum of `trades`' notional, kept as they come and go. */
  volume: Decimal
}

interface PaperOrder {
  readonly accountId: string
  readonly clientOrderId: string
  readonly brokerOrderId: string
  readonly inst: Instrument
  readonly side: Side
  readonly type: 'market' | 'limit'
  readonly quantity: Decimal
  readonly limitPrice: Decimal | null
  /** The tier at placement: it prices every fill of the order. */
  readonly tier: FeeTier
  status: BrokerAck['status']
  reason?: string
  readonly fills: BrokerFill[]
  filled: Decimal
  /** False while a delayed-fill fault holds the order before its first matching. */
  matched: boolean
  /** Quote asset held back for an order not matched yet (delayed fill). */
  hold: Decimal
  /** Never reported by update (the 'unreported' fault). */
  silent: boolean
  timer: TimerHandle | null
  /** When it stopped being open (set at the first save after); null while open. */
  finishedAt: number | null
}

interface Planned {
  readonly fills: readonly { quantity: Decimal; price: Decimal; fee: Decimal }[]
  readonly filled: Decimal
  /** What the order needs of the asset it pays with, beyond what other orders hold back. */
  readonly need: Decimal
}

/** A simulated exchange for paper accounts. */
export class PaperBroker implements Broker {
  private readonly clock: Clock
  private readonly feed: MarketFeed
  private readonly schedule: FeeSchedule
  private readonly latencyMs: number
  private readonly prefactor: number
  private readonly depth: number
  private readonly instruments = new Map<MarketSymbol, Instrument>()
  private readonly accounts = new Map<string, Account>()
  private readonly orders = new Map<string, PaperOrder>()
  /** Finished orders still in `orders`, oldest first (see KEEP_FINISHED_IN_MEMORY). */
  private readonly finished = new Set<PaperOrder>()
  /** Orders still open, so quotes and fund checks need not look at every order ever placed. */
  private readonly open = new Set<PaperOrder>()
  private readonly listeners = new Set<(update: BrokerUpdate) => void>()
  private readonly faults: FaultBook
  private readonly hung = new Set<() => void>()
  private readonly unsubscribeFeed: () => void
  private sequence = 0
  private readonly stateFile: PaperStateFile | null
  private readonly durable: boolean
  /** The saved book's id, part of every order id; null for an exchange in memory only. */
  private book: string | null = null
  /** Orders the saved book holds: open ones, and finished ones for a day. */
  private readonly kept = new Set<PaperOrder>()
  /** Per account, what fills the journal does not have yet add to its balances (see restore). */
  private readonly unjournaled = new Map<string, Map<string, Decimal>>()
  /** The state file was made at this start: there was no book to load. */
  private newBook = false
  /** Something changed that the state file does not have yet. */
  private dirty = false
  /** Kept orders changed since the last save, and the ones the book let go. */
  private readonly changed = new Set<PaperOrder>()
  private readonly dropped: PaperOrder[] = []
  /** The next save, once something changed: what answers and updates wait for. */
  private pending: Pending | null = null
  /** Why the state could not be saved: the exchange then answers nothing until restarted. */
  private failure: string | null = null

  constructor(options: PaperBrokerOptions) {
    this.clock = options.clock
    this.feed = options.market
    this.schedule = options.feeSchedule ?? COINBASE_ADVANCED_2022_09_20
    this.latencyMs = options.latencyMs ?? DEFAULT_LATENCY_MS
    this.prefactor = options.impactPrefactor ?? DEFAULT_IMPACT_PREFACTOR
    this.depth = options.bookDepth ?? DEFAULT_BOOK_DEPTH
    if (!(this.latencyMs >= 0)) throw new Error(`Bad latency ${this.latencyMs} ms`)
    if (!(this.prefactor >= 0)) throw new Error(`Bad impact prefactor ${this.prefactor}`)
    if (!(Number.isInteger(this.depth) && this.depth > 0))
      throw new Error(`Bad book depth ${this.depth}`)
    for (const inst of options.instruments ?? INSTRUMENTS) this.instruments.set(inst.symbol, inst)
    this.faults = new FaultBook(this.clock)
    this.durable = options.durable ?? true
    this.stateFile = options.stateFile ? new PaperStateFile(options.stateFile, this.durable) : null
    if (this.stateFile) this.load(this.stateFile)
    this.unsubscribeFeed = this.feed.subscribe({ quote: (quote) => this.onQuote(quote) })
  }

  /** Stops listening to the market; resting orders no longer fill (and stay in the saved book). */
  close(): void {
    this.unsubscribeFeed()
    for (const order of this.orders.values()) order.timer?.cancel()
    // Whole, so the next start reads one file.
    if (this.failure === null) this.commit(true)
  }

  // ----- accounts

  /**
   * Opens (or tops up) an account with starting balances, asset → amount ("USD": "10000").
   * The given assets are set to those amounts; others are left as they are.
   */
  openAccount(accountId: string, balances: Readonly<Record<string, string>>): void {
    const account = this.account(accountId)
    for (const [asset, amount] of Object.entries(balances)) account.balances.set(asset, dec(amount))
    // The first funding after a restart is the journal's, which lacks the fills made just
    // before a crash: they are added once, until the engine has recorded them.
    const pending = this.unjournaled.get(accountId)
    this.unjournaled.delete(accountId)
    for (const [asset, amount] of pending ?? [])
      account.balances.set(asset, this.balance(account, asset).plus(amount))
  }

  /**
   * Rebuilds the exchange's books at start-up from the engine's journal: the paper exchange
   * lives in memory, so after a restart it holds what the journal says it filled. Replaces
   * every account's balances and traded volume; orders already known are kept.
   */
  restore(positions: readonly RestoredPosition[], state: RestoredState = {}): void {
    this.accounts.clear()
    for (const p of positions) {
      const inst = this.instruments.get(p.symbol)
      if (inst) this.account(p.accountId).balances.set(inst.baseAsset, dec(p.quantity))
    }
    for (const b of state.balances ?? [])
      this.account(b.accountId).balances.set(b.asset, dec(b.amount))
    this.unjournaled.clear()
    // The fee volume is this exchange's fills: the journal has them, but for the ones its book
    // made just before a crash, which count too.
    const trades = [...(state.trades ?? [])]
    if (state.journaledFills) trades.push(...this.addUnjournaled(state.journaledFills))
    for (const t of trades.sort((a, b) => a.ts - b.ts))
      this.record(this.account(t.accountId), t.ts, dec(t.notional))
    if (this.newBook) for (const o of state.openOrders ?? []) this.adopt(o)
    this.newBook = false
  }

  /** Takes a resting order the journal knows into a new book, under a new exchange id. */
  private adopt(o: RestoredOrder): void {
    const inst = this.instruments.get(o.symbol)
    if (!inst || this.orders.has(key(o.accountId, o.clientOrderId))) return
    const order: PaperOrder = {
      accountId: o.accountId,
      clientOrderId: o.clientOrderId,
      brokerOrderId: this.nextBrokerOrderId(),
      inst,
      side: o.side,
      type: 'limit',
      quantity: dec(o.quantity),
      limitPrice: dec(o.limitPrice),
      tier: this.tierOf(o.accountId),
      status: 'open',
      fills: [...o.fills],
      filled: o.fills.reduce((sum, f) => sum.plus(f.quantity), ZERO),
      matched: true,
      hold: ZERO,
      silent: false,
      timer: null,
      finishedAt: null,
    }
    this.store(order)
    // At once: restore runs at start, before any call.
    this.commit()
  }

  /**
   * Counts the saved book's fills the journal lacks in the balances (see openAccount); returns
   * their notional for the fee volume.
   */
  private addUnjournaled(
    journaled: (accountId: string, clientOrderId: string) => readonly string[] | null,
  ): { accountId: string; ts: number; notional: string }[] {
    const trades: { accountId: string; ts: number; notional: string }[] = []
    for (const order of this.kept) {
      const known = journaled(order.accountId, order.clientOrderId)
      if (known === null) continue
      const { inst } = order
      for (const f of order.fills) {
        if (known.includes(f.fillId)) continue
        const quantity = dec(f.quantity)
        const notional = quantity.times(f.price)
        const base = order.side === 'buy' ? quantity : quantity.negated()
        const quote = order.side === 'buy' ? notional.plus(f.fee).negated() : notional.minus(f.fee)
        trades.push({ accountId: order.accountId, ts: f.ts, notional: str(notional) })
        const pending = this.unjournaled.get(order.accountId) ?? new Map<string, Decimal>()
        pending.set(inst.baseAsset, (pending.get(inst.baseAsset) ?? ZERO).plus(base))
        pending.set(inst.quoteAsset, (pending.get(inst.quoteAsset) ?? ZERO).plus(quote))
        this.unjournaled.set(order.accountId, pending)
      }
    }
    for (const [accountId, pending] of this.unjournaled) {
      const account = this.account(accountId)
      for (const [asset, amount] of pending)
        account.balances.set(asset, this.balance(account, asset).plus(amount))
    }
    return trades
  }

  // ----- faults

  /** Makes the exchange misbehave (see paper-faults.ts) until cleared or expired. */
  injectFault(fault: PaperFault): void {
    this.faults.inject(fault)
  }

  /**
   * Removes every fault, or those of one kind. Calls left hanging by a timeout fault then fail
   * with 'timeout', as a dropped connection finally does.
   */
  clearFaults(kind?: PaperFaultKind): void {
    this.faults.clear(kind)
    if (kind !== undefined && kind !== 'timeout') return
    const hung = [...this.hung]
    this.hung.clear()
    for (const fail of hung) fail()
  }

  /** The faults in force now, for a drill screen. */
  activeFaults(): PaperFault[] {
    return this.faults.list()
  }

  // ----- the Broker interface

  placeOrder(request: BrokerOrderRequest): Promise<BrokerAck> {
    return this.call('placeOrder', request.accountId, () => this.accept(request))
  }

  /** Looks an order up by client order id (the symbol is not needed: ids are per account). */
  fetchOrder(
    accountId: string,
    clientOrderId: string,
    _symbol?: MarketSymbol,
  ): Promise<BrokerAck | null> {
    return this.call('fetchOrder', accountId, () => {
      const order = this.orders.get(key(accountId, clientOrderId))
      return order ? snapshot(order) : null
    })
  }

  cancelOrder(
    accountId: string,
    clientOrderId: string,
    _symbol?: MarketSymbol,
  ): Promise<BrokerAck> {
    return this.call('cancelOrder', accountId, () => {
      const order = this.orders.get(key(accountId, clientOrderId))
      if (!order)
        throw new BrokerError('not_found', `The paper exchange has no order ${clientOrderId}.`)
      if (order.status !== 'open') return snapshot(order)
      order.timer?.cancel()
      order.timer = null
      this.finish(order, 'canceled', 'Canceled at your request.')
      this.emit(order)
      return snapshot(order)
    })
  }

  takerFeeRate(accountId: string): string {
    return this.tierOf(accountId).takerRate
  }

  feeTier(accountId: string): FeeTierInfo {
    const tier = this.tierOf(accountId)
    return {
      schedule: scheduleLabel(this.schedule),
      tierFrom: tier.from,
      makerRate: tier.makerRate,
      takerRate: tier.takerRate,
      volume30d: str(this.volume30d(accountId)),
    }
  }

  /** The paper exchange charges its schedule exactly: each fee is the tier's rate, to the cent. */
  async exchangeFees(): Promise<ExchangeFeeReport> {
    return {
      kind: 'paper',
      note: `The paper exchange charges its schedule exactly: ${scheduleLabel(this.schedule)}, the tier of the account's trailing 30-day volume when the order is placed, each fee rounded to the cent (half up).`,
    }
  }

  positionOf(accountId: string, symbol: MarketSymbol): Promise<string> {
    return this.call('positionOf', accountId, () => {
      const asset = this.instruments.get(symbol)?.baseAsset
      const held =
        asset === undefined ? undefined : this.accounts.get(accountId)?.balances.get(asset)
      return str(this.misreported(accountId, symbol, held ?? ZERO))
    })
  }

  balances(accountId: string): Promise<Readonly<Record<string, string>>> {
    return this.call('balances', accountId, () => {
      const out: Record<string, string> = {}
      for (const [asset, amount] of this.accounts.get(accountId)?.balances ?? []) {
        const symbol = [...this.instruments.values()].find((i) => i.baseAsset === asset)?.symbol
        out[asset] = str(symbol ? this.misreported(accountId, symbol, amount) : amount)
      }
      return out
    })
  }

  openOrders(accountId: string): Promise<readonly BrokerOpenOrder[]> {
    return this.call('openOrders', accountId, () =>
      [...this.open]
        .filter((o) => o.accountId === accountId)
        .map((o) => ({ ...snapshot(o), clientOrderId: o.clientOrderId, symbol: o.inst.symbol })),
    )
  }

  subscribe(listener: (update: BrokerUpdate) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** What the exchange says an account holds of a symbol: the truth unless a fault lies. */
  private misreported(accountId: string, symbol: MarketSymbol, held: Decimal): Decimal {
    const lie = this.faults.find('misreport_position', accountId)
    return lie && lie.symbol === symbol ? held.plus(lie.by) : held
  }

  // ----- the transport: latency and connection faults

  private call<T>(name: PaperCall, accountId: string, work: () => T): Promise<T> {
    if (this.failure !== null) return Promise.reject(this.broken())
    const fault = this.faults.take(name, TRANSPORT_FAULTS, accountId)
    return new Promise<T>((resolve, reject) => {
      if (fault?.kind === 'disconnect') {
        reject(new BrokerError('network', 'Cannot reach the paper exchange: connection lost.'))
        return
      }
      if (fault?.kind === 'timeout') {
        if (fault.reached ?? true) {
          this.after(this.latencyMs, () => {
            // The exchange did the work; its answer, success or error, is what gets lost.
            try {
              work()
            } catch {
              /* lost with the answer */
            }
          })
        }
        const afterMs = fault.afterMs ?? DEFAULT_TIMEOUT_MS
        const fail = (): void =>
          reject(
            new BrokerError('timeout', `The paper exchange did not answer within ${afterMs} ms.`),
          )
        if (fault.mode === 'error') this.after(afterMs, fail)
        else this.hung.add(fail)
        return
      }
      this.after(this.latencyMs, () => {
        if (fault?.kind === 'rate_limited') {
          const retryAfterMs = fault.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS
          reject(
            new BrokerError(
              'rate_limited',
              `The paper exchange is rate limiting (429 Too Many Requests): retry after ${retryAfterMs} ms.`,
              retryAfterMs,
            ),
          )
          return
        }
        if (fault?.kind === 'server_error') {
          reject(
            new BrokerError('unavailable', 'The paper exchange answered 503 Service Unavailable.'),
          )
          return
        }
        let answer: T
        try {
          answer = work()
        } catch (error) {
          reject(error as Error)
          return
        }
        // The answer leaves once everything it may tell of is on disk.
        if (this.pending === null) resolve(answer)
        else this.pending.saved.then(() => resolve(answer), reject)
      })
    })
  }

  private after(ms: number, fn: () => void): void {
    if (ms <= 0) fn()
    else this.clock.setTimeout(fn, ms)
  }

  private emit(order: PaperOrder): void {
    // Nothing is told that could not be saved.
    if (order.silent || this.failure !== null) return
    const update: BrokerUpdate = extend(snapshot(order), {
      accountId: order.accountId,
      clientOrderId: order.clientOrderId,
    })
    const deliver = (): void =>
      this.after(this.latencyMs, () => {
        // A dropped connection loses the update: reconciliation has to find it with fetchOrder.
        if (this.faults.find('disconnect', order.accountId)) return
        for (const listener of [...this.listeners]) listener(update)
      })
    // Told once it is on disk; never, if it cannot be saved.
    if (this.pending === null) deliver()
    else this.pending.saved.then(deliver, () => undefined)
  }

  // ----- the matching engine

  private accept(request: BrokerOrderRequest): BrokerAck {
    // Like a real exchange, a client order id already seen returns the first answer, never a second order.
    const existing = this.orders.get(key(request.accountId, request.clientOrderId))
    if (existing) return snapshot(existing)
    const order = this.validate(request)
    const fault = this.faults.take('placeOrder', ORDER_FAULTS, request.accountId)
    if (fault?.kind === 'reject') {
      order.status = 'rejected'
      order.reason = fault.reason ?? 'The exchange rejected the order.'
      this.store(order)
      return snapshot(order)
    }
    if (fault?.kind === 'delayed_fill') {
      order.hold = this.checkFunds(order, this.plan(order))
      order.timer = this.clock.setTimeout(() => {
        order.timer = null
        if (this.failure !== null) return
        try {
          this.match(order)
        } catch (error) {
          // Funds checked at arrival can be gone by the time a delayed order is matched.
          this.finish(order, 'canceled', (error as Error).message)
        }
        // Saved at once (a timer, not an answer), then told.
        this.commit()
        this.emit(order)
      }, fault.delayMs)
      this.store(order)
      return snapshot(order)
    }
    this.match(order)
    this.store(order)
    if (fault?.kind === 'unreported') {
      order.silent = true
      return { brokerOrderId: order.brokerOrderId, status: 'open', fills: [] }
    }
    return snapshot(order)
  }

  private validate(request: BrokerOrderRequest): PaperOrder {
    const inst = this.instruments.get(request.symbol)
    if (!inst) throw invalid(`The paper exchange does not list ${String(request.symbol)}.`)
    if (request.side !== 'buy' && request.side !== 'sell')
      throw invalid(`Unknown side ${String(request.side)}.`)
    if (request.type !== 'market' && request.type !== 'limit')
      throw invalid(`Unknown order type ${String(request.type)}.`)
    const quantity = parse(request.quantity)
    if (!quantity || quantity.lte(0))
      throw invalid(`Quantity ${request.quantity} is not a positive number.`)
    if (!quantity.mod(inst.lotSize).isZero())
      throw invalid(
        `Quantity ${request.quantity} ${inst.baseAsset} is not a multiple of the lot size ${inst.lotSize}.`,
      )
    let limitPrice: Decimal | null = null
    if (request.type === 'limit') {
      limitPrice = request.limitPrice === undefined ? null : parse(request.limitPrice)
      if (!limitPrice || limitPrice.lte(0))
        throw invalid(
          `A limit order needs a positive limit price, not ${String(request.limitPrice)}.`,
        )
      if (!limitPrice.mod(inst.tickSize).isZero())
        throw invalid(
          `Limit price ${request.limitPrice} is not a multiple of the tick size ${inst.tickSize}.`,
        )
    } else if (request.limitPrice !== undefined) {
      throw invalid('A market order takes no limit price.')
    }
    const quote = this.feed.quote(inst.symbol)
    // An empty side quotes 0: value a market order at the last trade then.
    const touch = dec(request.side === 'buy' ? quote.ask : quote.bid)
    const value = quantity.times(limitPrice ?? (touch.gt(0) ? touch : dec(quote.last)))
    if (value.lt(inst.minNotional))
      throw invalid(
        `Order value ${usd(value)} is below the minimum of ${usd(dec(inst.minNotional))}.`,
      )
    this.dirty = true
    return {
      accountId: request.accountId,
      clientOrderId: request.clientOrderId,
      brokerOrderId: this.nextBrokerOrderId(),
      inst,
      side: request.side,
      type: request.type,
      quantity,
      limitPrice,
      tier: this.tierOf(request.accountId),
      status: 'open',
      fills: [],
      filled: ZERO,
      matched: false,
      hold: ZERO,
      silent: false,
      timer: null,
      finishedAt: null,
    }
  }

  private store(order: PaperOrder): void {
    this.orders.set(key(order.accountId, order.clientOrderId), order)
    if (order.status === 'open') this.open.add(order)
    if (this.book !== null) this.kept.add(order)
    this.touch(order)
  }

  /** What matching the order now would fill, and what it would need; changes nothing. */
  private plan(order: PaperOrder): Planned {
    const { inst, side } = order
    const remaining = order.quantity.minus(order.filled)
    const book = this.feed.book(inst.symbol, this.depth)
    const stats = this.feed.stats(inst.symbol)
    const walk = walkBook({
      levels: side === 'buy' ? book.asks : book.bids,
      side,
      quantity: remaining,
      limit: order.limitPrice,
      tickSize: dec(inst.tickSize),
      impact: (q) => impactFraction(this.prefactor, stats.dailyVolatility, q, stats.dailyVolume),
    })
    // Fees are rounded to the cent per fill, half up (toCents), as the ledger books them.
    const fills = walk.fills.map((f) => ({
      quantity: f.quantity,
      price: f.price,
      fee: toCents(f.quantity.times(f.price).times(order.tier.takerRate)),
    }))
    if (side === 'sell') return { fills, filled: walk.filled, need: remaining }
    let need = fills.reduce((sum, f) => sum.plus(f.quantity.times(f.price)).plus(f.fee), ZERO)
    if (order.limitPrice) need = need.plus(this.restingHold(order, remaining.minus(walk.filled)))
    return { fills, filled: walk.filled, need }
  }

  /** Throws when the account cannot pay for the plan; returns what it needs. */
  private checkFunds(order: PaperOrder, planned: Planned): Decimal {
    const { inst, side } = order
    const asset = side === 'buy' ? inst.quoteAsset : inst.baseAsset
    const available = this.available(order.accountId, asset, order)
    if (planned.need.lte(available)) return planned.need
    throw new BrokerError(
      'insufficient_funds',
      side === 'buy'
        ? `Insufficient balance: need ${usd(planned.need)}, have ${usd(available)}.`
        : `Insufficient ${asset}: selling ${str(planned.need)} ${asset}, have ${str(available)} ${asset}.`,
    )
  }

  /** Matches the order against the book as taker; throws if the account cannot pay. */
  private match(order: PaperOrder): void {
    const planned = this.plan(order)
    this.checkFunds(order, planned)
    const { inst } = order
    order.matched = true
    order.hold = ZERO
    for (const f of planned.fills) this.fill(order, f.quantity, f.price, f.fee, 'taker')
    const rest = order.quantity.minus(order.filled)
    if (rest.isZero()) order.status = 'filled'
    else if (order.type === 'market') {
      order.status = 'canceled'
      order.reason = order.filled.isZero()
        ? `No ${inst.symbol} liquidity on the book: nothing filled.`
        : `Only ${str(order.filled)} of ${str(order.quantity)} ${inst.baseAsset} was on the book; the rest was canceled.`
    }
    if (order.status !== 'open') this.open.delete(order)
    this.touch(order)
  }

  private fill(
    order: PaperOrder,
    quantity: Decimal,
    price: Decimal,
    fee: Decimal,
    liquidity: 'maker' | 'taker',
  ): void {
    const { inst } = order
    const account = this.account(order.accountId)
    const notional = quantity.times(price)
    const signed = order.side === 'buy' ? quantity : quantity.negated()
    const cash = order.side === 'buy' ? notional.plus(fee).negated() : notional.minus(fee)
    account.balances.set(inst.baseAsset, this.balance(account, inst.baseAsset).plus(signed))
    account.balances.set(inst.quoteAsset, this.balance(account, inst.quoteAsset).plus(cash))
    const ts = this.clock.now()
    this.record(account, ts, notional)
    this.touch(order)
    order.filled = order.filled.plus(quantity)
    order.fills.push({
      fillId: `${order.brokerOrderId}-${order.fills.length + 1}`,
      quantity: str(quantity),
      price: str(price),
      fee: str(fee),
      feeAsset: inst.quoteAsset,
      liquidity,
      ts,
    })
  }

  private finish(order: PaperOrder, status: 'canceled', reason: string): void {
    order.status = status
    order.reason = reason
    order.hold = ZERO
    this.open.delete(order)
    this.touch(order)
  }

  /** Resting orders fill as maker when a quote crosses their limit. */
  private onQuote(quote: Quote): void {
    if (this.failure !== null) return
    const filled: PaperOrder[] = []
    for (const order of [...this.open]) {
      if (!order.matched || order.inst.symbol !== quote.symbol) continue
      const limit = order.limitPrice
      if (!limit) continue
      const crossed = order.side === 'buy' ? limit.gte(quote.ask) : limit.lte(quote.bid)
      if (!crossed) continue
      const rest = order.quantity.minus(order.filled)
      const fee = toCents(rest.times(limit).times(order.tier.makerRate))
      this.fill(order, rest, limit, fee, 'maker')
      order.status = 'filled'
      this.open.delete(order)
      filled.push(order)
    }
    // Saved at once, one save for every fill of the quote (nobody is waiting for an answer to
    // gather with), then told.
    if (filled.length === 0) return
    this.commit()
    for (const order of filled) this.emit(order)
  }

  /** A new order id: the saved book's id makes it unique across books and restarts. */
  private nextBrokerOrderId(): string {
    this.sequence += 1
    return this.book === null ? `paper-${this.sequence}` : `paper-${this.book}-${this.sequence}`
  }

  // ----- the state file

  /**
   * Notes a change to an order for the next save, and makes sure that save comes: right after
   * this turn of the event loop, so that every change of the turn goes in one write.
   */
  private touch(order: PaperOrder): void {
    this.dirty = true
    if (order.status !== 'open') this.forgetOldFinished(order)
    // Without a state file, or with one saved only at close, nothing waits.
    if (this.book === null || !this.durable) return
    this.changed.add(order)
    if (this.pending !== null) return
    const pending = newPending()
    this.pending = pending
    setImmediate(() => {
      if (this.pending === pending) this.commit()
    })
  }

  /** Notes a finished order, and lets the oldest finished ones beyond the bound go. */
  private forgetOldFinished(order: PaperOrder): void {
    this.finished.add(order)
    if (this.finished.size <= KEEP_FINISHED_IN_MEMORY) return
    const oldest = this.finished.values().next().value as PaperOrder
    this.finished.delete(oldest)
    const id = key(oldest.accountId, oldest.clientOrderId)
    if (this.orders.get(id) === oldest) this.orders.delete(id)
  }

  /**
   * Saves what changed (see paper-state.ts), synchronously; throws when it cannot. `whole`
   * writes the whole state file and empties the log.
   */
  private save(whole = false): void {
    if (this.stateFile === null || this.book === null) return
    if (!whole && (!this.dirty || !this.durable)) return
    if (whole && !this.dirty && !this.stateFile.logged) return
    const now = this.clock.now()
    const finished: PaperOrder[] = []
    for (const order of this.kept) {
      if (order.status === 'open') continue
      order.finishedAt ??= now
      finished.push(order)
    }
    for (const order of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) {
      this.kept.delete(order)
      this.changed.delete(order)
      this.dropped.push(order)
    }
    const book = this.book
    const state = (): PaperState => ({
      version: 1,
      book,
      sequence: this.sequence,
      orders: [...this.kept].map(stored),
    })
    if (whole) this.stateFile.rewrite(state())
    else
      this.stateFile.save(
        book,
        {
          sequence: this.sequence,
          orders: [...this.changed].map(stored),
          dropped: this.dropped.map((o) => [o.accountId, o.clientOrderId] as const),
        },
        state,
      )
    this.changed.clear()
    this.dropped.length = 0
    this.dirty = false
  }

  /**
   * Saves now, and answers the waiters of the pending save; on failure the exchange stops
   * answering (nothing unsaved may be told).
   */
  private commit(whole = false): void {
    const pending = this.pending
    this.pending = null
    try {
      this.save(whole)
      pending?.resolve()
    } catch (error) {
      this.failure = (error as Error).message
      pending?.reject(this.broken())
    }
  }

  private broken(): BrokerError {
    // Permanent: what it could not save is forgotten at the restart, so the order was not taken.
    return new BrokerError(
      'storage_failed',
      `The paper exchange could not save its state (${this.failure ?? 'unknown error'}); it answers nothing until Vigil restarts.`,
    )
  }

  /** Loads the saved state, or starts a new book and saves it before any id is handed out. */
  private load(file: PaperStateFile): void {
    let state: PaperState | null
    try {
      state = file.load()
    } catch (error) {
      throw new Error(
        `The paper exchange's state file ${file.file} cannot be read (${(error as Error).message}). Move it aside to start the paper exchange with a new book: its resting orders are then taken from the journal.`,
      )
    }
    if (state === null) {
      this.newBook = true
      this.book = this.clock.now().toString(36)
      this.dirty = true
      this.save(true)
      return
    }
    this.book = state.book
    this.sequence = state.sequence
    for (const s of state.orders) {
      const inst = this.instruments.get(s.symbol)
      if (!inst) continue
      const order: PaperOrder = {
        accountId: s.accountId,
        clientOrderId: s.clientOrderId,
        brokerOrderId: s.brokerOrderId,
        inst,
        side: s.side,
        type: s.type === 'limit' ? 'limit' : 'market',
        quantity: dec(s.quantity),
        limitPrice: s.limitPrice === null ? null : dec(s.limitPrice),
        tier: s.tier,
        status: s.status,
        ...(s.reason === undefined ? {} : { reason: s.reason }),
        fills: [...s.fills],
        filled: s.fills.reduce((sum, f) => sum.plus(f.quantity), ZERO),
        matched: s.matched,
        hold: dec(s.hold),
        silent: false,
        timer: null,
        finishedAt: s.finishedAt,
      }
      this.orders.set(key(order.accountId, order.clientOrderId), order)
      if (order.status === 'open') this.open.add(order)
      this.kept.add(order)
      if (order.status === 'open' && !order.matched) {
        // A delayed-fill fault was holding it: its timer died with the process.
        order.status = 'canceled'
        order.reason = 'The paper exchange restarted before matching the order; nothing filled.'
        order.hold = ZERO
        this.open.delete(order)
        this.dirty = true
        this.changed.add(order)
      }
    }
    this.save()
  }

  // ----- balances and fees

  private account(accountId: string): Account {
    let account = this.accounts.get(accountId)
    if (!account) {
      account = { balances: new Map(), trades: [], volume: ZERO }
      this.accounts.set(accountId, account)
    }
    return account
  }

  private balance(account: Account, asset: string): Decimal {
    return account.balances.get(asset) ?? ZERO
  }

  /** The quote held back for the resting part of a limit buy: its value plus the maker fee. */
  private restingHold(order: PaperOrder, rest: Decimal): Decimal {
    if (!order.limitPrice) return ZERO
    return rest.times(order.limitPrice).times(dec(1).plus(order.tier.makerRate))
  }

  /** What the account can spend of an asset: its balance less what open orders hold back. */
  private available(accountId: string, asset: string, except: PaperOrder): Decimal {
    const account = this.accounts.get(accountId)
    if (!account) return ZERO
    let held = ZERO
    for (const o of this.open) {
      if (o === except || o.accountId !== accountId) continue
      const rest = o.quantity.minus(o.filled)
      if (o.side === 'sell' && o.inst.baseAsset === asset) held = held.plus(rest)
      if (o.side === 'buy' && o.inst.quoteAsset === asset)
        held = held.plus(o.matched ? this.restingHold(o, rest) : o.hold)
    }
    return this.balance(account, asset).minus(held)
  }

  private volume30d(accountId: string): Decimal {
    const account = this.accounts.get(accountId)
    if (!account) return ZERO
    const since = this.clock.now() - VOLUME_WINDOW
    // Trades are appended in time order: drop the expired ones from the front.
    let expired = 0
    for (const t of account.trades) {
      if (t.ts > since) break
      account.volume = account.volume.minus(t.notional)
      expired++
    }
    if (expired > 0) account.trades = account.trades.slice(expired)
    return account.volume
  }

  private record(account: Account, ts: number, notional: Decimal): void {
    account.trades.push({ ts, notional })
    account.volume = account.volume.plus(notional)
  }

  private tierOf(accountId: string): FeeTier {
    return feeTierFor(this.schedule, this.volume30d(accountId))
  }
}

/** A save to come, and the promise its waiters hold. */
interface Pending {
  readonly saved: Promise<void>
  resolve(): void
  reject(error: Error): void
}

function newPending(): Pending {
  let resolve!: () => void
  let reject!: (error: Error) => void
  const saved = new Promise<void>((res, rej) => {
    resolve = res
    reject = rej
  })
  // Every waiter has its own handler; this one keeps a save nobody waited for quiet.
  saved.catch(() => undefined)
  return { saved, resolve, reject }
}

function key(accountId: string, clientOrderId: string): string {
  return `${accountId}/${clientOrderId}`
}

function stored(order: PaperOrder): StoredPaperOrder {
  return {
    accountId: order.accountId,
    clientOrderId: order.clientOrderId,
    brokerOrderId: order.brokerOrderId,
    symbol: order.inst.symbol,
    side: order.side,
    type: order.type,
    quantity: str(order.quantity),
    limitPrice: order.limitPrice === null ? null : str(order.limitPrice),
    tier: order.tier,
    status: order.status,
    ...(order.reason === undefined ? {} : { reason: order.reason }),
    fills: order.fills,
    matched: order.matched,
    hold: str(order.hold),
    finishedAt: order.finishedAt,
  }
}

function snapshot(order: PaperOrder): BrokerAck {
  return {
    brokerOrderId: order.brokerOrderId,
    status: order.status,
    fills: [...order.fills],
    ...(order.reason === undefined ? {} : { reason: order.reason }),
  }
}

function invalid(message: string): BrokerError {
  return new BrokerError('invalid_order', message)
}

function parse(value: string): Decimal | null {
  try {
    return dec(value)
  } catch {
    return null
  }
}
