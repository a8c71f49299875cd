/**
 * The fast-forward rehearsal and the audit report. "Rehearse 90 days" runs the whole pipeline
 * on the simulator at an accelerated clock in a scratch folder (the plan here is not touched):
 * while it runs, a progress bar (day of days) and Stop; when it ends, where its report and
 * JSON were written. "Save audit report" asks the engine for the plan's audit as HTML and saves
 * it as a file, to open in any browser; "Audit as PDF" has the desktop app print it to a PDF,
 * and in a browser opens it at its own one-time address for the browser's Print → Save as PDF.
 */
import { useId, useState } from 'react'
import type { RehearsalProgress } from '../../../../shared/validation'
import { PLAN_DAYS } from '../../../../shared/validation'
import { CopyCommand } from '../../components/copy-command'
import { inElectron, invoke } from '../../lib/desk'
import { exportValidationPdf, validationPdfMessage } from '../../lib/validation-audit'
import { useValidationStore } from '../../stores/validation-store'

/** Saves an HTML page as a file, as the browser saves any download. */
export function saveHtml(html: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([html], { type: 'text/html;charset=utf-8' }))
  const anchor = document.createElement('a')
  anchor.href = url
  anchor.download = fileName
  anchor.rel = 'noopener'
  anchor.style.display = 'none'
  document.body.appendChild(anchor)
  anchor.click()
  anchor.remove()
  setTimeout(() => URL.revokeObjectURL(url), 0)
}

/** The audit report button with its outcome. */
export function AuditReportButton() {
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  const open = async (): Promise<void> => {
    setBusy(true)
    setMessage(null)
    const result = await invoke('validation:report', {})
    setBusy(false)
    if (!result.ok) {
      setMessage({ ok: false, text: `The audit report could not be made: ${result.error.message}` })
      return
    }
    saveHtml(result.value.html, result.value.fileName)
    setMessage({
      ok: true,
      text: `Saved as ${result.value.fileName} in your downloads: open it in a browser.`,
    })
  }
  const pdf = async (): Promise<void> => {
    setBusy(true)
    setMessage(null)
    const result = await exportValidationPdf()
    setBusy(false)
    setMessage(
      result.ok
        ? { ok: true, text: validationPdfMessage(result.value) }
        : { ok: false, text: result.error.message },
    )
  }
  return (
    <span className="roadmap-report">
      <button type="button" data-testid="audit-report" disabled={busy} onClick={() => void open()}>
        {busy ? 'Making the report…' : 'Save audit report (HTML)'}
      </button>
      <button type="button" data-testid="audit-pdf" disabled={busy} onClick={() => void pdf()}>
        {inElectron() ? 'Save audit as PDF' : 'Open audit to print as PDF'}
      </button>
      {message ? (
        <span
          className={message.ok ? 'muted' : 'negative'}
          role="status"
          data-testid="audit-report-status"
        >
          {message.text}
        </span>
      ) : null}
    </span>
  )
}

/** The rehearsal panel. */
export function Rehearsal() {
  const progress = useValidationStore((s) => s.rehearsal)
  const running = progress?.state === 'running'
  return (
    <section className="panel roadmap-rehearsal" aria-labelledby="roadmap-rehearsal-title">
      <h2 id="roadmap-rehearsal-title" className="panel-title">
        Rehearse the plan
      </h2>
      <p className="muted">
        Runs the 90 days on the simulator at an accelerated clock, in a scratch data folder: gate
        with the size bands, paper exchange, verification, journal, costs, alerts, breaker, drills
        and daily reports. Your plan and journal are not touched.
      </p>
      {running ? <RehearsalRunning progress={progress} /> : <RehearseForm />}
      {progress && !running ? <RehearsalEnded progress={progress} /> : null}
    </section>
  )
}

