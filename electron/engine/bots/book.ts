/**
 * The bots fold: per bot, what the journal says of it (first seen, its orders, fills, gate
 * refusals, realized PnL and fees, heartbeat interval, quiet, halt, setting) plus the two
 * things kept in memory and the snapshot only (its latest call and its latest heartbeat), so a
 * bot heartbeating every 5 s does not add a journal line every 5 s. State is bounded per bot:
 * counts, sums and one cost basis per account and symbol; the only list is of its orders
 * still working.
 *
 * Realized PnL of a bot, USD: average cost per bot, per account and symbol, from its own fills
 * only. A buy adds to the bot's quantity at its price and realizes minus its fee; a sell
 * realizes (price − the bot's average cost) × the quantity it sells of what it bought, minus
 * its fee. A sale beyond what the bot itself bought (of a holding the console or another bot
 * bought) realizes only minus its fee for this bot: it has no cost of its own. Fees are the
 * fills' fees, in the quote currency (USD).
 */
import { type BotHalt, type BotOnQuiet, type BotView, type BotsStatus } from '../../../shared/bots'
import { DEFAULT_ALERT_RULES, type AlertRule } from '../../../shared/performance'
import type { Side } from '../../../shared/types'
import { type Decimal, ZERO, dec, str } from '../core'
import type { Fold, JournalRecord } from '../journal'

/** A bot's holding of one symbol in one account, as its own fills made it. */
interface Basis {
  quantity: string
  /** Average cost per unit, fees excluded. */
  average: string
}

/** One bot, as the snapshot keeps it. */
export interface BotState {
  readonly name: string
  readonly firstSeen: number
  lastActivity: number
  ordersPlaced: number
  fills: number
  rejections: number
  realizedPnl: string
  fees: string
  heartbeatSeconds: number | null
  lastHeartbeat: number | null
  quietSince: number | null
  halted: BotHalt | null
  onQuiet: BotOnQuiet
  /** The open "bot went quiet" alert, while it is quiet. */
  quietAlert: string | null
  /** Cost basis by "accountId/symbol". */
  basis: Record<string, Basis>
}

/** A working order of a bot: what its fills need to be attributed. */
interface Working {
  readonly bot: string
  readonly accountId: string
  readonly symbol: string
  readonly side: Side
}

/** What the snapshot keeps of the bots. */
export interface BotsState {
  readonly bots: readonly BotState[]
  /** Working orders of bots, by order id. */
  readonly working: Readonly<Record<string, Working>>
}

/** The bots, folded from the journal. */
export class BotBook {
  private readonly bots = new Map<string, BotState>()
  private readonly working = new Map<string, Working>()

  apply(record: JournalRecord): boolean {
    const ts = record.ts
    switch (record.type) {
      case 'bot.seen':
        this.ensure(record.payload.bot, ts)
        return true
      case 'order.intent': {
        const p = record.payload
        if (p.bot === undefined) return false
        const bot = this.ensure(p.bot, ts)
        bot.ordersPlaced += 1
        bot.lastActivity = Math.max(bot.lastActivity, ts)
        this.working.set(p.orderId, {
          bot: p.bot,
          accountId: p.accountId,
          symbol: p.symbol,
          side: p.side,
        })
        return true
      }
      case 'order.gate': {
        const w = this.working.get(record.payload.orderId)
        if (!w || record.payload.passed) return false
        this.working.delete(record.payload.orderId)
        const bot = this.bots.get(w.bot)
        if (bot) bot.rejections += 1
        return true
      }
      case 'order.fill': {
        const w = this.working.get(record.payload.orderId)
        const bot = w && this.bots.get(w.bot)
        if (!w || !bot) return false
        fill(bot, w, record.payload)
        return true
      }
      case 'order.closed':
        return this.working.delete(record.payload.orderId)
      case 'bot.heartbeat': {
        const p = record.payload
        const bot = this.ensure(p.bot, ts)
        bot.heartbeatSeconds = p.intervalSeconds
        this.beat(p.bot, ts)
        bot.quietSince = null
        bot.quietAlert = null
        return true
      }
      case 'bot.quiet': {
        const p = record.payload
        const bot = this.ensure(p.bot, ts)
        bot.quietSince = p.lastHeartbeat
        bot.quietAlert = p.alertId
        if (p.halted)
          bot.halted = {
            at: ts,
            reason: `Went quiet: no heartbeat within its ${p.intervalSeconds} s interval and ${p.graceSeconds} s grace.`,
          }
        return true
      }
      case 'bot.settings':
        this.ensure(record.payload.bot, ts).onQuiet = record.payload.new.onQuiet
        return true
      case 'bot.resumed':
        this.ensure(record.payload.bot, ts).halted = null
        return true
      default:
        return false
    }
  }

  /** The bot, or undefined when no call ever named it. */
  get(name: string): BotState | undefined {
    return this.bots.get(name)
  }

  get size(): number {
    return this.bots.size
  }

  names(): string[] {
    return [...this.bots.keys()]
  }

  /** A call named the bot (kept in memory and the snapshot, not journaled). */
  touch(name: string, ts: number): void {
    const bot = this.bots.get(name)
    if (bot) bot.lastActivity = Math.max(bot.lastActivity, ts)
  }

