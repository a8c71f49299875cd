/** What a window is shown when it opens: every domain's current state, in one snapshot. */
import type { Snapshot } from '../../shared/types'
import { type AccountService, DEFAULT_ACCOUNT_ID, type Venues } from './accounts'
import type { AlertLog } from './alerts'
import type { BotWatch } from './bots'
import type { Clock } from './core'
import type { RiskLimitsBook } from './execution'
import type { Journal } from './journal'
import type { Ledger } from './ledger'
import { INSTRUMENTS, type MarketService } from './market'
import type { ReportService } from './reports'
import type { Drills, HealthMonitor, Reconciler, TradingStates } from './resilience'
import { STRATEGIES } from './signals'

/** Orders and fills a window is first shown, newest first. */
const LIST_LIMIT = 500

/** The parts the snapshot reads. */
export interface ViewParts {
  readonly clock: Clock
  readonly journal: Journal
  readonly ledger: Ledger
  readonly accounts: AccountService
  readonly venues: Venues
  readonly market: MarketService
  readonly limits: RiskLimitsBook
  readonly trading: TradingStates
  readonly health: HealthMonitor
  readonly reconciler: Reconciler
  readonly drills: Drills
  readonly alertLog: AlertLog
  readonly reports: ReportService
  readonly bots: BotWatch
}

/** The state a window opens on. */
export function snapshotView(p: ViewParts): Snapshot {
  const accounts = p.ledger.listAccounts()
  const trading = p.trading.status()
  return {
    defaultAccountId: DEFAULT_ACCOUNT_ID,
    accounts,
    instruments: INSTRUMENTS.map(
      ({ symbol, baseAsset, quoteAsset, lotSize, tickSize, minNotional }) => ({
        symbol,
        baseAsset,
        quoteAsset,
        lotSize,
        tickSize,
        minNotional,
      }),
    ),
    balances: p.ledger.balances(),
    positions: p.ledger.positions(),
    orders: p.ledger.orders(undefined, LIST_LIMIT),
    fills: p.ledger.fills(undefined, LIST_LIMIT),
    quotes: [...p.market.market.quotes(), ...p.venues.liveQuotes()],
    journal: p.journal.head,
    serverTime: p.clock.now(),
    limits: p.limits.all(),
    tradingStates: trading.accounts,
    globalTradingState: trading.global,
    recoveryFractions: Object.fromEntries(
      accounts.flatMap((a) => {
        const f = p.trading.recoveryFraction(a.id)
        return f === null ? [] : [[a.id, f]]
      }),
    ),
    tradingCauses: p.trading.causes(),
    accountStatuses: p.accounts.runtime.statuses(),
    strategies: STRATEGIES.map(({ id, name, description, demonstration }) => ({
      id,
      name,
      description,
      demonstration,
    })),
    market: p.market.status(),
    health: p.health.latest(),
    reconciliation: p.reconciler.status(),
    drills: p.drills.status(),
    alerts: p.alertLog.status(),
    reports: { list: p.reports.reports(), settings: p.reports.settings() },
    bots: p.bots.status(),
  }
}
