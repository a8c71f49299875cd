/**
 * The ledger: orders, fills, positions and balances per account, folded from journal records.
 * Applying the same records in the same order always yields the same ledger, so it can be
 * rebuilt from the journal at any time and checked against it.
 */
import {
  type Account,
  type Balance,
  type Fill,
  type MarketSymbol,
  type Order,
  type OrderStatus,
  type Position,
  TERMINAL_STATUSES,
} from '../../../shared/types'
import { type Decimal, ZERO, dec, str } from '../core'
import { describeChecks, type JournalRecord, type Fold } from '../journal'
import type { EngineEvent } from '../../../shared/contract'

/** What a record changed, for the event bus. */
export type LedgerChange =
  | { kind: 'order'; order: Order }
  | { kind: 'fill'; fill: Fill }
  | { kind: 'position'; position: Position }
  | { kind: 'balance'; balance: Balance }

interface PositionState {
  quantity: Decimal
  averagePrice: Decimal
  realizedPnl: Decimal
}

interface OrderState {
  order: Order
  reserved: Decimal
  /** The fills of a working order (dropped when it ends: the account's list keeps them). */
  fills: Fill[] | null
  /** The journal seq of the order's intent. */
  seq: number
  /** The journal seq of the record that ended the order; null while it works. */
  closedSeq: number | null
}

interface AccountState {
  account: Account
  cash: Decimal
  reserved: Decimal
  positions: Map<MarketSymbol, PositionState>
  orders: Map<string, OrderState>
  byClientId: Map<string, string>
  fills: Fill[]
  /** The journal seq of each fill's record, parallel to `fills`. */
  fillSeqs: number[]
  /** Running total of realized PnL after each fill, parallel to `fills`. */
  realizedTotals: Decimal[]
  /** Ids of orders not yet terminal. */
  working: Set<string>
  /** An exchange account's opening balances were adopted from the exchange. */
  synced: boolean
}

/** The serialized ledger, as kept in the state snapshot. */
export interface LedgerState {
  readonly accounts: readonly {
    readonly account: Account
    readonly cash: string
    readonly positions: readonly Position[]
    readonly orders: readonly {
      readonly order: Order
      readonly reserved: string
      /** The seq of its intent, and of the record that ended it (absent in older snapshots). */
      readonly seq?: number
      readonly closedSeq?: number
    }[]
    readonly fills: readonly Fill[]
    /** Each fill's journal seq, parallel to `fills` (absent in older snapshots). */
    readonly fillSeqs?: readonly number[]
    readonly synced?: boolean
  }[]
}

/** Orders, fills, positions and balances of every account. */
export class Ledger {
  private readonly accounts = new Map<string, AccountState>()

