/**
 * The contract between the engine, its hosts and the renderer: one typed list of commands
 * (request → Result<response>) and one of events. Both hosts validate every payload with the
 * schemas here before the engine sees it.
 */
import { z } from 'zod'
import { COMMAND_NAMES, isCommandNameLiteral, type CommandNameLiteral } from './command-names'
import { err, ok, type Result } from './result'
import type { CostAlarm, CostEstimate, CostSummary } from './costs'
import {
  CHANNEL_IDS,
  type AlertChannel,
  type ChannelDelivery,
  type ChannelSecretSummary,
  type ChannelsStatus,
} from './channels'
import {
  ALERT_RULES,
  type AlertItem,
  type AlertRule,
  type AlertsStatus,
  type NotificationSettings,
  type PerformanceView,
  type ReportInfo,
  type ReportSettings,
} from './performance'
import type { FeesView } from './fees'
import {
  CRITERION_IDS,
  PHASES,
  PLAN_DAYS,
  type RehearsalProgress,
  type ValidationView,
} from './validation'
import {
  BOT_NAME_PATTERN,
  BOT_NAME_RULE,
  BOT_ON_QUIET,
  HEARTBEAT_MAX_SECONDS,
  HEARTBEAT_MIN_SECONDS,
  type BotView,
  type BotsStatus,
} from './bots'
import {
  DRILL_KINDS,
  ORDER_TYPES,
  SIDES,
  SYMBOLS,
  type Account,
  type AccountStatus,
  type HealthReport,
  type ReconcileStatus,
  type DrillResult,
  type DrillsStatus,
  type KillSwitchReport,
  type TradingStatus,
  type MarketStatus,
  type StrategyStatus,
  type AuditPage,
  type AuditRecord,
  type Balance,
  type Alert,
  type AuditRow,
  type RiskLimits,
  type TradingCause,
  type TradingState,
  type VerifyReport,
  type Candle,
  type Fill,
  type Order,
  type OrderCheck,
  type OrderEstimate,
  type Position,
  type Quote,
  type Snapshot,
} from './types'

const MAX_DECIMAL_LENGTH = 40
const DECIMAL_PATTERN = /^-?\d+(\.\d+)?$/

/** A decimal written as a string: the only form money and quantities take at the boundary. */
export const decimalString = z
  .string({
    error: (issue) =>
      issue.input === undefined
        ? 'is required'
        : `must be a decimal number written as a string, such as "0.25" (got ${describe(issue.input)})`,
  })
  .max(MAX_DECIMAL_LENGTH, `must be at most ${MAX_DECIMAL_LENGTH} characters`)
  .regex(
    DECIMAL_PATTERN,
    'must be a plain decimal such as "0.25" (digits, one optional point, no exponent)',
  )

const accountId = z
  .string()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .regex(/^[A-Za-z0-9._-]+$/, 'may only contain letters, digits, ".", "_" and "-"')

/** Caller-chosen id that makes a retried submission idempotent. */
export const clientOrderId = z
  .string()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .regex(/^[A-Za-z0-9._:-]+$/, 'may only contain letters, digits, ".", "_", ":" and "-"')

const exchangeId = z
  .string()
  .min(2, 'must be a ccxt exchange id such as coinbase or kraken')
  .max(32, 'must be at most 32 characters')
  .regex(
    /^[a-z0-9]+$/,
    'must be a ccxt exchange id: lower-case letters and digits, such as coinbase',
  )
const priceSource = z.enum(['simulator', 'live'], { error: () => 'must be simulator or live' })
/** Why the operator did something: kept in the journal. */
const reason = z
  .string()
  .trim()
  .min(3, 'must say why, in a few words (it goes into the journal)')
  .max(300, 'must be at most 300 characters')
const secret = z.string().min(1, 'must not be empty').max(512, 'must be at most 512 characters')

const symbol = z.enum(SYMBOLS, { error: () => `must be one of ${SYMBOLS.join(', ')}` })
const side = z.enum(SIDES, { error: () => `must be one of ${SIDES.join(', ')}` })
const orderType = z.enum(ORDER_TYPES, { error: () => `must be one of ${ORDER_TYPES.join(', ')}` })
const limit = z.number().int('must be a whole number').min(1).max(10_000)
/** A time, epoch milliseconds. */
const epochMs = z.number().int('must be a whole number of epoch milliseconds').min(0)
/** A calendar day, YYYY-MM-DD. */
const isoDate = z
  .string()
  .regex(
    /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/,
    'must be a day YYYY-MM-DD, such as 2026-11-23',
  )
