/**
 * The fee watch: keeps each account's fee tier (journaling every change, up or down, from its
 * trailing 30-day volume), judges the window's fees against the published schedule for the
 * "fees above schedule" alert, and answers `costs:fees`.
 */
import type { CommandPayload } from '../../../../shared/contract'
import type {
  AccountFees,
  FeeScheduleView,
  FeeTierChange,
  FeeTierView,
  FeesView,
} from '../../../../shared/fees'
import { FILLS_SHOWN } from '../../../../shared/fees'
import { err, ok, type Result } from '../../../../shared/result'
import type { Account, Fill } from '../../../../shared/types'
import type { AccountMeasures } from '../../alerts'
import { scheduleForExchange, scheduleLabel, type Broker, type FeeSchedule } from '../../brokers'
import { ZERO, str, type Clock, type Decimal, type Handlers, type TimerHandle } from '../../core'
import type { Recorder } from '../../journal'
import type { Ledger } from '../../ledger'
import type { MarketFeed } from '../../market'
import { analyzeFees, type FeeFill } from './analyze'
import { convertAt } from './convert'
import { compareExchangeFees } from './exchange'
import { positionFrom, tierPosition, tierStanding, type FeeTierBook } from './tiers'

const DAY = 86_400_000
/** The tier's window, and the default window of the analysis. */
export const FEE_WINDOW_MS = 30 * DAY
/** An exchange's own fee figures are read again after this long (its rate limits). */
export const EXCHANGE_READ_MS = 60_000
/** How often tiers and the alert are looked at again (volume leaves the window by the hour). */
export const FEE_CHECK_MS = 60_000

/** What the fee watch works with. */
export interface FeeWatchDeps {
  readonly clock: Clock
  readonly ledger: Pick<
    Ledger,
    'listAccounts' | 'getAccount' | 'volumeTotalSince' | 'fills' | 'findOrder'
  >
  readonly recorder: Recorder
  readonly book: FeeTierBook
  /** Judges the "fees above schedule" rule (the alert center, by its shape). */
  readonly alerts: { evaluate(accountId: string, measures: AccountMeasures): void }
  /** Each account's broker and price feed now (the accounts' runtime, by its shape). */
  readonly runtime: { broker(accountId: string): Broker; feed(accountId: string): MarketFeed }
  /** The schedule the paper exchange charges. */
  readonly paperSchedule: FeeSchedule
  /** The alert rules now: a window is judged again when they change (a new array each time). */
  readonly rules: () => unknown
  /** New fills arrive here (the engine's bus). */
  readonly onFill: (listener: (accountId: string) => void) => () => void
  /**
   * How often the "fees above schedule" rule judges each account's window, ms (default a
   * minute); 0: never on a timer (tier changes are still journaled on each fill).
   */
  readonly checkMs?: number
}

/** Tier changes, the fee alert and the fee command. */
export class FeeWatch {
  private timer: TimerHandle | null = null
  private stopFills: (() => void) | null = null
  private pending: Promise<void> = Promise.resolve()
  /**
   * When each account's window was last judged (the hour), and accounts with fills since: a
   * window is judged again only when it can have changed, not every minute.
   */
  private readonly judgedHour = new Map<string, number>()
  private readonly dirty = new Set<string>()
  private judgedRules: unknown = null
  /** The exchange's figures as last read, per account: asked at most once a minute. */
  private readonly figures = new Map<
    string,
    { at: number; from: number; figures: AccountFees['exchange'] }
  >()

  constructor(private readonly deps: FeeWatchDeps) {}

  /** Looks at every account now and every minute, and at an account on each of its fills. */
  start(): void {
    const every = this.deps.checkMs ?? FEE_CHECK_MS
    if (every > 0) this.timer = this.deps.clock.setInterval(() => void this.round(), every)
    this.stopFills = this.deps.onFill((accountId) => {
      this.dirty.add(accountId)
      void this.checkTier(accountId)
    })
    void this.round()
  }

  stop(): void {
    this.timer?.cancel()
    this.stopFills?.()
  }

  /** Settles once the tier changes under way are journaled. */
  idle(): Promise<void> {
    return this.pending
  }

  /** The schedule an account is judged by, or why there is none. */
  scheduleOf(account: Account): { schedule: FeeSchedule | null; reason: string | null } {
    if (account.kind === 'paper') return { schedule: this.deps.paperSchedule, reason: null }
    const schedule = scheduleForExchange(account.exchangeId)
    return schedule
      ? { schedule, reason: null }
      : {
          schedule: null,
          reason: `Vigil ships no published fee schedule for ${account.exchangeId ?? 'this exchange'} (it has Coinbase Advanced, Kraken Pro and Binance spot): its fees are measured, not judged.`,
        }
  }

