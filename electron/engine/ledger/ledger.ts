/**
 * The ledger: orders, fills, positions and balances per account, folded from journal records.
 * Applying the same records in the same order always yields the same ledger, so it can be
 * rebuilt from the journal at any time and checked against it.
 *
 * It keeps what trading needs (balances, positions, working orders, today's realized PnL) and
 * a recent window of ended orders and fills; older ones are read through its archive (the
 * journal's index), so neither the ledger nor the snapshot grows with history.
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
import { describeChecks, type JournalRecord, type Fold, type StoredGateCheck } from '../journal'
import type { EngineEvent } from '../../../shared/contract'
import {
  acceptedOrder,
  closedOrder,
  filledOrder,
  gatedOrder,
  openedOrder,
  type ArchivedOrder,
} from './order-records'
import { TimeBuckets } from './time-buckets'
import { mergeBySeq, newestBySeq } from './seq-lists'

/** What a record changed, for the event bus. */
export type LedgerChange =
  | { kind: 'order'; order: Order }
  | { kind: 'fill'; fill: Fill }
  | { kind: 'position'; position: Position }
  | { kind: 'balance'; balance: Balance }

/** Ended orders and fills each account keeps in memory (at least what a list shows). */
const KEEP_RECENT = 1000

/** Where the ledger reads the orders and fills it no longer keeps: the journal's index. */
export interface OrderArchive {
  /** An order by its id or client order id, from its records before `beforeSeq`. */
  order(accountId: string, id: string, beforeSeq: number): ArchivedOrder | null
  /** An account's orders whose intent is at or before `upToSeq`, newest first. */
  orders(accountId: string, upToSeq: number, count: number): Order[]
  /** An account's fills recorded at or before `upToSeq`, newest first. */
  fills(accountId: string, upToSeq: number, count: number): Fill[]
}

/** How much the ledger keeps, and where it reads the rest. */
export interface LedgerOptions {
  /** Ended orders and fills kept per account (Infinity: all, for a one-off fold). */
  readonly keep?: number
  readonly archive?: OrderArchive | null
}

interface PositionState {
  quantity: Decimal
  averagePrice: Decimal
  realizedPnl: Decimal
}

interface OrderState {
  order: Order
  reserved: Decimal
  /** Its fills while it works (null once it ended: the account's list or the archive has them). */
  fills: Fill[] | null
  /** The journal seq of the order's intent. */
  seq: number
  /** The journal seq of the record that ended the order; null while it works. */
  closedSeq: number | null
  /** The gate's checks as journaled (codes and numbers): what the snapshot keeps of them. */
  gate: readonly StoredGateCheck[] | null
}

interface AccountState {
  account: Account
  cash: Decimal
  reserved: Decimal
  positions: Map<MarketSymbol, PositionState>
  /** Working orders and the recent ended ones, by id. */
  orders: Map<string, OrderState>
  byClientId: Map<string, string>
  /** The recent fills, in journal order, and each one's seq (parallel). */
  fills: Fill[]
  fillSeqs: number[]
  /** Ended orders kept. */
  ended: number
  /** Every ended order whose intent is at or before this seq has left memory (0: none). */
  ordersArchivedUpTo: number
  /** Every fill at or before this seq has left memory (0: none). */
  fillsArchivedUpTo: number
  /** Realized PnL by quarter hour, and traded notional by hour, of the last days. */
  realized: TimeBuckets
  volume: TimeBuckets
  /** What every fill ever did to cash: cash less this is what the account had before them. */
  fillCash: Decimal
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
      /** A working order's fills (absent in older snapshots: `fills` held them all). */
      readonly fills?: readonly Fill[]
      /** The gate's checks as journaled; the order's words are rendered from them on load. */
      readonly gate?: readonly StoredGateCheck[]
    }[]
    readonly fills: readonly Fill[]
    /** Each fill's journal seq, parallel to `fills` (absent in older snapshots). */
    readonly fillSeqs?: readonly number[]
    readonly synced?: boolean
    /** What has left memory (absent in older snapshots, which kept everything). */
    readonly ordersArchivedUpTo?: number
    readonly fillsArchivedUpTo?: number
    /** Realized PnL by quarter hour, and notional by hour, of the last days (absent in older snapshots). */
    readonly realized?: readonly (readonly [number, string])[]
    readonly volume?: readonly (readonly [number, string])[]
    /** What every fill did to cash (absent in older snapshots). */
    readonly fillCash?: string
  }[]
}

/** Orders, fills, positions and balances of every account. */
export class Ledger {
  private readonly accounts = new Map<string, AccountState>()
  private readonly keep: number
  private readonly archive: OrderArchive | null

