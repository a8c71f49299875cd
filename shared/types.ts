/**
 * Serializable domain types shared by the engine, the hosts and the renderer.
 * Money and quantities are decimal strings; times are epoch milliseconds.
 */

import type { DecimalString } from './decimal-string'

export type { DecimalString } from './decimal-string'

/** Symbols the simulated market streams. */
export const SYMBOLS = ['BTC-USD', 'ETH-USD', 'SOL-USD'] as const
/** A tradable symbol. */
export type MarketSymbol = (typeof SYMBOLS)[number]

/** Order sides. */
export const SIDES = ['buy', 'sell'] as const
/** Buy or sell. */
export type Side = (typeof SIDES)[number]

/** Order types: market (fills now at what the book offers) and limit (no worse than a price). */
export const ORDER_TYPES = ['market', 'limit'] as const
/** The type of an order. */
export type OrderType = (typeof ORDER_TYPES)[number]

/** Where an order intent came from. */
/** Who sent an order: the ticket, the REST API, a strategy, or a drill's probe. */
export type OrderSource = 'ticket' | 'api' | 'strategy' | 'drill'

/**
 * Life cycle of an order: `pending` (intent journaled, gate passed, not yet acknowledged),
 * `open` (acknowledged by the broker), then one terminal state.
 */
export type OrderStatus = 'pending' | 'open' | 'filled' | 'rejected' | 'canceled' | 'failed'

/** Statuses after which an order never changes again. */
export const TERMINAL_STATUSES: readonly OrderStatus[] = [
  'filled',
  'rejected',
  'canceled',
  'failed',
]

/** One named pre-execution check and its outcome. */
export interface GateCheck {
  readonly name: string
  readonly passed: boolean
  /** Machine-readable reason, e.g. INSUFFICIENT_BALANCE; 'OK' when passed. */
  readonly code: string
  readonly message: string
}

/** An order as the ledger knows it. */
export interface Order {
  readonly id: string
  readonly clientOrderId: string
  readonly accountId: string
  readonly symbol: MarketSymbol
  readonly side: Side
  readonly type: OrderType
  readonly quantity: DecimalString
  /** The limit price of a limit order; null for a market order. */
  readonly limitPrice: DecimalString | null
  readonly source: OrderSource
  /** The bot that placed it (its X-Vigil-Bot name); absent for the console's and strategies' orders. */
  readonly bot?: string
  readonly status: OrderStatus
  readonly filledQuantity: DecimalString
  /** Volume-weighted average fill price, or null before any fill. */
  readonly averagePrice: DecimalString | null
  readonly fee: DecimalString
  /** The market price the order was checked against. */
  readonly expectedPrice: DecimalString | null
  /**
   * The expected slippage at intent against the arrival mid (or why there was none); absent
   * for orders placed before the model existed.
   */
  readonly expectedCost?: OrderCostEstimate
  readonly createdAt: number
  readonly updatedAt: number
  /** The gate's checks, once it has decided. */
  readonly checks: readonly GateCheck[]
  /** Why the order was rejected or failed, in full words. */
  readonly reason: string | null
  /** The journal seq of the order's intent: the order lists sort by it (0 from an older snapshot). */
  readonly seq: number
}

/** One execution against an order. */
export interface Fill {
  readonly id: string
  readonly orderId: string
  readonly clientOrderId: string
  readonly accountId: string
  readonly symbol: MarketSymbol
  readonly side: Side
  readonly quantity: DecimalString
  readonly price: DecimalString
  readonly fee: DecimalString
  readonly feeAsset: string
  readonly liquidity: 'maker' | 'taker'
  readonly ts: number
  /** Profit or loss this fill realized, net of its fee (a buy realizes minus its fee). */
  readonly realizedPnl?: DecimalString
  /** The journal seq of the fill's record: fill lists sort by it (0 from an older snapshot). */
  readonly seq: number
}

/** A holding of one symbol in one account (spot: long only). */
export interface Position {
  readonly accountId: string
  readonly symbol: MarketSymbol
  readonly quantity: DecimalString
  /** Average cost per unit, fees excluded. */
  readonly averagePrice: DecimalString
  /** Realized profit and loss of this symbol, net of the fees of closing sells. */
  readonly realizedPnl: DecimalString
}

