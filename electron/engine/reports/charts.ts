/**
 * The report's charts as inline SVG (no script, no external file): the day's equity with its
 * drawdown band, the daily equity with the rolling Sharpe, and the slippage of each order.
 */
import type { DailyEquityPoint, EquityPoint, SlippagePoint } from '../../../shared/performance'
import { formatRatio, formatUsd } from './format'

const W = 760
const H = 250
const M = { left: 74, right: 56, top: 16, bottom: 30 }
const PLOT_W = W - M.left - M.right
const PLOT_H = H - M.top - M.bottom

/** Colours of the symbols the simulated market trades; others take the rest in turn. */
const SYMBOL_COLOURS: Record<string, string> = {
  'BTC-USD': '#d97706',
  'ETH-USD': '#4f46e5',
  'SOL-USD': '#059669',
}
const OTHER_COLOURS = ['#db2777', '#0891b2', '#65a30d', '#7c3aed']

/** Escapes text for HTML and SVG. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** Round tick values covering [min, max], about `count` of them. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) {
    const pad = Math.abs(min) > 0 ? Math.abs(min) * 0.01 : 1
    return niceTicks(min - pad, max + pad, count)
  }
  const raw = (max - min) / count
  const power = Math.pow(10, Math.floor(Math.log10(raw)))
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) as number
  const ticks: number[] = []
  for (let v = Math.floor(min / step) * step; v <= max + step * 1e-9; v += step)
    ticks.push(Number(v.toPrecision(12)))
  if ((ticks[0] as number) > min) ticks.unshift((ticks[0] as number) - step)
  if ((ticks.at(-1) as number) < max) ticks.push((ticks.at(-1) as number) + step)
  return ticks
}

function scale(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0)
  return (v) => r0 + (v - d0) * k
}

const f1 = (n: number) => n.toFixed(1)

function frame(title: string, body: string, legend: string): string {
  return `<figure class="chart"><svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(title)}" font-family="inherit" font-size="11">${body}</svg><figcaption>${legend}</figcaption></figure>`
}

function yAxis(
  ticks: number[],
  y: (v: number) => number,
  label: (v: number) => string,
  right = false,
): string {
  const x = right ? M.left + PLOT_W + 6 : M.left - 6
  return ticks
    .map((t) => {
      const ty = f1(y(t))
      const grid = right
        ? ''
        : `<line x1="${M.left}" x2="${M.left + PLOT_W}" y1="${ty}" y2="${ty}" class="grid"/>`
      return `${grid}<text x="${x}" y="${ty}" dy="0.32em" text-anchor="${right ? 'start' : 'end'}" class="tick">${esc(label(t))}</text>`
    })
    .join('')
}

function xLabels(items: { x: number; label: string }[]): string {
  return items
    .map(
      ({ x, label }) =>
        `<line x1="${f1(x)}" x2="${f1(x)}" y1="${M.top + PLOT_H}" y2="${M.top + PLOT_H + 4}" class="axis"/><text x="${f1(x)}" y="${M.top + PLOT_H + 16}" text-anchor="middle" class="tick">${esc(label)}</text>`,
    )
    .join('')
}

function axesBox(): string {
  return `<line x1="${M.left}" x2="${M.left + PLOT_W}" y1="${M.top + PLOT_H}" y2="${M.top + PLOT_H}" class="axis"/><line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${M.top + PLOT_H}" class="axis"/>`
}

/** A placeholder where a chart has nothing to draw, saying why. */
export function emptyChart(message: string): string {
  return `<div class="chart-empty">${esc(message)}</div>`
}

/**
 * The day's equity as steps (it changes at fills), with the fall below the running peak shaded:
 * the band between the peak so far and the equity is the drawdown.
 */
