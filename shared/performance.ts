/**
 * Performance data as the engine computes it and the console shows it: round-trip trades, the
 * trade and daily-return statistics of ../shared/reference/quant.md, execution quality and the
 * equity curve. Undefined values are null, never 0.
 */
import type { DecimalString } from './decimal-string'

/**
 * Fewest daily returns CAGR and Calmar are given for: they raise growth to the power P/N, so a
 * single day's −0.27 % would read as −62 % a year. A month (the rolling Sharpe's window too).
 */
export const MIN_ANNUALIZED_DAYS = 30

/** A metric's value; null when it is undefined for these data (`reasons` says why). */
export type Value = number | null

/** A money figure in USD, an exact decimal string like the ledger's; null when undefined. */
export type Money = DecimalString | null

/**
 * Trade statistics. Undefined values are null, never 0; profit factor may be Infinity. Money
 * figures are exact decimal strings (averages rounded once, to 8 places); ratios are numbers.
 */
export interface TradeMetrics {
  readonly trades: number
  /** pnl > 0 */
  readonly wins: number
  /** pnl < 0 */
  readonly losses: number
  /** pnl = 0: neither a win nor a loss, and it breaks both runs. */
  readonly breakeven: number
  /** wins / trades (a breakeven trade counts in the denominator). */
  readonly winRate: Value
  /** Σ pnl / trades. */
  readonly averageProfit: Money
  /** Profit before fees: net profit + fees. */
  readonly totalProfit: DecimalString
  readonly fees: DecimalString
  /** Σ pnl. */
  readonly netProfit: DecimalString
  /** GP = Σ of positive pnl. */
  readonly grossProfit: DecimalString
  /** GL = |Σ of negative pnl|. */
  readonly grossLoss: DecimalString
  /** GP / wins. */
  readonly averageWin: Money
  /** −GL / losses (negative). */
  readonly averageLoss: Money
  /** Σ pnl≥0 / GL; Infinity when GL = 0 < GP, 0 when GL = GP = 0 < n; null with no trades. */
  readonly profitFactor: Value
  /** averageWin / |averageLoss|. */
  readonly payoffRatio: Value
  /** (wins/n)·averageWin − (losses/n)·|averageLoss| = Σ pnl / n. */
  readonly expectancy: Money
  readonly longestWinRun: number
  readonly longestLossRun: number
  /** max over k of (peak − E_k), E_k = C₀ + Σ_{j≤k} pnl_j with E₀ = C₀ (0 without capital). */
  readonly maxDrawdownAmount: DecimalString
  /** min over k of (E_k / peak − 1) ≤ 0; needs the starting capital C₀. */
  readonly maxDrawdown: Value
  /** fees / GP. */
  readonly feeEfficiency: Value
  readonly holdTimeMeanMs: Value
  readonly holdTimeMedianMs: Value
  /**
   * Share of time at least one trade or position was open: the union of [openedAt, closedAt]
   * (and of still-open positions up to now) inside the period measured (the range shown, up to
   * now); for a bare trade list, the span from the first opening to the last closing.
   */
  readonly exposure: Value
  readonly reasons: Readonly<Partial<Record<keyof TradeMetrics, string>>>
}

/** Statistics of r_1..r_N. Undefined values are null (never 0); `reasons` says why. */
export interface ReturnMetrics {
  /** N, the number of returns (days). */
  readonly days: number
  readonly periodsPerYear: number
  /** mean(r) = Σr / N. */
  readonly meanReturn: Value
  /** std₁(r): sample standard deviation, divisor N − 1. */
  readonly stdev: Value
  /** mean / std₁ · √P (risk-free rate 0). */
  readonly sharpe: Value
  /** √(Σ min(r_i, 0)² / N) over all N periods. */
  readonly downsideDeviation: Value
  /** mean / downsideDeviation · √P (target 0). */
  readonly sortino: Value
  /** E_N − 1 with E₀ = 1, E_t = E_(t−1)·(1 + r_t); null before the first completed day. */
  readonly totalReturn: Value
  /** E_N^(P/N) − 1; null below the fewest days worth annualizing (30 by default). */
  readonly cagr: Value
  /**
   * min over t = 0..N of E_t / max_(s≤t) E_s − 1, E₀ included (≤ 0), of the daily closes; null
   * before the first completed day. Falls within a day are not in it (the minute curve has them).
   */
  readonly maxDrawdown: Value
  /** CAGR / |maxDrawdown|. */
  readonly calmar: Value
  /** Sharpe of the last 30 returns (std₁ with divisor 29, · √P). */
  readonly rollingSharpe: Value
  readonly reasons: Readonly<Partial<Record<keyof ReturnMetrics, string>>>
}