/** Cash of one asset in one account. */
export interface Balance {
  readonly accountId: string
  readonly asset: string
  readonly total: DecimalString
  /** Total less what open orders reserve. */
  readonly available: DecimalString
}

/** Paper accounts trade on the paper exchange; exchange accounts on a real one through ccxt. */
export type AccountKind = 'paper' | 'exchange'

/** Where a paper account's prices come from. */
export type PriceSource = 'simulator' | 'live'

/** A trading account and its settings (never its secrets). */
export interface Account {
  readonly id: string
  readonly name: string
  readonly kind: AccountKind
  readonly quoteAsset: string
  readonly createdAt: number
  /** The ccxt exchange id: the exchange of an exchange account, the live prices of a paper one. */
  readonly exchangeId: string | null
  /** Exchange accounts: trade on the exchange's sandbox (test) environment. */
  readonly sandbox: boolean
  /** Paper accounts: the simulated market or live public prices from `exchangeId`. */
  readonly priceSource: PriceSource
  /** Whether strategies may send orders on this account (off for exchange accounts until the trader says so). */
  readonly strategiesAllowed: boolean
}

/** The fee tier an account is in now. */
export interface FeeTier {
  /** The schedule's name and effective date, e.g. "Coinbase Advanced (2022-09-20)". */
  readonly schedule: string
  /** Lower bound of the tier's 30-day volume, USD. */
  readonly tierFrom: DecimalString
  readonly makerRate: DecimalString
  readonly takerRate: DecimalString
  readonly volume30d: DecimalString
}

/** How an account is doing right now (not journaled: it is the present, not history). */
export interface AccountStatus {
  readonly accountId: string
  readonly connection: 'connected' | 'connecting' | 'disconnected' | 'error'
  /** In words, when there is something to say (why it is disconnected, what failed). */
  readonly message: string | null
  readonly feeTier: FeeTier | null
  /** Where prices come from now; `online` false means live prices were asked for but are not reachable. */
  readonly prices: {
    readonly source: PriceSource
    readonly online: boolean
    readonly message: string | null
  }
  /** Whether keys are stored for it, and where (never the secret; the key's last 4 characters). */
  readonly credentials: {
    readonly stored: boolean
    readonly apiKeyHint: string | null
    readonly canTrade: boolean
    /** Where keys live, in words. */
    readonly where: string
    /** Whether this host's store accepts keys that can trade, and why (not). */
    readonly tradingKeysAllowed: boolean
    readonly explanation: string
  }
  readonly strategy: StrategyStatus | null
}

/** A strategy running (or stopped) on an account. */
export interface StrategyStatus {
  readonly accountId: string
  readonly strategyId: string
  readonly name: string
  /** True for the reference strategy: a demonstration, not a trading recommendation. */
  readonly demonstration: boolean
  readonly running: boolean
  readonly symbol: MarketSymbol
  readonly ordersSent: number
  readonly lastSignal: string | null
  readonly message: string | null
}

/** A strategy Vigil ships, as the UI lists it. */
export interface StrategyInfo {
  readonly id: string
  readonly name: string
  readonly description: string
  readonly demonstration: boolean
}

/** A fault the simulated market can be put in, for drills. */
export type MarketFault = 'stale' | 'frozen'

/** The simulated market's settings and state. */
export interface MarketStatus {
  /** Simulated seconds per real second. */
  readonly speed: number
  readonly faults: Readonly<Partial<Record<MarketSymbol, MarketFault>>>
}

/** The best bid and ask and the last trade of a symbol. */
export interface Quote {
  readonly symbol: MarketSymbol
  /** Where the quote comes from: 'simulator', or the ccxt id of the exchange of live prices. */
  readonly source?: string
  readonly ts: number
  readonly bid: DecimalString
  readonly ask: DecimalString
  readonly last: DecimalString
}

/** A one-minute candle; numbers, since it is only drawn. */
export interface Candle {
  readonly symbol: MarketSymbol
  /** Start of the minute, epoch milliseconds. */
  readonly time: number
  readonly open: number
  readonly high: number
  readonly low: number
  readonly close: number
  readonly volume: number
}

