/**
 * Start and stop a strategy on one account: which strategy (the shipped ones are labelled as
 * demonstrations), on which symbol, how much per order; then what it is doing: running or not,
 * orders sent, the last signal and what became of its last order.
 */
import { useId, useState } from 'react'
import type { Account, AccountStatus, MarketSymbol, StrategyStatus } from '../../../../shared/types'
import { ConfirmDialog } from '../../components/dialog'
import { baseAsset, formatDecimal, formatQuantity, formatUsd, toNumber } from '../../lib/format'
import { useAccountsStore } from '../../stores/accounts-store'
import { useConnectionStore } from '../../stores/connection-store'
import { findInstrument, useMarketStore } from '../../stores/market-store'
import { validateQuantity } from '../trade/order-ticket-logic'

/** Props of StrategyPanel. */
export interface StrategyPanelProps {
  readonly account: Account
  readonly status: AccountStatus | undefined
}

/** The strategy controls of an account. */
export function StrategyPanel({ account, status }: StrategyPanelProps) {
  const strategy = status?.strategy ?? null
  return (
    <div className="strategy" data-testid="strategy-panel">
      {strategy?.running ? (
        <RunningStrategy strategy={strategy} />
      ) : (
        <>
          {strategy ? <StrategyFacts strategy={strategy} /> : null}
          <StartForm account={account} />
        </>
      )}
    </div>
  )
}

function DemoBadge() {
  return (
    <span className="badge badge-demo" data-testid="strategy-demo">
      DEMONSTRATION
    </span>
  )
}

function StrategyFacts({ strategy }: { readonly strategy: StrategyStatus }) {
  return (
    <dl className="facts strategy-facts" data-testid="strategy-facts">
      <div className="fact">
        <dt>Strategy</dt>
        <dd>
          {strategy.name} {strategy.demonstration ? <DemoBadge /> : null}
        </dd>
      </div>
      <div className="fact">
        <dt>State</dt>
        <dd data-testid="strategy-state" data-running={strategy.running}>
          {strategy.running
            ? `Running on ${strategy.symbol}`
            : `Stopped (was on ${strategy.symbol})`}
        </dd>
      </div>
      <div className="fact">
        <dt>Orders sent</dt>
        <dd className="num" data-testid="strategy-orders-sent">
          {strategy.ordersSent}
        </dd>
      </div>
      <div className="fact">
        <dt>Last signal</dt>
        <dd data-testid="strategy-last-signal">{strategy.lastSignal ?? 'None yet'}</dd>
      </div>
      {strategy.message ? (
        <div className="fact fact-wide">
          <dt>Status</dt>
          <dd data-testid="strategy-message">{strategy.message}</dd>
        </div>
      ) : null}
    </dl>
  )
}

function RunningStrategy({ strategy }: { readonly strategy: StrategyStatus }) {
  const stopStrategy = useAccountsStore((s) => s.stopStrategy)
  const online = useConnectionStore((s) => s.status === 'online')
  const [stopping, setStopping] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const stop = async (): Promise<void> => {
    setStopping(true)
    const result = await stopStrategy(strategy.accountId)
    setStopping(false)
    setError(result.ok ? null : result.error.message)
  }
  return (
    <>
      <StrategyFacts strategy={strategy} />
      <div className="strategy-actions">
        {/* Stopping only takes risk away, so it does not ask first. */}
        <button
          type="button"
          className="danger"
          data-testid="strategy-stop"
          disabled={stopping || !online}
          onClick={() => void stop()}
        >
          {stopping ? 'Stopping…' : 'Stop strategy'}
        </button>
      </div>
      {error ? (
        <p className="negative" role="alert" data-testid="strategy-error">
          Not stopped: {error}
        </p>
      ) : null}
    </>
  )
}