  /** Applies one journal record; returns what changed. Throws on an impossible record. */
  apply(record: JournalRecord): LedgerChange[] {
    switch (record.type) {
      case 'account.opened': {
        const p = record.payload
        if (this.accounts.has(p.accountId))
          throw new Error(`Account ${p.accountId} opened twice (seq ${record.seq})`)
        const state: AccountState = {
          account: {
            id: p.accountId,
            name: p.name,
            kind: p.kind,
            quoteAsset: p.quoteAsset,
            createdAt: record.ts,
            ...accountDefaults(p.kind),
            ...(p.exchangeId === undefined ? {} : { exchangeId: p.exchangeId }),
            ...(p.sandbox === undefined ? {} : { sandbox: p.sandbox }),
            ...(p.priceSource === undefined ? {} : { priceSource: p.priceSource }),
            ...(p.strategiesAllowed === undefined
              ? {}
              : { strategiesAllowed: p.strategiesAllowed }),
          },
          cash: dec(p.initialBalance),
          reserved: ZERO,
          positions: new Map(),
          orders: new Map(),
          byClientId: new Map(),
          fills: [],
          fillSeqs: [],
          realizedTotals: [],
          working: new Set(),
          synced: false,
        }
        this.accounts.set(p.accountId, state)
        return [{ kind: 'balance', balance: this.balanceOf(state) }]
      }
      case 'order.intent': {
        const p = record.payload
        const acc = this.account(p.accountId, record.seq)
        const order: Order = {
          id: p.orderId,
          clientOrderId: p.clientOrderId,
          accountId: p.accountId,
          symbol: p.symbol,
          side: p.side,
          type: p.type,
          quantity: p.quantity,
          limitPrice: p.limitPrice ?? null,
          source: p.source,
          status: 'pending',
          filledQuantity: '0',
          averagePrice: null,
          fee: '0',
          expectedPrice: p.expectedPrice,
          createdAt: record.ts,
          updatedAt: record.ts,
          checks: [],
          reason: null,
          seq: record.seq,
        }
        acc.orders.set(order.id, {
          order,
          reserved: ZERO,
          fills: [],
          seq: record.seq,
          closedSeq: null,
        })
        acc.byClientId.set(order.clientOrderId, order.id)
        acc.working.add(order.id)
        return [{ kind: 'order', order }]
      }
      case 'order.gate': {
        const p = record.payload
        const acc = this.account(p.accountId, record.seq)
        const state = this.orderState(acc, p.orderId, record.seq)
        const checks = describeChecks(p.checks, state.order)
        if (p.passed) {
          const reserved = dec(p.reserved)
          state.reserved = reserved
          acc.reserved = acc.reserved.plus(reserved)
          state.order = { ...state.order, checks, updatedAt: record.ts }
          return [
            { kind: 'order', order: state.order },
            { kind: 'balance', balance: this.balanceOf(acc) },
          ]
        }
        const failed = checks.filter((c) => !c.passed).map((c) => c.message)
        acc.working.delete(p.orderId)
        state.fills = null
        state.closedSeq = record.seq
        state.order = {
          ...state.order,
          checks,
          status: 'rejected',
          reason: failed.join(' ') || 'Rejected by the pre-execution gate.',
          updatedAt: record.ts,
        }
        return [{ kind: 'order', order: state.order }]
      }
      case 'order.accepted': {
        const p = record.payload
        const state = this.orderState(this.account(p.accountId, record.seq), p.orderId, record.seq)
        if (state.order.status === 'pending')
          state.order = { ...state.order, status: 'open', updatedAt: record.ts }
        return [{ kind: 'order', order: state.order }]
      }
      case 'order.fill':
        return this.applyFill(record)
      case 'account.synced': {
        const p = record.payload
        const acc = this.account(p.accountId, record.seq)
        if (acc.synced || acc.orders.size > 0)
          throw new Error(
            `Account ${p.accountId} synced twice or after trading (seq ${record.seq})`,
          )
        acc.synced = true
        acc.cash = dec(p.cash)
        const changes: LedgerChange[] = [{ kind: 'balance', balance: this.balanceOf(acc) }]
        for (const h of p.positions) {
          const pos = { quantity: dec(h.quantity), averagePrice: dec(h.price), realizedPnl: ZERO }
          acc.positions.set(h.symbol, pos)
          changes.push({ kind: 'position', position: this.positionOf(acc, h.symbol, pos) })
        }
        return changes
      }
      case 'account.updated': {
        const acc = this.account(record.payload.accountId, record.seq)
        acc.account = { ...acc.account, ...record.payload.new }
        return []
      }
      case 'reconcile.resolved':
        return this.adjust(record)
      case 'reconcile.finding':
      case 'drill.completed':
      case 'equity.closed':
      case 'alert.raised':
      case 'alert.updated':
      case 'snapshot.written':
      case 'alerts.settings':
      case 'reports.settings':
      case 'trading.state':
      case 'order.verified':
      case 'order.malformed':
      case 'settings.changed':
        return []
      case 'order.closed': {
        const p = record.payload
        const acc = this.account(p.accountId, record.seq)
        const state = this.orderState(acc, p.orderId, record.seq)
        acc.reserved = acc.reserved.minus(state.reserved)
        state.reserved = ZERO
        acc.working.delete(p.orderId)
        state.fills = null
        state.closedSeq ??= record.seq
        state.order = { ...state.order, status: p.status, reason: p.reason, updatedAt: record.ts }
        return [
          { kind: 'order', order: state.order },
          { kind: 'balance', balance: this.balanceOf(acc) },
        ]
      }
    }
  }