/** Static facts about a tradable instrument. */
export interface Instrument {
  readonly symbol: MarketSymbol
  readonly baseAsset: string
  readonly quoteAsset: string
  /** Smallest quantity step. */
  readonly lotSize: DecimalString
  /** Smallest price step. */
  readonly tickSize: DecimalString
  /** Smallest order value the venue accepts, in the quote asset. */
  readonly minNotional: DecimalString
}

/** What an order would cost if it filled now. */
export interface OrderEstimate {
  readonly symbol: MarketSymbol
  readonly side: Side
  readonly quantity: DecimalString
  readonly price: DecimalString
  readonly notional: DecimalString
  readonly fee: DecimalString
  readonly feeRate: DecimalString
  /** Cash that leaves (buy: notional + fee) or arrives (sell: notional − fee). */
  readonly total: DecimalString
  /** The expected slippage of the order now (a market order's), with its parts, or why none. */
  readonly expectedCost?: CostEstimate
}

/**
 * The gate's dry run of a would-be order: every check evaluated as a real order's would be, in
 * the words a refusal would carry; nothing is journaled and nothing changes.
 */
export interface OrderCheck {
  readonly accountId: string
  /** Whether the order would pass the gate now. */
  readonly passed: boolean
  /** Every check, in the gate's order, passed or not. */
  readonly checks: readonly GateCheck[]
  /** The price the order is checked at (its limit, or the side of the book it takes). */
  readonly price: DecimalString | null
  /** Quantity × price, or null when either is not valid. */
  readonly notional: DecimalString | null
  /** The expected slippage if placed now, with its parts, or why there is none. */
  readonly expectedCost?: CostEstimate
}

import type { AlertsStatus, ReportInfo, ReportSettings } from './performance'
import type { CostEstimate, OrderCostEstimate } from './costs'
import type { BotsStatus } from './bots'

/** Everything the console needs on connect; deltas follow as events. */
export interface Snapshot {
  readonly defaultAccountId: string
  readonly accounts: readonly Account[]
  readonly instruments: readonly Instrument[]
  readonly balances: readonly Balance[]
  readonly positions: readonly Position[]
  readonly orders: readonly Order[]
  readonly fills: readonly Fill[]
  readonly quotes: readonly Quote[]
  readonly journal: { readonly seq: number; readonly hash: string }
  readonly serverTime: number
  /** Risk limits per account id. */
  readonly limits: Readonly<Record<string, RiskLimits>>
  /** Trading state per account id: the stricter of its own and the global one. */
  readonly tradingStates: Readonly<Record<string, TradingState>>
  /** The trading state set for every account at once (the kill switch sets it). */
  readonly globalTradingState: TradingState
  /** For accounts RECOVERING: the share of the maximum order size allowed now (0–1). */
  readonly recoveryFractions?: Readonly<Record<string, number>>
  /**
   * Who set each trading state, why, since when and until when: by scope, an account id (its
   * own state) or '*' (the state set for every account). Absent from older engines.
   */
  readonly tradingCauses?: Readonly<Record<string, TradingCause>>
  /** How each account is doing now: connection, prices, fee tier, strategy. */
  readonly accountStatuses: readonly AccountStatus[]
  /** The strategies that can be started. */
  readonly strategies: readonly StrategyInfo[]
  /** The simulated market's speed and faults. */
  readonly market: MarketStatus
  /** The latest health round, or null before the first. */
  readonly health: HealthReport | null
  /** Reconciliation against the brokers: open findings and when each account was last run. */
  readonly reconciliation: ReconcileStatus
  /** Resilience drills: the one running and the results kept. */
  readonly drills: DrillsStatus
  /** Alert rules, notification settings and the latest alerts. */
  readonly alerts: AlertsStatus
  /** Daily reports on disk, newest first, and how they are made. */
  readonly reports: { readonly list: readonly ReportInfo[]; readonly settings: ReportSettings }
  /** The trader's bots (absent from older engines). */
  readonly bots?: BotsStatus
}

/**
 * Trading state of an account, driven by the circuit breaker and the operator: RECOVERING
 * allows orders up to a fraction of the maximum order size.
 */
export type TradingState = 'ACTIVE' | 'RECOVERING' | 'REDUCE_ONLY' | 'HALTED'

