/**
 * Words and numbers of the Roadmap screen: a criterion's value and target with their unit ('%'
 * values are fractions, shown as percent), the verdict in words, a size band in USD per order,
 * durations, and the percent a trader types turned back into the fraction the engine keeps.
 */
import {
  OP_SIGNS,
  type CriterionResult,
  type SizeBand,
  type TargetOp,
  type ValidationView,
  type Verdict,
} from '../../../../shared/validation'
import { formatUsd } from '../../lib/format'

type Unit = CriterionResult['unit']

/** A number without float noise, trailing zeros dropped: 0.1 + 0.2 → "0.3". */
function plain(value: number, places: number): string {
  return String(Number(value.toFixed(places)))
}

/** A criterion's value with its unit; null says nothing was measured. */
export function formatValue(value: number | null, unit: Unit): string {
  if (value === null) return 'no data'
  switch (unit) {
    case '%':
      return `${plain(value * 100, 1)} %`
    case 'count':
      return plain(value, 0)
    case 'USD':
      return formatUsd(value)
    case 'min':
      return `${plain(value, 1)} min`
    case 'ratio':
      return value.toFixed(2)
  }
}

/** A target with its comparison, e.g. "≥ 80 %". */
export function formatTarget(op: TargetOp, target: number, unit: Unit): string {
  return `${OP_SIGNS[op]} ${formatValue(target, unit)}`
}

/** The verdict in words: never a pass where the data cannot say. */
export function verdictWords(verdict: Verdict): string {
  return verdict === 'pass' ? 'Pass' : verdict === 'fail' ? 'Fail' : 'Not enough data'
}

/** A criterion's interval, e.g. "95 % CI 38 % – 66 %". */
export function formatInterval(c: CriterionResult): string | null {
  if (!c.interval) return null
  const level = plain(c.interval.level * 100, 1)
  return `${level} % CI ${formatValue(c.interval.low, c.unit)} – ${formatValue(c.interval.high, c.unit)}`
}

/** The number a trader edits: percent for '%' criteria, else the value itself. */
export function toInput(target: number, unit: Unit): string {
  return unit === '%' ? plain(target * 100, 6) : plain(target, 9)
}

/** What the trader typed as the target the engine keeps, or why it is not one. */
export function fromInput(
  text: string,
  unit: Unit,
): { readonly ok: true; readonly value: number } | { readonly ok: false; readonly reason: string } {
  const trimmed = text.trim()
  if (trimmed === '' || !/^-?\d+(\.\d+)?$/.test(trimmed))
    return {
      ok: false,
      reason:
        unit === '%'
          ? 'Type a number of percent, e.g. 80 for 80 %.'
          : `Type a number (${unitWords(unit)}).`,
    }
  const n = Number(trimmed)
  if (unit === '%') {
    if (n < 0 || n > 100) return { ok: false, reason: 'A percent target is from 0 to 100.' }
    return { ok: true, value: Number((n / 100).toPrecision(12)) }
  }
  if (unit === 'count' && !Number.isInteger(n))
    return { ok: false, reason: 'A count is a whole number.' }
  return { ok: true, value: n }
}

/** The unit in words, for labels. */
export function unitWords(unit: Unit): string {
  switch (unit) {
    case '%':
      return 'percent'
    case 'count':
      return 'a count'
    case 'USD':
      return 'USD'
    case 'min':
      return 'minutes'
    case 'ratio':
      return 'a ratio'
  }
}

/** A size band, e.g. "$50–200 per order" or "the account's own limits". */
export function formatBand(band: SizeBand): string {
  const min = Number(band.min)
  if (band.max === null)
    return min > 0
      ? `from ${formatUsd(min, 0)} per order up to the account's own limits`
      : "the account's own limits"
  return `${formatUsd(min, 0)}–${formatUsd(Number(band.max), 0).replace('$', '')} per order (USD)`
}

/** A duration in words: "2.4 s", "3 min", "1 h 5 min". */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${plain(ms / 1000, 1)} s`
  const minutes = Math.round(ms / 60_000)
  if (minutes < 60) return `${minutes} min`
  const hours = Math.floor(minutes / 60)
  const rest = minutes % 60
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`
}

/** The phase the plan is in, in words. */
export function phaseWords(view: ValidationView): string {
  if (view.phase === null) return 'No plan yet'
  if (view.phase === 'complete') return 'Complete: all three phases signed off'
  return `Phase ${view.phase}`
}
