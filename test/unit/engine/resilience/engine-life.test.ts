/**
 * The engine's life in its journal: a start record once ready that says how the run before
 * ended (stopped cleanly, crashed, or none), heartbeats on the engine's clock, a stop record
 * with why; uptime read back from them; and a health check that starts failing journaled once.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_ACCOUNT_ID, type Engine } from '../../../../electron/engine'
import type { Broker } from '../../../../electron/engine/brokers'
import { BrokerError } from '../../../../electron/engine/brokers'
import type { JournalRecord } from '../../../../electron/engine/journal'
import { uptimeFold, uptimeOver } from '../../../../electron/engine/resilience'
import { delegate } from '../../../kit/broker'
import { call, journalRecords, value } from '../../../kit/engine'
import { FakeClock } from '../../../kit/fake-clock'
import { Restarts } from '../../../kit/restarts'

const restarts = new Restarts()
afterEach(() => restarts.dispose())

const MIN = 60_000
const ofType = <T extends JournalRecord['type']>(dir: string, type: T) =>
  journalRecords(dir).filter((r): r is Extract<JournalRecord, { type: T }> => r.type === type)

/** The uptime fold of a data folder's journal as it is on disk. */
function uptimeOf(dir: string) {
  const u = uptimeFold.fromState(undefined)
  for (const r of journalRecords(dir)) uptimeFold.apply(u, r, {})
  return u
}

describe('the engine journals its life', () => {
  it('starts new, beats every 5 minutes, stops with its reason, and starts again as stopped', async () => {
    const clock = new FakeClock()
    const dir = restarts.fresh()
    const first = await restarts.start(dir, clock)
    const [started] = ofType(dir, 'engine.started')
    expect(started?.payload).toMatchObject({ previous: 'new', lastSeen: null })
    expect(started?.payload.readyMs).toBeGreaterThanOrEqual(0)

    clock.advance(16 * MIN)
    await first.idle()
    const beats = ofType(dir, 'engine.heartbeat')
    expect(beats.map((b) => (b.ts - started!.ts) / MIN)).toEqual([5, 10, 15])
    expect(beats.every((b) => b.payload.everyMs === 5 * MIN)).toBe(true)

    clock.advance(MIN)
    await first.close('stopped by the operator (SIGTERM)')
    const [stopped] = ofType(dir, 'engine.stopped')
    expect(stopped?.payload.reason).toBe('stopped by the operator (SIGTERM)')
    expect(stopped?.ts).toBe(started!.ts + 17 * MIN)

    clock.advance(10 * MIN)
    const second = await restarts.start(dir, clock)
    const again = ofType(dir, 'engine.started')[1]
    expect(again?.payload).toMatchObject({ previous: 'stopped', lastSeen: stopped!.ts })
    // No heartbeats of the first engine after it stopped.
    expect(ofType(dir, 'engine.heartbeat')).toHaveLength(3)

    // Read back: up 17 minutes, down the 10 it was stopped, with the reason.
    clock.advance(3 * MIN)
    const over = uptimeOver(uptimeOf(dir), started!.ts, clock.now())
    expect(over.upMs).toBe(20 * MIN)
    expect(over.gaps).toEqual([
      expect.objectContaining({
        from: stopped!.ts,
        to: again!.ts,
        cause: 'stop',
        detail: expect.stringContaining('stopped by the operator (SIGTERM)'),
      }),
    ])
    await restarts.stop(second)
    expect(ofType(dir, 'engine.stopped').at(-1)?.payload.reason).toBe('closed')
  }, 30_000)

  it('starts as crashed after a crash, last seen at its last heartbeat', async () => {
    const clock = new FakeClock()
    const dir = restarts.fresh()
    const first = await restarts.start(dir, clock)
    clock.advance(12 * MIN)
    const copy = await restarts.crash(first, dir)
    const [start] = ofType(copy, 'engine.started')
    const lastBeat = ofType(copy, 'engine.heartbeat').at(-1)!
    expect((lastBeat.ts - start!.ts) / MIN).toBe(10)
    expect(ofType(copy, 'engine.stopped')).toEqual([])
    // Its last sign of life: its last record of any kind (a heartbeat, a snapshot's record).
    const lastSeen = journalRecords(copy).at(-1)!.ts
    expect(lastSeen).toBeGreaterThanOrEqual(lastBeat.ts)

    clock.advance(30 * MIN)
    await restarts.start(copy, clock)
    const again = ofType(copy, 'engine.started')[1]
    expect(again?.payload).toMatchObject({ previous: 'crashed', lastSeen })

    // Up from the start until last seen and one heartbeat interval more; the rest, until the
    // restart, is the crash.
    const over = uptimeOver(uptimeOf(copy), start!.ts, again!.ts)
    expect(over.upMs).toBe(lastSeen + 5 * MIN - start!.ts)
    expect(over.gaps).toEqual([
      expect.objectContaining({ from: lastSeen + 5 * MIN, to: again!.ts, cause: 'crash' }),
    ])
  }, 30_000)

  it("adds no snapshot for an idle engine's heartbeats, and a crash after them is seen at the last", async () => {
    const clock = new FakeClock()
    const dir = restarts.fresh()
    const first = await restarts.start(dir, clock)
    for (let minute = 0; minute < 31; minute++) {
      clock.advance(MIN)
      await first.idle()
    }
    expect(ofType(dir, 'engine.heartbeat')).toHaveLength(6)
    // The one snapshot after start-up; none for the heartbeats since.
    expect(ofType(dir, 'snapshot.written')).toHaveLength(1)
    const copy = await restarts.crash(first, dir)
    const lastBeat = ofType(copy, 'engine.heartbeat').at(-1)!
    clock.advance(10 * MIN)
    const again = await restarts.start(copy, clock)
    // The heartbeats are replayed over the snapshot: the run is known to have lived until then.
    expect(again.info.replayed).toBe(6)
    expect(ofType(copy, 'engine.started')[1]?.payload).toMatchObject({
      previous: 'crashed',
      lastSeen: lastBeat.ts,
    })
  }, 30_000)

  it('journals a health check that fails twice in a row once, and again after it was well', async () => {
    let failing = true
    const flaky = (paper: Broker): Broker =>
      delegate(paper, {
        balances: async (a) => {
          if (failing) throw new BrokerError('network', 'connection refused')
          return paper.balances(a)
        },
      })
    const clock = new FakeClock()
    const dir = restarts.fresh()
    const engine: Engine = await restarts.start(dir, clock, { wrapBroker: flaky })
    const round = async () => value(await call(engine, 'health:check', {}))
    const broker = (report: Awaited<ReturnType<typeof round>>) =>
      report.checks.find((c) => c.name === 'broker')

    expect(broker(await round())?.level).toBe('FAIL')
    const failed = broker(await round())!
    expect(failed.level).toBe('FAIL')
    const failures = ofType(dir, 'health.failed').filter((r) => r.payload.check === 'broker')
    expect(failures.map((r) => r.payload)).toEqual([
      {
        check: 'broker',
        label: failed.label,
        accountId: DEFAULT_ACCOUNT_ID,
        message: 'The broker did not answer: connection refused',
      },
    ])

    failing = false
    expect(broker(await round())?.level).not.toBe('FAIL')
    failing = true
    expect(broker(await round())?.level).toBe('FAIL')
    expect(ofType(dir, 'health.failed').filter((r) => r.payload.check === 'broker')).toHaveLength(2)
  })
})
