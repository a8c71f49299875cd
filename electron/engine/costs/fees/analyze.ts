/**
 * The fee analyzer: what each fill paid (its fee over its notional, in the quote asset) against
 * what the venue's schedule publishes for the tier in force when the order was placed, and the
 * same over a window: maker/taker mix, rebates, discounts. Pure functions of their inputs.
 *
 * Conventions: notional = quantity × price (quote asset); a negative fee is a rebate; a fee paid
 * in another asset is converted with the price the caller had at the fill's time (or left out,
 * counted and explained, when there was none); a fill whose liquidity is not known is held to
 * the taker rate, the higher one, so an honest fee is never called "above schedule".
 */
import {
  feeTierIndex,
  publishedRate,
  scheduleKnows,
  type FeeSchedule,
  type FeeTier,
} from '../../brokers'
import type { FeeAnalysis, FeeTotals, FillFee } from '../../../../shared/fees'
import { ZERO, dec, str, type Decimal } from '../../core'

/** One fill as the analyzer reads it. */
export interface FeeFill {
  readonly fillId: string
  readonly symbol: string
  readonly quantity: string
  readonly price: string
  /** Negative for a rebate. */
  readonly fee: string
  readonly feeAsset: string
  /** Null when the venue did not say. */
  readonly liquidity: 'maker' | 'taker' | null
  readonly ts: number
  /** When its order was placed: the tier in force then is the one that applies. */
  readonly placedAt: number
  /** The journal seq of its order's intent (0 when not known): orders the same instant. */
  readonly placedSeq?: number
}

/** A fee asset's price in the quote asset at a fill's time, or why there is none. */
export type FeeConversion =
  | { readonly price: Decimal; readonly source: string }
  | { readonly price: null; readonly reason: string }

/** What the analyzer is given. */
export interface FeeInputs {
  /** Null when Vigil ships no schedule for the venue: rates are measured, not judged. */
  readonly schedule: FeeSchedule | null
  readonly quoteAsset: string
  readonly fills: readonly FeeFill[]
  /**
   * The account's trailing 30-day volume when the fill's order was placed (the tier is looked
   * up from it).
   */
  readonly volumeAt: (fill: FeeFill) => Decimal
  /** The price of `asset` in the quote asset at the fill's time. */
  readonly convert: (asset: string, fill: FeeFill) => FeeConversion
}

/** Rates and shares are kept to 12 significant digits: plenty for a fraction of a basis point. */
const rate = (value: Decimal): string => str(value.toSignificantDigits(12))

/** Judges each fill and sums them. */
export function analyzeFees(inputs: FeeInputs): FeeAnalysis {
  const fills = inputs.fills.map((fill) => judge(fill, inputs))
  const sums = { all: new Sum(), maker: new Sum(), taker: new Sum() }
  let rebates = { fills: 0, amount: ZERO }
  let discounts = { fills: 0, saved: ZERO }
  const reasons: string[] = []
  let unconverted = 0
  let beyond = 0
  let unknownLiquidity = 0
  inputs.fills.forEach((fill, i) => {
    const judged = fills[i] as FillFee
    if (judged.liquidity === null) unknownLiquidity++
    if (judged.feeInQuote === null) {
      unconverted++
      if (judged.unconverted && reasons.length < 5 && !reasons.includes(judged.unconverted))
        reasons.push(judged.unconverted)
      return
    }
    if (inputs.schedule && judged.tier === null) beyond++
    const fee = dec(judged.feeInQuote)
    const notional = dec(judged.notional)
    const published = judged.publishedRate === null ? null : notional.times(judged.publishedRate)
    sums.all.add(notional, fee, published)
    sums[judged.liquidity ?? 'taker'].add(notional, fee, published)
    if (fee.isNegative()) rebates = { fills: rebates.fills + 1, amount: rebates.amount.minus(fee) }
    if (judged.discount && judged.tier && inputs.schedule) {
      const tier = inputs.schedule.tiers[judged.tier.index] as FeeTier
      const full = dec(judged.liquidity === 'maker' ? tier.makerRate : tier.takerRate)
      discounts = {
        fills: discounts.fills + 1,
        saved: discounts.saved.plus(notional.times(full.minus(judged.publishedRate as string))),
      }
    }
  })
  const all = sums.all
  const judgedExcess = all.judgedFees.minus(all.published)
  return {
    fills,
    all: all.totals(),
    maker: sums.maker.totals(),
    taker: sums.taker.totals(),
    unknownLiquidity,
    makerShare: all.notional.isZero() ? null : rate(sums.maker.notional.dividedBy(all.notional)),
    rebates: { fills: rebates.fills, amount: str(rebates.amount) },
    discounts: { fills: discounts.fills, saved: str(discounts.saved) },
    unconverted: { fills: unconverted, reasons },
    beyondSchedule: beyond,
    excess: all.judged === 0 ? null : str(judgedExcess),
    excessShare:
      all.judged === 0 || all.published.isZero()
        ? null
        : rate(judgedExcess.dividedBy(all.published)),
  }
}