export function intradayChart(
  points: readonly EquityPoint[],
  dayStart: number,
  dayEnd: number,
  timeLabel: (ts: number) => string,
): string {
  if (points.length < 2) return emptyChart('No equity to draw for this day.')
  const values = points.map((p) => p.equity)
  const ticks = niceTicks(Math.min(...values), Math.max(...values))
  const x = scale(dayStart, dayEnd, M.left, M.left + PLOT_W)
  const y = scale(ticks[0] as number, ticks.at(-1) as number, M.top + PLOT_H, M.top)
  let line = `M${f1(x(dayStart))},${f1(y(values[0] as number))}`
  let peakLine = line
  const under: string[] = [`${f1(x(dayStart))},${f1(y(values[0] as number))}`]
  let peak = values[0] as number
  for (let i = 1; i < points.length; i++) {
    const p = points[i] as EquityPoint
    const px = f1(x(p.ts))
    line += `H${px}V${f1(y(p.equity))}`
    peakLine += `H${px}`
    under.push(`${px},${f1(y((points[i - 1] as EquityPoint).equity))}`, `${px},${f1(y(p.equity))}`)
    if (p.equity > peak) peak = p.equity
    peakLine += `V${f1(y(peak))}`
  }
  // The band: along the running peak, then back along the equity.
  const band = `${peakLine}L${under.reverse().join('L')}Z`
  const hours: { x: number; label: string }[] = []
  for (let h = 0; h <= 24; h += 3) {
    const ts = Math.min(dayStart + h * 3_600_000, dayEnd)
    hours.push({ x: x(ts), label: h === 24 ? '24:00' : timeLabel(ts) })
  }
  const body =
    yAxis(ticks, y, (v) => formatUsd(v)) +
    `<path d="${band}" class="dd-band"/><path d="${line}" class="equity-line"/>` +
    axesBox() +
    xLabels(hours)
  return frame(
    'Equity during the day, with the drawdown band',
    body,
    '<span class="key equity"></span> Equity (all accounts; at each fill, holdings at fill prices) <span class="key dd"></span> Drawdown: below the peak so far',
  )
}

/** Daily closes with the rolling 30-day Sharpe on the right axis; the baseline shaded. */
export function dailyChart(
  points: readonly DailyEquityPoint[],
  baseline: { from: string; to: string } | null,
): string {
  if (points.length === 0) return emptyChart('No daily equity to draw yet.')
  const values = points.map((p) => p.equity)
  const ticks = niceTicks(Math.min(...values), Math.max(...values))
  const n = points.length
  const x = (i: number) => M.left + (n === 1 ? PLOT_W / 2 : (i / (n - 1)) * PLOT_W)
  const y = scale(ticks[0] as number, ticks.at(-1) as number, M.top + PLOT_H, M.top)
  const sharpe = points.map((p) => p.rollingSharpe).filter((v): v is number => v !== null)
  let right = ''
  let sharpeLine = ''
  if (sharpe.length > 0) {
    const sticks = niceTicks(Math.min(0, ...sharpe), Math.max(0, ...sharpe), 4)
    const sy = scale(sticks[0] as number, sticks.at(-1) as number, M.top + PLOT_H, M.top)
    right = yAxis(sticks, sy, (v) => formatRatio(v), true)
    let d = ''
    points.forEach((p, i) => {
      if (p.rollingSharpe === null) return
      d += `${d === '' || points[i - 1]?.rollingSharpe == null ? 'M' : 'L'}${f1(x(i))},${f1(sy(p.rollingSharpe))}`
    })
    sharpeLine = `<line x1="${M.left}" x2="${M.left + PLOT_W}" y1="${f1(sy(0))}" y2="${f1(sy(0))}" class="zero"/><path d="${d}" class="sharpe-line"/>`
  }
  let shade = ''
  if (baseline) {
    const a = points.findIndex((p) => p.day >= baseline.from)
    let b = -1
    points.forEach((p, i) => {
      if (p.day <= baseline.to) b = i
    })
    if (a >= 0 && b >= a) {
      const x0 = x(a) - (n > 1 ? PLOT_W / (n - 1) / 2 : 4)
      const x1 = x(b) + (n > 1 ? PLOT_W / (n - 1) / 2 : 4)
      const left = Math.max(M.left, x0)
      const width = Math.min(M.left + PLOT_W, x1) - left
      shade = `<rect x="${f1(left)}" y="${M.top}" width="${f1(width)}" height="${PLOT_H}" class="baseline-band"/><text x="${f1(left + 4)}" y="${M.top + 12}" class="band-label">baseline</text>`
    }
  }
  const line = points.map((p, i) => `${i ? 'L' : 'M'}${f1(x(i))},${f1(y(p.equity))}`).join('')
  const dots =
    n <= 40
      ? points
          .map(
            (p, i) => `<circle cx="${f1(x(i))}" cy="${f1(y(p.equity))}" r="2" class="equity-dot"/>`,
          )
          .join('')
      : ''
  const every = Math.max(1, Math.ceil(n / 8))
  // Every few days, and the last day unless it would crowd the label before it.
  const shown = points.map((_, i) => i).filter((i) => i % every === 0 && n - 1 - i >= every / 2)
  shown.push(n - 1)
  const labels = shown.map((i) => ({
    x: x(i),
    label: (points[i] as DailyEquityPoint).day.slice(5),
  }))
  const body =
    shade +
    yAxis(ticks, y, (v) => formatUsd(v)) +
    right +
    sharpeLine +
    `<path d="${line}" class="equity-line"/>` +
    dots +
    axesBox() +
    xLabels(labels)
  return frame(
    'Daily equity and rolling 30-day Sharpe',
    body,
    `<span class="key equity"></span> Equity at each day’s close (left axis) <span class="key sharpe"></span> Rolling 30-day Sharpe (right axis)${sharpe.length === 0 ? ': undefined until 30 daily returns' : ''}${shade ? ' <span class="key base"></span> Baseline period' : ''}`,
  )
}

