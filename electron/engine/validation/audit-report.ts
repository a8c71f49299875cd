/**
 * The final audit of the 90-day validation plan as one self-contained HTML page (inline CSS and
 * SVG, no script, nothing fetched), laid out to print on A4 with a page per phase: the plan and
 * where it stands, the timeline, every phase with its criteria, their histories, checklist and
 * sign-off, then every incident, drill, downtime and health-check failure, what 90 days can
 * prove, and the journal's head hash to check it against. Every text is escaped.
 */
import {
  INCIDENT_WORDS,
  PHASE_DAYS,
  PLAN_DAYS,
  type PlanIncident,
  type ValidationView,
} from '../../../shared/validation'
import { clockIn, dateOfDay, esc, formatDuration, textOr, type Clock } from './audit-report-format'
import { phaseSection } from './audit-report-phase'
import { AUDIT_CSS } from './audit-report-style'
import { timelineSvg } from './audit-report-svg'

/** The audit of the plan as a self-contained HTML document. */
export function renderValidationAudit(view: ValidationView): string {
  const clock = clockIn(view.timeZone)
  const start = view.settings.startDay
  const incidentLabel = (i: PlanIncident) =>
    `Day ${i.day}, ${clock.stamp(i.ts)}: ${INCIDENT_WORDS[i.kind]}: ${i.text}`
  const body = [
    header(view, clock),
    `<section id="timeline"><h2>The 90 days</h2>${timelineSvg(view.phases, view.day, view.changes, view.incidents, incidentLabel)}${changesTable(view, clock)}</section>`,
    ...view.phases.map((p) => phaseSection(p, clock, view.day)),
    `<section class="after-phases" id="incidents"><h2>Incidents</h2>${incidentsTable(view, clock)}</section>`,
    `<section id="recoveries"><h2>Drills and recoveries</h2>${recoveriesTable(view, clock)}</section>`,
    `<section id="downtime"><h2>Downtime</h2>${downtimeTable(view, clock)}</section>`,
    `<section id="health"><h2>Health-check failures</h2>${healthTable(view)}</section>`,
    `<section id="proof"><h2>What 90 days can prove</h2><p class="proof">${textOr(view.proof, 'Not stated.')}</p></section>`,
    journalSection(view),
  ].join('\n')
  const title = auditTitle(start)
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(`Vigil · ${title}`)}</title><style>${AUDIT_CSS}</style></head>
<body><main>
${body}
<footer>Vigil · 90-day validation audit · generated ${esc(clock.stamp(view.generatedAt))} (${esc(view.timeZone)}) from the journal up to seq ${view.journal.seq}. Times are in ${esc(view.timeZone)}.</footer>
</main></body></html>
`
}

function auditTitle(start: string | null): string {
  return start === null
    ? 'Validation audit — no plan yet'
    : `Validation audit — plan started ${start}`
}

function header(view: ValidationView, clock: Clock): string {
  const start = view.settings.startDay
  let where: string
  if (start === null) where = 'No plan has been started: there is nothing to audit yet.'
  else if (view.phase === 'complete')
    where = `The plan is complete: all three phases are signed off.`
  else if (view.day === null) where = `The plan starts on ${start}; it has not begun.`
  else {
    const phase = view.phase === null ? '' : ` · phase ${view.phase} of 3`
    const over = view.day > PLAN_DAYS ? ` (past the planned ${PLAN_DAYS} days)` : ''
    where = `Day ${view.day} of ${PLAN_DAYS}${over}${phase}`
  }
  const end = start === null ? '' : ` · planned end ${dateOfDay(start, PLAN_DAYS)}`
  const accounts = view.settings.accounts
  return `<header class="top"><div class="brand">Vigil · 90-day validation audit</div>
