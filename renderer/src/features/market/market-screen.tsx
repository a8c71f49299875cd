/**
 * Market: every symbol's bid, ask and last price from each source (the simulated market and the
 * exchanges whose live prices paper accounts use), how old each quote is, the simulator's speed
 * and the faults injected into it for drills, with a banner while any fault is on.
 */
import { useEffect, useState } from 'react'
import type { MarketFault, MarketSymbol, Quote } from '../../../../shared/types'
import { ConfirmDialog } from '../../components/dialog'
import { formatDecimal, formatUsd, stepPlaces, toNumber } from '../../lib/format'
import { useConnectionStore } from '../../stores/connection-store'
import { findInstrument, useMarketStore } from '../../stores/market-store'

/** The speeds offered: simulated seconds per real second, and what they mean. */
export const SPEEDS: readonly { readonly speed: number; readonly meaning: string }[] = [
  { speed: 1, meaning: 'real time' },
  { speed: 10, meaning: '10 seconds a second' },
  { speed: 60, meaning: 'a minute a second' },
  { speed: 600, meaning: '10 minutes a second' },
  { speed: 3600, meaning: 'an hour a second' },
  { speed: 86_400, meaning: 'a day a second' },
]

const FAULT_TEXT: Record<MarketFault, string> = {
  stale: 'stale (no new prices arrive)',
  frozen: 'frozen (prices keep arriving but stand still; nothing trades)',
}

/** "3,600×". */
function speedLabel(speed: number): string {
  return `${speed.toLocaleString('en-US')}×`
}

function speedMeaning(speed: number): string {
  const known = SPEEDS.find((s) => s.speed === speed)
  return known ? known.meaning : `${speed.toLocaleString('en-US')} simulated seconds a second`
}

/** The time now, refreshed every second, for quote ages. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000)
    return () => clearInterval(timer)
  }, [])
  return now
}

function describeAge(ms: number): string {
  if (ms < 1_500) return 'now'
  const seconds = Math.round(ms / 1_000)
  if (seconds < 120) return `${seconds} s ago`
  const minutes = Math.round(seconds / 60)
  return minutes < 120 ? `${minutes} min ago` : `${Math.round(minutes / 60)} h ago`
}

/** The Market screen. */
export function MarketScreen() {
  const status = useMarketStore((s) => s.status)
  const instruments = useMarketStore((s) => s.instruments)
  const symbols = instruments.map((i) => i.symbol)
  const faults = symbols.flatMap((symbol) => {
    const fault = status.faults[symbol]
    return fault ? [{ symbol, fault }] : []
  })

  return (
    <div className="screen market">
      <h1 className="screen-title">Market</h1>
      {faults.length > 0 ? (
        <div className="banner banner-warn" role="alert" data-testid="market-fault-banner">
          <strong>Drill in progress on the simulated market.</strong>{' '}
          {faults.map((f) => `${f.symbol} is ${FAULT_TEXT[f.fault]}`).join('; ')}. Paper accounts on
          the simulator see these prices, and the risk checks refuse orders on prices that are too
          old. Set each fault back to None to end the drill.
        </div>
      ) : null}
      <SpeedPanel />
      <QuotesPanel />
    </div>
  )
}

function SpeedPanel() {
  const speed = useMarketStore((s) => s.status.speed)
  const setSpeed = useMarketStore((s) => s.setSpeed)
  const online = useConnectionStore((s) => s.status === 'online')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const choose = async (next: number): Promise<void> => {
    setBusy(true)
    setError(null)
    const result = await setSpeed(next)
    setBusy(false)
    if (!result.ok) setError(result.error.message)
  }

  return (
    <section className="panel" aria-labelledby="market-speed-title">
      <h2 id="market-speed-title" className="panel-title">
        Simulator speed{' '}
        <span className="count" data-testid="market-speed">
          {speedLabel(speed)} · {speedMeaning(speed)}
        </span>
      </h2>
      <div className="speed-choices" role="group" aria-label="Simulator speed">
        {SPEEDS.map((s) => (
          <button
            key={s.speed}
            type="button"
            className="chip"
            aria-pressed={s.speed === speed}
            data-testid={`market-speed-${s.speed}`}
            disabled={busy || !online}
            title={s.meaning}
            onClick={() => void choose(s.speed)}
          >
            {speedLabel(s.speed)}
          </button>
        ))}
      </div>
      <p className="muted panel-note">
        {speed === 1
          ? 'Real time: one simulated second per second.'
          : `Rehearsal: prices, candles and strategies run ${speedLabel(speed)} faster than real time on every paper account that trades on the simulator.`}
      </p>
      {error ? (
        <p className="negative" role="alert" data-testid="market-speed-error">
          Speed not changed: {error}
        </p>
      ) : null}
    </section>
  )
}

interface QuoteRow {
  readonly symbol: MarketSymbol
  readonly source: string
  readonly quote: Quote | undefined
}

