/**
 * Decimal arithmetic for money and quantities. Binary floats never touch a balance.
 */
import DecimalJs from 'decimal.js'

/** The engine's decimal type: 34 significant digits, like IEEE decimal128. */
export const Decimal = DecimalJs.clone({ precision: 34, rounding: DecimalJs.ROUND_HALF_UP })
/** A decimal value. */
export type Decimal = InstanceType<typeof Decimal>

/** Zero, shared. */
export const ZERO = new Decimal(0)

/** Parses a decimal string from the journal or the contract; fails loudly on anything else. */
export function dec(value: string | number | Decimal): Decimal {
  const d = new Decimal(value)
  if (!d.isFinite()) throw new Error(`Not a finite decimal: ${String(value)}`)
  return d
}

/** Rounds money to cents, half up. */
export function toCents(value: Decimal): Decimal {
  return value.toDecimalPlaces(2, Decimal.ROUND_HALF_UP)
}

/** Formats a decimal for the boundary: plain notation, no exponent, trailing zeros trimmed. */
export function str(value: Decimal): string {
  return value.toFixed()
}

/** Formats an amount of US dollars for a message: "$1,234.50". */
export function usd(value: Decimal): string {
  const fixed = value.abs().toFixed(2, Decimal.ROUND_HALF_UP)
  const point = fixed.length - 3
  let grouped = fixed.slice(Math.max(0, point - 3), point)
  for (let end = point - 3; end > 0; end -= 3)
    grouped = `${fixed.slice(Math.max(0, end - 3), end)},${grouped}`
  return `${value.isNegative() && fixed !== '0.00' ? '-' : ''}$${grouped}${fixed.slice(point)}`
}