/** A bot's name, as it gives it in the X-Vigil-Bot header. */
export const botName = z
  .string({ error: () => `is required: ${BOT_NAME_RULE}` })
  .regex(BOT_NAME_PATTERN, `is not a bot name: ${BOT_NAME_RULE}`)
const heartbeatSeconds = z
  .number({
    error: () =>
      `must be a whole number of seconds from ${HEARTBEAT_MIN_SECONDS} to ${HEARTBEAT_MAX_SECONDS}`,
  })
  .int(
    `must be a whole number of seconds from ${HEARTBEAT_MIN_SECONDS} to ${HEARTBEAT_MAX_SECONDS}`,
  )
  .min(HEARTBEAT_MIN_SECONDS, `must be at least ${HEARTBEAT_MIN_SECONDS} seconds`)
  .max(HEARTBEAT_MAX_SECONDS, `must be at most ${HEARTBEAT_MAX_SECONDS} seconds (a day)`)
const channelId = z.enum(CHANNEL_IDS, {
  error: () => `must be one of ${CHANNEL_IDS.join(', ')}`,
})
const severity = z.enum(['info', 'warning', 'critical'], {
  error: () => 'must be info, warning or critical',
})

const money = decimalString.refine((v) => !v.startsWith('-'), 'must not be negative')
const phase = z.union([z.literal(1), z.literal(2), z.literal(3)], {
  error: () => `must be a phase: ${PHASES.join(', ')}`,
})
/** A phase's size band: order notional from min to max USD (null max: the account's limits). */
const sizeBand = z
  .strictObject({ min: money, max: money.nullable() })
  .refine((b) => b.max === null || Number(b.min) <= Number(b.max), {
    message: 'min must not be above max',
    path: ['min'],
  })
const percent = (max: number) => z.number().finite().min(0).max(max, `must be at most ${max}`)
const count = (max: number) =>
  z.number().int('must be a whole number').min(0).max(max, `must be at most ${max}`)

/** Risk limits as the Risk Limits screen saves them; every field is checked on save. */
export const riskLimitsSchema = z.strictObject({
  minOrderNotional: money,
  maxOrderNotional: money,
  maxPositionNotional: money,
  maxOpenPositions: count(1_000),
  pendingOrderRule: z.enum(['off', 'per-symbol', 'per-side'], {
    error: () => 'must be one of off, per-symbol, per-side',
  }),
  maxDailyLoss: money,
  maxDrawdownPct: percent(100),
  maxTotalExposure: money,
  maxOrdersPerMinute: count(1_000_000),
  priceBandPct: percent(100),
  maxQuoteAgeMs: count(3_600_000),
  slippageToleranceBps: percent(10_000),
  verificationTimeoutMs: count(600_000),
})

const auditFilterSchema = z.strictObject({
  accountId: accountId.optional(),
  symbol: symbol.optional(),
  action: z.enum(['BUY', 'SELL'], { error: () => 'must be BUY or SELL' }).optional(),
  outcome: z
    .enum(['pending', 'rejected', 'passed', 'verification_failed', 'canceled'], {
      error: () => 'must be one of pending, rejected, passed, verification_failed',
    })
    .optional(),
  from: z.number().int().min(0).optional(),
  to: z.number().int().min(0).optional(),
})

/** A limit order names its price, a market order not. */
function limitPriceRule(
  order: { readonly type: string; readonly limitPrice?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  if (order.type === 'limit' && order.limitPrice === undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['limitPrice'],
      message: 'is required for a limit order (the worst price you accept)',
    })
  if (order.type === 'market' && order.limitPrice !== undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['limitPrice'],
      message: 'is only for limit orders; a market order takes the price the book offers',
    })
}

/** An order intent as a caller submits it: a limit order names its price, a market order not. */
export const submitOrderSchema = z
  .strictObject({
    accountId: accountId.optional(),
    clientOrderId: clientOrderId.optional(),
    symbol,
    side,
    type: orderType,
    quantity: decimalString,
    limitPrice: decimalString.optional(),
  })
  .superRefine(limitPriceRule)

