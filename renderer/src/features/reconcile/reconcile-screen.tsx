/**
 * Reconciliation: where the ledger and a broker disagree. Every open finding blocks trading on
 * its account, so the screen leads with a banner per blocked account, then the findings, each
 * with the one action that settles it; a button to reconcile now; each account's last run; and
 * the findings settled lately, by whom and why.
 */
import { useEffect, useState } from 'react'
import type { ReconcileFinding, ReconcileStatus } from '../../../../shared/types'
import { formatTime } from '../../lib/format'
import { useConnectionStore } from '../../stores/connection-store'
import { useLedgerStore } from '../../stores/ledger-store'
import { useReconcileStore } from '../../stores/reconcile-store'
import { describeAge } from '../../lib/health-format'
import {
  describeSettlement,
  DISMISS_LABEL,
  formatSide,
  KIND_LABEL,
  KIND_MEANING,
  RESOLVE_LABEL,
  sentence,
} from './reconcile-format'
import { ResolveDialog } from './resolve-dialog'
import './reconcile.css'

/** The time now, refreshed every second, for "12 s ago". */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000)
    return () => clearInterval(timer)
  }, [])
  return now
}

function useAccountName(): (id: string) => string {
  const accounts = useLedgerStore((s) => s.accounts)
  return (id) => accounts.find((a) => a.id === id)?.name ?? id
}

/** "2024-05-01 14:03:07 (3 min ago)"; stacked puts the age on a line of its own. */
function When(props: { readonly ts: number; readonly now: number; readonly stacked?: boolean }) {
  return (
    <>
      {formatTime(props.ts)}{' '}
      <span className={props.stacked ? 'reconcile-age' : 'muted-inline'}>
        ({describeAge(props.now - props.ts)})
      </span>
    </>
  )
}

/** The Reconciliation screen. */
export function ReconcileScreen() {
  const status = useReconcileStore((s) => s.status)
  const [settled, setSettled] = useState<string | null>(null)
  const now = useNow()

  return (
    <div className="screen reconcile">
      <div className="screen-title-row">
        <h1 className="screen-title">
          Reconciliation{' '}
          <span className="count" data-testid="reconcile-open-count">
            {status.open.length === 1 ? '1 open finding' : `${status.open.length} open findings`}
          </span>
        </h1>
        <ReconcileNowButton />
      </div>
      <p className="muted screen-intro">
        Vigil compares each account&apos;s ledger with what its broker reports: positions, open
        orders, late fills and cash. Any difference blocks trading on that account until you settle
        it here.
      </p>
      <BlockedBanners status={status} />
      {settled ? (
        <p className="notice" role="status" data-testid="reconcile-settled">
          {settled}
        </p>
      ) : null}
      <OpenFindings status={status} now={now} onSettled={setSettled} />
      <LastRuns status={status} now={now} />
      <Resolved status={status} now={now} />
    </div>
  )
}

function ReconcileNowButton() {
  const running = useReconcileStore((s) => s.running)
  const runError = useReconcileStore((s) => s.runError)
  const runNow = useReconcileStore((s) => s.runNow)
  const online = useConnectionStore((s) => s.status === 'online')

  const run = (): void => {
    // aria-disabled rather than disabled, so the button keeps keyboard focus while it runs.
    if (running || !online) return
    void runNow()
  }

  return (
    <div className="reconcile-now">
      <span className="muted" role="status" data-testid="reconcile-progress">
        {running ? 'Comparing every account with its broker…' : ''}
      </span>
      <button
        type="button"
        className="primary"
        data-testid="reconcile-now"
        aria-busy={running}
        aria-disabled={running || !online}
        title={
          online
            ? 'Compare every account with its broker now'
            : 'The console is not connected to Vigil.'
        }
        onClick={run}
      >
        {running ? 'Reconciling…' : 'Reconcile now'}
      </button>
      {runError ? (
        <p className="negative" role="alert" data-testid="reconcile-run-error">
          Reconciliation could not run: {runError}
        </p>
      ) : null}
    </div>
  )
}

