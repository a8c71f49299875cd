/**
 * Reports: the daily performance reports on disk (newest first), making one for a chosen day,
 * the chosen report in a sandboxed viewer with its export (HTML in the browser, PDF in the
 * desktop app when it offers it), and when reports are made and what they are judged against.
 */
import { useEffect, useId, useState } from 'react'
import type { ReportInfo } from '../../../../shared/performance'
import { canExportReportPdf, exportReportPdf, inElectron } from '../../lib/desk'
import { formatTime } from '../../lib/format'
import { useConnectionStore } from '../../stores/connection-store'
import { useReportsStore, type OpenReport } from '../../stores/reports-store'
import { isoDay } from '../performance/performance-format'
import { ReportSettingsPanel } from './report-settings'
import { ReportViewer } from './report-viewer'
import './reports.css'

const DAY_MS = 86_400_000

/** Yesterday as a local YYYY-MM-DD: the last complete day. */
export function yesterday(now: number): string {
  const midnight = new Date(now)
  midnight.setHours(12, 0, 0, 0)
  return isoDay(midnight.getTime() - DAY_MS)
}

/** The day a trader wants first: the newest report with closed trades, else the newest. */
export function latestWithTrades(list: readonly ReportInfo[]): string | undefined {
  return (list.find((r) => r.trades > 0) ?? list[0])?.date
}

/** The Reports screen. */
export function ReportsScreen() {
  const list = useReportsStore((s) => s.list)
  const selected = useReportsStore((s) => s.selected)
  const select = useReportsStore((s) => s.select)
  const refresh = useReportsStore((s) => s.refresh)
  const listError = useReportsStore((s) => s.listError)
  const online = useConnectionStore((s) => s.status === 'online')

  useEffect(() => {
    if (online) void refresh()
  }, [online, refresh])

  // The newest report with trades opens by itself (else the newest): a quiet day says little.
  const first = latestWithTrades(list)
  useEffect(() => {
    if (online && selected === null && first) void select(first)
  }, [online, selected, first, select])

  return (
    <div className="screen reports">
      <div className="screen-title-row">
        <h1 className="screen-title">
          Reports <span className="count">{list.length}</span>
        </h1>
        <GenerateForm />
      </div>
      {listError ? (
        <p className="banner banner-warn" role="alert" data-testid="reports-list-error">
          Vigil could not list the reports: {listError}
        </p>
      ) : null}
      <div className="reports-layout">
        <ReportList list={list} selected={selected} onSelect={(date) => void select(date)} />
        <ReportPanel />
      </div>
      <ReportSettingsPanel />
    </div>
  )
}

function GenerateForm() {
  const generate = useReportsStore((s) => s.generate)
  const online = useConnectionStore((s) => s.status === 'online')
  const [date, setDate] = useState(() => yesterday(Date.now()))
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const id = useId()

  const submit = async (): Promise<void> => {
    if (busy || !online) return
    setBusy(true)
    setError(null)
    const result = await generate(date)
    setBusy(false)
    if (!result.ok) setError(result.error.message)
  }

  return (
    <form
      className="report-generate"
      onSubmit={(event) => {
        event.preventDefault()
        void submit()
      }}
    >
      <label htmlFor={id} className="label">
        Report for the day
      </label>
      <input
        id={id}
        type="date"
        required
        data-testid="report-date"
        value={date}
        onChange={(event) => setDate(event.target.value)}
      />
      <button
        type="submit"
        className="primary"
        data-testid="report-generate"
        disabled={busy || !online || date === ''}
      >
        {busy ? 'Generating…' : 'Generate'}
      </button>
      {error ? (
        <p
          className="negative report-generate-error"
          role="alert"
          data-testid="report-generate-error"
        >
          {error}
        </p>
      ) : null}
    </form>
  )
}

/** The summary without the date it starts with, which the list already shows. */
function withoutDate(report: ReportInfo): string {
  const prefix = `${report.date}: `
  return report.summary.startsWith(prefix) ? report.summary.slice(prefix.length) : report.summary
}