/**
 * A would-be order for the gate's dry run: what a submit would carry, without the client order
 * id (nothing is placed, so there is nothing to make idempotent).
 */
export const checkOrderSchema = z
  .strictObject({
    accountId: accountId.optional(),
    symbol,
    side,
    type: orderType,
    quantity: decimalString,
    limitPrice: decimalString.optional(),
  })
  .superRefine(limitPriceRule)

/** Every command: its payload schema. Responses are typed by CommandResponses. */
export const commandSchemas = {
  'app:get-snapshot': z.strictObject({}),
  'orders:submit': submitOrderSchema,
  'orders:estimate': z.strictObject({
    accountId: accountId.optional(),
    symbol,
    side,
    quantity: decimalString,
  }),
  'orders:check': checkOrderSchema,
  /** The expected slippage of a would-be order now, with its parts; read-only. */
  'costs:estimate': checkOrderSchema,
  /** Actual against expected over an account's recent orders (all accounts without one). */
  'costs:summary': z.strictObject({ accountId: accountId.optional() }),
  'orders:get': z.strictObject({ accountId: accountId.optional(), id: z.string().min(1).max(80) }),
  'orders:list': z.strictObject({ accountId: accountId.optional(), limit: limit.optional() }),
  'fills:list': z.strictObject({ accountId: accountId.optional(), limit: limit.optional() }),
  'market:get-candles': z.strictObject({ symbol, limit: limit.optional() }),
  'limits:get': z.strictObject({ accountId: accountId.optional() }),
  'limits:update': z.strictObject({
    accountId: accountId.optional(),
    limits: riskLimitsSchema.partial(),
  }),
  'audit:query': z.strictObject({
    filter: auditFilterSchema.optional(),
    offset: z.number().int('must be a whole number').min(0).max(100_000_000).optional(),
    limit: limit.optional(),
  }),
  'audit:get': z.strictObject({ seq: z.number().int('must be a whole number').min(1) }),
  'audit:verify': z.strictObject({}),
  'audit:list': z.strictObject({
    fromSeq: z.number().int('must be a whole number').min(1).optional(),
    limit: limit.optional(),
  }),
  'orders:cancel': z.strictObject({
    accountId: accountId.optional(),
    id: z.string().min(1).max(80),
  }),
  'accounts:add': z
    .strictObject({
      name: z.string().trim().min(1, 'must not be empty').max(80, 'must be at most 80 characters'),
      kind: z.enum(['paper', 'exchange'], { error: () => 'must be paper or exchange' }),
      /** Paper accounts: starting cash, USD. */
      initialBalance: money.optional(),
      exchangeId: exchangeId.optional(),
      sandbox: z.boolean().optional(),
      priceSource: priceSource.optional(),
    })
    .superRefine((a, ctx) => {
      if (a.kind === 'exchange' && a.exchangeId === undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['exchangeId'],
          message: 'is required for an exchange account (a ccxt id such as coinbase or kraken)',
        })
      if (a.kind === 'exchange' && a.initialBalance !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['initialBalance'],
          message:
            'is only for paper accounts; an exchange account has the balance the exchange reports',
        })
      if (a.priceSource === 'live' && a.exchangeId === undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['exchangeId'],
          message: 'is required for live prices (the exchange whose public prices to use)',
        })
    }),
  'accounts:update': z.strictObject({
    accountId,
    name: z.string().trim().min(1).max(80).optional(),
    strategiesAllowed: z.boolean().optional(),
    priceSource: priceSource.optional(),
    exchangeId: exchangeId.optional(),
  }),
  'accounts:connect': z.strictObject({ accountId }),
  'accounts:disconnect': z.strictObject({ accountId }),
  'accounts:set-credentials': z.strictObject({
    accountId,
    apiKey: secret,
    secret,
    password: secret.optional(),
    /** The trader says these keys can place orders (not read-only). */
    canTrade: z.boolean(),
  }),
  'accounts:delete-credentials': z.strictObject({ accountId }),
  'strategies:start': z.strictObject({
    accountId: accountId.optional(),
    strategyId: z.string().min(1).max(64),
    symbol,
    /** Base quantity per order, on the symbol's lot size. */
    quantity: decimalString,
  }),
  'strategies:stop': z.strictObject({ accountId: accountId.optional() }),
  'market:set-speed': z.strictObject({
    speed: z
      .number()
      .int('must be a whole number')
      .min(1, 'must be at least 1 (real time)')
      .max(86_400, 'must be at most 86400 (a simulated day each second)'),
  }),
  'trading:set-state': z.strictObject({
    accountId: accountId.optional(),
    /** Every account at once instead of one. */
    global: z.boolean().optional(),
    /** RECOVERING resumes gradually (the breaker's steps); ACTIVE forces full size at once. */
    state: z.enum(['ACTIVE', 'RECOVERING', 'REDUCE_ONLY', 'HALTED'], {
      error: () => 'must be ACTIVE (force), RECOVERING (resume gradually), REDUCE_ONLY or HALTED',
    }),
    reason,
  }),
  'trading:kill-switch': z.strictObject({
    /** Also sell every position at market (otherwise only cancel open orders and halt). */
    closePositions: z.boolean(),
    reason,
  }),
  'health:check': z.strictObject({}),
  'health:history': z.strictObject({ limit: limit.optional() }),
  /** Reconciles one account now, or every connected account. */
  'reconcile:run': z.strictObject({ accountId: accountId.optional() }),
  'reconcile:status': z.strictObject({}),
  'reconcile:resolve': z.strictObject({
    findingId: z.string().min(1).max(128),
    action: z.enum(['adopt', 'cancel', 'mark_closed', 'accept_drift', 'dismiss'], {
      error: () => 'must be adopt, cancel, mark_closed, accept_drift or dismiss',
    }),
    reason,
  }),
  /** Runs a drill on a paper account; answers when it is over (progress comes as events). */
  'drills:run': z.strictObject({
    accountId: accountId.optional(),
    kind: z.enum(DRILL_KINDS, { error: () => `must be one of ${DRILL_KINDS.join(', ')}` }),
  }),
  'drills:status': z.strictObject({}),
  /** Metrics, curves and trades of one account (or all), over [from, to) epoch ms. */
  'performance:get': z
    .strictObject({
      accountId: accountId.optional(),
      from: epochMs.optional(),
      to: epochMs.optional(),
    })
    .refine((p) => p.from === undefined || p.to === undefined || p.from < p.to, {
      message: 'from must be before to',
      path: ['from'],
    }),
  'alerts:status': z.strictObject({}),
  /**
   * The fee analyzer, read-only: per account (or one), its schedule, tier and the next, the
   * fills of [from, to) (default: the trailing 30 days) against the published rates, its tier
   * changes and the exchange's own figures.
   */
  'costs:fees': z
    .strictObject({
      accountId: accountId.optional(),
      from: epochMs.optional(),
      to: epochMs.optional(),
    })
    .refine((p) => p.from === undefined || p.to === undefined || p.from < p.to, {
      message: 'from must be before to',
      path: ['from'],
    }),
  'alerts:update-rule': z.strictObject({
    id: z.enum(ALERT_RULES, { error: () => `must be one of ${ALERT_RULES.join(', ')}` }),
    enabled: z.boolean().optional(),
    threshold: z.number().finite().positive('must be above 0').optional(),
    severity: severity.optional(),
    minTrades: z.number().int('must be a whole number').min(1).max(10_000).optional(),
    cooldownMs: z
      .number()
      .int('must be a whole number')
      .min(0)
      .max(7 * 86_400_000)
      .optional(),
    tripsBreaker: z.boolean().optional(),
  }),
  'alerts:acknowledge': z.strictObject({ alertId: z.string().min(1).max(128) }),
  'alerts:snooze': z.strictObject({
    alertId: z.string().min(1).max(128),
    minutes: z
      .number()
      .int('must be a whole number')
      .min(1)
      .max(1_440, 'must be at most 1440 (a day)'),
  }),
  'alerts:set-notifications': z.strictObject({
    info: z.boolean().optional(),
    warning: z.boolean().optional(),
    critical: z.boolean().optional(),
  }),
  /** The outgoing alert channels, whether each has its secret, and the latest deliveries. */
  'alerts:channels': z.strictObject({}),
  /** Changes one channel's settings (never its secret). */
  'alerts:set-channel': z.strictObject({
    id: channelId,
    enabled: z.boolean().optional(),
    severities: z
      .strictObject({
        info: z.boolean().optional(),
        warning: z.boolean().optional(),
        critical: z.boolean().optional(),
      })
      .optional(),
    url: z.string().max(2_000, 'must be at most 2000 characters').optional(),
    topic: z
      .string()
      .max(64, 'must be at most 64 characters')
      .regex(/^[\w-]*$/, 'must be letters, digits, - or _ (an ntfy topic name)')
      .optional(),
    chatId: z
      .string()
      .max(64, 'must be at most 64 characters')
      .regex(
        /^(-?\d+|@\w+)?$/,
        'must be a chat number (such as 123456789 or -100123) or @channelname',
      )
      .optional(),
  }),
  /** Stores a channel's secret (bot token, webhook key, access token); null removes it. */
  'alerts:set-channel-secret': z.strictObject({
    id: channelId,
    secret: z.string().max(2_000, 'must be at most 2000 characters').nullable(),
  }),
  /** Sends a test message to a channel once; answers the delivery. */
  'alerts:test-channel': z.strictObject({ id: channelId }),
  'reports:list': z.strictObject({}),
  'reports:generate': z.strictObject({ date: isoDate }),
  'reports:get': z.strictObject({ date: isoDate }),
  'reports:update-settings': z.strictObject({
    time: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day HH:MM, such as 00:05')
      .optional(),
    baseline: z
      .strictObject({ from: isoDate, to: isoDate })
      .refine((b) => b.from <= b.to, { message: 'from must not be after to', path: ['from'] })
      .nullable()
      .optional(),
    targets: z
      .strictObject({
        winRate: z.number().min(0).max(1, 'must be a fraction between 0 and 1'),
        averageProfit: z.number().finite(),
        maxDrawdown: z.number().min(0).max(1, 'must be a fraction between 0 and 1'),
        sharpe: z.number().finite(),
      })
      .optional(),
  }),
  /** Every bot: its orders, fills, PnL, heartbeat and whether it is quiet or halted. */
  'bots:list': z.strictObject({}),
  /** A bot says it is alive and how often it will say so again. */
  'bots:heartbeat': z.strictObject({ name: botName, intervalSeconds: heartbeatSeconds }),
  /** What going quiet does to a bot: raise the alert, or also halt it. */
  'bots:set': z.strictObject({
    name: botName,
    onQuiet: z.enum(BOT_ON_QUIET, { error: () => `must be one of ${BOT_ON_QUIET.join(', ')}` }),
  }),
  /** Lifts a bot's halt; the reason goes into the journal. */
  'bots:resume': z.strictObject({ name: botName, reason }),
  'market:set-fault': z.strictObject({
    symbol,
    fault: z.enum(['stale', 'frozen', 'none'], { error: () => 'must be stale, frozen or none' }),
  }),
  /** The 90-day validation plan: phase, day, every criterion measured, checklist, sign-offs. */
  'validation:get': z.strictObject({}),
  /** Changes the plan's start, enrolled accounts, size bands or roll-back setting (journaled). */
  'validation:set-plan': z.strictObject({
    startDay: isoDate.nullable().optional(),
    accounts: z.array(accountId).max(50, 'must list at most 50 accounts').optional(),
    bands: z
      .strictObject({ 1: sizeBand.optional(), 2: sizeBand.optional(), 3: sizeBand.optional() })
      .optional(),
    rollBackOnCritical: z.boolean().optional(),
    reason,
  }),
  /** Sets (or, with null, removes) one criterion's target in one phase (journaled). */
  'validation:set-target': z.strictObject({
    phase,
    criterion: z.enum(CRITERION_IDS, {
      error: () => `must be one of ${CRITERION_IDS.join(', ')}`,
    }),
    target: z.number().finite('must be a finite number').min(-1e12).max(1e12).nullable(),
    reason,
  }),
  /** Adds a manual item to a phase's checklist. */
  'validation:add-item': z.strictObject({
    phase,
    text: z.string().trim().min(3, 'must say what to check, in a few words').max(200),
  }),
  /** Ticks (or unticks) a checklist item, with a note. */
  'validation:check-item': z.strictObject({
    id: z.string().min(1).max(64),
    done: z.boolean(),
    note: z.string().trim().max(500, 'must be at most 500 characters').optional(),
  }),
  /**
   * Signs a phase off: refused unless its days are over, its gating criteria pass and its
   * checklist is done. The next phase starts (after phase 3, the plan is complete).
   */
  'validation:sign-off': z.strictObject({
    phase,
    by: z.string().trim().min(1, 'must name who signs off').max(80),
    note: z
      .string()
      .trim()
      .min(3, 'must say why, in a few words (it goes into the journal)')
      .max(1_000),
  }),
  /** The final audit of the plan as a self-contained HTML page. */
  'validation:report': z.strictObject({}),
  /** Starts a fast-forward rehearsal of the plan in a scratch folder; progress comes as events. */
  'validation:rehearse': z.strictObject({
    days: z
      .number()
      .int('must be a whole number of days')
      .min(1, 'must be at least 1 day')
      .max(PLAN_DAYS, `must be at most ${PLAN_DAYS} days`),
    seed: z
      .number()
      .int('must be a whole number')
      .min(0)
      .max(2 ** 31),
    strategy: z.string().min(1).max(64).optional(),
  }),
  /** Stops the running rehearsal. */
  'validation:rehearse-stop': z.strictObject({}),
} as const satisfies Record<CommandNameLiteral, z.ZodType>