/** One fill against the schedule. */
export function judge(
  fill: FeeFill,
  inputs: Pick<FeeInputs, 'schedule' | 'quoteAsset' | 'volumeAt' | 'convert'>,
): FillFee {
  const notional = dec(fill.quantity).abs().times(fill.price)
  let feeInQuote: Decimal | null = null
  let conversion: FillFee['conversion'] = null
  let unconverted: string | null = null
  if (fill.feeAsset === inputs.quoteAsset || dec(fill.fee).isZero()) feeInQuote = dec(fill.fee)
  else {
    const converted = inputs.convert(fill.feeAsset, fill)
    if (converted.price === null) unconverted = converted.reason
    else {
      feeInQuote = dec(fill.fee).times(converted.price)
      conversion = { asset: fill.feeAsset, price: str(converted.price), source: converted.source }
    }
  }
  let tier: FillFee['tier'] = null
  let published: string | null = null
  let discount: string | null = null
  const { schedule } = inputs
  if (schedule) {
    const volume = inputs.volumeAt(fill)
    if (scheduleKnows(schedule, volume)) {
      const index = feeTierIndex(schedule, volume)
      const row = schedule.tiers[index] as FeeTier
      tier = { index, from: row.from, name: row.name ?? null }
      const p = publishedRate(schedule, row, fill.liquidity ?? 'taker', fill.feeAsset)
      published = rate(p.rate)
      discount = p.discount?.feeAsset ?? null
    }
  }
  return {
    fillId: fill.fillId,
    ts: fill.ts,
    liquidity: fill.liquidity,
    notional: str(notional),
    feeInQuote: feeInQuote === null ? null : str(feeInQuote),
    conversion,
    unconverted,
    effectiveRate:
      feeInQuote === null || notional.isZero() ? null : rate(feeInQuote.dividedBy(notional)),
    publishedRate: published,
    tier,
    discount,
    rebate: feeInQuote !== null && feeInQuote.isNegative(),
  }
}

/** Running totals of notional and fees. */
class Sum {
  fills = 0
  notional = ZERO
  fees = ZERO
  /** Fills the schedule judged, their fees and what it publishes for them. */
  judged = 0
  judgedNotional = ZERO
  judgedFees = ZERO
  published = ZERO

  add(notional: Decimal, fee: Decimal, published: Decimal | null): void {
    this.fills++
    this.notional = this.notional.plus(notional)
    this.fees = this.fees.plus(fee)
    if (published === null) return
    this.judged++
    this.judgedNotional = this.judgedNotional.plus(notional)
    this.judgedFees = this.judgedFees.plus(fee)
    this.published = this.published.plus(published)
  }

  totals(): FeeTotals {
    const some = this.judged > 0 && !this.judgedNotional.isZero()
    return {
      fills: this.fills,
      notional: str(this.notional),
      fees: str(this.fees),
      publishedFees: this.judged > 0 ? str(this.published) : null,
      effectiveRate: this.notional.isZero() ? null : rate(this.fees.dividedBy(this.notional)),
      publishedRate: some ? rate(this.published.dividedBy(this.judgedNotional)) : null,
    }
  }
}
