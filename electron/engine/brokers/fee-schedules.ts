/**
 * Maker/taker fee schedules held as dated configuration, not constants: venues change their
 * schedules, so each one carries the date it took effect and where it was read. The tier in
 * force is a function of the account's trailing 30-day traded notional.
 */
import { dec, type Decimal } from '../core'

/** One row of a schedule: the rates that apply from a 30-day volume upward. */
export interface FeeTier {
  /** The venue's name for the tier, when it has one ('VIP 1'). */
  readonly name?: string
  /** Lower bound of trailing 30-day traded notional, in the schedule's volume asset (inclusive). */
  readonly from: string
  /** Rate on fills that rested on the book (a fraction: '0.004' is 0.40 %). */
  readonly makerRate: string
  /** Rate on fills that executed at once. */
  readonly takerRate: string
}

/** A venue's fee schedule as of a date. */
export interface FeeSchedule {
  /** Stable id, e.g. 'coinbase-advanced-2022-09-20'. */
  readonly id: string
  /** The venue's name for people, e.g. 'Coinbase Advanced'. */
  readonly venue: string
  /** The day the schedule took effect (YYYY-MM-DD). */
  readonly effective: string
  /**
   * 'effective': the venue's own date the schedule took effect. 'as-of': the date the figures
   * were seen in force (the day they started is not known).
   */
  readonly dateBasis: 'effective' | 'as-of'
  /** Where the figures were read, so they can be checked again. */
  readonly source: string
  /** The venue's page to check the figures against. */
  readonly sourceUrl: string
  /** The asset 30-day volume is counted in. */
  readonly volumeAsset: string
  /** Tiers by ascending `from`; the first starts at 0. */
  readonly tiers: readonly FeeTier[]
  /**
   * The volume from which the schedule is not known (the source stops there); absent when
   * its last tier runs on without end. A volume at or above it has no published rate here.
   */
  readonly knownBelow?: string
  /** Discounts off every tier's rates, such as Binance's for fees paid in BNB. */
  readonly discounts?: readonly FeeDiscount[]
  /** What else a reader of the figures should know. */
  readonly notes?: readonly string[]
}

/** A discount off the published rates when a fee is paid in an asset. */
export interface FeeDiscount {
  /** The asset the fee must be paid in. */
  readonly feeAsset: string
  /** The share taken off the rate (a fraction: '0.25' is 25 % off). */
  readonly fraction: string
}

/** How a schedule is named to the trader: "Coinbase Advanced (2022-09-20)". */
export function scheduleLabel(schedule: FeeSchedule): string {
  return `${schedule.venue} (${schedule.effective})`
}

/** The tier in force for a trailing 30-day volume: the last one whose lower bound it reaches. */
export function feeTierFor(schedule: FeeSchedule, volume30d: string | Decimal): FeeTier {
  const volume = dec(volume30d)
  let found = schedule.tiers[0]
  if (!found) throw new Error(`Fee schedule ${schedule.id} has no tiers`)
  const from = tierStarts(schedule)
  schedule.tiers.forEach((tier, i) => {
    if (volume.gte(from[i] as Decimal)) found = tier
  })
  return found
}

/** Each schedule's tier thresholds as decimals, parsed once (the paper exchange asks per order). */
const starts = new WeakMap<FeeSchedule, readonly Decimal[]>()

function tierStarts(schedule: FeeSchedule): readonly Decimal[] {
  let found = starts.get(schedule)
  if (!found) {
    found = schedule.tiers.map((tier) => dec(tier.from))
    starts.set(schedule, found)
  }
  return found
}

/** The tier index in force for a volume (see `feeTierFor`). */
export function feeTierIndex(schedule: FeeSchedule, volume30d: string | Decimal): number {
  const volume = dec(volume30d)
  const from = tierStarts(schedule)
  let index = 0
  from.forEach((start, i) => {
    if (volume.gte(start)) index = i
  })
  return index
}

/** Whether the schedule knows the rates at this volume (false past where its source stops). */
export function scheduleKnows(schedule: FeeSchedule, volume30d: string | Decimal): boolean {
  return schedule.knownBelow === undefined || dec(volume30d).lt(schedule.knownBelow)
}

/**
 * The rate published for a fill: the tier's maker or taker rate, less a discount when the fee
 * is paid in the discount's asset.
 */
export function publishedRate(
  schedule: FeeSchedule,
  tier: FeeTier,
  liquidity: 'maker' | 'taker',
  feeAsset: string,
): { rate: Decimal; discount: FeeDiscount | null } {
  const base = dec(liquidity === 'maker' ? tier.makerRate : tier.takerRate)
  const discount = schedule.discounts?.find((d) => d.feeAsset === feeAsset) ?? null
  return { rate: discount ? base.times(dec(1).minus(discount.fraction)) : base, discount }
}
