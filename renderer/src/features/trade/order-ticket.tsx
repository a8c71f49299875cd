/**
 * The order ticket of the account in view: symbol, side, market or limit (with its price),
 * size (a quantity, dollars, or a share of cash or of the position), a live estimate, then
 * Review and Confirm, so nothing leaves without a second look. While it is filled in, the gate
 * checks the would-be order as a dry run and each check that would refuse it is shown next to
 * what it concerns, in the gate's words; Review waits until none does. A reviewed order keeps
 * one client order id, so pressing Confirm again after a lost connection cannot place it twice;
 * switching account or symbol abandons the review.
 */
import { useId, useState } from 'react'
import type { Result } from '../../../../shared/result'
import type { GateCheck, MarketSymbol, Order, OrderType, Side } from '../../../../shared/types'
import { AccountConnectionBadge, MoneyKindBadge } from '../../components/account-badges'
import { CONNECTION_LABEL } from '../../lib/account-format'
import { baseAsset, formatDecimal, formatQuantity, formatUsd } from '../../lib/format'
import { useAccountsStore } from '../../stores/accounts-store'
import { useConnectionStore } from '../../stores/connection-store'
import {
  balanceKey,
  positionKey,
  selectAccountInView,
  useLedgerStore,
} from '../../stores/ledger-store'
import { findInstrument, useMarketStore } from '../../stores/market-store'
import { useOrdersStore } from '../../stores/orders-store'
import { quotesForAccount } from '../../stores/selectors'
import { newClientOrderId, validateLimitPrice, validateQuantity } from './order-ticket-logic'
import { EstimateView } from './ticket-estimate'
import { Toggle } from './ticket-toggle'
import { OutcomeView, ReviewPanel, type Outcome, type Review } from './ticket-review'
import { sizeOrder, type SizeMode } from './ticket-sizing'
import { SizeInput, SizeModeSelect, sizeResultText } from './ticket-size-field'
import { CheckWarnings, blockedText } from './ticket-warnings'
import { placeOfCheck, useGateCheck, type CheckPlace } from './use-gate-check'
import { useTicketEstimate } from './use-ticket-estimate'

