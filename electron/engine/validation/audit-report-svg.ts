/**
 * The validation audit's pictures as inline SVG (no script, nothing fetched): the 90 days with
 * the phases, today, every incident and drill and every change of phase; and a criterion's
 * history as a sparkline against its target.
 */
import {
  PLAN_DAYS,
  type CriterionResult,
  type PhaseChange,
  type PhaseView,
  type PlanIncident,
} from '../../../shared/validation'
import { esc, formatCriterion, formatTarget } from './audit-report-format'

const W = 760
const H = 160
const LEFT = 64
const RIGHT = 20
const PLOT = W - LEFT - RIGHT
const TODAY_Y = 12
/** Two rows of change labels, so that changes a few days apart stay readable. */
const CHANGE_ROWS = [38, 27]
const BAND_TOP = 46
const BAND_H = 40
const INCIDENT_Y = 122
const DRILL_Y = 144

const f1 = (n: number) => n.toFixed(1)
/** The left edge of a plan day (day 1 starts at the left of the plot). */
const dayX = (day: number) =>
  LEFT + ((Math.min(Math.max(day, 1), PLAN_DAYS + 1) - 1) / PLAN_DAYS) * PLOT
/** The middle of a plan day. */
const midX = (day: number) => dayX(day) + PLOT / PLAN_DAYS / 2

const STATUS_WORDS: Readonly<Record<PhaseView['status'], string>> = {
  done: 'done',
  current: 'current',
  upcoming: 'upcoming',
}

/** Kinds of incident drawn in red: what stops the plan or breaks its integrity. */
const SEVERE = new Set<PlanIncident['kind']>([
  'crash',
  'critical_alert',
  'integrity_violation',
  'tracker_failure',
])

/** The 90 days: phases as bands, today, incidents and drills as marks, changes of phase. */
export function timelineSvg(
  phases: readonly PhaseView[],
  day: number | null,
  changes: readonly PhaseChange[],
  incidents: readonly PlanIncident[],
  label: (incident: PlanIncident) => string,
): string {
  const parts: string[] = []
  for (const p of phases) {
    const x = dayX(p.firstDay)
    const w = dayX(p.lastDay + 1) - x
    parts.push(
      `<rect x="${f1(x)}" y="${BAND_TOP}" width="${f1(w)}" height="${BAND_H}" class="phase-band ${p.status}"/>` +
        `<text x="${f1(x + w / 2)}" y="${BAND_TOP + 17}" text-anchor="middle" class="phase-label">Phase ${p.phase}</text>` +
        `<text x="${f1(x + w / 2)}" y="${BAND_TOP + 31}" text-anchor="middle" class="phase-sub">days ${p.firstDay}–${p.lastDay} · ${STATUS_WORDS[p.status]}</text>`,
    )
  }
  // Day ticks every ten days.
  for (const d of [1, 10, 20, 30, 40, 50, 60, 70, 80, 90]) {
    const x = f1(midX(d))
    parts.push(
      `<line x1="${x}" x2="${x}" y1="${BAND_TOP + BAND_H}" y2="${BAND_TOP + BAND_H + 4}" class="axis"/><text x="${x}" y="${BAND_TOP + BAND_H + 15}" text-anchor="middle" class="tick">${d}</text>`,
    )
  }
  // Each label goes in the lower row unless it would run into the one before it there.
  const rowEnds = CHANGE_ROWS.map(() => -Infinity)
  for (const c of changes) {
    const x = dayX(c.day)
    const back = c.kind === 'roll_back'
    const words = back ? `↩ ${c.to}` : c.to === 'complete' ? '✓ done' : `→ ${c.to}`
    const half = words.length * 3.2
    let row = rowEnds.findIndex((end) => end < x - half)
    if (row < 0) row = rowEnds.indexOf(Math.min(...rowEnds))
    rowEnds[row] = x + half + 2
    const y = CHANGE_ROWS[row] as number
    parts.push(
      `<g class="change ${back ? 'roll-back' : 'advance'}"><title>${esc(`Day ${c.day}: ${back ? 'rolled back' : 'advanced'} from phase ${c.from} to ${c.to === 'complete' ? 'the end of the plan' : `phase ${c.to}`}: ${c.reason}`)}</title><line x1="${f1(x)}" x2="${f1(x)}" y1="${y + 2}" y2="${BAND_TOP + BAND_H}"/><text x="${f1(x)}" y="${y}" text-anchor="middle">${esc(words)}</text></g>`,
    )
  }
  // Marks on the same day stack upwards so each one stays visible.
  const stacked = new Map<string, number>()
  for (const i of incidents) {
    const drill = i.kind === 'drill'
    const key = `${drill}:${i.day}`
    const k = stacked.get(key) ?? 0
    stacked.set(key, k + 1)
    const x = f1(midX(i.day))
    const y = (drill ? DRILL_Y : INCIDENT_Y) - k * 5
    const title = `<title>${esc(label(i))}</title>`
    parts.push(
      drill
        ? `<path d="M${x},${f1(y - 5)}l5,5l-5,5l-5,-5Z" class="mark drill">${title}</path>`
        : `<circle cx="${x}" cy="${f1(y)}" r="4" class="mark ${SEVERE.has(i.kind) ? 'severe' : 'minor'}">${title}</circle>`,
    )
  }
  parts.push(
    `<text x="${LEFT - 8}" y="${INCIDENT_Y + 4}" text-anchor="end" class="tick">incidents</text><text x="${LEFT - 8}" y="${DRILL_Y + 4}" text-anchor="end" class="tick">drills</text><text x="${LEFT - 8}" y="${BAND_TOP + BAND_H + 15}" text-anchor="end" class="tick">day</text>`,
  )
  if (day !== null) {
    const x = f1(midX(Math.min(day, PLAN_DAYS)))
    // Near an end of the 90 days the label grows inwards, so that it is never cut.
    const anchor = day <= 10 ? 'start' : day >= PLAN_DAYS - 9 ? 'end' : 'middle'
    parts.push(
      `<g class="today"><line x1="${x}" x2="${x}" y1="${TODAY_Y + 4}" y2="${DRILL_Y + 8}"/><text x="${x}" y="${TODAY_Y}" text-anchor="${anchor}">today · day ${day}</text></g>`,
    )
  }
  const legend =
    '<span class="key phase-done"></span> done <span class="key phase-current"></span> current <span class="key phase-upcoming"></span> upcoming · <span class="key mark-severe"></span> crash, critical alert, integrity or tracker failure <span class="key mark-minor"></span> other incident <span class="key mark-drill"></span> drill · ↩ roll-back to a phase, → advance to a phase'
  return `<figure class="chart timeline"><svg viewBox="0 0 ${W} ${H}" role="img" aria-label="The 90 days of the plan: phases, today, incidents, drills and changes of phase" font-family="inherit" font-size="11">${parts.join('')}</svg><figcaption>${legend}</figcaption></figure>`
}

