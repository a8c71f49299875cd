/**
 * The ticket's size: how it is given (a quantity, dollars, or a share of the cash or of the
 * position), the amount, what it comes to with units, and the checks about it that would
 * refuse the order.
 */
import type { GateCheck, Side } from '../../../../shared/types'
import { formatDecimal, formatQuantity, formatUsd } from '../../lib/format'
import type { SizeMode } from './ticket-sizing'
import { CheckWarnings } from './ticket-warnings'

const SIZE_MODES: readonly SizeMode[] = ['quantity', 'usd', 'percent']

/** The mode's words: a share is of the cash for a buy and of the position for a sale. */
function sizeModeLabel(mode: SizeMode, side: Side, unit: string): string {
  if (mode === 'quantity') return `Quantity (${unit})`
  if (mode === 'usd') return 'Dollars (USD)'
  return side === 'buy' ? '% of cash' : '% of position'
}

/** What a size comes to, with units: "= 0.01 BTC, $650.00 at $65,000.00". */
export function sizeResultText(
  quantity: string,
  unit: string,
  priced: { readonly notional: string; readonly price: string } | null,
  limit: boolean,
): string {
  const amount = `= ${formatQuantity(quantity, unit)}`
  if (priced === null) return amount
  return `${amount}, ${formatUsd(priced.notional)} ${limit ? 'at your limit' : `at ${formatUsd(priced.price)}`}`
}

/** The choice of how the order is sized. */
export function SizeModeSelect(props: {
  readonly id: string
  readonly mode: SizeMode
  readonly side: Side
  readonly unit: string
  readonly disabled: boolean
  readonly onChange: (mode: SizeMode) => void
}) {
  return (
    <label className="field" htmlFor={props.id}>
      <span className="label">Size by</span>
      <select
        id={props.id}
        data-testid="ticket-size-mode"
        value={props.mode}
        disabled={props.disabled}
        onChange={(event) => props.onChange(event.target.value as SizeMode)}
      >
        {SIZE_MODES.map((mode) => (
          <option key={mode} value={mode}>
            {sizeModeLabel(mode, props.side, props.unit)}
          </option>
        ))}
      </select>
    </label>
  )
}

/** The amount in the chosen mode, what it comes to, and what is wrong with it. */
export function SizeInput(props: {
  readonly id: string
  readonly mode: SizeMode
  readonly side: Side
  readonly unit: string
  readonly lotSize: string | undefined
  readonly text: string
  readonly disabled: boolean
  /** Why the typed amount cannot be sent, once the trader has typed. */
  readonly problem: string | null
  /** What the amount comes to, or ''. */
  readonly result: string
  /** Checks about the size that would refuse the order. */
  readonly refusals: readonly GateCheck[]
  readonly onChange: (text: string) => void
}) {
  const { id, mode, unit } = props
  return (
    <div className="field">
      <label className="label" htmlFor={id}>
        {mode === 'quantity'
          ? `Quantity (${unit})`
          : mode === 'usd'
            ? 'Amount (USD)'
            : `Share of ${props.side === 'buy' ? 'cash available' : `${unit} held`} (%)`}
      </label>
      <input
        id={id}
        data-testid={mode === 'quantity' ? 'ticket-quantity' : 'ticket-amount'}
        type="text"
        inputMode="decimal"
        autoComplete="off"
        spellCheck={false}
        placeholder={
          mode === 'quantity'
            ? props.lotSize
              ? `step ${formatDecimal(props.lotSize)}`
              : '0.01'
            : mode === 'usd'
              ? '250'
              : '25'
        }
        value={props.text}
        disabled={props.disabled}
        aria-invalid={props.problem !== null || props.refusals.length > 0}
        aria-describedby={`${id}-help ${id}-result`}
        onChange={(event) => props.onChange(event.target.value)}
      />
      <span id={`${id}-result`} className="field-note num" data-testid="ticket-size-result">
        {props.result}
      </span>
      <span
        id={`${id}-help`}
        className="field-help"
        data-testid="ticket-quantity-error"
        role="status"
      >
        {props.problem ?? ''}
      </span>
      <CheckWarnings checks={props.refusals} testId="ticket-size-warnings" />
    </div>
  )
}