/** The names of every command. */
export type CommandName = CommandNameLiteral
/** The validated payload of a command. */
export type CommandPayload<C extends CommandName> = z.output<(typeof commandSchemas)[C]>

/** What each command answers on success. */
export interface CommandResponses {
  'app:get-snapshot': Snapshot
  'orders:submit': Order
  'orders:estimate': OrderEstimate
  /** The gate's dry run: every check's outcome, nothing journaled or sent. */
  'orders:check': OrderCheck
  'costs:estimate': CostEstimate
  'costs:summary': CostSummary
  'orders:get': Order
  'orders:list': readonly Order[]
  'fills:list': readonly Fill[]
  'market:get-candles': readonly Candle[]
  'limits:get': RiskLimits
  'limits:update': RiskLimits
  'audit:query': AuditPage
  'audit:get': AuditRecord
  'audit:verify': VerifyReport
  /** Composite records whose intent seq is at least fromSeq, oldest first. */
  'audit:list': readonly AuditRecord[]
  'orders:cancel': Order
  'accounts:add': Account
  'accounts:update': Account
  'accounts:connect': AccountStatus
  'accounts:disconnect': AccountStatus
  'accounts:set-credentials': AccountStatus
  'accounts:delete-credentials': AccountStatus
  'strategies:start': StrategyStatus
  'strategies:stop': StrategyStatus
  'market:set-speed': MarketStatus
  'market:set-fault': MarketStatus
  'trading:set-state': TradingStatus
  'trading:kill-switch': KillSwitchReport
  /** Runs a round of health checks now. */
  'health:check': HealthReport
  /** The latest rounds, oldest first. */
  'health:history': readonly HealthReport[]
  'reconcile:run': ReconcileStatus
  'reconcile:status': ReconcileStatus
  /** The status after the finding was settled. */
  'reconcile:resolve': ReconcileStatus
  'drills:run': DrillResult
  'drills:status': DrillsStatus
  'performance:get': PerformanceView
  'alerts:status': AlertsStatus
  'costs:fees': FeesView
  'alerts:update-rule': AlertRule
  'alerts:acknowledge': AlertItem
  'alerts:snooze': AlertItem
  'alerts:set-notifications': NotificationSettings
  'alerts:channels': ChannelsStatus
  'alerts:set-channel': AlertChannel
  'alerts:set-channel-secret': ChannelSecretSummary
  'alerts:test-channel': ChannelDelivery
  'reports:list': readonly ReportInfo[]
  /** Makes (or remakes) the report of a day and saves it. */
  'reports:generate': ReportInfo
  /** A saved report: its info and its self-contained HTML. */
  'reports:get': { readonly info: ReportInfo; readonly html: string }
  'reports:update-settings': ReportSettings
  'bots:list': BotsStatus
  'bots:heartbeat': BotView
  'bots:set': BotView
  'bots:resume': BotView
  'validation:get': ValidationView
  'validation:set-plan': ValidationView
  'validation:set-target': ValidationView
  'validation:add-item': ValidationView
  'validation:check-item': ValidationView
  'validation:sign-off': ValidationView
  'validation:report': { readonly html: string; readonly fileName: string }
  'validation:rehearse': RehearsalProgress
  'validation:rehearse-stop': RehearsalProgress
}

