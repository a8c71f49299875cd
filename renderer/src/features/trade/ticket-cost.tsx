/**
 * The expected slippage of the order on the ticket: one line with the cost in bps and dollars
 * and the band it likely lands in, and the parts it adds up from behind a disclosure (so the
 * review step still fits a small window), with the seed's naive formula beside it, small, for
 * comparison only.
 */
import type { CostEstimate, CostParts } from '../../../../shared/costs'
import { formatUsd } from '../../lib/format'

/** The parts in the order they add up, with the words the trader reads. */
const PARTS: readonly { readonly key: keyof CostParts; readonly label: string }[] = [
  { key: 'halfSpread', label: 'Half-spread' },
  { key: 'volatility', label: 'Volatility (ATR)' },
  { key: 'bookWalk', label: 'Book walk' },
  { key: 'impact', label: 'Size: √ impact' },
  { key: 'timeOfDay', label: 'Time of day' },
  { key: 'regime', label: 'Regime' },
]

/** Basis points with two decimals and the unit. */
export function formatBps(bps: number): string {
  // A part that rounds to zero is zero, not −0.00.
  const text = Math.abs(bps) < 0.005 ? '0.00' : bps.toFixed(2)
  return `${text.replace('-', '−')} bps`
}

/** Dollars to the cent; a cost under a cent says so instead of showing $0.00. */
export function formatCostUsd(usd: number): string {
  if (usd !== 0 && Math.abs(usd) < 0.01) return usd < 0 ? '−<$0.01' : '<$0.01'
  return formatUsd(usd.toFixed(2)).replace('-', '−')
}

/**
 * The expected slippage, or why there is none. `compact` (the review step, which must fit a
 * small window with Confirm in view) keeps the one line of cost; the band, the parts and the
 * naive figure are on the step before.
 */
export function CostView({
  cost,
  compact = false,
}: {
  readonly cost: CostEstimate | undefined
  readonly compact?: boolean
}) {
  if (cost === undefined) return null
  if (!cost.ok)
    return compact ? null : (
      <p className="estimate-note" data-testid="estimate-cost-unavailable">
        Expected slippage unavailable. {cost.reason.replace(/^No cost estimate: /, 'Why: ')}
      </p>
    )
  return (
    <div className="cost" data-testid="estimate-cost">
      <dl className="estimate-grid">
        <dt>Expected slippage</dt>
        <dd className="num" data-testid="estimate-cost-value">
          {formatBps(cost.bps)} ({formatCostUsd(cost.usd)})
        </dd>
      </dl>
      {compact ? null : <CostDetails cost={cost} />}
    </div>
  )
}

function CostDetails({ cost }: { readonly cost: Extract<CostEstimate, { ok: true }> }) {
  return (
    <>
      <details className="cost-breakdown" data-testid="cost-breakdown">
        <summary>
          Likely{' '}
          <span className="num" data-testid="estimate-cost-band">
            {formatBps(cost.band.lowBps).replace(' bps', '')} to {formatBps(cost.band.highBps)}
          </span>
          ; how it adds up
        </summary>
        <table className="cost-parts">
          <tbody>
            {PARTS.map(({ key, label }) => {
              const part = cost.parts[key]
              return (
                <tr key={key} data-testid={`cost-part-${key}`}>
                  <th scope="row" title={part.basis}>
                    {label}
                    <span className="cost-basis">{part.basis}</span>
                  </th>
                  <td className="num">{formatBps(part.bps)}</td>
                  <td className="num">
                    {Math.abs(part.bps) < 0.005 ? '$0.00' : formatCostUsd(part.usd)}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
        <p className="cost-band-note">
          The band is {formatCostUsd(cost.band.lowUsd)} to {formatCostUsd(cost.band.highUsd)}: about
          eight orders in ten like this land inside it.
        </p>
      </details>
      <p className="cost-naive" data-testid="estimate-cost-naive">
        naive formula: {cost.naiveBps.toFixed(2)} bps
      </p>
    </>
  )
}
