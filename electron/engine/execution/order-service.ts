/**
 * The life of an order: intent and gate decision (durable before the broker sees anything),
 * route to the broker, fills, verification. Each step is folded into the ledger the moment
 * it is appended, in one synchronous step with the decision that led to it, so the gate of
 * the next order always sees every earlier order's reservation; the caller is answered only
 * once everything about its order is durable. Orders are pipelined: while one waits for its
 * fsync the next can be checked, and group commit writes them together.
 */
import type { CommandPayload } from '../../../shared/contract'
import { orderCostEstimate, type CostEstimate } from '../../../shared/costs'
import { err, ok, type Result } from '../../../shared/result'
import {
  TERMINAL_STATUSES,
  type Alert,
  type Order,
  type OrderCheck,
  type OrderEstimate,
  type OrderSource,
  type RiskLimits,
  type TradingState,
} from '../../../shared/types'
import { type Clock, type Decimal, ZERO, dec, extend, str, toCents } from '../core'
import {
  BrokerError,
  type Broker,
  type BrokerAck,
  type BrokerFill,
  type BrokerOrderRequest,
  type BrokerUpdate,
} from '../brokers'
import type { Recorder, AccountView, MergedPayloads } from '../journal'
import type { Ledger } from '../ledger'
import { CostService, type SlippageCoefficients } from '../costs'
import { instrument, type MarketFeed } from '../market'
import type { CircuitBreaker } from '../resilience'
import { evaluateGate, type GateInput, type ReconciliationBlock, type SizeBandRule } from './gate'
import { verifyExecution, type InTransit } from './verifier'

/** What the order service asks of the rest of the engine about an account. */
export interface AccountContext {
  /** The slippage model's coefficients for an account (its calibrated ones once trusted). */
  costCoefficients?(accountId: string): SlippageCoefficients
  limits(accountId: string): RiskLimits
  tradingState(accountId: string): TradingState
  /** Null when the position tracker can be trusted (the account is connected), else why not. */
  trackerProblem(accountId: string): string | null
  /** The account's open reconciliation findings, which block it; null when there are none. */
  reconciliationBlock(accountId: string): ReconciliationBlock | null
  /** False while the journal written before the last snapshot is still being verified. */
  journalVerified(): boolean
  /** Equity now and its peak. */
  equity(accountId: string): { equity: Decimal; peak: Decimal }
  /** Start of the trader's local day containing `ts`. */
  startOfDay(ts: number): number
  raiseAlert(alert: Omit<Alert, 'id' | 'ts'>): void
  /** When the bot was halted (it went quiet, set to halt), or null when it is not halted. */
  botHaltedAt(bot: string): number | null
  /** RECOVERING: the share of the maximum order size allowed now; null otherwise. */
  recoveryFraction(accountId: string): number | null
  /** The validation plan's size band for an enrolled account; null when it is not enrolled. */
  sizeBand?(accountId: string): SizeBandRule | null
  /** What the circuit breaker hears about orders. */
  readonly breaker: Pick<CircuitBreaker, 'brokerError' | 'brokerAnswered' | 'verified' | 'limitHit'>
  /** Where the account's orders go, and the market it trades on. */
  broker(accountId: string): Broker
  market(accountId: string): MarketFeed
}

/** Collaborators of the order service. */
export interface OrderServiceDeps {
  readonly clock: Clock
  readonly ledger: Ledger
  /** Records every step; its failure stops every order (nothing is journaled or sent). */
  readonly recorder: Recorder
  readonly accounts: AccountContext
}

const MINUTE = 60_000
/** Tries to place an order through transient broker errors, looking it up before each resend. */
const SEND_ATTEMPTS = 4
const RETRY_BASE_MS = 250

/** A transient failure that outlasted every retry: the broker may or may not have the order. */
class UnknownOutcome extends Error {
  constructor(override readonly cause: BrokerError) {
    super(`the broker's answer is unknown after ${SEND_ATTEMPTS} tries: ${cause.message}`)
  }
}

