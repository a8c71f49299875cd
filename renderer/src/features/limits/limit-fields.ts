/**
 * The risk limits as the form shows them: label, unit and a one-line explanation of each, and
 * the conversions between what the trader types and what the engine stores. The engine checks
 * every value on save; the form only makes sure a number field holds a number.
 */
import Decimal from 'decimal.js'
import type { PendingOrderRule, RiskLimits } from '../../../../shared/types'
import { formatDecimal } from '../../lib/format'

/** A field of the risk limits. */
export type LimitKey = keyof RiskLimits

/** How a field is typed and shown. */
export type LimitKind = 'money' | 'percent' | 'bps' | 'ms' | 'count' | 'choice'

/** Everything the form knows about one field. */
export interface LimitField {
  readonly key: LimitKey
  readonly label: string
  readonly kind: LimitKind
  readonly help: string
}

/** A titled group of fields. */
export interface LimitSection {
  readonly title: string
  readonly fields: readonly LimitField[]
}

/** The unit written next to each kind of field. */
export const UNIT: Record<LimitKind, string> = {
  money: '$',
  percent: '%',
  bps: 'bps',
  ms: 'ms',
  count: 'count',
  choice: '',
}

/** The choices of the pending order rule, in words. */
export const PENDING_RULES: readonly {
  readonly value: PendingOrderRule
  readonly label: string
}[] = [
  { value: 'off', label: 'Off' },
  { value: 'per-symbol', label: 'Per symbol' },
  { value: 'per-side', label: 'Per symbol and side' },
]

/** Every field, grouped as the screen shows them. */
export const LIMIT_SECTIONS: readonly LimitSection[] = [
  {
    title: 'Orders',
    fields: [
      {
        key: 'minOrderNotional',
        label: 'Minimum order size',
        kind: 'money',
        help: 'Orders worth less than this (price × quantity) are refused.',
      },
      {
        key: 'maxOrderNotional',
        label: 'Maximum order size',
        kind: 'money',
        help: 'Orders worth more than this are refused.',
      },
      {
        key: 'maxOrdersPerMinute',
        label: 'Maximum orders per minute',
        kind: 'count',
        help: 'Order requests beyond this many in any 60 seconds are refused.',
      },
      {
        key: 'pendingOrderRule',
        label: 'Pending order rule',
        kind: 'choice',
        help: 'A pending order blocks a new one on its symbol (or its symbol and side), or never.',
      },
    ],
  },
  {
    title: 'Exposure',
    fields: [
      {
        key: 'maxPositionNotional',
        label: 'Maximum position per symbol',
        kind: 'money',
        help: "An order is refused if it would make the symbol's position worth more than this.",
      },
      {
        key: 'maxOpenPositions',
        label: 'Maximum open positions',
        kind: 'count',
        help: 'Buying a new symbol is refused while this many symbols are held.',
      },
      {
        key: 'maxTotalExposure',
        label: 'Maximum total exposure',
        kind: 'money',
        help: 'The value of all positions together may not go above this.',
      },
    ],
  },
  {
    title: 'Losses',
    fields: [
      {
        key: 'maxDailyLoss',
        label: 'Maximum daily loss',
        kind: 'money',
        help: "Buying stops once today's realized loss (your local day) reaches this.",
      },
      {
        key: 'maxDrawdownPct',
        label: 'Maximum drawdown',
        kind: 'percent',
        help: 'Buying stops once equity falls this far below its peak.',
      },
    ],
  },
  {
    title: 'Prices and execution',
    fields: [
      {
        key: 'priceBandPct',
        label: 'Price band',
        kind: 'percent',
        help: 'Orders are refused when the price is further than this from the last trade, unless it is a resting limit that cannot fill worse than the market (a sell above it, a buy below it).',
      },
      {
        key: 'maxQuoteAgeMs',
        label: 'Maximum quote age',
        kind: 'ms',
        help: 'Orders are refused when the latest quote is older than this.',
      },
      {
        key: 'slippageToleranceBps',
        label: 'Slippage tolerance',
        kind: 'bps',
        help: 'A fill further than this from the expected price fails verification (100 bps = 1%).',
      },
      {
        key: 'verificationTimeoutMs',
        label: 'Verification timeout',
        kind: 'ms',
        help: 'An order not finished within this time is verified anyway and flagged.',
      },
    ],
  },
]

/** Every field in screen order. */
export const LIMIT_FIELDS: readonly LimitField[] = LIMIT_SECTIONS.flatMap((s) => s.fields)

/** A field's value as the input shows it. */
export function toInput(limits: RiskLimits, key: LimitKey): string {
  return String(limits[key])
}

/** A field's value for reading: "$1,000", "2.5 %", "250 ms". */
export function describeValue(field: LimitField, text: string): string {
  if (field.kind === 'choice') return text
  const value = field.kind === 'money' ? formatDecimal(text) : formatDecimal(Number(text))
  if (value === '—') return text
  return field.kind === 'money' ? `$${value}` : `${value} ${UNIT[field.kind]}`
}

/** A typed value converted for the engine, or why it cannot be. */
export function parseInput(
  field: LimitField,
  text: string,
):
  | { readonly ok: true; readonly value: string | number }
  | { readonly ok: false; readonly message: string } {
  const trimmed = text.trim()
  if (field.kind === 'choice') return { ok: true, value: trimmed }
  if (field.kind === 'money') {
    // "$1,000" is how people write money; the engine takes plain decimals and judges the rest.
    return { ok: true, value: trimmed.replace(/^\$/, '').replace(/,/g, '') }
  }
  const cleaned = trimmed.replace(/,/g, '')
  const value = cleaned === '' ? Number.NaN : Number(cleaned)
  if (!Number.isFinite(value)) {
    return { ok: false, message: `${field.label}: must be a number (${UNIT[field.kind]})` }
  }
  return { ok: true, value }
}

/** Whether a typed value says the same as the engine's ("1000" and "1000.00" do). */
export function sameValue(field: LimitField, typed: string, current: string): boolean {
  const parsed = parseInput(field, typed)
  if (!parsed.ok) return false
  if (field.kind !== 'money') return String(parsed.value) === current
  try {
    return new Decimal(parsed.value).eq(current)
  } catch {
    return false
  }
}

/** The engine's answer in the form's words: field paths become labels, each tied to its field. */
export interface ExplainedError {
  readonly text: string
  /** The sentence about each field the engine named. */
  readonly byField: Partial<Record<LimitKey, string>>
}

/** Replaces the engine's field paths ("limits.maxDrawdownPct") with the form's labels. */
export function explainError(message: string): ExplainedError {
  const byField: Partial<Record<LimitKey, string>> = {}
  const parts = message.split(/;\s+/).map((part) => {
    let text = part
    const named: LimitKey[] = []
    for (const field of LIMIT_FIELDS) {
      const pattern = new RegExp(`(?:limits\\.)?\\b${field.key}\\b`, 'g')
      if (pattern.test(text)) {
        named.push(field.key)
        text = text.replace(pattern, field.label)
      }
    }
    for (const key of named) byField[key] = byField[key] ? `${byField[key]}; ${text}` : text
    return text
  })
  return { text: parts.join('; '), byField }
}