  /** The account's traded notional over the trailing 30 days (whole hours). */
  volume30d(accountId: string): Decimal {
    const since = this.deps.clock.now() - FEE_WINDOW_MS
    return this.deps.ledger.volumeTotalSince(accountId, since)
  }

  /**
   * One round: every account's tier, then the alert rule on its window when the window can
   * have changed (a fill since, or a new hour: fills leave the 30 days).
   */
  async round(): Promise<void> {
    const hour = Math.floor(this.deps.clock.now() / 3_600_000)
    const rules = this.deps.rules()
    if (rules !== this.judgedRules) this.judgedHour.clear()
    this.judgedRules = rules
    for (const account of this.deps.ledger.listAccounts()) {
      await this.checkTier(account.id)
      if (!this.dirty.has(account.id) && this.judgedHour.get(account.id) === hour) continue
      this.dirty.delete(account.id)
      this.judgedHour.set(account.id, hour)
      this.judge(account)
    }
  }

  /** Journals a change of the account's tier, if its volume has moved it. */
  checkTier(accountId: string): Promise<void> {
    const run = this.pending.then(async () => {
      const account = this.deps.ledger.getAccount(accountId)
      if (!account || this.deps.recorder.failure !== null) return
      const { schedule } = this.scheduleOf(account)
      if (!schedule) return
      const volume = this.volume30d(accountId)
      const now = tierPosition(schedule, volume)
      const was = this.deps.book.position(accountId, schedule.id)
      if (now === was) return
      await this.deps.recorder.commit('fees.tier_changed', {
        accountId,
        scheduleId: schedule.id,
        old: was,
        new: now,
        oldFrom: positionFrom(schedule, was),
        newFrom: positionFrom(schedule, now),
        volume30d: str(volume),
      })
    })
    this.pending = run.catch(() => undefined)
    return this.pending
  }

  /** The "fees above schedule" rule on the account's trailing 30 days. */
  judge(account: Account): void {
    const { schedule } = this.scheduleOf(account)
    if (!schedule) return
    const to = this.deps.clock.now() + 1
    const from = to - FEE_WINDOW_MS
    const fills = this.windowFills(account.id, from, to)
    const analysis = analyzeFees(this.inputs(account, schedule, fills))
    const judged = analysis.all.fills - analysis.beyondSchedule
    const published = Number(analysis.all.publishedFees ?? 0)
    this.deps.alerts.evaluate(account.id, {
      fees: {
        fills: judged,
        fees: published + Number(analysis.excess ?? 0),
        published,
        notional: Number(analysis.all.notional),
        from,
        to,
        schedule: scheduleLabel(schedule),
      },
    })
  }

  /** The fee analyzer's answer for one account or all, over [from, to). */
  async view(
    payload: CommandPayload<'costs:fees'>,
    accountIds: readonly string[],
  ): Promise<FeesView> {
    // [from, to): by default up to and including this instant.
    const to = payload.to ?? this.deps.clock.now() + 1
    const from = payload.from ?? to - FEE_WINDOW_MS
    const accounts: AccountFees[] = []
    for (const id of accountIds) {
      const account = this.deps.ledger.getAccount(id)
      if (account) accounts.push(await this.accountView(account, from, to))
    }
    return { from, to, accounts }
  }

  /** The `costs:fees` command. */
  handlers(resolve: (accountId: string | undefined) => Result<string>): Handlers<'costs:fees'> {
    return {
      'costs:fees': async (payload) => {
        let ids: string[]
        if (payload.accountId === undefined) ids = this.deps.ledger.listAccounts().map((a) => a.id)
        else {
          const id = resolve(payload.accountId)
          if (!id.ok) return err(id.error.code, id.error.message)
          ids = [id.value]
        }
        return ok(await this.view(payload, ids))
      },
    }
  }

