/**
 * The Costs screen's tables: slippage by hour of day, size and symbol (bps with units, order
 * counts, shortfall in USD), and the calibrated coefficients with their history (or why there
 * is no fit yet, and the prior the model uses meanwhile).
 */
import type { CostCalibration, CostGroupView, Fitted } from '../../../../shared/costs'
import { formatTime, formatUsd } from '../../lib/format'
import { formatBps } from './costs-format'

/** One breakdown as a table. */
export function BreakdownTable({
  title,
  keyLabel,
  groups,
  testId,
}: {
  readonly title: string
  readonly keyLabel: string
  readonly groups: readonly CostGroupView[]
  readonly testId: string
}) {
  const id = `${testId}-title`
  return (
    <section className="panel" aria-labelledby={id}>
      <h2 id={id} className="panel-title">
        {title}
      </h2>
      {groups.length === 0 ? (
        <p className="muted">No filled order yet.</p>
      ) : (
        <div className="table-wrap">
          <table className="table costs-table" data-testid={testId}>
            <thead>
              <tr>
                <th scope="col">{keyLabel}</th>
                <th scope="col" className="right" title="Filled of the orders in the group">
                  Filled
                </th>
                <th scope="col" className="right" title="Median slippage against the arrival mid">
                  Actual, median (bps)
                </th>
                <th scope="col" className="right" title="Mean of the model's expected cost">
                  Expected, mean (bps)
                </th>
                <th scope="col" className="right" title="Median of actual minus expected">
                  Miss, median (bps)
                </th>
                <th scope="col" className="right" title="Implementation shortfall with fees">
                  Shortfall (USD)
                </th>
                <th scope="col" className="right" title="Implementation shortfall with fees">
                  Shortfall (bps)
                </th>
              </tr>
            </thead>
            <tbody>
              {groups.map((g) => (
                <tr key={g.key} data-testid={`${testId}-row`} data-key={g.key}>
                  <th scope="row">{groupLabel(g.key)}</th>
                  <td className="right num">
                    {g.filled.toLocaleString('en-US')} of {g.orders.toLocaleString('en-US')}
                  </td>
                  <td className="right num">{bpsNumber(g.medianArrivalBps)}</td>
                  <td className="right num">{bpsNumber(g.meanExpectedBps)}</td>
                  <td className="right num">{bpsNumber(g.medianVsExpectedBps)}</td>
                  <td className="right num">{formatUsd(g.shortfallUsd)}</td>
                  <td className="right num">{bpsNumber(g.shortfallBps, 1)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}

/** A bps figure in a column whose header carries the unit. */
function bpsNumber(value: number | null, places = 2): string {
  return formatBps(value, places).replace(/ bps$/, '')
}

/** An hour of day reads as the hour it starts ("09:00"); other keys as the engine names them. */
export function groupLabel(key: string): string {
  return /^\d{1,2}$/.test(key) ? `${key.padStart(2, '0')}:00` : key
}

/** Words ending with one full stop. */
function sentence(words: string): string {
  return `${words.replace(/[.\s]+$/, '')}.`
}

function fitted(f: Fitted, places: number): string {
  return `${f.value.toFixed(places)} ± ${f.se.toFixed(places)}`
}

/** The calibrated coefficients, or why there is none yet, and the fits before. */
export function CalibrationPanel({ calibration }: { readonly calibration: CostCalibration }) {
  const c = calibration
  return (
    <section className="panel" aria-labelledby="calibration-title" data-testid="costs-calibration">
      <h2 id="calibration-title" className="panel-title">
        Model coefficients fitted from your fills
      </h2>
      {c.status === 'fitted' && c.spread && c.impact ? (
        <dl className="costs-coefficients" data-testid="calibration-fitted">
          <dt>Spread coefficient a</dt>
          <dd className="num">{fitted(c.spread, 3)}</dd>
          <dt>Impact prefactor Y</dt>
          <dd className="num">{fitted(c.impact, 3)}</dd>
          <dt>Fills used</dt>
          <dd className="num">
            {c.fills} (a fit needs {c.minFills})
          </dd>
          <dt>Prior (the model&apos;s defaults)</dt>
          <dd className="num">
            a = {c.prior.spread}, Y = {c.prior.impact}
          </dd>
        </dl>
      ) : (
        <p data-testid="calibration-none">
          {c.status === 'not-enough-fills' ? 'No fit yet.' : 'No fit.'}{' '}
          {sentence(
            c.reason ??
              (c.status === 'not-enough-fills'
                ? `${c.fills} of the ${c.minFills} taker fills a fit needs`
                : 'the fills do not tell spread and impact apart yet'),
          )}{' '}
          Meanwhile the model uses its prior: a = {c.prior.spread}, Y = {c.prior.impact}.
        </p>
      )}
      {c.inUse && (
        <p data-testid="calibration-in-use">
          <strong>
            Estimates use {c.inUse.source === 'fitted' ? 'the fit' : 'the defaults'}: a ={' '}
            {c.inUse.spread.toFixed(2)}, Y = {c.inUse.impact.toFixed(3)}.
          </strong>{' '}
          {sentence(c.inUse.reason)}
        </p>
      )}
      <h3 className="costs-subtitle">Fits over time</h3>
      {c.history.length === 0 ? (
        <p className="muted" data-testid="calibration-history-empty">
          No fit has been made yet; one is kept every time enough new fills arrive.
        </p>
      ) : (
        <div className="table-wrap costs-history">
          <table className="table costs-table" data-testid="calibration-history">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col" className="right">
                  Fills
                </th>
                <th scope="col" className="right">
                  a ± se
                </th>
                <th scope="col" className="right">
                  Y ± se
                </th>
              </tr>
            </thead>
            <tbody>
              {[...c.history].reverse().map((h) => (
                <tr key={`${h.ts}-${h.fills}`}>
                  <td>{formatTime(h.ts)}</td>
                  <td className="right num">{h.fills}</td>
                  <td className="right num">{fitted(h.spread, 3)}</td>
                  <td className="right num">{fitted(h.impact, 3)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
