/**
 * The live CUSUM of misses against the model, one step per order with an estimate (x: the
 * order's place, y: the statistic in the model's σ), with the alarm line h, and the latest
 * alarm: where the rise began (dashed) and the order that crossed h (solid). SVG, so the
 * orders' places, not clock times, make the x axis.
 */
import { niceTicks, type CusumPoint } from './costs-format'
import { CHART_THEME } from '../../charts/chart-theme'

const W = 560
const H = 260
const M = { left: 44, right: 20, top: 16, bottom: 40 }
const CHANGE = '#f0b72f'

/** An order count on the axis: "250", "20k". */
function tickLabel(t: number): string {
  return t >= 10_000 ? `${t / 1000}k` : String(t)
}

/** A marker's label beside its line, on the side with room: left of it in the right half. */
function labelAt(x: number, middle: number): { x: number; textAnchor: 'start' | 'end' } {
  return x > middle ? { x: x - 4, textAnchor: 'end' } : { x: x + 4, textAnchor: 'start' }
}

/** Props of CusumChart. */
export interface CusumChartProps {
  readonly points: readonly CusumPoint[]
  /** Orders counted in all (the last x). */
  readonly count: number
  readonly h: number
  /** The places of the rise's first order and of the alarm, or null. */
  readonly changeAt: number | null
  readonly alarmAt: number | null
  readonly summary: string
}

/** The CUSUM line with its alarm line and markers. */
export function CusumChart({ points, count, h, changeAt, alarmAt, summary }: CusumChartProps) {
  let top = h * 1.25
  for (const p of points) if (p.value > top) top = p.value * 1.05
  const last = Math.max(count, 2)
  const pw = W - M.left - M.right
  const ph = H - M.top - M.bottom
  const sx = (n: number): number => M.left + ((n - 1) / (last - 1)) * pw
  const sy = (v: number): number => M.top + ph - (v / top) * ph
  const line = points.map((p) => `${sx(p.n).toFixed(1)},${sy(p.value).toFixed(1)}`).join(' ')
  const xTicks = niceTicks(1, last, 6).filter((t) => t >= 1 && Number.isInteger(t))
  return (
    <svg
      className="cost-svg"
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label={summary}
      data-testid="cusum-chart"
      data-points={points.length}
    >
      <rect x={M.left} y={M.top} width={pw} height={ph} fill={CHART_THEME.background} />
      {niceTicks(0, top, 5).map((t) => (
        <g key={`y${t}`}>
          <line x1={M.left} x2={M.left + pw} y1={sy(t)} y2={sy(t)} stroke={CHART_THEME.grid} />
          <text x={M.left - 6} y={sy(t) + 4} textAnchor="end" className="cost-svg-tick">
            {t}
          </text>
        </g>
      ))}
      {xTicks.map((t) => (
        <text
          key={`x${t}`}
          x={sx(t)}
          y={M.top + ph + 14}
          textAnchor="middle"
          className="cost-svg-tick"
        >
          {tickLabel(t)}
        </text>
      ))}
      <line
        x1={M.left}
        x2={M.left + pw}
        y1={sy(h)}
        y2={sy(h)}
        stroke={CHART_THEME.down}
        strokeDasharray="6 4"
        data-testid="cusum-h-line"
      />
      <text x={M.left + pw - 4} y={sy(h) - 4} textAnchor="end" className="cost-svg-alarm">
        alarm line h = {h}
      </text>
      {changeAt !== null ? (
        <g data-testid="cusum-change-marker" data-at={changeAt}>
          <line
            x1={sx(changeAt)}
            x2={sx(changeAt)}
            y1={M.top}
            y2={M.top + ph}
            stroke={CHANGE}
            strokeDasharray="3 3"
          />
          <text
            {...labelAt(sx(changeAt), M.left + pw / 2)}
            y={M.top + 10}
            className="cost-svg-change"
          >
            rise began
          </text>
        </g>
      ) : null}
      {alarmAt !== null ? (
        <g data-testid="cusum-alarm-marker" data-at={alarmAt}>
          <line
            x1={sx(alarmAt)}
            x2={sx(alarmAt)}
            y1={M.top}
            y2={M.top + ph}
            stroke={CHART_THEME.down}
          />
          <text
            {...labelAt(sx(alarmAt), M.left + pw / 2)}
            y={M.top + 24}
            className="cost-svg-alarm"
          >
            alarm
          </text>
        </g>
      ) : null}
      {points.length > 0 ? (
        <polyline points={line} fill="none" stroke={CHART_THEME.accent} strokeWidth={1.5} />
      ) : null}
      <text x={M.left + pw / 2} y={H - 6} textAnchor="middle" className="cost-svg-label">
        Orders with an estimate, oldest first
      </text>
    </svg>
  )
}