  /** Sets cash or a position to what the broker holds, as the operator chose in reconciliation. */
  private adjust(record: Extract<JournalRecord, { type: 'reconcile.resolved' }>): LedgerChange[] {
    const { accountId, adjust } = record.payload
    if (!adjust) return []
    const acc = this.account(accountId, record.seq)
    const changes: LedgerChange[] = []
    if (adjust.cash !== undefined) {
      acc.cash = dec(adjust.cash)
      changes.push({ kind: 'balance', balance: this.balanceOf(acc) })
    }
    if (adjust.position) {
      const { symbol, quantity, price } = adjust.position
      const pos = acc.positions.get(symbol) ?? {
        quantity: ZERO,
        averagePrice: ZERO,
        realizedPnl: ZERO,
      }
      const next = dec(quantity)
      if (next.isNegative()) throw new Error(`Negative position adjustment at seq ${record.seq}`)
      // Added quantity costs `price`; removed quantity leaves the average where it was.
      if (next.greaterThan(pos.quantity))
        pos.averagePrice = pos.averagePrice
          .times(pos.quantity)
          .plus(next.minus(pos.quantity).times(price))
          .dividedBy(next)
      pos.quantity = next
      if (next.isZero()) pos.averagePrice = ZERO
      acc.positions.set(symbol, pos)
      changes.push({ kind: 'position', position: this.positionOf(acc, symbol, pos) })
    }
    return changes
  }

  private applyFill(record: Extract<JournalRecord, { type: 'order.fill' }>): LedgerChange[] {
    const p = record.payload
    const acc = this.account(p.accountId, record.seq)
    const state = this.orderState(acc, p.orderId, record.seq)
    const order = state.order
    if (TERMINAL_STATUSES.includes(order.status) && p.adopted !== true) {
      throw new Error(
        `Fill ${p.fillId} for order ${order.id} which is already ${order.status} (seq ${record.seq})`,
      )
    }
    // Each execution is journaled once (the order service records only fills it has not):
    // a repeat is corruption, reported, never booked twice or skipped.
    const known = state.fills ?? acc.fills.filter((f) => f.orderId === order.id)
    if (known.some((f) => f.id === p.fillId))
      throw new Error(
        `Fill ${p.fillId} of order ${order.id} is recorded a second time at seq ${record.seq}: the journal is corrupt`,
      )
    const qty = dec(p.quantity)
    const price = dec(p.price)
    const fee = dec(p.fee)
    if (
      !qty.isPositive() ||
      qty.isZero() ||
      !price.isPositive() ||
      price.isZero() ||
      fee.isNegative()
    ) {
      throw new Error(`Impossible fill ${p.fillId} at seq ${record.seq}`)
    }
    const filledBefore = dec(order.filledQuantity)
    const filled = filledBefore.plus(qty)
    if (filled.greaterThan(dec(order.quantity))) {
      throw new Error(`Order ${order.id} overfilled at seq ${record.seq}`)
    }
    const notional = qty.times(price)
    // From the exact notional of every fill, rounded once: a running average of rounded
    // averages drifts from the volume-weighted price the audit trail reports.
    const notionalBefore = this.fillsOfOrder(p.accountId, order.id).reduce(
      (sum, f) => sum.plus(dec(f.quantity).times(f.price)),
      ZERO,
    )
    const average = notionalBefore.plus(notional).dividedBy(filled)

    const pos = acc.positions.get(order.symbol) ?? {
      quantity: ZERO,
      averagePrice: ZERO,
      realizedPnl: ZERO,
    }
    const realizedBefore = pos.realizedPnl
    if (order.side === 'buy') {
      acc.cash = acc.cash.minus(notional).minus(fee)
      const newQty = pos.quantity.plus(qty)
      pos.averagePrice = pos.averagePrice.times(pos.quantity).plus(notional).dividedBy(newQty)
      pos.quantity = newQty
      pos.realizedPnl = pos.realizedPnl.minus(fee)
    } else {
      if (qty.greaterThan(pos.quantity)) {
        throw new Error(
          `Sell fill ${p.fillId} exceeds the ${order.symbol} position (seq ${record.seq})`,
        )
      }
      acc.cash = acc.cash.plus(notional).minus(fee)
      pos.realizedPnl = pos.realizedPnl.plus(price.minus(pos.averagePrice).times(qty)).minus(fee)
      pos.quantity = pos.quantity.minus(qty)
      if (pos.quantity.isZero()) pos.averagePrice = ZERO
    }
    acc.positions.set(order.symbol, pos)

    const fill: Fill = {
      id: p.fillId,
      orderId: order.id,
      clientOrderId: order.clientOrderId,
      accountId: order.accountId,
      symbol: order.symbol,
      side: order.side,
      quantity: p.quantity,
      price: p.price,
      fee: p.fee,
      feeAsset: p.feeAsset,
      liquidity: p.liquidity,
      ts: p.ts,
      realizedPnl: str(pos.realizedPnl.minus(realizedBefore).toDecimalPlaces(8)),
      seq: record.seq,
    }
    acc.fills.push(fill)
    acc.fillSeqs.push(record.seq)
    state.fills?.push(fill)
    acc.realizedTotals.push(
      (acc.realizedTotals.at(-1) ?? ZERO).plus(pos.realizedPnl.minus(realizedBefore)),
    )
    state.order = {
      ...order,
      filledQuantity: str(filled),
      averagePrice: str(average.toDecimalPlaces(8)),
      fee: str(dec(order.fee).plus(fee)),
      updatedAt: record.ts,
    }
    return [
      { kind: 'fill', fill },
      { kind: 'order', order: state.order },
      { kind: 'position', position: this.positionOf(acc, order.symbol, pos) },
      { kind: 'balance', balance: this.balanceOf(acc) },
    ]
  }

