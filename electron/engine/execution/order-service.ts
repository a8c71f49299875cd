/**
 * The life of an order: intent (durable before anything else), gate, route to the broker,
 * fills, verification. Orders of one account go through one at a time, so the gate always
 * decides on a ledger that already includes every earlier order of that account.
 */
import type { CommandPayload } from '../../../shared/contract'
import { err, ok, type Result } from '../../../shared/result'
import type {
  Alert,
  Order,
  OrderEstimate,
  OrderSource,
  RiskLimits,
  TradingState,
} from '../../../shared/types'
import type { Clock } from '../core/clock'
import type { Decimal} from '../core/decimal';
import { dec, str, toCents } from '../core/decimal'
import type { Broker, BrokerAck } from '../brokers/broker'
import type { AccountView, RecordPayloads, RecordType } from '../journal/records'
import type { Ledger } from '../ledger/ledger'
import { instrument } from '../market/instruments'
import type { MarketSimulator } from '../market/simulator'
import { evaluateGate } from './gate'
import { verifyExecution } from './verifier'

/** Appends a record durably and folds it everywhere; resolves when both are done. */
export type Commit = <T extends RecordType>(type: T, payload: RecordPayloads[T]) => Promise<void>

/** What the order service asks of the rest of the engine about an account. */
export interface AccountContext {
  limits(accountId: string): RiskLimits
  tradingState(accountId: string): TradingState
  /** Null when the position tracker can be trusted, else why not. */
  trackerProblem(accountId: string): string | null
  /** Equity now and its peak. */
  equity(accountId: string): { equity: Decimal; peak: Decimal }
  /** Start of the trader's local day containing `ts`. */
  startOfDay(ts: number): number
  raiseAlert(alert: Omit<Alert, 'id' | 'ts'>): void
}

/** Collaborators of the order service. */
export interface OrderServiceDeps {
  readonly clock: Clock
  readonly ledger: Ledger
  readonly market: MarketSimulator
  readonly broker: Broker
  readonly commit: Commit
  readonly accounts: AccountContext
  /** The seq the next journal record will get: used to mint order ids. */
  readonly nextSeq: () => number
}

const MINUTE = 60_000

/** Places, tracks and verifies orders. */
export class OrderService {
  private readonly queues = new Map<string, Promise<unknown>>()
  private readonly sentAt = new Map<string, number[]>()

  constructor(private readonly deps: OrderServiceDeps) {}

  private serialize<T>(accountId: string, task: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(accountId) ?? Promise.resolve()
    const run = previous.then(task, task)
    const tail = run.catch(() => undefined)
    this.queues.set(accountId, tail)
    void tail.then(() => {
      if (this.queues.get(accountId) === tail) this.queues.delete(accountId)
    })
    return run
  }

  /** Waits for every order in flight. */
  async idle(): Promise<void> {
    await Promise.all([...this.queues.values()])
  }