function QuotesPanel() {
  const instruments = useMarketStore((s) => s.instruments)
  const quotes = useMarketStore((s) => s.quotes)
  const liveQuotes = useMarketStore((s) => s.liveQuotes)
  const now = useNow()

  const rows: QuoteRow[] = []
  for (const { symbol } of instruments) {
    rows.push({ symbol, source: 'simulator', quote: quotes[symbol] })
    for (const [source, bySymbol] of Object.entries(liveQuotes)) {
      const quote = bySymbol[symbol]
      if (quote) rows.push({ symbol, source, quote })
    }
  }

  return (
    <section className="panel" aria-labelledby="market-quotes-title">
      <h2 id="market-quotes-title" className="panel-title">
        Symbols
      </h2>
      <div className="table-wrap">
        <table className="table" data-testid="market-table">
          <thead>
            <tr>
              <th scope="col">Symbol</th>
              <th scope="col">Source</th>
              <th scope="col" className="right">
                Bid
              </th>
              <th scope="col" className="right">
                Ask
              </th>
              <th scope="col" className="right">
                Spread
              </th>
              <th scope="col" className="right">
                Last
              </th>
              <th scope="col">Updated</th>
              <th scope="col">Fault (simulator)</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={8} className="empty">
                  Waiting for the first prices.
                </td>
              </tr>
            ) : (
              rows.map((row) => (
                <QuoteLine key={`${row.source}:${row.symbol}`} row={row} now={now} />
              ))
            )}
          </tbody>
        </table>
      </div>
    </section>
  )
}

function QuoteLine({ row, now }: { readonly row: QuoteRow; readonly now: number }) {
  const tickSize = useMarketStore((s) => findInstrument(s.instruments, row.symbol)?.tickSize)
  const places = Math.max(2, stepPlaces(tickSize))
  const { quote } = row
  const simulator = row.source === 'simulator'
  const bid = toNumber(quote?.bid)
  const ask = toNumber(quote?.ask)
  const mid = (bid + ask) / 2
  const spreadBps = quote && mid > 0 ? ((ask - bid) / mid) * 10_000 : null
  return (
    <tr data-testid={`market-row-${row.source}-${row.symbol}`}>
      <th scope="row">{row.symbol}</th>
      <td data-testid="market-source">{simulator ? 'Simulator' : `Live from ${row.source}`}</td>
      <td className="right num">{quote ? formatUsd(quote.bid, places) : '—'}</td>
      <td className="right num">{quote ? formatUsd(quote.ask, places) : '—'}</td>
      <td className="right num">
        {spreadBps === null
          ? '—'
          : `${formatUsd(ask - bid, places)} (${formatDecimal(spreadBps, 1)} bps)`}
      </td>
      <td className="right num" data-testid="market-last">
        {quote ? formatUsd(quote.last, places) : '—'}
      </td>
      <td className="num nowrap">{quote ? describeAge(Math.max(0, now - quote.ts)) : '—'}</td>
      <td>{simulator ? <FaultPicker symbol={row.symbol} /> : <span className="muted">—</span>}</td>
    </tr>
  )
}

/** What injecting a fault does to the accounts, said before it is done. */
const FAULT_EFFECT: Record<MarketFault, string> = {
  stale:
    'No new prices arrive. Paper accounts on the simulated market stop getting quotes for it: after the freshness limit the gate refuses its orders, the breaker may halt trading, and health checks and alerts react, as they would in a real outage.',
  frozen:
    'Prices keep arriving but stand still and nothing trades. The health checks call the feed frozen after 30 seconds, and the breaker and alerts react as they would to a real frozen feed.',
}

function FaultPicker({ symbol }: { readonly symbol: MarketSymbol }) {
  const fault = useMarketStore((s) => s.status.faults[symbol])
  const setFault = useMarketStore((s) => s.setFault)
  const online = useConnectionStore((s) => s.status === 'online')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  // A fault to inject waits here for the trader's yes; ending a fault needs no question.
  const [asking, setAsking] = useState<MarketFault | null>(null)

  const apply = async (next: MarketFault | 'none'): Promise<void> => {
    setBusy(true)
    setError(null)
    const result = await setFault(symbol, next)
    setBusy(false)
    if (!result.ok) {
      setError(result.error.message)
      return
    }
    setAsking(null)
  }

  return (
    <span className="fault-picker">
      <select
        aria-label={`Fault injected into ${symbol}`}
        data-testid={`market-fault-${symbol}`}
        className={fault ? 'fault-on' : undefined}
        value={fault ?? 'none'}
        disabled={busy || !online}
        onChange={(event) => {
          const next = event.target.value as MarketFault | 'none'
          if (next === 'none') void apply('none')
          else setAsking(next)
        }}
      >
        <option value="none">None</option>
        <option value="stale">Stale: no new prices</option>
        <option value="frozen">Frozen: prices stand still</option>
      </select>
      {error && asking === null ? (
        <span className="negative" role="alert">
          {error}
        </span>
      ) : null}
      {asking ? (
        <ConfirmDialog
          title={`Make ${symbol} ${asking} on the simulated market?`}
          confirmLabel={`Inject the fault`}
          cancelLabel="Keep prices live"
          danger
          busy={busy}
          error={error}
          unavailable={online ? null : 'Not connected to Vigil: nothing can be injected now.'}
          onConfirm={() => void apply(asking)}
          onCancel={() => {
            setAsking(null)
            setError(null)
          }}
          testId="market-fault-confirm"
        >
          <p>{FAULT_EFFECT[asking]}</p>
          <p>
            It lasts until you set the fault back to None. Live exchange accounts are not affected:
            only the simulated market is.
          </p>
        </ConfirmDialog>
      ) : null}
    </span>
  )
}
