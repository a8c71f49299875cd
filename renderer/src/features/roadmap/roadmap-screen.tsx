/**
 * Roadmap: the 90-day live validation plan. Where it stands (day, phase, what it allows), the
 * 90 days on a timeline with incidents, drills and phase changes, each phase's criteria with
 * their verdicts and histories, its checklist and sign-off, the downtime and recoveries
 * measured, the fast-forward rehearsal and the audit report. Without a plan: how to start one.
 * The view is asked for when the screen opens and again whenever the engine says it changed.
 */
import { useEffect } from 'react'
import { formatTime } from '../../lib/format'
import { useConnectionStore } from '../../stores/connection-store'
import { useValidationStore } from '../../stores/validation-store'
import { Allows } from './roadmap-allows'
import { Operations } from './roadmap-operations'
import { Phases } from './roadmap-phases'
import { PlanForm } from './roadmap-plan-form'
import { PlanSettings } from './roadmap-plan-settings'
import { AuditReportButton, Rehearsal } from './roadmap-rehearsal'
import { Timeline } from './roadmap-timeline'
import './roadmap.css'

/** The Roadmap screen. */
export function RoadmapScreen() {
  const view = useValidationStore((s) => s.view)
  const loading = useValidationStore((s) => s.loading)
  const loadedAt = useValidationStore((s) => s.loadedAt)
  const error = useValidationStore((s) => s.error)
  const load = useValidationStore((s) => s.load)
  const online = useConnectionStore((s) => s.status === 'online')

  useEffect(() => {
    if (online) void load()
  }, [online, load])

  return (
    <div className="screen roadmap">
      <div className="screen-title-row">
        <h1 className="screen-title">Roadmap</h1>
        <span className="roadmap-title-tools">
          <span className="muted" role="status" data-testid="roadmap-status">
            {loading
              ? 'Updating…'
              : loadedAt !== null
                ? `Updated at ${formatTime(loadedAt).slice(11)}`
                : ''}
          </span>
          {view && view.settings.startDay !== null ? <AuditReportButton /> : null}
        </span>
      </div>
      <p className="muted screen-intro">
        Going live in three phases over 90 days. A phase advances only when its gating criteria pass
        and it is signed off; profit is shown with its uncertainty and never gates.
      </p>
      {error ? (
        <p className="banner banner-warn" role="alert" data-testid="roadmap-error">
          Vigil could not read the plan: {error}
        </p>
      ) : null}
      {view === null ? (
        <section className="panel" data-testid="roadmap-empty">
          <p className="muted">
            {!online
              ? 'The console is not connected to Vigil; the plan comes when it is.'
              : loading
                ? 'Reading the plan…'
                : error
                  ? 'The plan shows here once Vigil can read it; the screen asks again when the plan changes or the console reconnects.'
                  : 'No plan to show.'}
          </p>
        </section>
      ) : view.settings.startDay === null ? (
        <>
          <PlanForm view={view} />
          <Rehearsal />
        </>
      ) : (
        <>
          <Allows view={view} />
          <PlanSettings view={view} />
          <Timeline view={view} />
          <Phases view={view} />
          <Operations view={view} />
          <Rehearsal />
        </>
      )}
    </div>
  )
}