<h1>${esc(auditTitle(start))}</h1>
<p class="headline">${esc(where)}</p>
<div class="meta">Today ${esc(view.today)} (${esc(view.timeZone)})${esc(end)} · three phases of ${PHASE_DAYS} days · accounts in the plan: ${accounts.length ? accounts.map(esc).join(', ') : 'none'} · a critical failure ${view.settings.rollBackOnCritical ? 'sends the plan back a phase' : 'does not roll the plan back'} · generated ${esc(clock.stamp(view.generatedAt))}</div>
<p>${textOr(view.allows, 'The plan sets no band now.')}</p></header>`
}

function changesTable(view: ValidationView, clock: Clock): string {
  if (view.changes.length === 0) return '<p class="undef">The plan has not changed phase.</p>'
  const rows = view.changes
    .map((c) => {
      const to = c.to === 'complete' ? 'complete' : `phase ${c.to}`
      const kind = c.kind === 'roll_back' ? 'Roll-back' : 'Advance'
      return `<tr class="${c.kind === 'roll_back' ? 'roll-back' : 'advance'}"><td class="num">${c.day}</td><td>${esc(clock.stamp(c.ts))}</td><td><strong>${kind}</strong></td><td>phase ${c.from} → ${esc(to)}</td><td>${esc(c.reason)}</td><td class="num">${c.seq}</td></tr>`
    })
    .join('')
  return `<h3>Changes of phase</h3><table class="changes"><thead><tr><th class="num">Day</th><th>When</th><th>Change</th><th>From → to</th><th>Why</th><th class="num">Journal seq</th></tr></thead><tbody>${rows}</tbody></table>`
}

function incidentsTable(view: ValidationView, clock: Clock): string {
  if (view.incidents.length === 0) return '<p>No incident was journaled during the plan.</p>'
  const rows = view.incidents
    .map(
      (i) =>
        `<tr class="incident ${i.kind}"><td class="num">${i.day}</td><td>${esc(clock.date(i.ts))}</td><td class="num">${esc(clock.time(i.ts))}</td><td>${INCIDENT_WORDS[i.kind]}</td><td>${esc(i.text)}</td><td class="num">${i.seq}</td></tr>`,
    )
    .join('')
  return `<p>${view.incidents.length} incident${view.incidents.length === 1 ? '' : 's'} (drills included), in the order they happened.</p><table class="incidents"><thead><tr><th class="num">Day</th><th>Date</th><th class="num">Time</th><th>Kind</th><th>What happened</th><th class="num">Journal seq</th></tr></thead><tbody>${rows}</tbody></table>`
}

function recoveriesTable(view: ValidationView, clock: Clock): string {
  if (view.recoveries.length === 0)
    return '<p>No drill was run and no restart after a crash was measured.</p>'
  const rows = view.recoveries
    .map(
      (r) =>
        `<tr class="recovery"><td>${esc(clock.stamp(r.ts))}</td><td>${r.kind === 'drill' ? 'Drill' : 'Restart after a crash'}</td><td>${r.recovered ? 'Recovered' : '<strong>Not recovered</strong>'}</td><td class="num">${r.ms === null ? '<span class="undef">not measured</span>' : esc(formatDuration(r.ms))}</td><td>${esc(r.text)}</td></tr>`,
    )
    .join('')
  return `<table class="recoveries"><thead><tr><th>When</th><th>Kind</th><th>Outcome</th><th class="num">Recovery time</th><th>What happened</th></tr></thead><tbody>${rows}</tbody></table>`
}

const CAUSES = { crash: 'Crash', stop: 'Stopped', halt: 'Halted', unknown: 'Unknown' } as const

function downtimeTable(view: ValidationView, clock: Clock): string {
  if (view.downtime.length === 0) return '<p>No gap in the heartbeats: no downtime.</p>'
  const total = view.downtime.reduce((sum, d) => sum + Math.max(0, d.to - d.from), 0)
  const rows = view.downtime
    .map(
      (d) =>
        `<tr class="downtime"><td>${esc(clock.stamp(d.from))}</td><td>${esc(clock.stamp(d.to))}</td><td class="num">${esc(formatDuration(Math.max(0, d.to - d.from)))}</td><td>${CAUSES[d.cause]}</td><td>${esc(d.detail)}</td></tr>`,
    )
    .join('')
  return `<p>${view.downtime.length} gap${view.downtime.length === 1 ? '' : 's'} in the heartbeats, ${esc(formatDuration(total))} in all.</p><table class="downtime"><thead><tr><th>From</th><th>To</th><th class="num">Length</th><th>Cause</th><th>What the journal says</th></tr></thead><tbody>${rows}</tbody></table>`
}

function healthTable(view: ValidationView): string {
  const kinds = Object.entries(view.healthFailures).filter(([, n]) => n > 0)
  if (kinds.length === 0) return '<p>No health check went to failing during the plan.</p>'
  kinds.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
  const rows = kinds
    .map(([kind, n]) => `<tr><td>${esc(kind)}</td><td class="num">${n}</td></tr>`)
    .join('')
  return `<table class="health"><thead><tr><th>Check</th><th class="num">Times it went to failing</th></tr></thead><tbody>${rows}</tbody></table>`
}

function journalSection(view: ValidationView): string {
  const { seq, hash } = view.journal
  return `<section id="journal"><h2>The journal behind this audit</h2>
<p>Everything above was read from the audit journal up to record <strong>seq ${seq}</strong>, whose hash is</p>
<p><code class="hash">${esc(hash)}</code></p>
<p>To verify it, run <code>vigil verify-audit DATA_FOLDER</code> on the data folder: it walks the journal's whole hash chain and answers "Journal intact" only if no record was edited, inserted, removed or reordered. Record ${seq} of that journal must carry this hash; if it does not, this audit was not made from that journal.</p></section>`
}
