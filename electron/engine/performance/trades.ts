/**
 * Round-trip trades from fills, matched first in, first out. Money stays decimal here: a trade's
 * gross PnL is the exact sum over the lots it closed, and fee shares always add up to the fee.
 */
import type {
  MarkedPosition,
  OpenPosition,
  RoundTrip,
  TradeSide,
} from '../../../shared/performance'
export type {
  MarkedPosition,
  OpenPosition,
  RoundTrip,
  TradeSide,
} from '../../../shared/performance'
import type { DecimalString, Fill } from '../../../shared/types'
import { Decimal, ZERO, dec, str } from '../core'

/** The fields of a fill the matcher reads. */
export type FillInput = Pick<
  Fill,
  'id' | 'accountId' | 'orderId' | 'side' | 'quantity' | 'price' | 'fee' | 'ts'
> & { readonly symbol: string }

interface Lot {
  quantity: Decimal
  readonly price: Decimal
  fee: Decimal
  readonly ts: number
}

interface Book {
  readonly accountId: string
  readonly symbol: string
  side: TradeSide
  /** Oldest first; `head` skips consumed lots without shifting the array. */
  lots: Lot[]
  head: number
}

/**
 * The same fill met twice: the journal records each execution once, so a repeat means the
 * history is corrupt (or was fed twice), and no figure folded from it can be trusted.
 */
export class DuplicateFillError extends Error {
  constructor(fill: FillInput) {
    super(
      `Fill ${fill.id} of order ${fill.orderId} in account ${fill.accountId} was met twice: each execution is recorded once, so the trade history is corrupt and its figures would be wrong. Restore the data folder from a backup.`,
    )
    this.name = 'DuplicateFillError'
  }
}

/**
 * A fill's identity: its account, its order and the broker's fill id. A broker's fill id is
 * unique only within what the broker scopes it to (Binance numbers trades per symbol; data
 * folders from before the paper exchange kept its counter reused its ids across orders).
 */
export function fillKey(fill: Pick<FillInput, 'id' | 'accountId' | 'orderId'>): string {
  return `${fill.accountId}\u0000${fill.orderId}\u0000${fill.id}`
}

/** The open lots of one account and symbol, as plain data (oldest first). */
export interface BookState {
  readonly accountId: string
  readonly symbol: string
  readonly side: TradeSide
  /** quantity, price, fee (decimal strings) and the opening time of each lot. */
  readonly lots: readonly (readonly [string, string, string, number])[]
}

/** Matches fills into round trips per account and symbol, first in, first out. */
export class FifoMatcher {
  private readonly books = new Map<string, Book>()
  /**
   * Fills met so far, to refuse one met twice; null when the caller already refuses repeats
   * (the ledger does, in the engine), so that nothing grows with every fill ever made.
   */
  private readonly seen: Set<string> | null

  constructor(options: { readonly checkRepeats?: boolean } = {}) {
    this.seen = options.checkRepeats === false ? null : new Set()
  }

  /**
   * The open lots, for the snapshot: they are what an open position is made of. Every book is
   * kept, empty ones too (one per account and symbol traded), so positions list in the same
   * order after a start.
   */
  toState(): BookState[] {
    const out: BookState[] = []
    for (const book of this.books.values()) {
      out.push({
        accountId: book.accountId,
        symbol: book.symbol,
        side: book.side,
        lots: book.lots
          .slice(book.head)
          .map((l) => [str(l.quantity), str(l.price), str(l.fee), l.ts] as const),
      })
    }
    return out
  }

  /** A matcher holding the open lots of `state` (it does not check repeats). */
  static fromState(state: readonly BookState[]): FifoMatcher {
    const matcher = new FifoMatcher({ checkRepeats: false })
    for (const b of state)
      matcher.books.set(`${b.accountId}\u0000${b.symbol}`, {
        accountId: b.accountId,
        symbol: b.symbol,
        side: b.side,
        head: 0,
        lots: b.lots.map(([quantity, price, fee, ts]) => ({
          quantity: dec(quantity),
          price: dec(price),
          fee: dec(fee),
          ts,
        })),
      })
    return matcher
  }

