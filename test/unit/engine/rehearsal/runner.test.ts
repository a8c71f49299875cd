/**
 * The Roadmap's rehearsal, through the engine's commands: it answers at once, publishes its
 * progress each simulated day, runs one at a time, stops on request, writes its files under
 * the data folder's rehearsals/ and never touches the trader's journal.
 */
import { existsSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { EngineEvent } from '../../../../shared/contract'
import type { RehearsalProgress } from '../../../../shared/validation'
import type { Engine } from '../../../../electron/engine'
import { call, cleanup, tempDir, testEngine, value } from '../../../kit/engine'

const dirs: string[] = []
const engines: Engine[] = []
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.close()
  dirs.splice(0).forEach(cleanup)
})

async function outerEngine(): Promise<{
  engine: Engine
  dir: string
  events: RehearsalProgress[]
}> {
  const dir = tempDir()
  dirs.push(dir)
  const { engine } = await testEngine(dir)
  engines.push(engine)
  const events: RehearsalProgress[] = []
  engine.subscribe((e: EngineEvent) => {
    if (e.type === 'validation:rehearsal') events.push(e.payload)
  })
  return { engine, dir, events }
}

/** Resolves with the first progress event that `test` accepts. */
function progressWhere(
  engine: Engine,
  test: (p: RehearsalProgress) => boolean,
): Promise<RehearsalProgress> {
  return new Promise((resolve) => {
    const off = engine.subscribe((e) => {
      if (e.type === 'validation:rehearsal' && test(e.payload)) {
        off()
        resolve(e.payload)
      }
    })
  })
}

// Each runs the whole plan on a second engine over simulated days: seconds of work.
describe('the Roadmap rehearsal', { timeout: 120_000 }, () => {
  it('answers at once, reports each day, refuses a second one, and stops on request', async () => {
    const { engine, dir, events } = await outerEngine()
    const seq = engine.info.journalSeq
    const firstDay = progressWhere(engine, (p) => p.state === 'running' && p.day === 1)
    const started = value(await call(engine, 'validation:rehearse', { days: 5, seed: 3 }))
    expect(started).toMatchObject({ state: 'running', day: 0, days: 5, outDir: null })
    await firstDay
    const second = await call(engine, 'validation:rehearse', { days: 2, seed: 1 })
    expect(second.ok).toBe(false)
    if (!second.ok) {
      expect(second.error.code).toBe('CONFLICT')
      expect(second.error.message).toMatch(/A rehearsal is running \(day \d of 5\)/)
    }
    const stopped = value(await call(engine, 'validation:rehearse-stop', {}))
    expect(stopped.state).toBe('stopped')
    expect(stopped.day).toBeGreaterThanOrEqual(1)
    expect(stopped.day).toBeLessThan(5)
    expect(stopped.message).toMatch(/Stopped after day \d of 5/)
    // The events: running from day 0, a day at a time, then stopped.
    expect(events[0]).toMatchObject({ state: 'running', day: 0 })
    expect(events.filter((p) => p.state === 'running').map((p) => p.day)).toEqual(
      Array.from({ length: stopped.day + 1 }, (_, i) => i),
    )
    expect(events.at(-1)).toEqual(stopped)
    // Its files, under the data folder's rehearsals/, and its scratch folder gone.
    const outDir = stopped.outDir as string
    expect(path.dirname(outDir)).toBe(path.join(dir, 'rehearsals'))
    expect(readdirSync(outDir).sort()).toEqual([
      'rehearsal.json',
      'validation-report.html',
      'validation.json',
    ])
    // The trader's journal: not one record more.
    await engine.idle()
    const snapshot = value(await call(engine, 'app:get-snapshot', {}))
    expect(snapshot.journal.seq).toBe(seq)
    expect(snapshot.accounts.map((a) => a.name)).not.toContain('Rehearsal BTC-USD')
  })

  it('runs to the end: state done, with where the plan got to and its files', async () => {
    const { engine } = await outerEngine()
    const done = progressWhere(engine, (p) => p.state !== 'running')
    value(await call(engine, 'validation:rehearse', { days: 1, seed: 2 }))
    const end = await done
    expect(end).toMatchObject({ state: 'done', day: 1, days: 1 })
    expect(end.message).toMatch(/Done: 1 days? rehearsed, the plan is in phase 1/)
    expect(existsSync(path.join(end.outDir as string, 'validation.json'))).toBe(true)
    expect(existsSync(path.join(end.outDir as string, 'data'))).toBe(false)
    // Stop after the end answers how it ended.
    expect(value(await call(engine, 'validation:rehearse-stop', {}))).toEqual(end)
  })

  it('refuses bad input with the reason and changes nothing', async () => {
    const { engine, events } = await outerEngine()
    const cases: [unknown, RegExp][] = [
      [{ days: 0, seed: 1 }, /days: must be at least 1 day/],
      [{ days: 91, seed: 1 }, /days: must be at most 90 days/],
      [{ days: 2, seed: 1.5 }, /seed: must be a whole number/],
      [{ days: 2, seed: 1, strategy: 'nope' }, /no strategy "nope"; the strategies are sma-cross/],
    ]
    for (const [payload, reason] of cases) {
      const answer = await call(engine, 'validation:rehearse', payload)
      expect(answer.ok).toBe(false)
      if (!answer.ok) expect(answer.error.message).toMatch(reason)
    }
    const stop = await call(engine, 'validation:rehearse-stop', {})
    expect(stop.ok).toBe(false)
    if (!stop.ok) expect(stop.error.message).toMatch(/No rehearsal is running/)
    expect(events).toEqual([])
  })
})
