/**
 * The 90 days on one line: the three phases as segments with their days and status, today's
 * marker, incidents and drills as marks on their day, and the phase changes under the bar (a
 * roll-back in red and dashed, an advance in green). Every mark has a title and can be reached
 * with Tab; the same events are listed under the drawing for reading.
 */
import type { PhaseChange, PlanIncident, ValidationView } from '../../../../shared/validation'
import { INCIDENT_WORDS, PLAN_DAYS } from '../../../../shared/validation'
import { formatTime } from '../../lib/format'

const W = 1000
const LEFT = 10
const RIGHT = 10
const BAR_Y = 44
const BAR_H = 26

/** x of the middle of a plan day (1..90). */
function dayX(day: number): number {
  const clamped = Math.min(Math.max(day, 1), PLAN_DAYS)
  return LEFT + ((clamped - 0.5) / PLAN_DAYS) * (W - LEFT - RIGHT)
}

/** x of the start of a plan day. */
function edgeX(day: number): number {
  return LEFT + ((day - 1) / PLAN_DAYS) * (W - LEFT - RIGHT)
}

const STATUS_WORDS = { done: 'done', current: 'current', upcoming: 'upcoming' } as const

function incidentTitle(i: PlanIncident): string {
  return `Day ${i.day}, ${formatTime(i.ts)}: ${INCIDENT_WORDS[i.kind]}. ${i.text}`
}

function changeTitle(c: PhaseChange): string {
  const to = c.to === 'complete' ? 'the plan complete' : `phase ${c.to}`
  const what = c.kind === 'roll_back' ? 'Rolled back' : 'Advanced'
  return `Day ${c.day}: ${what} from phase ${c.from} to ${to}. ${c.reason}`
}

/** Props of Timeline. */
export interface TimelineProps {
  readonly view: ValidationView
}