  /**
   * Takes one fill; returns the round trip it closed, if any. A fill met before (same account,
   * order and id) is corruption: it throws DuplicateFillError rather than count it twice or
   * skip it quietly. A sell larger than the long holding closes it and opens a short with the
   * rest (and the reverse for a buy).
   */
  add(fill: FillInput): RoundTrip | null {
    const id = fillKey(fill)
    if (this.seen?.has(id)) throw new DuplicateFillError(fill)
    const quantity = dec(fill.quantity)
    const price = dec(fill.price)
    const fee = dec(fill.fee)
    if (quantity.lte(0))
      throw new Error(`Fill ${fill.id}: quantity must be above zero, got ${fill.quantity}`)
    if (price.lte(0))
      throw new Error(`Fill ${fill.id}: price must be above zero, got ${fill.price}`)
    this.seen?.add(id)

    const key = `${fill.accountId}\u0000${fill.symbol}`
    let book = this.books.get(key)
    if (!book) {
      book = { accountId: fill.accountId, symbol: fill.symbol, side: 'long', lots: [], head: 0 }
      this.books.set(key, book)
    }
    const opening: TradeSide = fill.side === 'buy' ? 'long' : 'short'
    if (book.head === book.lots.length || book.side === opening) {
      book.side = opening
      book.lots.push({ quantity, price, fee, ts: fill.ts })
      return null
    }

    // Close the oldest lots first.
    let left = quantity
    let closed = ZERO
    let entryCost = ZERO
    let fees = ZERO
    let openedAt = fill.ts
    while (left.gt(0) && book.head < book.lots.length) {
      const lot = book.lots[book.head] as Lot
      if (closed.isZero()) openedAt = lot.ts
      const take = Decimal.min(left, lot.quantity)
      if (take.equals(lot.quantity)) {
        fees = fees.plus(lot.fee)
        book.head++
      } else {
        const share = lot.fee.times(take).dividedBy(lot.quantity)
        fees = fees.plus(share)
        lot.fee = lot.fee.minus(share)
        lot.quantity = lot.quantity.minus(take)
      }
      entryCost = entryCost.plus(take.times(lot.price))
      closed = closed.plus(take)
      left = left.minus(take)
    }
    if (book.head === book.lots.length) {
      book.lots = []
      book.head = 0
    } else if (book.head > 64 && book.head * 2 > book.lots.length) {
      book.lots = book.lots.slice(book.head)
      book.head = 0
    }

    // The closing part pays its share of this fill's fee; the rest opens the other side.
    const exitFee = left.isZero() ? fee : fee.times(closed).dividedBy(quantity)
    if (!left.isZero()) {
      book.side = opening
      book.lots.push({ quantity: left, price, fee: fee.minus(exitFee), ts: fill.ts })
    }
    fees = fees.plus(exitFee)
    const exitValue = closed.times(price)
    const side: TradeSide = opening === 'long' ? 'short' : 'long'
    const gross = side === 'long' ? exitValue.minus(entryCost) : entryCost.minus(exitValue)
    return {
      accountId: fill.accountId,
      symbol: fill.symbol,
      side,
      openedAt,
      // Lots pair in journal order, and fill times are the broker's: a fill recorded late (looked
      // up after a crash) can carry a time before the lot it closes. It closed no earlier than
      // it opened: a trade of no duration, never a negative one that stops the start.
      closedAt: Math.max(fill.ts, openedAt),
      quantity: str(closed),
      entryPrice: str(entryCost.dividedBy(closed)),
      exitPrice: str(price),
      grossPnl: str(gross),
      fees: str(fees),
      pnl: str(gross.minus(fees)),
      closeFillId: fill.id,
      closeOrderId: fill.orderId,
    }
  }

  /** Open positions, one per account and symbol that holds something. */
  positions(accountId?: string): OpenPosition[] {
    const out: OpenPosition[] = []
    for (const book of this.books.values()) {
      if (book.head === book.lots.length) continue
      if (accountId !== undefined && book.accountId !== accountId) continue
      let quantity = ZERO
      let cost = ZERO
      let fees = ZERO
      for (let i = book.head; i < book.lots.length; i++) {
        const lot = book.lots[i] as Lot
        quantity = quantity.plus(lot.quantity)
        cost = cost.plus(lot.quantity.times(lot.price))
        fees = fees.plus(lot.fee)
      }
      out.push({
        accountId: book.accountId,
        symbol: book.symbol,
        side: book.side,
        quantity: str(quantity),
        entryPrice: str(cost.dividedBy(quantity)),
        entryFees: str(fees),
        openedAt: (book.lots[book.head] as Lot).ts,
      })
    }
    return out
  }

  /**
   * Open positions marked to market at `marks` (symbol → price); a position whose symbol has no
   * mark is left out, so the caller can tell "no price" from "worth nothing".
   */
  markToMarket(
    marks: Readonly<Record<string, DecimalString>>,
    accountId?: string,
  ): MarkedPosition[] {
    const out: MarkedPosition[] = []
    for (const position of this.positions(accountId)) {
      const mark = marks[position.symbol]
      if (mark === undefined) continue
      const move = dec(mark).minus(position.entryPrice).times(position.quantity)
      const gross = position.side === 'long' ? move : move.negated()
      out.push({
        ...position,
        markPrice: mark,
        unrealizedPnl: str(gross.minus(position.entryFees)),
      })
    }
    return out
  }
}

/** Every round trip a list of fills makes, in fill order. */
export function roundTripsFromFills(fills: readonly FillInput[]): RoundTrip[] {
  const matcher = new FifoMatcher()
  const out: RoundTrip[] = []
  for (const fill of fills) {
    const trip = matcher.add(fill)
    if (trip) out.push(trip)
  }
  return out
}
