/**
 * Local calendar days as reports name them (YYYY-MM-DD in the trader's time zone), and their
 * start instants.
 */
import { localDate, startOfLocalDay } from '../core'
import { nextLocalDay } from '../performance'

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** Whether `date` is a real calendar date written YYYY-MM-DD. */
export function isIsoDate(date: string): boolean {
  const m = DATE.exec(date)
  if (!m) return false
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return d.toISOString().slice(0, 10) === date
}

/** The local date (YYYY-MM-DD) of an instant, as every report names its day. */
export { localDate }

/** The instant the local day `date` starts in `timeZone`. */
export function startOfDate(date: string, timeZone: string): number {
  if (!isIsoDate(date)) throw new RangeError(`Not a date YYYY-MM-DD: "${date}"`)
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  // UTC noon is on that local date for offsets from −12 to +11; east of that, UTC midnight is.
  for (const hour of [12, 0]) {
    const start = startOfLocalDay(Date.UTC(y, m - 1, d, hour), timeZone)
    if (localDate(start, timeZone) === date) return start
  }
  throw new RangeError(`The day ${date} does not exist in ${timeZone}`)
}

/** One local day: its date and [start, end). */
export interface CalendarDay {
  readonly date: string
  readonly start: number
  readonly end: number
}

/** Every local day from `from` to `to`, both included (empty when `to` is before `from`). */
export function calendarDays(from: string, to: string, timeZone: string): CalendarDay[] {
  const out: CalendarDay[] = []
  let start = startOfDate(from, timeZone)
  for (let date = from; date <= to;) {
    const end = nextLocalDay(start, timeZone)
    out.push({ date, start, end })
    start = end
    date = localDate(start, timeZone)
  }
  return out
}

/** The date `days` calendar days after `date` (negative: before). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10)
}
