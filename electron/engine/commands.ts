/**
 * Every command of the contract, answered by the domain that owns it: the root's one map. The
 * compiler checks that the domains' maps cover the contract, each command exactly once.
 */
import type { CommandName } from '../../shared/contract'
import { ok, type Result } from '../../shared/result'
import type { AccountService, Venues } from './accounts'
import {
  alertHandlers,
  channelHandlers,
  type AlertCenter,
  type AlertChannels,
  type AlertLog,
} from './alerts'
import { botHandlers, type BotWatch } from './bots'
import { combineHandlers, type Clock, type Handlers } from './core'
import { type OrderService, orderHandlers, type RiskLimitsBook } from './execution'
import { auditHandlers, type AuditTrail, type Journal } from './journal'
import type { Ledger } from './ledger'
import type { CostWatch, FeeWatch } from './costs'
import type { MarketService } from './market'
import type { LivePerformance } from './performance'
import type { RehearsalRunner } from './rehearsal'
import type { ReportService } from './reports'
import type {
  TradingStates,
  Drills,
  HealthMonitor,
  JournalCheck,
  Reconciler,
  Reconciliation,
} from './resilience'
import { strategyHandlers, type StrategyRunners } from './signals'
import type { ValidationService } from './validation'
import { snapshotView } from './view'

/** The services that answer commands. */
export interface CommandServices {
  readonly clock: Clock
  readonly journal: Journal
  readonly ledger: Ledger
  readonly audit: AuditTrail
  readonly accounts: AccountService
  readonly venues: Venues
  readonly market: MarketService
  readonly limits: RiskLimitsBook
  readonly trading: TradingStates
  readonly orders: OrderService
  readonly strategies: StrategyRunners
  readonly journalCheck: JournalCheck
  readonly health: HealthMonitor
  readonly reconciler: Reconciler
  readonly reconciliation: Reconciliation
  readonly drills: Drills
  readonly alerts: AlertCenter
  readonly alertLog: AlertLog
  readonly channels: AlertChannels
  readonly live: LivePerformance
  readonly reports: ReportService
  readonly bots: BotWatch
  readonly fees: FeeWatch
  readonly costs: CostWatch
  readonly validation: ValidationService
  /** The Roadmap's fast-forward rehearsals of the plan. */
  readonly rehearsals: RehearsalRunner
  /** The breaker's first recovery step and its cool-down. */
  readonly breakerSteps: { readonly firstStep: number; readonly cooldownMs: number }
}

/** The one map from every command to its answer. */
export function engineCommands(s: CommandServices): Handlers<CommandName> {
  const resolve = (id: string | undefined): Result<string> => s.accounts.resolve(id)
  const { orders, ledger, trading } = s
  return combineHandlers(
    { 'app:get-snapshot': () => ok(snapshotView(s)) },
    orderHandlers({
      orders,
      ledger,
      trading,
      resolve,
      firstRecoveryStep: s.breakerSteps.firstStep,
    }),
    s.limits.handlers(resolve),
    s.accounts.handlers(() => s.limits.save()),
    strategyHandlers(s.strategies, ledger, resolve),
    auditHandlers(s.audit),
    s.journalCheck.handlers(),
    s.health.handlers(),
    s.reconciliation.handlers(resolve),
    s.drills.handlers(resolve, s.breakerSteps.cooldownMs),
    s.live.handlers(resolve),
    alertHandlers(s.alerts, s.alertLog, () => s.live.sample()),
    channelHandlers(s.channels),
    s.reports.handlers(),
    s.market.handlers(),
    botHandlers(s.bots),
    s.fees.handlers(resolve),
    s.costs.handlers(resolve),
    s.validation.handlers(),
    s.rehearsals.handlers(),
  )
}
