/**
 * Live performance's trades as a fold of the journal, registered after the ledger (whose orders
 * it reads as each record leaves them). The snapshot keeps what resuming needs, open lots,
 * running totals and the orders still working; the history of
 * round trips and outcomes is in the trade-history file, which is derived from the journal:
 * lines past what the snapshot covers are cut, and a file missing, damaged or behind it is
 * rebuilt from the journal.
 */
import fs from 'node:fs'
import path from 'node:path'
import { TERMINAL_STATUSES } from '../../../shared/types'
import { dec, journalDir, tradeHistoryFile } from '../core'
import {
  expandRecord,
  listSegments,
  type Fold,
  type JournalRecord,
  type StoredRecord,
} from '../journal'
import { Ledger } from '../ledger'
import { slippageBps } from './execution'
import { HistoryFile, type Frames } from './history-file'
import { TradeBook, type TradeBookState } from './trade-book'
import type { RoundTrip } from './trades'

/** What the snapshot keeps of live performance's trades. */
export interface LiveTradesState extends TradeBookState {
  /** The last record folded: the history file holds what was made up to it. */
  readonly seq: number
  /** Orders with an intent that have not ended (their outcome is counted when they do). */
  readonly working: readonly string[]
}

/** A round trip, or an order's slippage, the alert rules have not judged yet. */
export interface Judged {
  readonly kind: 'trip' | 'slippage'
  readonly accountId: string
}

/** At most this many wait for the alert rules (a replay at start makes more; they are dropped). */
const DUE_LIMIT = 1_000

/** The fold's state: the trade book, and what the next record needs to be folded. */
export class LiveTrades {
  seq = 0
  /** The round trip the last record closed, if it closed one (for the folds after this one). */
  lastTrip: { readonly seq: number; readonly trip: RoundTrip } | null = null
  private due: Judged[] = []

  constructor(
    readonly book: TradeBook,
    private readonly working = new Set<string>(),
  ) {}

  /** An account's capital: its cash before any of its fills. */
  private capital(ledger: Pick<Ledger, 'cashBeforeFills'>, accountId: string): number {
    return ledger.cashBeforeFills(accountId).toNumber()
  }

  /** The round trips and outcomes made since the last call, for the alert rules. */
  takeDue(): Judged[] {
    const due = this.due
    this.due = []
    return due
  }

  /** Folds one record in; `ledger` has already folded it. */
  apply(record: JournalRecord, ledger: Ledger): void {
    this.seq = record.seq
    switch (record.type) {
      case 'account.opened':
      case 'account.synced':
        this.book.setCapital(
          record.payload.accountId,
          this.capital(ledger, record.payload.accountId),
        )
        return
      case 'reconcile.resolved':
        if (record.payload.adjust?.cash !== undefined)
          this.book.setCapital(
            record.payload.accountId,
            this.capital(ledger, record.payload.accountId),
          )
        return
      case 'order.intent':
        this.working.add(record.payload.orderId)
        return
      case 'order.gate':
        if (!record.payload.passed) this.ended(record, ledger)
        return
      case 'order.closed':
        this.ended(record, ledger)
        return
      case 'order.fill':
        this.filled(record, ledger)
        return
      default:
        return
    }
  }

  private filled(record: Extract<JournalRecord, { type: 'order.fill' }>, ledger: Ledger): void {
    const p = record.payload
    const order = ledger.findOrder(p.accountId, p.orderId)
    if (!order) return
    const trip = this.book.addFill(
      {
        id: p.fillId,
        accountId: p.accountId,
        orderId: order.id,
        symbol: order.symbol,
        side: order.side,
        quantity: p.quantity,
        price: p.price,
        fee: p.fee,
        ts: p.ts,
      },
      record.seq,
    )
    if (trip) {
      this.lastTrip = { seq: record.seq, trip }
      this.judge({ kind: 'trip', accountId: p.accountId })
    }
    // A fill adopted after the order ended: an order that ended unfilled (no outcome then)
    // now executed, and counts once, as it did live.
    if (!TERMINAL_STATUSES.includes(order.status) || this.working.has(order.id)) return
    if (dec(order.filledQuantity).minus(p.quantity).gt(0)) return
    if (order.status === 'rejected' || order.status === 'failed') return
    if (this.book.addOrder(order, record.seq) && slippageBps(order) !== null)
      this.judge({ kind: 'slippage', accountId: p.accountId })
  }