export { COMMAND_NAMES }

/** Whether a string names a command of the contract. */
export const isCommandName = isCommandNameLiteral

/** A validated command, ready for the engine. */
export type Command = { [C in CommandName]: { name: C; payload: CommandPayload<C> } }[CommandName]

/**
 * Validates a command name and its payload. Bad input becomes a Result with a message that
 * says what was wrong and what is allowed; it never throws.
 */
export function parseCommand(name: unknown, payload: unknown): Result<Command> {
  if (!isCommandName(name)) {
    return err(
      'UNKNOWN_COMMAND',
      `Unknown command ${describe(name)}. Allowed: ${COMMAND_NAMES.join(', ')}`,
    )
  }
  const parsed = commandSchemas[name].safeParse(payload ?? {})
  if (!parsed.success) return err('INVALID_INPUT', formatIssues(parsed.error))
  return ok({ name, payload: parsed.data } as Command)
}

/** Turns zod issues into one sentence per problem, naming the field. */
export function formatIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      const path = issue.path.map(String).join('.')
      if (issue.code === 'unrecognized_keys') {
        const keys = issue.keys.map((k) => JSON.stringify(k.slice(0, 40))).join(', ')
        return `${path ? path + ': ' : ''}unknown field${issue.keys.length > 1 ? 's' : ''} ${keys}`
      }
      if (issue.code === 'invalid_type' && issue.expected === 'object' && path === '') {
        return 'the request body must be a JSON object'
      }
      return `${path || 'body'}: ${issue.message}`
    })
    .join('; ')
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)
  if (typeof value === 'number' || typeof value === 'boolean')
    return `${typeof value} ${String(value)}`
  return Array.isArray(value) ? 'an array' : typeof value
}

