/**
 * Uptime and recovery as measured: each gap in the heartbeats (from–to, how long, the cause),
 * health-check failures by kind, and each recovery (a restart after a crash, a drill) with its
 * time.
 */
import type { ValidationView } from '../../../../shared/validation'
import { formatTime } from '../../lib/format'
import { formatDuration } from './roadmap-format'

const CAUSE = { crash: 'crash', stop: 'stopped', halt: 'halt', unknown: 'cause unknown' } as const

/** The operations panel. */
export function Operations({ view }: { readonly view: ValidationView }) {
  const failures = Object.entries(view.healthFailures).sort((a, b) => b[1] - a[1])
  return (
    <section className="panel roadmap-ops" aria-labelledby="roadmap-ops-title">
      <h2 id="roadmap-ops-title" className="panel-title">
        Downtime, health failures and recoveries
      </h2>
      <div className="roadmap-ops-grid">
        <div>
          <h3 className="roadmap-subtitle">Downtime ({view.downtime.length})</h3>
          {view.downtime.length === 0 ? (
            <p className="muted">No gap in the heartbeats.</p>
          ) : (
            <ul className="roadmap-list" data-testid="roadmap-downtime">
              {view.downtime.map((d) => (
                <li key={d.from}>
                  <span className="num">
                    {formatTime(d.from)} – {formatTime(d.to).slice(11)}
                  </span>{' '}
                  <strong>{formatDuration(d.to - d.from)}</strong>, {CAUSE[d.cause]}: {d.detail}
                </li>
              ))}
            </ul>
          )}
        </div>
        <div>
          <h3 className="roadmap-subtitle">Health-check failures</h3>
          {failures.length === 0 ? (
            <p className="muted">No health check has failed.</p>
          ) : (
            <ul className="roadmap-list" data-testid="roadmap-health-failures">
              {failures.map(([kind, n]) => (
                <li key={kind}>
                  {kind.replace(/_/g, ' ')}: <strong className="num">{n}</strong>{' '}
                  {n === 1 ? 'time' : 'times'}
                </li>
              ))}
            </ul>
          )}
        </div>
        <div>
          <h3 className="roadmap-subtitle">Recoveries ({view.recoveries.length})</h3>
          {view.recoveries.length === 0 ? (
            <p className="muted">No restart after a crash and no drill yet.</p>
          ) : (
            <ul className="roadmap-list" data-testid="roadmap-recoveries">
              {view.recoveries.map((r) => (
                <li key={`${r.ts}-${r.kind}`}>
                  <span className="num">{formatTime(r.ts)}</span> {r.text}:{' '}
                  {r.recovered ? (
                    <strong>recovered{r.ms !== null ? ` in ${formatDuration(r.ms)}` : ''}</strong>
                  ) : (
                    <strong className="negative">did not recover</strong>
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </section>
  )
}