/** Each order's slippage against its checked price over the day, by symbol; the p95 dashed. */
export function slippageChart(
  points: readonly SlippagePoint[],
  p95: number | null,
  dayStart: number,
  dayEnd: number,
  timeLabel: (ts: number) => string,
): string {
  if (points.length === 0)
    return emptyChart('No order with a fill and a checked price on this day.')
  const values = points.map((p) => p.bps)
  const ticks = niceTicks(Math.min(0, ...values), Math.max(0, ...values, p95 ?? 0))
  const x = scale(dayStart, dayEnd, M.left, M.left + PLOT_W)
  const y = scale(ticks[0] as number, ticks.at(-1) as number, M.top + PLOT_H, M.top)
  const symbols = [...new Set(points.map((p) => p.symbol))].sort()
  const colour = new Map(
    symbols.map((s, i) => [
      s,
      SYMBOL_COLOURS[s] ?? (OTHER_COLOURS[i % OTHER_COLOURS.length] as string),
    ]),
  )
  const dots = points
    .map(
      (p) =>
        `<circle cx="${f1(x(p.ts))}" cy="${f1(y(p.bps))}" r="2.6" fill="${colour.get(p.symbol)}" fill-opacity="0.75"/>`,
    )
    .join('')
  const p95Line =
    p95 === null
      ? ''
      : `<line x1="${M.left}" x2="${M.left + PLOT_W}" y1="${f1(y(p95))}" y2="${f1(y(p95))}" class="p95-line"/><text x="${M.left + PLOT_W - 4}" y="${f1(y(p95) - 4)}" text-anchor="end" class="band-label">p95 ${esc(p95.toFixed(1))} bps</text>`
  const hours: { x: number; label: string }[] = []
  for (let h = 0; h <= 24; h += 3) {
    const ts = Math.min(dayStart + h * 3_600_000, dayEnd)
    hours.push({ x: x(ts), label: h === 24 ? '24:00' : timeLabel(ts) })
  }
  const body =
    yAxis(ticks, y, (v) => `${v} bps`) +
    `<line x1="${M.left}" x2="${M.left + PLOT_W}" y1="${f1(y(0))}" y2="${f1(y(0))}" class="zero"/>` +
    p95Line +
    dots +
    axesBox() +
    xLabels(hours)
  const legend = symbols
    .map((s) => `<span class="key" style="background:${colour.get(s)}"></span> ${esc(s)}`)
    .join(' ')
  return frame(
    'Slippage of each order, basis points',
    body,
    `${legend} — slippage of each order against the price it was checked at (positive: a cost)`,
  )
}