  private account(id: string, seq: number): AccountState {
    const acc = this.accounts.get(id)
    if (!acc) throw new Error(`Record seq ${seq} names unknown account ${id}`)
    return acc
  }

  private orderState(acc: AccountState, orderId: string, seq: number): OrderState {
    const state = acc.orders.get(orderId)
    if (!state) throw new Error(`Record seq ${seq} names unknown order ${orderId}`)
    return state
  }

  private balanceOf(acc: AccountState): Balance {
    return {
      accountId: acc.account.id,
      asset: acc.account.quoteAsset,
      total: str(acc.cash),
      available: str(acc.cash.minus(acc.reserved)),
    }
  }

  private positionOf(acc: AccountState, symbol: MarketSymbol, pos: PositionState): Position {
    return {
      accountId: acc.account.id,
      symbol,
      quantity: str(pos.quantity),
      averagePrice: str(pos.averagePrice.toDecimalPlaces(8)),
      realizedPnl: str(pos.realizedPnl.toDecimalPlaces(8)),
    }
  }

  /** Whether the account exists. */
  hasAccount(id: string): boolean {
    return this.accounts.has(id)
  }

  /** Every account, oldest first. */
  /** Whether an exchange account's opening balances were adopted from its exchange. */
  isSynced(accountId: string): boolean {
    return this.accounts.get(accountId)?.synced ?? false
  }

  /** An account by id. */
  getAccount(id: string): Account | undefined {
    return this.accounts.get(id)?.account
  }

  listAccounts(): Account[] {
    return [...this.accounts.values()].map((a) => a.account)
  }

  /** The quote-asset balance of an account. */
  balance(accountId: string): Balance | undefined {
    const acc = this.accounts.get(accountId)
    return acc && this.balanceOf(acc)
  }

  /** Cash an order may still spend: total less what open orders reserve. */
  availableCash(accountId: string): Decimal {
    const acc = this.accounts.get(accountId)
    return acc ? acc.cash.minus(acc.reserved) : ZERO
  }

