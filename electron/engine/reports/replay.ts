/**
 * The day's equity rebuilt from fills: cash and holdings per account from what each started
 * with, holdings valued at the last fill price of their symbol (any account's fill is a price
 * seen on the market). Reconciliation adjustments are not fills and are not replayed.
 */
import type { Fill } from '../../../shared/types'
import { type Decimal, ZERO, dec } from '../core'
import type { AccountOpening } from './input'

interface Holdings {
  cash: Decimal
  readonly quantities: Map<string, Decimal>
}

/** Equity per account at the day's open, after each of its fills, and at its close. */
export interface EquityReplay {
  readonly open: ReadonlyMap<string, Decimal>
  readonly close: ReadonlyMap<string, Decimal>
  /** Σ |quantity| · last price of the holdings at the close, per account. */
  readonly positionsAtClose: ReadonlyMap<string, Decimal>
  /** After each fill of the day: its time and every account's equity then. */
  readonly steps: readonly { readonly ts: number; readonly equity: ReadonlyMap<string, number> }[]
}

/** Replays `fills` (in time order, none at or after the day's end) from the openings. */
export function replayEquity(
  openings: ReadonlyMap<string, AccountOpening | undefined>,
  fills: readonly Fill[],
  dayStart: number,
): EquityReplay {
  const books = new Map<string, Holdings>()
  const marks = new Map<string, Decimal>()
  for (const [id, opening] of openings) {
    const quantities = new Map<string, Decimal>()
    for (const p of opening?.positions ?? []) {
      quantities.set(p.symbol, dec(p.quantity))
      if (!marks.has(p.symbol)) marks.set(p.symbol, dec(p.price))
    }
    books.set(id, { cash: dec(opening?.cash ?? '0'), quantities })
  }
  const held = (book: Holdings, absolute: boolean): Decimal => {
    let value = ZERO
    for (const [symbol, quantity] of book.quantities) {
      const worth = quantity.times(marks.get(symbol) ?? ZERO)
      value = value.plus(absolute ? worth.abs() : worth)
    }
    return value
  }
  const equities = () => {
    const out = new Map<string, Decimal>()
    for (const [id, book] of books) out.set(id, book.cash.plus(held(book, false)))
    return out
  }
  const apply = (fill: Fill) => {
    const book = books.get(fill.accountId)
    if (!book) return
    const quantity = dec(fill.quantity)
    const price = dec(fill.price)
    const notional = quantity.times(price)
    const signed = fill.side === 'buy' ? quantity : quantity.negated()
    book.cash =
      fill.side === 'buy'
        ? book.cash.minus(notional).minus(fill.fee)
        : book.cash.plus(notional).minus(fill.fee)
    book.quantities.set(fill.symbol, (book.quantities.get(fill.symbol) ?? ZERO).plus(signed))
    marks.set(fill.symbol, price)
  }

  let i = 0
  for (; i < fills.length && (fills[i] as Fill).ts < dayStart; i++) apply(fills[i] as Fill)
  const open = equities()
  const steps: { ts: number; equity: Map<string, number> }[] = []
  for (; i < fills.length; i++) {
    const fill = fills[i] as Fill
    apply(fill)
    const equity = new Map<string, number>()
    for (const [id, value] of equities()) equity.set(id, value.toNumber())
    steps.push({ ts: fill.ts, equity })
  }
  const positionsAtClose = new Map<string, Decimal>()
  for (const [id, book] of books) positionsAtClose.set(id, held(book, true))
  return { open, close: equities(), positionsAtClose, steps }
}