  /** Kept at most: a tenth more than `keep`, so that they leave in batches. */
  private readonly most: number

  constructor(options: LedgerOptions = {}) {
    this.keep = options.keep ?? KEEP_RECENT
    this.most = this.keep + Math.ceil(this.keep / 10)
    this.archive = options.archive ?? null
  }

  /** Applies one journal record; returns what changed. Throws on an impossible record. */
  apply(record: JournalRecord): LedgerChange[] {
    switch (record.type) {
      case 'account.opened': {
        const p = record.payload
        if (this.accounts.has(p.accountId))
          throw new Error(`Account ${p.accountId} opened twice (seq ${record.seq})`)
        const state = newAccount(
          {
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
          dec(p.initialBalance),
        )
        this.accounts.set(p.accountId, state)
        return [{ kind: 'balance', balance: this.balanceOf(state) }]
      }
      case 'order.intent': {
        const acc = this.account(record.payload.accountId, record.seq)
        const order = openedOrder(record)
        acc.orders.set(order.id, {
          order,
          reserved: ZERO,
          fills: [],
          seq: record.seq,
          closedSeq: null,
          gate: null,
        })
        acc.byClientId.set(order.clientOrderId, order.id)
        acc.working.add(order.id)
        return [{ kind: 'order', order }]
      }
      case 'order.gate': {
        const p = record.payload
        const acc = this.account(p.accountId, record.seq)
        const state = this.orderState(acc, p.orderId, record.seq)
        state.order = gatedOrder(state.order, record)
        state.gate = p.checks
        if (p.passed) {
          state.reserved = dec(p.reserved)
          acc.reserved = acc.reserved.plus(state.reserved)
          return [
            { kind: 'order', order: state.order },
            { kind: 'balance', balance: this.balanceOf(acc) },
          ]
        }
        this.ended(acc, state, record.seq)
        return [{ kind: 'order', order: state.order }]
      }
      case 'order.accepted': {
        const p = record.payload
        const state = this.orderState(this.account(p.accountId, record.seq), p.orderId, record.seq)
        state.order = acceptedOrder(state.order, record)
        return [{ kind: 'order', order: state.order }]
      }
      case 'order.fill':
        return this.applyFill(record)
      case 'account.synced': {
        const p = record.payload
        const acc = this.account(p.accountId, record.seq)
        if (acc.synced || acc.orders.size > 0 || acc.ordersArchivedUpTo > 0)
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
      case 'alerts.channel':
      case 'alerts.delivery':
      case 'reports.settings':
      case 'trading.state':
      case 'order.verified':
      case 'order.malformed':
      case 'settings.changed':
      case 'bot.seen':
      case 'bot.heartbeat':
      case 'bot.quiet':
      case 'bot.settings':
      case 'bot.resumed':
      case 'fees.tier_changed':
      case 'engine.started':
      case 'engine.heartbeat':
      case 'engine.stopped':
      case 'health.failed':
      case 'validation.plan':
      case 'validation.item':
      case 'validation.item_checked':
      case 'validation.signed_off':
        return []
      case 'order.closed': {
        const p = record.payload
        const acc = this.account(p.accountId, record.seq)
        const state = this.orderState(acc, p.orderId, record.seq)
        acc.reserved = acc.reserved.minus(state.reserved)
        state.reserved = ZERO
        state.order = closedOrder(state.order, record)
        this.ended(acc, state, record.seq)
        return [
          { kind: 'order', order: state.order },
          { kind: 'balance', balance: this.balanceOf(acc) },
        ]
      }
    }
  }

  /** A copy that goes on on its own (the same window and archive). */
  copy(): Ledger {
    return Ledger.fromState(this.toState(), { keep: this.keep, archive: this.archive })
  }

  /** An order ended at `seq`: it stays among the recent ones until newer ones push it out. */
  private ended(acc: AccountState, state: OrderState, seq: number): void {
    if (state.closedSeq === null) {
      acc.working.delete(state.order.id)
      acc.ended += 1
    }
    state.fills = null
    state.closedSeq ??= seq
    // Pushed out in batches, oldest intents first: a list of the newest orders stays whole.
    if (acc.ended > this.most) this.forgetOrders(acc, acc.ended - this.keep)
  }

  private forgetOrders(acc: AccountState, count: number): void {
    const old = [...acc.orders.values()]
      // Orders of a snapshot older than seqs (seq 0) cannot be found by seq: they stay.
      .filter((o) => o.closedSeq !== null && o.seq > 0)
      .sort((a, b) => a.seq - b.seq)
      .slice(0, count)
    for (const o of old) {
      acc.orders.delete(o.order.id)
      if (acc.byClientId.get(o.order.clientOrderId) === o.order.id)
        acc.byClientId.delete(o.order.clientOrderId)
      acc.ordersArchivedUpTo = Math.max(acc.ordersArchivedUpTo, o.seq)
    }
    acc.ended -= old.length
  }

  private rememberFill(acc: AccountState, fill: Fill, seq: number): void {
    acc.fills.push(fill)
    acc.fillSeqs.push(seq)
    if (acc.fills.length <= this.most) return
    const drop = acc.fills.length - this.keep
    acc.fillsArchivedUpTo = acc.fillSeqs[drop - 1] as number
    acc.fills.splice(0, drop)
    acc.fillSeqs.splice(0, drop)
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
    const qty = dec(p.quantity)
    const price = dec(p.price)
    const fee = dec(p.fee)
    const pos = acc.positions.get(order.symbol) ?? {
      quantity: ZERO,
      averagePrice: ZERO,
      realizedPnl: ZERO,
    }
    const realized =
      order.side === 'buy' ? fee.negated() : price.minus(pos.averagePrice).times(qty).minus(fee)
    // Checked (and the order's average worked out) before anything changes.
    const earlier = state.fills ?? this.endedFills(acc, order.id, record.seq)
    const next = filledOrder(order, earlier, record, realized)
    if (order.side === 'sell' && qty.greaterThan(pos.quantity))
      throw new Error(
        `Sell fill ${p.fillId} exceeds the ${order.symbol} position (seq ${record.seq})`,
      )
    const notional = qty.times(price)
    const cashBefore = acc.cash
    if (order.side === 'buy') {
      acc.cash = acc.cash.minus(notional).minus(fee)
      const newQty = pos.quantity.plus(qty)
      pos.averagePrice = pos.averagePrice.times(pos.quantity).plus(notional).dividedBy(newQty)
      pos.quantity = newQty
    } else {
      acc.cash = acc.cash.plus(notional).minus(fee)
      pos.quantity = pos.quantity.minus(qty)
      if (pos.quantity.isZero()) pos.averagePrice = ZERO
    }
    pos.realizedPnl = pos.realizedPnl.plus(realized)
    acc.positions.set(order.symbol, pos)
    state.fills?.push(next.fill)
    state.order = next.order
    this.rememberFill(acc, next.fill, record.seq)
    acc.fillCash = acc.fillCash.plus(acc.cash.minus(cashBefore))
    acc.realized.add(p.ts, realized)
    acc.volume.add(p.ts, notional)
    return [
      { kind: 'fill', fill: next.fill },
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

  /** The order a record names: kept, or brought back from the archive (a fill adopted late). */
  private orderState(acc: AccountState, orderId: string, seq: number): OrderState {
    const kept = acc.orders.get(orderId)
    if (kept) return kept
    const archived = this.archive?.order(acc.account.id, orderId, seq)
    if (!archived || archived.order.id !== orderId)
      throw new Error(`Record seq ${seq} names unknown order ${orderId}`)
    const state: OrderState = {
      order: archived.order,
      reserved: ZERO,
      fills: archived.closedSeq === null ? [...archived.fills] : null,
      seq: archived.order.seq,
      closedSeq: archived.closedSeq,
      gate: null,
    }
    acc.orders.set(orderId, state)
    if (state.closedSeq === null) acc.working.add(orderId)
    else acc.ended += 1
    return state
  }

  /**
   * The fills of an ended order recorded before `beforeSeq`: from the account's recent fills
   * while they hold every fill, else from the archive.
   */
  private endedFills(acc: AccountState, orderId: string, beforeSeq: number): readonly Fill[] {
    const recent = acc.fills.filter((f) => f.orderId === orderId && f.seq < beforeSeq)
    if (acc.fillsArchivedUpTo === 0 || !this.archive) return recent
    return this.archive.order(acc.account.id, orderId, beforeSeq)?.fills ?? recent
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

  /** Whether an exchange account's opening balances were adopted from its exchange. */
  isSynced(accountId: string): boolean {
    return this.accounts.get(accountId)?.synced ?? false
  }

  /** An account by id. */
  getAccount(id: string): Account | undefined {
    return this.accounts.get(id)?.account
  }

  /** Every account, oldest first. */
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

  /** The cash an account had before any of its fills (its capital, with any adjustments). */
  cashBeforeFills(accountId: string): Decimal {
    const acc = this.accounts.get(accountId)
    return acc ? acc.cash.minus(acc.fillCash) : ZERO
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

  /** Realized PnL of an account's fills at or after `since` (net of fees): today's, say. */
  realizedSince(accountId: string, since: number): Decimal {
    return this.accounts.get(accountId)?.realized.since(since) ?? ZERO
  }

  /** Traded notional of an account by hour since `since` (at most 31 days back), oldest first. */
  /** An account's traded notional in the whole hours that start at or after `since`. */
  volumeTotalSince(accountId: string, since: number): Decimal {
    return this.accounts.get(accountId)?.volume.sumFrom(since) ?? ZERO
  }

  volumeSince(accountId: string, since: number): { ts: number; notional: Decimal }[] {
    const volume = this.accounts.get(accountId)?.volume
    const hours = volume?.entries() ?? []
    return hours.filter(([ts]) => ts >= since).map(([ts, notional]) => ({ ts, notional }))
  }

  /** Orders of an account created after `since`, newest first (older pages read as needed). */
  ordersSince(accountId: string, since: number): Order[] {
    for (let limit = this.keep; ; limit *= 4) {
      const orders = this.orders(accountId, limit)
      if (orders.length < limit || (orders.at(-1) as Order).createdAt <= since)
        return orders.filter((o) => o.createdAt > since)
    }
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

  /** Finds an order by its id or its client order id, kept or in the archive. */
  findOrder(accountId: string, id: string): Order | undefined {
    const acc = this.accounts.get(accountId)
    if (!acc) return undefined
    const kept = acc.orders.get(id) ?? acc.orders.get(acc.byClientId.get(id) ?? '')
    if (kept) return kept.order
    if (acc.ordersArchivedUpTo === 0) return undefined
    const archived = this.archive?.order(accountId, id, Number.POSITIVE_INFINITY)
    return archived?.order.accountId === accountId ? archived.order : undefined
  }

  /** The fills recorded so far for a working order (empty once it has ended). */
  orderFills(accountId: string, orderId: string): readonly Fill[] {
    const state = this.accounts.get(accountId)?.orders.get(orderId)
    return state?.fills ?? []
  }

  /** Every fill of an order, working or ended, kept or in the archive. */
  fillsOfOrder(accountId: string, orderId: string): readonly Fill[] {
    const acc = this.accounts.get(accountId)
    if (!acc) return []
    return acc.orders.get(orderId)?.fills ?? this.endedFills(acc, orderId, Number.POSITIVE_INFINITY)
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
    const lists = this.scope(accountId).map((acc) => {
      const kept = [...acc.orders.values()]
        .filter((o) => o.seq > acc.ordersArchivedUpTo || o.seq === 0)
        .sort((a, b) => a.seq - b.seq)
      const items = kept.map((o) => o.order)
      const missing = limit - items.length
      if (missing > 0 && acc.ordersArchivedUpTo > 0 && this.archive)
        items.unshift(
          ...this.archive.orders(acc.account.id, acc.ordersArchivedUpTo, missing).reverse(),
        )
      return { items, seqs: items.map((o) => o.seq) }
    })
    return newestBySeq(lists, limit)
  }

  /** Fills of an account (or all), newest first. */
  fills(accountId?: string, limit = Number.POSITIVE_INFINITY): Fill[] {
    const lists = this.scope(accountId).map((acc) => {
      const missing = limit - acc.fills.length
      if (missing <= 0 || acc.fillsArchivedUpTo === 0 || !this.archive)
        return { items: acc.fills, seqs: acc.fillSeqs }
      const items = [
        ...this.archive.fills(acc.account.id, acc.fillsArchivedUpTo, missing).reverse(),
        ...acc.fills,
      ]
      return { items, seqs: items.map((f) => f.seq) }
    })
    return newestBySeq(lists, limit)
  }

  /**
   * The fills kept in memory of an account (or all) in journal order, oldest first: the order
   * they happened in, which a timestamp cannot tell (a book walk makes several fills at the
   * same millisecond). A ledger that keeps everything (a one-off fold) gives them all.
   */
  fillsInJournalOrder(accountId?: string): Fill[] {
    return mergeBySeq(
      this.scope(accountId).map((acc) => ({ items: acc.fills, seqs: acc.fillSeqs })),
    )
  }

  private scope(accountId: string | undefined): AccountState[] {
    return [...this.accounts.values()].filter((acc) => !accountId || acc.account.id === accountId)
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
          // The checks' words are most of an order: the snapshot keeps their codes.
          order: o.gate ? { ...o.order, checks: [] } : o.order,
          ...(o.gate ? { gate: o.gate } : {}),
          reserved: str(o.reserved),
          seq: o.seq,
          ...(o.closedSeq === null ? {} : { closedSeq: o.closedSeq }),
          ...(o.fills === null ? {} : { fills: o.fills }),
        })),
        fills: acc.fills,
        fillSeqs: acc.fillSeqs,
        synced: acc.synced,
        ordersArchivedUpTo: acc.ordersArchivedUpTo,
        fillsArchivedUpTo: acc.fillsArchivedUpTo,
        realized: acc.realized.toState(),
        volume: acc.volume.toState(),
        fillCash: str(acc.fillCash),
      })),
    }
  }

