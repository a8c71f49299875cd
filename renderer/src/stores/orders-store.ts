/**
 * Orders and fills, newest first, plus the order actions: estimate, check, submit, cancel. An order is
 * replaced only by a newer version of itself, so a late event never rolls a status back.
 */
import { create } from 'zustand'
import type { CommandPayload } from '../../../shared/contract'
import type { Result } from '../../../shared/result'
import type { Fill, Order, OrderCheck, OrderEstimate, Snapshot } from '../../../shared/types'
import { invoke } from '../lib/desk'

// What the tables can show without slowing the console down after a long session.
/** The newest orders and fills the console keeps. */
export const MAX_ROWS = 1_000

/** State and actions of the orders store. */
export interface OrdersState {
  /** Newest first. */
  readonly orders: readonly Order[]
  /** Newest first. */
  readonly fills: readonly Fill[]
  resetFromSnapshot(snapshot: Snapshot): void
  applyOrder(order: Order): void
  applyFill(fill: Fill): void
  estimateOrder(input: CommandPayload<'orders:estimate'>): Promise<Result<OrderEstimate>>
  /** The gate's dry run of a would-be order: every check, nothing journaled. */
  checkOrder(input: CommandPayload<'orders:check'>): Promise<Result<OrderCheck>>
  submitOrder(input: CommandPayload<'orders:submit'>): Promise<Result<Order>>
  /** Asks the broker to cancel an open order; the answer is the order as it stands after. */
  cancelOrder(accountId: string, id: string): Promise<Result<Order>>
}

// By journal seq: events of one millisecond keep the order they happened in, and ids are never
// compared as text ('x-10' is newer than 'x-2'). Items of an older snapshot all carry seq 0 and
// fall back to their time (the sort is stable, so the snapshot's journal order breaks the rest).
function newestOrdersFirst(a: Order, b: Order): number {
  return b.seq - a.seq || b.createdAt - a.createdAt
}

function newestFillsFirst(a: Fill, b: Fill): number {
  return b.seq - a.seq || b.ts - a.ts
}

function upsertOrder(orders: readonly Order[], order: Order): readonly Order[] {
  const index = orders.findIndex((o) => o.id === order.id)
  if (index >= 0) {
    const existing = orders[index] as Order
    if (existing.updatedAt > order.updatedAt) return orders
    const next = [...orders]
    next[index] = order
    return next
  }
  return [...orders, order].sort(newestOrdersFirst).slice(0, MAX_ROWS)
}

/** The orders store. */
export const useOrdersStore = create<OrdersState>()((set) => ({
  orders: [],
  fills: [],

  resetFromSnapshot(snapshot) {
    set({
      orders: [...snapshot.orders].sort(newestOrdersFirst).slice(0, MAX_ROWS),
      fills: [...snapshot.fills].sort(newestFillsFirst).slice(0, MAX_ROWS),
    })
  },

  applyOrder(order) {
    set((state) => {
      const orders = upsertOrder(state.orders, order)
      return orders === state.orders ? state : { orders }
    })
  },

  applyFill(fill) {
    set((state) => {
      // A fill can arrive both in a snapshot and in the batch that raced it.
      if (state.fills.some((f) => f.id === fill.id)) return state
      // In front before the (stable) sort: the fills of one broker answer share a journal seq
      // and come in the order they happened, so the later one is the newer.
      return { fills: [fill, ...state.fills].sort(newestFillsFirst).slice(0, MAX_ROWS) }
    })
  },

  estimateOrder(input) {
    return invoke('orders:estimate', input)
  },

  checkOrder(input) {
    return invoke('orders:check', input)
  },

  async submitOrder(input) {
    const result = await invoke('orders:submit', input)
    // The events will say the same, but the ticket should not wait for them.
    if (result.ok) set((state) => ({ orders: upsertOrder(state.orders, result.value) }))
    return result
  },

  async cancelOrder(accountId, id) {
    const result = await invoke('orders:cancel', { accountId, id })
    if (result.ok) set((state) => ({ orders: upsertOrder(state.orders, result.value) }))
    return result
  },
}))