function ReportList({
  list,
  selected,
  onSelect,
}: {
  readonly list: readonly ReportInfo[]
  readonly selected: string | null
  readonly onSelect: (date: string) => void
}) {
  return (
    <section className="panel report-list-panel" aria-labelledby="report-list-title">
      <h2 id="report-list-title" className="panel-title">
        Daily reports
      </h2>
      {list.length === 0 ? (
        <p className="muted" data-testid="reports-empty">
          No report yet. One is made each day for the day before; generate one for any day above.
        </p>
      ) : (
        <ul className="report-list" data-testid="report-list">
          {list.map((report) => (
            <li key={report.date}>
              <button
                type="button"
                className="report-item"
                data-testid={`report-item-${report.date}`}
                aria-current={report.date === selected ? 'true' : undefined}
                onClick={() => onSelect(report.date)}
              >
                <span className="report-date num">{report.date}</span>
                <span className="report-summary">{withoutDate(report)}</span>
                <span className="muted-inline report-made">
                  made {formatTime(report.generatedAt)}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

function ReportPanel() {
  const open = useReportsStore((s) => s.open)
  const selected = useReportsStore((s) => s.selected)
  const opening = useReportsStore((s) => s.opening)
  const openError = useReportsStore((s) => s.openError)
  const shown = open && open.info.date === selected ? open : null
  return (
    <section className="panel report-view-panel" aria-labelledby="report-view-title">
      <header className="chart-header">
        <h2 id="report-view-title" className="panel-title">
          {selected ? `Report for ${selected}` : 'Report'}
        </h2>
        {shown ? <ExportButtons report={shown} /> : null}
      </header>
      {openError ? (
        <p className="negative" role="alert" data-testid="report-open-error">
          The report could not be opened: {openError}
        </p>
      ) : null}
      {shown ? (
        <>
          <p className="muted report-files">
            Saved in the data folder under reports/: {shown.info.files.html},{' '}
            {shown.info.files.json}, {shown.info.files.csv}
          </p>
          <ReportViewer
            date={shown.info.date}
            madeAt={shown.info.generatedAt}
            title={`Performance report for ${shown.info.date}`}
          />
        </>
      ) : (
        <p className="muted" data-testid="report-none">
          {opening ? 'Opening the report…' : selected ? '' : 'Choose a report in the list.'}
        </p>
      )}
    </section>
  )
}

/** Starts a download of the report's HTML, as the browser saves any file. */
export function downloadHtml(report: OpenReport): void {
  const url = URL.createObjectURL(new Blob([report.html], { type: 'text/html;charset=utf-8' }))
  const anchor = document.createElement('a')
  anchor.href = url
  anchor.download = `vigil-report-${report.info.date}.html`
  anchor.rel = 'noopener'
  anchor.style.display = 'none'
  document.body.appendChild(anchor)
  anchor.click()
  anchor.remove()
  // The download has started with the click; the URL is not needed after it.
  setTimeout(() => URL.revokeObjectURL(url), 0)
}

function ExportButtons({ report }: { readonly report: OpenReport }) {
  const [message, setMessage] = useState<{ readonly ok: boolean; readonly text: string } | null>(
    null,
  )
  const [busy, setBusy] = useState(false)
  const electron = inElectron()
  const exportPdf = canExportReportPdf()

  const pdf = async (): Promise<void> => {
    setBusy(true)
    setMessage(null)
    const result = await exportReportPdf(report.info.date)
    setBusy(false)
    if (!result.ok) setMessage({ ok: false, text: result.error.message })
    else if (result.value.path !== null)
      setMessage({
        ok: true,
        text: `Saved ${result.value.path} (${Math.ceil(result.value.bytes / 1024)} KB)`,
      })
  }

  return (
    <div className="report-export">
      {electron ? null : (
        <button
          type="button"
          className="small"
          data-testid="report-export-html"
          onClick={() => downloadHtml(report)}
        >
          Export HTML
        </button>
      )}
      {electron && exportPdf ? (
        <button
          type="button"
          className="small"
          data-testid="report-export-pdf"
          disabled={busy}
          onClick={() => void pdf()}
        >
          {busy ? 'Exporting…' : 'Export PDF'}
        </button>
      ) : null}
      {message ? (
        <span className={message.ok ? 'gain' : 'negative'} role="status">
          {message.text}
        </span>
      ) : null}
    </div>
  )
}
