/**
 * Detection and recovery time of each recent drill as horizontal bars on one scale. It is drawn
 * with CSS, not lightweight-charts: that library plots series against time, and this is a
 * categorical chart (one row per drill). Every bar carries its number in words, so the chart
 * reads the same to a screen reader.
 */
import type { DrillResult } from '../../../../shared/types'
import { formatTime } from '../../lib/format'
import { formatDuration } from '../../lib/health-format'
import { DRILL_LABEL } from './drills-format'

/** Drills shown in the chart: the newest ones. */
export const CHART_DRILLS = 12

function Bar(props: {
  readonly ms: number | null
  readonly scale: number
  readonly tone: 'detect' | 'recover'
  readonly missing: string
}) {
  const { ms, scale, tone } = props
  const name = tone === 'detect' ? 'Detection' : 'Recovery'
  if (ms === null) {
    return (
      <div className="drill-bar-line">
        <span className="sr-only">{name}: </span>
        <span className="drill-bar-missing">{props.missing}</span>
      </div>
    )
  }
  // A zero-length bar still shows a sliver, so "0 ms" is not mistaken for a missing value.
  const width = scale > 0 ? Math.max(0.5, (ms / scale) * 100) : 0.5
  return (
    <div className="drill-bar-line">
      <span className="sr-only">{name}: </span>
      <span className={`drill-bar drill-bar-${tone}`} style={{ width: `${width}%` }} />
      <span className="drill-bar-value num">{formatDuration(ms)}</span>
    </div>
  )
}

/** The bar chart of the newest drills' detection and recovery times. */
export function DrillTimesChart({ results }: { readonly results: readonly DrillResult[] }) {
  const shown = [...results].sort((a, b) => b.startedAt - a.startedAt).slice(0, CHART_DRILLS)
  const scale = Math.max(
    0,
    ...shown.flatMap((r) => [r.detectedAfterMs ?? 0, r.recoveredAfterMs ?? 0]),
  )
  if (shown.length === 0) {
    return <p className="muted">No drill has run yet: its times will show here.</p>
  }
  return (
    <figure className="drill-chart" data-testid="drill-chart">
      <figcaption className="drill-legend muted">
        <span className="legend-swatch drill-bar-detect" aria-hidden="true" /> Detection{' '}
        <span className="legend-swatch drill-bar-recover" aria-hidden="true" /> Recovery · the
        newest {shown.length === 1 ? 'drill' : `${shown.length} drills`}, on one scale from 0 to{' '}
        {formatDuration(scale)}
      </figcaption>
      <ul className="drill-chart-rows">
        {shown.map((r) => (
          <li key={r.id} className="drill-chart-row" data-testid="drill-chart-row">
            <span className="drill-chart-label">
              {DRILL_LABEL[r.kind]}
              <span className="muted-inline"> {formatTime(r.startedAt).slice(11)}</span>
            </span>
            <div className="drill-chart-bars">
              <Bar ms={r.detectedAfterMs} scale={scale} tone="detect" missing="not detected" />
              <Bar ms={r.recoveredAfterMs} scale={scale} tone="recover" missing="not recovered" />
            </div>
          </li>
        ))}
      </ul>
    </figure>
  )
}