const SW = 140
const SH = 30
const SPAD = 3

/** A criterion's value at the end of each day of its phase, against the target (dashed). */
export function sparklineSvg(c: CriterionResult, firstDay: number, lastDay: number): string {
  const points = c.history.filter((h): h is { day: number; value: number } => h.value !== null)
  if (points.length === 0) return '<span class="undef">no history yet</span>'
  const values = [...points.map((p) => p.value), c.target]
  let min = Math.min(...values)
  let max = Math.max(...values)
  if (max === min) {
    min -= 1
    max += 1
  }
  // The phase's days, widened to any day the history reaches beyond them.
  const from = Math.min(firstDay, ...points.map((p) => p.day))
  const to = Math.max(lastDay, ...points.map((p) => p.day))
  const span = Math.max(1, to - from)
  const x = (d: number) => SPAD + ((d - from) / span) * (SW - 2 * SPAD)
  const y = (v: number) => SH - SPAD - ((v - min) / (max - min)) * (SH - 2 * SPAD)
  // A day without a value breaks the line.
  let d = ''
  let pen = false
  for (const h of c.history) {
    if (h.value === null) {
      pen = false
      continue
    }
    d += `${pen ? 'L' : 'M'}${f1(x(h.day))},${f1(y(h.value))}`
    pen = true
  }
  const last = points.at(-1) as { day: number; value: number }
  const first = points[0] as { day: number; value: number }
  const label = `${c.label}: ${formatCriterion(first.value, c.unit)} on day ${first.day}, ${formatCriterion(last.value, c.unit)} on day ${last.day}; target ${formatTarget(c.op, c.target, c.unit)}`
  return `<svg class="spark" viewBox="0 0 ${SW} ${SH}" width="${SW}" height="${SH}" role="img" aria-label="${esc(label)}"><title>${esc(label)}</title><line x1="0" x2="${SW}" y1="${f1(y(c.target))}" y2="${f1(y(c.target))}" class="target"/><path d="${d}" class="line"/><circle cx="${f1(x(last.day))}" cy="${f1(y(last.value))}" r="2.2" class="dot ${c.verdict}"/></svg>`
}