/** How an order ended, for the fill rate; canceled orders that filled nothing do not count. */
export type OrderOutcome = 'executed' | 'rejected' | 'failed'

/** Slippage statistics in basis points; positive is a cost (paid above, or sold below). */
export interface SlippageMetrics {
  readonly orders: number
  readonly meanBps: Value
  /** Median: the middle value, or the mean of the middle two. */
  readonly medianBps: Value
  /** 95th percentile, linear between closest ranks (numpy's default). */
  readonly p95Bps: Value
}

/** Fill rate and slippage. Undefined values are null; `reasons` says why. */
export interface ExecutionMetrics {
  /** Orders that filled something (filled, or canceled after a partial fill). */
  readonly executed: number
  readonly rejected: number
  readonly failed: number
  /** executed / (executed + rejected + failed). */
  readonly fillRate: Value
  readonly slippage: SlippageMetrics
  readonly slippageBySymbol: Readonly<Record<string, SlippageMetrics>>
  readonly reasons: Readonly<Partial<Record<'fillRate' | 'slippage', string>>>
}

/** Long: bought then sold. Short: sold first (only when a sell is larger than the holding). */
export type TradeSide = 'long' | 'short'

/**
 * One round trip: the part of a closing fill that closed earlier lots (like pyfolio's
 * extract_round_trips, one trade per closing fill). Entry price is the lots' volume-weighted
 * price; `openedAt` is the oldest lot's time.
 */
export interface RoundTrip {
  readonly accountId: string
  readonly symbol: string
  readonly side: TradeSide
  readonly openedAt: number
  readonly closedAt: number
  readonly quantity: DecimalString
  readonly entryPrice: DecimalString
  readonly exitPrice: DecimalString
  /** (exit − entry) · quantity for a long, the reverse for a short, before fees. */
  readonly grossPnl: DecimalString
  /** The lots' entry fees pro rata to the quantity closed, plus the closing fill's share. */
  readonly fees: DecimalString
  /** Realized PnL net of fees: grossPnl − fees. */
  readonly pnl: DecimalString
  readonly closeFillId: string
  readonly closeOrderId: string
}

/** What is still open in one account and symbol. */
export interface OpenPosition {
  readonly accountId: string
  readonly symbol: string
  readonly side: TradeSide
  readonly quantity: DecimalString
  /** Volume-weighted entry price of the open lots. */
  readonly entryPrice: DecimalString
  /** Entry fees of the open lots not yet charged to a trade. */
  readonly entryFees: DecimalString
  readonly openedAt: number
}

/** An open position valued at a mark price. */
export interface MarkedPosition extends OpenPosition {
  readonly markPrice: DecimalString
  /**
   * What closing at the mark would realize, before the closing fee and after the open lots'
   * entry fees, so realized + unrealized = equity − starting cash.
   */
  readonly unrealizedPnl: DecimalString
}

/** One sample: the period's start (epoch ms) and the equity at its close. */
export interface EquityPoint {
  readonly ts: number
  readonly equity: number
}

/** Everything the console shows about one account, or all of them. */
export interface PerformanceMetrics {
  readonly trades: TradeMetrics
  readonly execution: ExecutionMetrics
  /** From the daily closes of the equity curve (completed days only). */
  readonly daily: ReturnMetrics
}

/** A point of a time series; null where the value is undefined (a rolling Sharpe's first days). */
export interface SeriesPoint {
  readonly ts: number
  readonly value: number | null
}

/** One order's slippage against its expected price, basis points (positive: a cost). */
export interface SlippagePoint {
  readonly ts: number
  readonly symbol: string
  readonly bps: number
}