  /** Quantity of a symbol held, less what open sell orders will take. */
  availableQuantity(accountId: string, symbol: MarketSymbol): Decimal {
    const acc = this.accounts.get(accountId)
    if (!acc) return ZERO
    let held = acc.positions.get(symbol)?.quantity ?? ZERO
    for (const id of acc.working) {
      const order = (acc.orders.get(id) as OrderState).order
      if (order.symbol === symbol && order.side === 'sell') {
        held = held.minus(dec(order.quantity).minus(dec(order.filledQuantity)))
      }
    }
    return held
  }

  /** Cash of an account's quote asset. */
  cash(accountId: string): Decimal {
    return this.accounts.get(accountId)?.cash ?? ZERO
  }

  /** What an account holds, symbol by symbol (non-zero only). */
  holdings(accountId: string): { symbol: MarketSymbol; quantity: Decimal }[] {
    const acc = this.accounts.get(accountId)
    if (!acc) return []
    return [...acc.positions]
      .filter(([, p]) => !p.quantity.isZero())
      .map(([symbol, p]) => ({ symbol, quantity: p.quantity }))
  }

  /** Quantity of one symbol an account holds. */
  positionQuantity(accountId: string, symbol: MarketSymbol): Decimal {
    return this.accounts.get(accountId)?.positions.get(symbol)?.quantity ?? ZERO
  }

  /** Orders of an account not yet terminal. */
  workingOrders(accountId: string): Order[] {
    const acc = this.accounts.get(accountId)
    if (!acc) return []
    return [...acc.working].map((id) => (acc.orders.get(id) as OrderState).order)
  }

