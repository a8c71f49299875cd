/**
 * The paper exchange's own state on disk: the id counter and the book (open orders, and the
 * latest finished ones, which the engine may still ask about after a crash, with their fills).
 * A real exchange keeps these whatever happens to its clients; so does this one. The fills
 * behind the 30-day fee tier are the journal's, and the book's for the few the journal missed.
 *
 * It is written before any answer or update leaves the exchange (write-ahead), so after a
 * crash the exchange never knows less than the journal: an id it handed out is never handed
 * out again, and an order it accepted is still there. Each write is atomic and fsynced
 * (core/atomic-file.ts), and synchronous on purpose: the answer waits for it, as an exchange's
 * acknowledgement waits for its own commit.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { MarketSymbol, OrderType, Side } from '../../../shared/types'
import type { BrokerAck, BrokerFill } from './broker'
import type { FeeTier } from './fee-schedules'
import { writeFileAtomicSync } from '../core'

/** One order as the paper exchange keeps it on disk (decimals as strings). */
export interface StoredPaperOrder {
  readonly accountId: string
  readonly clientOrderId: string
  readonly brokerOrderId: string
  readonly symbol: MarketSymbol
  readonly side: Side
  readonly type: OrderType
  readonly quantity: string
  readonly limitPrice: string | null
  readonly tier: FeeTier
  readonly status: BrokerAck['status']
  readonly reason?: string
  readonly fills: readonly BrokerFill[]
  readonly matched: boolean
  readonly hold: string
  /** When it stopped being open (clock time); null while open. */
  readonly finishedAt: number | null
}

/** The paper exchange's state file. */
export interface PaperState {
  readonly version: 1
  /**
   * The book's id, fixed when the file is first made (base 36 of the clock then): part of
   * every order id, so the ids of a new book never meet an earlier book's.
   */
  readonly book: string
  /** The last order number handed out. */
  readonly sequence: number
  /** Open orders, and the latest finished ones (a crash may have cut their news short). */
  readonly orders: readonly StoredPaperOrder[]
}

/** Reads the state file; null when there is none. Throws when it exists but cannot be read. */
export function loadPaperState(file: string): PaperState | null {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
  const state = JSON.parse(text) as PaperState
  if (
    state?.version !== 1 ||
    typeof state.book !== 'string' ||
    !Number.isInteger(state.sequence) ||
    !Array.isArray(state.orders)
  )
    throw new Error(`${path.basename(file)} is not a paper exchange state file`)
  return state
}

/** Writes the state file atomically; with `durable`, on disk (fsync) before it returns. */
export function savePaperState(file: string, state: PaperState, durable: boolean): void {
  writeFileAtomicSync(file, JSON.stringify(state), durable)
}