/** What the Performance screen shows for one account (or all) over a time range. */
export interface PerformanceView {
  /** Null: every account together. */
  readonly accountId: string | null
  /** The range asked for, epoch ms, [from, to); null ends are open. */
  readonly from: number | null
  readonly to: number | null
  readonly metrics: PerformanceMetrics
  /** Equity at the close of each minute (the last 24 hours) and of each local day. */
  readonly equity: {
    readonly minutes: readonly EquityPoint[]
    readonly days: readonly EquityPoint[]
  }
  /** Rolling 30-day Sharpe, one point per completed day. */
  readonly rollingSharpe: readonly SeriesPoint[]
  readonly slippage: readonly SlippagePoint[]
  /** Round trips in the range, newest first (at most 500). */
  readonly trades: readonly RoundTrip[]
  /** Open positions marked at the current prices. */
  readonly positions: readonly MarkedPosition[]
  /** Realized PnL net of fees, and unrealized PnL at the marks, USD (exact decimals). */
  readonly realizedPnl: DecimalString
  readonly unrealizedPnl: DecimalString
}

/** The alert rules. */
export const ALERT_RULES = [
  'drawdown',
  'win_rate',
  'consecutive_losses',
  'slippage',
  'low_balance',
  'bot_quiet',
  'fees_above_schedule',
  'execution_costs',
] as const
export type AlertRuleId = (typeof ALERT_RULES)[number]

/** A rule's settings (one set for every account; each account is watched on its own). */
export interface AlertRule {
  readonly id: AlertRuleId
  readonly label: string
  readonly enabled: boolean
  /**
   * Drawdown and win rate: a fraction (0.1 = 10 %); losses: a count; slippage: bps; balance:
   * USD; a quiet bot: the grace past its heartbeat interval, seconds; fees above schedule: the
   * tolerance, a fraction of the published fees (0.05 = 5 % above); execution costs: the
   * CUSUM's decision interval h, in the model's σ.
   */
  readonly threshold: number
  readonly unit: '%' | 'trades' | 'bps' | 'USD' | 's' | 'σ'
  readonly severity: 'info' | 'warning' | 'critical'
  /**
   * Win rate: the trades needed before it is judged. Slippage: the last N trades averaged.
   * Fees above schedule: the fills of the 30-day window needed before it is judged.
   */
  readonly minTrades: number
  /** After a condition clears, it is not raised again for this long, ms. */
  readonly cooldownMs: number
  /** Raising this alert also halts the account (the circuit breaker). */
  readonly tripsBreaker: boolean
}

/** Which severities become desktop notifications. */
export interface NotificationSettings {
  readonly info: boolean
  readonly warning: boolean
  readonly critical: boolean
}

/** An alert as the console lists it: raised, then acknowledged, snoozed or cleared. */
export interface AlertItem {
  readonly id: string
  readonly ts: number
  readonly accountId: string | null
  readonly severity: 'info' | 'warning' | 'critical'
  readonly kind: string
  readonly message: string
  /** The rule that raised it (absent for integrity and health alerts). */
  readonly ruleId?: AlertRuleId
  readonly state: 'active' | 'acknowledged' | 'snoozed' | 'cleared'
  readonly acknowledgedAt?: number
  readonly snoozedUntil?: number
  readonly clearedAt?: number
}

/** Rules, notification settings, and the alerts (newest first). */
export interface AlertsStatus {
  readonly rules: readonly AlertRule[]
  readonly notifications: NotificationSettings
  readonly alerts: readonly AlertItem[]
}

/** A daily performance report on disk. */
export interface ReportInfo {
  /** The local day it covers, YYYY-MM-DD. */
  readonly date: string
  readonly generatedAt: number
  /** File names in the data folder's reports/ folder. */
  readonly files: { readonly json: string; readonly csv: string; readonly html: string }
  /** One line: trades, net profit, the verdict against the targets. */
  readonly summary: string
  /** Round trips closed that day: the Reports screen opens the newest day that has some. */
  readonly trades: number
}

/** The design document's validation targets, as settings. */
export interface ValidationTargets {
  /** Win rate at least (fraction). */
  readonly winRate: number
  /** Average profit per trade at least, USD. */
  readonly averageProfit: number
  /** Max drawdown at most (fraction, positive: 0.2 = 20 %). */
  readonly maxDrawdown: number
  readonly sharpe: number
}

/** When daily reports are made and what they compare with. */
export interface ReportSettings {
  /** Local time of day the report for the day before is made, HH:MM. */
  readonly time: string
  /** The baseline period, YYYY-MM-DD inclusive; null: the first 30 days of trading. */
  readonly baseline: { readonly from: string; readonly to: string } | null
  readonly targets: ValidationTargets
}

const MINUTE = 60_000

