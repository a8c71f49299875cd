/**
 * The chart of the selected symbol with its switcher and live last price; used small on the
 * Overview and large on the Trade screen.
 */
import { SYMBOLS, type MarketSymbol } from '../../../shared/types'
import { CandleChart } from '../charts/candle-chart'
import { formatUsd, stepPlaces } from '../lib/format'
import { findInstrument, useMarketStore } from '../stores/market-store'

/** Props of ChartPanel. */
export interface ChartPanelProps {
  readonly size: 'normal' | 'large'
}

/** The live last price of a symbol, formatted to its tick size. */
export function LastPrice({
  symbol,
  testId,
}: {
  readonly symbol: MarketSymbol
  readonly testId?: string
}) {
  const last = useMarketStore((s) => s.quotes[symbol]?.last ?? null)
  const tickSize = useMarketStore((s) => findInstrument(s.instruments, symbol)?.tickSize)
  return (
    <span className="num" data-testid={testId}>
      {last === null ? '—' : formatUsd(last, Math.max(2, stepPlaces(tickSize)))}
    </span>
  )
}

/**
 * Said above the chart while the simulator runs faster than real time: its time axis is the
 * simulated clock, which runs ahead of the trader's (an hour after 6 s at 600×).
 */
function SimulatedClockNote() {
  const speed = useMarketStore((s) => s.status.speed)
  if (speed === 1) return null
  return (
    <p className="muted chart-clock-note" data-testid="chart-simulated-clock">
      The simulated market runs at {speed.toLocaleString('en-US')}×: the time axis is its clock,
      which runs ahead of yours (
      {(speed / 60).toLocaleString('en-US', { maximumFractionDigits: 1 })} simulated minutes every
      second). Set the speed back to 1× on the Market screen to trade in real time.
    </p>
  )
}

/** The chart panel of the selected symbol. */
export function ChartPanel({ size }: ChartPanelProps) {
  const selected = useMarketStore((s) => s.selectedSymbol)
  const selectSymbol = useMarketStore((s) => s.selectSymbol)
  const listed = useMarketStore((s) => s.instruments)
  const symbols: readonly MarketSymbol[] = listed.length > 0 ? listed.map((i) => i.symbol) : SYMBOLS

  return (
    <section className={`panel chart-panel chart-panel-${size}`} aria-label="Price chart">
      <header className="panel-header chart-header">
        <div className="symbol-switcher" role="group" aria-label="Symbol">
          {symbols.map((symbol) => (
            <button
              key={symbol}
              type="button"
              className="chip"
              aria-pressed={symbol === selected}
              data-testid={`chart-symbol-${symbol}`}
              onClick={() => selectSymbol(symbol)}
            >
              {symbol}
            </button>
          ))}
        </div>
        <div className="last-price">
          <span className="label">Last {selected}</span>{' '}
          <LastPrice symbol={selected} testId="last-price" />
        </div>
      </header>
      <SimulatedClockNote />
      <CandleChart
        symbol={selected}
        className={size === 'large' ? 'chart-large' : 'chart-normal'}
      />
    </section>
  )
}