  /** Rebuilds a ledger from a snapshot's plain data. */
  static fromState(state: LedgerState, options: LedgerOptions = {}): Ledger {
    const ledger = new Ledger(options)
    for (const a of state.accounts) {
      // Snapshots from before several accounts existed lack the newer settings.
      const acc = newAccount({ ...accountDefaults(a.account.kind), ...a.account }, dec(a.cash))
      acc.synced = a.synced ?? false
      acc.ordersArchivedUpTo = a.ordersArchivedUpTo ?? 0
      acc.fillsArchivedUpTo = a.fillsArchivedUpTo ?? 0
      const fillSeqs = seqsOf(a.fills, a.fillSeqs)
      // An older snapshot's fills lack their seq on the wire too.
      const fills = a.fills.map((f, i) => ({ ...f, seq: fillSeqs[i] as number }))
      // An older snapshot kept no buckets: its fills (all of them) tell them.
      if (a.realized) acc.realized.load(a.realized)
      else for (const f of fills) acc.realized.add(f.ts, dec(f.realizedPnl ?? '0'))
      if (a.volume) acc.volume.load(a.volume)
      else for (const f of fills) acc.volume.add(f.ts, dec(f.quantity).times(f.price))
      acc.fillCash = a.fillCash === undefined ? fillCashOf(fills) : dec(a.fillCash)
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
        const checks = o.gate ? describeChecks(o.gate, o.order) : o.order.checks
        acc.orders.set(o.order.id, {
          order: { ...o.order, checks, seq },
          gate: o.gate ?? null,
          reserved,
          // An older snapshot held every fill in the account's list: they are added below.
          fills: working ? [...(o.fills ?? [])] : null,
          seq,
          closedSeq: working ? null : (o.closedSeq ?? 0),
        })
        acc.byClientId.set(o.order.clientOrderId, o.order.id)
        acc.reserved = acc.reserved.plus(reserved)
        if (working) acc.working.add(o.order.id)
        else acc.ended += 1
      }
      const fromList = new Set(a.orders.filter((o) => !o.fills).map((o) => o.order.id))
      for (const f of fills) if (fromList.has(f.orderId)) acc.orders.get(f.orderId)?.fills?.push(f)
      for (const [i, f] of fills.entries()) ledger.rememberFill(acc, f, fillSeqs[i] as number)
      ledger.accounts.set(a.account.id, acc)
      // An older snapshot kept every order: the recent ones stay.
      if (acc.ended > ledger.most) ledger.forgetOrders(acc, acc.ended - ledger.keep)
    }
    return ledger
  }
}