  /** Realized PnL of an account's fills at or after `since` (net of fees). */
  realizedSince(accountId: string, since: number): Decimal {
    const acc = this.accounts.get(accountId)
    if (!acc || acc.fills.length === 0) return ZERO
    // Fills are in time order: find the first at or after `since`.
    let lo = 0
    let hi = acc.fills.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((acc.fills[mid] as Fill).ts < since) lo = mid + 1
      else hi = mid
    }
    const total = acc.realizedTotals.at(-1) ?? ZERO
    return lo === 0 ? total : total.minus(acc.realizedTotals[lo - 1] as Decimal)
  }

  /** Every balance. */
  balances(): Balance[] {
    return [...this.accounts.values()].map((a) => this.balanceOf(a))
  }

  /** Positions with a non-zero quantity (or realized history), all accounts. */
  positions(): Position[] {
    const out: Position[] = []
    for (const acc of this.accounts.values()) {
      for (const [symbol, pos] of acc.positions) {
        if (!pos.quantity.isZero()) out.push(this.positionOf(acc, symbol, pos))
      }
    }
    return out
  }

  /** Finds an order by its id or its client order id. */
  findOrder(accountId: string, id: string): Order | undefined {
    const acc = this.accounts.get(accountId)
    if (!acc) return undefined
    const byId = acc.orders.get(id) ?? acc.orders.get(acc.byClientId.get(id) ?? '')
    return byId?.order
  }

  /** The fills recorded so far for a working order (empty once it has ended). */
  orderFills(accountId: string, orderId: string): readonly Fill[] {
    return this.accounts.get(accountId)?.orders.get(orderId)?.fills ?? []
  }

  /**
   * Every fill the ledger holds for an order, working or ended (the order's own list is dropped
   * when it ends, so an ended order's fills are read from the account's list).
   */
  fillsOfOrder(accountId: string, orderId: string): readonly Fill[] {
    const acc = this.accounts.get(accountId)
    if (!acc) return []
    return acc.orders.get(orderId)?.fills ?? acc.fills.filter((f) => f.orderId === orderId)
  }

  /** Finds an order by id in any account. */
  findOrderAnywhere(id: string): Order | undefined {
    for (const acc of this.accounts.values()) {
      const found = this.findOrder(acc.account.id, id)
      if (found) return found
    }
    return undefined
  }

  /** Orders of an account (or all), newest first (by the journal order of their intents). */
  orders(accountId?: string, limit = Number.POSITIVE_INFINITY): Order[] {
    const lists = [...this.accounts.values()]
      .filter((acc) => !accountId || acc.account.id === accountId)
      .map((acc) => {
        // Insertion order is journal order.
        const states = [...acc.orders.values()]
        return { items: states.map((o) => o.order), seqs: states.map((o) => o.seq) }
      })
    return newestBySeq(lists, limit)
  }

  /** Fills of an account (or all), newest first. */
  fills(accountId?: string, limit = Number.POSITIVE_INFINITY): Fill[] {
    const lists = [...this.accounts.values()]
      .filter((acc) => !accountId || acc.account.id === accountId)
      .map((acc) => ({ items: acc.fills, seqs: acc.fillSeqs }))
    return newestBySeq(lists, limit)
  }

  /**
   * Fills of an account (or all) in journal order, oldest first: the order they happened in,
   * which a timestamp cannot tell (a book walk makes several fills at the same millisecond).
   */
  fillsInJournalOrder(accountId?: string): Fill[] {
    const lists = [...this.accounts.values()].filter(
      (acc) => !accountId || acc.account.id === accountId,
    )
    return mergeBySeq(lists.map((acc) => ({ items: acc.fills, seqs: acc.fillSeqs })))
  }

  /** Orders that have ended (of an account, or all), in the journal order of their ending. */
  endedOrders(accountId?: string): Order[] {
    const lists = [...this.accounts.values()]
      .filter((acc) => !accountId || acc.account.id === accountId)
      .map((acc) => {
        const ended = [...acc.orders.values()].filter((o) => o.closedSeq !== null)
        // Stable: orders from an older snapshot (all seq 0) keep their journal order.
        ended.sort((a, b) => (a.closedSeq as number) - (b.closedSeq as number))
        return { items: ended.map((o) => o.order), seqs: ended.map((o) => o.closedSeq as number) }
      })
    return mergeBySeq(lists)
  }

  /** The ledger as plain data, for the snapshot. */
  toState(): LedgerState {
    return {
      accounts: [...this.accounts.values()].map((acc) => ({
        account: acc.account,
        cash: str(acc.cash),
        positions: [...acc.positions].map(([symbol, pos]) => ({
          accountId: acc.account.id,
          symbol,
          quantity: str(pos.quantity),
          averagePrice: str(pos.averagePrice),
          realizedPnl: str(pos.realizedPnl),
        })),
        orders: [...acc.orders.values()].map((o) => ({
          order: o.order,
          reserved: str(o.reserved),
          seq: o.seq,
          ...(o.closedSeq === null ? {} : { closedSeq: o.closedSeq }),
        })),
        fills: acc.fills,
        fillSeqs: acc.fillSeqs,
        synced: acc.synced,
      })),
    }
  }

  /** Rebuilds a ledger from a snapshot's plain data. */
  static fromState(state: LedgerState): Ledger {
    const ledger = new Ledger()
    for (const a of state.accounts) {
      const fillSeqs = seqsOf(a.fills, a.fillSeqs)
      const acc: AccountState = {
        // Snapshots from before several accounts existed lack the newer settings.
        account: { ...accountDefaults(a.account.kind), ...a.account },
        cash: dec(a.cash),
        reserved: ZERO,
        positions: new Map(),
        orders: new Map(),
        byClientId: new Map(),
        // An older snapshot's fills lack their seq on the wire too.
        fills: a.fills.map((f, i) => ({ ...f, seq: fillSeqs[i] as number })),
        fillSeqs,
        realizedTotals: [],
        working: new Set(),
        synced: a.synced ?? false,
      }
      let running = ZERO
      for (const f of a.fills) {
        running = running.plus(f.realizedPnl ?? '0')
        acc.realizedTotals.push(running)
      }
      for (const p of a.positions) {
        acc.positions.set(p.symbol, {
          quantity: dec(p.quantity),
          averagePrice: dec(p.averagePrice),
          realizedPnl: dec(p.realizedPnl),
        })
      }
      for (const o of a.orders) {
        const reserved = dec(o.reserved)
        const working = isWorking(o.order.status)
        // An older snapshot did not keep them: 0 puts those orders first, in journal order.
        const seq = o.seq ?? 0
        acc.orders.set(o.order.id, {
          order: { ...o.order, seq },
          reserved,
          fills: working ? [] : null,
          seq,
          closedSeq: working ? null : (o.closedSeq ?? 0),
        })
        acc.byClientId.set(o.order.clientOrderId, o.order.id)
        acc.reserved = acc.reserved.plus(reserved)
        if (working) acc.working.add(o.order.id)
      }
      for (const f of acc.fills) acc.orders.get(f.orderId)?.fills?.push(f)
      ledger.accounts.set(a.account.id, acc)
    }
    return ledger
  }
}

