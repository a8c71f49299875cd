/**
 * The local date of an instant, asked every few minutes (as the equity sampler does): the
 * same answer as the calendar gives, across midnights and the days daylight saving changes.
 */
import { describe, expect, it } from 'vitest'
import { localDate } from '../../../../electron/engine/core'

const formats = new Map<string, Intl.DateTimeFormat>()
const calendar = (ts: number, timeZone: string): string => {
  let f = formats.get(timeZone)
  if (!f)
    formats.set(
      timeZone,
      (f = new Intl.DateTimeFormat('en-CA', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      })),
    )
  return f.format(new Date(ts))
}

describe('localDate', () => {
  it('gives the calendar day of every minute across midnights and DST changes', () => {
    for (const timeZone of ['Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'UTC']) {
      // 2026-03-27 to 2026-03-31 covers Europe's spring change; 2026-11-01 America's autumn one.
      for (const from of [Date.UTC(2026, 2, 27), Date.UTC(2026, 9, 31)]) {
        for (let ts = from; ts < from + 4 * 86_400_000; ts += 5 * 60_000)
          if (localDate(ts, timeZone) !== calendar(ts, timeZone))
            expect(`${timeZone} ${new Date(ts).toISOString()}: ${localDate(ts, timeZone)}`).toBe(
              calendar(ts, timeZone),
            )
      }
    }
  })
})
