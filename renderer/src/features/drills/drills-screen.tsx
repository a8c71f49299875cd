/**
 * Drills: inject a failure on purpose into a paper account and measure how fast Vigil notices
 * it (detection) and comes back (recovery). The trader picks a paper account (exchange accounts
 * are listed as not allowed) and a drill, confirms, and follows it live; the results, the
 * recoveries per kind the validation plan counts, and a chart of the times follow.
 */
import { useEffect, useId, useState } from 'react'
import {
  DRILL_KINDS,
  type Account,
  type DrillKind,
  type DrillPhase,
  type DrillResult,
} from '../../../../shared/types'
import { ConfirmDialog } from '../../components/dialog'
import { formatTime } from '../../lib/format'
import { useConnectionStore } from '../../stores/connection-store'
import { useDrillsStore } from '../../stores/drills-store'
import { useLedgerStore } from '../../stores/ledger-store'
import { formatDuration } from '../../lib/health-format'
import { useAccountState } from '../../components/state-story'
import { DrillOutcome, DrillStateNow } from './drill-state-now'
import { DrillTimesChart } from './drill-times-chart'
import { DRILL_LABEL, DRILL_WARNING, DRILL_WHAT, OUTCOME, PHASE_TEXT } from './drills-format'
import './drills.css'

/** "12 s elapsed" since a moment, ticking every second while it is shown. */
function Elapsed({ since }: { readonly since: number }) {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000)
    return () => clearInterval(timer)
  }, [])
  const seconds = Math.max(0, Math.floor((now - since) / 1_000))
  return (
    <span className="count num" data-testid="drill-elapsed">
      {seconds.toLocaleString('en-US')} s elapsed
    </span>
  )
}

function useAccountName(): (id: string) => string {
  const accounts = useLedgerStore((s) => s.accounts)
  return (id) => accounts.find((a) => a.id === id)?.name ?? id
}

function describeResult(r: DrillResult, limited: boolean): string {
  const detected =
    r.detectedAfterMs === null
      ? 'not detected'
      : `detected after ${formatDuration(r.detectedAfterMs)}`
  const recovered =
    r.recoveredAfterMs === null
      ? 'not recovered'
      : `recovered after ${formatDuration(r.recoveredAfterMs)}`
  // "Recovered" would contradict a header that still says HALTED.
  return `${limited ? 'Failure over' : OUTCOME[r.outcome].label}: ${detected}, ${recovered}.`
}

/** The Drills screen. */
export function DrillsScreen() {
  const results = useDrillsStore((s) => s.status.results)
  const [finished, setFinished] = useState<DrillResult | null>(null)
  const nameOf = useAccountName()
  const stateNow = useAccountState(finished?.accountId ?? null).shown
  const limited =
    finished?.outcome === 'recovered' && stateNow !== undefined && stateNow !== 'ACTIVE'

  return (
    <div className="screen drills">
      <div className="screen-title-row">
        <h1 className="screen-title">
          Drills <span className="count">{results.length}</span>
        </h1>
      </div>
      <p className="muted screen-intro">
        A drill injects a failure on purpose into a paper account and measures how fast Vigil
        notices it (detection) and how fast it is back once the failure ends (recovery). Exchange
        accounts are never drilled.
      </p>
      <RunPanel onFinished={setFinished} onStart={() => setFinished(null)} />
      <ProgressPanel />
      {finished ? (
        <p
          className={limited ? 'banner banner-warn' : 'notice'}
          role="status"
          data-testid="drill-finished"
        >
          {DRILL_LABEL[finished.kind]} drill on {nameOf(finished.accountId)} finished.{' '}
          {describeResult(finished, limited)}{' '}
          <DrillStateNow accountId={finished.accountId} name={nameOf(finished.accountId)} />
        </p>
      ) : null}
      <div className="drills-summary">
        <RecoveriesPanel />
        <section className="panel" aria-labelledby="drill-chart-title">
          <h2 id="drill-chart-title" className="panel-title">
            Detection and recovery times
          </h2>
          <DrillTimesChart results={results} />
        </section>
      </div>
      <ResultsPanel />
    </div>
  )
}

