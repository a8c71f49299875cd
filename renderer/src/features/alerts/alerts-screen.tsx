/**
 * Alerts: the active ones first (each can be acknowledged or snoozed), then the history with a
 * filter by severity, the rules that raise them, which severities become desktop
 * notifications, and the channels that carry alerts away from the desk.
 */
import { useEffect, useRef, useState } from 'react'
import type { AlertItem } from '../../../../shared/performance'
import { alertScope, SEVERITIES, SEVERITY_LABEL, type Severity } from '../../lib/alert-severity'
import { formatTime } from '../../lib/format'
import { useAlertsStore } from '../../stores/alerts-store'
import { useConnectionStore } from '../../stores/connection-store'
import { useLedgerStore } from '../../stores/ledger-store'
import { AlarmSoundPanel } from './alarm-sound-panel'
import { AlertRulesPanel } from './alert-rules'
import { ago, SNOOZE_CHOICES, STATE_LABEL } from './alerts-format'
import { ChannelsPanel } from './channels-panel'
import { NotificationsPanel } from './notifications-panel'
import './alerts.css'

// Rendering a thousand rows would make each update slow; the newest matter most.
const HISTORY_ROWS = 200

/** The time now, refreshed every 15 seconds, for "3 min ago". */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 15_000)
    return () => clearInterval(timer)
  }, [])
  return now
}

function useAccountName(): (alert: Pick<AlertItem, 'kind' | 'accountId'>) => string {
  const accounts = useLedgerStore((s) => s.accounts)
  return (alert) => alertScope(alert, (id) => accounts.find((a) => a.id === id)?.name ?? id)
}

/** A severity in words, coloured. */
export function SeverityBadge({ severity }: { readonly severity: Severity }) {
  return (
    <span className={`badge severity-${severity}`} data-testid="alert-severity">
      {SEVERITY_LABEL[severity]}
    </span>
  )
}

/** The Alerts screen. */
export function AlertsScreen() {
  const load = useAlertsStore((s) => s.load)
  const loadError = useAlertsStore((s) => s.loadError)
  const online = useConnectionStore((s) => s.status === 'online')

  useEffect(() => {
    if (online) void load()
  }, [online, load])

  return (
    <div className="screen alerts">
      <div className="screen-title-row">
        <h1 className="screen-title">Alerts</h1>
      </div>
      {loadError ? (
        <p className="banner banner-warn" role="alert" data-testid="alerts-load-error">
          Vigil could not load the alerts: {loadError}
        </p>
      ) : null}
      <ActiveAlerts />
      <AlertHistory />
      <AlertRulesPanel />
      <NotificationsPanel />
      <AlarmSoundPanel />
      <ChannelsPanel />
    </div>
  )
}

function ActiveAlerts() {
  const alerts = useAlertsStore((s) => s.alerts)
  const active = alerts.filter((a) => a.state === 'active')
  const nameOf = useAccountName()
  const now = useNow()
  return (
    <section className="panel" aria-labelledby="active-alerts-title">
      <h2 id="active-alerts-title" className="panel-title">
        Active <span className="count">{active.length}</span>
      </h2>
      {active.length === 0 ? (
        <p className="muted" data-testid="alerts-none-active">
          No active alert. Alerts the rules raise show here until you acknowledge or snooze them.
        </p>
      ) : (
        <ul className="alert-list" data-testid="active-alerts">
          {active.map((alert) => (
            <ActiveAlert key={alert.id} alert={alert} accountName={nameOf(alert)} now={now} />
          ))}
        </ul>
      )}
    </section>
  )
}