/** What tripped the circuit breaker. */
export type BreakerTrigger =
  'broker_errors' | 'verification' | 'loss_limit' | 'health' | 'alert_rule' | 'recovery_failure'

/**
 * Who or what set a trading state, and why, as journaled: the operator, the kill switch, the
 * circuit breaker (with its trigger), a journal that cannot be written, or 'unknown' for a
 * state no record explains (set before these fields were journaled).
 */
export interface TradingCause {
  readonly state: TradingState
  readonly by: 'operator' | 'kill-switch' | 'breaker' | 'journal' | 'unknown'
  /** The breaker's trigger; null when another setter, or not journaled. */
  readonly trigger: BreakerTrigger | null
  /** The journaled reason; null when not known (an older snapshot). */
  readonly reason: string | null
  /** When it was set (engine time, epoch ms); null when not known. */
  readonly since: number | null
  /** When it changes by itself (the end of a breaker cool-down, engine time); else null. */
  readonly until: number | null
  /** RECOVERING: the share of the maximum order size allowed (0–1); else null. */
  readonly fraction: number | null
}

/** Which pending orders block a new one on the same symbol. */
export type PendingOrderRule = 'off' | 'per-symbol' | 'per-side'

/** Risk limits of one account: settings, validated on save, every change journaled. */
export interface RiskLimits {
  /** Smallest order notional, USD. */
  readonly minOrderNotional: DecimalString
  /** Largest order notional, USD. */
  readonly maxOrderNotional: DecimalString
  /** Largest position in one symbol after the order, USD at the order's price. */
  readonly maxPositionNotional: DecimalString
  /** Most symbols held at once. */
  readonly maxOpenPositions: number
  /** Which pending orders block a new one. */
  readonly pendingOrderRule: PendingOrderRule
  /** Realized loss today (trader's local day) at which buying stops, USD. */
  readonly maxDailyLoss: DecimalString
  /** Drawdown from peak equity at which buying stops, percent. */
  readonly maxDrawdownPct: number
  /** Largest sum of position notionals, USD. */
  readonly maxTotalExposure: DecimalString
  /** Most order intents in any 60 seconds. */
  readonly maxOrdersPerMinute: number
  /** How far the entry price may be from the last trade, percent. */
  readonly priceBandPct: number
  /** Oldest a quote may be, milliseconds. */
  readonly maxQuoteAgeMs: number
  /** Fill price tolerance against the expected price, basis points (post-execution check). */
  readonly slippageToleranceBps: number
  /** How long an order may take to reach a terminal state before it is verified anyway, ms. */
  readonly verificationTimeoutMs: number
}

/** One post-execution check and its outcome. */
export interface VerificationCheck {
  readonly name: string
  readonly passed: boolean
  readonly message: string
}

/**
 * How a trade decision ended, for the audit trail: refused by the gate, failed verification,
 * canceled after the gate passed it (the reason says who asked), or passed and verified.
 */
export type AuditOutcome = 'pending' | 'rejected' | 'passed' | 'verification_failed' | 'canceled'

/** One trade decision in the audit list: enough for a row and a filter. */
export interface AuditRow {
  /** Seq of the order's intent record: the row's stable id and order. */
  readonly seq: number
  readonly ts: number
  readonly orderId: string
  readonly accountId: string
  readonly symbol: MarketSymbol
  readonly action: 'BUY' | 'SELL'
  readonly quantity: DecimalString
  readonly outcome: AuditOutcome
  readonly fillPrice: DecimalString | null
  readonly slippageBps: number | null
  readonly reason: string | null
}

/** Which audit rows to list. */
export interface AuditFilter {
  readonly accountId?: string
  readonly symbol?: MarketSymbol
  readonly action?: 'BUY' | 'SELL'
  readonly outcome?: AuditOutcome
  /** Inclusive, epoch ms. */
  readonly from?: number
  /** Exclusive, epoch ms. */
  readonly to?: number
}

/** A window of the (filtered) audit list, newest first. */
export interface AuditPage {
  readonly total: number
  readonly offset: number
  readonly rows: readonly AuditRow[]
}