/** The rules as they start: the defaults. */
export const DEFAULT_ALERT_RULES: readonly AlertRule[] = [
  {
    id: 'drawdown',
    label: 'Drawdown above',
    enabled: true,
    threshold: 0.1,
    unit: '%',
    severity: 'critical',
    minTrades: 1,
    cooldownMs: 15 * MINUTE,
    tripsBreaker: false,
  },
  {
    id: 'win_rate',
    label: 'Win rate below',
    enabled: true,
    threshold: 0.4,
    unit: '%',
    severity: 'warning',
    minTrades: 20,
    cooldownMs: 60 * MINUTE,
    tripsBreaker: false,
  },
  {
    id: 'consecutive_losses',
    label: 'Losing trades in a row, at least',
    enabled: true,
    threshold: 5,
    unit: 'trades',
    severity: 'warning',
    minTrades: 1,
    cooldownMs: 15 * MINUTE,
    tripsBreaker: false,
  },
  {
    id: 'slippage',
    label: 'Average slippage of the last trades above',
    enabled: true,
    threshold: 50,
    unit: 'bps',
    severity: 'warning',
    minTrades: 20,
    cooldownMs: 15 * MINUTE,
    tripsBreaker: false,
  },
  {
    id: 'low_balance',
    label: 'Cash below',
    enabled: true,
    threshold: 1_000,
    unit: 'USD',
    severity: 'critical',
    minTrades: 1,
    cooldownMs: 15 * MINUTE,
    tripsBreaker: false,
  },
  {
    // Watches each bot that sends heartbeats, not an account: quiet once no heartbeat came
    // within its interval plus this grace. Halting is each bot's own setting (Bots screen).
    id: 'bot_quiet',
    label: 'Bot went quiet: no heartbeat within its interval plus',
    enabled: true,
    threshold: 10,
    unit: 's',
    severity: 'critical',
    minTrades: 1,
    cooldownMs: 0,
    tripsBreaker: false,
  },
  {
    // Net fees of the trailing 30 days (the tier's window) against what the published schedule
    // charges for the same fills at the tier in force when each order was placed. 5 % sits
    // under the smallest step between neighbouring tiers of the shipped schedules (Kraken's
    // 0.26 % → 0.24 %, 7.7 %), so fees charged one tier too high are caught, and far above a
    // fee converted at a price a minute off; each fill also gets half a cent for the venue's
    // rounding of its fee, so small fills rounded up never raise it.
    id: 'fees_above_schedule',
    label: 'Fees above the published schedule by more than',
    enabled: true,
    threshold: 0.05,
    unit: '%',
    severity: 'warning',
    minTrades: 10,
    cooldownMs: 60 * MINUTE,
    tripsBreaker: false,
  },
  {
    // Each filled order's miss against the model, in the model's own σ (its band is the 10 %
    // and 90 % points), summed by a one-sided CUSUM with k = ½: raised when the sum passes h.
    // h = 5 finds a rise of 1σ in about 10 orders and false-alarms about once in 900 orders
    // (costs/stats/cusum.ts); a bare "last 30 against earlier" ratio cries wolf on small samples.
    id: 'execution_costs',
    label: 'Execution costs degraded: CUSUM of misses against the model above',
    enabled: true,
    threshold: 5,
    unit: 'σ',
    severity: 'warning',
    minTrades: 1,
    cooldownMs: 60 * MINUTE,
    tripsBreaker: false,
  },
]

export const DEFAULT_NOTIFICATIONS: NotificationSettings = {
  info: false,
  warning: true,
  critical: true,
}

/** The design document's validation targets, and reports made at 00:05 for the day before. */
export const DEFAULT_REPORT_SETTINGS: ReportSettings = {
  time: '00:05',
  baseline: null,
  targets: { winRate: 0.5, averageProfit: 2, maxDrawdown: 0.2, sharpe: 1 },
}

/** An account's equity at the close of a local day, as journaled ('equity.closed'). */
export interface EquityClose {
  readonly accountId: string
  /** The local day, YYYY-MM-DD. */
  readonly day: string
  readonly ts: number
  readonly equity: DecimalString
}

/**
 * Where a period's daily returns came from: the journaled daily equity closes, or (when they do
 * not cover the period) the round trips' PnL on the accounts' starting capital.
 */
export type ReturnsSource = 'equity-closes' | 'trades'

