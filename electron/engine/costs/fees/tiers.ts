/**
 * An account's place in its fee schedule: the tier its trailing 30-day volume reaches, the next
 * one and the volume still needed for it, and each change of tier as the journal records it
 * ('fees.tier_changed'), folded into a book that keeps each account's tier and its latest
 * changes only (the journal keeps them all).
 */
import { feeTierIndex, scheduleKnows, type FeeSchedule, type FeeTier } from '../../brokers'
import { ZERO, dec, str, type Decimal } from '../../core'
import type { Fold, JournalRecord, RecordPayloads } from '../../journal'

/** Tier changes kept per account in memory and the snapshot. */
export const KEPT_TIER_CHANGES = 50

/**
 * The position of a volume in a schedule: the tier's index, or the number of tiers when the
 * volume is past where the schedule is known.
 */
export function tierPosition(schedule: FeeSchedule, volume30d: Decimal): number {
  return scheduleKnows(schedule, volume30d)
    ? feeTierIndex(schedule, volume30d)
    : schedule.tiers.length
}

/** The lower bound of a position's tier (of the unknown part: where the schedule stops). */
export function positionFrom(schedule: FeeSchedule, position: number): string {
  return schedule.tiers[position]?.from ?? schedule.knownBelow ?? '0'
}

/** Where an account stands in its schedule. */
export interface TierStanding {
  /** Null when the volume is past where the schedule is known. */
  readonly tier: (FeeTier & { readonly index: number }) | null
  readonly volume30d: string
  /** The next tier up and the volume still needed to reach it; null at the top. */
  readonly next: {
    readonly tier: FeeTier & { readonly index: number }
    readonly volumeNeeded: string
  } | null
}

/** The tier a 30-day volume reaches, and the next. */
export function tierStanding(schedule: FeeSchedule, volume30d: Decimal): TierStanding {
  const position = tierPosition(schedule, volume30d)
  const row = schedule.tiers[position]
  const nextRow = schedule.tiers[position + 1]
  return {
    tier: row ? { ...row, index: position } : null,
    volume30d: str(volume30d),
    next: nextRow
      ? {
          tier: { ...nextRow, index: position + 1 },
          volumeNeeded: str(dec(nextRow.from).minus(volume30d)),
        }
      : null,
  }
}

/** A journaled tier change, as kept. */
export type TierChange = RecordPayloads['fees.tier_changed'] & {
  readonly ts: number
  /** The record's journal seq: what orders are placed before or after. */
  readonly seq: number
}

/** An account's tier now, and its latest changes (oldest first). */
export interface AccountTiers {
  readonly scheduleId: string
  readonly position: number
  readonly since: number | null
  readonly changes: readonly TierChange[]
}

/** What the snapshot keeps: each account's tier and latest changes. */
export type FeeTierState = Readonly<Record<string, AccountTiers>>

/** Every account's fee tier, folded from the journal. */
export class FeeTierBook {
  private readonly accounts = new Map<string, AccountTiers>()

  apply(record: JournalRecord): void {
    if (record.type !== 'fees.tier_changed') return
    const p = record.payload
    const before = this.accounts.get(p.accountId)?.changes ?? []
    this.accounts.set(p.accountId, {
      scheduleId: p.scheduleId,
      position: p.new,
      since: record.ts,
      changes: [...before, { ...p, ts: record.ts, seq: record.seq }].slice(-KEPT_TIER_CHANGES),
    })
  }

  /** An account's tier position in a schedule (0 until a change was journaled). */
  position(accountId: string, scheduleId: string): number {
    const account = this.accounts.get(accountId)
    return account && account.scheduleId === scheduleId ? account.position : 0
  }

  of(accountId: string): AccountTiers | null {
    return this.accounts.get(accountId) ?? null
  }

  /**
   * A volume inside the tier in force when an order was placed (what the analyzer looks the
   * tier up from): the volume of the last change journaled before the order's intent (by seq;
   * by time for an order without one), or the start of the tier before the first change kept.
   */
  volumeAt(
    accountId: string,
    schedule: FeeSchedule,
    placed: { readonly ts: number; readonly seq: number },
  ): Decimal {
    const changes = (this.accounts.get(accountId)?.changes ?? []).filter(
      (c) => c.scheduleId === schedule.id,
    )
    const before = (c: TierChange): boolean =>
      placed.seq > 0 && c.seq > 0 ? c.seq < placed.seq : c.ts <= placed.ts
    let found: Decimal | null = null
    for (const change of changes) if (before(change)) found = dec(change.volume30d)
    if (found) return found
    const first = changes[0]
    return first ? dec(positionFrom(schedule, first.old)) : ZERO
  }

  toState(): FeeTierState {
    return Object.fromEntries(this.accounts)
  }

  static fromState(state: FeeTierState | undefined): FeeTierBook {
    const book = new FeeTierBook()
    for (const [id, tiers] of Object.entries(state ?? {})) book.accounts.set(id, tiers)
    return book
  }
}

/** The fee tiers as a fold of the journal. */
export const feeTiersFold: Fold<FeeTierBook, FeeTierState> = {
  fromState: (state) => FeeTierBook.fromState(state),
  toState: (book) => book.toState(),
  apply: (book, record) => void book.apply(record),
}