  /** A heartbeat of the same interval (kept in memory and the snapshot, not journaled). */
  beat(name: string, ts: number): void {
    const bot = this.bots.get(name)
    if (!bot) return
    bot.lastHeartbeat = Math.max(bot.lastHeartbeat ?? 0, ts)
    bot.lastActivity = Math.max(bot.lastActivity, ts)
  }

  /** When the bot was halted, or null while it is not. */
  haltedAt(name: string): number | null {
    return this.bots.get(name)?.halted?.at ?? null
  }

  /** The bot's working orders, by account. */
  workingOf(name: string): { readonly orderId: string; readonly accountId: string }[] {
    return [...this.working]
      .filter(([, w]) => w.bot === name)
      .map(([orderId, w]) => ({ orderId, accountId: w.accountId }))
  }

  view(name: string): BotView | undefined {
    const bot = this.bots.get(name)
    if (!bot) return undefined
    let openOrders = 0
    for (const w of this.working.values()) if (w.bot === name) openOrders += 1
    return {
      name: bot.name,
      firstSeen: bot.firstSeen,
      lastActivity: bot.lastActivity,
      ordersPlaced: bot.ordersPlaced,
      fills: bot.fills,
      rejections: bot.rejections,
      openOrders,
      realizedPnl: bot.realizedPnl,
      fees: bot.fees,
      heartbeatSeconds: bot.heartbeatSeconds,
      lastHeartbeat: bot.lastHeartbeat,
      quietSince: bot.quietSince,
      halted: bot.halted,
      onQuiet: bot.onQuiet,
    }
  }

  /** Every bot, by name. */
  status(graceSeconds: number): BotsStatus {
    const bots = this.names()
      .sort((a, b) => a.localeCompare(b))
      .map((name) => this.view(name) as BotView)
    return { bots, graceSeconds }
  }

  toState(): BotsState {
    return {
      bots: [...this.bots.values()].map((b) => ({ ...b, basis: { ...b.basis } })),
      working: Object.fromEntries(this.working),
    }
  }

  static fromState(state: BotsState | undefined): BotBook {
    const book = new BotBook()
    for (const b of state?.bots ?? []) book.bots.set(b.name, { ...b, basis: { ...b.basis } })
    for (const [id, w] of Object.entries(state?.working ?? {})) book.working.set(id, w)
    return book
  }

  private ensure(name: string, ts: number): BotState {
    let bot = this.bots.get(name)
    if (!bot) {
      bot = {
        name,
        firstSeen: ts,
        lastActivity: ts,
        ordersPlaced: 0,
        fills: 0,
        rejections: 0,
        realizedPnl: '0',
        fees: '0',
        heartbeatSeconds: null,
        lastHeartbeat: null,
        quietSince: null,
        halted: null,
        onQuiet: 'alert',
        quietAlert: null,
        basis: {},
      }
      this.bots.set(name, bot)
    }
    return bot
  }
}

/** Attributes one fill to its bot: count, fee, and the PnL it realized at the bot's own cost. */
function fill(
  bot: BotState,
  w: Working,
  p: { readonly quantity: string; readonly price: string; readonly fee: string },
): void {
  const key = `${w.accountId}/${w.symbol}`
  const qty = dec(p.quantity)
  const price = dec(p.price)
  const fee = dec(p.fee)
  const held = bot.basis[key]
  const quantity = held ? dec(held.quantity) : ZERO
  const average = held ? dec(held.average) : ZERO
  let realized: Decimal = fee.negated()
  if (w.side === 'buy') {
    const next = quantity.plus(qty)
    const cost = average.times(quantity).plus(qty.times(price))
    bot.basis[key] = { quantity: str(next), average: str(cost.dividedBy(next)) }
  } else {
    const matched = minOf(qty, quantity)
    realized = realized.plus(price.minus(average).times(matched))
    const left = quantity.minus(matched)
    if (left.isZero()) delete bot.basis[key]
    else bot.basis[key] = { quantity: str(left), average: str(average) }
  }
  bot.fills += 1
  bot.fees = str(dec(bot.fees).plus(fee))
  bot.realizedPnl = str(dec(bot.realizedPnl).plus(realized))
}

const minOf = (a: Decimal, b: Decimal): Decimal => (a.lessThan(b) ? a : b)

/** The grace past a heartbeat interval, seconds: the "bot went quiet" rule's threshold. */
export function graceSeconds(alerts: { readonly rules: readonly AlertRule[] } | undefined): number {
  return alerts?.rules.find((r) => r.id === 'bot_quiet')?.threshold ?? DEFAULT_GRACE_SECONDS
}

const DEFAULT_GRACE_SECONDS = DEFAULT_ALERT_RULES.find((r) => r.id === 'bot_quiet')?.threshold ?? 10

/** The bots as a fold of the journal: a record about a bot publishes every bot's status. */
export const botsFold: Fold<BotBook, BotsState> = {
  fromState: (state) => BotBook.fromState(state),
  toState: (book) => book.toState(),
  apply: (book, record, earlier) => {
    if (!book.apply(record)) return
    const grace = graceSeconds(earlier.alerts as { rules: readonly AlertRule[] } | undefined)
    return [{ type: 'bots:status', payload: book.status(grace) }]
  },
}
