/**
 * The life of an order: intent (durable before anything else), gate, route to the broker,
 * fills. Orders of one account go through one at a time, so the gate always decides on a
 * ledger that already includes every earlier order of that account.
 */
import type { CommandPayload } from '../../../shared/contract'
import { err, ok, type Result } from '../../../shared/result'
import type { Order, OrderEstimate, OrderSource } from '../../../shared/types'
import { dec, str, toCents } from '../core/decimal'
import type { Broker } from '../brokers/broker'
import type { RecordPayloads, RecordType } from '../journal/records'
import type { Ledger } from '../ledger/ledger'
import type { MarketSimulator } from '../market/simulator'
import { evaluateGate } from './gate'

/** Appends a record durably and folds it into the ledger; resolves when both are done. */
export type Commit = <T extends RecordType>(type: T, payload: RecordPayloads[T]) => Promise<void>

/** Collaborators of the order service. */
export interface OrderServiceDeps {
  readonly ledger: Ledger
  readonly market: MarketSimulator
  readonly broker: Broker
  readonly commit: Commit
  /** The seq the next journal record will get: used to mint order ids. */
  readonly nextSeq: () => number
}

/** Places and tracks orders. */
export class OrderService {
  private readonly queues = new Map<string, Promise<unknown>>()

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

  /** Submits an order intent; resolves when the order is terminal or rejected. */
  submit(
    accountId: string,
    payload: CommandPayload<'orders:submit'>,
    source: OrderSource,
  ): Promise<Result<Order>> {
    return this.serialize(accountId, () => this.place(accountId, payload, source))
  }

  private async place(
    accountId: string,
    payload: CommandPayload<'orders:submit'>,
    source: OrderSource,
  ): Promise<Result<Order>> {
    const { ledger, market, broker, commit } = this.deps
    const orderId = `ord-${this.deps.nextSeq()}`
    const clientOrderId = payload.clientOrderId ?? `vigil-${orderId}`
    const existing = ledger.findOrder(accountId, clientOrderId)
    if (existing) return sameOrder(existing, payload)

    const quote = market.quote(payload.symbol)
    const feeRate = broker.takerFeeRate(accountId)
    const decision = evaluateGate({
      symbol: payload.symbol,
      side: payload.side,
      quantity: payload.quantity,
      quote,
      feeRate,
      availableCash: ledger.availableCash(accountId),
      availableQuantity: ledger.availableQuantity(accountId, payload.symbol),
    })

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
    })
    if (!decision.passed) return rejected(this.order(accountId, orderId))

    let ack
    try {
      ack = await broker.placeOrder({
        accountId,
        clientOrderId,
        symbol: payload.symbol,
        side: payload.side,
        type: payload.type,
        quantity: payload.quantity,
      })
    } catch (error) {
      const reason = `The broker did not take the order: ${(error as Error).message}`
      await commit('order.closed', { orderId, accountId, status: 'failed', reason })
      return err('BROKER_ERROR', reason, this.order(accountId, orderId))
    }
    if (ack.status === 'rejected') {
      const reason = `The broker rejected the order: ${ack.reason ?? 'no reason given'}`
      await commit('order.closed', { orderId, accountId, status: 'failed', reason })
      return err('BROKER_ERROR', reason, this.order(accountId, orderId))
    }
    await commit('order.accepted', { orderId, accountId, brokerOrderId: ack.brokerOrderId })
    for (const fill of ack.fills) {
      await commit('order.fill', { ...fill, orderId, accountId })
    }
    const order = this.order(accountId, orderId)
    if (dec(order.filledQuantity).equals(dec(order.quantity))) {
      await commit('order.closed', { orderId, accountId, status: 'filled', reason: null })
    }
    return ok(this.order(accountId, orderId))
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
