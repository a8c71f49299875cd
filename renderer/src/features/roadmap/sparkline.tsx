/**
 * A criterion's history as a small inline line: one point per day of the phase, oldest first;
 * a day with nothing measured (null) leaves a gap. The target is a dashed line, so the eye sees
 * which side of it the value has been on.
 */
import type { CriterionResult } from '../../../../shared/validation'
import { formatValue } from './roadmap-format'

const W = 120
const H = 28
const PAD = 3

/** Props of Sparkline. */
export interface SparklineProps {
  readonly criterion: CriterionResult
}

/** The polyline segments of a history, split at its gaps. */
export function sparkSegments(
  history: CriterionResult['history'],
  target: number,
): { readonly segments: string[]; readonly targetY: number | null } {
  const values = history.map((h) => h.value).filter((v): v is number => v !== null)
  if (values.length === 0) return { segments: [], targetY: null }
  const low = Math.min(target, ...values)
  const high = Math.max(target, ...values)
  const span = high - low || 1
  const x = (i: number): number =>
    history.length === 1 ? W / 2 : PAD + (i / (history.length - 1)) * (W - 2 * PAD)
  const y = (v: number): number => H - PAD - ((v - low) / span) * (H - 2 * PAD)
  const segments: string[] = []
  let current: string[] = []
  history.forEach((h, i) => {
    if (h.value === null) {
      if (current.length > 0) segments.push(current.join(' '))
      current = []
    } else current.push(`${x(i).toFixed(1)},${y(h.value).toFixed(1)}`)
  })
  if (current.length > 0) segments.push(current.join(' '))
  return { segments, targetY: y(target) }
}

/** The sparkline, or the words "no history yet". */
export function Sparkline({ criterion }: SparklineProps) {
  const { history, target, unit } = criterion
  const { segments, targetY } = sparkSegments(history, target)
  if (segments.length === 0) return <span className="muted">no history yet</span>
  const measured = history.filter((h) => h.value !== null)
  const first = measured[0]
  const last = measured[measured.length - 1]
  const label =
    first && last
      ? `History over ${history.length} days: ${formatValue(first.value, unit)} on day ${first.day}, ${formatValue(last.value, unit)} on day ${last.day}` +
        (measured.length < history.length
          ? `, ${history.length - measured.length} days without data`
          : '')
      : ''
  return (
    <svg
      className="roadmap-spark"
      viewBox={`0 0 ${W} ${H}`}
      width={W}
      height={H}
      role="img"
      aria-label={label}
      data-testid="roadmap-spark"
      data-segments={segments.length}
    >
      <title>{label}</title>
      {targetY !== null ? (
        <line
          className="roadmap-spark-target"
          x1={0}
          x2={W}
          y1={targetY}
          y2={targetY}
          strokeDasharray="3 3"
        />
      ) : null}
      {segments.map((points) =>
        points.includes(' ') ? (
          <polyline key={points} className="roadmap-spark-line" points={points} fill="none" />
        ) : (
          <circle
            key={points}
            className="roadmap-spark-dot"
            cx={points.split(',')[0]}
            cy={points.split(',')[1]}
            r={1.8}
          />
        ),
      )}
    </svg>
  )
}