/** A span of local days a report judges, both ends included. */
export interface ReportPeriod {
  /** YYYY-MM-DD. */
  readonly from: string
  readonly to: string
  readonly days: number
  readonly returnsSource: ReturnsSource
  /** In words: where the daily returns came from (and on what capital). */
  readonly note: string
}

/** A value a report shows; null when undefined for the data, with the reason. */
export interface ReportValue {
  readonly value: number | null
  readonly reason?: string
}

/** How a report value is written: $, %, bps, a count or a plain ratio. */
export type ReportUnit = 'USD' | 'fraction' | 'bps' | 'count' | 'ratio'

/** One day's numbers, for all accounts or one. */
export interface DaySummary {
  /** Orders created that day, and how many of them the gate refused. */
  readonly orders: number
  readonly rejected: number
  readonly fills: number
  /** Notional traded (Σ quantity · price of the day's fills), USD. */
  readonly volume: number
  /** Fees of the day's fills (opening and closing), USD. */
  readonly feesPaid: number
  /** Round trips closed that day: wins, losses, net profit after fees, ... */
  readonly trades: TradeMetrics
  /** The ledger's realized PnL of the day's fills (average cost, net of every fee paid). */
  readonly realizedPnl: ReportValue
  readonly equityOpen: ReportValue
  readonly equityClose: ReportValue
  readonly equityChange: ReportValue
  /** Deepest fall below the running peak during the day, a fraction ≤ 0, and in USD. */
  readonly maxIntradayDrawdown: ReportValue
  readonly maxIntradayDrawdownAmount: ReportValue
  /** Positions at the close valued at the last fill prices, over the equity at the close. */
  readonly grossExposure: ReportValue
  /** Where the open and close came from: journaled closes, rebuilt from fills, or both. */
  readonly equitySource: 'equity-closes' | 'fills' | 'mixed'
}

/** One account's day. */
export interface AccountDaySummary extends DaySummary {
  readonly accountId: string
  readonly name: string
}

/** A metric of the day and of the period to date, side by side with the baseline's. */
export interface ComparisonRow {
  readonly metric: string
  readonly label: string
  readonly unit: ReportUnit
  /** Whether a higher value is better (true), worse (false), or neither (null). */
  readonly higherIsBetter: boolean | null
  readonly baseline: ReportValue
  readonly day: ReportValue
  readonly toDate: ReportValue
  /** day − baseline and toDate − baseline; null when either side is undefined or infinite. */
  readonly dayDifference: number | null
  readonly toDateDifference: number | null
}

/** One validation target judged over the period to date. */
export interface TargetResult {
  readonly target: keyof ValidationTargets
  readonly label: string
  readonly unit: ReportUnit
  readonly comparator: '>=' | '<='
  readonly threshold: number
  readonly actual: ReportValue
  /** 'undefined': the metric is undefined for the data (the reason is in `actual`). */
  readonly status: 'pass' | 'fail' | 'undefined'
  /** The numbers behind it and the period, in words. */
  readonly detail: string
}

/** The recommendation rules of a daily report. */
export const RECOMMENDATION_RULES = [
  'no_trades',
  'fee_efficiency',
  'slippage',
  'win_rate',
  'average_profit',
  'drawdown',
  'sharpe',
  'loss_streak',
  'rejections',
] as const
export type RecommendationRule = (typeof RECOMMENDATION_RULES)[number]

/** What a rule found in the data: what to consider, and why, with the numbers. */
export interface Recommendation {
  readonly rule: RecommendationRule
  readonly severity: 'info' | 'warning' | 'critical'
  readonly message: string
  readonly why: string
}

/** A local day's close on the report's daily equity chart. */
export interface DailyEquityPoint {
  /** YYYY-MM-DD, and the local day's start (epoch ms). */
  readonly day: string
  readonly ts: number
  readonly equity: number
  /** The day's return; null on a day that has none (equity gone, or no base). */
  readonly return: number | null
  /** Rolling 30-day Sharpe ending that day; null for the first 29 days. */
  readonly rollingSharpe: number | null
}

