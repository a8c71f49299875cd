/**
 * The fee analyzer's answer (`costs:fees`, GET /api/v1/costs/fees): per account, the published
 * schedule it is judged by, its tier from the trailing 30-day volume and the next, what its
 * fills paid against what the schedule publishes, and what the exchange itself reports. Rates
 * and shares are fractions as decimal strings ('0.004' is 0.40 %); amounts are in the account's
 * quote asset.
 */
import type { DecimalString } from './decimal-string'

/** A published schedule, as dated data. */
export interface FeeScheduleView {
  readonly id: string
  readonly venue: string
  /** YYYY-MM-DD. */
  readonly effective: string
  /** 'effective': the venue's own start date; 'as-of': the date the figures were seen in force. */
  readonly dateBasis: 'effective' | 'as-of'
  readonly source: string
  readonly sourceUrl: string
  readonly volumeAsset: string
  /** From this 30-day volume up, the schedule is not known (null: it runs on). */
  readonly knownBelow: DecimalString | null
  readonly notes: readonly string[]
}

/** A tier of a schedule. */
export interface FeeTierView {
  /** 0 for the first. */
  readonly index: number
  readonly name: string | null
  /** Lower bound of trailing 30-day volume, inclusive. */
  readonly from: DecimalString
  readonly makerRate: DecimalString
  readonly takerRate: DecimalString
}

/** One fill against the schedule. */
export interface FillFee {
  readonly fillId: string
  readonly ts: number
  readonly liquidity: 'maker' | 'taker' | null
  readonly notional: DecimalString
  /** The fee in the quote asset (negative: a rebate); null when it could not be converted. */
  readonly feeInQuote: DecimalString | null
  /** How a fee in another asset was converted. */
  readonly conversion: {
    readonly asset: string
    readonly price: DecimalString
    readonly source: string
  } | null
  /** Why the fee could not be converted (it is left out of every rate and total). */
  readonly unconverted: string | null
  readonly effectiveRate: DecimalString | null
  /** The schedule's rate for it, discount applied; null without a schedule or past its end. */
  readonly publishedRate: DecimalString | null
  /** The tier in force when its order was placed. */
  readonly tier: {
    readonly index: number
    readonly from: DecimalString
    readonly name: string | null
  } | null
  /** The asset whose discount applied ('BNB'), if any. */
  readonly discount: string | null
  readonly rebate: boolean
}

/** Fees of a set of fills (all, maker or taker). */
export interface FeeTotals {
  readonly fills: number
  /** Notional of the fills whose fee is known in the quote asset. */
  readonly notional: DecimalString
  /** Net fees, rebates subtracted. */
  readonly fees: DecimalString
  /** What the schedule charges for the fills it judged; null when it judged none. */
  readonly publishedFees: DecimalString | null
  readonly effectiveRate: DecimalString | null
  readonly publishedRate: DecimalString | null
}

/** A window of fills, judged against the schedule. */
export interface FeeAnalysis {
  readonly fills: readonly FillFee[]
  readonly all: FeeTotals
  readonly maker: FeeTotals
  readonly taker: FeeTotals
  /** Fills the venue did not mark maker or taker: judged at the taker rate. */
  readonly unknownLiquidity: number
  /** Maker share of the notional (0–1). */
  readonly makerShare: DecimalString | null
  /** Rebates received (negative fees, as a positive amount). */
  readonly rebates: { readonly fills: number; readonly amount: DecimalString }
  /** Fills with a discounted rate and what the discount saved against the full rate. */
  readonly discounts: { readonly fills: number; readonly saved: DecimalString }
  /** Fills left out: their fee is in an asset Vigil had no price for at the time. */
  readonly unconverted: { readonly fills: number; readonly reasons: readonly string[] }
  /** Fills at a volume past where the schedule is known: measured, not judged. */
  readonly beyondSchedule: number
  /** Net fees minus published fees on the judged fills. */
  readonly excess: DecimalString | null
  /** That excess as a share of the published fees (0.05 = 5 % above). */
  readonly excessShare: DecimalString | null
}

/** A change of tier, as journaled. */
export interface FeeTierChange {
  readonly ts: number
  readonly scheduleId: string
  readonly direction: 'up' | 'down'
  /** Tier indexes (the number of tiers: past where the schedule is known). */
  readonly old: number
  readonly new: number
  readonly oldFrom: DecimalString
  readonly newFrom: DecimalString
  readonly volume30d: DecimalString
}

/** A fill whose fee the exchange reports differently from the one Vigil recorded. */
export interface FeeDifference {
  readonly fillId: string
  readonly recorded: DecimalString
  readonly recordedAsset: string
  readonly exchange: DecimalString
  readonly exchangeAsset: string
}

/** What the venue itself says about fees. */
export type ExchangeFeeFigures =
  | { readonly kind: 'paper'; readonly note: string }
  | {
      readonly kind: 'exchange'
      readonly venue: string
      /** When the figures were read, epoch ms. */
      readonly readAt: number
      /** The account's rates as the exchange reports them (fetchTradingFees / fetchTradingFee). */
      readonly makerRate: DecimalString | null
      readonly takerRate: DecimalString | null
      /** The tier as the exchange reports it, when it does. */
      readonly tier: {
        readonly name: string | null
        readonly from: DecimalString
        readonly volume30d: DecimalString
      } | null
      /** The exchange's own trades (fetchMyTrades) against the recorded fills of the window. */
      readonly trades: {
        readonly checked: number
        readonly matching: number
        readonly differing: readonly FeeDifference[]
        /** Recorded fills the exchange did not list. */
        readonly missing: readonly string[]
      } | null
      /** What could not be read, and why. */
      readonly notes: readonly string[]
    }
  | { readonly kind: 'unavailable'; readonly reason: string }

/** One account's fees. */
export interface AccountFees {
  readonly accountId: string
  readonly accountName: string
  readonly quoteAsset: string
  /** Null when Vigil ships no schedule for the venue (`noSchedule` says why). */
  readonly schedule: FeeScheduleView | null
  readonly noSchedule: string | null
  /** Trailing 30-day traded notional now. */
  readonly volume30d: DecimalString
  /** The tier that volume reaches (null past where the schedule is known, or without one). */
  readonly tier: FeeTierView | null
  readonly next: { readonly tier: FeeTierView; readonly volumeNeeded: DecimalString } | null
  /** The window's fills judged (the newest `FILLS_SHOWN` listed), with its totals. */
  readonly analysis: FeeAnalysis
  /** Fills in the window, all of them (the list may be cut). */
  readonly windowFills: number
  /** Tier changes, oldest first (the latest kept). */
  readonly tierChanges: readonly FeeTierChange[]
  readonly exchange: ExchangeFeeFigures
}

/** The fee analyzer's answer. */
export interface FeesView {
  /** The window, epoch ms [from, to). */
  readonly from: number
  readonly to: number
  readonly accounts: readonly AccountFees[]
}

/** Fills listed per account (the totals cover every fill of the window). */
export const FILLS_SHOWN = 200