/** The settings an account has when its record or snapshot predates them. */
function accountDefaults(
  kind: Account['kind'],
): Pick<Account, 'exchangeId' | 'sandbox' | 'priceSource' | 'strategiesAllowed'> {
  // Strategies run on paper accounts only, until the trader allows them elsewhere.
  return {
    exchangeId: null,
    sandbox: false,
    priceSource: 'simulator',
    strategiesAllowed: kind === 'paper',
  }
}

function isWorking(status: OrderStatus): boolean {
  return status === 'pending' || status === 'open'
}

/**
 * A snapshot's fill seqs. An older snapshot lacks them: 0 keeps each account's fills in their
 * journal order and before every later fill (how its accounts interleaved is not known).
 */
function seqsOf(fills: readonly Fill[], seqs: readonly number[] | undefined): number[] {
  return seqs && seqs.length === fills.length ? [...seqs] : fills.map(() => 0)
}

/** Merges lists each already in journal order into one, by seq. */
function mergeBySeq<T>(lists: readonly SeqList<T>[]): T[] {
  const out: T[] = []
  const at = lists.map(() => 0)
  for (;;) {
    let best = -1
    for (let l = 0; l < lists.length; l++) {
      const i = at[l] as number
      const list = lists[l] as SeqList<T>
      if (i >= list.items.length) continue
      const seq = list.seqs[i] as number
      if (best < 0 || seq < ((lists[best] as SeqList<T>).seqs[at[best] as number] as number))
        best = l
    }
    if (best < 0) return out
    const i = at[best] as number
    out.push((lists[best] as SeqList<T>).items[i] as T)
    at[best] = i + 1
  }
}

/** The newest `limit` items of lists each in journal order, newest first (the reverse merge). */
function newestBySeq<T>(lists: readonly SeqList<T>[], limit: number): T[] {
  const out: T[] = []
  const at = lists.map((l) => l.items.length - 1)
  while (out.length < limit) {
    let best = -1
    for (let l = 0; l < lists.length; l++) {
      const i = at[l] as number
      if (i < 0) continue
      const seq = (lists[l] as SeqList<T>).seqs[i] as number
      if (best < 0 || seq >= ((lists[best] as SeqList<T>).seqs[at[best] as number] as number))
        best = l
    }
    if (best < 0) break
    const i = at[best] as number
    out.push((lists[best] as SeqList<T>).items[i] as T)
    at[best] = i - 1
  }
  return out
}

/** Items with the journal seq of each, parallel, in journal order. */
interface SeqList<T> {
  readonly items: readonly T[]
  readonly seqs: readonly number[]
}

/** The event that tells the hosts of one ledger change. */
function toEvent(change: LedgerChange): EngineEvent {
  switch (change.kind) {
    case 'order':
      return { type: 'orders:updated', payload: change.order }
    case 'fill':
      return { type: 'fills:created', payload: change.fill }
    case 'position':
      return { type: 'ledger:position', payload: change.position }
    case 'balance':
      return { type: 'ledger:balance', payload: change.balance }
  }
}

/** The ledger as a fold of the journal. */
export const ledgerFold: Fold<Ledger, LedgerState> = {
  fromState: (state) => (state ? Ledger.fromState(state) : new Ledger()),
  toState: (ledger) => ledger.toState(),
  apply: (ledger, record) => ledger.apply(record).map(toEvent),
}
