/**
 * The app shell: a header with the account switcher (the account in view, its kind of money and
 * trading state, and the state set for every account when it is not ACTIVE), the engine's
 * health (a button to the Health screen), the simulator's state when it is unusual, the
 * account's equity, the connection status and the red Kill switch; under it, while a browser
 * tab is off the link to Vigil, a banner saying so (every figure greyed meanwhile); a left
 * navigation (with the count of open reconciliation findings, which block trading); and the
 * screen in focus. The screen follows the URL hash so a reload keeps it.
 */
import { useEffect, useState, type ReactNode } from 'react'
import { AccountSwitcher } from './components/account-switcher'
import { Alarms } from './components/alarms'
import { ConnectionBadge } from './components/connection-badge'
import { ConnectionBanner } from './components/connection-banner'
import { HealthBadge } from './components/health-badge'
import { KillSwitch } from './components/kill-switch'
import { MarketChip } from './components/market-chip'
import { TradingStateBadge } from './components/trading-state-badge'
import { AccountsScreen } from './features/accounts/accounts-screen'
import { AlertsNavBadge } from './features/alerts/alerts-nav-badge'
import { AlertsScreen } from './features/alerts/alerts-screen'
import { AuditScreen } from './features/audit/audit-screen'
import { BotsNavBadge } from './features/bots/bots-nav-badge'
import { BotsScreen } from './features/bots/bots-screen'
import { CostsScreen } from './features/costs/costs-screen'
import { DrillsScreen } from './features/drills/drills-screen'
import { HealthScreen } from './features/health/health-screen'
import { LimitsScreen } from './features/limits/limits-screen'
import { MarketScreen } from './features/market/market-screen'
import { OrdersScreen } from './features/orders/orders-screen'
import { OverviewScreen } from './features/overview/overview-screen'
import { PerformanceScreen } from './features/performance/performance-screen'
import { ReconcileNavBadge } from './features/reconcile/reconcile-nav-badge'
import { ReconcileScreen } from './features/reconcile/reconcile-screen'
import { ReportsScreen } from './features/reports/reports-screen'
import { RoadmapScreen } from './features/roadmap/roadmap-screen'
import { TradeScreen } from './features/trade/trade-screen'
import { formatUsd } from './lib/format'
import { useConnectionStore } from './stores/connection-store'
import { useAccountSummary } from './stores/selectors'

/** The screens of the console. */
export type ScreenId =
  | 'overview'
  | 'trade'
  | 'orders'
  | 'accounts'
  | 'market'
  | 'limits'
  | 'performance'
  | 'costs'
  | 'alerts'
  | 'bots'
  | 'reports'
  | 'audit'
  | 'health'
  | 'reconcile'
  | 'drills'
  | 'roadmap'

const SCREENS: readonly {
  readonly id: ScreenId
  readonly label: string
  readonly render: () => ReactNode
  /** Something that needs attention, shown on the navigation item. */
  readonly badge?: () => ReactNode
}[] = [
  { id: 'overview', label: 'Overview', render: () => <OverviewScreen /> },
  { id: 'trade', label: 'Trade', render: () => <TradeScreen /> },
  { id: 'orders', label: 'Orders', render: () => <OrdersScreen /> },
  { id: 'accounts', label: 'Accounts', render: () => <AccountsScreen /> },
  { id: 'market', label: 'Market', render: () => <MarketScreen /> },
  { id: 'limits', label: 'Risk limits', render: () => <LimitsScreen /> },
  { id: 'performance', label: 'Performance', render: () => <PerformanceScreen /> },
  { id: 'costs', label: 'Costs', render: () => <CostsScreen /> },
  {
    id: 'alerts',
    label: 'Alerts',
    render: () => <AlertsScreen />,
    badge: () => <AlertsNavBadge />,
  },
  { id: 'bots', label: 'Bots', render: () => <BotsScreen />, badge: () => <BotsNavBadge /> },
  { id: 'reports', label: 'Reports', render: () => <ReportsScreen /> },
  { id: 'audit', label: 'Audit', render: () => <AuditScreen /> },
  { id: 'health', label: 'Health', render: () => <HealthScreen /> },
  {
    id: 'reconcile',
    label: 'Reconciliation',
    render: () => <ReconcileScreen />,
    badge: () => <ReconcileNavBadge />,
  },
  { id: 'drills', label: 'Drills', render: () => <DrillsScreen /> },
  { id: 'roadmap', label: 'Roadmap', render: () => <RoadmapScreen /> },
]

function screenFromHash(): ScreenId {
  const id = typeof location === 'undefined' ? '' : location.hash.replace(/^#\/?/, '')
  return SCREENS.some((s) => s.id === id) ? (id as ScreenId) : 'overview'
}

/** The whole console. */
export function App() {
  const [screen, setScreen] = useState<ScreenId>(screenFromHash)

  useEffect(() => {
    const onHash = (): void => setScreen(screenFromHash())
    window.addEventListener('hashchange', onHash)
    return () => window.removeEventListener('hashchange', onHash)
  }, [])

  const go = (id: ScreenId): void => {
    setScreen(id)
    if (location.hash !== `#/${id}`) history.replaceState(null, '', `#/${id}`)
  }

  const current = SCREENS.find((s) => s.id === screen) ?? SCREENS[0]
  const status = useConnectionStore((s) => s.status)
  // Figures shown once came from Vigil; off the link, the console cannot vouch for them.
  const stale = useConnectionStore((s) => s.wasOnline && s.status !== 'online')

  return (
    <div className="shell" data-connection={status} data-stale={stale ? 'true' : 'false'}>
      <Header onOpenHealth={() => go('health')} />
      <ConnectionBanner />
      <Alarms />
      <nav className="nav" aria-label="Screens">
        <ul>
          {SCREENS.map((s) => (
            <li key={s.id}>
              <button
                type="button"
                className="nav-item"
                data-testid={`nav-${s.id}`}
                aria-current={s.id === screen ? 'page' : undefined}
                onClick={() => go(s.id)}
              >
                {s.label}
                {s.badge?.()}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <main className="main" id="main">
        {current?.render()}
      </main>
    </div>
  )
}

function Header({ onOpenHealth }: { readonly onOpenHealth: () => void }) {
  const summary = useAccountSummary()
  return (
    <header className="header">
      <span className="brand">Vigil</span>
      <AccountSwitcher />
      <TradingStateBadge />
      <HealthBadge onOpen={onOpenHealth} />
      <MarketChip />
      <span className="header-equity">
        <span className="label">Equity</span>{' '}
        <span className="num" data-testid="header-equity">
          {summary.cash === null ? '—' : formatUsd(summary.equity)}
        </span>
      </span>
      <ConnectionBadge />
      <KillSwitch />
    </header>
  )
}
