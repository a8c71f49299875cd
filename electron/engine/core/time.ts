/**
 * Calendar arithmetic in the trader's time zone: daily limits and reports follow the trader's
 * local day, not UTC's.
 */

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    formatters.set(timeZone, f)
  }
  return f
}

/** The local calendar fields of the instant `ts` in `timeZone`. */
function partsAt(ts: number, timeZone: string): Record<string, string> {
  return Object.fromEntries(
    formatter(timeZone)
      .formatToParts(new Date(ts))
      .map((p) => [p.type, p.value]),
  )
}

/** The local date (YYYY-MM-DD) of the instant `ts` in `timeZone`. */
export function localDate(ts: number, timeZone: string): string {
  const cached = dateCache.get(timeZone)
  if (cached && ts >= cached.start && ts < cached.end) return cached.date
  const { year, month, day } = partsAt(ts, timeZone)
  const date = `${year}-${month}-${day}`
  // The day it falls in, worked out once: asked every minute, the answer changes once a day.
  const start = startOfLocalDay(ts, timeZone)
  const end = dayCache.get(timeZone)!.end
  dateCache.set(timeZone, { start, end, date })
  return date
}

const dateCache = new Map<string, { start: number; end: number; date: string }>()

/** Offset of `timeZone` from UTC at instant `ts`, in milliseconds. */
function offsetAt(ts: number, timeZone: string): number {
  const parts = partsAt(ts, timeZone)
  const asUtc = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  )
  return asUtc - Math.floor(ts / 1000) * 1000
}

/** The instant the local day containing `ts` began, in `timeZone`. */
export function startOfLocalDay(ts: number, timeZone: string): number {
  const cached = dayCache.get(timeZone)
  if (cached && ts >= cached.start && ts < cached.end) return cached.start
  const start = computeStartOfLocalDay(ts, timeZone)
  // The next local midnight: 26 hours on covers any daylight-saving change.
  dayCache.set(timeZone, { start, end: computeStartOfLocalDay(start + 26 * 3_600_000, timeZone) })
  return start
}

const dayCache = new Map<string, { start: number; end: number }>()

function computeStartOfLocalDay(ts: number, timeZone: string): number {
  const offset = offsetAt(ts, timeZone)
  const local = ts + offset
  const midnightLocal = local - (((local % 86_400_000) + 86_400_000) % 86_400_000)
  // Re-read the offset at midnight: it differs on days when daylight saving time changes.
  return midnightLocal - offsetAt(midnightLocal - offset, timeZone)
}

/** Whether a string names a time zone this runtime knows. */
export function isTimeZone(name: string): boolean {
  try {
    formatter(name)
    return true
  } catch {
    return false
  }
}
