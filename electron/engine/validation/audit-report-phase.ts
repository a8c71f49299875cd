/**
 * One phase of the validation audit: its goals, size band and status, its sign-off with the
 * criteria as they were then, every criterion now (value, target, verdict, whether it gates,
 * interval, note, history) and its checklist.
 */
import {
  CRITERIA,
  type CriterionResult,
  type PhaseView,
  type SignOff,
} from '../../../shared/validation'
import {
  esc,
  formatBand,
  formatCriterion,
  formatTarget,
  textOr,
  verdictBadge,
  type Clock,
} from './audit-report-format'
import { sparklineSvg } from './audit-report-svg'

const STATUS: Readonly<Record<PhaseView['status'], string>> = {
  done: 'Done: signed off',
  current: 'Current phase',
  upcoming: 'Upcoming',
}

/** A phase's section; `today` is the plan's day, for the current phase's status. */
export function phaseSection(p: PhaseView, clock: Clock, today: number | null): string {
  const status =
    p.status === 'current' && today !== null
      ? `${STATUS.current} (day ${today} of the plan, day ${today - p.firstDay + 1} of ${p.lastDay - p.firstDay + 1} in this phase)`
      : STATUS[p.status]
  const blockers =
    p.status === 'current'
      ? p.canSignOff.ok
        ? '<p class="blockers">Its gating criteria pass: it can be signed off now.</p>'
        : `<div class="blockers"><strong>Cannot be signed off yet:</strong><ul>${p.canSignOff.blockers.map((b) => `<li>${esc(b)}</li>`).join('')}</ul></div>`
      : ''
  return `<section class="phase" id="phase-${p.phase}"><h2>Phase ${p.phase} — days ${p.firstDay}–${p.lastDay}</h2>
<dl class="facts"><dt>Status</dt><dd class="status">${esc(status)}</dd>
<dt>Size band</dt><dd class="band">${esc(formatBand(p.band))}</dd>
<dt>Goals</dt><dd><ul class="goals">${p.goals.map((g) => `<li>${esc(g)}</li>`).join('')}</ul></dd></dl>
${blockers}
<h3>Sign-off</h3>${signOffBlock(p.signOff, clock)}
<h3>Criteria</h3>${criteriaTable(p)}
<h3>Checklist</h3>${checklistTable(p, clock)}
</section>`
}

function signOffBlock(s: SignOff | null, clock: Clock): string {
  if (s === null) return '<div class="signoff none">Not signed off.</div>'
  const rows = s.criteria
    .map((c) => {
      const def = CRITERIA[c.id]
      return `<tr data-criterion="${c.id}"><td>${esc(def.label)}</td><td class="num">${c.value === null ? '<span class="undef">—</span>' : esc(formatCriterion(c.value, def.unit))}</td><td class="num">${esc(formatTarget(def.op, c.target, def.unit))}</td><td>${verdictBadge(c.verdict)}</td></tr>`
    })
    .join('')
  return `<div class="signoff"><p>Signed off by <strong class="by">${esc(s.by)}</strong> on ${esc(clock.stamp(s.ts))} (day ${s.day} of the plan).</p>
<p class="note">Note: ${textOr(s.note, 'no note')}</p>
<table class="signed-criteria"><thead><tr><th>Criterion at sign-off</th><th class="num">Value</th><th class="num">Target</th><th>Verdict</th></tr></thead><tbody>${rows || '<tr><td colspan="4" class="undef">No criteria were recorded.</td></tr>'}</tbody></table></div>`
}

function criteriaTable(p: PhaseView): string {
  if (p.criteria.length === 0) return '<p class="undef">This phase measures no criteria.</p>'
  const rows = p.criteria.map((c) => criterionRow(c, p)).join('\n')
  return `<table class="criteria"><thead><tr><th>Criterion</th><th class="num">Value</th><th class="num">Target</th><th>Verdict</th><th>95 % interval</th><th>History</th></tr></thead><tbody>
${rows}
</tbody></table>`
}

function criterionRow(c: CriterionResult, p: PhaseView): string {
  const value =
    c.value === null
      ? '<span class="undef">—</span> <span class="reason">nothing measured yet</span>'
      : esc(formatCriterion(c.value, c.unit))
  const sample = `<span class="reason">${esc(`n = ${c.sample.n} ${c.sample.unit}`)}</span>`
  const gates = c.gating
    ? '<span class="gates">gates the phase</span>'
    : '<span class="no-gate">shown, does not gate</span>'
  const interval =
    c.interval === null
      ? '<span class="undef">—</span>'
      : esc(
          `${Math.round(c.interval.level * 100)} %: ${formatCriterion(c.interval.low, c.unit)} to ${formatCriterion(c.interval.high, c.unit)}`,
        )
  return `<tr data-criterion="${c.id}"><td><strong>${esc(c.label)}</strong><span class="reason">${esc(CRITERIA[c.id].how)}</span><span class="reason">${gates} · ${esc(c.group)}</span><span class="reason note">${esc(c.note)}</span></td><td class="num value">${value} ${sample}</td><td class="num target">${esc(formatTarget(c.op, c.target, c.unit))}</td><td class="verdict">${verdictBadge(c.verdict)}</td><td class="interval">${interval}</td><td class="history">${sparklineSvg(c, p.firstDay, p.lastDay)}</td></tr>`
}

function checklistTable(p: PhaseView, clock: Clock): string {
  if (p.checklist.length === 0) return '<p class="undef">No manual items were added.</p>'
  const rows = p.checklist
    .map(
      (i) =>
        `<tr data-item="${esc(i.id)}"><td>${esc(i.text)}</td><td class="done">${i.done ? 'Done' : 'Open'}</td><td>${textOr(i.note, 'no note')}</td><td class="num">${esc(clock.stamp(i.ts))}</td></tr>`,
    )
    .join('')
  return `<table class="checklist"><thead><tr><th>Item</th><th>State</th><th>Note</th><th class="num">Recorded</th></tr></thead><tbody>${rows}</tbody></table>`
}
