/**
 * The three phases as tabs (the current one open; arrow keys move between them): each with
 * its goals and size band, its criteria, its checklist and its sign-off.
 */
import { useRef, useState, type KeyboardEvent } from 'react'
import type { PhaseNumber, PhaseView, ValidationView } from '../../../../shared/validation'
import { CriteriaTable } from './criteria-table'
import { Checklist } from './roadmap-checklist'
import { formatBand } from './roadmap-format'
import { SignOffPart } from './roadmap-signoff'

const STATUS = { done: 'signed off', current: 'current', upcoming: 'upcoming' } as const

function openPhase(view: ValidationView): PhaseNumber {
  if (typeof view.phase === 'number') return view.phase
  return view.phase === 'complete' ? 3 : 1
}

/** The phases panel. */
export function Phases({ view }: { readonly view: ValidationView }) {
  const [chosen, setChosen] = useState<PhaseNumber | null>(null)
  const selected = chosen ?? openPhase(view)
  const tabs = useRef<(HTMLButtonElement | null)[]>([])
  const phase = view.phases.find((p) => p.phase === selected) ?? view.phases[0]

  const onKey = (event: KeyboardEvent, index: number): void => {
    const count = view.phases.length
    const to =
      event.key === 'ArrowRight'
        ? (index + 1) % count
        : event.key === 'ArrowLeft'
          ? (index - 1 + count) % count
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? count - 1
              : null
    if (to === null) return
    event.preventDefault()
    const target = view.phases[to]
    if (target) setChosen(target.phase)
    tabs.current[to]?.focus()
  }

  return (
    <section className="panel roadmap-phases" aria-labelledby="roadmap-phases-title">
      <h2 id="roadmap-phases-title" className="panel-title">
        Phases: criteria, checklist and sign-off
      </h2>
      <div role="tablist" aria-label="Phases" className="roadmap-tabs">
        {view.phases.map((p, i) => (
          <button
            key={p.phase}
            ref={(el) => {
              tabs.current[i] = el
            }}
            type="button"
            role="tab"
            id={`roadmap-tab-${p.phase}`}
            aria-selected={p.phase === selected}
            aria-controls={`roadmap-tabpanel-${p.phase}`}
            tabIndex={p.phase === selected ? 0 : -1}
            className="roadmap-tab"
            data-status={p.status}
            data-testid={`phase-tab-${p.phase}`}
            onClick={() => setChosen(p.phase)}
            onKeyDown={(event) => onKey(event, i)}
          >
            Phase {p.phase} · days {p.firstDay}–{p.lastDay} · {STATUS[p.status]}
          </button>
        ))}
      </div>
      {phase ? <PhasePanel phase={phase} proof={view.proof} /> : null}
    </section>
  )
}

function PhasePanel({ phase, proof }: { readonly phase: PhaseView; readonly proof: string }) {
  return (
    <div
      role="tabpanel"
      id={`roadmap-tabpanel-${phase.phase}`}
      aria-labelledby={`roadmap-tab-${phase.phase}`}
      className="roadmap-tabpanel"
      data-testid={`phase-panel-${phase.phase}`}
    >
      <div className="roadmap-phase-head">
        <div>
          <h3 className="roadmap-subtitle">Goals</h3>
          <ul className="roadmap-goals">
            {phase.goals.map((g) => (
              <li key={g}>{g}</li>
            ))}
          </ul>
        </div>
        <p className="roadmap-band" data-testid={`phase-band-${phase.phase}`}>
          <span className="label">Size band</span> {formatBand(phase.band)}
        </p>
      </div>
      <h3 className="roadmap-subtitle">Criteria</h3>
      <CriteriaTable phase={phase} proof={proof} />
      <div className="roadmap-phase-foot">
        <Checklist phase={phase} />
        <section className="roadmap-signoff-part" aria-label={`Sign-off of phase ${phase.phase}`}>
          <h3 className="roadmap-subtitle">Sign-off</h3>
          <SignOffPart phase={phase} />
        </section>
      </div>
    </div>
  )
}
