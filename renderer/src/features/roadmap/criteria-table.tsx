/**
 * A phase's criteria: what each measures, its value with its unit, its target, the verdict in
 * words (pass, fail, or not enough data, never a tick where the sample cannot say), the note
 * with the numbers behind it, and a sparkline of the phase's days. Profit criteria are marked
 * as shown but not gating and carry their 95 % interval; what 90 days can prove is said next
 * to them.
 */
import type { PhaseView } from '../../../../shared/validation'
import { Sparkline } from './sparkline'
import { formatInterval, formatTarget, formatValue, verdictWords } from './roadmap-format'
import { TargetEdit } from './target-edit'

/** Props of CriteriaTable. */
export interface CriteriaTableProps {
  readonly phase: PhaseView
  /** What 90 days can prove (view.proof), said by the profit criteria. */
  readonly proof: string
}

/** The criteria table of one phase. */
export function CriteriaTable({ phase, proof }: CriteriaTableProps) {
  const hasProfit = phase.criteria.some((c) => !c.gating)
  if (phase.criteria.length === 0)
    return (
      <p className="muted" data-testid="criteria-none">
        Phase {phase.phase} measures no criterion: every target was removed.
      </p>
    )
  return (
    <>
      <div className="table-wrap">
        <table className="table roadmap-criteria" data-testid={`criteria-${phase.phase}`}>
          <caption className="sr-only">Criteria of phase {phase.phase}</caption>
          <thead>
            <tr>
              <th scope="col">Criterion</th>
              <th scope="col" className="right">
                Value
              </th>
              <th scope="col">Target</th>
              <th scope="col">Verdict</th>
              <th scope="col">History</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {phase.criteria.map((c) => {
              const interval = formatInterval(c)
              return (
                <tr
                  key={c.id}
                  data-testid={`criterion-${c.id}`}
                  data-verdict={c.verdict}
                  data-gating={c.gating ? 'true' : 'false'}
                >
                  <th scope="row">
                    <span className="cell-line">{c.label}</span>
                    <span className="cell-line muted roadmap-gating">
                      {c.gating ? 'gates the phase' : 'shown, does not gate'}
                    </span>
                  </th>
                  <td className="right num">
                    <span className="cell-line" data-testid="criterion-value">
                      {formatValue(c.value, c.unit)}
                    </span>
                    {interval ? (
                      <span className="cell-line muted" data-testid="criterion-interval">
                        {interval}
                      </span>
                    ) : null}
                    <span className="cell-line muted">
                      n = {c.sample.n.toLocaleString('en-US')} {c.sample.unit}
                    </span>
                  </td>
                  <td className="num">
                    <span className="roadmap-target">
                      <span data-testid="criterion-target">
                        {formatTarget(c.op, c.target, c.unit)}
                      </span>
                      <TargetEdit phase={phase.phase} criterion={c} />
                    </span>
                  </td>
                  <td>
                    <span
                      className={`roadmap-verdict roadmap-verdict-${c.verdict}`}
                      data-testid="criterion-verdict"
                    >
                      {c.verdict === 'pass' ? '✓ ' : c.verdict === 'fail' ? '✗ ' : '? '}
                      {verdictWords(c.verdict)}
                    </span>
                  </td>
                  <td>
                    <Sparkline criterion={c} />
                  </td>
                  <td className="roadmap-note" data-testid="criterion-note">
                    {c.note}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
      {hasProfit ? (
        <p className="muted roadmap-proof" data-testid="roadmap-proof">
          What 90 days can prove: {proof}
        </p>
      ) : null}
    </>
  )
}