  /** What an order would cost now, at the price the paper exchange would fill it. */
  estimate(accountId: string, payload: CommandPayload<'orders:estimate'>): Result<OrderEstimate> {
    const quote = this.deps.market.quote(payload.symbol)
    const price = dec(payload.side === 'buy' ? quote.ask : quote.bid)
    const quantity = dec(payload.quantity)
    const feeRate = this.deps.broker.takerFeeRate(accountId)
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
    })
  }

  /** Submits an order intent; resolves when the order is terminal, rejected or overdue. */
  submit(
    accountId: string,
    payload: CommandPayload<'orders:submit'>,
    source: OrderSource,
  ): Promise<Result<Order>> {
    return this.serialize(accountId, () => this.place(accountId, payload, source))
  }

  private recentOrders(accountId: string, now: number): number[] {
    const times = (this.sentAt.get(accountId) ?? []).filter((t) => t > now - MINUTE)
    this.sentAt.set(accountId, times)
    return times
  }

  private view(accountId: string, symbol: Order['symbol']): AccountView {
    const { ledger } = this.deps
    return {
      balance: str(ledger.cash(accountId)),
      positions: ledger.holdings(accountId).length,
      positionQuantity: str(ledger.positionQuantity(accountId, symbol)),
    }
  }

  private async place(
    accountId: string,
    payload: CommandPayload<'orders:submit'>,
    source: OrderSource,
  ): Promise<Result<Order>> {
    const { ledger, market, broker, commit, accounts, clock } = this.deps
    const orderId = `ord-${this.deps.nextSeq()}`
    const clientOrderId = payload.clientOrderId ?? `vigil-${orderId}`
    const existing = ledger.findOrder(accountId, clientOrderId)
    if (existing) return sameOrder(existing, payload)

    const now = clock.now()
    const limits = accounts.limits(accountId)
    const { equity, peak } = accounts.equity(accountId)
    const decision = evaluateGate({
      symbol: payload.symbol,
      side: payload.side,
      quantity: payload.quantity,
      instrument: instrument(payload.symbol),
      quote: market.quote(payload.symbol),
      now,
      feeRate: broker.takerFeeRate(accountId),
      limits,
      tradingState: accounts.tradingState(accountId),
      trackerProblem: accounts.trackerProblem(accountId),
      availableCash: ledger.availableCash(accountId),
      availableQuantity: ledger.availableQuantity(accountId, payload.symbol),
      holdings: ledger
        .holdings(accountId)
        .map((h) => ({ ...h, price: dec(market.quote(h.symbol).last) })),
      workingOrders: ledger.workingOrders(accountId),
      ordersLastMinute: this.recentOrders(accountId, now).length,
      realizedToday: ledger.realizedSince(accountId, accounts.startOfDay(now)),
      equity,
      peakEquity: peak,
    })
    const before = this.view(accountId, payload.symbol)

    // The intent is durable before anything else happens to it.
    await commit('order.intent', {
      orderId,
      accountId,
      clientOrderId,
      symbol: payload.symbol,
      side: payload.side,
      type: payload.type,
      quantity: payload.quantity,
      source,
      expectedPrice: decision.expectedPrice ? str(decision.expectedPrice) : null,
    })
    await commit('order.gate', {
      orderId,
      accountId,
      passed: decision.passed,
      checks: decision.checks,
      reserved: str(decision.reserved),
      pre: { ...before, entryPrice: decision.expectedPrice ? str(decision.expectedPrice) : null },
    })
    if (!decision.passed) return rejected(this.order(accountId, orderId))

    this.recentOrders(accountId, now).push(now)
    const sent = clock.now()
    const placing = broker.placeOrder({
      accountId,
      clientOrderId,
      symbol: payload.symbol,
      side: payload.side,
      type: payload.type,
      quantity: payload.quantity,
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

    if (outcome === 'overdue') {
      await this.verify(accountId, orderId, before, null, limits)
      // If the broker answers later, record what it says then (and verify again).
      void placing.then(
        (ack) =>
          this.serialize(accountId, () =>
            this.record(accountId, orderId, ack, clock.now() - sent, before),
          ),
        () => undefined,
      )
      return ok(this.order(accountId, orderId))
    }
    if ('error' in outcome) {
      const reason = `The broker did not take the order: ${outcome.error.message}`
      await commit('order.closed', { orderId, accountId, status: 'failed', reason })
      await this.verify(accountId, orderId, before, clock.now() - sent, limits)
      return err('BROKER_ERROR', reason, this.order(accountId, orderId))
    }
    return this.record(accountId, orderId, outcome.ack, clock.now() - sent, before)
  }

  /** Journals the broker's answer and its fills, closes the order when done, and verifies it. */
  private async record(
    accountId: string,
    orderId: string,
    ack: BrokerAck,
    confirmedAfterMs: number,
    before: AccountView,
  ): Promise<Result<Order>> {
    const { commit } = this.deps
    const limits = this.deps.accounts.limits(accountId)
    if (ack.status === 'rejected') {
      const reason = `The broker rejected the order: ${ack.reason ?? 'no reason given'}`
      await commit('order.closed', { orderId, accountId, status: 'failed', reason })
      await this.verify(accountId, orderId, before, confirmedAfterMs, limits)
      return err('BROKER_ERROR', reason, this.order(accountId, orderId))
    }
    await commit('order.accepted', { orderId, accountId, brokerOrderId: ack.brokerOrderId })
    for (const fill of ack.fills) await commit('order.fill', { ...fill, orderId, accountId })
    const order = this.order(accountId, orderId)
    if (dec(order.filledQuantity).equals(dec(order.quantity))) {
      await commit('order.closed', { orderId, accountId, status: 'filled', reason: null })
    }
    await this.verify(accountId, orderId, before, confirmedAfterMs, limits)
    return ok(this.order(accountId, orderId))
  }

  /** Runs post-execution verification, journals every check, and alerts on a failure. */
  private async verify(
    accountId: string,
    orderId: string,
    before: AccountView,
    confirmedAfterMs: number | null,
    limits: RiskLimits,
  ): Promise<void> {
    const { ledger, broker, commit, accounts } = this.deps
    const order = this.order(accountId, orderId)
    let brokerQuantity: Decimal | null = null
    try {
      brokerQuantity = dec(await broker.positionOf(accountId, order.symbol))
    } catch {
      brokerQuantity = null
    }
    const result = verifyExecution({
      symbol: order.symbol,
      side: order.side,
      requested: dec(order.quantity),
      lotSize: dec(instrument(order.symbol).lotSize),
      expectedPrice: order.expectedPrice === null ? null : dec(order.expectedPrice),
      toleranceBps: limits.slippageToleranceBps,
      confirmedAfterMs,
      timeoutMs: limits.verificationTimeoutMs,
      status: order.status,
      fills: ledger.fillsOf(accountId, orderId).map((f) => ({
        quantity: dec(f.quantity),
        price: dec(f.price),
        fee: dec(f.fee),
      })),
      before: { cash: dec(before.balance), positionQuantity: dec(before.positionQuantity) },
      after: {
        cash: ledger.cash(accountId),
        positionQuantity: ledger.positionQuantity(accountId, order.symbol),
      },
      brokerQuantity,
    })
    const after = this.view(accountId, order.symbol)
    await commit('order.verified', {
      orderId,
      accountId,
      passed: result.passed,
      partial: result.partial,
      checks: result.checks,
      slippageBps: result.slippageBps,
      post: {
        ...after,
        trackerUpdated: result.checks.some((c) => c.name === 'tracker_updated' && c.passed),
      },
    })
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
  }

  /**
   * Orders left neither filled nor rejected by a crash: the paper exchange kept no memory of
   * them, so they are closed as failed, with the reason on record.
   */
  async failInterrupted(): Promise<number> {
    const interrupted = this.deps.ledger
      .orders()
      .filter((o) => o.status === 'pending' || o.status === 'open')
    for (const o of interrupted.reverse()) {
      await this.deps.commit('order.closed', {
        orderId: o.id,
        accountId: o.accountId,
        status: 'failed',
        reason:
          'Vigil stopped before the broker confirmed this order; the paper exchange did not execute it.',
      })
    }
    return interrupted.length
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