  private ended(
    record: Extract<JournalRecord, { type: 'order.gate' | 'order.closed' }>,
    ledger: Ledger,
  ): void {
    const { accountId, orderId } = record.payload
    // An order counts once, when it first ends.
    if (!this.working.delete(orderId)) return
    const order = ledger.findOrder(accountId, orderId)
    if (order && this.book.addOrder(order, record.seq) && slippageBps(order) !== null)
      this.judge({ kind: 'slippage', accountId })
  }

  private judge(item: Judged): void {
    this.due.push(item)
    if (this.due.length > 2 * DUE_LIMIT) this.due = this.due.slice(-DUE_LIMIT)
  }

  /** What the snapshot keeps. */
  toState(): LiveTradesState {
    return {
      ...this.book.toState(),
      seq: this.seq,
      working: [...this.working],
    }
  }

  /** Rebuilt from the snapshot's state and the history file (which holds at least as much). */
  static resume(state: LiveTradesState, file: HistoryFile, frames: Frames, count: number) {
    const live = new LiveTrades(
      TradeBook.resume(state, file, frames, count),
      new Set(state.working),
    )
    live.seq = state.seq
    return live
  }
}

/**
 * How many of the file's frames the state counts: those up to the state's seq, the rest cut
 * off. Null when the file holds fewer than the state counts (lost, damaged or behind).
 */
function counted(state: LiveTradesState, file: HistoryFile, frames: Frames): number | null {
  let trips = 0
  let n = 0
  for (; n < frames.length && frames.seq(n) <= state.seq; n++) if (frames.isTrip(n)) trips++
  if (trips !== state.trips || n - trips !== state.orders) return null
  file.cut(frames.start(n))
  return n
}

/**
 * Folds the journal's records up to `seq` again, into a new history file: the file was lost,
 * damaged or left behind by a crash. Reads the segments, so it takes as long as the history.
 */
function rebuild(dataDir: string, file: HistoryFile, seq: number): LiveTrades {
  file.cut(0)
  // A one-off fold with no archive to read older orders from: it keeps them all until done.
  const ledger = new Ledger({ keep: Number.MAX_SAFE_INTEGER })
  const live = new LiveTrades(new TradeBook({ file, checkRepeats: false }))
  const dir = journalDir(dataDir)
  for (const segment of fs.existsSync(dir) ? listSegments(dir) : []) {
    const text = fs.readFileSync(path.join(dir, segment), 'utf8')
    for (const line of text.split('\n')) {
      let stored: StoredRecord
      try {
        stored = JSON.parse(line) as StoredRecord
      } catch {
        // An empty or torn last line: every record the state covers is before it.
        continue
      }
      if (stored.seq > seq) return finish(live, file, seq)
      // A merged record is folded as the records it stands for, as the fold set does.
      for (const record of expandRecord(stored)) {
        ledger.apply(record)
        live.apply(record, ledger)
      }
    }
  }
  return finish(live, file, seq)
}

function finish(live: LiveTrades, file: HistoryFile, seq: number): LiveTrades {
  live.takeDue()
  live.seq = seq
  file.flush()
  return live
}

/**
 * The fold of live performance's trades, keeping its history in `dataDir`'s trade-history
 * file (in memory when there is no data folder).
 */
export function tradesFold(dataDir: string | null): Fold<LiveTrades, LiveTradesState> {
  return {
    fromState: (state) => {
      // Recovery may try more than one snapshot: each try makes the file agree with its own.
      if (dataDir === null) return new LiveTrades(new TradeBook({ checkRepeats: false }))
      const { history, frames } = HistoryFile.open(tradeHistoryFile(dataDir))
      if (state === undefined) {
        history.cut(0)
        return new LiveTrades(new TradeBook({ file: history, checkRepeats: false }))
      }
      const kept = counted(state, history, frames)
      return kept === null
        ? rebuild(dataDir, history, state.seq)
        : LiveTrades.resume(state, history, frames, kept)
    },
    toState: (live) => live.toState(),
    apply: (live, record, earlier) => live.apply(record, earlier.ledger as Ledger),
  }
}
