/**
 * Health: the engine's overall status in large type, when the last round of checks ran and how
 * long it took, a button to run a round now, every check grouped by what it is about (the
 * system, then each account) with failing checks first, and a timeline of the overall status.
 */
import { useEffect, useState } from 'react'
import type { HealthCheck, HealthReport } from '../../../../shared/types'
import { HealthTimelineChart } from '../../charts/health-timeline-chart'
import { formatTime } from '../../lib/format'
import { useConnectionStore } from '../../stores/connection-store'
import { useHealthStore } from '../../stores/health-store'
import { useLedgerStore } from '../../stores/ledger-store'
import {
  describeAge,
  formatDuration,
  formatMeasured,
  LEVEL_CLASS,
  LEVEL_SEVERITY,
  STATUS_CLASS,
  STATUS_MEANING,
} from '../../lib/health-format'

/** One group of checks in the table: the whole system, or one account. */
export interface CheckGroup {
  readonly key: string
  readonly title: string
  readonly checks: readonly HealthCheck[]
}

/**
 * Groups checks by account (system first when equally bad) and orders both groups and rows
 * worst first, so a failing check is always at the top of the table.
 */
export function groupChecks(
  checks: readonly HealthCheck[],
  accountName: (accountId: string) => string,
): CheckGroup[] {
  const groups = new Map<string | null, HealthCheck[]>()
  for (const check of checks) {
    const list = groups.get(check.accountId) ?? []
    list.push(check)
    groups.set(check.accountId, list)
  }
  const worst = (list: readonly HealthCheck[]): number =>
    Math.max(...list.map((c) => LEVEL_SEVERITY[c.level]))
  return [...groups.entries()]
    .map(([accountId, list], order) => ({
      order: accountId === null ? -1 : order,
      worst: worst(list),
      group: {
        key: accountId ?? 'system',
        title: accountId === null ? 'System' : `Account ${accountName(accountId)}`,
        // Array.sort is stable, so checks of one level keep the engine's order.
        checks: [...list].sort((a, b) => LEVEL_SEVERITY[b.level] - LEVEL_SEVERITY[a.level]),
      },
    }))
    .sort((a, b) => b.worst - a.worst || a.order - b.order)
    .map((g) => g.group)
}