/**
 * The composite audit record of one trade decision, in the design document's schema,
 * assembled from the journal.
 */
export interface AuditRecord {
  readonly seq: number
  readonly account_id: string
  readonly timestamp: string
  readonly action: 'BUY' | 'SELL'
  readonly symbol: MarketSymbol
  readonly quantity: DecimalString
  readonly source: OrderSource
  readonly validation: { readonly passed: boolean; readonly checks: readonly GateCheck[] }
  readonly pre_execution: {
    readonly balance: DecimalString
    readonly positions: number
    readonly entry_price: DecimalString | null
  }
  readonly execution: {
    readonly order_id: string
    readonly client_order_id: string
    readonly status: OrderStatus
    readonly filled_quantity: DecimalString
    readonly fill_price: DecimalString | null
    readonly fee: DecimalString
    readonly slippage_bps: number | null
  } | null
  readonly post_execution: {
    readonly balance: DecimalString
    readonly positions: number
    readonly tracker_updated: boolean
  } | null
  readonly verification: {
    readonly passed: boolean
    readonly partial: boolean
    readonly checks: readonly VerificationCheck[]
  } | null
}

/** What walking the journal's hash chain found. */
export interface VerifyReport {
  readonly ok: boolean
  readonly records: number
  readonly segments: number
  readonly head: { readonly seq: number; readonly hash: string }
  /** The first record that fails, or null. */
  readonly firstBad: {
    readonly seq: number
    readonly segment: string
    readonly reason: string
  } | null
  readonly durationMs: number
}

/** An alert event (the alert system itself comes later). */
export interface Alert {
  readonly id: string
  readonly ts: number
  readonly accountId: string | null
  readonly severity: 'info' | 'warning' | 'critical'
  readonly kind: string
  readonly message: string
  readonly orderId?: string
}

/** One health check's verdict. */
export type HealthLevel = 'OK' | 'WARN' | 'FAIL'

/** The system's health overall: CRITICAL when any check fails, DEGRADED when any warns. */
export type HealthStatus = 'HEALTHY' | 'DEGRADED' | 'CRITICAL'

/** One health check: what was measured, against what, and the verdict. */
export interface HealthCheck {
  /** Machine name, e.g. 'broker', 'market_data', 'disk_space'. */
  readonly name: string
  /** In words, e.g. "Broker paper-1" or "Market data BTC-USD". */
  readonly label: string
  /** The account it is about, or null for the whole system. */
  readonly accountId: string | null
  readonly level: HealthLevel
  /** The measured value in `unit`, or null when it could not be measured. */
  readonly value: number | null
  readonly unit: string
  /** The thresholds, in words: "warn above 1,000 ms, fail above 5,000 ms". */
  readonly threshold: string
  readonly message: string
}

/** One round of health checks. */
export interface HealthReport {
  readonly ts: number
  readonly status: HealthStatus
  readonly checks: readonly HealthCheck[]
  /** How long the round took, ms (broker round trips included). */
  readonly durationMs: number
}

/** Trading states: the global one and each account's effective one. */
export interface TradingStatus {
  readonly global: TradingState
  readonly accounts: Readonly<Record<string, TradingState>>
}

/** What the kill switch did. */
export interface KillSwitchReport {
  /** Open orders canceled. */
  readonly canceled: number
  /** Market sells sent to close positions (when asked). */
  readonly closing: readonly Order[]
  /** What could not be done, in words. */
  readonly problems: readonly string[]
  readonly status: TradingStatus
}

/**
 * What reconciliation can find when it compares an account with its broker:
 * - phantom_position: the ledger holds more of a symbol than the broker;
 * - unknown_position: the broker holds more than the ledger;
 * - orphan_order: open at the broker, unknown to the ledger;
 * - missing_order: open in the ledger, unknown to the broker;
 * - unknown_fill: the broker filled one of our orders after the ledger closed it unfilled;
 * - balance_drift: the quote cash differs by more than the tolerance.
 */
export type ReconcileKind =
  | 'phantom_position'
  | 'unknown_position'
  | 'orphan_order'
  | 'missing_order'
  | 'unknown_fill'
  | 'balance_drift'