function ActiveAlert({
  alert,
  accountName,
  now,
}: {
  readonly alert: AlertItem
  readonly accountName: string
  readonly now: number
}) {
  const acknowledge = useAlertsStore((s) => s.acknowledge)
  const snooze = useAlertsStore((s) => s.snooze)
  const online = useConnectionStore((s) => s.status === 'online')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const focused = useAlertsStore((s) => s.focusId === alert.id)
  const clearFocus = useAlertsStore((s) => s.clearFocus)
  const item = useRef<HTMLLIElement>(null)

  // Opened from the header's alarm: bring it into view and give it the focus, once.
  useEffect(() => {
    if (!focused) return
    item.current?.scrollIntoView?.({ block: 'center' })
    item.current?.focus()
    clearFocus()
  }, [focused, clearFocus])

  const run = async (action: () => Promise<{ ok: boolean; error?: { message: string } }>) => {
    setBusy(true)
    setError(null)
    const result = await action()
    setBusy(false)
    if (!result.ok) setError(result.error?.message ?? 'Vigil gave no reason.')
  }

  return (
    <li
      ref={item}
      tabIndex={-1}
      className={`alert-item alert-${alert.severity}`}
      data-testid={`alert-${alert.id}`}
    >
      <div className="alert-main">
        <SeverityBadge severity={alert.severity} />
        {alert.message.includes(accountName) ? null : (
          <span className="alert-account">{accountName}</span>
        )}
        <span className="alert-message" data-testid="alert-message">
          {alert.message}
        </span>
        <span className="muted-inline nowrap" title={formatTime(alert.ts)}>
          since {formatTime(alert.ts).slice(11)} ({ago(alert.ts, now)})
        </span>
      </div>
      <div className="alert-actions">
        <button
          type="button"
          className="small primary"
          data-testid="alert-acknowledge"
          disabled={busy || !online}
          onClick={() => void run(() => acknowledge(alert.id))}
        >
          Acknowledge
        </button>
        <span className="label" id={`snooze-${alert.id}`}>
          Snooze
        </span>
        <span className="snooze-choices" role="group" aria-labelledby={`snooze-${alert.id}`}>
          {SNOOZE_CHOICES.map((choice) => (
            <button
              key={choice.minutes}
              type="button"
              className="small"
              data-testid={`alert-snooze-${choice.minutes}`}
              disabled={busy || !online}
              aria-label={`Snooze for ${choice.label}`}
              onClick={() => void run(() => snooze(alert.id, choice.minutes))}
            >
              {choice.label}
            </button>
          ))}
        </span>
      </div>
      {error ? (
        <p className="negative alert-error" role="alert" data-testid="alert-action-error">
          {error}
        </p>
      ) : null}
    </li>
  )
}

function stateDetail(alert: AlertItem): string {
  switch (alert.state) {
    case 'acknowledged':
      return alert.acknowledgedAt ? `at ${formatTime(alert.acknowledgedAt)}` : ''
    case 'snoozed':
      return alert.snoozedUntil ? `until ${formatTime(alert.snoozedUntil)}` : ''
    case 'cleared':
      return alert.clearedAt ? `at ${formatTime(alert.clearedAt)}` : ''
    default:
      return ''
  }
}

function AlertHistory() {
  const alerts = useAlertsStore((s) => s.alerts)
  const nameOf = useAccountName()
  const [shown, setShown] = useState<ReadonlySet<Severity>>(() => new Set(SEVERITIES))
  const history = alerts.filter((a) => a.state !== 'active' && shown.has(a.severity))
  const toggle = (severity: Severity): void => {
    const next = new Set(shown)
    if (next.has(severity)) next.delete(severity)
    else next.add(severity)
    setShown(next)
  }
  return (
    <section className="panel" aria-labelledby="alert-history-title">
      <header className="chart-header">
        <h2 id="alert-history-title" className="panel-title">
          History <span className="count">{history.length}</span>
        </h2>
        <div className="scope-toggle" role="group" aria-label="Severities shown">
          {SEVERITIES.map((severity) => (
            <button
              key={severity}
              type="button"
              className="chip"
              aria-pressed={shown.has(severity)}
              data-testid={`history-filter-${severity}`}
              onClick={() => toggle(severity)}
            >
              {SEVERITY_LABEL[severity]}
            </button>
          ))}
        </div>
      </header>
      <div className="table-wrap">
        <table className="table" data-testid="alert-history">
          <thead>
            <tr>
              <th scope="col">Raised</th>
              <th scope="col">Severity</th>
              <th scope="col">Account</th>
              <th scope="col">Message</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {history.length === 0 ? (
              <tr>
                <td colSpan={5} className="empty">
                  {shown.size === 0
                    ? 'Choose a severity to see its alerts.'
                    : 'No acknowledged, snoozed or cleared alert.'}
                </td>
              </tr>
            ) : (
              history.slice(0, HISTORY_ROWS).map((alert) => (
                <tr key={alert.id} data-testid="history-row">
                  <td className="num nowrap">{formatTime(alert.ts)}</td>
                  <td>
                    <SeverityBadge severity={alert.severity} />
                  </td>
                  <td>{nameOf(alert)}</td>
                  <td className="reason">{alert.message}</td>
                  <td className="nowrap" data-testid="history-state">
                    {STATE_LABEL[alert.state]}{' '}
                    <span className="muted-inline">{stateDetail(alert)}</span>
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </section>
  )
}
