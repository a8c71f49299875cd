/**
 * Audit: the immutable trail of every trade decision. Filters on top, the virtualized list with
 * the selected decision's full record beside it, journal verification and the two exports.
 */
import { useEffect, useState } from 'react'
import {
  SYMBOLS,
  type AuditFilter,
  type AuditOutcome,
  type MarketSymbol,
} from '../../../../shared/types'
import { exportAudit, type AuditExportFormat } from '../../lib/desk'
import { formatDecimal } from '../../lib/format'
import { useAuditStore } from '../../stores/audit-store'
import { useMarketStore } from '../../stores/market-store'
import { AuditDetailPanel } from './audit-detail'
import { AuditTable } from './audit-table'
import { AuditVerify } from './audit-verify'
import { OUTCOME_LABELS } from './outcome-badge'

/** The Audit screen. */
export function AuditScreen() {
  const activate = useAuditStore((s) => s.activate)
  const deactivate = useAuditStore((s) => s.deactivate)
  const total = useAuditStore((s) => s.total)
  const loadError = useAuditStore((s) => s.loadError)
  const openDetail = useAuditStore((s) => s.openDetail)
  const detailOpen = useAuditStore((s) => s.detail !== null)

  // Rows are fetched only while the screen is open, and dropped when it closes.
  useEffect(() => {
    activate()
    return deactivate
  }, [activate, deactivate])

  return (
    <div className="screen audit">
      <div className="audit-title-row">
        <h1 className="screen-title">Audit trail</h1>
        <span className="muted num" data-testid="audit-total" aria-live="polite">
          {total === null
            ? 'Loading…'
            : `${formatDecimal(total)} ${total === 1 ? 'decision' : 'decisions'}`}
        </span>
        <div className="audit-tools">
          <AuditVerify />
          <ExportButtons />
        </div>
      </div>
      <AuditFilters />
      {loadError ? (
        <p className="negative" role="alert">
          {loadError}
        </p>
      ) : null}
      <div className={`audit-layout${detailOpen ? ' with-detail' : ''}`}>
        <AuditTable onOpen={(seq) => void openDetail(seq)} />
        <AuditDetailPanel />
      </div>
    </div>
  )
}

const OUTCOMES: readonly AuditOutcome[] = [
  'passed',
  'rejected',
  'verification_failed',
  'canceled',
  'pending',
]

function toMs(local: string): number | undefined {
  if (!local) return undefined
  // A datetime-local value has no zone: Date reads it as the trader's local time.
  const ms = new Date(local).getTime()
  return Number.isFinite(ms) ? ms : undefined
}

function toLocalInput(ms: number | undefined): string {
  if (ms === undefined) return ''
  const d = new Date(ms)
  const pad = (n: number): string => String(n).padStart(2, '0')
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}` +
    `T${pad(d.getHours())}:${pad(d.getMinutes())}`
  )
}

function compact(filter: AuditFilter): AuditFilter {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(filter)) if (value !== undefined) out[key] = value
  return out as AuditFilter
}

function AuditFilters() {
  const filter = useAuditStore((s) => s.filter)
  const setFilter = useAuditStore((s) => s.setFilter)
  const listed = useMarketStore((s) => s.instruments)
  const symbols: readonly MarketSymbol[] = listed.length > 0 ? listed.map((i) => i.symbol) : SYMBOLS
  const change = (patch: Partial<AuditFilter>): void => setFilter(compact({ ...filter, ...patch }))
  const active = Object.keys(filter).length > 0

  return (
    <div className="panel audit-filters" role="group" aria-label="Filter the audit trail">
      <label className="field">
        <span className="label">Symbol</span>
        <select
          data-testid="audit-filter-symbol"
          value={filter.symbol ?? ''}
          onChange={(e) =>
            change({ symbol: (e.target.value || undefined) as MarketSymbol | undefined })
          }
        >
          <option value="">All symbols</option>
          {symbols.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="label">Action</span>
        <select
          data-testid="audit-filter-action"
          value={filter.action ?? ''}
          onChange={(e) =>
            change({ action: (e.target.value || undefined) as AuditFilter['action'] })
          }
        >
          <option value="">Buy and sell</option>
          <option value="BUY">Buy</option>
          <option value="SELL">Sell</option>
        </select>
      </label>
      <label className="field">
        <span className="label">Outcome</span>
        <select
          data-testid="audit-filter-outcome"
          value={filter.outcome ?? ''}
          onChange={(e) =>
            change({ outcome: (e.target.value || undefined) as AuditOutcome | undefined })
          }
        >
          <option value="">Any outcome</option>
          {OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {OUTCOME_LABELS[o]}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="label">From (local time)</span>
        <input
          type="datetime-local"
          data-testid="audit-filter-from"
          value={toLocalInput(filter.from)}
          onChange={(e) => change({ from: toMs(e.target.value) })}
        />
      </label>
      <label className="field">
        <span className="label">To (local time, before)</span>
        <input
          type="datetime-local"
          data-testid="audit-filter-to"
          value={toLocalInput(filter.to)}
          onChange={(e) => change({ to: toMs(e.target.value) })}
        />
      </label>
      <button
        type="button"
        className="audit-clear"
        disabled={!active}
        onClick={() => setFilter({})}
      >
        Clear filters
      </button>
    </div>
  )
}

type ExportNote = { readonly kind: 'ok' | 'error'; readonly text: string } | null

function ExportButtons() {
  const [busy, setBusy] = useState(false)
  const [note, setNote] = useState<ExportNote>(null)
  const run = async (format: AuditExportFormat): Promise<void> => {
    setBusy(true)
    setNote(null)
    const result = await exportAudit(format)
    setBusy(false)
    if (!result.ok) {
      setNote({ kind: 'error', text: `Export failed: ${result.error.message}` })
    } else if (result.value.files.length === 0) {
      setNote(null)
    } else {
      setNote({ kind: 'ok', text: `Exported ${result.value.files.join(' and ')}` })
    }
  }
  return (
    <div className="audit-export">
      <button
        type="button"
        data-testid="audit-export-jsonl"
        disabled={busy}
        onClick={() => void run('jsonl')}
        title="The raw hash-chained journal and its manifest, for independent verification"
      >
        Export journal (JSON Lines)
      </button>
      <button
        type="button"
        data-testid="audit-export-csv"
        disabled={busy}
        onClick={() => void run('csv')}
        title="One line per trade decision, for a spreadsheet"
      >
        Export audit records (CSV)
      </button>
      {note ? (
        <span
          className={note.kind === 'ok' ? 'muted' : 'negative'}
          role={note.kind === 'ok' ? 'status' : 'alert'}
        >
          {note.text}
        </span>
      ) : null}
    </div>
  )
}