/**
 * How the operator settles a finding: adopt what the broker has (unknown position or fill),
 * cancel it at the broker (orphan order), mark the local side closed (phantom position,
 * missing order), accept the broker's balance (drift). Any finding can instead be dismissed
 * with a reason: nothing changes at the broker or in the ledger, the reason is journaled.
 */
export type ReconcileAction = 'adopt' | 'cancel' | 'mark_closed' | 'accept_drift' | 'dismiss'

/** The one action that settles each kind of finding by changing something ('dismiss' aside). */
export const RECONCILE_ACTIONS: Readonly<Record<ReconcileKind, ReconcileAction>> = {
  phantom_position: 'mark_closed',
  unknown_position: 'adopt',
  orphan_order: 'cancel',
  missing_order: 'mark_closed',
  unknown_fill: 'adopt',
  balance_drift: 'accept_drift',
}

/** One difference between the ledger and a broker, open until resolved or gone. */
export interface ReconcileFinding {
  readonly id: string
  readonly accountId: string
  readonly kind: ReconcileKind
  /** Every finding blocks trading on its account until it is settled. */
  readonly severity: 'critical'
  /** What it is about: a symbol, a client order id, a fill id or an asset. */
  readonly subject: string
  /** The symbol and the ledger's order it concerns, where there is one. */
  readonly symbol: MarketSymbol | null
  readonly orderId: string | null
  /** The ledger's value and the broker's, as decimal strings (or "none"). */
  readonly local: string
  readonly broker: string
  readonly message: string
  readonly ts: number
}

/** A settled finding: by whom, how and why. */
export interface ReconcileResolution {
  readonly findingId: string
  readonly action: ReconcileAction | 'cleared'
  readonly by: 'operator' | 'reconciliation'
  readonly reason: string
  readonly ts: number
}

/** Open findings, the latest settled ones and each account's last run. */
export interface ReconcileStatus {
  readonly open: readonly ReconcileFinding[]
  readonly resolved: readonly (ReconcileFinding & { readonly resolution: ReconcileResolution })[]
  /** Account id → when its last reconciliation finished, and what stopped it if it could not run. */
  readonly runs: Readonly<Record<string, { readonly ts: number; readonly error: string | null }>>
}

/**
 * A drill: a failure injected on purpose into a paper account, to measure how fast Vigil
 * notices it and comes back.
 * - broker_outage: the paper exchange drops the connection;
 * - rate_limit_storm: it answers every call with HTTP 429;
 * - frozen_prices: the simulated market keeps sending the same price;
 * - failed_verification: the exchange misreports the position after a probe order;
 * - crash_restart: a copy of the data folder, as a crash leaves it, is opened by a second engine.
 */
export const DRILL_KINDS = [
  'broker_outage',
  'rate_limit_storm',
  'frozen_prices',
  'failed_verification',
  'crash_restart',
] as const
export type DrillKind = (typeof DRILL_KINDS)[number]

/** Where a running drill is. */
export type DrillPhase = 'detecting' | 'recovering' | 'done'

/** A drill running now. */
export interface DrillProgress {
  readonly id: string
  readonly kind: DrillKind
  readonly accountId: string
  readonly phase: DrillPhase
  readonly startedAt: number
  /** What it is doing, in words. */
  readonly message: string
}

/**
 * A finished drill: how long until Vigil noticed the failure (detection) and how long after the
 * failure ended until it was back (recovery); null when that did not happen in time.
 */
export interface DrillResult {
  readonly id: string
  readonly kind: DrillKind
  readonly accountId: string
  readonly startedAt: number
  readonly detectedAfterMs: number | null
  readonly recoveredAfterMs: number | null
  /** recovered: detected and back in time; the other two say what did not happen. */
  readonly outcome: 'recovered' | 'not_detected' | 'not_recovered'
  /** What noticed it and what showed it was over, in words. */
  readonly detectedBy: string | null
  readonly recoveredBy: string | null
  readonly notes: string
}

/** Drills: the running one, the results (newest first) and how many recovered. */
export interface DrillsStatus {
  readonly running: DrillProgress | null
  readonly results: readonly DrillResult[]
  /** Drills that ended recovered, by kind: what the validation plan counts. */
  readonly recoveries: Readonly<Partial<Record<DrillKind, number>>>
}
