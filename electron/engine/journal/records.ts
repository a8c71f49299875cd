/**
 * The journal's record types and their payloads. The journal is the source of truth: the
 * ledger and everything else are folds over these records.
 */
import type { BotOnQuiet } from '../../../shared/bots'
import type { OrderCostEstimate } from '../../../shared/costs'
import type { AlertChannel, ChannelDelivery } from '../../../shared/channels'
import type {
  AlertItem,
  AlertRule,
  NotificationSettings,
  ReportSettings,
} from '../../../shared/performance'
import type {
  AccountKind,
  DrillResult,
  GateCheck,
  PriceSource,
  MarketSymbol,
  ReconcileAction,
  ReconcileKind,
  OrderSource,
  OrderType,
  RiskLimits,
  Side,
  TradingState,
  BreakerTrigger,
  VerificationCheck,
} from '../../../shared/types'
import type { PhaseNumber, PlanSettings, SignOff } from '../../../shared/validation'

/** The kind of a value received, or 'text' for a body that is not JSON. */
export type ReceivedKind =
  'text' | 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null' | 'other'

/** One order field of a malformed request: its name and what its value was, not the value. */
export interface ReceivedField {
  readonly name: string
  readonly kind: ReceivedKind
  /** Characters of a string, entries of an object or array, characters of anything else. */
  readonly size: number
}

/** The outline of a malformed request as journaled. */
export interface ReceivedOutline {
  readonly kind: ReceivedKind
  /** Characters received: the body's text, or the value's JSON. */
  readonly size: number
  /** The order fields it had, in the order received. */
  readonly fields: readonly ReceivedField[]
  /** How many other fields it had; their names are not kept (a name can carry a secret too). */
  readonly otherFields: number
}

/** The account as the gate or the verifier saw it at one instant. */
export interface AccountView {
  /** Cash of the quote asset. */
  balance: string
  /** Number of symbols held. */
  positions: number
  /** Quantity held of the order's symbol. */
  positionQuantity: string
}

/** The numbers a gate check's words are built from, by name. */
export type CheckValues = Readonly<Record<string, string | number | boolean>>

/**
 * A check as the journal stores it (the gate's and the verifier's): its name, its code ('OK'
 * when it passed) and the values its message is built from (absent when the order itself says enough), e.g.
 * ["balance","INSUFFICIENT_BALANCE",{"need":"503.1","cash":"300"}]. A list rather than an
 * object: seventeen checks a decision, the field names would be a third of the record. The
 * message is rendered when the record is read.
 */
export type CheckRecord = readonly [name: string, code: string, values?: CheckValues]

/** A gate check as the journal stores it (see `CheckRecord`). */
export type GateCheckRecord = CheckRecord

/** A journaled gate check: compact, or (older records) with its message spelled out. */
export type StoredGateCheck = GateCheckRecord | GateCheck

/** A journaled verification check: compact, or (older records) with its message spelled out. */
export type StoredVerificationCheck = CheckRecord | VerificationCheck

/** The settings of an account that the trader can change. */
export interface AccountSettings {
  name: string
  exchangeId: string | null
  priceSource: PriceSource
  strategiesAllowed: boolean
}

