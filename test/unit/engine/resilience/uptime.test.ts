/**
 * Uptime read from a hand-made journal: the engine's runs, the downtime between them with its
 * cause (a crash, a stop, a global halt, or nothing known), restarts and health failures; and
 * a state that heartbeats never grow.
 */
import { describe, expect, it } from 'vitest'
import type { JournalRecord, RecordPayloads, RecordType } from '../../../../electron/engine/journal'
import {
  healthFailuresOver,
  restartsOver,
  uptimeFold,
  uptimeOver,
  type Uptime,
} from '../../../../electron/engine/resilience'

const MIN = 60_000
/** 1 Dec 2026, 12:00 UTC: every time below is in minutes after it. */
const T0 = Date.UTC(2026, 11, 1, 12, 0)
const at = (minutes: number): number => T0 + minutes * MIN

let seq = 0
function record<T extends RecordType>(
  minutes: number,
  type: T,
  payload: RecordPayloads[T],
): JournalRecord {
  seq += 1
  return { seq, ts: at(minutes), type, payload, prev: '', hash: '' } as JournalRecord
}
const heartbeat = (minutes: number): JournalRecord =>
  record(minutes, 'engine.heartbeat', { everyMs: 5 * MIN })
const trading = (minutes: number, accountId: string | null, state: 'HALTED' | 'RECOVERING') =>
  record(minutes, 'trading.state', {
    accountId,
    old: state === 'HALTED' ? 'ACTIVE' : 'HALTED',
    new: state,
    reason:
      state === 'HALTED' ? 'Health is CRITICAL: Broker of Paper: not connected' : 'cooled down',
    by: 'breaker',
  })
/** Any other record the engine writes: the fold reads only its time. */
const other = (minutes: number): JournalRecord =>
  record(minutes, 'order.malformed', { source: 'api', reason: 'bad', received: {} } as never)

function fold(records: readonly JournalRecord[]): Uptime {
  const u = uptimeFold.fromState(undefined)
  for (const r of records) uptimeFold.apply(u, r, {})
  return u
}

/**
 * Run 1 starts at 0 and beats at 5 and 10; an account's own halt at 12 is its last sign of
 * life. It crashes: covered until 12 + its 5-minute interval = 17. Start-up of run 2 writes a
 * record at 40.5 (not a sign of life of run 1), and run 2 is ready at 41. Every account is
 * HALTED from 55 to 62 (RECOVERING is trading again). Run 2 stops at 70 (the snapshot's record
 * after the stop belongs to no run); run 3 is ready at 90 and beats at 95.
 */
const journal = (): JournalRecord[] => [
  record(0, 'engine.started', { previous: 'new', lastSeen: null, readyMs: 0 }),
  heartbeat(5),
  heartbeat(10),
  trading(12, 'paper-1', 'HALTED'),
  other(40.5),
  record(41, 'engine.started', { previous: 'crashed', lastSeen: at(12), readyMs: 2_000 }),
  heartbeat(46),
  record(50, 'health.failed', {
    check: 'broker',
    label: 'Broker of Paper',
    accountId: 'paper-1',
    message: 'Not connected: connection refused.',
  }),
  heartbeat(51),
  trading(55, null, 'HALTED'),
  trading(62, null, 'RECOVERING'),
  record(66, 'health.failed', {
    check: 'market_data',
    label: 'Prices BTC-USD (simulator)',
    accountId: null,
    message: 'Last price 12.0 s old.',
  }),
  record(70, 'engine.stopped', { reason: 'stopped by the operator (SIGTERM)' }),
  other(70),
  record(90, 'engine.started', { previous: 'stopped', lastSeen: at(70), readyMs: 500 }),
  heartbeat(95),
]

