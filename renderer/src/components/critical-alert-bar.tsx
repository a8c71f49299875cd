/**
 * The bar under the header, on every screen, while a critical alert is open (not acknowledged,
 * snoozed or cleared): how many, the newest one's text with when it was raised, a way to it on
 * the Alerts screen, and Acknowledge right there. A screen reader announces an alert once, when
 * it first shows here, not again on every change of the bar.
 */
import { useMemo, useState } from 'react'
import type { AlertItem } from '../../../shared/performance'
import { alertScope } from '../lib/alert-severity'
import { formatClockTime, formatTime } from '../lib/format'
import { useNow } from '../lib/use-now'
import { useAlarmSoundStore } from '../stores/alarm-sound-store'
import { openCritical, useAlertsStore } from '../stores/alerts-store'
import { useConnectionStore } from '../stores/connection-store'
import { useLedgerStore } from '../stores/ledger-store'
import './critical-alert-bar.css'

/** Opens an alert on the Alerts screen, brought into view and focused. */
export function openAlertOnAlertsScreen(alertId: string): void {
  useAlertsStore.getState().focusAlert(alertId)
  if (location.hash !== '#/alerts') location.hash = '#/alerts'
}

/** "14:03:07 UTC", with the date in front when it was not today. */
export function raisedAt(ts: number, now: number): string {
  const day = formatTime(ts).slice(0, 10)
  return day === formatTime(now).slice(0, 10)
    ? formatClockTime(ts)
    : `${day} ${formatClockTime(ts)}`
}

/** The critical alert bar; renders nothing while no critical alert is open. */
export function CriticalAlertBar() {
  const alerts = useAlertsStore((s) => s.alerts)
  const open = useMemo(() => openCritical(alerts), [alerts])
  const newest = open[0]
  // The open ones already shown, and the one to announce: an alert is announced when it first
  // shows (or shows again after a snooze), not when the bar falls back to an older one.
  const [shown, setShown] = useState<{
    readonly ids: ReadonlySet<string>
    readonly fresh: string | null
  }>({ ids: new Set(), fresh: null })
  const changed = open.length !== shown.ids.size || open.some((a) => !shown.ids.has(a.id))
  if (changed) {
    const fresh = newest && !shown.ids.has(newest.id) ? newest.id : shown.fresh
    setShown({ ids: new Set(open.map((a) => a.id)), fresh })
  }
  if (!newest) return null
  return <Bar newest={newest} count={open.length} announce={shown.fresh === newest.id} />
}

function Bar({
  newest,
  count,
  announce,
}: {
  readonly newest: AlertItem
  readonly count: number
  readonly announce: boolean
}) {
  const acknowledge = useAlertsStore((s) => s.acknowledge)
  const online = useConnectionStore((s) => s.status === 'online')
  const account = useLedgerStore((s) =>
    alertScope(newest, (id) => s.accounts.find((a) => a.id === id)?.name ?? id),
  )
  const soundBlocked = useAlarmSoundStore((s) => s.outcome === 'blocked' && !s.lastWasTest)
  const now = useNow(30_000)
  const [busy, setBusy] = useState(false)
  // A failure is about one alert; it says nothing about the next one shown here.
  const [failure, setFailure] = useState<{ readonly id: string; readonly text: string } | null>(
    null,
  )
  const error = failure?.id === newest.id ? failure.text : null

  const onAcknowledge = async (): Promise<void> => {
    const id = newest.id
    setBusy(true)
    setFailure(null)
    const result = await acknowledge(id)
    setBusy(false)
    if (!result.ok)
      setFailure({ id, text: `Vigil could not acknowledge it: ${result.error.message}` })
  }

  const words = count === 1 ? '1 critical alert open' : `${count} critical alerts open`
  return (
    <section
      className="critical-alert-bar"
      aria-label="Open critical alerts"
      data-testid="critical-alert-bar"
      data-count={count}
    >
      <p className="critical-alert-text" role={announce ? 'alert' : undefined}>
        <strong className="critical-alert-count" data-testid="critical-alert-count">
          {words}
        </strong>
        <span className="critical-alert-newest">
          {count > 1 ? 'Newest: ' : ''}
          <span data-testid="critical-alert-message">{newest.message}</span>
          {newest.message.includes(account) ? null : (
            <span className="critical-alert-account"> ({account})</span>
          )}
        </span>
        <span className="critical-alert-time" data-testid="critical-alert-time">
          raised at {raisedAt(newest.ts, now)}
        </span>
      </p>
      <div className="critical-alert-actions">
        <button
          type="button"
          className="small"
          data-testid="critical-alert-open"
          onClick={() => openAlertOnAlertsScreen(newest.id)}
        >
          {count > 1 ? `See all ${count} in Alerts` : 'Open in Alerts'}
        </button>
        <button
          type="button"
          className="small primary"
          data-testid="critical-alert-acknowledge"
          disabled={busy || !online}
          title={
            online
              ? 'Acknowledge this alert: it leaves this bar and is kept in the history.'
              : 'Acknowledging needs the connection to Vigil.'
          }
          onClick={() => void onAcknowledge()}
        >
          Acknowledge
        </button>
      </div>
      {error ? (
        <p className="critical-alert-error" role="alert" data-testid="critical-alert-error">
          {error}
        </p>
      ) : null}
      {soundBlocked ? (
        <p className="critical-alert-note" data-testid="critical-alert-sound-blocked">
          The alarm sound could not play: this browser plays sound only after a click or key press
          in Vigil. Click anywhere here and the next alarm will sound.
        </p>
      ) : null}
    </section>
  )
}