/** The timeline panel. */
export function Timeline({ view }: TimelineProps) {
  const today = view.day
  const summary =
    `The 90 days: ` +
    view.phases
      .map((p) => `phase ${p.phase}, days ${p.firstDay}–${p.lastDay}, ${STATUS_WORDS[p.status]}`)
      .join('; ') +
    (today !== null ? `; today is day ${today}` : '')
  return (
    <section className="panel roadmap-timeline" aria-labelledby="roadmap-timeline-title">
      <h2 id="roadmap-timeline-title" className="panel-title">
        The 90 days
      </h2>
      <svg
        viewBox={`0 0 ${W} 112`}
        className="roadmap-timeline-svg"
        role="group"
        aria-label={summary}
        data-testid="roadmap-timeline"
      >
        {view.phases.map((p) => (
          <g
            key={p.phase}
            data-testid={`timeline-phase-${p.phase}`}
            data-status={p.status}
            className={`roadmap-seg roadmap-seg-${p.status}`}
          >
            <title>{`Phase ${p.phase}: days ${p.firstDay}–${p.lastDay}, ${STATUS_WORDS[p.status]}`}</title>
            <rect
              x={edgeX(p.firstDay) + 1}
              y={BAR_Y}
              width={edgeX(p.lastDay + 1) - edgeX(p.firstDay) - 2}
              height={BAR_H}
              rx={4}
            />
            {p.status === 'current' && today !== null && today >= p.firstDay ? (
              <rect
                className="roadmap-elapsed"
                data-testid="timeline-elapsed"
                x={edgeX(p.firstDay) + 1}
                y={BAR_Y + 1}
                width={Math.max(0, edgeX(Math.min(today, p.lastDay) + 1) - edgeX(p.firstDay) - 2)}
                height={BAR_H - 2}
                rx={3}
              />
            ) : null}
            <text x={(edgeX(p.firstDay) + edgeX(p.lastDay + 1)) / 2} y={BAR_Y + 17}>
              {`Phase ${p.phase} · days ${p.firstDay}–${p.lastDay} · ${STATUS_WORDS[p.status]}`}
            </text>
          </g>
        ))}
        {view.incidents.map((i) => (
          <g
            key={i.seq}
            className={`roadmap-mark roadmap-mark-${i.kind === 'drill' ? 'drill' : 'incident'}`}
            transform={`translate(${dayX(i.day)}, ${BAR_Y - 12})`}
            tabIndex={0}
            role="img"
            aria-label={incidentTitle(i)}
            data-testid="timeline-incident"
            data-day={i.day}
            data-kind={i.kind}
          >
            <title>{incidentTitle(i)}</title>
            {i.kind === 'drill' ? <circle r={6} /> : <path d="M0,-7 L7,5 L-7,5 Z" />}
          </g>
        ))}
        {view.changes.map((c) => (
          <g
            key={c.seq}
            className={`roadmap-change roadmap-change-${c.kind}`}
            tabIndex={0}
            role="img"
            aria-label={changeTitle(c)}
            data-testid="timeline-change"
            data-kind={c.kind}
            data-day={c.day}
          >
            <title>{changeTitle(c)}</title>
            <line
              x1={edgeX(c.day)}
              x2={edgeX(c.day)}
              y1={BAR_Y + BAR_H - 4}
              y2={BAR_Y + BAR_H + 14}
              strokeDasharray={c.kind === 'roll_back' ? '4 3' : undefined}
            />
            <text x={edgeX(c.day)} y={BAR_Y + BAR_H + 26}>
              {c.kind === 'roll_back'
                ? `↩ back to ${c.to}`
                : `→ ${c.to === 'complete' ? 'done' : c.to}`}
            </text>
          </g>
        ))}
        {today !== null ? (
          <g className="roadmap-today" data-testid="timeline-today" data-day={today}>
            <title>{`Today: day ${today} of ${PLAN_DAYS} (${view.today})`}</title>
            <line x1={dayX(today)} x2={dayX(today)} y1={14} y2={BAR_Y} />
            <line x1={dayX(today)} x2={dayX(today)} y1={BAR_Y + BAR_H} y2={BAR_Y + BAR_H + 8} />
            {/* Near an end of the bar, the label grows inwards so that it is never cut. */}
            <text
              x={dayX(today)}
              y={10}
              textAnchor={today <= 10 ? 'start' : today >= PLAN_DAYS - 9 ? 'end' : 'middle'}
            >{`Today · day ${today}`}</text>
          </g>
        ) : null}
      </svg>
      <div className="chart-legend roadmap-legend" aria-hidden="true">
        <span className="chart-legend-item">
          <svg className="roadmap-key" viewBox="-8 -8 16 16">
            <circle className="roadmap-key-drill" r={6} />
          </svg>
          drill
        </span>
        <span className="chart-legend-item">
          <svg className="roadmap-key" viewBox="-8 -8 16 16">
            <path className="roadmap-key-incident" d="M0,-7 L7,5 L-7,5 Z" />
          </svg>
          incident
        </span>
        <span className="chart-legend-item">green line: phase advanced</span>
        <span className="chart-legend-item">red dashed: rolled back</span>
      </div>
      <TimelineList view={view} />
    </section>
  )
}

/** The timeline's events as a list, oldest first. */
function TimelineList({ view }: TimelineProps) {
  const rows = [
    ...view.incidents.map((i) => ({
      key: `i${i.seq}`,
      ts: i.ts,
      tone: i.kind === 'drill' ? 'drill' : 'incident',
      text: incidentTitle(i),
    })),
    ...view.changes.map((c) => ({
      key: `c${c.seq}`,
      ts: c.ts,
      tone: c.kind,
      text: changeTitle(c),
    })),
  ].sort((a, b) => a.ts - b.ts)
  if (rows.length === 0)
    return (
      <p className="muted" data-testid="timeline-empty">
        No incident, drill or phase change yet.
      </p>
    )
  return (
    <details className="roadmap-events">
      <summary>Events on the timeline ({rows.length})</summary>
      <ul data-testid="timeline-events">
        {rows.map((r) => (
          <li key={r.key} data-tone={r.tone}>
            {r.text}
          </li>
        ))}
      </ul>
    </details>
  )
}