/** The daily performance report of one local day: the model the JSON, CSV and HTML show. */
/** The daily report's execution costs against the model (bps of the arrival mid, + = cost). */
export interface ExpectedCostsSection {
  /** The day's filled orders that carried the model's estimate. */
  readonly orders: number
  readonly medianExpectedBps: number | null
  readonly medianActualBps: number | null
  /** Median of actual − expected. */
  readonly medianMissBps: number | null
  /** Orders whose actual cost fell inside the model's band (its 10 % to 90 % points). */
  readonly inBand: {
    readonly inside: number
    readonly total: number
    readonly share: number
  } | null
  /** Implementation shortfall with fees, USD. */
  readonly shortfallUsd: number
  /** The day's three orders dearest against the model. */
  readonly worst: readonly {
    readonly orderId: string
    readonly symbol: string
    readonly side: 'buy' | 'sell'
    readonly expectedBps: number
    readonly actualBps: number
  }[]
  /** The tests over every order to date (Wilcoxon, Mann–Whitney, the median ratio's interval). */
  readonly toDate: {
    readonly orders: number
    readonly verdict: 'not-enough-fills' | 'ok' | 'biased' | 'degraded'
    readonly words: readonly string[]
  }
}

export interface DailyReport {
  readonly version: 1
  /** The local day, YYYY-MM-DD, in `timeZone`; [dayStart, dayEnd) in epoch ms. */
  readonly date: string
  readonly timeZone: string
  readonly dayStart: number
  readonly dayEnd: number
  readonly generatedAt: number
  /** One line: trades, net profit, the verdict against the targets (ReportInfo.summary). */
  readonly headline: string
  readonly settings: ReportSettings
  /** Accounts that existed by the end of the day. */
  readonly accounts: readonly {
    readonly id: string
    readonly name: string
    readonly kind: string
  }[]
  readonly summary: DaySummary
  readonly perAccount: readonly AccountDaySummary[]
  /** Every round trip closed that day, in closing order. */
  readonly trades: readonly RoundTrip[]
  /** The day's five best trades (pnl > 0, best first) and five worst (pnl < 0, worst first). */
  readonly topWinners: readonly RoundTrip[]
  readonly topLosers: readonly RoundTrip[]
  /** From the first day with a fill to this day; null before any fill. */
  readonly period: ReportPeriod | null
  /** The baseline: the first 30 days of trading, or the chosen period. */
  readonly baseline:
    | (ReportPeriod & {
        readonly chosen: 'first-30-days' | 'settings'
        /** False while the baseline reaches past this day (only its days so far count). */
        readonly complete: boolean
      })
    | null
  /** Why there is no baseline or it holds no data; null when it has some. */
  readonly baselineNote: string | null
  readonly comparison: readonly ComparisonRow[]
  /** Each target judged over the period to date; the verdict is 'pass' only if all pass. */
  readonly targets: {
    readonly results: readonly TargetResult[]
    readonly verdict: 'pass' | 'fail' | 'incomplete'
  }
  readonly risk: {
    /** Daily returns over the period to date: Sharpe, Sortino, Calmar, drawdown, rolling Sharpe. */
    readonly daily: ReturnMetrics
    /** Round trips over the period to date (exposure, drawdown in USD, ...). */
    readonly trades: TradeMetrics
    /** The last daily close against the highest before it, a fraction ≤ 0. */
    readonly currentDrawdown: ReportValue
    /** The highest daily close so far; `day` null when it is the equity the period started with. */
    readonly peak: { readonly day: string | null; readonly equity: number } | null
  }
  readonly slippage: {
    /** The day's orders; `toDate` over the period. */
    readonly day: ExecutionMetrics
    readonly toDate: ExecutionMetrics
    readonly points: readonly SlippagePoint[]
  }
  /** Execution costs against the model's estimates (absent in reports made before the model). */
  readonly expectedCosts?: ExpectedCostsSection
  readonly fees: {
    /** Fees of the day's fills, by liquidity, USD. */
    readonly paid: number
    readonly maker: number
    readonly taker: number
    readonly makerFills: number
    readonly takerFills: number
    /** Fees of the round trips closed that day over their gross profit. */
    readonly feeEfficiency: ReportValue
    readonly toDateFeeEfficiency: ReportValue
  }
  readonly charts: {
    /** Equity of all accounts at the open, after each fill (at fill prices), and at the close. */
    readonly intraday: readonly EquityPoint[]
    /**
     * Daily closes over the period to date (and a baseline before it), with the rolling 30-day
     * Sharpe; the first point is the equity the first day started from.
     */
    readonly daily: readonly DailyEquityPoint[]
  }
  readonly recommendations: readonly Recommendation[]
}