/** Places, tracks and verifies orders. */
export class OrderService {
  private readonly inFlight = new Set<Promise<unknown>>()
  /** Orders still being placed, by account and client order id: a retry waits for the first. */
  private readonly placing = new Map<string, Promise<Result<Order>>>()
  private readonly sentAt = new Map<string, number[]>()
  /**
   * Orders canceled on request (the trader's, or the kill switch's), with the words journaled
   * as why: their cancel is not an execution failure, and the broker's own wording (the paper
   * exchange's "at your request") does not say who asked.
   */
  private readonly cancelRequested = new Map<string, string>()
  /** Orders at the broker whose answer is not recorded yet, by account and symbol. */
  private readonly transit = new Map<string, { orders: number; buy: Decimal; sell: Decimal }>()
  /** Orders this process is placing, from intent until the broker's answer is recorded. */
  private readonly live = new Set<string>()
  /** Live cost features per market and symbol, for the expected slippage of each order. */
  private readonly costs = new CostService()

  constructor(private readonly deps: OrderServiceDeps) {}

  /**
   * The expected slippage of an order now, against the mid of its account's market (the
   * arrival price when asked at intent). A limit order that would not cross the spread rests:
   * it pays no spread if it fills, so it has no taker estimate, and says so. Never throws.
   */
  expectedCost(
    accountId: string,
    order: {
      readonly symbol: Order['symbol']
      readonly side: Order['side']
      readonly quantity: string
      readonly type?: Order['type']
      readonly limitPrice?: string | undefined
    },
  ): CostEstimate {
    let market: MarketFeed
    try {
      market = this.deps.accounts.market(accountId)
      if (order.type === 'limit' && order.limitPrice !== undefined) {
        const quote = market.quote(order.symbol)
        const touch = Number(order.side === 'buy' ? quote.ask : quote.bid)
        const limit = Number(order.limitPrice)
        if (touch > 0 && (order.side === 'buy' ? limit < touch : limit > touch))
          return {
            ok: false,
            reason: `No cost estimate: a limit ${order.side} at ${order.limitPrice} does not cross the ${order.side === 'buy' ? 'ask' : 'bid'} (${order.side === 'buy' ? quote.ask : quote.bid}); it rests, and pays no spread if it fills.`,
          }
      }
    } catch (error) {
      return { ok: false, reason: `No cost estimate: ${(error as Error).message}.` }
    }
    const coefficients = this.deps.accounts.costCoefficients?.(accountId)
    return this.costs.estimate(market, order, this.deps.clock.now(), coefficients)
  }

  /** Stops following the markets for cost features. */
  close(): void {
    this.costs.close()
  }

  /** Refuses an order or cancel without a word to the journal or a broker when it failed. */
  private refuseIfJournalFailed(): Result<never> | null {
    const failure = this.deps.recorder.failure
    return failure === null
      ? null
      : err(
          'UNAVAILABLE',
          `Trading is HALTED on every account: ${failure}. Nothing was sent to the broker.`,
        )
  }

  /** Waits for every order in flight. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight])
  }

  /** What an order would cost now, at the price the paper exchange would fill it. */
  estimate(accountId: string, payload: CommandPayload<'orders:estimate'>): Result<OrderEstimate> {
    const quote = this.deps.accounts.market(accountId).quote(payload.symbol)
    const price = dec(payload.side === 'buy' ? quote.ask : quote.bid)
    const quantity = dec(payload.quantity)
    const feeRate = this.deps.accounts.broker(accountId).takerFeeRate(accountId)
    const notional = quantity.times(price)
    const fee = toCents(notional.times(feeRate))
    return ok({
      symbol: payload.symbol,
      side: payload.side,
      quantity: payload.quantity,
      price: str(price),
      notional: str(notional),
      fee: str(fee),
      feeRate,
      total: str(payload.side === 'buy' ? notional.plus(fee) : notional.minus(fee)),
      expectedCost: this.expectedCost(accountId, payload),
    })
  }

  /**
   * The gate's dry run: the would-be order is checked exactly as `submit` would check it now,
   * every check evaluated and answered in the words a refusal would carry, but nothing is
   * journaled, reserved, counted against the order rate or told to the circuit breaker.
   */
  check(
    accountId: string,
    payload: CommandPayload<'orders:check'>,
    bot?: string,
  ): Result<OrderCheck> {
    const refused = this.refuseIfJournalFailed()
    if (refused) return refused
    const expectedCost = this.expectedCost(accountId, payload)
    const decision = evaluateGate(this.gateInput(accountId, payload, this.deps.clock.now(), bot))
    return ok({
      accountId,
      passed: decision.passed,
      checks: decision.checks,
      price: decision.expectedPrice === null ? null : str(decision.expectedPrice),
      notional: decision.notional === null ? null : str(decision.notional),
      expectedCost,
    })
  }

