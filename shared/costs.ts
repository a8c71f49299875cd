/**
 * The expected cost of an order before it is placed: what the engine's slippage model says,
 * in basis points of the arrival mid and in the quote currency, with a band and its parts.
 * Positive = a cost (the fill worse than the mid), negative = an improvement.
 */

/** The volatility regime: the short ATR against its longer average. */
export type CostRegime = 'calm' | 'normal' | 'volatile'

/** One part of the expected cost. */
export interface CostPart {
  /** Basis points of the arrival mid. */
  readonly bps: number
  /** Quote currency (USD): bps / 10,000 × quantity × arrival mid. */
  readonly usd: number
  /** What it rests on, in words with units ("spread 1.20 bps"). */
  readonly basis: string
}

/** The parts, each on its own; they add up to the expected cost. */
export interface CostParts {
  /** Crossing half the quoted spread (the touch against the mid). */
  readonly halfSpread: CostPart
  /** The price moving against the order while it is in flight (σ from the ATR). */
  readonly volatility: CostPart
  /** Walking the visible book past the best level. */
  readonly bookWalk: CostPart
  /** The square-root law Y·σ·√(Q/V), at the day's average activity and a normal regime. */
  readonly impact: CostPart
  /** The impact's change for how busy this hour of the week is. */
  readonly timeOfDay: CostPart
  /** The impact's change for the volatility regime. */
  readonly regime: CostPart
}

/** A model estimate of an order's cost. */
export interface SlippageEstimate {
  readonly ok: true
  /** The mid the cost is measured from (the arrival price). */
  readonly arrivalMid: number
  /** Expected cost: the sum of the parts. */
  readonly bps: number
  readonly usd: number
  /**
   * The band: low and high are the cost with the impact prefactor one prior standard deviation
   * lower and higher, and the price moving 1.28 σ for or against the order in flight (its 10 %
   * and 90 % points). About eight orders in ten like this one should land inside.
   */
  readonly band: {
    readonly lowBps: number
    readonly highBps: number
    readonly lowUsd: number
    readonly highUsd: number
  }
  readonly parts: CostParts
  /**
   * How size is priced: `book-walk` when the order fits in the visible book (the walk is exact),
   * `beyond-book` when it is larger (the walk prices what is visible, the rest at the last
   * visible level, and the square-root law carries the depth the book does not show).
   */
  readonly sizeMethod: 'book-walk' | 'beyond-book'
  /** Base units visible on the side the order takes. */
  readonly visibleQuantity: number
  /** Quantity over 24-hour volume. */
  readonly participation: number
  /** The quoted spread at arrival, bps of the mid. */
  readonly spreadBps: number
  /** Daily volatility σ_D (a fraction) the impact used. */
  readonly dailyVolatility: number
  readonly regime: CostRegime
  /** The seed design's naive formula, for comparison only; never used for a decision. */
  readonly naiveBps: number
}

/** The estimate, or why there is none. */
export type CostEstimate = SlippageEstimate | { readonly ok: false; readonly reason: string }

/**
 * The estimate as an order keeps it (journaled with the intent, returned with the order): the
 * figures, in bps of the arrival mid and USD, without the words. `reason` alone when the
 * engine had no estimate.
 */
export type OrderCostEstimate =
  | {
      /** The arrival mid. */
      readonly mid: number
      readonly bps: number
      readonly usd: number
      /** The band, bps (see SlippageEstimate.band). */
      readonly lowBps: number
      readonly highBps: number
      /** Each part, bps. */
      readonly parts: { readonly [K in keyof CostParts]: number }
      readonly sizeMethod: SlippageEstimate['sizeMethod']
      /**
       * What calibration fits against: the spread (bps), σ_D and Q/V at arrival. Absent in
       * orders journaled before they were kept.
       */
      readonly inputs?: {
        readonly spreadBps: number
        readonly dailyVolatility: number
        readonly participation: number
      }
      readonly regime: CostRegime
      /** The seed's naive formula, bps, for comparison only. */
      readonly naiveBps: number
    }
  | { readonly reason: string }

/** Rounds to 1e-4 (of a bp or a dollar cent's hundredth): the journal keeps what matters. */
function r4(x: number): number {
  // `|| 0`: a tiny negative rounds to 0, not −0.
  return Math.round(x * 10_000) / 10_000 || 0
}

/** The order's copy of an estimate. */
export function orderCostEstimate(e: CostEstimate): OrderCostEstimate {
  if (!e.ok) return { reason: e.reason }
  const p = e.parts
  return {
    mid: e.arrivalMid,
    bps: r4(e.bps),
    usd: r4(e.usd),
    lowBps: r4(e.band.lowBps),
    highBps: r4(e.band.highBps),
    parts: {
      halfSpread: r4(p.halfSpread.bps),
      volatility: r4(p.volatility.bps),
      bookWalk: r4(p.bookWalk.bps),
      impact: r4(p.impact.bps),
      timeOfDay: r4(p.timeOfDay.bps),
      regime: r4(p.regime.bps),
    },
    sizeMethod: e.sizeMethod,
    inputs: {
      spreadBps: r4(e.spreadBps),
      dailyVolatility: Number(e.dailyVolatility.toPrecision(6)),
      participation: Number(e.participation.toPrecision(6)),
    },
    regime: e.regime,
    naiveBps: r4(e.naiveBps),
  }
}

/**
 * Actual against expected over an account's recent orders (`costs:summary`, GET
 * /api/v1/costs): every figure in bps of the arrival mid or USD, positive = a cost.
 */

