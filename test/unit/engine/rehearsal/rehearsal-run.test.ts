/**
 * A rehearsal's day: drills started on their day while the clock keeps moving, each day's
 * report made at its end, and a stop that ends it cleanly at the next minute.
 */
import { readdirSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { rehearse } from '../../../../electron/engine'
import { verifyJournal } from '../../../../electron/engine/journal'
import { cleanup, journalOnDisk, tempDir, testEngine } from '../../../kit/engine'

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach(cleanup))

const base = (dataDir: string) => ({
  dataDir,
  seed: 5,
  symbols: ['BTC-USD', 'SOL-USD'] as ('BTC-USD' | 'SOL-USD')[],
  strategyId: 'sma-cross',
  quantity: { 'BTC-USD': '0.0005', 'SOL-USD': '0.2' },
  // These are about the drills, the reports and the stop: without the plan.
  plan: false,
})

// Whole engine over two or three days of minutes: seconds, more on a busy machine.
describe('rehearsal days', { timeout: 60_000 }, () => {
  it('runs a drill on its day while the clock keeps jumping, and makes each day’s report', async () => {
    const dir = tempDir()
    dirs.push(dir)
    const report = await rehearse({
      ...base(dir),
      days: 2,
      drillDays: [{ day: 2, kind: 'broker_outage' }],
      reports: 'daily',
    })
    expect(report.state).toBe('done')
    expect(report.drills).toHaveLength(1)
    const drill = report.drills[0]?.result
    expect(drill?.kind).toBe('broker_outage')
    expect(drill?.outcome).toBe('recovered')
    // Detected and over within minutes of the day's start: the clock moved on while it ran.
    const dayTwo = Date.UTC(2026, 0, 2)
    expect(drill?.startedAt).toBe(dayTwo)
    expect((drill?.detectedAfterMs ?? 0) + (drill?.recoveredAfterMs ?? 0)).toBeLessThan(10 * 60_000)
    const completed = journalOnDisk<{ type: string; payload: { outcome?: string } }>(dir).filter(
      (r) => r.type === 'drill.completed',
    )
    expect(completed.map((r) => r.payload.outcome)).toEqual(['recovered'])
    // Each day's report, made at its end.
    expect(report.reports).toEqual({ made: 2, failed: [] })
    const saved = readdirSync(path.join(dir, 'reports'))
    for (const day of ['2026-01-01', '2026-01-02'])
      expect(saved.some((f) => f.startsWith(day) && f.endsWith('.html'))).toBe(true)
    expect((await verifyJournal(path.join(dir, 'journal'))).ok).toBe(true)
  })

  it('stops at the next minute when its signal is aborted, and closes its engine cleanly', async () => {
    const dir = tempDir()
    dirs.push(dir)
    const abort = new AbortController()
    const days: number[] = []
    const report = await rehearse({
      ...base(dir),
      days: 3,
      drillDays: [],
      reports: 'none',
      signal: abort.signal,
      onProgress: (day) => {
        days.push(day)
        abort.abort()
      },
    })
    expect(report.state).toBe('stopped')
    expect(report.daysRun).toBe(1)
    expect(days).toEqual([1])
    // Closed: the journal verifies to its last record and the folder opens again (unlocked).
    const verified = await verifyJournal(path.join(dir, 'journal'))
    expect(verified.ok).toBe(true)
    // Closing added two records: the engine's stop, and the one that vouches for the snapshot.
    expect(verified.records).toBe(report.journalRecords + 2)
    const { engine } = await testEngine(dir)
    await engine.close()
  })
})