function BlockedBanners({ status }: { readonly status: ReconcileStatus }) {
  const nameOf = useAccountName()
  const counts = new Map<string, number>()
  for (const f of status.open) counts.set(f.accountId, (counts.get(f.accountId) ?? 0) + 1)
  if (counts.size === 0) return null
  return (
    <div className="reconcile-banners" role="alert">
      {[...counts].map(([accountId, count]) => (
        <p
          key={accountId}
          className="banner banner-danger"
          data-testid="reconcile-blocked"
          data-account={accountId}
        >
          <strong>Trading is blocked on {nameOf(accountId)} until each finding is resolved</strong>{' '}
          ({count === 1 ? '1 open finding' : `${count} open findings`}). Orders on this account are
          refused by the pre-execution gate.
        </p>
      ))}
    </div>
  )
}

function lastGoodRun(status: ReconcileStatus): number | null {
  const good = Object.values(status.runs).filter((r) => r.error === null)
  return good.length === 0 ? null : Math.max(...good.map((r) => r.ts))
}

function OpenFindings(props: {
  readonly status: ReconcileStatus
  readonly now: number
  readonly onSettled: (message: string | null) => void
}) {
  const { status, now, onSettled } = props
  const nameOf = useAccountName()
  const [resolving, setResolving] = useState<{
    finding: ReconcileFinding
    dismiss: boolean
  } | null>(null)
  const lastRun = lastGoodRun(status)
  const findings = [...status.open].sort((a, b) => a.ts - b.ts)

  return (
    <section className="panel" aria-labelledby="reconcile-open-title">
      <h2 id="reconcile-open-title" className="panel-title">
        Open findings
      </h2>
      {findings.length === 0 ? (
        <div className="reconcile-empty" data-testid="reconcile-empty">
          {lastRun !== null ? (
            <>
              <p className="reconcile-agree">Ledger and brokers agree</p>
              <p className="muted" data-testid="reconcile-empty-last-run">
                Last run <When ts={lastRun} now={now} />.
              </p>
            </>
          ) : Object.keys(status.runs).length === 0 ? (
            <p className="muted">
              No reconciliation has run yet, so nothing is known either way. Press Reconcile now.
            </p>
          ) : (
            <p className="warn-text">
              No findings, but no account could be compared with its broker: see the last runs
              below.
            </p>
          )}
        </div>
      ) : (
        <div className="table-wrap">
          <table className="table reconcile-table" data-testid="reconcile-findings">
            <thead>
              <tr>
                <th scope="col">Account</th>
                <th scope="col">Kind</th>
                <th scope="col">Subject</th>
                <th scope="col" className="right">
                  Ledger
                </th>
                <th scope="col" className="right">
                  Broker
                </th>
                <th scope="col">Message</th>
                <th scope="col">Since</th>
                <th scope="col">
                  <span className="sr-only">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {findings.map((f) => (
                <tr key={f.id} data-testid="reconcile-finding" data-kind={f.kind}>
                  <td className="wrap">{nameOf(f.accountId)}</td>
                  <th scope="row">
                    {KIND_LABEL[f.kind]}
                    <span className="reconcile-meaning">{KIND_MEANING[f.kind]}</span>
                  </th>
                  <td className="mono-cell">{f.subject}</td>
                  <td className="right num" data-testid="finding-local">
                    {formatSide(f, f.local)}
                  </td>
                  <td className="right num" data-testid="finding-broker">
                    {formatSide(f, f.broker)}
                  </td>
                  <td className="reason">{sentence(f.message)}</td>
                  <td>
                    <When ts={f.ts} now={now} stacked />
                  </td>
                  <td>
                    <div className="reconcile-actions">
                      <button
                        type="button"
                        className="small"
                        data-testid="finding-resolve"
                        onClick={() => {
                          onSettled(null)
                          setResolving({ finding: f, dismiss: false })
                        }}
                      >
                        {RESOLVE_LABEL[f.kind]}…
                      </button>
                      <button
                        type="button"
                        className="small"
                        data-testid="finding-dismiss"
                        onClick={() => {
                          onSettled(null)
                          setResolving({ finding: f, dismiss: true })
                        }}
                      >
                        {DISMISS_LABEL}…
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {resolving ? (
        <ResolveDialog
          finding={resolving.finding}
          dismiss={resolving.dismiss}
          accountName={nameOf(resolving.finding.accountId)}
          onClose={() => setResolving(null)}
          onResolved={() => {
            const { finding, dismiss } = resolving
            onSettled(
              `${dismiss ? DISMISS_LABEL : RESOLVE_LABEL[finding.kind]}: ${KIND_LABEL[finding.kind].toLowerCase()} ${finding.subject} in ${nameOf(finding.accountId)} is settled.`,
            )
            setResolving(null)
          }}
        />
      ) : null}
    </section>
  )
}

function LastRuns({ status, now }: { readonly status: ReconcileStatus; readonly now: number }) {
  const accounts = useLedgerStore((s) => s.accounts)
  const nameOf = useAccountName()
  // Every account, and any account the engine ran that the console does not list (yet).
  const ids = [
    ...accounts.map((a) => a.id),
    ...Object.keys(status.runs).filter((id) => !accounts.some((a) => a.id === id)),
  ]
  return (
    <section className="panel" aria-labelledby="reconcile-runs-title">
      <h2 id="reconcile-runs-title" className="panel-title">
        Last run per account
      </h2>
      <div className="table-wrap">
        <table className="table" data-testid="reconcile-runs">
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col">Last run</th>
              <th scope="col">Result</th>
            </tr>
          </thead>
          <tbody>
            {ids.map((id) => {
              const run = status.runs[id]
              const open = status.open.filter((f) => f.accountId === id).length
              return (
                <tr key={id} data-testid="reconcile-run" data-account={id}>
                  <th scope="row">{nameOf(id)}</th>
                  <td data-testid="reconcile-run-time">
                    {run ? <When ts={run.ts} now={now} /> : 'Not run yet'}
                  </td>
                  <td
                    className={run?.error ? 'reason negative' : 'reason'}
                    data-testid="reconcile-run-result"
                  >
                    {run === undefined
                      ? '—'
                      : run.error !== null
                        ? run.error
                        : open === 0
                          ? 'In agreement with the broker.'
                          : `${open === 1 ? '1 open finding' : `${open} open findings`}: trading blocked.`}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
    </section>
  )
}

const BY_LABEL = { operator: 'Operator', reconciliation: 'Reconciliation' } as const

function Resolved({ status, now }: { readonly status: ReconcileStatus; readonly now: number }) {
  const nameOf = useAccountName()
  const resolved = [...status.resolved].sort((a, b) => b.resolution.ts - a.resolution.ts)
  return (
    <section className="panel" aria-labelledby="reconcile-resolved-title">
      <h2 id="reconcile-resolved-title" className="panel-title">
        Recently resolved <span className="count">{resolved.length}</span>
      </h2>
      <div className="table-wrap">
        <table className="table" data-testid="reconcile-resolved">
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col">Kind</th>
              <th scope="col">Subject</th>
              <th scope="col">Action</th>
              <th scope="col">By</th>
              <th scope="col">Reason</th>
              <th scope="col">When</th>
            </tr>
          </thead>
          <tbody>
            {resolved.length === 0 ? (
              <tr>
                <td colSpan={7} className="empty">
                  No finding has been resolved yet.
                </td>
              </tr>
            ) : (
              resolved.map((f) => (
                <tr key={f.id} data-testid="reconcile-resolved-row">
                  <td>{nameOf(f.accountId)}</td>
                  <td>{KIND_LABEL[f.kind]}</td>
                  <td className="mono-cell">{f.subject}</td>
                  <td data-testid="resolved-action">
                    {describeSettlement(f.kind, f.resolution.action)}
                  </td>
                  <td>{BY_LABEL[f.resolution.by]}</td>
                  <td className="reason">{f.resolution.reason}</td>
                  <td>
                    <When ts={f.resolution.ts} now={now} />
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
