/**
 * Expected against actual cost per order, bps (positive: a cost), as an SVG scatter with the
 * identity line: a point above it cost more than the model expected. Both axes share one scale
 * so the line is the diagonal. Orders inside the model's band are blue, outside orange.
 * lightweight-charts has no scatter, hence this small drawing of its own.
 */
import { niceTicks, type ScatterPoint } from './costs-format'
import { CHART_THEME } from '../../charts/chart-theme'

const W = 560
const H = 320
const M = { left: 56, right: 12, top: 10, bottom: 40 }
const OUTSIDE = '#f0b72f'

const R = 2.5

/** A dot of radius R at (x, y) as path commands: two half-circle arcs. */
function dot(x: number, y: number): string {
  return `M${(x - R).toFixed(1)} ${y.toFixed(1)}a${R} ${R} 0 1 0 ${2 * R} 0a${R} ${R} 0 1 0 ${-2 * R} 0`
}

/** Props of CostScatterChart. */
export interface CostScatterChartProps {
  readonly points: readonly ScatterPoint[]
  readonly summary: string
}

/** The scatter, or nothing drawn when there is no point. */
export function CostScatterChart({ points, summary }: CostScatterChartProps) {
  let lo = 0
  let hi = 1
  for (const p of points) {
    if (p.x < lo) lo = p.x
    if (p.y < lo) lo = p.y
    if (p.x > hi) hi = p.x
    if (p.y > hi) hi = p.y
  }
  const pad = (hi - lo) * 0.05
  lo -= pad
  hi += pad
  const pw = W - M.left - M.right
  const ph = H - M.top - M.bottom
  const sx = (v: number): number => M.left + ((v - lo) / (hi - lo)) * pw
  const sy = (v: number): number => M.top + ph - ((v - lo) / (hi - lo)) * ph
  const ticks = niceTicks(lo, hi, 6)
  return (
    <svg
      className="cost-svg"
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label={summary}
      data-testid="cost-scatter"
      data-points={points.length}
    >
      <rect x={M.left} y={M.top} width={pw} height={ph} fill={CHART_THEME.background} />
      {ticks.map((t) => (
        <g key={t}>
          <line x1={sx(t)} x2={sx(t)} y1={M.top} y2={M.top + ph} stroke={CHART_THEME.grid} />
          <line x1={M.left} x2={M.left + pw} y1={sy(t)} y2={sy(t)} stroke={CHART_THEME.grid} />
          <text x={sx(t)} y={M.top + ph + 14} textAnchor="middle" className="cost-svg-tick">
            {t}
          </text>
          <text x={M.left - 6} y={sy(t) + 4} textAnchor="end" className="cost-svg-tick">
            {t}
          </text>
        </g>
      ))}
      <line
        x1={sx(lo)}
        y1={sy(lo)}
        x2={sx(hi)}
        y2={sy(hi)}
        stroke={CHART_THEME.text}
        strokeDasharray="4 4"
        data-testid="cost-scatter-identity"
      />
      {/* One path per colour: thousands of dots as two elements, not thousands. */}
      {([true, false] as const).map((inside) => {
        const mine = points.filter((p) => p.inBand === inside)
        return (
          <path
            key={String(inside)}
            d={mine.map((p) => dot(sx(p.x), sy(p.y))).join('')}
            fill={inside ? CHART_THEME.accent : OUTSIDE}
            data-testid={inside ? 'cost-scatter-inside' : 'cost-scatter-outside'}
            data-points={mine.length}
          />
        )
      })}
      <text x={M.left + pw / 2} y={H - 6} textAnchor="middle" className="cost-svg-label">
        Expected cost (bps)
      </text>
      <text
        transform={`translate(14 ${M.top + ph / 2}) rotate(-90)`}
        textAnchor="middle"
        className="cost-svg-label"
      >
        Actual cost (bps)
      </text>
    </svg>
  )
}

/** The colours of the scatter's legend. */
export const SCATTER_COLORS = { inside: CHART_THEME.accent, outside: OUTSIDE } as const