  private async accountView(account: Account, from: number, to: number): Promise<AccountFees> {
    const { schedule, reason } = this.scheduleOf(account)
    const volume = this.volume30d(account.id)
    const standing = schedule ? tierStanding(schedule, volume) : null
    const fills = this.windowFills(account.id, from, to)
    const analysis = analyzeFees(this.inputs(account, schedule, fills))
    const tiers = this.deps.book.of(account.id)
    const tierChanges: FeeTierChange[] = (tiers?.changes ?? []).map((c) => ({
      ts: c.ts,
      scheduleId: c.scheduleId,
      direction: c.new > c.old ? 'up' : 'down',
      old: c.old,
      new: c.new,
      oldFrom: c.oldFrom,
      newFrom: c.newFrom,
      volume30d: c.volume30d,
    }))
    return {
      accountId: account.id,
      accountName: account.name,
      quoteAsset: account.quoteAsset,
      schedule: schedule ? scheduleView(schedule) : null,
      noSchedule: reason,
      volume30d: str(volume),
      tier: standing?.tier ? tierView(standing.tier) : null,
      next: standing?.next
        ? { tier: tierView(standing.next.tier), volumeNeeded: standing.next.volumeNeeded }
        : null,
      analysis: { ...analysis, fills: analysis.fills.slice(-FILLS_SHOWN) },
      windowFills: fills.length,
      tierChanges,
      exchange: await this.exchangeFigures(account, from, fills),
    }
  }

  private async exchangeFigures(
    account: Account,
    from: number,
    fills: readonly Fill[],
  ): Promise<AccountFees['exchange']> {
    let broker: Broker
    try {
      broker = this.deps.runtime.broker(account.id)
    } catch (error) {
      return { kind: 'unavailable' as const, reason: (error as Error).message }
    }
    if (!broker.exchangeFees)
      return {
        kind: 'unavailable' as const,
        reason: `Account ${account.name} is not connected: the exchange's own fee figures are read when it is.`,
      }
    const now = this.deps.clock.now()
    const cached = this.figures.get(account.id)
    if (
      cached &&
      now - cached.at < EXCHANGE_READ_MS &&
      Math.abs(cached.from - from) < EXCHANGE_READ_MS
    )
      return cached.figures
    try {
      const recorded = fills.map((f) => ({ fillId: f.id, fee: f.fee, feeAsset: f.feeAsset }))
      const figures = compareExchangeFees(await broker.exchangeFees(account.id, from), recorded)
      this.figures.set(account.id, { at: now, from, figures })
      return figures
    } catch (error) {
      return {
        kind: 'unavailable' as const,
        reason: `The exchange's fee figures could not be read: ${(error as Error).message}`,
      }
    }
  }

  /** The account's fills in [from, to), oldest first (older pages read as needed). */
  private windowFills(accountId: string, from: number, to: number): Fill[] {
    for (let limit = 1_000; ; limit *= 4) {
      const newest = this.deps.ledger.fills(accountId, limit)
      const oldest = newest[newest.length - 1]
      if (newest.length < limit || (oldest && oldest.ts < from))
        return newest.filter((f) => f.ts >= from && f.ts < to).reverse()
    }
  }

  private inputs(account: Account, schedule: FeeSchedule | null, fills: readonly Fill[]) {
    const { ledger, book, runtime } = this.deps
    const feeFills: FeeFill[] = fills.map((f) => {
      const placed = ledger.findOrder(account.id, f.orderId)
      return {
        fillId: f.id,
        symbol: f.symbol,
        quantity: f.quantity,
        price: f.price,
        fee: f.fee,
        feeAsset: f.feeAsset,
        liquidity: f.liquidity,
        ts: f.ts,
        placedAt: placed?.createdAt ?? f.ts,
        placedSeq: placed?.seq ?? 0,
      }
    })
    return {
      schedule,
      quoteAsset: account.quoteAsset,
      fills: feeFills,
      volumeAt: (fill: FeeFill) =>
        schedule
          ? book.volumeAt(account.id, schedule, { ts: fill.placedAt, seq: fill.placedSeq ?? 0 })
          : ZERO,
      convert: (asset: string, fill: FeeFill) =>
        convertAt(asset, fill, account.quoteAsset, (symbol, limit) => {
          try {
            return runtime.feed(account.id).candles(symbol, limit)
          } catch {
            return []
          }
        }),
    }
  }
}

function scheduleView(s: FeeSchedule): FeeScheduleView {
  return {
    id: s.id,
    venue: s.venue,
    effective: s.effective,
    dateBasis: s.dateBasis,
    source: s.source,
    sourceUrl: s.sourceUrl,
    volumeAsset: s.volumeAsset,
    knownBelow: s.knownBelow ?? null,
    notes: s.notes ?? [],
  }
}

function tierView(t: {
  index: number
  name?: string
  from: string
  makerRate: string
  takerRate: string
}): FeeTierView {
  return {
    index: t.index,
    name: t.name ?? null,
    from: t.from,
    makerRate: t.makerRate,
    takerRate: t.takerRate,
  }
}