function RunPanel(props: {
  readonly onStart: () => void
  readonly onFinished: (result: DrillResult) => void
}) {
  const accounts = useLedgerStore((s) => s.accounts)
  const defaultAccountId = useLedgerStore((s) => s.defaultAccountId)
  const running = useDrillsStore((s) => s.status.running !== null || s.request !== null)
  const runError = useDrillsStore((s) => s.runError)
  const run = useDrillsStore((s) => s.run)
  const online = useConnectionStore((s) => s.status === 'online')
  const [picked, setPicked] = useState<string | null>(null)
  const [kind, setKind] = useState<DrillKind>('broker_outage')
  const [asking, setAsking] = useState(false)
  const ids = useId()

  const paper = accounts.filter((a) => a.kind === 'paper')
  const exchange = accounts.filter((a) => a.kind !== 'paper')
  // The choice holds while that account is there; else the default paper account, else the first.
  const accountId =
    paper.find((a) => a.id === picked)?.id ??
    paper.find((a) => a.id === defaultAccountId)?.id ??
    paper[0]?.id ??
    null
  const account = paper.find((a) => a.id === accountId)
  const blocked = !online
    ? 'The console is not connected to Vigil.'
    : running
      ? 'A drill is running: wait for it to end.'
      : account === undefined
        ? 'There is no paper account to drill: add one on the Accounts screen.'
        : null

  const start = async (target: Account): Promise<void> => {
    setAsking(false)
    props.onStart()
    const result = await run(target.id, kind)
    if (result.ok) props.onFinished(result.value)
  }

  return (
    <section className="panel" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`} className="panel-title">
        Run a drill
      </h2>
      <div className="drill-pickers">
        <fieldset className="drill-choices" data-testid="drill-accounts">
          <legend>Account</legend>
          {paper.map((a) => (
            <label key={a.id} className="drill-choice">
              <input
                type="radio"
                name={`${ids}-account`}
                value={a.id}
                data-testid={`drill-account-${a.id}`}
                checked={a.id === accountId}
                onChange={() => setPicked(a.id)}
              />
              <span>
                <strong>{a.name}</strong>
                <span className="drill-choice-note">Paper · {a.id}</span>
              </span>
            </label>
          ))}
          {exchange.map((a) => (
            <label
              key={a.id}
              className="drill-choice drill-choice-refused"
              data-testid={`drill-account-refused-${a.id}`}
            >
              <input
                type="radio"
                name={`${ids}-account`}
                value={a.id}
                data-testid={`drill-account-${a.id}`}
                disabled
                aria-describedby={`${ids}-refused-${a.id}`}
              />
              <span>
                <strong>{a.name}</strong>
                <span className="drill-choice-note">
                  {a.sandbox ? 'Exchange sandbox' : 'Exchange, real money'} · {a.id}
                </span>
                <span className="drill-choice-note warn-text" id={`${ids}-refused-${a.id}`}>
                  Not allowed: drills only run on paper accounts.
                </span>
              </span>
            </label>
          ))}
        </fieldset>
        <fieldset className="drill-choices" data-testid="drill-kinds">
          <legend>Drill</legend>
          {DRILL_KINDS.map((k) => (
            <label key={k} className="drill-choice">
              <input
                type="radio"
                name={`${ids}-kind`}
                value={k}
                data-testid={`drill-kind-${k}`}
                checked={k === kind}
                onChange={() => setKind(k)}
              />
              <span>
                <strong>{DRILL_LABEL[k]}</strong>
                <span className="drill-choice-note">{DRILL_WHAT[k]}</span>
                {DRILL_WARNING[k] ? (
                  <span className="drill-choice-note warn-text" data-testid={`drill-warning-${k}`}>
                    Warning: {DRILL_WARNING[k]}
                  </span>
                ) : null}
              </span>
            </label>
          ))}
        </fieldset>
      </div>
      <div className="drill-run-row">
        <button
          type="button"
          className="primary"
          data-testid="drill-run"
          aria-disabled={blocked !== null}
          aria-describedby={`${ids}-blocked`}
          onClick={() => {
            // aria-disabled rather than disabled, so the button keeps keyboard focus while it runs.
            if (blocked === null) setAsking(true)
          }}
        >
          {running ? 'Drill running…' : 'Run drill…'}
        </button>
        <span className="muted" id={`${ids}-blocked`} data-testid="drill-run-blocked">
          {blocked ?? ''}
        </span>
      </div>
      {runError ? (
        <p className="negative" role="alert" data-testid="drill-run-error">
          The drill did not run: {runError}
        </p>
      ) : null}
      {asking && account ? (
        <ConfirmDialog
          title={`Run a ${DRILL_LABEL[kind].toLowerCase()} drill on ${account.name}?`}
          confirmLabel="Run drill"
          cancelLabel="Not now"
          testId="drill-confirm"
          onCancel={() => setAsking(false)}
          onConfirm={() => void start(account)}
        >
          <div className="drill-dialog-body">
            <p>{DRILL_WHAT[kind]}</p>
            {DRILL_WARNING[kind] ? (
              <p className="warn-text">Warning: {DRILL_WARNING[kind]}</p>
            ) : null}
            <p>
              It runs on the paper account {account.name} ({account.id}) and takes up to a minute.
              The circuit breaker may halt trading on it; trading then resumes gradually after the
              breaker&apos;s cool-down. Vigil measures how long it takes to notice the failure and
              to come back, and keeps the result.
            </p>
          </div>
        </ConfirmDialog>
      ) : null}
    </section>
  )
}

const PHASES: readonly DrillPhase[] = ['detecting', 'recovering', 'done']

function ProgressPanel() {
  const running = useDrillsStore((s) => s.status.running)
  const request = useDrillsStore((s) => s.request)
  const nameOf = useAccountName()
  const since = running?.startedAt ?? request?.at
  if (since === undefined) return null
  const kind = running?.kind ?? request?.kind
  const accountId = running?.accountId ?? request?.accountId

  return (
    <section
      className="panel drill-progress"
      aria-labelledby="drill-progress-title"
      data-testid="drill-progress"
    >
      <h2 id="drill-progress-title" className="panel-title">
        Running: {kind ? DRILL_LABEL[kind] : 'drill'} on {accountId ? nameOf(accountId) : '—'}
        <Elapsed since={since} />
      </h2>
      <ol className="drill-phases">
        {PHASES.map((p) => (
          <li
            key={p}
            className={running?.phase === p ? 'drill-phase current' : 'drill-phase'}
            aria-current={running?.phase === p ? 'step' : undefined}
          >
            {p === 'detecting' ? 'Detecting' : p === 'recovering' ? 'Recovering' : 'Done'}
          </li>
        ))}
      </ol>
      <div aria-live="polite">
        <p data-testid="drill-phase">
          {running ? PHASE_TEXT[running.phase] : 'Starting: asking Vigil to begin the drill'}
        </p>
        {running?.message ? (
          <p className="muted" data-testid="drill-message">
            {running.message}
          </p>
        ) : null}
      </div>
    </section>
  )
}

function RecoveriesPanel() {
  const recoveries = useDrillsStore((s) => s.status.recoveries)
  const results = useDrillsStore((s) => s.status.results)
  const total = DRILL_KINDS.reduce((sum, k) => sum + (recoveries[k] ?? 0), 0)
  return (
    <section className="panel" aria-labelledby="drill-recoveries-title">
      <h2 id="drill-recoveries-title" className="panel-title">
        Successful recoveries <span className="count">{total}</span>
      </h2>
      <p className="muted panel-intro">The validation plan counts these, by kind.</p>
      <table className="table" data-testid="drill-recoveries">
        <thead>
          <tr>
            <th scope="col">Drill</th>
            <th scope="col" className="right">
              Recovered
            </th>
            <th scope="col" className="right">
              Runs kept
            </th>
          </tr>
        </thead>
        <tbody>
          {DRILL_KINDS.map((k) => (
            <tr key={k} data-testid="drill-recoveries-row" data-kind={k}>
              <th scope="row">{DRILL_LABEL[k]}</th>
              <td className="right num" data-testid="drill-recovered-count">
                {(recoveries[k] ?? 0).toLocaleString('en-US')}
              </td>
              <td className="right num">
                {results.filter((r) => r.kind === k).length.toLocaleString('en-US')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}

function ResultsPanel() {
  const results = useDrillsStore((s) => s.status.results)
  const nameOf = useAccountName()
  const sorted = [...results].sort((a, b) => b.startedAt - a.startedAt)
  // Each account's newest result is the one the state now speaks for.
  const newest = new Map<string, string>()
  for (const r of sorted) if (!newest.has(r.accountId)) newest.set(r.accountId, r.id)
  return (
    <section className="panel" aria-labelledby="drill-results-title">
      <h2 id="drill-results-title" className="panel-title">
        Results <span className="count">newest first</span>
      </h2>
      <div className="table-wrap">
        <table className="table drill-results" data-testid="drill-results">
          <thead>
            <tr>
              <th scope="col">Drill</th>
              <th scope="col">Account</th>
              <th scope="col">Started</th>
              <th scope="col" className="right">
                Detection
              </th>
              <th scope="col" className="right">
                Recovery
              </th>
              <th scope="col">Outcome</th>
              <th scope="col">Detected by / recovered by</th>
              <th scope="col">Notes</th>
            </tr>
          </thead>
          <tbody>
            {sorted.length === 0 ? (
              <tr>
                <td colSpan={8} className="empty">
                  No drill has run yet. Pick an account and a drill above, then press Run drill.
                </td>
              </tr>
            ) : (
              sorted.map((r) => (
                <tr key={r.id} data-testid="drill-result" data-kind={r.kind}>
                  <th scope="row">{DRILL_LABEL[r.kind]}</th>
                  <td className="wrap">{nameOf(r.accountId)}</td>
                  <td>{formatTime(r.startedAt)}</td>
                  <td className="right num" data-testid="drill-detection">
                    {r.detectedAfterMs === null
                      ? 'not detected'
                      : formatDuration(r.detectedAfterMs)}
                  </td>
                  <td className="right num" data-testid="drill-recovery">
                    {r.recoveredAfterMs === null
                      ? 'not recovered'
                      : formatDuration(r.recoveredAfterMs)}
                  </td>
                  <td>
                    <DrillOutcome result={r} newest={newest.get(r.accountId) === r.id} />
                  </td>
                  <td className="reason">
                    <span className="drill-by">
                      <span className="label">Detected by</span> {r.detectedBy ?? 'nothing'}
                    </span>
                    <span className="drill-by">
                      <span className="label">Recovered by</span> {r.recoveredBy ?? 'nothing'}
                    </span>
                  </td>
                  <td className="reason">{r.notes}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </section>
  )
}