/** The order ticket. The symbol is the market store's selected symbol, so the chart follows it. */
export function OrderTicket() {
  const symbol = useMarketStore((s) => s.selectedSymbol)
  const selectSymbol = useMarketStore((s) => s.selectSymbol)
  const instruments = useMarketStore((s) => s.instruments)
  const connection = useConnectionStore((s) => s.status)
  const online = connection === 'online'
  const submitOrder = useOrdersStore((s) => s.submitOrder)
  const account = useLedgerStore(selectAccountInView)
  const accountId = account?.id ?? null
  const accountStatus = useAccountsStore((s) => (accountId ? s.statuses[accountId] : undefined))
  const quote = useMarketStore(
    (s) => quotesForAccount(account, accountStatus, s.quotes, s.liveQuotes)[s.selectedSymbol],
  )
  const cash = useLedgerStore((s) =>
    account ? (s.balances[balanceKey(account.id, account.quoteAsset)]?.available ?? null) : null,
  )
  const held = useLedgerStore((s) =>
    account ? (s.positions[positionKey(account.id, symbol)]?.quantity ?? '0') : '0',
  )

  const [side, setSide] = useState<Side>('buy')
  const [orderType, setOrderType] = useState<OrderType>('market')
  const [sizeMode, setSizeMode] = useState<SizeMode>('quantity')
  const [amounts, setAmounts] = useState<Record<SizeMode, string>>({
    quantity: '',
    usd: '',
    percent: '',
  })
  const [limitPrice, setLimitPrice] = useState('')
  const [touched, setTouched] = useState(false)
  const [priceTouched, setPriceTouched] = useState(false)
  // The fee rate of the last estimate, where the account's status has none.
  const [estimatedFeeRate, setEstimatedFeeRate] = useState<string | null>(null)
  const [pendingReview, setReview] = useState<Review | null>(null)
  const [sending, setSending] = useState(false)
  const [outcome, setOutcome] = useState<Outcome | null>(null)
  const [retryHint, setRetryHint] = useState<string | null>(null)
  const ids = useId()

  // Switching symbol on the chart, or account in the header, abandons a review: its estimate
  // would describe another market, and Confirm would send to an account not on screen.
  const review =
    pendingReview?.symbol === symbol && pendingReview.accountId === accountId ? pendingReview : null
  const instrument = findInstrument(instruments, symbol)
  const unit = instrument?.baseAsset ?? baseAsset(symbol)
  const priceProblem =
    orderType === 'limit' ? validateLimitPrice(limitPrice, instrument?.tickSize, symbol) : null
  // Dollars and shares become a quantity at the price the order is checked at.
  const sizingPrice =
    orderType === 'limit'
      ? priceProblem === null
        ? limitPrice.trim()
        : null
      : ((side === 'buy' ? quote?.ask : quote?.bid) ?? null)
  const feeRate = accountStatus?.feeTier?.takerRate ?? estimatedFeeRate
  const sized = sizeOrder({
    mode: sizeMode,
    text: amounts[sizeMode],
    side,
    price: sizingPrice,
    cash,
    held,
    lotSize: instrument?.lotSize,
    feeRate,
    unit,
    symbol,
  })
  const quantity = sized.ok ? sized.quantity : ''
  const problem = sized.ok ? validateQuantity(quantity, instrument?.lotSize, symbol) : sized.problem
  const valid = problem === null
  const trimmed = quantity.trim()
  // Orders to an account that is not connected are refused; say so before, not after.
  const accountProblem =
    accountStatus && accountStatus.connection !== 'connected'
      ? `${account?.name ?? 'This account'} is ${CONNECTION_LABEL[accountStatus.connection]}` +
        `${accountStatus.message ? `: ${accountStatus.message}` : '.'} Connect it on the Accounts screen.`
      : null

  // The gate's dry run of the order as it stands; the order under review while reviewing.
  const gate = useGateCheck(
    review
      ? {
          accountId: review.accountId,
          symbol: review.symbol,
          side: review.side,
          type: review.type,
          quantity: review.quantity,
          ...(review.limitPrice !== null ? { limitPrice: review.limitPrice } : {}),
        }
      : valid && priceProblem === null && online && accountId !== null && !accountProblem
        ? {
            accountId,
            symbol,
            side,
            type: orderType,
            quantity: trimmed,
            ...(orderType === 'limit' ? { limitPrice: limitPrice.trim() } : {}),
          }
        : null,
  )
  const failed = gate.kind === 'answered' ? gate.failed : []
  const refusedBy = (place: CheckPlace): readonly GateCheck[] =>
    failed.filter((c) => placeOfCheck(c, orderType === 'limit') === place)
  // The notional as the gate worked it out (the figure its warnings cite), else as sized here.
  const priced =
    gate.kind === 'answered' && gate.check.notional !== null && gate.check.price !== null
      ? { notional: gate.check.notional, price: gate.check.price }
      : sized.ok && sized.notional !== null && sizingPrice !== null
        ? { notional: sized.notional, price: sizingPrice }
        : null
  // Every failing check is a refusal at Confirm: Review waits until none is left.
  const blocked = failed.length > 0
  const canReview =
    valid && priceProblem === null && online && accountId !== null && !accountProblem && !blocked

  const shown = useTicketEstimate(
    valid && online && accountId !== null ? { accountId, symbol, side, quantity: trimmed } : null,
    valid && online,
    setEstimatedFeeRate,
  )

  const editing = (): void => {
    setReview(null)
    setRetryHint(null)
  }

  const onReview = (): void => {
    setTouched(true)
    setPriceTouched(true)
    if (!canReview || !accountId) return
    setOutcome(null)
    setRetryHint(null)
    setReview({
      accountId,
      symbol,
      side,
      type: orderType,
      quantity: trimmed,
      limitPrice: orderType === 'limit' ? limitPrice.trim() : null,
      clientOrderId: newClientOrderId(),
    })
  }

  const onConfirm = async (): Promise<void> => {
    if (!review || sending) return
    setSending(true)
    let result: Result<Order>
    try {
      result = await submitOrder({
        accountId: review.accountId,
        symbol: review.symbol,
        side: review.side,
        type: review.type,
        quantity: review.quantity,
        ...(review.limitPrice !== null ? { limitPrice: review.limitPrice } : {}),
        clientOrderId: review.clientOrderId,
      })
    } finally {
      setSending(false)
    }
    if (!result.ok && result.error.code === 'UNAVAILABLE') {
      // The order may or may not have reached Vigil; the same id makes a retry safe.
      setRetryHint(
        `${result.error.message} Press Confirm again to retry; it will not place a second order.`,
      )
      return
    }
    setReview(null)
    setRetryHint(null)
    setOutcome(
      result.ok
        ? { kind: 'order', order: result.value }
        : { kind: 'error', message: result.error.message },
    )
  }

  return (
    <section className="panel ticket" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`} className="panel-title">
        Order ticket
      </h2>
      {account ? (
        <p className="ticket-account" data-testid="ticket-account">
          <span className="label">On</span> <strong>{account.name}</strong>{' '}
          <MoneyKindBadge account={account} testId="ticket-account-kind" />{' '}
          {accountStatus && accountStatus.connection !== 'connected' ? (
            <AccountConnectionBadge status={accountStatus} testId="ticket-account-connection" />
          ) : null}
        </p>
      ) : null}
      <CheckWarnings checks={refusedBy('account')} testId="ticket-account-warnings" />
      <form
        className="ticket-form"
        onSubmit={(event) => {
          event.preventDefault()
          if (!review) onReview()
        }}
      >
        <div className="ticket-row">
          <label className="field" htmlFor={`${ids}-symbol`}>
            <span className="label">Symbol</span>
            <select
              id={`${ids}-symbol`}
              data-testid="ticket-symbol"
              value={symbol}
              disabled={review !== null}
              onChange={(event) => {
                selectSymbol(event.target.value as MarketSymbol)
                setOutcome(null)
              }}
            >
              {(instruments.length > 0 ? instruments.map((i) => i.symbol) : [symbol]).map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>

          <Toggle<Side>
            id={`${ids}-side`}
            label="Side"
            className="side-toggle"
            value={side}
            disabled={review !== null}
            options={[
              { value: 'buy', label: 'Buy', className: 'side side-buy' },
              { value: 'sell', label: 'Sell', className: 'side side-sell' },
            ]}
            testId="ticket-side"
            onChange={setSide}
          />
        </div>

        <div className="ticket-row">
          <Toggle<OrderType>
            id={`${ids}-type`}
            label="Order type"
            className="type-toggle"
            value={orderType}
            disabled={review !== null}
            options={[
              { value: 'market', label: 'Market', className: 'chip' },
              { value: 'limit', label: 'Limit', className: 'chip' },
            ]}
            testId="ticket-type"
            onChange={(type) => {
              setOrderType(type)
              setOutcome(null)
            }}
          />

          <SizeModeSelect
            id={`${ids}-size`}
            mode={sizeMode}
            side={side}
            unit={unit}
            disabled={review !== null}
            onChange={(mode) => {
              setSizeMode(mode)
              setOutcome(null)
            }}
          />
        </div>

        {orderType === 'limit' ? (
          <label className="field" htmlFor={`${ids}-limit`}>
            <span className="label">Limit price (USD per {unit})</span>
            <input
              id={`${ids}-limit`}
              data-testid="ticket-limit-price"
              type="text"
              inputMode="decimal"
              autoComplete="off"
              spellCheck={false}
              placeholder={instrument ? `step ${formatDecimal(instrument.tickSize)}` : '0.01'}
              value={limitPrice}
              disabled={review !== null}
              aria-invalid={priceTouched && priceProblem !== null}
              aria-describedby={`${ids}-limit-help`}
              onChange={(event) => {
                setLimitPrice(event.target.value)
                setPriceTouched(true)
                setOutcome(null)
              }}
            />
            <span
              id={`${ids}-limit-help`}
              className={priceTouched && priceProblem ? 'field-help' : 'field-note'}
              data-testid="ticket-limit-help"
              role="status"
            >
              {priceTouched && priceProblem
                ? priceProblem
                : side === 'buy'
                  ? 'The most you pay per unit.'
                  : 'The least you accept per unit.'}
            </span>
          </label>
        ) : null}
        {orderType === 'limit' ? (
          <CheckWarnings checks={refusedBy('limit')} testId="ticket-limit-warnings" />
        ) : null}

        <SizeInput
          id={`${ids}-qty`}
          mode={sizeMode}
          side={side}
          unit={unit}
          lotSize={instrument?.lotSize}
          text={amounts[sizeMode]}
          disabled={review !== null}
          problem={touched ? problem : null}
          result={
            // A typed quantity needs no translation: the estimate below has its value.
            sized.ok && valid && sizeMode !== 'quantity'
              ? sizeResultText(trimmed, unit, priced, orderType === 'limit')
              : ''
          }
          refusals={refusedBy('size')}
          onChange={(text) => {
            setAmounts((a) => ({ ...a, [sizeMode]: text }))
            setTouched(true)
            setOutcome(null)
          }}
        />

        <Holdings symbol={symbol} unit={unit} />

        <div className="estimate" data-testid="ticket-estimate" aria-live="polite">
          <EstimateView
            state={shown}
            side={side}
            unit={unit}
            online={online}
            valid={valid}
            limit={orderType === 'limit' && priceProblem === null ? limitPrice.trim() : null}
            quantity={trimmed}
            reviewing={review !== null}
          />
        </div>

        {accountProblem ? (
          <p className="warning" role="alert" data-testid="ticket-account-problem">
            {accountProblem}
          </p>
        ) : null}

        {online ? null : (
          <p className="warning" role="status" id={`${ids}-offline`} data-testid="ticket-offline">
            {offlineTicketText(connection === 'signed-out', review !== null)}
          </p>
        )}

        {blocked ? (
          <p className="warning" role="status" id={`${ids}-blocked`} data-testid="ticket-blocked">
            {blockedText(failed.length, review !== null)}
          </p>
        ) : gate.kind === 'error' ? (
          <p className="muted" role="status" data-testid="ticket-check-error">
            The pre-check could not run ({gate.message}); the gate still checks the order at
            Confirm.
          </p>
        ) : null}

        {review === null ? (
          <button
            type="submit"
            className="primary"
            data-testid="ticket-review"
            disabled={!canReview}
            aria-describedby={online ? (blocked ? `${ids}-blocked` : undefined) : `${ids}-offline`}
          >
            {online ? 'Review order' : 'Orders unavailable: not connected'}
          </button>
        ) : (
          <ReviewPanel
            review={review}
            unit={unit}
            accountName={account?.name ?? review.accountId}
            estimate={shown}
            retryHint={retryHint}
            sending={sending}
            online={online}
            blocked={blocked}
            describedBy={online ? (blocked ? `${ids}-blocked` : undefined) : `${ids}-offline`}
            onEdit={editing}
            onConfirm={() => void onConfirm()}
          />
        )}
      </form>
      {outcome ? <OutcomeView outcome={outcome} /> : null}
    </section>
  )
}

/** Why the ticket cannot send now, and what happens to an order under review. */
function offlineTicketText(signedOut: boolean, reviewing: boolean): string {
  const why = signedOut
    ? 'Vigil no longer accepts this tab, so it cannot send orders: open a new link (see the banner above).'
    : 'This tab is not connected to Vigil, so it cannot send orders. It reconnects by itself (see the banner above).'
  return reviewing
    ? `${why} The order under review waits here; Confirm comes back with the connection.`
    : why
}

function Holdings({ symbol, unit }: { readonly symbol: MarketSymbol; readonly unit: string }) {
  const account = useLedgerStore(selectAccountInView)
  const cash = useLedgerStore((s) =>
    account ? (s.balances[balanceKey(account.id, account.quoteAsset)]?.available ?? null) : null,
  )
  const held = useLedgerStore((s) =>
    account ? (s.positions[positionKey(account.id, symbol)]?.quantity ?? '0') : '0',
  )
  return (
    <p className="holdings">
      <span>
        Cash available <span className="num">{cash === null ? '—' : formatUsd(cash)}</span>
      </span>
      <span>
        Holding <span className="num">{formatQuantity(held, unit)}</span>
      </span>
    </p>
  )
}