  /** What the gate reads about an account, all at one instant. */
  private gateInput(
    accountId: string,
    payload: CommandPayload<'orders:check'>,
    now: number,
    bot?: string,
  ): GateInput {
    const { ledger, accounts } = this.deps
    const broker = accounts.broker(accountId)
    const market = accounts.market(accountId)
    const limits = accounts.limits(accountId)
    const { equity, peak } = accounts.equity(accountId)
    return {
      symbol: payload.symbol,
      side: payload.side,
      quantity: payload.quantity,
      instrument: instrument(payload.symbol),
      quote: market.quote(payload.symbol),
      limitPrice: payload.limitPrice ?? null,
      now,
      feeRate: broker.takerFeeRate(accountId),
      limits,
      tradingState: accounts.tradingState(accountId),
      recoveryFraction: accounts.recoveryFraction(accountId),
      trackerProblem: accounts.trackerProblem(accountId),
      reconciliationBlock: accounts.reconciliationBlock(accountId),
      journalVerified: accounts.journalVerified(),
      availableCash: ledger.availableCash(accountId),
      // Only a sale needs what is free to sell, and only a pending-order rule needs the
      // working orders: both walk every open order, so skip them when they cannot matter.
      availableQuantity:
        payload.side === 'sell' ? ledger.availableQuantity(accountId, payload.symbol) : ZERO,
      holdings: ledger
        .holdings(accountId)
        .map((h) => extend(h, { price: dec(market.quote(h.symbol).last) })),
      workingOrders: limits.pendingOrderRule === 'off' ? [] : ledger.workingOrders(accountId),
      ordersLastMinute: this.ordersInLastMinute(accountId, now),
      realizedToday: ledger.realizedSince(accountId, accounts.startOfDay(now)),
      equity,
      peakEquity: peak,
      bot: bot === undefined ? null : { name: bot, haltedAt: accounts.botHaltedAt(bot) },
      sizeBand: accounts.sizeBand?.(accountId) ?? null,
    }
  }

  /** Submits an order intent; resolves when the order is terminal, rejected or overdue. */
  submit(
    accountId: string,
    payload: CommandPayload<'orders:submit'>,
    source: OrderSource,
    bot?: string,
  ): Promise<Result<Order>> {
    const refused = this.refuseIfJournalFailed()
    if (refused) return Promise.resolve(refused)
    const key = payload.clientOrderId === undefined ? null : `${accountId}/${payload.clientOrderId}`
    const first = key === null ? undefined : this.placing.get(key)
    if (first) return first.then(() => this.place(accountId, payload, source, bot))
    const placing = this.place(accountId, payload, source, bot)
    this.inFlight.add(placing)
    if (key !== null) this.placing.set(key, placing)
    void placing
      .finally(() => {
        this.inFlight.delete(placing)
        if (key !== null && this.placing.get(key) === placing) this.placing.delete(key)
      })
      .catch(() => undefined)
    return placing
  }

  /** How many orders the account sent in the minute before `now`. */
  private ordersInLastMinute(accountId: string, now: number): number {
    let window = this.sentAt.get(accountId)
    if (!window) {
      // The first order since start: the orders the gate passed in the last minute before it,
      // from the ledger, so a restart does not reset the rate limit.
      window = this.deps.ledger
        .ordersSince(accountId, now - MINUTE)
        .filter((o) => o.checks.length > 0 && o.status !== 'rejected')
        .map((o) => o.createdAt)
        .reverse()
      this.sentAt.set(accountId, window)
    }
    // Times are appended in order: drop the expired ones from the front.
    let expired = 0
    while (expired < window.length && (window[expired] as number) <= now - MINUTE) expired++
    if (expired > 0) window.splice(0, expired)
    return window.length
  }

