/**
 * How report numbers are written, the same in every rendering and in the recommendations:
 * dollars with cents, percentages, basis points, ratios; an undefined value is "—", never 0.
 */
import type { ReportUnit } from '../../../shared/performance'
import type { DecimalString } from '../../../shared/types'

const money = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })
const fixed = new Map<number, Intl.NumberFormat>()

function number(n: number, digits: number): string {
  let f = fixed.get(digits)
  if (!f) {
    f = new Intl.NumberFormat('en-US', {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    })
    fixed.set(digits, f)
  }
  return f.format(Math.abs(n))
}

/** The sign to write: "-" below zero, "+" above when asked, nothing for what rounds to 0. */
function sign(n: number, text: string, signed: boolean): string {
  if (/^[0.,]+$/.test(text)) return ''
  return n < 0 ? '-' : signed ? '+' : ''
}

/**
 * "$1,234.56", "-$3.20"; with `signed`, "+$1.00". A decimal string (a money metric) is rounded
 * to the cent from its exact digits, half away from zero, never through a binary float.
 */
export function formatUsd(n: number | DecimalString, signed = false): string {
  if (typeof n === 'number') {
    const text = money.format(Math.abs(n))
    return `${sign(n, text, signed)}$${text}`
  }
  const negative = n.startsWith('-')
  const text = money.format(n.replace(/^[-+]/, '') as Intl.StringNumericLiteral)
  return `${sign(negative ? -1 : 1, text, signed)}$${text}`
}

/** A fraction as a percentage: 0.523 → "52.3%". */
export function formatPct(fraction: number, digits = 1, signed = false): string {
  const text = number(fraction * 100, digits)
  return `${sign(fraction, text, signed)}${text}%`
}

/** Basis points: "12.4 bps". */
export function formatBps(n: number, signed = false): string {
  const text = number(n, 1)
  return `${sign(n, text, signed)}${text} bps`
}

/** A plain ratio with two decimals; infinite is "∞". */
export function formatRatio(n: number, signed = false): string {
  if (!Number.isFinite(n)) return n > 0 ? '∞' : '-∞'
  const text = number(n, 2)
  return `${sign(n, text, signed)}${text}`
}

/** A value in its unit; null is "—". */
export function formatValue(value: number | null, unit: ReportUnit, signed = false): string {
  if (value === null) return '—'
  switch (unit) {
    case 'USD':
      return formatUsd(value, signed)
    case 'fraction':
      return formatPct(value, 1, signed)
    case 'bps':
      return formatBps(value, signed)
    case 'ratio':
      return formatRatio(value, signed)
    case 'count':
      return `${sign(value, number(value, value % 1 === 0 ? 0 : 1), signed)}${number(value, value % 1 === 0 ? 0 : 1)}`
  }
}

/** The same value written for a spreadsheet: plain digits, fractions as fractions, no units. */
export function plainValue(value: number | null): string {
  if (value === null) return ''
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity'
  return String(value)
}
