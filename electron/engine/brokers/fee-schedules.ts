/**
 * Maker/taker fee schedules held as dated configuration, not constants: venues change their
 * schedules, so each one carries the date it took effect and where it was read. The tier in
 * force is a function of the account's trailing 30-day traded notional.
 */
import { dec, type Decimal } from '../core'

/** One row of a schedule: the rates that apply from a 30-day volume upward. */
export interface FeeTier {
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
  /** Where the figures were read, so they can be checked again. */
  readonly source: string
  /** The asset 30-day volume is counted in. */
  readonly volumeAsset: string
  /** Tiers by ascending `from`; the first starts at 0. */
  readonly tiers: readonly FeeTier[]
}

/**
 * Coinbase Advanced (Advanced Trade), in effect from 2022-09-20. Later Coinbase schedules
 * (a $0–$1K tier at 0.60 % maker / 1.20 % taker) exist but their other tiers are not known,
 * so this one stays the example; check coinbase.com/advanced-fees before relying on it.
 */
export const COINBASE_ADVANCED_2022_09_20: FeeSchedule = {
  id: 'coinbase-advanced-2022-09-20',
  venue: 'Coinbase Advanced',
  effective: '2022-09-20',
  source:
    'ccxt/ccxt ts/src/coinbase.ts fees.trading.tiers (stored version 000ed667), matching ' +
    "extracrypto.net's report of Coinbase's 2022-09-20 statement; see quant.md section 5.1",
  volumeAsset: 'USD',
  tiers: [
    { from: '0', makerRate: '0.004', takerRate: '0.006' },
    { from: '10000', makerRate: '0.0025', takerRate: '0.004' },
    { from: '50000', makerRate: '0.0015', takerRate: '0.0025' },
    { from: '100000', makerRate: '0.001', takerRate: '0.002' },
    { from: '1000000', makerRate: '0.0008', takerRate: '0.0018' },
    { from: '15000000', makerRate: '0.0006', takerRate: '0.0016' },
    { from: '75000000', makerRate: '0.0003', takerRate: '0.0012' },
    { from: '250000000', makerRate: '0', takerRate: '0.0008' },
    { from: '400000000', makerRate: '0', takerRate: '0.0005' },
  ],
}

/** Every schedule shipped, by id. */
export const FEE_SCHEDULES: Readonly<Record<string, FeeSchedule>> = {
  [COINBASE_ADVANCED_2022_09_20.id]: COINBASE_ADVANCED_2022_09_20,
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