/** Payload of each record type the folds read (stored.ts adds the merged ones). */
export interface RecordPayloads {
  'account.opened': {
    accountId: string
    name: string
    kind: AccountKind
    quoteAsset: string
    initialBalance: string
    /** Absent in records written before several accounts existed (then: the defaults). */
    exchangeId?: string | null
    sandbox?: boolean
    priceSource?: PriceSource
    strategiesAllowed?: boolean
  }
  /**
   * An exchange account's opening balances, adopted from the exchange the first time it
   * connected: its quote cash and what it held of each symbol, valued at that moment's price
   * (the cost basis of holdings bought before Vigil is not known).
   */
  'account.synced': {
    accountId: string
    cash: string
    positions: { symbol: MarketSymbol; quantity: string; price: string }[]
  }
  /**
   * Trading was switched for an account (or, with accountId null, for every account) by the
   * operator, the kill switch or the circuit breaker: old and new state and why.
   */
  'trading.state': {
    accountId: string | null
    old: TradingState
    new: TradingState
    reason: string
    by: 'operator' | 'kill-switch' | 'breaker'
    /** RECOVERING: the share of the maximum order size allowed (0–1). */
    fraction?: number | null
    /** The breaker's trigger (absent in older records and for other setters). */
    trigger?: BreakerTrigger
    /** When the breaker's cool-down ends, engine time (absent in older records). */
    until?: number
  }
  /** An account's settings changed (never its secrets): old and new values. */
  'account.updated': {
    accountId: string
    old: AccountSettings
    new: AccountSettings
  }
  'order.intent': {
    orderId: string
    accountId: string
    clientOrderId: string
    symbol: MarketSymbol
    side: Side
    type: OrderType
    quantity: string
    /** Absent in records written before limit orders existed. */
    limitPrice?: string | null
    source: OrderSource
    /** The bot that placed it (its X-Vigil-Bot name); absent for every other order. */
    bot?: string
    expectedPrice: string | null
    /**
     * The expected slippage at intent, against the arrival mid, computed before the gate ran
     * (or why there was none). Absent in records written before the model existed.
     */
    expectedCost?: OrderCostEstimate
  }
  'order.gate': {
    orderId: string
    accountId: string
    passed: boolean
    /** Older records spell out each check's message; newer ones keep its code and values. */
    checks: readonly StoredGateCheck[]
    /** Cash held back for the order while it is open (buy: notional + fee). */
    reserved: string
    /** The account before execution, and the price the order was checked against. */
    pre: AccountView & { entryPrice: string | null }
  }
  'order.accepted': { orderId: string; accountId: string; brokerOrderId: string }
  'order.fill': {
    fillId: string
    orderId: string
    accountId: string
    quantity: string
    price: string
    fee: string
    feeAsset: string
    liquidity: 'maker' | 'taker'
    ts: number
    /**
     * A fill the broker made after the ledger had closed the order, adopted by the operator
     * in reconciliation. Absent otherwise.
     */
    adopted?: boolean
  }
  'order.verified': {
    orderId: string
    accountId: string
    passed: boolean
    /** The order filled only in part; the checks are against what filled. */
    partial: boolean
    /** Older records spell out each check's message; newer ones keep its code and values. */
    checks: readonly StoredVerificationCheck[]
    /** Fill price against the expected price, basis points, adverse positive. */
    slippageBps: number | null
    post: AccountView & { trackerUpdated: boolean }
  }
  /** An order request that failed validation: what was wrong and its outline, never its values. */
  'order.malformed': {
    source: OrderSource
    reason: string
    /** Its outline (kind, size, order fields and the kinds of their values). */
    received?: ReceivedOutline
    /** Older builds kept the request itself, cut to 1 KiB; their records still carry it. */
    raw?: string
    truncated?: boolean
  }
  'settings.changed': {
    accountId: string
    key: 'limits'
    old: RiskLimits | null
    new: RiskLimits
  }
  /** Reconciliation found the ledger and a broker disagreeing; trading on the account stops. */
  'reconcile.finding': {
    id: string
    accountId: string
    kind: ReconcileKind
    subject: string
    symbol: MarketSymbol | null
    orderId: string | null
    local: string
    broker: string
    message: string
  }
  /**
   * A finding settled: by the operator with an action, or by reconciliation when the
   * difference was gone. `adjust` sets the ledger to what the broker holds.
   */
  'reconcile.resolved': {
    findingId: string
    accountId: string
    action: ReconcileAction | 'cleared'
    by: 'operator' | 'reconciliation'
    reason: string
    adjust?: {
      cash?: string
      /** The new quantity; added quantity is valued at `price` (its cost is not known). */
      position?: { symbol: MarketSymbol; quantity: string; price: string }
    }
  }
  /**
   * An account's equity (cash plus positions at that moment's prices) at the close of a local
   * day: the daily returns behind Sharpe, Sortino and the reports come from these.
   */
  'equity.closed': { accountId: string; day: string; ts: number; equity: string }
  /** An alert was raised (its first state is active). */
  'alert.raised': AlertItem
  /** An alert was acknowledged, snoozed, woke up or cleared. */
  'alert.updated': { id: string } & Partial<Omit<AlertItem, 'id'>>
  /** The alert rules and notification settings, as a whole. */
  'alerts.settings': { rules: AlertRule[]; notifications: NotificationSettings }
  /** One outgoing alert channel's settings, as a whole (its secret is never journaled). */
  'alerts.channel': AlertChannel
  /** An alert (or a test) sent to a channel: delivered, or failed with its reason. */
  'alerts.delivery': ChannelDelivery
  /** How daily reports are made: time of day, baseline, targets (as a whole). */
  'reports.settings': ReportSettings
  /** A drill ended: what it broke on purpose, and how long detection and recovery took. */
  'drill.completed': DrillResult
  /** A bot named itself on a call for the first time. */
  'bot.seen': { bot: string }
  /**
   * A bot's heartbeat. Journaled only when it is the bot's first, changes the interval, or
   * comes back from quiet: the heartbeats in between are kept in memory and the snapshot.
   */
  'bot.heartbeat': { bot: string; intervalSeconds: number; back: boolean }
  /**
   * A bot went quiet: no heartbeat since `lastHeartbeat` within its interval and the grace.
   * `halted` when its setting halts it (its resting orders are canceled, new ones refused);
   * `alertId` is the alert raised, if the rule is on.
   */
  'bot.quiet': {
    bot: string
    lastHeartbeat: number
    intervalSeconds: number
    graceSeconds: number
    halted: boolean
    alertId: string | null
  }
  /** What going quiet does to a bot changed: old and new. */
  'bot.settings': {
    bot: string
    old: { onQuiet: BotOnQuiet }
    new: { onQuiet: BotOnQuiet }
  }
  /** The trader lifted a bot's halt. */
  'bot.resumed': { bot: string; reason: string }
  'order.closed': {
    orderId: string
    accountId: string
    status: 'filled' | 'canceled' | 'failed'
    reason: string | null
  }
  /**
   * An account's fee tier changed (up or down) with its trailing 30-day volume: tiers by index
   * in the schedule (0 the first; the number of tiers when the volume is past where the
   * schedule is known) and their lower bounds.
   */
  'fees.tier_changed': {
    accountId: string
    scheduleId: string
    old: number
    new: number
    oldFrom: string
    newFrom: string
    volume30d: string
  }
  /**
   * A state snapshot was written: the SHA-256 of its bytes, and the record it covers (always
   * before this one). Start-up uses a snapshot only if a record like this vouches for it.
   */
  'snapshot.written': { file: string; seq: number; hash: string; sha256: string }
  /**
   * The engine started: how the run before it ended (`stopped` cleanly, `crashed` without a
   * stop record, `new` for a new folder), when that run was last seen alive, and how long
   * start-up took until it was ready (recovery, ms).
   */
  'engine.started': {
    previous: 'stopped' | 'crashed' | 'new'
    lastSeen: number | null
    readyMs: number
  }
  /** The engine is alive; the next heartbeat is due within `everyMs`. Uptime is read from these. */
  'engine.heartbeat': { everyMs: number }
  /** The engine stopped cleanly, and why. */
  'engine.stopped': { reason: string }
  /** A health check went from passing to failing (once per failure, not every round). */
  'health.failed': { check: string; label: string; accountId: string | null; message: string }
  /** The validation plan's settings changed: old and new as a whole, and why. */
  'validation.plan': { old: PlanSettings; new: PlanSettings; reason: string }
  /** A manual item added to a phase's checklist. */
  'validation.item': { id: string; phase: PhaseNumber; text: string }
  /** A checklist item ticked or unticked, with its note. */
  'validation.item_checked': { id: string; done: boolean; note: string }
  /** A phase signed off (the next phase starts with this record). */
  'validation.signed_off': SignOff
}

/** A record type. */
export type RecordType = keyof RecordPayloads

/**
 * One journal record as its readers fold it: a line as stored, or one of the records a merged
 * line stands for (see stored.ts, which also names what the journal stores).
 */
export type JournalRecord = {
  [T in RecordType]: {
    readonly seq: number
    readonly ts: number
    readonly type: T
    readonly payload: RecordPayloads[T]
    /** Hash of the previous record; GENESIS for the first. */
    readonly prev: string
    /** SHA-256 over this record's serialization without the hash field. */
    readonly hash: string
  }
}[RecordType]

/** The `prev` of the first record. */
export const GENESIS = '0'.repeat(64)
