/**
 * Fees on the Costs screen (the fee analyzer, 'costs:fees'): the schedule the account is judged
 * by, its tier now and the next with the 30-day volume still needed, each tier change, what
 * its fills paid against what the schedule publishes, the maker/taker mix, rebates and
 * discounts, and what the exchange itself reports.
 */
import type { AccountFees, FeeTotals } from '../../../../shared/fees'
import { formatTime, formatUsd, toNumber } from '../../lib/format'
import { formatRate, formatShare } from './costs-format'

/** The fees panel of one account, or why there are no figures. */
export function FeesPanel({
  fees,
  error,
}: {
  readonly fees: AccountFees | null
  readonly error: string | null
}) {
  return (
    <section className="panel" aria-labelledby="fees-title" data-testid="costs-fees">
      <h2 id="fees-title" className="panel-title">
        Fees against the published schedule (trailing 30 days)
      </h2>
      {error ? (
        <p className="negative" role="alert">
          The fee figures could not be read: {error}
        </p>
      ) : fees === null ? (
        <p className="muted">No fee figures for this account yet.</p>
      ) : (
        <FeesBody fees={fees} />
      )}
    </section>
  )
}

function money(value: string | null, asset: string): string {
  if (value === null) return '—'
  return asset === 'USD' ? formatUsd(value) : `${toNumber(value).toFixed(2)} ${asset}`
}

function FeesBody({ fees }: { readonly fees: AccountFees }) {
  const a = fees.analysis
  const q = fees.quoteAsset
  const tierName = (index: number, name: string | null): string => name ?? `tier ${index + 1}`
  return (
    <>
      {fees.schedule ? (
        <p data-testid="fees-schedule">
          Schedule: {fees.schedule.venue},{' '}
          {fees.schedule.dateBasis === 'effective' ? 'effective' : 'as of'}{' '}
          {fees.schedule.effective} (source: {fees.schedule.source}).
        </p>
      ) : (
        <p data-testid="fees-schedule">No published schedule: {fees.noSchedule}</p>
      )}
      <dl className="costs-coefficients" data-testid="fees-tier">
        <dt>30-day volume</dt>
        <dd className="num">{money(fees.volume30d, q)}</dd>
        <dt>Tier now</dt>
        <dd>
          {fees.tier
            ? `${tierName(fees.tier.index, fees.tier.name)} (from ${money(fees.tier.from, q)}): maker ${formatRate(fees.tier.makerRate)}, taker ${formatRate(fees.tier.takerRate)}`
            : 'not known (past the schedule, or no schedule)'}
        </dd>
        <dt>Next tier</dt>
        <dd data-testid="fees-next">
          {fees.next
            ? `${tierName(fees.next.tier.index, fees.next.tier.name)}: ${money(fees.next.volumeNeeded, q)} more volume in 30 days (maker ${formatRate(fees.next.tier.makerRate)}, taker ${formatRate(fees.next.tier.takerRate)})`
            : 'none: this is the top known tier'}
        </dd>
      </dl>
      <div className="table-wrap">
        <table className="table costs-table" data-testid="fees-rates">
          <thead>
            <tr>
              <th scope="col">Fills</th>
              <th scope="col" className="right">
                Count
              </th>
              <th scope="col" className="right">
                Notional
              </th>
              <th scope="col" className="right">
                Fees paid
              </th>
              <th scope="col" className="right">
                Effective rate
              </th>
              <th scope="col" className="right">
                Published rate
              </th>
            </tr>
          </thead>
          <tbody>
            {(
              [
                ['All', a.all],
                ['Maker', a.maker],
                ['Taker', a.taker],
              ] as const
            ).map(([label, t]) => (
              <RateRow key={label} label={label} totals={t} asset={q} />
            ))}
          </tbody>
        </table>
      </div>
      <p data-testid="fees-mix">
        Maker share of the notional:{' '}
        {a.makerShare === null ? '—' : formatShare(toNumber(a.makerShare), 1)}
        {a.unknownLiquidity > 0
          ? `; ${a.unknownLiquidity} fills not marked maker or taker (judged at the taker rate)`
          : ''}
        . Rebates: {a.rebates.fills} fills, {money(a.rebates.amount, q)}. Discounts:{' '}
        {a.discounts.fills} fills, {money(a.discounts.saved, q)} saved.
        {excessWords(a.excess, a.excessShare, q)}
      </p>
      <h3 className="costs-subtitle">Tier changes</h3>
      {fees.tierChanges.length === 0 ? (
        <p className="muted" data-testid="fees-tier-changes-empty">
          No tier change yet: the tier follows the trailing 30-day volume.
        </p>
      ) : (
        <ol className="costs-timeline" data-testid="fees-tier-changes">
          {[...fees.tierChanges].reverse().map((c) => (
            <li key={`${c.ts}-${c.new}`}>
              {formatTime(c.ts)}: {c.direction === 'up' ? 'up' : 'down'} from tier {c.old + 1} to
              tier {c.new + 1} at {money(c.volume30d, q)} of 30-day volume
            </li>
          ))}
        </ol>
      )}
      <ExchangeLine fees={fees} />
    </>
  )
}

/** What the fills paid beyond (or below) the schedule, in words; a cent's rounding is no difference. */
export function excessWords(excess: string | null, share: string | null, asset: string): string {
  if (excess === null) return ''
  const amount = toNumber(excess)
  const part = share === null ? '' : ` (${formatShare(Math.abs(toNumber(share)), 1)})`
  if (Math.abs(amount) < 0.01 || (share !== null && Math.abs(toNumber(share)) < 0.0005))
    return ' Fees paid match the schedule.'
  return amount > 0
    ? ` Paid ${money(String(amount), asset)} more than the schedule${part}.`
    : ` Paid ${money(String(-amount), asset)} less than the schedule${part}.`
}

function RateRow({
  label,
  totals,
  asset,
}: {
  readonly label: string
  readonly totals: FeeTotals
  readonly asset: string
}) {
  return (
    <tr data-testid={`fees-rate-${label.toLowerCase()}`}>
      <th scope="row">{label}</th>
      <td className="right num">{totals.fills}</td>
      <td className="right num">{money(totals.notional, asset)}</td>
      <td className="right num">{money(totals.fees, asset)}</td>
      <td className="right num">{formatRate(totals.effectiveRate)}</td>
      <td className="right num">{formatRate(totals.publishedRate)}</td>
    </tr>
  )
}

function ExchangeLine({ fees }: { readonly fees: AccountFees }) {
  const e = fees.exchange
  if (e.kind === 'paper')
    return (
      <p className="muted costs-exchange" data-testid="fees-exchange">
        {e.note}
      </p>
    )
  if (e.kind === 'unavailable')
    return (
      <p className="muted costs-exchange" data-testid="fees-exchange">
        The exchange&apos;s own figures could not be read: {e.reason}
      </p>
    )
  return (
    <p className="costs-exchange" data-testid="fees-exchange">
      {e.venue} reports maker {formatRate(e.makerRate)}, taker {formatRate(e.takerRate)} (read{' '}
      {formatTime(e.readAt)})
      {e.trades
        ? `; of ${e.trades.checked} fills checked, ${e.trades.matching} match, ${e.trades.differing.length} differ, ${e.trades.missing.length} missing`
        : ''}
      .
    </p>
  )
}
