/**
 * Costs: for the account in view (the header's switcher), what execution cost against what the
 * model expected. The headline (the tests' verdict, the share inside the model's band, the
 * alarm and the way out), expected against actual, the CUSUM with its alarm line and markers,
 * slippage by hour, size and symbol, the fitted coefficients, and fees against the schedule.
 * It asks the engine again on new fills (once they settle), when the alarm turns, and every
 * minute.
 */
import { useDeferredValue, useEffect, useMemo } from 'react'
import type { CostSummary } from '../../../../shared/costs'
import { CostScatterChart, SCATTER_COLORS } from './cost-scatter-chart'
import { CusumChart } from './cusum-chart'
import { formatTime } from '../../lib/format'
import { useConnectionStore } from '../../stores/connection-store'
import { useCostsStore } from '../../stores/costs-store'
import { selectAccountIdInView, useLedgerStore } from '../../stores/ledger-store'
import { useOrdersStore } from '../../stores/orders-store'
import { cusumPoints, MAX_DRAWN, scatterPoints } from './costs-format'
import { CostsHeadline } from './costs-headline'
import { FeesPanel } from './costs-fees'
import { BreakdownTable, CalibrationPanel } from './costs-tables'
import './costs.css'

/** How long fills must stop arriving before the figures are fetched again. */
export const COSTS_FILL_DEBOUNCE_MS = 1_500
/** How often the figures are fetched while the screen is open. */
export const COSTS_REFRESH_MS = 60_000

/** The Costs screen. */
export function CostsScreen() {
  const summary = useCostsStore((s) => s.summary)
  const summaryAccount = useCostsStore((s) => s.accountId)
  const loading = useCostsStore((s) => s.loading)
  const error = useCostsStore((s) => s.error)
  const lastAlarm = useCostsStore((s) => s.lastAlarm)
  const load = useCostsStore((s) => s.load)
  const accountId = useLedgerStore(selectAccountIdInView)
  const online = useConnectionStore((s) => s.status === 'online')

  useEffect(() => {
    if (!online || accountId === null) return
    const fetchNow = (): void => void load(accountId)
    fetchNow()
    const every = setInterval(fetchNow, COSTS_REFRESH_MS)
    let settle: ReturnType<typeof setTimeout> | null = null
    const stop = useOrdersStore.subscribe((state, previous) => {
      if (state.fills === previous.fills) return
      if (settle) clearTimeout(settle)
      settle = setTimeout(fetchNow, COSTS_FILL_DEBOUNCE_MS)
    })
    return () => {
      clearInterval(every)
      if (settle) clearTimeout(settle)
      stop()
    }
  }, [online, accountId, load, lastAlarm])

  const current = summary && summaryAccount === accountId ? summary : null
  return (
    <div className="screen costs">
      <div className="screen-title-row">
        <h1 className="screen-title">Costs</h1>
        <RefreshState loading={loading} />
      </div>
      <p className="muted screen-intro">
        Each market order carries the model&apos;s expected cost (bps of the mid when it was placed,
        positive = a cost). Here is what the orders of the account in view really cost against it.
        Switch the account in the header.
      </p>
      {error ? (
        <p className="banner banner-warn" role="alert" data-testid="costs-error">
          Vigil could not compute the costs: {error}
        </p>
      ) : null}
      {current ? (
        <CostsBody summary={current} />
      ) : (
        <section className="panel" data-testid="costs-empty">
          <p className="muted">
            {!online
              ? 'The console is not connected to Vigil; the figures come when it is.'
              : loading
                ? 'Computing the costs…'
                : 'No cost figures yet.'}
          </p>
        </section>
      )}
    </div>
  )
}

function RefreshState({ loading }: { readonly loading: boolean }) {
  const loadedAt = useCostsStore((s) => s.loadedAt)
  return (
    <span className="muted" role="status" data-testid="costs-status">
      {loading
        ? 'Updating…'
        : loadedAt !== null
          ? `Updated at ${formatTime(loadedAt).slice(11)}`
          : ''}
    </span>
  )
}