/** The time now, refreshed every second, for "12 s ago". */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000)
    return () => clearInterval(timer)
  }, [])
  return now
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`
}

/** "2 failing, 1 warning, 12 OK". */
function countLevels(checks: readonly HealthCheck[]): string {
  const fail = checks.filter((c) => c.level === 'FAIL').length
  const warn = checks.filter((c) => c.level === 'WARN').length
  const ok = checks.length - fail - warn
  return `${fail.toLocaleString('en-US')} failing, ${warn.toLocaleString('en-US')} warning, ${ok.toLocaleString('en-US')} OK`
}

/** The Health screen. */
export function HealthScreen() {
  const latest = useHealthStore((s) => s.latest)
  return (
    <div className="screen health">
      <div className="screen-title-row">
        <h1 className="screen-title">Health</h1>
        <CheckNowButton />
      </div>
      {latest ? (
        <>
          <StatusPanel report={latest} />
          <ChecksPanel report={latest} />
        </>
      ) : (
        <section className="panel" data-testid="health-empty">
          <p className="muted">
            No health round has run yet, so the console cannot say whether Vigil is healthy. The
            engine checks about every 30 seconds; press Check now to run a round at once.
          </p>
        </section>
      )}
      <TimelinePanel />
    </div>
  )
}

function CheckNowButton() {
  const checking = useHealthStore((s) => s.checking)
  const checkError = useHealthStore((s) => s.checkError)
  const checkNow = useHealthStore((s) => s.checkNow)
  const online = useConnectionStore((s) => s.status === 'online')
  const [done, setDone] = useState<string | null>(null)

  const run = async (): Promise<void> => {
    // aria-disabled rather than disabled, so the button keeps keyboard focus while it runs.
    if (checking || !online) return
    setDone(null)
    const result = await checkNow()
    if (result.ok) {
      setDone(`Round finished: ${result.value.status}, ${countLevels(result.value.checks)}.`)
    }
  }

  return (
    <div className="health-check-now">
      <span className="muted" role="status" data-testid="health-check-progress">
        {checking ? 'Running the checks…' : (done ?? '')}
      </span>
      <button
        type="button"
        className="primary"
        data-testid="health-check-now"
        aria-busy={checking}
        aria-disabled={checking || !online}
        title={online ? 'Run every health check now' : 'The console is not connected to Vigil.'}
        onClick={() => void run()}
      >
        {checking ? 'Checking…' : 'Check now'}
      </button>
      {checkError ? (
        <p className="negative" role="alert" data-testid="health-check-error">
          The checks could not run: {checkError}
        </p>
      ) : null}
    </div>
  )
}

function StatusPanel({ report }: { readonly report: HealthReport }) {
  const now = useNow()
  const timeline = useHealthStore((s) => s.timeline)
  const age = now - report.ts
  const previous = timeline.length >= 2 ? timeline[timeline.length - 2] : undefined
  const interval = previous ? report.ts - previous.ts : 30_000
  // Rounds come every interval; several missed in a row mean the checks themselves stopped.
  const stale = age > Math.max(120_000, 3 * interval)

  return (
    <section className="panel health-status-panel" aria-labelledby="health-status-title">
      <h2 id="health-status-title" className="panel-title">
        Overall status
      </h2>
      <div className="health-status-row">
        <span
          className={`health-status-word ${STATUS_CLASS[report.status]}`}
          data-testid="health-status"
          data-status={report.status}
        >
          {report.status}
        </span>
        <div className="health-status-facts">
          <p>{STATUS_MEANING[report.status]}</p>
          <p data-testid="health-counts">{countLevels(report.checks)}</p>
          <p className="muted" data-testid="health-last-round">
            Last round {describeAge(age)} ({formatTime(report.ts)}), took{' '}
            {formatDuration(report.durationMs)}.
          </p>
        </div>
      </div>
      {stale ? (
        <div className="banner banner-warn" role="alert" data-testid="health-stale">
          No health round for {describeAge(age).replace(' ago', '')}: the checks may have stopped,
          so this status may be out of date. Press Check now.
        </div>
      ) : null}
    </section>
  )
}

function ChecksPanel({ report }: { readonly report: HealthReport }) {
  const accounts = useLedgerStore((s) => s.accounts)
  const accountName = (id: string): string => accounts.find((a) => a.id === id)?.name ?? id
  const groups = groupChecks(report.checks, accountName)

  return (
    <section className="panel" aria-labelledby="health-checks-title">
      <h2 id="health-checks-title" className="panel-title">
        Checks <span className="count">{plural(report.checks.length, 'check')}</span>
      </h2>
      <div className="table-wrap">
        <table className="table health-table" data-testid="health-checks">
          <thead>
            <tr>
              <th scope="col">Check</th>
              <th scope="col">Level</th>
              <th scope="col" className="right">
                Measured
              </th>
              <th scope="col">Threshold</th>
              <th scope="col">Message</th>
            </tr>
          </thead>
          {groups.length === 0 ? (
            <tbody>
              <tr>
                <td colSpan={5} className="empty">
                  This round ran no checks.
                </td>
              </tr>
            </tbody>
          ) : (
            groups.map((group) => (
              <tbody key={group.key} data-testid={`health-group-${group.key}`}>
                <tr className="health-group-row">
                  <th scope="colgroup" colSpan={5}>
                    {group.title}
                  </th>
                </tr>
                {group.checks.map((check, i) => (
                  <tr
                    key={`${check.name}-${i}`}
                    className={`health-row ${LEVEL_CLASS[check.level]}`}
                    data-testid="health-check-row"
                    data-check={check.name}
                    data-level={check.level}
                  >
                    <th scope="row">{check.label}</th>
                    <td>
                      <span className={`badge ${LEVEL_CLASS[check.level]}`}>{check.level}</span>
                    </td>
                    <td className="right" data-testid="health-check-value">
                      {formatMeasured(check)}
                    </td>
                    <td className="reason" data-testid="health-check-threshold">
                      {check.threshold}
                    </td>
                    <td className="reason">{check.message}</td>
                  </tr>
                ))}
              </tbody>
            ))
          )}
        </table>
      </div>
    </section>
  )
}

function TimelinePanel() {
  const timeline = useHealthStore((s) => s.timeline)
  const historyError = useHealthStore((s) => s.historyError)
  const first = timeline[0]
  const last = timeline[timeline.length - 1]
  const count = (status: HealthReport['status']): number =>
    timeline.filter((r) => r.status === status).length
  const summary =
    first && last
      ? `${plural(timeline.length, 'round')} from ${formatTime(first.ts)} to ${formatTime(last.ts)}: ` +
        `${count('HEALTHY').toLocaleString('en-US')} healthy, ${count('DEGRADED').toLocaleString('en-US')} degraded, ` +
        `${count('CRITICAL').toLocaleString('en-US')} critical.`
      : 'No rounds yet.'

  return (
    <section className="panel" aria-labelledby="health-timeline-title">
      <h2 id="health-timeline-title" className="panel-title">
        Timeline{' '}
        <span className="count" data-testid="health-timeline-summary">
          {summary}
        </span>
      </h2>
      <p className="muted health-legend">
        <span className="legend-swatch health-healthy" aria-hidden="true" /> Healthy{' '}
        <span className="legend-swatch health-degraded" aria-hidden="true" /> Degraded{' '}
        <span className="legend-swatch health-critical" aria-hidden="true" /> Critical
      </p>
      <HealthTimelineChart summary={`Overall health over time. ${summary}`} />
      {historyError ? (
        <p className="muted" data-testid="health-history-error">
          Earlier rounds could not be loaded ({historyError}); the timeline starts now.
        </p>
      ) : null}
    </section>
  )
}
