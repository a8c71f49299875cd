/**
 * The Costs screen's headline: the tests' verdict in words (each test with its method and
 * p-value, or how many fills are still missing: never a p-value below the minimum), the share
 * of orders inside the model's band against the share it is built for, and the alarm (on or
 * off, since when, where the rise began) with what the trader can do about it.
 */
import type { CostAlarm, CostSummary } from '../../../../shared/costs'
import { formatTime } from '../../lib/format'
import { formatBps, formatP, formatShare, verdictTitle } from './costs-format'

/** The headline panel. */
export function CostsHeadline({ summary }: { readonly summary: CostSummary }) {
  const { tests, validation } = summary
  const enough = tests.verdict !== 'not-enough-fills'
  const tone = tests.verdict === 'ok' ? 'ok' : enough ? 'bad' : 'wait'
  return (
    <section className="panel costs-headline" aria-labelledby="costs-verdict" data-tone={tone}>
      <h2 id="costs-verdict" className="costs-verdict" data-testid="costs-verdict">
        {verdictTitle(tests)}
      </h2>
      {enough ? (
        <ul className="costs-tests" data-testid="costs-tests">
          {tests.bias ? (
            <li data-testid="costs-test-bias">
              Model bias (Wilcoxon signed-rank, one-sided): {formatP(tests.bias.p)}, median miss{' '}
              {formatBps(tests.bias.medianMissBps)}
            </li>
          ) : null}
          {tests.recentVsBaseline ? (
            <li data-testid="costs-test-recent">
              Last {tests.recentVsBaseline.recent} orders against the{' '}
              {tests.recentVsBaseline.baseline} before (Mann–Whitney U, one-sided):{' '}
              {formatP(tests.recentVsBaseline.p)}
            </li>
          ) : (
            <li data-testid="costs-test-recent">
              Recent against earlier: not enough earlier orders yet to compare.
            </li>
          )}
          {tests.medianRatio ? (
            <li data-testid="costs-test-ratio">
              Median actual ÷ expected {tests.medianRatio.median.toFixed(2)}× (bootstrap 95 %
              interval {tests.medianRatio.low.toFixed(2)}–{tests.medianRatio.high.toFixed(2)}×,{' '}
              {tests.medianRatio.n} orders; {tests.medianRatio.excluded} expected under 0.5 bps left
              out)
            </li>
          ) : null}
        </ul>
      ) : (
        <p className="muted" data-testid="costs-tests-wait">
          The tests need {tests.minFills} filled orders with an estimate; this account has {tests.n}
          . Until then no p-value is given: a test on fewer orders would cry wolf.
        </p>
      )}
      <p data-testid="costs-in-band">
        {validation.inBand
          ? `${formatShare(validation.inBand.share)} of orders landed inside the model's band (${validation.inBand.inside} of ${validation.inBand.total}); the band is built to hold ${formatShare(validation.bandCoverage)}.`
          : `No order with an estimate has filled yet; the band is built to hold ${formatShare(validation.bandCoverage)} of them.`}
      </p>
      <AlarmLines alarms={summary.alarms} />
    </section>
  )
}

function AlarmLines({
  alarms,
}: {
  readonly alarms: readonly (CostAlarm & { readonly accountId: string })[]
}) {
  if (alarms.length === 0)
    return (
      <p className="muted" data-testid="costs-alarm" data-active="false">
        Alarm: off. It watches each order with an estimate once the first one fills.
      </p>
    )
  return (
    <>
      {alarms.map((a) => (
        <div key={a.accountId} data-testid="costs-alarm" data-active={a.active ? 'true' : 'false'}>
          <p className={a.active ? 'negative costs-alarm-on' : ''}>
            <strong>Alarm: {a.active ? 'ON' : 'off'}</strong>
            {a.active && a.alarmTs !== null ? ` since ${formatTime(a.alarmTs)}` : ''}
            {a.changeTs !== null
              ? `; the latest rise began with the order at ${formatTime(a.changeTs)} (marked on the CUSUM chart)`
              : ''}
            . CUSUM {a.statistic.toFixed(2)} of the alarm line h = {a.h} (k = {a.k}); {a.episodes}{' '}
            {a.episodes === 1 ? 'episode' : 'episodes'} so far.
          </p>
          {a.active ? (
            <p data-testid="costs-way-out">
              What to do: read the breakdowns below for the symbol, size or hour that costs more
              than expected, and trade it smaller or with limit orders. The alarm goes off when the
              statistic falls back to 0. What it does (alert only, or halt the account) is the
              &quot;Execution costs degraded&quot; rule on the <a href="#/alerts">Alerts screen</a>.
            </p>
          ) : null}
        </div>
      ))}
    </>
  )
}
