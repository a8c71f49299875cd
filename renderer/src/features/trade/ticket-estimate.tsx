/**
 * The ticket's live estimate: what a market order costs at the price now, with its expected
 * slippage, or what a limit order costs at most (buy) or brings in at least (sell) at its
 * limit. Money in decimals.
 */
import Decimal from 'decimal.js'
import type { OrderEstimate, Side } from '../../../../shared/types'
import { formatDecimal, formatUsd } from '../../lib/format'
import { CostView } from './ticket-cost'

/** What an estimate request has come to. */
export type EstimateState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly estimate: OrderEstimate }
  | { readonly kind: 'error'; readonly message: string }

/** The live estimate of the order as it stands, with units. */
export function EstimateView(props: {
  readonly state: EstimateState
  readonly side: Side
  readonly unit: string
  readonly online: boolean
  readonly valid: boolean
  /** A valid limit price, for a limit order. */
  readonly limit: string | null
  readonly quantity: string
  /** The review step: the expected slippage in one line. */
  readonly reviewing?: boolean
}) {
  const { state, side } = props
  if (!props.online)
    return <p className="muted">Estimates resume when the console is back online.</p>
  if (!props.valid || state.kind === 'idle')
    return <p className="muted">Enter a quantity to see an estimate.</p>
  if (state.kind === 'loading') return <p className="muted">Estimating…</p>
  if (state.kind === 'error')
    return <p className="negative">Estimate unavailable: {state.message}</p>
  const e = state.estimate
  const feePercent = formatDecimal(new Decimal(e.feeRate).times(100).toFixed(), 2)
  if (props.limit !== null) return <LimitEstimate {...props} estimate={e} limit={props.limit} />
  return (
    <>
      <dl className="estimate-grid">
        <dt>Price</dt>
        <dd className="num" data-testid="estimate-price">
          {formatUsd(e.price)}
        </dd>
        <dt>Notional</dt>
        <dd className="num" data-testid="estimate-notional">
          {formatUsd(e.notional)}
        </dd>
        <dt>Fee ({feePercent}%)</dt>
        <dd className="num" data-testid="estimate-fee">
          {formatUsd(e.fee)}
        </dd>
        <dt>{side === 'buy' ? 'Total you pay' : 'Total you receive'}</dt>
        <dd className="num total" data-testid="estimate-total">
          {formatUsd(e.total)}
        </dd>
      </dl>
      <CostView cost={e.expectedCost} compact={props.reviewing ?? false} />
    </>
  )
}

/**
 * A limit order's bound: at the limit price the trade costs at most (buy) or brings in at least
 * (sell) this, fee included at the taker rate, which a resting order's maker fee never exceeds.
 */
function LimitEstimate(props: {
  readonly estimate: OrderEstimate
  readonly side: Side
  readonly limit: string
  readonly quantity: string
}) {
  const { estimate: e, side, limit } = props
  const price = new Decimal(limit)
  const notional = new Decimal(props.quantity).times(price)
  const fee = notional.times(e.feeRate)
  const total = side === 'buy' ? notional.plus(fee) : notional.minus(fee)
  const marketable = side === 'buy' ? price.gte(e.price) : price.lte(e.price)
  return (
    <>
      <dl className="estimate-grid">
        <dt>Market now</dt>
        <dd className="num" data-testid="estimate-price">
          {formatUsd(e.price)}
        </dd>
        <dt>At your limit</dt>
        <dd className="num" data-testid="estimate-notional">
          {formatUsd(notional.toFixed())}
        </dd>
        <dt>Fee (up to {formatDecimal(new Decimal(e.feeRate).times(100).toFixed(), 2)}%)</dt>
        <dd className="num" data-testid="estimate-fee">
          {formatUsd(fee.toFixed())}
        </dd>
        <dt>{side === 'buy' ? 'You pay at most' : 'You receive at least'}</dt>
        <dd className="num total" data-testid="estimate-total">
          {formatUsd(total.toFixed())}
        </dd>
      </dl>
      <p className="estimate-note" data-testid="estimate-limit-note">
        {marketable
          ? `Your limit is ${side === 'buy' ? 'at or above' : 'at or below'} the market: it will likely fill at once, at ${formatUsd(e.price)} or better.`
          : `It waits on the book until the price ${side === 'buy' ? 'falls' : 'rises'} to ${formatUsd(limit)}.`}
      </p>
    </>
  )
}
