/**
 * Display formatting: money with "$" and thousands separators, quantities with their unit,
 * times in the trader's local zone. Decimal strings are formatted without going through binary
 * floats, so what the ledger says is what the trader reads.
 */
import Decimal from 'decimal.js'
import type { DecimalString, MarketSymbol } from '../../../shared/types'

function groupThousands(integer: string): string {
  return integer.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

function toDecimal(value: DecimalString | number): Decimal | null {
  try {
    const d = new Decimal(value)
    return d.isFinite() ? d : null
  } catch {
    return null
  }
}

/** Formats a decimal (string or number) with thousands separators and fixed or trimmed places. */
export function formatDecimal(value: DecimalString | number, places?: number): string {
  const d = toDecimal(value)
  if (!d) return '—'
  const fixed = places === undefined ? d.toFixed() : d.toFixed(places, Decimal.ROUND_HALF_UP)
  const negative = fixed.startsWith('-')
  const [integer = '0', fraction] = (negative ? fixed.slice(1) : fixed).split('.')
  const body = groupThousands(integer) + (fraction ? `.${fraction}` : '')
  // "-0.00" reads as a loss that is not there.
  return negative && /[1-9]/.test(body) ? `-${body}` : body
}

/** "$65,012.34"; negative amounts read "-$12.50". */
export function formatUsd(value: DecimalString | number, places = 2): string {
  const text = formatDecimal(value, places)
  if (text === '—') return text
  return text.startsWith('-') ? `-$${text.slice(1)}` : `$${text}`
}

/** A profit or loss with an explicit sign: "+$12.50", "-$3.10", "$0.00". */
export function formatSignedUsd(value: DecimalString | number): string {
  const text = formatUsd(value)
  return text.startsWith('-') || text === '$0.00' || text === '—' ? text : `+${text}`
}

/** The base asset of a symbol, e.g. "BTC" for "BTC-USD". */
export function baseAsset(symbol: MarketSymbol | string): string {
  return symbol.split('-')[0] ?? symbol
}

/** "0.01 BTC": a quantity trimmed of trailing zeros, with its unit. */
export function formatQuantity(value: DecimalString | number, unit?: string): string {
  const text = formatDecimal(value)
  return unit ? `${text} ${unit}` : text
}

/** Number of decimal places of a step such as "0.01" (2) or "1" (0). */
export function stepPlaces(step: DecimalString | undefined): number {
  if (!step) return 2
  const d = toDecimal(step)
  return d ? d.decimalPlaces() : 2
}

/** Local date and time of an epoch-ms timestamp, e.g. "2024-05-01 14:03:07". */
export function formatTime(ms: number): string {
  const d = new Date(ms)
  const pad = (n: number): string => String(n).padStart(2, '0')
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
  )
}

/**
 * The time of day of an epoch-ms timestamp with the trader's zone, e.g. "14:03:07 UTC" or
 * "14:03:07 GMT+1": for a sentence that stands on its own ("lost at …"), where no column header
 * says the times are local.
 */
export function formatClockTime(ms: number): string {
  const zone = new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' })
    .formatToParts(new Date(ms))
    .find((p) => p.type === 'timeZoneName')?.value
  const clock = formatTime(ms).slice(11)
  return zone ? `${clock} ${zone}` : clock
}

/** Parses a decimal string to a number for display arithmetic; NaN becomes 0. */
export function toNumber(value: DecimalString | null | undefined): number {
  if (value === null || value === undefined) return 0
  const n = Number(value)
  return Number.isFinite(n) ? n : 0
}

const padDay = (n: number): string => String(n).padStart(2, '0')

/** A local day as YYYY-MM-DD. */
export function isoDay(ms: number): string {
  const d = new Date(ms)
  return `${d.getFullYear()}-${padDay(d.getMonth() + 1)}-${padDay(d.getDate())}`
}

/** Local midnight starting a YYYY-MM-DD day, epoch ms, or null when it is not a date. */
export function startOfDay(day: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day)
  if (!match) return null
  const d = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]))
  return Number.isNaN(d.getTime()) ? null : d.getTime()
}