function StartForm({ account }: { readonly account: Account }) {
  const strategies = useAccountsStore((s) => s.strategies)
  const startStrategy = useAccountsStore((s) => s.startStrategy)
  const instruments = useMarketStore((s) => s.instruments)
  const online = useConnectionStore((s) => s.status === 'online')
  const [strategyId, setStrategyId] = useState(strategies[0]?.id ?? '')
  const [symbol, setSymbol] = useState<MarketSymbol>(instruments[0]?.symbol ?? 'BTC-USD')
  const [quantity, setQuantity] = useState('')
  const [tried, setTried] = useState(false)
  const [confirming, setConfirming] = useState(false)
  const [starting, setStarting] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const last = useMarketStore((s) => s.quotes[symbol]?.last ?? null)
  const ids = useId()

  const chosen = strategies.find((s) => s.id === strategyId) ?? strategies[0]
  const instrument = findInstrument(instruments, symbol)
  const problem = validateQuantity(quantity, instrument?.lotSize, symbol)
  const realMoney = account.kind === 'exchange'

  if (!chosen) return <p className="muted">This version of Vigil ships no strategies.</p>

  const start = async (): Promise<void> => {
    setStarting(true)
    setError(null)
    const result = await startStrategy({
      accountId: account.id,
      strategyId: chosen.id,
      symbol,
      quantity: quantity.trim(),
    })
    setStarting(false)
    setConfirming(false)
    if (!result.ok) setError(result.error.message)
  }

  const onSubmit = (): void => {
    setTried(true)
    if (problem) return
    // Orders on an exchange account are real; a paper account's are not.
    if (realMoney) setConfirming(true)
    else void start()
  }

  const perOrder = last !== null && !problem ? toNumber(quantity) * toNumber(last) : null

  return (
    <form
      className="strategy-form"
      onSubmit={(event) => {
        event.preventDefault()
        onSubmit()
      }}
    >
      <label className="field" htmlFor={`${ids}-strategy`}>
        <span className="label">Strategy</span>
        <select
          id={`${ids}-strategy`}
          data-testid="strategy-choice"
          value={chosen.id}
          onChange={(event) => setStrategyId(event.target.value)}
        >
          {strategies.map((s) => (
            <option key={s.id} value={s.id}>
              {s.demonstration && !/demonstration/i.test(s.name)
                ? `${s.name} (demonstration)`
                : s.name}
            </option>
          ))}
        </select>
      </label>
      <p className="strategy-description muted">
        {chosen.demonstration ? <DemoBadge /> : null} {chosen.description}
      </p>
      <label className="field" htmlFor={`${ids}-symbol`}>
        <span className="label">Symbol</span>
        <select
          id={`${ids}-symbol`}
          data-testid="strategy-symbol"
          value={symbol}
          onChange={(event) => setSymbol(event.target.value as MarketSymbol)}
        >
          {(instruments.length > 0 ? instruments.map((i) => i.symbol) : [symbol]).map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label className="field" htmlFor={`${ids}-qty`}>
        <span className="label">Quantity per order ({baseAsset(symbol)})</span>
        <input
          id={`${ids}-qty`}
          data-testid="strategy-quantity"
          type="text"
          inputMode="decimal"
          autoComplete="off"
          spellCheck={false}
          placeholder={instrument ? `step ${formatDecimal(instrument.lotSize)}` : '0.001'}
          value={quantity}
          aria-invalid={tried && problem !== null}
          aria-describedby={`${ids}-qty-help`}
          onChange={(event) => setQuantity(event.target.value)}
        />
        <span
          id={`${ids}-qty-help`}
          className={tried && problem ? 'field-help' : 'field-note'}
          data-testid="strategy-quantity-help"
        >
          {tried && problem
            ? problem
            : perOrder !== null
              ? `About ${formatUsd(perOrder)} per order at the last price.`
              : ''}
        </span>
      </label>
      <div className="strategy-actions">
        <button
          type="submit"
          className="primary"
          data-testid="strategy-start"
          disabled={starting || !online}
        >
          {starting ? 'Starting…' : realMoney ? 'Start strategy…' : 'Start strategy'}
        </button>
      </div>
      {error ? (
        <p className="negative" role="alert" data-testid="strategy-error">
          Not started: {error}
        </p>
      ) : null}
      {confirming ? (
        <ConfirmDialog
          title="Start a strategy with real money?"
          confirmLabel="Start strategy"
          cancelLabel="Do not start"
          danger
          busy={starting}
          onCancel={() => setConfirming(false)}
          onConfirm={() => void start()}
        >
          <p>
            {chosen.name} will send orders of {formatQuantity(quantity.trim(), baseAsset(symbol))}{' '}
            {symbol} to <strong>{account.exchangeId}</strong>
            {account.sandbox ? ' (sandbox)' : ', with real money'} on {account.name}, through the
            same risk checks as the ticket, until you stop it.
          </p>
        </ConfirmDialog>
      ) : null}
    </form>
  )
}
