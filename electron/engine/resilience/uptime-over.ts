/**
 * Uptime over a window, read from the uptime fold: the time the engine's runs cover (a run
 * that crashed is given its last heartbeat's interval after it was last seen, no more), less
 * the spans every account was HALTED; every stretch not covered is downtime with its cause.
 */
import type { Downtime } from '../../../shared/validation'
import type { Restart, Run, Uptime } from './uptime'

/** What `uptimeOver` measures over [from, to). */
export interface UptimeOver {
  readonly elapsedMs: number
  readonly upMs: number
  /** upMs / elapsedMs; null over an empty window. */
  readonly uptime: number | null
  /** Every stretch not up, oldest first. */
  readonly gaps: Downtime[]
}

/**
 * Uptime within [from, to): the runs' time (from ready to the stop; after a crash, to the
 * last sign of life plus its heartbeat interval; the open run to `to`) less the global halts.
 * Times in the details are in `timeZone` (default UTC).
 */
export function uptimeOver(u: Uptime, from: number, to: number, timeZone = 'UTC'): UptimeOver {
  const elapsedMs = Math.max(0, to - from)
  if (elapsedMs === 0) return { elapsedMs: 0, upMs: 0, uptime: null, gaps: [] }
  const at = timeFormat(timeZone)
  const gaps: Downtime[] = []
  const add = (a: number, b: number, cause: Downtime['cause'], detail: string): void => {
    const lo = Math.max(a, from)
    const hi = Math.min(b, to)
    if (hi > lo) gaps.push({ from: lo, to: hi, cause, detail })
  }
  const runs = u.runs
  const first = runs[0]
  if (!first) add(from, to, 'unknown', 'The journal has no record of Vigil running then.')
  else
    add(
      from,
      first.start,
      'unknown',
      `Nothing in the journal before ${at(first.start)}: Vigil was not running, or not recording.`,
    )
  runs.forEach((run, i) => {
    const next = runs[i + 1]
    const covered = coveredUntil(run, next)
    const downUntil = next?.start ?? Infinity
    if (covered < downUntil) {
      const gap = downtimeOf(run, next, at)
      add(covered, downUntil, gap.cause, gap.detail)
    }
    for (const halt of u.halts) {
      const detail = `Every account HALTED by ${halt.by}: ${halt.reason}`
      add(Math.max(halt.from, run.start), Math.min(halt.to ?? Infinity, covered), 'halt', detail)
    }
  })
  gaps.sort((a, b) => a.from - b.from)
  const downMs = gaps.reduce((sum, g) => sum + (g.to - g.from), 0)
  const upMs = elapsedMs - downMs
  return { elapsedMs, upMs, uptime: upMs / elapsedMs, gaps }
}

/** Until when a run counts as up. */
function coveredUntil(run: Readonly<Run>, next: Readonly<Run> | undefined): number {
  if (run.end === null) return Infinity
  if (run.endedBy === 'stop') return run.end
  // A crash: alive until its next heartbeat was due, at most, and never past the next start.
  return Math.min(run.lastSeen + run.everyMs, next?.start ?? Infinity)
}

/** The cause of the downtime after a run, in words. */
function downtimeOf(
  run: Readonly<Run>,
  next: Readonly<Run> | undefined,
  at: (ts: number) => string,
): { cause: Downtime['cause']; detail: string } {
  const back = next ? `back at ${at(next.start)}` : 'not started since'
  if (run.endedBy === 'stop')
    return { cause: 'stop', detail: `Stopped: ${run.stopReason ?? 'no reason given'}; ${back}.` }
  if (run.implicit)
    return {
      cause: 'unknown',
      detail: `No start or stop records (a journal from an older Vigil): last seen ${at(run.lastSeen)}, ${back}.`,
    }
  return { cause: 'crash', detail: `No stop record: last seen ${at(run.lastSeen)}, ${back}.` }
}

/** Health-check failures within [from, to), by the check's name. */
export function healthFailuresOver(u: Uptime, from: number, to: number): Record<string, number> {
  const counts: Record<string, number> = {}
  // Failures older than the kept ones count whole when the window reaches into their span:
  // a count may then include a few from just before the window, never leave one out.
  const older = u.olderHealthFailures
  if (older && older.to >= from && older.from < to)
    for (const [check, n] of Object.entries(older.counts)) counts[check] = n
  for (const f of u.recentHealthFailures)
    if (f.ts >= from && f.ts < to) counts[f.check] = (counts[f.check] ?? 0) + 1
  return counts
}

/** The engine's starts within [from, to), oldest first. */
export function restartsOver(u: Uptime, from: number, to: number): Restart[] {
  return u.restarts.filter((r) => r.ts >= from && r.ts < to)
}

/** One formatter per time zone: building one costs more than the rest of a measurement. */
const formats = new Map<string, (ts: number) => string>()

function timeFormat(timeZone: string): (ts: number) => string {
  let at = formats.get(timeZone)
  if (!at) formats.set(timeZone, (at = newTimeFormat(timeZone)))
  return at
}

function newTimeFormat(timeZone: string): (ts: number) => string {
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  })
  return (ts) => format.format(ts)
}