function newAccount(account: Account, cash: Decimal): AccountState {
  return {
    account,
    cash,
    reserved: ZERO,
    positions: new Map(),
    orders: new Map(),
    byClientId: new Map(),
    fills: [],
    fillSeqs: [],
    ended: 0,
    ordersArchivedUpTo: 0,
    fillsArchivedUpTo: 0,
    realized: TimeBuckets.realized(),
    volume: TimeBuckets.volume(),
    fillCash: ZERO,
    working: new Set(),
    synced: false,
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

/** What fills did to cash: a buy pays notional and fee, a sell gets notional less fee. */
function fillCashOf(fills: readonly Fill[]): Decimal {
  return fills.reduce((cash, f) => {
    const notional = dec(f.quantity).times(f.price)
    return f.side === 'buy' ? cash.minus(notional).minus(f.fee) : cash.plus(notional).minus(f.fee)
  }, ZERO)
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

/** The ledger as a fold of the journal, keeping and reading the rest as `options` say. */
export function ledgerFold(options: LedgerOptions = {}): Fold<Ledger, LedgerState> {
  return {
    fromState: (state) => (state ? Ledger.fromState(state, options) : new Ledger(options)),
    toState: (ledger) => ledger.toState(),
    apply: (ledger, record) => ledger.apply(record).map(toEvent),
  }
}