/** Every event the engine emits, by name. */
export interface EventMap {
  'market:quote': Quote
  'market:candle': Candle
  'orders:updated': Order
  'fills:created': Fill
  'ledger:position': Position
  'ledger:balance': Balance
  /** A decision was made or its verification finished. */
  'audit:row': AuditRow
  /** Progress of a journal verification. */
  'audit:verify-progress': { readonly checked: number; readonly total: number }
  'limits:updated': { readonly accountId: string; readonly limits: RiskLimits }
  /** An account's trading state changed (the circuit breaker or the operator). */
  /** The effective state of an account, and the global one it is the stricter of. */
  'trading:state': {
    readonly accountId: string
    readonly state: TradingState
    readonly global: TradingState
    /** Who set the account's own state and why (absent from older engines). */
    readonly cause?: TradingCause
    /** Who set the state for every account and why (absent from older engines). */
    readonly globalCause?: TradingCause
  }
  'alerts:raised': Alert
  'accounts:added': Account
  /** An account's connection, prices, fee tier or strategy changed. */
  'accounts:status': AccountStatus
  'market:status': MarketStatus
  'health:report': HealthReport
  /** Reconciliation findings opened or settled. */
  'reconcile:status': ReconcileStatus
  /** A drill started, moved on or ended; results are in the status. */
  'drills:status': DrillsStatus
  /** An alert was acknowledged, snoozed, woke from a snooze or cleared. */
  'alerts:updated': AlertItem
  'alerts:rules': {
    readonly rules: readonly AlertRule[]
    readonly notifications: NotificationSettings
  }
  'reports:created': ReportInfo
  /** An account's execution-cost alarm went on or off (the CUSUM of misses against the model). */
  'costs:alarm': CostAlarm & { readonly accountId: string; readonly active: boolean }
  /** An outgoing alert channel's settings changed. */
  'alerts:channel': AlertChannel
  /** An alert (or a test) was delivered to a channel, or given up on. */
  'alerts:delivery': ChannelDelivery
  /** A bot was seen, placed or filled an order, sent a heartbeat, went quiet, was halted or resumed. */
  'bots:status': BotsStatus
  /** The validation plan changed (a record it measures, a setting, a sign-off, a phase). */
  'validation:changed': { readonly phase: ValidationView['phase']; readonly day: number | null }
  /** A rehearsal moved on a day, ended or was stopped. */
  'validation:rehearsal': RehearsalProgress
}

/** The names of every event. */
export type EventName = keyof EventMap
/** One event with its payload. */
export type EngineEvent = { [E in EventName]: { type: E; payload: EventMap[E] } }[EventName]