function CostsBody({ summary }: { readonly summary: CostSummary }) {
  const fees = useCostsStore((s) => s.fees)
  const feesError = useCostsStore((s) => s.feesError)
  const accountFees = fees?.accounts.find((a) => a.accountId === summary.accountId) ?? null
  // The charts follow in a render of their own, after the figures: with a long window, drawing
  // them in the same task would hold the page too long.
  const charted = useDeferredValue<CostSummary | null>(summary, null)
  return (
    <>
      <CostsHeadline summary={summary} />
      {summary.points.length === 0 ? (
        <section className="panel" data-testid="costs-no-orders">
          <h2 className="panel-title">No filled order yet</h2>
          <p>
            Place orders: each market order carries an estimate of its cost, and once it fills it
            shows here against what it really cost. Use the <a href="#/trade">Trade screen</a> or
            the REST API.
          </p>
        </section>
      ) : (
        <div className="costs-grid">
          {charted ? (
            <>
              <ScatterPanel summary={charted} />
              <CusumPanel summary={charted} />
            </>
          ) : (
            <p className="muted" data-testid="costs-charts-wait">
              Drawing the charts…
            </p>
          )}
        </div>
      )}
      <div className="costs-grid costs-grid-tables">
        <BreakdownTable
          title="Slippage by hour of day (your time zone)"
          keyLabel="Hour"
          groups={summary.byHour}
          testId="costs-by-hour"
        />
        <BreakdownTable
          title="Slippage by order size (USD)"
          keyLabel="Size"
          groups={summary.bySize}
          testId="costs-by-size"
        />
        <BreakdownTable
          title="Slippage by symbol"
          keyLabel="Symbol"
          groups={summary.bySymbol}
          testId="costs-by-symbol"
        />
        <BreakdownTable
          title="Slippage by volatility regime"
          keyLabel="Regime"
          groups={summary.byRegime}
          testId="costs-by-regime"
        />
      </div>
      <div className="costs-grid">
        <CalibrationPanel calibration={summary.calibration} />
        <FeesPanel fees={accountFees} error={feesError} />
      </div>
    </>
  )
}

function ThinNote({
  drawn,
  total,
  how,
}: {
  readonly drawn: number
  readonly total: number
  readonly how: string
}) {
  if (drawn >= total) return null
  return (
    <p className="muted costs-thin" data-testid="costs-thinned">
      {drawn.toLocaleString('en-US')} of {total.toLocaleString('en-US')} orders drawn: {how}. The
      tables and tests count every order.
    </p>
  )
}

function ScatterPanel({ summary }: { readonly summary: CostSummary }) {
  const { drawn, total } = useMemo(() => scatterPoints(summary.points), [summary.points])
  const inside = drawn.filter((p) => p.inBand).length
  return (
    <section className="panel" aria-labelledby="scatter-title">
      <h2 id="scatter-title" className="panel-title">
        Expected against actual cost per order (bps)
      </h2>
      <div className="chart-legend" aria-hidden="true">
        <span className="chart-legend-item">
          <svg className="costs-dot" viewBox="0 0 8 8">
            <circle cx="4" cy="4" r="4" fill={SCATTER_COLORS.inside} />
          </svg>
          inside the model&apos;s band
        </span>
        <span className="chart-legend-item">
          <svg className="costs-dot" viewBox="0 0 8 8">
            <circle cx="4" cy="4" r="4" fill={SCATTER_COLORS.outside} />
          </svg>
          outside
        </span>
        <span className="chart-legend-item">dashed: actual = expected</span>
      </div>
      <CostScatterChart
        points={drawn}
        summary={`${total} orders: expected cost against actual cost in bps, ${inside} of the ${drawn.length} drawn inside the band; above the dashed line an order cost more than expected`}
      />
      {total === 0 ? (
        <p className="muted">No filled order had an estimate (limit orders carry none).</p>
      ) : null}
      <ThinNote
        drawn={drawn.length}
        total={total}
        how={`the newest ${(MAX_DRAWN / 2).toLocaleString('en-US')} and an even sample of the older ones`}
      />
    </section>
  )
}

function CusumPanel({ summary }: { readonly summary: CostSummary }) {
  const alarm = summary.alarms[0] ?? null
  const changeSeq = alarm?.changeSeq ?? null
  const alarmSeq = alarm?.alarmSeq ?? null
  const { drawn, all, places } = useMemo(
    () => cusumPoints(summary.points, [changeSeq, alarmSeq]),
    [summary.points, changeSeq, alarmSeq],
  )
  const h = alarm?.h ?? 5
  return (
    <section className="panel" aria-labelledby="cusum-title">
      <h2 id="cusum-title" className="panel-title">
        CUSUM of misses against the model (in the model&apos;s σ, per order)
      </h2>
      <CusumChart
        points={drawn}
        count={all}
        h={h}
        changeAt={places[0] ?? null}
        alarmAt={places[1] ?? null}
        summary={`CUSUM over ${all} orders, alarm line at ${h}${alarm?.active ? ', alarm on' : ''}`}
      />
      <p className="muted costs-note">
        Each order adds its miss (actual − expected, in the band&apos;s σ) less k; the sum never
        goes below 0. Above the red line the alarm is on.
      </p>
      <ThinNote
        drawn={drawn.length}
        total={all}
        how={`the highest and lowest of each of ${(MAX_DRAWN / 2).toLocaleString('en-US')} stretches, so every peak shows`}
      />
    </section>
  )
}
