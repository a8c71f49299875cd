/**
 * How the validation audit writes its numbers and times: a criterion's value in its unit, a
 * target with its comparison, verdicts in words (never a tick for too little data), plan days as
 * dates, and times in the trader's time zone.
 */
import {
  OP_SIGNS,
  type CriterionDefinition,
  type SizeBand,
  type TargetOp,
  type Verdict,
} from '../../../shared/validation'
import { esc, formatPct, formatRatio, formatUsd } from '../reports'

/** A criterion's value in its unit: "45.0%", "$2.10", "3.5 min", "1.20", "3". */
export function formatCriterion(value: number, unit: CriterionDefinition['unit']): string {
  switch (unit) {
    case '%':
      return formatPct(value)
    case 'USD':
      return formatUsd(value)
    case 'min':
      return `${value.toFixed(1)} min`
    case 'ratio':
      return formatRatio(value)
    case 'count':
      return Number.isInteger(value) ? String(value) : value.toFixed(1)
  }
}

/** A target with its comparison: "≤ 0", "≥ 80.0%". */
export function formatTarget(
  op: TargetOp,
  target: number,
  unit: CriterionDefinition['unit'],
): string {
  return `${OP_SIGNS[op]} ${formatCriterion(target, unit)}`
}

const VERDICT_WORDS: Readonly<Record<Verdict, string>> = {
  pass: 'PASS',
  fail: 'FAIL',
  not_enough_data: 'NOT ENOUGH DATA',
}

/** A verdict as a badge in words; not enough data is grey and never reads as a pass. */
export function verdictBadge(verdict: Verdict): string {
  const cls = verdict === 'not_enough_data' ? 'undefined' : verdict
  return `<span class="badge ${cls}" data-verdict="${verdict}">${VERDICT_WORDS[verdict]}</span>`
}

/** A size band per order: "$10.00–$50.00 per order", or up to the account's own limits. */
export function formatBand(band: SizeBand): string {
  const min = formatUsd(band.min)
  return band.max === null
    ? `from ${min} up to each account's own limits, per order`
    : `${min}–${formatUsd(band.max)} per order`
}

/** The calendar date of a plan day (day 1 is the start day), both as YYYY-MM-DD. */
export function dateOfDay(startDay: string, day: number): string {
  const [y, m, d] = startDay.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(y, m - 1, d + day - 1)).toISOString().slice(0, 10)
}

/** A length of time: "45 s", "2.4 min", "1 h 12 min", "2 d 3 h". */
export function formatDuration(ms: number): string {
  const s = ms / 1000
  if (s < 90) return `${Math.round(s)} s`
  const min = s / 60
  if (min < 60) return `${min.toFixed(1)} min`
  const h = Math.floor(min / 60)
  if (h < 48) return `${h} h ${Math.round(min - h * 60)} min`
  const d = Math.floor(h / 24)
  return `${d} d ${h - d * 24} h`
}

/** Formatters of instants in the trader's time zone. */
export interface Clock {
  /** "2 Dec 2026, 14:05". */
  stamp(ts: number): string
  /** "14:05". */
  time(ts: number): string
  /** "2026-12-02". */
  date(ts: number): string
}

export function clockIn(timeZone: string): Clock {
  const stamp = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    dateStyle: 'medium',
    timeStyle: 'short',
    hourCycle: 'h23',
  })
  const time = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })
  // en-CA writes dates as YYYY-MM-DD.
  const date = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  })
  return {
    stamp: (ts) => stamp.format(ts),
    time: (ts) => time.format(ts),
    date: (ts) => date.format(ts),
  }
}

/** Escaped text, or an em dash with its reason in grey when there is none. */
export function textOr(text: string, missing: string): string {
  return text.trim() === '' ? `<span class="undef">${esc(missing)}</span>` : esc(text)
}

export { esc }