describe('uptime from the journal', () => {
  it('finds the crash, the stop and the global halt, with their causes, to the millisecond', () => {
    const u = fold(journal())
    // Window [-10, 100): 110 minutes. Down: nothing known before the first start [-10, 0)
    // = 10; the crash [17, 41) = 24; the halt [55, 62) = 7; the stop [70, 90) = 20. Up:
    // 110 - 61 = 49 minutes (the open run counts to the window's end).
    const over = uptimeOver(u, at(-10), at(100))
    expect(over.elapsedMs).toBe(110 * MIN)
    expect(over.upMs).toBe(49 * MIN)
    expect(over.uptime).toBeCloseTo(49 / 110, 12)
    expect(over.gaps).toEqual([
      {
        from: at(-10),
        to: at(0),
        cause: 'unknown',
        detail:
          'Nothing in the journal before 1 Dec, 12:00 UTC: Vigil was not running, or not recording.',
      },
      {
        from: at(17),
        to: at(41),
        cause: 'crash',
        detail: 'No stop record: last seen 1 Dec, 12:12 UTC, back at 1 Dec, 12:41 UTC.',
      },
      {
        from: at(55),
        to: at(62),
        cause: 'halt',
        detail:
          'Every account HALTED by breaker: Health is CRITICAL: Broker of Paper: not connected',
      },
      {
        from: at(70),
        to: at(90),
        cause: 'stop',
        detail: 'Stopped: stopped by the operator (SIGTERM); back at 1 Dec, 13:30 UTC.',
      },
    ])
  })

  it('cuts the gaps at the window', () => {
    const u = fold(journal())
    // [20, 60): the crash's [20, 41) = 21 and the halt's [55, 60) = 5 minutes; up 40 - 26 = 14.
    const over = uptimeOver(u, at(20), at(60))
    expect(over.upMs).toBe(14 * MIN)
    expect(over.gaps.map((g) => [g.cause, (g.from - T0) / MIN, (g.to - T0) / MIN])).toEqual([
      ['crash', 20, 41],
      ['halt', 55, 60],
    ])
    expect(uptimeOver(u, at(20), at(20))).toEqual({
      elapsedMs: 0,
      upMs: 0,
      uptime: null,
      gaps: [],
    })
  })

  it('keeps the runs, the restarts and the health failures, and restores them from its state', () => {
    const u = fold(journal())
    expect(
      u.runs.map((r) => [(r.start - T0) / MIN, r.end && (r.end - T0) / MIN, r.endedBy]),
    ).toEqual([
      [0, 12, 'crash'],
      [41, 70, 'stop'],
      [90, null, null],
    ])
    expect(u.runs[1]?.stopReason).toBe('stopped by the operator (SIGTERM)')
    expect(restartsOver(u, at(0), at(100)).map((r) => [r.previous, r.readyMs])).toEqual([
      ['new', 0],
      ['crashed', 2_000],
      ['stopped', 500],
    ])
    expect(restartsOver(u, at(1), at(90)).map((r) => r.previous)).toEqual(['crashed'])
    expect(healthFailuresOver(u, at(0), at(100))).toEqual({ broker: 1, market_data: 1 })
    expect(healthFailuresOver(u, at(60), at(100))).toEqual({ market_data: 1 })
    expect(u.recentHealthFailures[0]).toMatchObject({ ts: at(50), check: 'broker' })

    const restored = uptimeFold.fromState(JSON.parse(JSON.stringify(uptimeFold.toState(u))))
    expect(uptimeOver(restored, at(-10), at(100))).toEqual(uptimeOver(u, at(-10), at(100)))
    expect(uptimeFold.toState(restored)).toEqual(uptimeFold.toState(u))
  })

  it('does not grow with heartbeats: 1,000 leave the same state as one', () => {
    const start = record(0, 'engine.started', { previous: 'new', lastSeen: null, readyMs: 0 })
    const one = fold([start, heartbeat(5)])
    const many = fold([start, ...Array.from({ length: 1_000 }, (_, i) => heartbeat(5 * (i + 1)))])
    const size = (u: Uptime): number => JSON.stringify(uptimeFold.toState(u)).length
    expect(size(many)).toBe(size(one))
    expect(many.runs).toHaveLength(1)
    expect(many.runs[0]?.lastSeen).toBe(at(5_000))
  })

  it('reads a journal without start records as one run, and its end as unknown', () => {
    // An older build's journal: records from 0 to 30, no start, no stop. The new build is
    // ready at 60; its start-up wrote a record at 59.5.
    const u = fold([
      other(0),
      other(30),
      other(59.5),
      record(60, 'engine.started', { previous: 'crashed', lastSeen: at(30), readyMs: 1_000 }),
    ])
    const over = uptimeOver(u, at(0), at(100))
    // Up [0, 30] (no heartbeat interval is known) and [60, 100): 70 of 100 minutes.
    expect(over.upMs).toBe(70 * MIN)
    expect(over.gaps).toEqual([
      {
        from: at(30),
        to: at(60),
        cause: 'unknown',
        detail:
          'No start or stop records (a journal from an older Vigil): last seen 1 Dec, 12:30 UTC, back at 1 Dec, 13:00 UTC.',
      },
    ])
  })

  it("counts a new folder's start-up records as the first run's", () => {
    // Start-up of a new folder writes records (the default account) before the start record.
    const u = fold([
      other(0),
      record(0.5, 'engine.started', { previous: 'new', lastSeen: null, readyMs: 30_000 }),
    ])
    expect(u.runs).toHaveLength(1)
    expect(uptimeOver(u, at(0.5), at(10)).uptime).toBe(1)
    expect(u.previous()).toEqual({ previous: 'crashed', lastSeen: at(0.5) })
  })

  it('tells how the last run ended, as the next start record says it', () => {
    expect(fold([]).previous()).toEqual({ previous: 'new', lastSeen: null })
    const stopped = journal().slice(0, 14)
    expect(fold(stopped).previous()).toEqual({ previous: 'stopped', lastSeen: at(70) })
    expect(fold(journal()).previous()).toEqual({ previous: 'crashed', lastSeen: at(95) })
  })
})