function RehearseForm() {
  const id = useId()
  const rehearse = useValidationStore((s) => s.rehearse)
  const [days, setDays] = useState(String(PLAN_DAYS))
  const [seed, setSeed] = useState('1')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const daysN = Number(days)
  const seedN = Number(seed)
  const daysProblem =
    !/^\d+$/.test(days.trim()) || daysN < 1 || daysN > PLAN_DAYS
      ? `Days is a whole number from 1 to ${PLAN_DAYS}.`
      : null
  const seedProblem =
    !/^\d+$/.test(seed.trim()) || seedN > 2 ** 31 ? 'The seed is a whole number, 0 or more.' : null

  const start = async (): Promise<void> => {
    if (daysProblem || seedProblem) return
    setBusy(true)
    setError(null)
    const result = await rehearse({ days: daysN, seed: seedN })
    setBusy(false)
    if (!result.ok) setError(result.error.message)
  }

  return (
    <form
      noValidate
      className="roadmap-rehearse-form"
      onSubmit={(event) => {
        event.preventDefault()
        void start()
      }}
    >
      <label className="field" htmlFor={`${id}-days`}>
        <span className="label">Days (1–{PLAN_DAYS})</span>
        <input
          id={`${id}-days`}
          data-testid="rehearse-days"
          type="number"
          min={1}
          max={PLAN_DAYS}
          step={1}
          value={days}
          aria-invalid={daysProblem !== null}
          onChange={(event) => setDays(event.target.value)}
        />
      </label>
      <label className="field" htmlFor={`${id}-seed`}>
        <span className="label">Seed of the simulator</span>
        <input
          id={`${id}-seed`}
          data-testid="rehearse-seed"
          type="number"
          min={0}
          step={1}
          value={seed}
          aria-invalid={seedProblem !== null}
          onChange={(event) => setSeed(event.target.value)}
        />
      </label>
      <button
        type="submit"
        className="primary"
        data-testid="rehearse-start"
        disabled={busy || daysProblem !== null || seedProblem !== null}
      >
        {busy ? 'Starting…' : `Rehearse ${daysProblem ? PLAN_DAYS : daysN} days`}
      </button>
      {daysProblem || seedProblem ? (
        <p className="field-help" role="alert">
          {daysProblem ?? seedProblem}
        </p>
      ) : null}
      {error ? (
        <p className="negative" role="alert" data-testid="rehearse-error">
          The rehearsal did not start: {error}
        </p>
      ) : null}
    </form>
  )
}

function RehearsalRunning({ progress }: { readonly progress: RehearsalProgress }) {
  const stop = useValidationStore((s) => s.stopRehearsal)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const share = progress.days > 0 ? Math.min(1, progress.day / progress.days) : 0
  return (
    <div className="roadmap-rehearsal-run">
      <div
        className="roadmap-progress"
        role="progressbar"
        aria-label="Rehearsal progress"
        aria-valuemin={0}
        aria-valuemax={progress.days}
        aria-valuenow={progress.day}
        aria-valuetext={`Day ${progress.day} of ${progress.days}`}
        data-testid="rehearse-progress"
      >
        <div className="roadmap-progress-fill" style={{ width: `${(share * 100).toFixed(1)}%` }} />
      </div>
      <p className="num" data-testid="rehearse-day">
        Day {progress.day} of {progress.days} ({Math.round(share * 100)} %)
        {progress.message ? ` · ${progress.message}` : ''}
      </p>
      <button
        type="button"
        className="danger"
        data-testid="rehearse-stop"
        disabled={busy}
        onClick={() => {
          setBusy(true)
          setError(null)
          void stop().then((result) => {
            setBusy(false)
            if (!result.ok) setError(result.error.message)
          })
        }}
      >
        {busy ? 'Stopping…' : 'Stop the rehearsal'}
      </button>
      {error ? (
        <p className="negative" role="alert">
          Not stopped: {error}
        </p>
      ) : null}
    </div>
  )
}

function RehearsalEnded({ progress }: { readonly progress: RehearsalProgress }) {
  const words =
    progress.state === 'done'
      ? `Rehearsal done: ${progress.days} days.`
      : progress.state === 'stopped'
        ? `Rehearsal stopped on day ${progress.day} of ${progress.days}.`
        : `Rehearsal failed on day ${progress.day} of ${progress.days}.`
  return (
    <div
      className={progress.state === 'failed' ? 'warning' : 'roadmap-rehearsal-end'}
      role="status"
      data-testid="rehearse-ended"
      data-state={progress.state}
    >
      <p>
        {words} {progress.message}
      </p>
      {progress.outDir ? (
        <p>
          Its roadmap report (HTML) and the plan as JSON are in{' '}
          <CopyCommand command={progress.outDir} testId="rehearse-outdir" />
        </p>
      ) : null}
    </div>
  )
}