  private noteSent(accountId: string, now: number): void {
    const window = this.sentAt.get(accountId)
    if (window) window.push(now)
    else this.sentAt.set(accountId, [now])
  }

  /** Notes an order going to the broker; the returned function notes its answer recorded. */
  private enterTransit(accountId: string, order: Order): () => void {
    const key = `${accountId}/${order.symbol}`
    const quantity = dec(order.quantity)
    const add = (sign: 1 | -1): void => {
      const t = this.transit.get(key) ?? { orders: 0, buy: ZERO, sell: ZERO }
      t.orders += sign
      if (order.side === 'buy') t.buy = sign === 1 ? t.buy.plus(quantity) : t.buy.minus(quantity)
      else t.sell = sign === 1 ? t.sell.plus(quantity) : t.sell.minus(quantity)
      if (t.orders === 0) this.transit.delete(key)
      else this.transit.set(key, t)
    }
    add(1)
    let left = false
    return () => {
      if (!left) add(-1)
      left = true
    }
  }

  private inTransit(accountId: string, symbol: Order['symbol']): InTransit {
    return this.transit.get(`${accountId}/${symbol}`) ?? { orders: 0, buy: ZERO, sell: ZERO }
  }

  private view(accountId: string, symbol: Order['symbol']): AccountView {
    const { ledger } = this.deps
    return {
      balance: str(ledger.cash(accountId)),
      positions: ledger.holdings(accountId).length,
      positionQuantity: str(ledger.positionQuantity(accountId, symbol)),
    }
  }

  /**
   * Whether this process is still placing an order. A pending or open order that is not live
   * was left by a crash or a broker that never answered: reconciliation settles it.
   */
  isLive(orderId: string): boolean {
    return this.live.has(orderId)
  }

  /** Records what the broker says of an order that is not live (reconciliation found it). */
  settle(accountId: string, orderId: string, ack: BrokerAck): Promise<Result<Order>> {
    return this.record(accountId, orderId, ack, null)
  }

  private async place(
    accountId: string,
    payload: CommandPayload<'orders:submit'>,
    source: OrderSource,
    bot: string | undefined,
  ): Promise<Result<Order>> {
    const { ledger, accounts, clock } = this.deps
    const { commit } = this.deps.recorder
    const broker = accounts.broker(accountId)
    const orderId = `ord-${this.deps.recorder.nextSeq()}`
    const clientOrderId = payload.clientOrderId ?? `vigil-${orderId}`
    const existing = ledger.findOrder(accountId, clientOrderId)
    if (existing) return sameOrder(existing, payload)

    const now = clock.now()
    const limits = accounts.limits(accountId)
    // The expected cost at the arrival mid, before the gate looks at the order.
    const expectedCost = orderCostEstimate(this.expectedCost(accountId, payload))
    const decision = evaluateGate(this.gateInput(accountId, payload, now, bot))
    const before = this.view(accountId, payload.symbol)

    // Intent and decision are one record, durable before the broker is called.
    this.live.add(orderId)
    let answered = true
    try {
      const decided = commit('order.placed', {
        orderId,
        accountId,
        clientOrderId,
        symbol: payload.symbol,
        side: payload.side,
        type: payload.type,
        quantity: payload.quantity,
        ...(payload.limitPrice === undefined ? {} : { limitPrice: payload.limitPrice }),
        source,
        ...(bot === undefined ? {} : { bot }),
        expectedPrice: decision.expectedPrice ? str(decision.expectedPrice) : null,
        expectedCost,
        passed: decision.passed,
        checks: decision.records,
        reserved: str(decision.reserved),
        pre: before,
      })
      if (!decision.passed) {
        const limit = decision.checks.find(
          (c) => !c.passed && (c.code === 'DAILY_LOSS_LIMIT' || c.code === 'DRAWDOWN_LIMIT'),
        )
        if (limit) accounts.breaker.limitHit(accountId, limit.message)
        const order = this.order(accountId, orderId)
        await decided
        return rejected(order)
      }
      this.noteSent(accountId, now)
      await decided

      const sent = clock.now()
      const leave = this.enterTransit(accountId, this.order(accountId, orderId))
      const placing = this.send(broker, {
        accountId,
        clientOrderId,
        symbol: payload.symbol,
        side: payload.side,
        type: payload.type,
        quantity: payload.quantity,
        ...(payload.limitPrice === undefined ? {} : { limitPrice: payload.limitPrice }),
      })
      let timer: { cancel(): void } | null = null
      const overdue = new Promise<'overdue'>((resolve) => {
        timer = clock.setTimeout(() => resolve('overdue'), limits.verificationTimeoutMs)
      })
      const outcome = await Promise.race([
        placing.then(
          (ack) => ({ ack }),
          (error: unknown) => ({ error: error as Error }),
        ),
        overdue,
      ])
      ;(timer as { cancel(): void } | null)?.cancel()

      if (outcome !== 'overdue') {
        if ('error' in outcome) accounts.breaker.brokerError(accountId, outcome.error.message)
        else accounts.breaker.brokerAnswered(accountId)
      }
      if (
        outcome === 'overdue' ||
        ('error' in outcome && outcome.error instanceof UnknownOutcome)
      ) {
        await this.verify(accountId, orderId, [], null, limits, null)
        // If the broker answers later, record what it says then (and verify again). Shutting
        // down does not wait for a broker that may never answer; reconciliation settles it.
        answered = false
        placing
          .then((ack) => {
            leave()
            return this.record(accountId, orderId, ack, clock.now() - sent)
          })
          .catch(() => undefined)
          .finally(() => this.live.delete(orderId))
        return ok(this.order(accountId, orderId))
      }
      leave()
      if ('error' in outcome) {
        const reason = `The broker did not take the order: ${outcome.error.message}`
        void commit('order.closed', { orderId, accountId, status: 'failed', reason })
        await this.verify(accountId, orderId, [], clock.now() - sent, limits, null)
        return err('BROKER_ERROR', reason, this.order(accountId, orderId))
      }
      return await this.record(accountId, orderId, outcome.ack, clock.now() - sent)
    } finally {
      if (answered) this.live.delete(orderId)
    }
  }