/** One ended order that filled at least in part, as the Costs screen plots it. */
export interface CostPoint {
  /** Journal seq of the order's intent: the points' order. */
  readonly seq: number
  /** When the order ended (epoch ms). */
  readonly ts: number
  readonly orderId: string
  readonly accountId: string
  readonly symbol: string
  readonly side: 'buy' | 'sell'
  /** Filled quantity × arrival mid, USD. */
  readonly notionalUsd: number
  /** Hour of day (0–23) of the intent in the trader's time zone. */
  readonly hour: number
  /** The model's expected cost and band at intent (null: the order had no estimate). */
  readonly expectedBps: number | null
  readonly lowBps: number | null
  readonly highBps: number | null
  readonly regime: CostRegime | null
  /** Slippage of the average fill against the arrival mid. */
  readonly actualBps: number
  /** actual − expected (null without an estimate). */
  readonly vsExpectedBps: number | null
  /** The miss in the model's own σ (the band's width / 2.563): what CUSUM adds up. */
  readonly z: number | null
  /** The CUSUM statistic after this order (null: not counted, no estimate). */
  readonly cusum: number | null
  readonly feesUsd: number
  /** Implementation shortfall with fees (and the opportunity cost of what did not fill, when known). */
  readonly shortfallUsd: number
  readonly shortfallBps: number
}

/** One group of the breakdowns (symbol, size bucket, hour of day, regime). */
export interface CostGroupView {
  readonly key: string
  readonly orders: number
  readonly filled: number
  readonly medianArrivalBps: number | null
  readonly meanArrivalBps: number | null
  readonly meanExpectedBps: number | null
  readonly medianVsExpectedBps: number | null
  readonly shortfallUsd: number
  readonly shortfallBps: number | null
}

/** The live alarm: a one-sided CUSUM on z (k, h), and where the latest rise began. */
export interface CostAlarm {
  readonly k: number
  readonly h: number
  /** S now. */
  readonly statistic: number
  /** S is above h and has not come back to 0 since. */
  readonly active: boolean
  /** Alarm episodes since the account's first estimated order. */
  readonly episodes: number
  /** The latest alarm: the order that crossed h, and the first order of the rise. */
  readonly alarmSeq: number | null
  readonly alarmTs: number | null
  readonly changeSeq: number | null
  readonly changeTs: number | null
}

/** The statistical tests over the window (none below `minFills`: "not enough fills"). */
export interface CostTests {
  readonly verdict: 'not-enough-fills' | 'ok' | 'biased' | 'degraded'
  /** The verdict and each test in words. */
  readonly words: readonly string[]
  readonly n: number
  readonly minFills: number
  /** Wilcoxon signed-rank on z: is the model biased low (actual > expected)? One-sided p. */
  readonly bias: { readonly p: number; readonly medianMissBps: number } | null
  /** Mann–Whitney U: are the recent orders worse than the ones before? One-sided p. */
  readonly recentVsBaseline: {
    readonly p: number
    readonly recent: number
    readonly baseline: number
  } | null
  /** Bootstrap 95 % interval of the median actual/expected (orders expected ≥ 0.5 bps). */
  readonly medianRatio: {
    readonly median: number
    readonly low: number
    readonly high: number
    readonly n: number
    readonly excluded: number
  } | null
}

/** A coefficient as fitted: its value and standard error. */
export interface Fitted {
  readonly value: number
  readonly se: number
}

/** The model's coefficients fitted from the account's taker fills. */
export interface CostCalibration {
  readonly status: 'fitted' | 'not-enough-fills' | 'not-separable'
  /** Usable fills in the window, and the least a fit needs. */
  readonly fills: number
  readonly minFills: number
  /** The spread coefficient a and the impact prefactor Y (absent unless fitted). */
  readonly spread?: Fitted
  readonly impact?: Fitted
  /** What the model uses until then (its defaults). */
  readonly prior: { readonly spread: number; readonly impact: number }
  /**
   * What the model prices the account's next order with: the latest fit once it is plausible
   * and Y is known to within 25 %, else the defaults; why, in words. Null for all accounts.
   */
  readonly inUse: {
    readonly source: 'fitted' | 'prior'
    readonly spread: number
    readonly impact: number
    readonly reason: string
  } | null
  /** Why there is no fit, in words (absent when fitted). */
  readonly reason?: string
  /** Past fits, oldest first: one every CALIBRATION_HISTORY_EVERY usable fills. */
  readonly history: readonly {
    readonly ts: number
    readonly fills: number
    readonly spread: Fitted
    readonly impact: Fitted
  }[]
}

/** What the validation plan reads: is execution within the model's predictions? */
export interface CostValidation {
  /** Orders whose actual cost fell inside the model's band, of those with an estimate. */
  readonly inBand: {
    readonly inside: number
    readonly total: number
    readonly share: number
  } | null
  /** The share the band is built for (about eight in ten). */
  readonly bandCoverage: number
  /** The bias test's one-sided p (null: not enough orders). */
  readonly biasP: number | null
  /** The tests' verdict. */
  readonly verdict: CostTests['verdict']
}

/** Actual against expected for one account (or all). */
export interface CostSummary {
  /** Null: every account. */
  readonly accountId: string | null
  /** The most recent orders kept per account. */
  readonly window: number
  /** The recent orders that filled, oldest first. */
  readonly points: readonly CostPoint[]
  readonly bySymbol: readonly CostGroupView[]
  readonly bySize: readonly CostGroupView[]
  readonly byHour: readonly CostGroupView[]
  readonly byRegime: readonly CostGroupView[]
  readonly tests: CostTests
  /** Per account (the alarm is an account's own); empty when no order had an estimate. */
  readonly alarms: readonly (CostAlarm & { readonly accountId: string })[]
  readonly calibration: CostCalibration
  readonly validation: CostValidation
}