  /**
   * Sends an order, riding out transient broker errors without ever sending it twice: after a
   * transient failure the broker may still have taken it, so it is looked up by its client
   * order id first and sent again only if the broker says it never got it. When even the
   * lookup keeps failing the outcome is unknown, and reconciliation will have to settle it.
   */
  private async send(broker: Broker, request: BrokerOrderRequest): Promise<BrokerAck> {
    let lastError: BrokerError | null = null
    for (let attempt = 1; attempt <= SEND_ATTEMPTS; attempt++) {
      if (lastError) {
        await this.wait(lastError.retryAfterMs ?? RETRY_BASE_MS * 2 ** (attempt - 2))
        let found: BrokerAck | null
        try {
          found = await broker.fetchOrder(request.accountId, request.clientOrderId, request.symbol)
        } catch (error) {
          if (error instanceof BrokerError && error.kind === 'transient') {
            lastError = error
            continue
          }
          throw error
        }
        if (found) return found
      }
      try {
        return await broker.placeOrder(request)
      } catch (error) {
        if (!(error instanceof BrokerError) || error.kind === 'permanent') throw error
        lastError = error
      }
    }
    throw new UnknownOutcome(lastError as BrokerError)
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => this.deps.clock.setTimeout(resolve, ms))
  }

  /** Records a later update from the broker: fills of an open order, or its final status. */
  onBrokerUpdate(update: BrokerUpdate): void {
    const order = this.deps.ledger.findOrder(update.accountId, update.clientOrderId)
    if (!order || TERMINAL_STATUSES.includes(order.status)) return
    void this.record(update.accountId, order.id, update, null).catch(() => undefined)
  }

  /**
   * Cancels an open order at its broker and records what the broker says became of it, with
   * who asked (`why`, a sentence) as the reason journaled.
   */
  async cancel(
    accountId: string,
    id: string,
    why = 'Canceled at your request.',
  ): Promise<Result<Order>> {
    const refused = this.refuseIfJournalFailed()
    if (refused) return refused
    const order = this.deps.ledger.findOrder(accountId, id)
    if (!order) return err('NOT_FOUND', `No order ${id} in account ${accountId}.`)
    if (TERMINAL_STATUSES.includes(order.status))
      return err(
        'CONFLICT',
        `Order ${order.id} is already ${order.status}; only an open order can be canceled.`,
        order,
      )
    if (order.status === 'pending')
      return err(
        'CONFLICT',
        `Order ${order.id} is still being sent to the broker; cancel it once it is open.`,
        order,
      )
    const broker = this.deps.accounts.broker(accountId)
    this.cancelRequested.set(order.id, why)
    let ack: BrokerAck
    try {
      ack = await broker.cancelOrder(accountId, order.clientOrderId, order.symbol)
    } catch (error) {
      return err(
        'BROKER_ERROR',
        `The broker did not cancel order ${order.id}: ${(error as Error).message}`,
        order,
      )
    }
    return this.record(accountId, order.id, ack, null)
  }

  /**
   * Journals the broker's answer in one record: its acceptance, any new fills, and the close
   * when the broker says the order is done; then verifies it. The verification is a record of
   * its own: it needs the broker's word on its position after the fills are in the ledger, a
   * second round trip the fills must not wait for. An order still open is verified when it
   * ends.
   */
  private async record(
    accountId: string,
    orderId: string,
    ack: BrokerAck,
    confirmedAfterMs: number | null,
  ): Promise<Result<Order>> {
    const { ledger } = this.deps
    const { commit } = this.deps.recorder
    const limits = this.deps.accounts.limits(accountId)
    const order = this.order(accountId, orderId)
    if (TERMINAL_STATUSES.includes(order.status)) return ok(order)
    if (ack.status === 'rejected') {
      const reason = `The broker rejected the order: ${ack.reason ?? 'no reason given'}`
      void commit('order.answered', { orderId, accountId, closed: 'failed', reason })
      await this.verify(accountId, orderId, [], confirmedAfterMs, limits, null)
      return err('BROKER_ERROR', reason, this.order(accountId, orderId))
    }
    const before = {
      cash: ledger.cash(accountId),
      positionQuantity: ledger.positionQuantity(accountId, order.symbol),
    }
    const recorded = ledger.orderFills(accountId, orderId)
    const batch = ack.fills.filter((f) => !recorded.some((r) => r.id === f.fillId))
    // Every fill of the order for what filled and at what price; this answer's for how the
    // ledger moved.
    const all = [...recorded.map((f) => extend(f, { fillId: f.id })), ...batch]
    const filled = batch.reduce((sum, f) => sum.plus(f.quantity), dec(order.filledQuantity))
    const complete = filled.equals(dec(order.quantity))
    const answer: MergedPayloads['order.answered'] = {
      orderId,
      accountId,
      ...(order.status === 'pending' ? { brokerOrderId: ack.brokerOrderId } : {}),
      ...(batch.length > 0
        ? {
            fills: batch.map(({ fillId, quantity, price, fee, feeAsset, liquidity, ts }) => ({
              fillId,
              quantity,
              price,
              fee,
              feeAsset,
              liquidity,
              ts,
            })),
          }
        : {}),
    }
    if (complete || ack.status === 'filled') {
      void commit('order.answered', extend(answer, { closed: 'filled' as const }))
    } else if (ack.status === 'canceled') {
      // Who asked, when it was asked here; else the broker's word.
      const why = this.cancelRequested.get(orderId) ?? ack.reason
      const reason = filled.isZero()
        ? (why ?? 'Canceled before anything filled.')
        : `Partly filled: ${str(filled)} of ${order.quantity}; the rest was canceled${why ? ` (${why.replace(/\.$/, '')})` : ''}.`
      void commit('order.answered', extend(answer, { closed: 'canceled' as const, reason }))
    } else {
      // Still open at the broker: its later fills come as updates.
      if (answer.brokerOrderId !== undefined || answer.fills) void commit('order.answered', answer)
      return ok(this.order(accountId, orderId))
    }
    await this.verify(accountId, orderId, all, confirmedAfterMs ?? 0, limits, before, batch)
    return ok(this.order(accountId, orderId))
  }

  /**
   * Runs post-execution verification against the fills the broker reported and the ledger's
   * moves around them (`before`: the ledger just before they were applied), journals every
   * check, alerts on a failure, and resolves once all of it is durable.
   */
  private async verify(
    accountId: string,
    orderId: string,
    fills: readonly BrokerFill[],
    confirmedAfterMs: number | null,
    limits: RiskLimits,
    before: { cash: Decimal; positionQuantity: Decimal } | null,
    batch: readonly BrokerFill[] = fills,
  ): Promise<void> {
    const { ledger, accounts } = this.deps
    const { commit } = this.deps.recorder
    const broker = accounts.broker(accountId)
    const order = this.order(accountId, orderId)
    const after = {
      cash: ledger.cash(accountId),
      positionQuantity: ledger.positionQuantity(accountId, order.symbol),
    }
    const postView = this.view(accountId, order.symbol)
    // The broker's word on its holding is read after the ledger moved. Other orders may move
    // both while we wait for it, so the tracker and what is in transit are read when it comes.
    let brokerQuantity: Decimal | null = null
    const asking = broker.positionOf(accountId, order.symbol)
    try {
      brokerQuantity = dec(await asking)
    } catch {
      brokerQuantity = null
    }
    const trackerQuantity = ledger.positionQuantity(accountId, order.symbol)
    const inTransit = this.inTransit(accountId, order.symbol)
    const result = verifyExecution({
      symbol: order.symbol,
      side: order.side,
      requested: dec(order.quantity),
      lotSize: dec(instrument(order.symbol).lotSize),
      expectedPrice: order.expectedPrice === null ? null : dec(order.expectedPrice),
      toleranceBps: limits.slippageToleranceBps,
      confirmedAfterMs,
      canceledOnRequest: this.cancelRequested.delete(orderId) && order.status === 'canceled',
      timeoutMs: limits.verificationTimeoutMs,
      status: order.status,
      fills: fills.map((f) => ({
        quantity: dec(f.quantity),
        price: dec(f.price),
        fee: dec(f.fee),
      })),
      batch: batch.map((f) => ({
        quantity: dec(f.quantity),
        price: dec(f.price),
        fee: dec(f.fee),
      })),
      before: before ?? after,
      after,
      brokerQuantity,
      trackerQuantity,
      inTransit,
    })
    const verified = commit('order.verified', {
      orderId,
      accountId,
      passed: result.passed,
      partial: result.partial,
      checks: result.records,
      slippageBps: result.slippageBps,
      post: extend(postView, {
        trackerUpdated: result.checks.some((c) => c.name === 'tracker_updated' && c.passed),
      }),
    })
    // An order the broker refused or errored on counts as a broker error (above), not as an
    // execution that failed verification; an unconfirmed one does count.
    if (!(order.status === 'failed' && confirmedAfterMs !== null))
      accounts.breaker.verified(
        accountId,
        result.passed,
        `${order.side} ${order.quantity} ${order.symbol} (${orderId})`,
      )
    if (!result.passed) {
      const failed = result.checks.filter((c) => !c.passed)
      accounts.raiseAlert({
        accountId,
        severity: 'critical',
        kind: 'verification_failed',
        orderId,
        message: `Verification failed for ${order.side} ${order.quantity} ${order.symbol} (${orderId}): ${failed.map((c) => c.message).join(' ')}`,
      })
    }
    await verified
  }

  private order(accountId: string, orderId: string): Order {
    const order = this.deps.ledger.findOrder(accountId, orderId)
    if (!order) throw new Error(`Order ${orderId} vanished from the ledger`)
    return order
  }
}

function rejected(order: Order): Result<Order> {
  return err('GATE_REJECTED', order.reason ?? 'Rejected by the pre-execution gate.', order)
}

/** A retry with a known client order id: the same order again, never a second one. */
function sameOrder(existing: Order, payload: CommandPayload<'orders:submit'>): Result<Order> {
  const same =
    existing.symbol === payload.symbol &&
    existing.side === payload.side &&
    existing.type === payload.type &&
    dec(existing.quantity).equals(dec(payload.quantity))
  if (!same) {
    return err(
      'CONFLICT',
      `Client order id ${existing.clientOrderId} was already used for a different order (${existing.side} ${existing.quantity} ${existing.symbol}). Use a new client order id for a new order.`,
      existing,
    )
  }
  return existing.status === 'rejected' ? rejected(existing) : ok(existing)
}
